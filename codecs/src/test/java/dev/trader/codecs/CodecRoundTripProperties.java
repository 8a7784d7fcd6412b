package dev.trader.codecs;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.DecisionEncoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FillEncoder;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateChangeEncoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.InputRejectEncoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.KlineEncoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreDecoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderEncoder;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.OrderUpdateDecoder;
import dev.trader.codecs.sbe.OrderUpdateEncoder;
import dev.trader.codecs.sbe.PositionDecoder;
import dev.trader.codecs.sbe.PositionEncoder;
import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeDecoder;
import dev.trader.codecs.sbe.RegimeChangeEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.RiskEventEncoder;
import dev.trader.codecs.sbe.SampledEventDecoder;
import dev.trader.codecs.sbe.SampledEventEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message of the schema survives encode, validate and decode with every field intact, and the
 * template-independent accessors in {@link Events} read the same common header the decoder does.
 */
class CodecRoundTripProperties
{
    private static final String SEED = "7001";
    private static final int MAX_LEVELS = 200;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final EventValidator validator = new EventValidator();

    record Header(long exchangeTsNs, long receiveTsNs, int instrumentId)
    {
    }

    record Level(long price, long qty)
    {
    }

    record Input(String key, double value)
    {
    }

    record Reason(String key, double value, double threshold)
    {
    }

    // ----------------------------------------------------------------------------------------------------------
    // market events

    @Property(seed = SEED)
    void tradeRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long tradeId,
        @ForAll final long price,
        @ForAll final long qty,
        @ForAll("sides") final Side aggressor,
        @ForAll("tradeTypes") final TradeType tradeType,
        @ForAll final long firstTradeId,
        @ForAll final long lastTradeId)
    {
        final TradeEncoder e = new TradeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .tradeId(tradeId)
            .price(price)
            .qty(qty)
            .aggressor(aggressor)
            .tradeType(tradeType)
            .firstTradeId(firstTradeId)
            .lastTradeId(lastTradeId);
        final int length = frameLength(e.encodedLength());
        assertCommon(TradeDecoder.TEMPLATE_ID, h, length);

        final TradeDecoder d = new TradeDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(tradeId, d.tradeId());
        assertEquals(price, d.price());
        assertEquals(qty, d.qty());
        assertEquals(aggressor, d.aggressor());
        assertEquals(tradeType, d.tradeType());
        assertEquals(firstTradeId, d.firstTradeId());
        assertEquals(lastTradeId, d.lastTradeId());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void bestBidOfferRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long updateId,
        @ForAll final long bidPrice,
        @ForAll final long bidQty,
        @ForAll final long askPrice,
        @ForAll final long askQty)
    {
        final BestBidOfferEncoder e = new BestBidOfferEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .updateId(updateId)
            .bidPrice(bidPrice)
            .bidQty(bidQty)
            .askPrice(askPrice)
            .askQty(askQty);
        final int length = frameLength(e.encodedLength());
        assertCommon(BestBidOfferDecoder.TEMPLATE_ID, h, length);

        final BestBidOfferDecoder d = new BestBidOfferDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(updateId, d.updateId());
        assertEquals(bidPrice, d.bidPrice());
        assertEquals(bidQty, d.bidQty());
        assertEquals(askPrice, d.askPrice());
        assertEquals(askQty, d.askQty());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void depthUpdateRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long firstUpdateId,
        @ForAll final long lastUpdateId,
        @ForAll final long prevUpdateId,
        @ForAll final int checksum,
        @ForAll("booleans") final BooleanType hasChecksum,
        @ForAll("levels") final List<Level> bids,
        @ForAll("levels") final List<Level> asks)
    {
        final DepthUpdateEncoder e = new DepthUpdateEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .firstUpdateId(firstUpdateId)
            .lastUpdateId(lastUpdateId)
            .prevUpdateId(prevUpdateId)
            .checksum(checksum)
            .hasChecksum(hasChecksum);
        final DepthUpdateEncoder.BidsEncoder bidsEncoder = e.bidsCount(bids.size());
        for (final Level level : bids)
        {
            bidsEncoder.next().price(level.price()).qty(level.qty());
        }
        final DepthUpdateEncoder.AsksEncoder asksEncoder = e.asksCount(asks.size());
        for (final Level level : asks)
        {
            asksEncoder.next().price(level.price()).qty(level.qty());
        }
        final int length = frameLength(e.encodedLength());
        assertCommon(DepthUpdateDecoder.TEMPLATE_ID, h, length);

        final DepthUpdateDecoder d = new DepthUpdateDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(firstUpdateId, d.firstUpdateId());
        assertEquals(lastUpdateId, d.lastUpdateId());
        assertEquals(prevUpdateId, d.prevUpdateId());
        assertEquals(checksum, d.checksum());
        assertEquals(hasChecksum, d.hasChecksum());
        final DepthUpdateDecoder.BidsDecoder bidsDecoder = d.bids();
        assertEquals(bids.size(), bidsDecoder.count());
        for (final Level level : bids)
        {
            bidsDecoder.next();
            assertEquals(level, new Level(bidsDecoder.price(), bidsDecoder.qty()));
        }
        final DepthUpdateDecoder.AsksDecoder asksDecoder = d.asks();
        assertEquals(asks.size(), asksDecoder.count());
        for (final Level level : asks)
        {
            asksDecoder.next();
            assertEquals(level, new Level(asksDecoder.price(), asksDecoder.qty()));
        }
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void depthSnapshotRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long lastUpdateId,
        @ForAll final int checksum,
        @ForAll("booleans") final BooleanType hasChecksum,
        @ForAll("levels") final List<Level> bids,
        @ForAll("levels") final List<Level> asks)
    {
        final DepthSnapshotEncoder e = new DepthSnapshotEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .lastUpdateId(lastUpdateId)
            .checksum(checksum)
            .hasChecksum(hasChecksum);
        final DepthSnapshotEncoder.BidsEncoder bidsEncoder = e.bidsCount(bids.size());
        for (final Level level : bids)
        {
            bidsEncoder.next().price(level.price()).qty(level.qty());
        }
        final DepthSnapshotEncoder.AsksEncoder asksEncoder = e.asksCount(asks.size());
        for (final Level level : asks)
        {
            asksEncoder.next().price(level.price()).qty(level.qty());
        }
        final int length = frameLength(e.encodedLength());
        assertCommon(DepthSnapshotDecoder.TEMPLATE_ID, h, length);

        final DepthSnapshotDecoder d = new DepthSnapshotDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(lastUpdateId, d.lastUpdateId());
        assertEquals(checksum, d.checksum());
        assertEquals(hasChecksum, d.hasChecksum());
        final DepthSnapshotDecoder.BidsDecoder bidsDecoder = d.bids();
        assertEquals(bids.size(), bidsDecoder.count());
        for (final Level level : bids)
        {
            bidsDecoder.next();
            assertEquals(level, new Level(bidsDecoder.price(), bidsDecoder.qty()));
        }
        final DepthSnapshotDecoder.AsksDecoder asksDecoder = d.asks();
        assertEquals(asks.size(), asksDecoder.count());
        for (final Level level : asks)
        {
            asksDecoder.next();
            assertEquals(level, new Level(asksDecoder.price(), asksDecoder.qty()));
        }
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void markPriceRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long markPrice,
        @ForAll final long indexPrice,
        @ForAll final long estimatedSettlePrice,
        @ForAll final long fundingRateMantissa,
        @ForAll final byte fundingRateExponent,
        @ForAll final long nextFundingTimeNs)
    {
        final MarkPriceEncoder e = new MarkPriceEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId());
        e.markPrice().mantissa(markPrice).exponent((byte)-8);
        e.indexPrice().mantissa(indexPrice).exponent((byte)-2);
        e.estimatedSettlePrice().mantissa(estimatedSettlePrice).exponent((byte)0);
        e.fundingRate().mantissa(fundingRateMantissa).exponent(fundingRateExponent);
        e.nextFundingTimeNs(nextFundingTimeNs);
        final int length = frameLength(e.encodedLength());
        assertCommon(MarkPriceDecoder.TEMPLATE_ID, h, length);

        final MarkPriceDecoder d = new MarkPriceDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(markPrice, d.markPrice().mantissa());
        assertEquals(-8, d.markPrice().exponent());
        assertEquals(indexPrice, d.indexPrice().mantissa());
        assertEquals(-2, d.indexPrice().exponent());
        assertEquals(estimatedSettlePrice, d.estimatedSettlePrice().mantissa());
        assertEquals(0, d.estimatedSettlePrice().exponent());
        assertEquals(fundingRateMantissa, d.fundingRate().mantissa());
        assertEquals(fundingRateExponent, d.fundingRate().exponent());
        assertEquals(nextFundingTimeNs, d.nextFundingTimeNs());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void klineRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long intervalNs,
        @ForAll final long openTimeNs,
        @ForAll final long closeTimeNs,
        @ForAll final long open,
        @ForAll final long high,
        @ForAll final long low,
        @ForAll final long close,
        @ForAll final long volume,
        @ForAll final long quoteVolume,
        @ForAll final long tradeCount,
        @ForAll final long takerBuyVolume,
        @ForAll final long takerBuyQuoteVolume,
        @ForAll("booleans") final BooleanType closed)
    {
        final KlineEncoder e = new KlineEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .closeTimeNs(closeTimeNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(quoteVolume)
            .tradeCount(tradeCount)
            .takerBuyVolume(takerBuyVolume)
            .takerBuyQuoteVolume(takerBuyQuoteVolume)
            .closed(closed);
        final int length = frameLength(e.encodedLength());
        assertCommon(KlineDecoder.TEMPLATE_ID, h, length);

        final KlineDecoder d = new KlineDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(intervalNs, d.intervalNs());
        assertEquals(openTimeNs, d.openTimeNs());
        assertEquals(closeTimeNs, d.closeTimeNs());
        assertEquals(open, d.open());
        assertEquals(high, d.high());
        assertEquals(low, d.low());
        assertEquals(close, d.close());
        assertEquals(volume, d.volume());
        assertEquals(quoteVolume, d.quoteVolume());
        assertEquals(tradeCount, d.tradeCount());
        assertEquals(takerBuyVolume, d.takerBuyVolume());
        assertEquals(takerBuyQuoteVolume, d.takerBuyQuoteVolume());
        assertEquals(closed, d.closed());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    // ----------------------------------------------------------------------------------------------------------
    // engine events

    @Property(seed = SEED)
    void barRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long intervalNs,
        @ForAll final long openTimeNs,
        @ForAll final long open,
        @ForAll final long high,
        @ForAll final long low,
        @ForAll final long close,
        @ForAll final long volume,
        @ForAll final long quoteVolume,
        @ForAll final long tradeCount,
        @ForAll final long buyVolume,
        @ForAll final long sellVolume,
        @ForAll final long vwapMantissa,
        @ForAll final byte vwapExponent,
        @ForAll final boolean fromKline,
        @ForAll final boolean repairedSmallGap,
        @ForAll final boolean regimeBreak,
        @ForAll final boolean dupe,
        @ForAll final boolean outOfOrder,
        @ForAll final double ret)
    {
        final BarEncoder e = new BarEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
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
        e.vwap().mantissa(vwapMantissa).exponent(vwapExponent);
        e.flags().clear().fromKline(fromKline).repairedSmallGap(repairedSmallGap).regimeBreak(regimeBreak).dupe(dupe)
            .outOfOrder(outOfOrder);
        final int length = frameLength(e.encodedLength());
        assertCommon(BarDecoder.TEMPLATE_ID, h, length);

        final BarDecoder d = new BarDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(intervalNs, d.intervalNs());
        assertEquals(openTimeNs, d.openTimeNs());
        assertEquals(open, d.open());
        assertEquals(high, d.high());
        assertEquals(low, d.low());
        assertEquals(close, d.close());
        assertEquals(volume, d.volume());
        assertEquals(quoteVolume, d.quoteVolume());
        assertEquals(tradeCount, d.tradeCount());
        assertEquals(buyVolume, d.buyVolume());
        assertEquals(sellVolume, d.sellVolume());
        assertEquals(vwapMantissa, d.vwap().mantissa());
        assertEquals(vwapExponent, d.vwap().exponent());
        assertEquals(fromKline, d.flags().fromKline());
        assertEquals(repairedSmallGap, d.flags().repairedSmallGap());
        assertEquals(regimeBreak, d.flags().regimeBreak());
        assertEquals(dupe, d.flags().dupe());
        assertEquals(outOfOrder, d.flags().outOfOrder());
        assertEquals(Double.doubleToRawLongBits(ret), Double.doubleToRawLongBits(d.ret()));
        final int expectedRaw = (fromKline ? 1 : 0) | (repairedSmallGap ? 2 : 0) | (regimeBreak ? 4 : 0) | (dupe ? 8 : 0)
            | (outOfOrder ? 16 : 0);
        assertEquals(expectedRaw, d.flags().getRaw());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void modelScoreRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final int modelId,
        @ForAll("hashes") final byte[] modelHash,
        @ForAll("doubleLists") final List<Double> outputs,
        @ForAll("doubleLists") final List<Double> features)
    {
        final ModelScoreEncoder e = new ModelScoreEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .modelId(modelId)
            .putModelHash(modelHash, 0, modelHash.length);
        final ModelScoreEncoder.OutputsEncoder outputsEncoder = e.outputsCount(outputs.size());
        for (final double value : outputs)
        {
            outputsEncoder.next().value(value);
        }
        final ModelScoreEncoder.FeaturesEncoder featuresEncoder = e.featuresCount(features.size());
        for (final double value : features)
        {
            featuresEncoder.next().value(value);
        }
        final int length = frameLength(e.encodedLength());
        assertCommon(ModelScoreDecoder.TEMPLATE_ID, h, length);

        final ModelScoreDecoder d = new ModelScoreDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(modelId, d.modelId());
        final byte[] decodedHash = new byte[ModelScoreDecoder.modelHashLength()];
        assertEquals(32, d.getModelHash(decodedHash, 0, decodedHash.length));
        assertArrayEquals(modelHash, decodedHash);
        final ModelScoreDecoder.OutputsDecoder outputsDecoder = d.outputs();
        assertEquals(outputs.size(), outputsDecoder.count());
        for (final double value : outputs)
        {
            assertSameDouble(value, outputsDecoder.next().value());
        }
        final ModelScoreDecoder.FeaturesDecoder featuresDecoder = d.features();
        assertEquals(features.size(), featuresDecoder.count());
        for (final double value : features)
        {
            assertSameDouble(value, featuresDecoder.next().value());
        }
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void decisionRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final int strategyId,
        @ForAll final long decisionId,
        @ForAll("decisionActions") final DecisionAction action,
        @ForAll final int reasonCode,
        @ForAll final long price,
        @ForAll final long qty,
        @ForAll("inputs") final List<Input> inputs)
    {
        final DecisionEncoder e = new DecisionEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(action)
            .reasonCode(reasonCode)
            .price(price)
            .qty(qty);
        final DecisionEncoder.InputsEncoder inputsEncoder = e.inputsCount(inputs.size());
        for (final Input input : inputs)
        {
            inputsEncoder.next().key(input.key()).value(input.value());
        }
        final int length = frameLength(e.encodedLength());
        assertCommon(DecisionDecoder.TEMPLATE_ID, h, length);

        final DecisionDecoder d = new DecisionDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(strategyId, d.strategyId());
        assertEquals(decisionId, d.decisionId());
        assertEquals(action, d.action());
        assertEquals(reasonCode, d.reasonCode());
        assertEquals(price, d.price());
        assertEquals(qty, d.qty());
        final DecisionDecoder.InputsDecoder inputsDecoder = d.inputs();
        assertEquals(inputs.size(), inputsDecoder.count());
        for (final Input input : inputs)
        {
            inputsDecoder.next();
            assertEquals(input.key(), inputsDecoder.key());
            assertSameDouble(input.value(), inputsDecoder.value());
        }
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void orderRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long orderId,
        @ForAll final int strategyId,
        @ForAll final long decisionId,
        @ForAll("orderActions") final OrderAction action,
        @ForAll("sides") final Side side,
        @ForAll("orderTypes") final OrderType orderType,
        @ForAll("timesInForce") final TimeInForce timeInForce,
        @ForAll("booleans") final BooleanType reduceOnly,
        @ForAll final long price,
        @ForAll final long qty)
    {
        final OrderEncoder e = new OrderEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .orderId(orderId)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(action)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .reduceOnly(reduceOnly)
            .price(price)
            .qty(qty);
        final int length = frameLength(e.encodedLength());
        assertCommon(OrderDecoder.TEMPLATE_ID, h, length);

        final OrderDecoder d = new OrderDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(orderId, d.orderId());
        assertEquals(strategyId, d.strategyId());
        assertEquals(decisionId, d.decisionId());
        assertEquals(action, d.action());
        assertEquals(side, d.side());
        assertEquals(orderType, d.orderType());
        assertEquals(timeInForce, d.timeInForce());
        assertEquals(reduceOnly, d.reduceOnly());
        assertEquals(price, d.price());
        assertEquals(qty, d.qty());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void orderUpdateRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long orderId,
        @ForAll final long venueOrderId,
        @ForAll("orderStatuses") final OrderStatus status,
        @ForAll final int rejectCode,
        @ForAll final long filledQty,
        @ForAll final long leavesQty,
        @ForAll("details") final String detail)
    {
        final OrderUpdateEncoder e = new OrderUpdateEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .orderId(orderId)
            .venueOrderId(venueOrderId)
            .status(status)
            .rejectCode(rejectCode)
            .filledQty(filledQty)
            .leavesQty(leavesQty)
            .detail(detail);
        final int length = frameLength(e.encodedLength());
        assertCommon(OrderUpdateDecoder.TEMPLATE_ID, h, length);

        final OrderUpdateDecoder d = new OrderUpdateDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(orderId, d.orderId());
        assertEquals(venueOrderId, d.venueOrderId());
        assertEquals(status, d.status());
        assertEquals(rejectCode, d.rejectCode());
        assertEquals(filledQty, d.filledQty());
        assertEquals(leavesQty, d.leavesQty());
        assertEquals(detail, d.detail());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void fillRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long orderId,
        @ForAll final long fillId,
        @ForAll("sides") final Side side,
        @ForAll("liquidities") final Liquidity liquidity,
        @ForAll final long price,
        @ForAll final long qty,
        @ForAll final long fee,
        @ForAll final long leavesQty)
    {
        final FillEncoder e = new FillEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .orderId(orderId)
            .fillId(fillId)
            .side(side)
            .liquidity(liquidity)
            .price(price)
            .qty(qty)
            .fee(fee)
            .leavesQty(leavesQty);
        final int length = frameLength(e.encodedLength());
        assertCommon(FillDecoder.TEMPLATE_ID, h, length);

        final FillDecoder d = new FillDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(orderId, d.orderId());
        assertEquals(fillId, d.fillId());
        assertEquals(side, d.side());
        assertEquals(liquidity, d.liquidity());
        assertEquals(price, d.price());
        assertEquals(qty, d.qty());
        assertEquals(fee, d.fee());
        assertEquals(leavesQty, d.leavesQty());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void positionRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final int strategyId,
        @ForAll final long qty,
        @ForAll final long avgEntryMantissa,
        @ForAll final byte avgEntryExponent,
        @ForAll final long realizedPnl,
        @ForAll final long unrealizedPnl,
        @ForAll final long fees,
        @ForAll final long funding)
    {
        final PositionEncoder e = new PositionEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .strategyId(strategyId)
            .qty(qty);
        e.avgEntryPrice().mantissa(avgEntryMantissa).exponent(avgEntryExponent);
        e.realizedPnl(realizedPnl).unrealizedPnl(unrealizedPnl).fees(fees).funding(funding);
        final int length = frameLength(e.encodedLength());
        assertCommon(PositionDecoder.TEMPLATE_ID, h, length);

        final PositionDecoder d = new PositionDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(strategyId, d.strategyId());
        assertEquals(qty, d.qty());
        assertEquals(avgEntryMantissa, d.avgEntryPrice().mantissa());
        assertEquals(avgEntryExponent, d.avgEntryPrice().exponent());
        assertEquals(realizedPnl, d.realizedPnl());
        assertEquals(unrealizedPnl, d.unrealizedPnl());
        assertEquals(fees, d.fees());
        assertEquals(funding, d.funding());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void riskEventRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final int strategyId,
        @ForAll final long decisionId,
        @ForAll("keys") final String rule,
        @ForAll("riskActions") final RiskAction action,
        @ForAll final long requestedQty,
        @ForAll final long allowedQty,
        @ForAll("doubles") final double value,
        @ForAll("doubles") final double threshold,
        @ForAll("details") final String detail)
    {
        final RiskEventEncoder e = new RiskEventEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .strategyId(strategyId)
            .decisionId(decisionId)
            .rule(rule)
            .action(action)
            .requestedQty(requestedQty)
            .allowedQty(allowedQty)
            .value(value)
            .threshold(threshold)
            .detail(detail);
        final int length = frameLength(e.encodedLength());
        assertCommon(RiskEventDecoder.TEMPLATE_ID, h, length);

        final RiskEventDecoder d = new RiskEventDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(strategyId, d.strategyId());
        assertEquals(decisionId, d.decisionId());
        assertEquals(rule, d.rule());
        assertEquals(action, d.action());
        assertEquals(requestedQty, d.requestedQty());
        assertEquals(allowedQty, d.allowedQty());
        assertSameDouble(value, d.value());
        assertSameDouble(threshold, d.threshold());
        assertEquals(detail, d.detail());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void inputRejectRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll("keys") final String source,
        @ForAll("rejectReasons") final RejectReason reason,
        @ForAll final long reference,
        @ForAll("details") final String detail,
        @ForAll("raws") final byte[] raw)
    {
        final InputRejectEncoder e = new InputRejectEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .source(source)
            .reason(reason)
            .reference(reference)
            .detail(detail)
            .putRaw(raw, 0, raw.length);
        final int length = frameLength(e.encodedLength());
        assertCommon(InputRejectDecoder.TEMPLATE_ID, h, length);

        final InputRejectDecoder d = new InputRejectDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(source, d.source());
        assertEquals(reason, d.reason());
        assertEquals(reference, d.reference());
        assertEquals(detail, d.detail());
        assertEquals(raw.length, d.rawLength());
        final byte[] decodedRaw = new byte[raw.length];
        assertEquals(raw.length, d.getRaw(decodedRaw, 0, decodedRaw.length));
        assertArrayEquals(raw, decodedRaw);
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void sampledEventRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll("sides") final Side side,
        @ForAll("doubles") final double value,
        @ForAll("doubles") final double threshold)
    {
        final SampledEventEncoder e = new SampledEventEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .side(side)
            .value(value)
            .threshold(threshold);
        final int length = frameLength(e.encodedLength());
        assertCommon(SampledEventDecoder.TEMPLATE_ID, h, length);

        final SampledEventDecoder d = new SampledEventDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(side, d.side());
        assertSameDouble(value, d.value());
        assertSameDouble(threshold, d.threshold());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void regimeChangeRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll final long intervalNs,
        @ForAll("regimes") final Regime previous,
        @ForAll("regimes") final Regime regime,
        @ForAll final int barsInPrevious,
        @ForAll("reasons") final List<Reason> reasons)
    {
        final RegimeChangeEncoder e = new RegimeChangeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .intervalNs(intervalNs)
            .previous(previous)
            .regime(regime)
            .barsInPrevious(barsInPrevious);
        final RegimeChangeEncoder.ReasonsEncoder reasonsEncoder = e.reasonsCount(reasons.size());
        for (final Reason reason : reasons)
        {
            reasonsEncoder.next().key(reason.key()).value(reason.value()).threshold(reason.threshold());
        }
        final int length = frameLength(e.encodedLength());
        assertCommon(RegimeChangeDecoder.TEMPLATE_ID, h, length);

        final RegimeChangeDecoder d = new RegimeChangeDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(intervalNs, d.intervalNs());
        assertEquals(previous, d.previous());
        assertEquals(regime, d.regime());
        assertEquals(barsInPrevious, d.barsInPrevious());
        final RegimeChangeDecoder.ReasonsDecoder reasonsDecoder = d.reasons();
        assertEquals(reasons.size(), reasonsDecoder.count());
        for (final Reason reason : reasons)
        {
            reasonsDecoder.next();
            assertEquals(reason.key(), reasonsDecoder.key());
            assertSameDouble(reason.value(), reasonsDecoder.value());
            assertSameDouble(reason.threshold(), reasonsDecoder.threshold());
        }
        assertEquals(length, frameLength(d.encodedLength()));
    }

    @Property(seed = SEED)
    void gateChangeRoundTrips(
        @ForAll("headers") final Header h,
        @ForAll("keys") final String gate,
        @ForAll("gateStates") final GateState state,
        @ForAll("booleans") final BooleanType open,
        @ForAll("doubles") final double probability,
        @ForAll("doubles") final double threshold,
        @ForAll final long minuteNs)
    {
        final GateChangeEncoder e = new GateChangeEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
            .exchangeTsNs(h.exchangeTsNs())
            .receiveTsNs(h.receiveTsNs())
            .instrumentId(h.instrumentId())
            .gate(gate)
            .state(state)
            .open(open)
            .probability(probability)
            .threshold(threshold)
            .minuteNs(minuteNs);
        final int length = frameLength(e.encodedLength());
        assertCommon(GateChangeDecoder.TEMPLATE_ID, h, length);

        final GateChangeDecoder d = new GateChangeDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
        assertHeader(h, d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId());
        assertEquals(gate, d.gate());
        assertEquals(state, d.state());
        assertEquals(open, d.open());
        assertSameDouble(probability, d.probability());
        assertSameDouble(threshold, d.threshold());
        assertEquals(minuteNs, d.minuteNs());
        assertEquals(length, frameLength(d.encodedLength()));
    }

    // ----------------------------------------------------------------------------------------------------------
    // checks shared by every message

    private static int frameLength(final int messageLength)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + messageLength;
    }

    private void assertCommon(final int templateId, final Header h, final int length)
    {
        assertTrue(validator.isValid(buffer, 0, length), validator::lastError);
        assertEquals(templateId, Events.templateId(buffer, 0));
        assertEquals(Events.SCHEMA_ID, Events.schemaId(buffer, 0));
        assertEquals(Events.SCHEMA_VERSION, Events.version(buffer, 0));
        assertEquals(h.exchangeTsNs(), Events.exchangeTsNs(buffer, 0));
        assertEquals(h.receiveTsNs(), Events.receiveTsNs(buffer, 0));
        assertEquals(h.instrumentId(), Events.instrumentId(buffer, 0));
    }

    private static void assertHeader(
        final Header h, final long exchangeTsNs, final long receiveTsNs, final int instrumentId)
    {
        assertEquals(h, new Header(exchangeTsNs, receiveTsNs, instrumentId));
    }

    private static void assertSameDouble(final double expected, final double actual)
    {
        assertEquals(
            Double.doubleToLongBits(expected),
            Double.doubleToLongBits(actual),
            () -> "expected " + expected + " but was " + actual);
    }

    // ----------------------------------------------------------------------------------------------------------
    // generators

    @Provide
    Arbitrary<Header> headers()
    {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers())
            .as(Header::new);
    }

    @Provide
    Arbitrary<List<Level>> levels()
    {
        final Arbitrary<Level> level = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Level::new);
        // uniform size, so books near the 200-level cap are as common as empty ones
        return Arbitraries.integers().between(0, MAX_LEVELS).flatMap(n -> level.list().ofSize(n));
    }

    /** Finite doubles over the whole bit range, plus NaN, infinities and signed zeros. */
    @Provide
    Arbitrary<Double> doubles()
    {
        return Arbitraries.oneOf(
            Arbitraries.doubles().withStandardSpecialValues(),
            Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
            Arbitraries.of(Double.NaN, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE));
    }

    @Provide
    Arbitrary<List<Double>> doubleLists()
    {
        return doubles().list().ofMaxSize(MAX_LEVELS);
    }

    /** Key24: up to 24 non-NUL ASCII characters (the field is NUL padded). */
    @Provide
    Arbitrary<String> keys()
    {
        return Arbitraries.strings().withCharRange('\u0001', '\u007f').ofMaxLength(24);
    }

    @Provide
    Arbitrary<List<Reason>> reasons()
    {
        return Combinators.combine(keys(), doubles(), doubles()).as(Reason::new).list().ofMaxSize(64);
    }

    @Provide
    Arbitrary<List<Input>> inputs()
    {
        return Combinators.combine(keys(), doubles()).as(Input::new).list().ofMaxSize(64);
    }

    /** UTF-8 text: ASCII, Latin/Cyrillic, CJK and a supplementary-plane character (a surrogate pair). */
    @Provide
    Arbitrary<String> details()
    {
        final Arbitrary<String> text = Arbitraries.strings()
            .withCharRange(' ', '~')
            .withCharRange('\u00a0', '\u04ff')
            .withCharRange('\u4e00', '\u4fff')
            .withChars('\n', '\t', '\u0000')
            .ofMaxLength(300);
        return Arbitraries.oneOf(text, text.map(s -> s + "\uD83D\uDCC8" + s));
    }

    @Provide
    Arbitrary<byte[]> raws()
    {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Provide
    Arbitrary<byte[]> hashes()
    {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<BooleanType> booleans()
    {
        return validValues(BooleanType.class);
    }

    @Provide
    Arbitrary<Side> sides()
    {
        return validValues(Side.class);
    }

    @Provide
    Arbitrary<TradeType> tradeTypes()
    {
        return validValues(TradeType.class);
    }

    @Provide
    Arbitrary<DecisionAction> decisionActions()
    {
        return validValues(DecisionAction.class);
    }

    @Provide
    Arbitrary<OrderAction> orderActions()
    {
        return validValues(OrderAction.class);
    }

    @Provide
    Arbitrary<OrderType> orderTypes()
    {
        return validValues(OrderType.class);
    }

    @Provide
    Arbitrary<TimeInForce> timesInForce()
    {
        return validValues(TimeInForce.class);
    }

    @Provide
    Arbitrary<OrderStatus> orderStatuses()
    {
        return validValues(OrderStatus.class);
    }

    @Provide
    Arbitrary<Liquidity> liquidities()
    {
        return validValues(Liquidity.class);
    }

    @Provide
    Arbitrary<RiskAction> riskActions()
    {
        return validValues(RiskAction.class);
    }

    @Provide
    Arbitrary<Regime> regimes()
    {
        return validValues(Regime.class);
    }

    @Provide
    Arbitrary<GateState> gateStates()
    {
        return validValues(GateState.class);
    }

    @Provide
    Arbitrary<RejectReason> rejectReasons()
    {
        return validValues(RejectReason.class);
    }

    /** The schema's valid values, without the generated NULL_VAL. */
    private static <E extends Enum<E>> Arbitrary<E> validValues(final Class<E> type)
    {
        return Arbitraries.of(type).filter(v -> !"NULL_VAL".equals(v.name()));
    }
}
