package dev.trader.engine.book;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PendingDiffs} byte by byte: FIFO order, the oldest dropped when full, and compaction of the 64 KiB buffer
 * when at least half of it is garbage (found loose by the mutation profile: the stage tests never filled it).
 */
class PendingDiffsTest
{
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private static UnsafeBuffer event(final char fill, final int length)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)fill);
        bytes[length - 1] = '#';
        return new UnsafeBuffer(bytes);
    }

    /** The oldest event's bytes, checked for its fill and its last byte, and its offset. */
    private static void assertFirst(final PendingDiffs p, final char fill, final int length, final int offset)
    {
        assertEquals(offset, p.firstOffset(), "offset");
        assertEquals(length, p.firstLength(), "length");
        assertEquals((byte)fill, p.buffer().getByte(p.firstOffset()));
        assertEquals((byte)fill, p.buffer().getByte(p.firstOffset() + length - 2));
        assertEquals((byte)'#', p.buffer().getByte(p.firstOffset() + length - 1));
    }

    @Test
    void shouldKeepEventsInOrderAndDropTheOldestWhenFull()
    {
        final PendingDiffs p = new PendingDiffs(2);
        assertFalse(p.add(event('a', 10), 0, 10));
        assertFalse(p.add(event('b', 7), 0, 7));
        assertTrue(p.add(event('c', 5), 0, 5), "full: 'a' is dropped");
        assertEquals(2, p.size());
        assertFirst(p, 'b', 7, 10);
        p.removeFirst();
        assertFirst(p, 'c', 5, 17);
        p.removeFirst();
        assertEquals(0, p.size());
        p.removeFirst();
        assertEquals(0, p.size(), "removing from empty is a no-op");
        p.add(event('d', 3), 0, 3);
        assertFirst(p, 'd', 3, 0);
    }

    @Test
    void shouldAcceptACapacityOfOne()
    {
        final PendingDiffs p = new PendingDiffs(1);
        assertFalse(p.add(event('a', 4), 0, 4));
        assertTrue(p.add(event('b', 4), 0, 4));
        assertFirst(p, 'b', 4, 0);
        assertThrows(IllegalArgumentException.class, () -> new PendingDiffs(0));
    }

    /**
     * 'a' and 'b' of 20,000 bytes, 'a' taken: 20,000 bytes of garbage before 20,000 live ones. 'c' of 30,000 does not
     * fit (40,000 + 30,000 > 65,536) and garbage >= live, so 'b' moves to offset 0 and 'c' follows at 20,000; the
     * buffer does not grow. Kills the mutants of the fit test, the 'start >= live' boundary, the copy, the offset
     * shift and the new write position.
     */
    @Test
    void shouldCompactInsteadOfGrowingWhenHalfTheBytesAreGarbage()
    {
        final PendingDiffs p = new PendingDiffs(8);
        p.add(event('a', 20_000), 0, 20_000);
        p.add(event('b', 20_000), 0, 20_000);
        p.removeFirst();
        assertFirst(p, 'b', 20_000, 20_000);
        p.add(event('c', 30_000), 0, 30_000);
        assertEquals(INITIAL_CAPACITY, p.buffer().capacity(), "compacted, not grown");
        assertFirst(p, 'b', 20_000, 0);
        p.removeFirst();
        assertFirst(p, 'c', 30_000, 20_000);
    }

    /** Less garbage than live bytes: the buffer grows and nothing moves. */
    @Test
    void shouldGrowWhenMostBytesAreLive()
    {
        final PendingDiffs p = new PendingDiffs(8);
        p.add(event('a', 10_000), 0, 10_000);
        p.add(event('b', 20_000), 0, 20_000);
        p.add(event('c', 20_000), 0, 20_000);
        p.removeFirst();
        p.add(event('d', 30_000), 0, 30_000);
        assertTrue(p.buffer().capacity() > INITIAL_CAPACITY);
        assertFirst(p, 'b', 20_000, 10_000);
        p.removeFirst();
        assertFirst(p, 'c', 20_000, 30_000);
        p.removeFirst();
        assertFirst(p, 'd', 30_000, 50_000);
    }
}
