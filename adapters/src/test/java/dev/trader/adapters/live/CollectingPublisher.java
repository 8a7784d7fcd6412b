package dev.trader.adapters.live;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.ConnectionEventDecoder;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A thread-safe {@link EventPublisher} standing in for the ring: validates and keeps a copy of every event and decodes
 * RawMessage, ConnectionEvent and InputReject into records for assertions; waits are bounded.
 */
final class CollectingPublisher implements EventPublisher
{
    record Raw(long receiveTsNs, int instrumentId, int connectionId, long sequence, boolean rest, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    record State(long receiveTsNs, int instrumentId, int connectionId, ConnectionState state, int attempt, long delayMs, String detail)
    {
    }

    record Reject(RejectReason reason, long reference, String detail)
    {
    }

    private final List<Object> events = new ArrayList<>();
    private final EventValidator validator = new EventValidator();
    private final List<String> invalid = new ArrayList<>();
    private long lastTs = Long.MIN_VALUE;
    private boolean timeWentBack;

    @Override
    public synchronized void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy, 0, length);
        final UnsafeBuffer b = new UnsafeBuffer(copy);
        if (!validator.isValid(b, 0, length))
        {
            invalid.add(validator.lastError());
        }
        final long ts = Events.receiveTsNs(b, 0);
        if (ts < lastTs)
        {
            timeWentBack = true;
        }
        lastTs = ts;
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(b, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case RawMessageDecoder.TEMPLATE_ID:
            {
                final RawMessageDecoder d = new RawMessageDecoder().wrap(b, body, header.blockLength(), header.version());
                final byte[] payload = new byte[d.payloadLength()];
                final Raw r = new Raw(d.receiveTsNs(), d.instrumentId(), d.connectionId(), d.sequence(), d.isRest() == BooleanType.T,
                    payload);
                d.getPayload(payload, 0, payload.length);
                events.add(r);
                break;
            }
            case ConnectionEventDecoder.TEMPLATE_ID:
            {
                final ConnectionEventDecoder d = new ConnectionEventDecoder().wrap(b, body, header.blockLength(), header.version());
                events.add(new State(d.receiveTsNs(), d.instrumentId(), d.connectionId(), d.state(), d.attempt(), d.delayMs(), d.detail()));
                break;
            }
            case InputRejectDecoder.TEMPLATE_ID:
            {
                final InputRejectDecoder d = new InputRejectDecoder().wrap(b, body, header.blockLength(), header.version());
                d.source();
                events.add(new Reject(d.reason(), d.reference(), d.detail()));
                break;
            }
            default:
                events.add(copy);
        }
        notifyAll();
    }

    synchronized List<Object> all()
    {
        return new ArrayList<>(events);
    }

    synchronized List<Raw> raws()
    {
        final List<Raw> result = new ArrayList<>();
        for (final Object o : events)
        {
            if (o instanceof Raw r)
            {
                result.add(r);
            }
        }
        return result;
    }

    /** WebSocket frames only. */
    synchronized List<Raw> frames()
    {
        final List<Raw> result = new ArrayList<>();
        for (final Raw r : raws())
        {
            if (!r.rest())
            {
                result.add(r);
            }
        }
        return result;
    }

    synchronized List<State> states()
    {
        final List<State> result = new ArrayList<>();
        for (final Object o : events)
        {
            if (o instanceof State s)
            {
                result.add(s);
            }
        }
        return result;
    }

    synchronized List<ConnectionState> stateNames()
    {
        final List<ConnectionState> result = new ArrayList<>();
        for (final State s : states())
        {
            result.add(s.state());
        }
        return result;
    }

    synchronized List<Reject> rejects()
    {
        final List<Reject> result = new ArrayList<>();
        for (final Object o : events)
        {
            if (o instanceof Reject r)
            {
                result.add(r);
            }
        }
        return result;
    }

    synchronized long count(final ConnectionState state)
    {
        return states().stream().filter(s -> s.state() == state).count();
    }

    synchronized List<String> invalid()
    {
        return new ArrayList<>(invalid);
    }

    synchronized boolean timeWentBack()
    {
        return timeWentBack;
    }

    /** Waits (bounded) until {@code condition} holds over the events; returns whether it did. */
    synchronized boolean await(final Predicate<CollectingPublisher> condition, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.test(this))
        {
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            wait(Math.min(left, 50));
        }
        return true;
    }

    boolean awaitState(final ConnectionState state, final long count, final long timeoutMs) throws InterruptedException
    {
        return await(p -> p.count(state) >= count, timeoutMs);
    }

    boolean awaitFrames(final int count, final long timeoutMs) throws InterruptedException
    {
        return await(p -> p.frames().size() >= count, timeoutMs);
    }
}
