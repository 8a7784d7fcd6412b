package dev.trader.journal;

import net.openhft.chronicle.wire.Wires;

/**
 * The layout of one journal frame (journal format 2) inside the queue file. Chronicle Queue writes each excerpt as
 * a 4-byte little-endian header (30-bit length, {@link Wires#META_DATA} and {@link Wires#NOT_COMPLETE} flags) at a
 * 4-byte aligned position, then the excerpt; ours is
 *
 * <pre>
 *   0 int crc32c   CRC32C of bytes 4..length (sequence and event)
 *   4 int sequence the frame's number in the journal, 0, 1, 2, ... (low 32 bits)
 *   8 ...          the event: SBE message header and body, exactly as the engine saw it
 * </pre>
 */
final class JournalFrame
{
    static final int CRC_OFFSET = 0;
    static final int SEQUENCE_OFFSET = 4;
    static final int PREFIX_BYTES = 8;
    static final int HEADER_BYTES = Wires.SPB_HEADER_SIZE;
    /** The largest event a journal holds; a header claiming more is damage, not a frame to allocate for. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private JournalFrame()
    {
    }

    /** The position of the header after an excerpt of {@code length} bytes whose header is at {@code position}. */
    static long next(final long position, final int length)
    {
        return (position + HEADER_BYTES + length + 3) & ~3L;
    }

    /** The full sequence number closest at or after {@code expected} whose low 32 bits are {@code low}. */
    static long sequenceAtOrAfter(final long expected, final int low)
    {
        return expected + ((low - (int)expected) & 0xFFFF_FFFFL);
    }
}
