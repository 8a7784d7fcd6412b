package dev.trader.codecs;

import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Template-independent access to an encoded event. Every message in the schema starts its root block with
 * {@code exchangeTsNs @0, receiveTsNs @8, instrumentId @16} (asserted by EventLayoutTest), so routing, clocking and
 * keying never need the concrete decoder.
 */
public final class Events
{
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    public static final int EXCHANGE_TS_OFFSET = 0;
    public static final int RECEIVE_TS_OFFSET = 8;
    public static final int INSTRUMENT_ID_OFFSET = 16;
    /** Smallest root block any of our messages has (the three common fields). */
    public static final int MIN_BLOCK_LENGTH = 20;
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    private Events()
    {
    }

    public static int blockLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset, ORDER) & 0xFFFF;
    }

    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ORDER) & 0xFFFF;
    }

    public static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 4, ORDER) & 0xFFFF;
    }

    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 6, ORDER) & 0xFFFF;
    }

    public static long exchangeTsNs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + EXCHANGE_TS_OFFSET, ORDER);
    }

    public static long receiveTsNs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + HEADER_LENGTH + RECEIVE_TS_OFFSET, ORDER);
    }

    public static int instrumentId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + HEADER_LENGTH + INSTRUMENT_ID_OFFSET, ORDER);
    }
}
