package dev.trader.adapters.parse;

import dev.trader.engine.Emitter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * An {@link Emitter} that keeps what a parser emits for one message, so the parse stage can check the events before
 * any of them reaches the pipeline. Its capacity and its claim accounting (a 4-byte frame per event) are the
 * pipeline arena's, so a parser's "does it fit" decisions are the same as when it emits into the arena directly.
 * Grows only when a message produces more events than any before it; no allocation in steady state.
 */
final class ScratchEmitter implements Emitter
{
    private static final int FRAME = 4;

    private UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private int count;
    private int position;
    private int claimedAt = -1;

    /** Empties the scratch and makes it {@code capacity} bytes (the pipeline arena's), allocating only on a change. */
    void reset(final int capacity)
    {
        if (buffer.capacity() != capacity)
        {
            buffer = new UnsafeBuffer(new byte[capacity]);
        }
        count = 0;
        position = 0;
        claimedAt = -1;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("claim while a previous claim is not committed");
        }
        if ((long)position + FRAME + maxLength > buffer.capacity())
        {
            throw new IllegalStateException("emit arena overflow: " + ((long)position + FRAME + maxLength)
                + " bytes needed for one input, arenaBytes is " + buffer.capacity());
        }
        claimedAt = position;
        return position + FRAME;
    }

    @Override
    public void commit(final int length)
    {
        if (claimedAt < 0)
        {
            throw new IllegalStateException("commit without claim");
        }
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = claimedAt + FRAME;
        lengths[count] = length;
        count++;
        position = claimedAt + FRAME + length;
        claimedAt = -1;
    }

    /** True when a claim is open (the parser failed between claim and commit). */
    boolean claimOpen()
    {
        return claimedAt >= 0;
    }

    int count()
    {
        return count;
    }

    int offset(final int index)
    {
        return offsets[index];
    }

    int length(final int index)
    {
        return lengths[index];
    }

    /** Copies every committed event, in order, into {@code emitter}. */
    void publishTo(final Emitter emitter)
    {
        for (int i = 0; i < count; i++)
        {
            final int length = lengths[i];
            final int at = emitter.claim(length);
            emitter.buffer().putBytes(at, buffer, offsets[i], length);
            emitter.commit(length);
        }
    }
}
