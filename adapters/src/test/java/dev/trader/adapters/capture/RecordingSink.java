package dev.trader.adapters.capture;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test sink: checks every frame is a valid event and decodes RawMessage and InputReject events into records. */
final class RecordingSink implements EventSink
{
    record Raw(long exchangeTsNs, long receiveTsNs, int instrumentId, VenueCode venue, int connectionId, long sequence,
               boolean isRest, String payload)
    {
    }

    record Rejected(long exchangeTsNs, long receiveTsNs, int instrumentId, String source, RejectReason reason, long reference,
                    String detail, String raw)
    {
    }

    private final EventValidator validator = new EventValidator();
    private final RawMessageDecoder raw = new RawMessageDecoder();
    private final InputRejectDecoder reject = new InputRejectDecoder();
    private final List<Object> events = new ArrayList<>();

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!validator.isValid(buffer, offset, length))
        {
            throw new AssertionError("invalid event frame: " + validator.lastError());
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final UnsafeBuffer b = new UnsafeBuffer(copy);
        final int templateId = Events.templateId(b, 0);
        if (templateId == RawMessageDecoder.TEMPLATE_ID)
        {
            raw.wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0), Events.version(b, 0));
            final long exchangeTs = raw.exchangeTsNs();
            final long receiveTs = raw.receiveTsNs();
            final int instrumentId = raw.instrumentId();
            final VenueCode venue = raw.venue();
            final int connection = raw.connectionId();
            final long sequence = raw.sequence();
            final boolean rest = raw.isRest() == BooleanType.T;
            final byte[] payload = new byte[raw.payloadLength()];
            raw.getPayload(payload, 0, payload.length);
            events.add(new Raw(exchangeTs, receiveTs, instrumentId, venue, connection, sequence, rest,
                new String(payload, StandardCharsets.UTF_8)));
        }
        else if (templateId == InputRejectDecoder.TEMPLATE_ID)
        {
            reject.wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0), Events.version(b, 0));
            final long exchangeTs = reject.exchangeTsNs();
            final long receiveTs = reject.receiveTsNs();
            final int instrumentId = reject.instrumentId();
            final String source = reject.source().trim();
            final RejectReason reason = reject.reason();
            final long reference = reject.reference();
            final String detail = reject.detail();
            final byte[] bytes = new byte[reject.rawLength()];
            reject.getRaw(bytes, 0, bytes.length);
            events.add(new Rejected(exchangeTs, receiveTs, instrumentId, source, reason, reference, detail,
                new String(bytes, StandardCharsets.UTF_8)));
        }
        else
        {
            throw new AssertionError("unexpected template " + templateId);
        }
    }

    List<Object> events()
    {
        return events;
    }

    List<Raw> raws()
    {
        final List<Raw> result = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Raw r)
            {
                result.add(r);
            }
        }
        return result;
    }

    List<Rejected> rejects()
    {
        final List<Rejected> result = new ArrayList<>();
        for (final Object e : events)
        {
            if (e instanceof Rejected r)
            {
                result.add(r);
            }
        }
        return result;
    }
}
