package dev.trader.engine.book;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Depth diffs held while a book waits for a snapshot to bridge them: whole encoded events, oldest first, at most
 * {@code capacity} of them (when full, the oldest is dropped and counted). The bytes live in one growable buffer that
 * is compacted when mostly garbage, so after warm-up buffering allocates nothing.
 */
final class PendingDiffs
{
    private final ExpandableArrayBuffer data = new ExpandableArrayBuffer(64 * 1024);
    private final int[] offsets;
    private final int[] lengths;
    private final int capacity;
    private int head;
    private int size;
    private int writePosition;

    PendingDiffs(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("buffered updates capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.offsets = new int[capacity];
        this.lengths = new int[capacity];
    }

    int size()
    {
        return size;
    }

    /**
     * Appends a copy of an encoded event.
     *
     * @return true when the buffer was full and its oldest event was dropped to make room.
     */
    boolean add(final DirectBuffer buffer, final int offset, final int length)
    {
        boolean dropped = false;
        if (size == capacity)
        {
            removeFirst();
            dropped = true;
        }
        if (size == 0)
        {
            writePosition = 0;
        }
        else if (writePosition + length > data.capacity())
        {
            final int start = offsets[head];
            final int live = writePosition - start;
            // compact when at least half the bytes are garbage; otherwise let the buffer grow
            if (start >= live)
            {
                data.putBytes(0, data, start, live);
                for (int i = 0, k = head; i < size; i++, k = next(k))
                {
                    offsets[k] -= start;
                }
                writePosition = live;
            }
        }
        final int slot = (head + size) % capacity;
        data.putBytes(writePosition, buffer, offset, length);
        offsets[slot] = writePosition;
        lengths[slot] = length;
        writePosition += length;
        size++;
        return dropped;
    }

    MutableDirectBuffer buffer()
    {
        return data;
    }

    /** Offset in {@link #buffer()} of the oldest event. */
    int firstOffset()
    {
        return offsets[head];
    }

    /** Length of the oldest event. */
    int firstLength()
    {
        return lengths[head];
    }

    void removeFirst()
    {
        if (size == 0)
        {
            return;
        }
        head = next(head);
        size--;
        if (size == 0)
        {
            head = 0;
            writePosition = 0;
        }
    }

    void clear()
    {
        head = 0;
        size = 0;
        writePosition = 0;
    }

    private int next(final int k)
    {
        return k + 1 == capacity ? 0 : k + 1;
    }
}
