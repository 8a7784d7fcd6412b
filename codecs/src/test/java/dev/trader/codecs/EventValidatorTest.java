package dev.trader.codecs;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.InputRejectEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidatorTest
{
    private static final String SEED = "7002";
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EventValidator validator = new EventValidator();

    // ----------------------------------------------------------------------------------------------------------
    // well-formed frames

    @Test
    void shouldAcceptWellFormedFramesOfEveryShape()
    {
        assertValid(0, encodeTrade(0));
        assertValid(0, encodeDepthUpdate(0, 5, 7));
        assertValid(0, encodeDepthUpdate(0, 0, 0));
        assertValid(0, encodeInputReject(0, "bad \"price\": 1e5", new byte[] {1, 2, 3, 0, -1}));
        assertValid(0, encodeInputReject(0, "", new byte[0]));
        assertValid(0, encodeModelScore(0, 3, 40));
    }

    @Test
    void shouldAcceptFrameAtAnOffsetInsideALargerBuffer()
    {
        final int offset = 1003;
        final int length = encodeDepthUpdate(offset, 2, 1);

        assertValid(offset, length);
    }

    @Test
    void shouldClearLastErrorAfterAValidFrame()
    {
        final int length = encodeTrade(0);
        assertFalse(validator.isValid(buffer, 0, length - 1));
        assertNotNull(validator.lastError());

        assertTrue(validator.isValid(buffer, 0, length));
        assertNull(validator.lastError());
    }

    // ----------------------------------------------------------------------------------------------------------
    // frame length

    @Test
    void shouldRejectTruncatedTrade()
    {
        final int length = encodeTrade(0);

        assertInvalid(0, length - 1, "block length " + TradeEncoder.BLOCK_LENGTH, "frame of " + (length - 1) + " bytes");
    }

    @Test
    void shouldRejectTruncatedDepthUpdate()
    {
        final int length = encodeDepthUpdate(0, 4, 4);

        assertInvalid(0, length - 1, "frame of " + (length - 1) + " bytes holds a " + length + "-byte event");
    }

    @Test
    void shouldRejectDepthUpdateCutInsideItsLastGroupHeader()
    {
        final int length = encodeDepthUpdate(0, 3, 0);

        assertInvalid(0, length - 1, "truncated or corrupt groups");
    }

    @Test
    void shouldRejectTruncatedVarData()
    {
        final int length = encodeInputReject(0, "detail", new byte[] {9, 9, 9});

        assertInvalid(0, length - 1, "frame of " + (length - 1) + " bytes holds a " + length + "-byte event");
    }

    @Test
    void shouldRejectFrameWithTrailingBytes()
    {
        final int length = encodeTrade(0);

        assertInvalid(0, length + 1, "frame of " + (length + 1) + " bytes holds a " + length + "-byte event");
        assertInvalid(0, length + 100, "frame of " + (length + 100) + " bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 27})
    void shouldRejectFramesShorterThanTheSmallestEvent(final int length)
    {
        assertInvalid(0, length, "shorter than the smallest event");
    }

    @Test
    void shouldRejectFrameOutsideItsBuffer()
    {
        final int length = encodeTrade(0);

        assertInvalid(buffer.capacity() - length + 1, length, "outside its buffer");
        assertInvalid(-1, length, "outside its buffer");
    }

    // ----------------------------------------------------------------------------------------------------------
    // header

    @Test
    void shouldRejectWrongSchemaId()
    {
        final int length = encodeTrade(0);
        buffer.putShort(4, (short)(Events.SCHEMA_ID + 1), LE);

        assertInvalid(0, length, "schema id " + (Events.SCHEMA_ID + 1));
    }

    @Test
    void shouldRejectNewerSchemaVersion()
    {
        final int length = encodeTrade(0);
        buffer.putShort(6, (short)(Events.SCHEMA_VERSION + 1), LE);

        assertInvalid(0, length, "schema version " + (Events.SCHEMA_VERSION + 1) + " is newer");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, 19, 37, 99, 65535})
    void shouldRejectUnknownTemplateId(final int templateId)
    {
        final int length = encodeTrade(0);
        buffer.putShort(2, (short)templateId, LE);

        assertInvalid(0, length, "unknown template id " + templateId);
    }

    @Test
    void shouldRejectBlockLengthLargerThanFrame()
    {
        final int length = encodeTrade(0);
        buffer.putShort(0, (short)(TradeEncoder.BLOCK_LENGTH + 1), LE);

        assertInvalid(0, length, "block length " + (TradeEncoder.BLOCK_LENGTH + 1) + " does not fit");
    }

    @Test
    void shouldRejectRootBlockShorterThanTheTemplates()
    {
        // a Trade cut to the three common fields, with a header that agrees: decoding tradeId would read past it
        encodeTrade(0);
        buffer.putShort(0, (short)Events.MIN_BLOCK_LENGTH, LE);

        assertInvalid(0, HEADER + Events.MIN_BLOCK_LENGTH, "block length " + Events.MIN_BLOCK_LENGTH);
    }

    @Test
    void shouldAcceptRootBlockLongerThanTheTemplates()
    {
        // a newer writer may append fields to the root block; skipping them is what the block length is for
        final int length = encodeTrade(0);
        buffer.putShort(0, (short)(TradeEncoder.BLOCK_LENGTH + 8), LE);
        buffer.putLong(length, 0L);

        assertValid(0, length + 8);
    }

    // ----------------------------------------------------------------------------------------------------------
    // groups

    @Test
    void shouldRejectDepthUpdateWhoseBidCountClaimsMoreLevelsThanPresent()
    {
        final int length = encodeDepthUpdate(0, 3, 2);
        buffer.putShort(HEADER + DepthUpdateEncoder.BLOCK_LENGTH + 2, (short)50, LE);

        assertInvalid(0, length, "truncated or corrupt groups");
    }

    @Test
    void shouldRejectDepthUpdateWhoseAskCountClaimsMoreLevelsThanPresent()
    {
        final int length = encodeDepthUpdate(0, 3, 2);
        final int level = DepthUpdateDecoder.BidsDecoder.sbeBlockLength();
        final int asksHeader = HEADER + DepthUpdateEncoder.BLOCK_LENGTH + 4 + 3 * level;
        buffer.putShort(asksHeader + 2, (short)3, LE);

        assertInvalid(0, length, "frame of " + length + " bytes holds a " + (length + level) + "-byte event");
    }

    @Test
    void shouldRejectDepthUpdateWhoseGroupCountIsHuge()
    {
        final int length = encodeDepthUpdate(0, 1, 0);
        buffer.putShort(HEADER + DepthUpdateEncoder.BLOCK_LENGTH + 2, (short)0xFFFF, LE);

        assertInvalid(0, length, "truncated or corrupt groups");
    }

    @Test
    void shouldRejectVarDataLengthBeyondFrame()
    {
        final int length = encodeInputReject(0, "abc", new byte[0]);
        // the raw header is the last two bytes of the frame
        buffer.putShort(length - 2, (short)1000, LE);

        assertInvalid(0, length, "frame of " + length + " bytes holds a " + (length + 1000) + "-byte event");
    }

    // ----------------------------------------------------------------------------------------------------------
    // robustness: the validator is the guard in front of untrusted bytes, so it must never throw

    @Property(seed = SEED)
    void shouldNeverThrowOnRandomBytes(@ForAll @Size(max = 300) final byte[] bytes)
    {
        final boolean valid = validator.isValid(new UnsafeBuffer(bytes), 0, bytes.length);

        assertTrue(valid || validator.lastError() != null);
    }

    @Property(seed = SEED)
    void shouldNeverThrowOnRandomBodiesBehindPlausibleHeaders(
        @ForAll @Size(min = 8, max = 300) final byte[] bytes,
        @ForAll("templateIds") final int templateId,
        @ForAll @IntRange(max = 320) final int blockLength)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(bytes);
        frame.putShort(0, (short)blockLength, LE);
        frame.putShort(2, (short)templateId, LE);
        frame.putShort(4, (short)Events.SCHEMA_ID, LE);
        frame.putShort(6, (short)Events.SCHEMA_VERSION, LE);

        final boolean valid = validator.isValid(frame, 0, bytes.length);

        assertTrue(valid || validator.lastError() != null);
    }

    @Property(seed = SEED)
    void shouldNeverThrowOnCorruptedValidFrames(
        @ForAll @IntRange(max = 4) final int shape,
        @ForAll @Size(min = 1, max = 8) final int[] positions,
        @ForAll @Size(min = 8, max = 8) final byte[] values,
        @ForAll @IntRange(min = -40, max = 40) final int lengthDelta)
    {
        final int length;
        switch (shape)
        {
            case 0: length = encodeTrade(0); break;
            case 1: length = encodeDepthUpdate(0, 6, 3); break;
            case 2: length = encodeModelScore(0, 2, 9); break;
            case 3: length = encodeInputReject(0, "why", new byte[] {1, 2, 3, 4}); break;
            default: length = encodeDepthUpdate(0, 0, 0); break;
        }
        for (int i = 0; i < positions.length; i++)
        {
            buffer.putByte(Math.floorMod(positions[i], length), values[i]);
        }
        final int frameLength = Math.max(0, length + lengthDelta);

        final boolean valid = validator.isValid(new UnsafeBuffer(buffer, 0, frameLength), 0, frameLength);

        assertTrue(valid || validator.lastError() != null);
    }

    @Provide
    Arbitrary<Integer> templateIds()
    {
        return Arbitraries.oneOf(
            Arbitraries.of(EventType.values()).map(EventType::templateId),
            Arbitraries.integers().between(0, 0xFFFF));
    }

    // ----------------------------------------------------------------------------------------------------------
    // helpers

    private void assertValid(final int offset, final int length)
    {
        assertTrue(validator.isValid(buffer, offset, length), validator::lastError);
        assertNull(validator.lastError());
    }

    private void assertInvalid(final int offset, final int length, final String... expectedInError)
    {
        assertFalse(validator.isValid(buffer, offset, length), "accepted a bad frame");
        final String error = validator.lastError();
        assertNotNull(error);
        for (final String expected : expectedInError)
        {
            assertTrue(error.contains(expected), () -> "'" + error + "' should mention '" + expected + "'");
        }
    }

    private int encodeTrade(final int offset)
    {
        final TradeEncoder e = new TradeEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .exchangeTsNs(1_723_161_255_123_456_789L)
            .receiveTsNs(1_723_161_255_124_000_000L)
            .instrumentId(1)
            .tradeId(42)
            .price(6_123_450)
            .qty(1_500)
            .aggressor(Side.BUY)
            .tradeType(TradeType.TRADE)
            .firstTradeId(42)
            .lastTradeId(42);
        return HEADER + e.encodedLength();
    }

    private int encodeDepthUpdate(final int offset, final int bids, final int asks)
    {
        final DepthUpdateEncoder e = new DepthUpdateEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .exchangeTsNs(1L)
            .receiveTsNs(2L)
            .instrumentId(3)
            .firstUpdateId(100)
            .lastUpdateId(110)
            .prevUpdateId(99)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder bidsEncoder = e.bidsCount(bids);
        for (int i = 0; i < bids; i++)
        {
            bidsEncoder.next().price(1000 - i).qty(i + 1).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        final DepthUpdateEncoder.AsksEncoder asksEncoder = e.asksCount(asks);
        for (int i = 0; i < asks; i++)
        {
            asksEncoder.next().price(1001 + i).qty(i + 1).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        assertEquals(18, DepthUpdateDecoder.BidsDecoder.sbeBlockLength());
        return HEADER + e.encodedLength();
    }

    private int encodeInputReject(final int offset, final String detail, final byte[] raw)
    {
        final InputRejectEncoder e = new InputRejectEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .exchangeTsNs(1L)
            .receiveTsNs(2L)
            .instrumentId(0)
            .source("binance-usdm")
            .reason(RejectReason.MALFORMED)
            .reference(-1)
            .detail(detail)
            .putRaw(raw, 0, raw.length);
        return HEADER + e.encodedLength();
    }

    private int encodeModelScore(final int offset, final int outputs, final int features)
    {
        final ModelScoreEncoder e = new ModelScoreEncoder().wrapAndApplyHeader(buffer, offset, headerEncoder)
            .exchangeTsNs(1L)
            .receiveTsNs(2L)
            .instrumentId(3)
            .modelId(4)
            .putModelHash(new byte[32], 0, 32);
        final ModelScoreEncoder.OutputsEncoder o = e.outputsCount(outputs);
        for (int i = 0; i < outputs; i++)
        {
            o.next().value(i * 0.5);
        }
        final ModelScoreEncoder.FeaturesEncoder f = e.featuresCount(features);
        for (int i = 0; i < features; i++)
        {
            f.next().value(-i);
        }
        return HEADER + e.encodedLength();
    }
}
