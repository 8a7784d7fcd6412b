package dev.trader.journal;

import dev.trader.codecs.EventFormatter;
import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints a journal's events as readable lines: {@code index time Type field=value ...}; a damaged stretch is a line
 * {@code DAMAGED <what and where>} in its place.
 */
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
        return dump(dir, type, limit, null, out).printed();
    }

    /** Lines printed, and what the reader found about the journal's integrity up to where the dump stopped. */
    public record Result(long printed, JournalIntegrity integrity)
    {
    }

    /**
     * As {@link #dump(Path, EventType, long, PrintStream)}, printing prices, quantities and money as decimals for the
     * instruments in {@code instruments} (raw mantissas when null or unknown).
     */
    public static Result dump(
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
        try (JournalReader reader = new JournalReader(dir, (damage, raw, offset, length) ->
        {
            out.println("DAMAGED " + damage.describe());
            printed[0]++;
        }))
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
            return new Result(printed[0], reader.integrity());
        }
    }
}
