package dev.trader.engine.book;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.engine.Emitter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/** An {@link Emitter} for tests: keeps what a stage emits and decodes BookStatus events. */
final class CollectingEmitter implements Emitter
{
    /** A decoded BookStatus event. */
    record Status(int instrumentId, BookState state, BookStatusReason reason, long lastUpdateId, long expectedUpdateId,
        long receivedUpdateId, String detail)
    {
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
    private final List<int[]> events = new ArrayList<>();
    private int position;
    private int claimed = -1;

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimed >= 0)
        {
            throw new IllegalStateException("claim without commit");
        }
        if (position + maxLength > buffer.capacity())
        {
            throw new IllegalStateException("test emitter full; clear() it");
        }
        claimed = position;
        return position;
    }

    @Override
    public void commit(final int length)
    {
        events.add(new int[]{claimed, length});
        position = claimed + length;
        claimed = -1;
    }

    int count()
    {
        return events.size();
    }

    void clear()
    {
        events.clear();
        position = 0;
    }

    List<Status> statuses()
    {
        final List<Status> out = new ArrayList<>();
        final BookStatusDecoder d = new BookStatusDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(buffer, e[0]) != BookStatusDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(buffer, e[0] + Events.HEADER_LENGTH, Events.blockLength(buffer, e[0]), Events.version(buffer, e[0]));
            out.add(new Status(d.instrumentId(), d.state(), d.reason(), d.lastUpdateId(), d.expectedUpdateId(),
                d.receivedUpdateId(), d.detail()));
        }
        return out;
    }

    /** The last BookStatus emitted, or null. */
    Status last()
    {
        final List<Status> s = statuses();
        return s.isEmpty() ? null : s.get(s.size() - 1);
    }
}
