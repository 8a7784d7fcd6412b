package dev.trader.adapters.binance;

import dev.trader.codecs.EventValidator;
import dev.trader.engine.Emitter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Emitter} like the pipeline's arena (same claim/commit rules, same overflow exception) that keeps a copy
 * of every committed event and checks each is one valid event of the schema.
 */
final class RecordingEmitter implements Emitter
{
    private static final int LENGTH_PREFIX = 4;

    private final UnsafeBuffer arena;
    private final EventValidator validator = new EventValidator();
    private final List<byte[]> events = new ArrayList<>();
    private final boolean keep;
    private int position;
    private int claimedAt = -1;
    private long committed;

    RecordingEmitter(final int capacity)
    {
        this(capacity, true);
    }

    /** @param keep false to count and validate only (no copies: for allocation measurements) */
    RecordingEmitter(final int capacity, final boolean keep)
    {
        this.arena = new UnsafeBuffer(new byte[capacity]);
        this.keep = keep;
    }

    /** Starts a new input: the arena is reused, as the pipeline does after each input. */
    void reset()
    {
        if (claimedAt >= 0)
        {
            throw new AssertionError("the parser claimed space and did not commit");
        }
        position = 0;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return arena;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("claim while a previous claim is not committed");
        }
        if (position + LENGTH_PREFIX + maxLength > arena.capacity())
        {
            throw new IllegalStateException("emit arena overflow: " + (position + LENGTH_PREFIX + maxLength) + " bytes needed");
        }
        claimedAt = position;
        return position + LENGTH_PREFIX;
    }

    @Override
    public void commit(final int length)
    {
        if (claimedAt < 0)
        {
            throw new IllegalStateException("commit without claim");
        }
        final int offset = claimedAt + LENGTH_PREFIX;
        if (!validator.isValid(arena, offset, length))
        {
            throw new AssertionError("invalid event: " + validator.lastError());
        }
        if (keep)
        {
            final byte[] copy = new byte[length];
            arena.getBytes(offset, copy);
            events.add(copy);
        }
        committed++;
        position = offset + length;
        claimedAt = -1;
    }

    boolean claimOutstanding()
    {
        return claimedAt >= 0;
    }

    List<byte[]> events()
    {
        return events;
    }

    long committed()
    {
        return committed;
    }

    void clear()
    {
        events.clear();
        committed = 0;
        position = 0;
        claimedAt = -1;
    }
}
