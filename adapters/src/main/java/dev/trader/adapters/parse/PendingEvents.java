package dev.trader.adapters.parse;

import dev.trader.engine.Emitter;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * Events a parser has encoded for the message in hand but not yet published. A parser encodes every event of a
 * message here first and publishes them only when the whole message proved valid, so a message is either entirely
 * parsed or entirely rejected: nothing half-applied reaches the book. Publishing copies each event into a claim of
 * exactly its length.
 *
 * <p>The scratch buffer and index arrays grow only when a message produces more bytes or events than any before it,
 * so steady state allocates nothing.
 */
public final class PendingEvents
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8192);
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int count;
    private int position;

    /** The scratch buffer; encode the next event at {@link #position()}. */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** Where the next event is to be encoded. */
    public int position()
    {
        return position;
    }

    /** Records the event just encoded at {@link #position()} as {@code length} bytes long (header included). */
    public void add(final int length)
    {
        if (count == offsets.length)
        {
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = position;
        lengths[count] = length;
        count++;
        position += length;
    }

    /** Number of events waiting. */
    public int count()
    {
        return count;
    }

    /** Drops every waiting event. */
    public void clear()
    {
        count = 0;
        position = 0;
    }

    /**
     * Publishes the waiting events in order, then clears.
     *
     * @return how many events were published
     */
    public int publishTo(final Emitter emitter)
    {
        final int n = count;
        for (int i = 0; i < n; i++)
        {
            final int length = lengths[i];
            final int at = emitter.claim(length);
            emitter.buffer().putBytes(at, buffer, offsets[i], length);
            emitter.commit(length);
        }
        clear();
        return n;
    }
}
