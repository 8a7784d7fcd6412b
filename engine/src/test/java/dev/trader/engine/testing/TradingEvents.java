package dev.trader.engine.testing;

import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionEncoder;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.FillEncoder;
import dev.trader.codecs.sbe.GateChangeEncoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OperatorCommandEncoder;
import dev.trader.codecs.sbe.OperatorCommandType;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes derived and trading events for tests (Bar, GateChange, Decision, Order, Fill, MarkPrice, OperatorCommand,
 * depth snapshots and diffs), the companion of {@link TestEvents} for market events: SBE message header followed by
 * the message, every root field written (nothing is left from whatever the buffer held before). Every method writes
 * at {@code offset} of the given buffer and returns the encoded length, header included, ready for
 * {@code EventView.wrap(buffer, offset, length)}, a {@code Pipeline} or a journal writer.
 *
 * <p>The encoder flyweights are shared; the methods are synchronized, so any thread may call them. They allocate
 * nothing.
 */
public final class TradingEvents
{
    private static final MessageHeaderEncoder HEADER = new MessageHeaderEncoder();
    private static final BarEncoder BAR = new BarEncoder();
    private static final GateChangeEncoder GATE = new GateChangeEncoder();
    private static final DecisionEncoder DECISION = new DecisionEncoder();
    private static final OrderEncoder ORDER = new OrderEncoder();
    private static final FillEncoder FILL = new FillEncoder();
    private static final MarkPriceEncoder MARK = new MarkPriceEncoder();
    private static final OperatorCommandEncoder COMMAND = new OperatorCommandEncoder();
    private static final DepthSnapshotEncoder SNAPSHOT = new DepthSnapshotEncoder();
    private static final DepthUpdateEncoder UPDATE = new DepthUpdateEncoder();

    private TradingEvents()
    {
    }

    /**
     * A completed bar covering {@code [openTimeNs, openTimeNs + intervalNs)}; prices and volumes are mantissas at the
     * instrument's exponents, flags all clear except {@code regimeBreak}.
     *
     * @return encoded length, header included
     */
    public static synchronized int bar(
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
        final long buyVolume,
        final long sellVolume,
        final long vwapMantissa,
        final int vwapExponent,
        final double ret,
        final boolean regimeBreak)
    {
        BAR.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(quoteVolume)
            .tradeCount(tradeCount)
            .buyVolume(buyVolume)
            .sellVolume(sellVolume)
            .ret(ret);
        BAR.vwap().mantissa(vwapMantissa).exponent((byte)vwapExponent);
        BAR.flags().clear().regimeBreak(regimeBreak);
        return MessageHeaderEncoder.ENCODED_LENGTH + BAR.encodedLength();
    }

    /**
     * A gate decision; {@code open} is set from {@code state == OPEN}.
     *
     * @return encoded length, header included
     */
    public static synchronized int gateChange(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final String gate,
        final GateState state,
        final double probability,
        final double threshold,
        final long minuteNs)
    {
        GATE.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .gate(gate)
            .state(state)
            .open(state == GateState.OPEN ? BooleanType.T : BooleanType.F)
            .probability(probability)
            .threshold(threshold)
            .minuteNs(minuteNs);
        return MessageHeaderEncoder.ENCODED_LENGTH + GATE.encodedLength();
    }

    /**
     * A strategy decision with one input row ({@code inputKey}, {@code inputValue}).
     *
     * @return encoded length, header included
     */
    public static synchronized int decision(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final int strategyId,
        final long decisionId,
        final DecisionAction action,
        final int reasonCode,
        final long price,
        final long qty,
        final long positionId,
        final OrderType orderType,
        final long stopLossPrice,
        final long takeProfitPrice,
        final double expectedEdgeBps,
        final String inputKey,
        final double inputValue)
    {
        DECISION.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(action)
            .reasonCode(reasonCode)
            .price(price)
            .qty(qty)
            .positionId(positionId)
            .orderType(orderType)
            .stopLossPrice(stopLossPrice)
            .takeProfitPrice(takeProfitPrice)
            .expectedEdgeBps(expectedEdgeBps);
        DECISION.inputsCount(1).next().key(inputKey).value(inputValue);
        return MessageHeaderEncoder.ENCODED_LENGTH + DECISION.encodedLength();
    }

    /**
     * An order (NEW, CANCEL...), every field given.
     *
     * @return encoded length, header included
     */
    public static synchronized int order(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long orderId,
        final int strategyId,
        final long decisionId,
        final OrderAction action,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final boolean reduceOnly,
        final long price,
        final long qty,
        final long positionId,
        final int reasonCode,
        final long stopPrice,
        final long stopLossPrice,
        final long takeProfitPrice,
        final long referencePrice)
    {
        ORDER.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(action)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .reduceOnly(reduceOnly ? BooleanType.T : BooleanType.F)
            .price(price)
            .qty(qty)
            .positionId(positionId)
            .reasonCode(reasonCode)
            .stopPrice(stopPrice)
            .stopLossPrice(stopLossPrice)
            .takeProfitPrice(takeProfitPrice)
            .referencePrice(referencePrice);
        return MessageHeaderEncoder.ENCODED_LENGTH + ORDER.encodedLength();
    }

    /**
     * A fill, every field given; price/qty are mantissas at the instrument's exponents, fee and slippage money
     * mantissas (1e-8).
     *
     * @return encoded length, header included
     */
    public static synchronized int fill(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long orderId,
        final long fillId,
        final Side side,
        final Liquidity liquidity,
        final long price,
        final long qty,
        final long fee,
        final long leavesQty,
        final int strategyId,
        final long positionId,
        final int reasonCode,
        final boolean reduceOnly,
        final long slippage,
        final double feeRate)
    {
        FILL.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .fillId(fillId)
            .side(side)
            .liquidity(liquidity)
            .price(price)
            .qty(qty)
            .fee(fee)
            .leavesQty(leavesQty)
            .strategyId(strategyId)
            .positionId(positionId)
            .reasonCode(reasonCode)
            .reduceOnly(reduceOnly ? BooleanType.T : BooleanType.F)
            .slippage(slippage)
            .feeRate(feeRate);
        return MessageHeaderEncoder.ENCODED_LENGTH + FILL.encodedLength();
    }

    /**
     * A mark price update: index price = mark price, estimated settle price 0 (at the mark's exponent).
     *
     * @return encoded length, header included
     */
    public static synchronized int markPrice(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long markMantissa,
        final int markExponent,
        final long rateMantissa,
        final int rateExponent,
        final long nextFundingTimeNs)
    {
        MARK.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .nextFundingTimeNs(nextFundingTimeNs);
        MARK.markPrice().mantissa(markMantissa).exponent((byte)markExponent);
        MARK.indexPrice().mantissa(markMantissa).exponent((byte)markExponent);
        MARK.estimatedSettlePrice().mantissa(0).exponent((byte)markExponent);
        MARK.fundingRate().mantissa(rateMantissa).exponent((byte)rateExponent);
        return MessageHeaderEncoder.ENCODED_LENGTH + MARK.encodedLength();
    }

    /**
     * An operator command.
     *
     * @return encoded length, header included
     */
    public static synchronized int operatorCommand(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final OperatorCommandType command,
        final int strategyId,
        final String detail)
    {
        COMMAND.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .command(command)
            .strategyId(strategyId)
            .detail(detail);
        return MessageHeaderEncoder.ENCODED_LENGTH + COMMAND.encodedLength();
    }

    /**
     * A full book image without checksum; levels are {price, qty} mantissa pairs, every level tagged with the same
     * price/qty decimals.
     *
     * @return encoded length, header included
     */
    public static synchronized int depthSnapshot(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long lastUpdateId,
        final long[][] bids,
        final long[][] asks,
        final int priceDecimals,
        final int qtyDecimals)
    {
        SNAPSHOT.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .lastUpdateId(lastUpdateId)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder b = SNAPSHOT.bidsCount(bids.length);
        for (final long[] l : bids)
        {
            b.next().price(l[0]).qty(l[1]).priceDecimals((byte)priceDecimals).qtyDecimals((byte)qtyDecimals);
        }
        final DepthSnapshotEncoder.AsksEncoder a = SNAPSHOT.asksCount(asks.length);
        for (final long[] l : asks)
        {
            a.next().price(l[0]).qty(l[1]).priceDecimals((byte)priceDecimals).qtyDecimals((byte)qtyDecimals);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + SNAPSHOT.encodedLength();
    }

    /**
     * A book diff without checksum (qty 0 deletes a level); levels as in {@link #depthSnapshot}.
     *
     * @return encoded length, header included
     */
    public static synchronized int depthUpdate(
        final MutableDirectBuffer buffer,
        final int offset,
        final long exchangeTsNs,
        final long receiveTsNs,
        final int instrumentId,
        final long firstUpdateId,
        final long lastUpdateId,
        final long prevUpdateId,
        final long[][] bids,
        final long[][] asks,
        final int priceDecimals,
        final int qtyDecimals)
    {
        UPDATE.wrapAndApplyHeader(buffer, offset, HEADER)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .firstUpdateId(firstUpdateId)
            .lastUpdateId(lastUpdateId)
            .prevUpdateId(prevUpdateId)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder b = UPDATE.bidsCount(bids.length);
        for (final long[] l : bids)
        {
            b.next().price(l[0]).qty(l[1]).priceDecimals((byte)priceDecimals).qtyDecimals((byte)qtyDecimals);
        }
        final DepthUpdateEncoder.AsksEncoder a = UPDATE.asksCount(asks.length);
        for (final long[] l : asks)
        {
            a.next().price(l[0]).qty(l[1]).priceDecimals((byte)priceDecimals).qtyDecimals((byte)qtyDecimals);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + UPDATE.encodedLength();
    }
}
