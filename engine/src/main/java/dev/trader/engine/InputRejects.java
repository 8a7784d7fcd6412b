package dev.trader.engine;

import dev.trader.codecs.sbe.InputRejectEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes InputReject events: what a boundary (importer, journal reader, adapter) refused, and why. Off the hot
 * path: rejects are rare, so building the detail text may allocate.
 */
public final class InputRejects
{
    /** Raw bytes kept with a reject; enough to recognise the input, bounded so one bad input cannot bloat a journal. */
    public static final int MAX_RAW_BYTES = 512;
    public static final int MAX_DETAIL_BYTES = 1024;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InputRejectEncoder encoder = new InputRejectEncoder();
    private static final byte[] EMPTY = new byte[0];

    /** Largest encoded reject. */
    public static int maxLength()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + InputRejectEncoder.BLOCK_LENGTH + 4 + MAX_DETAIL_BYTES + MAX_RAW_BYTES;
    }

    /**
     * @return the encoded length (header included)
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final String source,
        final RejectReason reason,
        final long reference,
        final String detail,
        final byte[] raw,
        final int rawOffset,
        final int rawLength)
    {
        encoder.wrapAndApplyHeader(buffer, offset, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .source(source.length() > 24 ? source.substring(0, 24) : source)
            .reason(reason)
            .reference(reference);
        byte[] d = detail.getBytes(StandardCharsets.UTF_8);
        if (d.length > MAX_DETAIL_BYTES)
        {
            d = Arrays.copyOf(d, MAX_DETAIL_BYTES);
        }
        encoder.putDetail(d, 0, d.length);
        final int n = raw == null ? 0 : Math.min(rawLength, MAX_RAW_BYTES);
        encoder.putRaw(n == 0 ? EMPTY : raw, n == 0 ? 0 : rawOffset, n);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
