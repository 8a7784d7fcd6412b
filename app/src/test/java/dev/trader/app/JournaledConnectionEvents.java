package dev.trader.app;

import dev.trader.codecs.sbe.ConnectionEventDecoder;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The ConnectionEvents of a recorded input journal, decoded, in journal order. */
final class JournaledConnectionEvents
{
    record Event(ConnectionState state, int attempt, long delayMs, String detail)
    {
    }

    private JournaledConnectionEvents()
    {
    }

    static List<Event> read(final Path journal)
    {
        final List<Event> events = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
                if (header.templateId() == ConnectionEventDecoder.TEMPLATE_ID)
                {
                    final byte[] copy = new byte[length];
                    buffer.getBytes(offset, copy, 0, length);
                    final ConnectionEventDecoder e = new ConnectionEventDecoder().wrap(new UnsafeBuffer(copy),
                        MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    events.add(new Event(e.state(), e.attempt(), e.delayMs(), e.detail()));
                }
            });
        }
        return events;
    }
}
