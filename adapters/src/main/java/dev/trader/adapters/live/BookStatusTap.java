package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;

/**
 * An output sink (teed beside the output journal) that recognises BookStatus events and hands {@code (instrumentId,
 * state, reason)} to a {@link ResyncRequests} port. Runs on the engine thread: decodes in place, allocates nothing, and the
 * port only enqueues.
 */
public final class BookStatusTap implements EventSink
{
    private final ResyncRequests requests;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookStatusDecoder status = new BookStatusDecoder();
    private long seen;

    public BookStatusTap(final ResyncRequests requests)
    {
        this.requests = requests;
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != BookStatusDecoder.TEMPLATE_ID)
        {
            return;
        }
        status.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        seen++;
        requests.onBookStatus(status.instrumentId(), status.state(), status.reason());
    }

    /** BookStatus events seen (engine thread; read after the run). */
    public long seen()
    {
        return seen;
    }
}
