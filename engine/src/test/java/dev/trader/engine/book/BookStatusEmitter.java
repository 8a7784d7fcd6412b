package dev.trader.engine.book;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.engine.testing.CollectingEmitter;

import java.util.ArrayList;
import java.util.List;

/** A {@link CollectingEmitter} that decodes the BookStatus events a book stage emits. */
final class BookStatusEmitter extends CollectingEmitter
{
    /** A decoded BookStatus event. */
    record Status(int instrumentId, BookState state, BookStatusReason reason, long lastUpdateId, long expectedUpdateId,
        long receivedUpdateId, String detail)
    {
    }

    List<Status> statuses()
    {
        final List<Status> out = new ArrayList<>();
        final BookStatusDecoder d = new BookStatusDecoder();
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) != BookStatusDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
