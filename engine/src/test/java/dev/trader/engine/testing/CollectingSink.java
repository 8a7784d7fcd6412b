package dev.trader.engine.testing;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An {@link EventSink} that keeps a copy of every event it receives, in order, for assertions: use it as a
 * pipeline's input or output sink. Each event is copied (header included) into its own {@code byte[]}, so the
 * copies stay valid after the pipeline reuses its buffers.
 *
 * <p>Writes happen on the thread that runs the pipeline (the engine thread behind a ring); read the results after
 * that thread has finished, e.g. after {@code Engine.awaitEndOfStream}, which orders the reads after the writes.
 */
public final class CollectingSink implements EventSink
{
    private final List<byte[]> events = new ArrayList<>();
    private int endOfStreamCalls;

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        events.add(TestEvents.copy(buffer, offset, length));
    }

    @Override
    public void onEndOfStream()
    {
        endOfStreamCalls++;
    }

    /** Every event received so far, in order (a read-only view; each element is one whole encoded event). */
    public List<byte[]> events()
    {
        return Collections.unmodifiableList(events);
    }

    public int size()
    {
        return events.size();
    }

    /** The {@code index}-th event wrapped in a buffer (offset 0, capacity = its length). */
    public UnsafeBuffer event(final int index)
    {
        return new UnsafeBuffer(events.get(index));
    }

    /** Template id of the {@code index}-th event. */
    public int templateId(final int index)
    {
        return Events.templateId(new UnsafeBuffer(events.get(index)), 0);
    }

    /** Template ids of all events, in order. */
    public List<Integer> templateIds()
    {
        final List<Integer> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++)
        {
            ids.add(templateId(i));
        }
        return ids;
    }

    /** The events of one template id, in order. */
    public List<byte[]> eventsOf(final int templateId)
    {
        final List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < events.size(); i++)
        {
            if (templateId(i) == templateId)
            {
                result.add(events.get(i));
            }
        }
        return result;
    }

    /** Every Bar received, decoded, in order (other templates skipped). */
    public List<DecodedBar> bars()
    {
        final List<DecodedBar> bars = new ArrayList<>();
        for (final byte[] bytes : eventsOf(BarDecoder.TEMPLATE_ID))
        {
            bars.add(DecodedBar.decode(bytes));
        }
        return bars;
    }

    /** Bars of one interval, decoded, in order. */
    public List<DecodedBar> bars(final long intervalNs)
    {
        final List<DecodedBar> result = new ArrayList<>();
        for (final DecodedBar bar : bars())
        {
            if (bar.intervalNs() == intervalNs)
            {
                result.add(bar);
            }
        }
        return result;
    }

    /** How many times {@link #onEndOfStream()} was called (a pipeline calls it once). */
    public int endOfStreamCalls()
    {
        return endOfStreamCalls;
    }

    /**
     * True when both sinks hold the same events, byte for byte, in the same order.
     */
    public boolean sameEventsAs(final CollectingSink other)
    {
        if (events.size() != other.events.size())
        {
            return false;
        }
        for (int i = 0; i < events.size(); i++)
        {
            if (!Arrays.equals(events.get(i), other.events.get(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Forgets everything received. */
    public void clear()
    {
        events.clear();
        endOfStreamCalls = 0;
    }
}
