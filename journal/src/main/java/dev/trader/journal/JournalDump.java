package dev.trader.journal;

import dev.trader.codecs.EventFormatter;
import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;

import java.io.PrintStream;
import java.nio.file.Path;

/** Prints a journal's events as readable lines: {@code index time Type field=value ...}. */
public final class JournalDump
{
    private JournalDump()
    {
    }

    /**
     * @param type  only events of this type, or null for all
     * @param limit at most this many lines (after filtering); negative for no limit
     * @return the number of lines printed
     */
    public static long dump(final Path dir, final EventType type, final long limit, final PrintStream out)
    {
        return dump(dir, type, limit, null, out);
    }

    /**
     * As {@link #dump(Path, EventType, long, PrintStream)}, printing prices, quantities and money as decimals for the
     * instruments in {@code instruments} (raw mantissas when null or unknown).
     */
    public static long dump(
        final Path dir,
        final EventType type,
        final long limit,
        final InstrumentRegistry instruments,
        final PrintStream out)
    {
        final EventFormatter formatter = new EventFormatter(id ->
        {
            final Instrument i = instruments == null ? null : instruments.byId(id);
            return i == null ? null : new int[]{i.priceExponent(), i.qtyExponent(), i.quoteExponent()};
        });
        final EventValidator validator = new EventValidator();
        final long[] printed = {0};
        try (JournalReader reader = new JournalReader(dir))
        {
            final JournalReader.FrameHandler handler = (buffer, offset, length, index) ->
            {
                if (!validator.isValid(buffer, offset, length))
                {
                    if (type == null)
                    {
                        out.println(printed[0] + " INVALID frame of " + length + " bytes: " + validator.lastError());
                        printed[0]++;
                    }
                    return;
                }
                if (type != null && Events.templateId(buffer, offset) != type.templateId())
                {
                    return;
                }
                out.println(formatter.format(buffer, offset, length));
                printed[0]++;
            };
            while ((limit < 0 || printed[0] < limit) && reader.readNext(handler))
            {
                // handler prints
            }
        }
        return printed[0];
    }
}
