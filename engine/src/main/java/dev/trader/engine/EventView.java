package dev.trader.engine;

import dev.trader.codecs.Events;
import org.agrona.DirectBuffer;

/**
 * A reusable view of one encoded event as a stage sees it: header fields decoded once, the bytes left in place.
 * Stages wrap their own SBE decoders at {@link #bodyOffset()} when the template concerns them.
 */
public final class EventView
{
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int templateId;
    private int blockLength;
    private int version;

    public EventView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.templateId = Events.templateId(buffer, offset);
        this.blockLength = Events.blockLength(buffer, offset);
        this.version = Events.version(buffer, offset);
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Offset of the message header. */
    public int offset()
    {
        return offset;
    }

    /** Offset of the root block (after the message header): where decoders wrap. */
    public int bodyOffset()
    {
        return offset + Events.HEADER_LENGTH;
    }

    /** Total encoded length including the header. */
    public int length()
    {
        return length;
    }

    public int templateId()
    {
        return templateId;
    }

    public int blockLength()
    {
        return blockLength;
    }

    public int version()
    {
        return version;
    }

    public long exchangeTsNs()
    {
        return Events.exchangeTsNs(buffer, offset);
    }

    public long receiveTsNs()
    {
        return Events.receiveTsNs(buffer, offset);
    }

    public int instrumentId()
    {
        return Events.instrumentId(buffer, offset);
    }
}
