package dev.trader.engine.testing;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.engine.Emitter;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Emitter} for driving a stage directly in tests: keeps every committed event in one buffer, in order, and
 * gives each event's position so a test can wrap a decoder on it:
 *
 * <pre>
 *   d.wrap(emitter.buffer(), emitter.bodyOffset(i), emitter.blockLength(i), emitter.version(i));
 * </pre>
 *
 * Optionally checks every committed event with the {@link EventValidator} (an invalid event fails the test with an
 * {@link AssertionError}). Test harnesses extend it so they can be passed as the stage's emitter themselves.
 */
public class CollectingEmitter implements Emitter
{
    private final UnsafeBuffer out;
    private final EventValidator validator;
    private final IntArrayList offsets = new IntArrayList();
    private final IntArrayList lengths = new IntArrayList();
    private int position;
    private int claimed = -1;

    /** 1 MiB, no validation. */
    public CollectingEmitter()
    {
        this(1 << 20, false);
    }

    /**
     * @param capacity bytes kept before {@link #clear()} is needed
     * @param validate check every committed event with the {@link EventValidator}
     */
    public CollectingEmitter(final int capacity, final boolean validate)
    {
        this.out = new UnsafeBuffer(new byte[capacity]);
        this.validator = validate ? new EventValidator() : null;
    }

    @Override
    public final MutableDirectBuffer buffer()
    {
        return out;
    }

    @Override
    public final int claim(final int maxLength)
    {
        if (claimed >= 0)
        {
            throw new IllegalStateException("claim without commit");
        }
        if (position + maxLength > out.capacity())
        {
            throw new IllegalStateException("test emitter full; clear() it");
        }
        claimed = position;
        return position;
    }

    @Override
    public final void commit(final int length)
    {
        if (validator != null && !validator.isValid(out, claimed, length))
        {
            throw new AssertionError("emitted an invalid event: " + validator.lastError());
        }
        offsets.addInt(claimed);
        lengths.addInt(length);
        position = claimed + length;
        claimed = -1;
    }

    /** Number of events committed since the last {@link #clear()}. */
    public final int count()
    {
        return offsets.size();
    }

    /** Forgets every event. */
    public void clear()
    {
        offsets.clear();
        lengths.clear();
        position = 0;
    }

    /** Offset of the {@code index}-th event's header in {@link #buffer()}. */
    public final int offset(final int index)
    {
        return offsets.getInt(index);
    }

    /** Committed length of the {@code index}-th event, header included. */
    public final int length(final int index)
    {
        return lengths.getInt(index);
    }

    /** Template id of the {@code index}-th event. */
    public final int templateId(final int index)
    {
        return Events.templateId(out, offsets.getInt(index));
    }

    /** Template ids of all events, in order. */
    public final List<Integer> templateIds()
    {
        final List<Integer> ids = new ArrayList<>(offsets.size());
        for (int i = 0; i < offsets.size(); i++)
        {
            ids.add(templateId(i));
        }
        return ids;
    }

    /** Offset of the {@code index}-th event's root block (just after the header). */
    public final int bodyOffset(final int index)
    {
        return offsets.getInt(index) + Events.HEADER_LENGTH;
    }

    /** Block length from the {@code index}-th event's header. */
    public final int blockLength(final int index)
    {
        return Events.blockLength(out, offsets.getInt(index));
    }

    /** Schema version from the {@code index}-th event's header. */
    public final int version(final int index)
    {
        return Events.version(out, offsets.getInt(index));
    }
}
