package dev.trader.engine.testing;

import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.KlineEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes market events for tests, exactly as an adapter would put them on the ring: SBE message header followed by
 * the root block. Every method writes at {@code offset} of the given buffer and returns the encoded length (header
 * included), so a test can hand {@code (buffer, offset, length)} straight to a {@code Pipeline}, an {@code Engine}
 * or a stage.
 *
 * <pre>
 *   final UnsafeBuffer buffer = TestEvents.newBuffer();
 *   final int length = TestEvents.trade(buffer, 0, tsNs, tsNs, 1, 42, 600_000, 1_500, Side.BUY);
 *   pipeline.onInput(buffer, 0, length, System.nanoTime());
 * </pre>
 *
 * The encoder flyweights are shared; the methods are synchronized, so any thread may call them.
 */
public final class TestEvents
{
    /** Capacity of {@link #newBuffer()}: comfortably more than any fixed-size market event. */
    public static final int DEFAULT_BUFFER_BYTES = 1024;

    private static final MessageHeaderEncoder HEADER = new MessageHeaderEncoder();
    private static final TradeEncoder TRADE = new TradeEncoder();
    private static final KlineEncoder KLINE = new KlineEncoder();
    private static final BestBidOfferEncoder BBO = new BestBidOfferEncoder();

    private TestEvents()
    {
    }

    /** A fresh byte[]-backed buffer of {@link #DEFAULT_BUFFER_BYTES}. */
    public static UnsafeBuffer newBuffer()
    {
        return newBuffer(DEFAULT_BUFFER_BYTES);
    }

    /** A fresh byte[]-backed buffer of {@code capacity} bytes. */
    public static UnsafeBuffer newBuffer(final int capacity)
    {
        return new UnsafeBuffer(new byte[capacity]);
    }

    /** A copy of {@code [offset, offset + length)} of {@code buffer}. */
    public static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        return bytes;
    }

    /**
     * A plain trade print ({@link TradeType#TRADE}, first and last trade id = {@code tradeId}).
     *
     * @param price     mantissa at the instrument's price exponent
     * @param qty       mantissa at the instrument's quantity exponent
     * @param aggressor side of the taker, {@link Side#NONE} when unknown
     * @return encoded length, header included
     */
    public static synchronized int trade(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long tradeId,
        final long price,
        final long qty,
        final Side aggressor)
    {
        return trade(buffer, offset, exchangeTsNs, receiveTsNs, instrumentId, tradeId, price, qty, aggressor,
            TradeType.TRADE, tradeId, tradeId);
    }

    /** A trade with every field given (aggregated trades, liquidations...). */
    public static synchronized int trade(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long tradeId,
        final long price,
        final long qty,
        final Side aggressor,
        final TradeType tradeType,
        final long firstTradeId,
        final long lastTradeId)
    {
        TRADE.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .tradeId(tradeId)
            .price(price)
            .qty(qty)
            .aggressor(aggressor)
            .tradeType(tradeType)
            .firstTradeId(firstTradeId)
            .lastTradeId(lastTradeId);
        return MessageHeaderEncoder.ENCODED_LENGTH + TRADE.encodedLength();
    }

    /**
     * A venue candle covering {@code [openTimeNs, openTimeNs + intervalNs)}; {@code closeTimeNs} is set to that
     * exclusive end.
     *
     * @param volume          mantissa at the quantity exponent (as are {@code takerBuyVolume})
     * @param quoteVolume     mantissa at the quote exponent (as is {@code takerBuyQuoteVolume})
     * @param closed          false for an in-progress candle update
     * @return encoded length, header included
     */
    public static synchronized int kline(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long intervalNs,
        final long openTimeNs,
        final long open,
        final long high,
        final long low,
        final long close,
        final long volume,
        final long quoteVolume,
        final long tradeCount,
        final long takerBuyVolume,
        final long takerBuyQuoteVolume,
        final boolean closed)
    {
        KLINE.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .closeTimeNs(openTimeNs + intervalNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(quoteVolume)
            .tradeCount(tradeCount)
            .takerBuyVolume(takerBuyVolume)
            .takerBuyQuoteVolume(takerBuyQuoteVolume)
            .closed(closed ? BooleanType.T : BooleanType.F);
        return MessageHeaderEncoder.ENCODED_LENGTH + KLINE.encodedLength();
    }

    /**
     * Top of book.
     *
     * @return encoded length, header included
     */
    public static synchronized int bestBidOffer(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long updateId,
        final long bidPrice,
        final long bidQty,
        final long askPrice,
        final long askQty)
    {
        BBO.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .updateId(updateId)
            .bidPrice(bidPrice)
            .bidQty(bidQty)
            .askPrice(askPrice)
            .askQty(askQty);
        return MessageHeaderEncoder.ENCODED_LENGTH + BBO.encodedLength();
    }
}
