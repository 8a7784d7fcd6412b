package dev.trader.engine;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boundary sanity (issue #9 cases 1, 4 and 9) on the shipped instrument registry: Binance USD-M BTCUSDT (id 1) has
 * tick 0.10 at price exponent -2 (tick mantissa 10), lot 0.001 at quantity exponent -3 and quote exponent -5, so the
 * defaults are maxQty = 10^12 lots = 1,000,000,000 BTC and maxNotional = 10^10 USDT.
 */
class MarketSanityTest
{
    private static final int BTC = 1;
    private static final long SECOND = 1_000_000_000L;
    /** 2024-08-08T23:55:00Z, inside the USD-M capture. */
    private static final long T0 = 1_723_161_300L * SECOND;
    private static final long PRICE = 5_600_000L; // 56,000.00 at price exponent -2
    private static final long YEAR_2100 = 4_102_444_800L * SECOND;

    private static final InstrumentRegistry SHIPPED = InstrumentRegistry.load(
        Path.of(System.getProperty("trader.root.dir", "..")).resolve("configs").resolve("instruments.yaml"));

    private final UnsafeBuffer buffer = TestEvents.newBuffer(1 << 16);
    private final MarketSanity sanity = new MarketSanity(SHIPPED);

    @Test
    void shouldDeriveTheDefaultLimitsFromTheInstrument()
    {
        final Instrument btc = SHIPPED.byId(BTC);
        assertEquals(1_000_000_000_000L, btc.maxQty(), "10^12 lots of 0.001 = 1e9 BTC at exponent -3");
        assertEquals(1_000_000_000_000_000L, btc.maxNotional(), "10^10 USDT at quote exponent -5");
        assertTrue(btc.tickGrid());
        // OKX spot: quote exponent -9 cannot hold 10^10 USDT with room to sum, so the default is Long.MAX_VALUE / 1024
        assertEquals(Long.MAX_VALUE / Instrument.SUM_HEADROOM, SHIPPED.resolve("okx:BTC-USDT").maxNotional());
        assertEquals(ClockSkew.DEFAULT, SHIPPED.clockSkew());
        assertEquals(10 * SECOND, ClockSkew.DEFAULT.maxAheadNs());
        assertEquals(3_600 * SECOND, ClockSkew.DEFAULT.maxBehindNs());
    }

    @Test
    void shouldPassTheTradesOfACaptureWhoseLocalClockIsBehindTheVenue()
    {
        // the USD-M capture's local clock is ~1.3 s behind the exchange's T
        assertNull(check(trade(T0 + 1_300_000_000L, T0, PRICE, 1_500, TradeType.TRADE)));
        assertNull(check(trade(T0 - 2 * SECOND, T0, PRICE, 1_500, TradeType.AGG_TRADE)));
        assertEquals(2, sanity.checked());
        assertEquals(0, sanity.rejected());
    }

    @Test
    void shouldRefuseAnOffTickTradePrice()
    {
        assertEquals(RejectReason.OFF_TICK, check(trade(T0, T0, 105, 1_000, TradeType.TRADE)));
        assertEquals("binance-usdm:BTCUSDT trade price 1.05 is off the tick grid 0.10", sanity.detail());
        assertEquals(BTC, sanity.instrumentId());
        assertEquals(77, sanity.reference(), "the trade id");
        // a liquidation's average price is not a traded price: not held to the grid
        assertNull(check(trade(T0, T0, 5_600_005, 1_000, TradeType.LIQUIDATION)));
        assertNull(check(trade(T0, T0, 5_600_005, 1_000, TradeType.INSURANCE_FUND)));
    }

    @Test
    void shouldRefuseAbsurdQuantitiesAndNotionals()
    {
        // 9,000,000 BTC at 56,000: within maxQty (1e9 BTC), but 504e9 USDT > maxNotional 1e10
        assertEquals(RejectReason.OUT_OF_RANGE, check(trade(T0, T0, PRICE, 9_000_000_000L, TradeType.TRADE)));
        assertEquals("binance-usdm:BTCUSDT trade notional 504000000000.00000 exceeds maxNotional 10000000000.00000",
            sanity.detail());
        // issue #9 case 1: "q":"10000000000.000"
        assertEquals(RejectReason.OUT_OF_RANGE, check(trade(T0, T0, PRICE, 10_000_000_000_000L, TradeType.TRADE)));
        assertEquals("binance-usdm:BTCUSDT trade qty 10000000000.000 exceeds maxQty 1000000000.000", sanity.detail());
        assertEquals(2, sanity.rejected(RejectReason.OUT_OF_RANGE));
        assertEquals(RejectReason.OUT_OF_RANGE, check(trade(T0, T0, 0, 1, TradeType.TRADE)));
        assertEquals(RejectReason.OUT_OF_RANGE, check(trade(T0, T0, PRICE, 0, TradeType.TRADE)));
    }

    @Test
    void shouldRefuseAProductTheQuoteExponentCannotHold()
    {
        // price 9e15 (mantissa 9e17, on the grid) x 1 BTC (mantissa 1000) = 9e20: beyond a long
        assertEquals(RejectReason.OVERFLOW, check(trade(T0, T0, 900_000_000_000_000_000L, 1_000, TradeType.TRADE)));
        assertEquals("binance-usdm:BTCUSDT trade price x qty 9000000000000000.00 x 1.000 does not fit a long at quoteExponent -5",
            sanity.detail());
        assertEquals(1, sanity.rejected(RejectReason.OVERFLOW));
    }

    @Test
    void shouldRefuseATradeStampedInTheYear2100AndOneFromLongAgo()
    {
        assertEquals(RejectReason.CLOCK_SKEW, check(trade(YEAR_2100, T0, PRICE, 1_000, TradeType.TRADE)));
        assertEquals("binance-usdm:BTCUSDT trade exchange time 2100-01-01T00:00:00Z is 2379283500.000 s after the receive time "
            + "2024-08-08T23:55:00Z (maxClockAhead 10.000 s)", sanity.detail());
        assertEquals(RejectReason.CLOCK_SKEW, check(trade(T0 - 3_601 * SECOND, T0, PRICE, 1_000, TradeType.TRADE)));
        assertEquals(RejectReason.CLOCK_SKEW, check(trade(T0 + 10 * SECOND + 1, T0, PRICE, 1_000, TradeType.TRADE)));
        assertNull(check(trade(T0 + 10 * SECOND, T0, PRICE, 1_000, TradeType.TRADE)), "the limit itself passes");
        assertNull(check(trade(0, T0, PRICE, 1_000, TradeType.TRADE)), "0: the venue sent no time");
        assertEquals(3, sanity.rejected(RejectReason.CLOCK_SKEW));
    }

    @Test
    void shouldJudgeHistoryByTheFilesPeriod()
    {
        final long day = 1_723_075_200L * SECOND; // 2024-08-08T00:00:00Z
        final int length = trade(YEAR_2100, YEAR_2100, PRICE, 1_000, TradeType.AGG_TRADE);
        assertNull(sanity.check(buffer, 0, length), "receive == exchange: the receive time cannot judge it");
        assertEquals(RejectReason.CLOCK_SKEW, sanity.check(buffer, 0, length, day, day + 86_400 * SECOND));
        final int inside = trade(day + 5 * SECOND, day + 5 * SECOND, PRICE, 1_000, TradeType.AGG_TRADE);
        assertNull(sanity.check(buffer, 0, inside, day, day + 86_400 * SECOND));
    }

    @Test
    void shouldRefuseAnAbsurdDepthLevelAndPassDeletions()
    {
        assertNull(check(depthUpdate(new long[]{PRICE, 1_500, PRICE - 10, 0}, new long[]{PRICE + 10, 2_000})),
            "quantity 0 deletes a level");
        // a 9e12 BTC level: beyond maxQty (1e9 BTC)
        assertEquals(RejectReason.OUT_OF_RANGE,
            check(depthUpdate(new long[]{PRICE, 1_500}, new long[]{PRICE + 10, 2_000, PRICE + 20, 9_000_000_000_000_000L})));
        assertEquals("binance-usdm:BTCUSDT ask 1 qty 9000000000000.000 exceeds maxQty 1000000000.000", sanity.detail());
        assertEquals(RejectReason.OFF_TICK, check(depthUpdate(new long[]{PRICE + 5, 1_500}, new long[]{})));
        assertEquals(RejectReason.OUT_OF_RANGE, check(depthSnapshot(new long[]{PRICE, 1_500}, new long[]{PRICE + 10, -1})));
        assertNull(check(depthSnapshot(new long[]{PRICE, 1_500}, new long[]{PRICE + 10, 2_000})));
    }

    @Test
    void shouldCheckBothSidesOfABestBidOfferButNotAnEmptyOne()
    {
        assertNull(check(TestEvents.bestBidOffer(buffer, 0, T0, T0, BTC, 5, PRICE, 1_000, 0, 0)), "an empty ask side");
        assertEquals(RejectReason.OFF_TICK, check(TestEvents.bestBidOffer(buffer, 0, T0, T0, BTC, 5, PRICE, 1_000, PRICE + 15, 1)));
        assertEquals("binance-usdm:BTCUSDT ask price 56000.15 is off the tick grid 0.10", sanity.detail());
    }

    @Test
    void shouldCheckKlinePricesAndTimes()
    {
        final long minute = 60 * SECOND;
        assertNull(check(TestEvents.kline(buffer, 0, T0 + minute, T0 + minute, BTC, minute, T0, PRICE, PRICE + 10, PRICE - 10,
            PRICE, 5_000, 0, 10, 0, 0, true)));
        assertEquals(RejectReason.OFF_TICK, check(TestEvents.kline(buffer, 0, T0 + minute, T0 + minute, BTC, minute, T0, PRICE,
            PRICE + 10, PRICE - 13, PRICE, 5_000, 0, 10, 0, 0, true)));
        assertEquals(RejectReason.CLOCK_SKEW, check(TestEvents.kline(buffer, 0, T0 + minute, T0 + minute, BTC, minute, YEAR_2100,
            PRICE, PRICE, PRICE, PRICE, 5_000, 0, 10, 0, 0, true)), "a kline that opens long after its own event");
    }

    @Test
    void shouldHoldMarkPricesToTheClockOnly()
    {
        // computed prices are legitimately off the tick grid ("31799.27730000")
        assertNull(check(markPrice(T0, T0, 3_179_927_730_000L, -8)));
        assertEquals(RejectReason.CLOCK_SKEW, check(markPrice(YEAR_2100, T0, 3_179_927_730_000L, -8)));
    }

    @Test
    void shouldPassEventsOfOtherTemplatesAndUnknownInstruments()
    {
        assertNull(check(trade(YEAR_2100, T0, 105, 1, TradeType.TRADE, 999)));
        assertEquals(0, sanity.checked());
    }

    @Test
    void shouldReadLimitsAndClockSkewFromTheRegistryFile() throws IOException
    {
        final InstrumentRegistry registry = InstrumentRegistry.parse(new ByteArrayInputStream((
            "sanity: { maxClockAhead: 2s, maxClockBehind: 5m }\n"
            + "instruments:\n"
            + "  - { id: 7, venue: binance-usdm, symbol: XUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -2,\n"
            + "      qtyExponent: -3, maxQty: \"100\", maxNotional: \"5000000\", tickGrid: false }\n")
            .getBytes(StandardCharsets.UTF_8)), "test.yaml");
        assertEquals(new ClockSkew(2 * SECOND, 300 * SECOND), registry.clockSkew());
        final Instrument x = registry.byId(7);
        assertEquals(100_000, x.maxQty());
        assertEquals(500_000_000_000L, x.maxNotional());
        final MarketSanity custom = new MarketSanity(registry);
        assertNull(custom.check(buffer, 0, trade(T0, T0, 105, 1_000, TradeType.TRADE, 7)), "tickGrid: false");
        assertEquals(RejectReason.OUT_OF_RANGE, custom.check(buffer, 0, trade(T0, T0, PRICE, 100_001, TradeType.TRADE, 7)));
        assertEquals(RejectReason.CLOCK_SKEW, custom.check(buffer, 0, trade(T0 + 3 * SECOND, T0, PRICE, 1, TradeType.TRADE, 7)));

        final IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.parse(
            new ByteArrayInputStream("sanity: { maxSkew: 2s }\ninstruments:\n  - { id: 7, venue: okx, symbol: X, tickSize: \"1\", lotSize: \"1\", priceExponent: 0, qtyExponent: 0 }\n"
                .getBytes(StandardCharsets.UTF_8)), "bad.yaml"));
        assertEquals("bad.yaml: sanity: unknown key 'maxSkew' (known: maxClockAhead, maxClockBehind)", badKey.getMessage());
        final IllegalArgumentException badLimit = assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.parse(
            new ByteArrayInputStream("instruments:\n  - { id: 7, venue: okx, symbol: X, tickSize: \"1\", lotSize: \"1\", priceExponent: 0, qtyExponent: 0, maxQty: \"0.5\" }\n"
                .getBytes(StandardCharsets.UTF_8)), "bad.yaml"));
        assertEquals("bad.yaml: instruments[0].maxQty: '0.5' is finer than qtyExponent 0", badLimit.getMessage());
    }

    @Test
    void shouldCountPerReasonInAStableOrder()
    {
        check(trade(T0, T0, 105, 1_000, TradeType.TRADE));
        check(trade(YEAR_2100, T0, PRICE, 1_000, TradeType.TRADE));
        check(trade(T0, T0, PRICE, 1_000, TradeType.TRADE));
        final Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("checked", 3L);
        expected.put("rejected", 2L);
        expected.put("rejected.OVERFLOW", 0L);
        expected.put("rejected.OFF_TICK", 1L);
        expected.put("rejected.OUT_OF_RANGE", 0L);
        expected.put("rejected.CLOCK_SKEW", 1L);
        assertEquals(expected, sanity.counters());
    }

    @Test
    void shouldNotAllocateWhenEventsPass()
    {
        final int tradeLength = trade(T0, T0, PRICE, 1_000, TradeType.TRADE);
        final UnsafeBuffer depth = new UnsafeBuffer(new byte[4096]);
        final long[] bids = new long[40];
        final long[] asks = new long[40];
        for (int i = 0; i < 20; i++)
        {
            bids[2 * i] = PRICE - 10L * i;
            bids[2 * i + 1] = 1_000 + i;
            asks[2 * i] = PRICE + 10 + 10L * i;
            asks[2 * i + 1] = 2_000 + i;
        }
        final int depthLength = depthUpdate(depth, bids, asks);
        // warm up until the JIT has compiled the checks (a deoptimisation mid-measurement may allocate)
        for (int i = 0; i < 300_000; i++)
        {
            sanity.check(buffer, 0, tradeLength);
            sanity.check(depth, 0, depthLength);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long self = Thread.currentThread().getId();
        // the least of five rounds: a per-check allocation shows in every round (>= 3.2 MB), while a one-off JIT
        // transition on a loaded machine shows in one round at most
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getThreadAllocatedBytes(self);
            int passed = 0;
            for (int i = 0; i < 100_000; i++)
            {
                passed += sanity.check(buffer, 0, tradeLength) == null ? 1 : 0;
                passed += sanity.check(depth, 0, depthLength) == null ? 1 : 0;
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(self) - before);
            assertEquals(200_000, passed);
        }
        // one allocation per check would be at least 16 bytes each (3.2 MB); allow a few stray bytes of the measurement
        assertTrue(allocated < 1024, allocated + " bytes allocated by 200,000 checks that passed");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private RejectReason check(final int length)
    {
        return sanity.check(buffer, 0, length);
    }

    private int trade(final long exchangeTsNs, final long receiveTsNs, final long price, final long qty, final TradeType type)
    {
        return trade(exchangeTsNs, receiveTsNs, price, qty, type, BTC);
    }

    private int trade(final long exchangeTsNs, final long receiveTsNs, final long price, final long qty, final TradeType type,
        final int instrumentId)
    {
        return TestEvents.trade(buffer, 0, exchangeTsNs, receiveTsNs, instrumentId, 77, price, qty, Side.BUY, type, 77, 77);
    }

    private int depthUpdate(final long[] bids, final long[] asks)
    {
        return depthUpdate(buffer, bids, asks);
    }

    /** Levels as {price, qty, price, qty, ...}. */
    private static int depthUpdate(final UnsafeBuffer target, final long[] bids, final long[] asks)
    {
        final DepthUpdateEncoder e = new DepthUpdateEncoder().wrapAndApplyHeader(target, 0, new MessageHeaderEncoder())
            .exchangeTsNs(T0).receiveTsNs(T0).instrumentId(BTC).firstUpdateId(10).lastUpdateId(11).prevUpdateId(9)
            .checksum(0).hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder b = e.bidsCount(bids.length / 2);
        for (int i = 0; i < bids.length; i += 2)
        {
            b.next().price(bids[i]).qty(bids[i + 1]).priceDecimals((byte)2).qtyDecimals((byte)3);
        }
        final DepthUpdateEncoder.AsksEncoder a = e.asksCount(asks.length / 2);
        for (int i = 0; i < asks.length; i += 2)
        {
            a.next().price(asks[i]).qty(asks[i + 1]).priceDecimals((byte)2).qtyDecimals((byte)3);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int depthSnapshot(final long[] bids, final long[] asks)
    {
        final DepthSnapshotEncoder e = new DepthSnapshotEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(T0).receiveTsNs(T0).instrumentId(BTC).lastUpdateId(11).checksum(0).hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder b = e.bidsCount(bids.length / 2);
        for (int i = 0; i < bids.length; i += 2)
        {
            b.next().price(bids[i]).qty(bids[i + 1]).priceDecimals((byte)2).qtyDecimals((byte)3);
        }
        final DepthSnapshotEncoder.AsksEncoder a = e.asksCount(asks.length / 2);
        for (int i = 0; i < asks.length; i += 2)
        {
            a.next().price(asks[i]).qty(asks[i + 1]).priceDecimals((byte)2).qtyDecimals((byte)3);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    private int markPrice(final long exchangeTsNs, final long receiveTsNs, final long mark, final int exponent)
    {
        final MarkPriceEncoder e = new MarkPriceEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(exchangeTsNs).receiveTsNs(receiveTsNs).instrumentId(BTC).nextFundingTimeNs(0);
        e.markPrice().mantissa(mark).exponent((byte)exponent);
        e.indexPrice().mantissa(mark).exponent((byte)exponent);
        e.estimatedSettlePrice().mantissa(0).exponent((byte)exponent);
        e.fundingRate().mantissa(1).exponent((byte)-4);
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }
}
