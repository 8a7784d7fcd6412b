package dev.trader.engine.stages;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.DecodedBar;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-computed bar scenarios. Instrument 1 has price exponent -1, qty exponent -3 and (default) quote exponent -4,
 * so a price mantissa 10000 is 1000.0, a qty mantissa 500 is 0.500, and price * qty mantissas are already at the
 * quote exponent. VWAP is carried at priceExponent - 4 = -5.
 */
class BarStageTest
{
    private static final int ID = 1;
    private static final int FINE_QUOTE_ID = 2;
    private static final int UNKNOWN_ID = 999;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final long MINUTE = 60 * SECOND;
    /** 2023-11-14T22:14:00Z: aligned to the minute. */
    private static final long T0 = 1_700_000_040L * SECOND;
    private static final long RECEIVE_DELAY = 2 * MS;
    private static final int VWAP_EXPONENT = -5;

    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "TESTUSDT", "0.1", "0.001", -1, -3, -4),
        new Instrument(FINE_QUOTE_ID, Venue.SYNTHETIC, "FINEUSDT", "0.01", "0.001", -2, -3, -6)));

    private final UnsafeBuffer buffer = TestEvents.newBuffer();
    private final CollectingSink out = new CollectingSink();
    private BarStage stage;
    private Pipeline pipeline;
    private long nextTradeId = 1;

    @Test
    void shouldEmitOneExactSecondBarWhenFirstTradeOfNextSecondArrives()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + 100 * MS, 10000, 500, Side.BUY);
        trade(T0 + 400 * MS, 10025, 250, Side.SELL);
        trade(T0 + 700 * MS, 9999, 1000, Side.NONE);
        trade(T0 + 900 * MS, 10013, 3, Side.BUY);
        assertEquals(0, out.size(), "no bar while second 0 is still open");

        trade(T0 + 1_050 * MS, 10010, 100, Side.SELL);

        // quote = 10000*500 + 10025*250 + 9999*1000 + 10013*3 = 5_000_000 + 2_506_250 + 9_999_000 + 30_039
        // vwap  = 17_535_289 / 1753 * 10^4 = 100_030_171.135... -> 100_030_171 (1000.30171)
        final DecodedBar expected = new DecodedBar(
            T0 + SECOND, T0 + 1_050 * MS + RECEIVE_DELAY, ID, SECOND, T0,
            10000, 10025, 9999, 10013,
            1753, 17_535_289, 4, 503, 250,
            100_030_171, VWAP_EXPONENT, false, false, false);
        assertEquals(List.of(expected), out.bars());
        assertEquals(1L, stage.counters().get("barsFromTrades"));
    }

    @Test
    void shouldEmitNoBarForAnIntervalWithoutTrades()
    {
        start(BarStage.Source.TRADES, Duration.ofSeconds(1));
        trade(T0 + 500 * MS, 10000, 1, Side.BUY);
        trade(T0 + 3_200 * MS, 10001, 1, Side.BUY);
        trade(T0 + 4_100 * MS, 10002, 1, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(2, bars.size(), "seconds 1 and 2 had no trades, so no bars for them");
        assertEquals(T0, bars.get(0).openTimeNs());
        assertEquals(T0 + SECOND, bars.get(0).exchangeTsNs());
        assertEquals(T0 + 3 * SECOND, bars.get(1).openTimeNs());
        assertEquals(T0 + 4 * SECOND, bars.get(1).exchangeTsNs());
    }

    @Test
    void shouldCloseMinuteBarOnFirstTradeOfNextMinuteAndEmitSecondBarFirst()
    {
        start(BarStage.Source.AUTO, Duration.ofMinutes(1), Duration.ofSeconds(1));
        trade(T0 + 10 * SECOND, 10000, 1, Side.BUY);
        trade(T0 + 59_999 * MS, 10001, 2, Side.SELL);
        assertEquals(1, out.size(), "the 59.999 s trade closes second 10 only");

        trade(T0 + MINUTE, 10002, 5, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(3, bars.size());
        assertEquals(SECOND, bars.get(0).intervalNs());
        assertEquals(T0 + 10 * SECOND, bars.get(0).openTimeNs());
        assertEquals(SECOND, bars.get(1).intervalNs(), "1 s bar first when one trade closes both");
        assertEquals(T0 + 59 * SECOND, bars.get(1).openTimeNs());
        // quote = 10000*1 + 10001*2 = 30_002; vwap = 30_002 / 3 * 10^4 = 100_006_666.67 -> 100_006_667 (half up)
        final DecodedBar minute = new DecodedBar(
            T0 + MINUTE, T0 + MINUTE + RECEIVE_DELAY, ID, MINUTE, T0,
            10000, 10001, 10000, 10001,
            3, 30_002, 2, 1, 2,
            100_006_667, VWAP_EXPONENT, false, false, false);
        assertEquals(minute, bars.get(2));
    }

    @Test
    void shouldNotEmitBarStillOpenAtEndOfStream()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + 100 * MS, 10000, 1, Side.BUY);
        trade(T0 + 200 * MS, 10001, 1, Side.SELL);

        pipeline.onEndOfStream();

        assertEquals(0, out.size());
        assertEquals(1, out.endOfStreamCalls());
    }

    @Test
    void shouldFoldOutOfOrderTradeIntoOpenBarAndCountIt()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + 1_200 * MS, 10000, 10, Side.BUY);
        trade(T0 + 800 * MS, 9990, 20, Side.SELL);
        trade(T0 + 1_500 * MS, 10010, 30, Side.BUY);
        trade(T0 + 2_100 * MS, 10005, 1, Side.NONE);

        // quote = 10000*10 + 9990*20 + 10010*30 = 600_100; vwap = 600_100 / 60 * 10^4 = 100_016_666.67 -> 100_016_667
        final DecodedBar expected = new DecodedBar(
            T0 + 2 * SECOND, T0 + 2_100 * MS + RECEIVE_DELAY, ID, SECOND, T0 + SECOND,
            10000, 10010, 9990, 10010,
            60, 600_100, 3, 40, 20,
            100_016_667, VWAP_EXPONENT, false, false, false);
        assertEquals(List.of(expected), out.bars());
        assertEquals(1L, stage.counters().get("outOfOrderTrades"));
    }

    @Test
    void shouldNotLetALatePrintBecomeTheClose()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + 1_200 * MS, 10000, 10, Side.BUY);
        trade(T0 + 1_600 * MS, 10010, 10, Side.BUY);
        trade(T0 + 1_300 * MS, 9990, 10, Side.SELL);   // arrives last, happened before the 10010 print
        trade(T0 + 2_100 * MS, 10005, 1, Side.NONE);

        final DecodedBar bar = out.bars().get(0);
        assertEquals(10010, bar.close(), "the close is the latest print by time, not the last to arrive");
        assertEquals(9990, bar.low(), "the late print still counts for low and volume");
        assertEquals(30, bar.volume());
    }

    @Test
    void shouldCountOutOfOrderTradeOnceWhenItIsOlderThanEveryOpenBar()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + MINUTE + 500 * MS, 10000, 1, Side.BUY);
        trade(T0 + 59_500 * MS, 10001, 1, Side.BUY);
        trade(T0 + 2 * MINUTE + SECOND, 10002, 1, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(2, bars.size());
        assertEquals(T0 + MINUTE, bars.get(0).openTimeNs());
        assertEquals(SECOND, bars.get(0).intervalNs());
        assertEquals(2, bars.get(0).tradeCount(), "late trade folded into the open 1 s bar");
        assertEquals(T0 + MINUTE, bars.get(1).openTimeNs());
        assertEquals(MINUTE, bars.get(1).intervalNs());
        assertEquals(2, bars.get(1).tradeCount(), "late trade folded into the open 1 m bar");
        assertEquals(1L, stage.counters().get("outOfOrderTrades"), "one late trade, counted once");
    }

    @Test
    void shouldTurnClosedKlineIntoBarWithIdenticalValues()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        final long receive = T0 + MINUTE + 5 * MS;
        kline(receive, ID, MINUTE, T0, 10000, 10050, 9950, 10020, 12_345, 123_511_800, 77, 5_000, true);

        // vwap = 123_511_800 / 12_345 * 10^4 = 100_050_060.75 -> 100_050_061
        final DecodedBar expected = new DecodedBar(
            T0 + MINUTE, receive, ID, MINUTE, T0,
            10000, 10050, 9950, 10020,
            12_345, 123_511_800, 77, 5_000, 7_345,
            100_050_061, VWAP_EXPONENT, true, false, false);
        assertEquals(List.of(expected), out.bars());
        assertEquals(1L, stage.counters().get("barsFromKlines"));
    }

    @Test
    void shouldIgnoreUnclosedKline()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        kline(T0 + 30 * SECOND, ID, MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, false);

        assertEquals(0, out.size());
        assertEquals(1L, stage.counters().get("klinesIgnored"));
        // an unclosed kline does not claim the interval: trades still build 1 m bars
        trade(T0 + 40 * SECOND, 10000, 1, Side.BUY);
        trade(T0 + MINUTE, 10000, 1, Side.BUY);
        assertEquals(1, out.bars(MINUTE).size());
        assertEquals(false, out.bars(MINUTE).get(0).fromKline());
    }

    @Test
    void shouldIgnoreAndCountDuplicateKline()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        kline(T0 + MINUTE + MS, ID, MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);
        kline(T0 + MINUTE + 2 * MS, ID, MINUTE, T0, 10000, 10060, 9950, 10030, 110, 1_100_000, 4, 50, true);

        assertEquals(1, out.bars().size());
        assertEquals(10050, out.bars().get(0).high(), "the first kline for that minute wins");
        assertEquals(1L, stage.counters().get("duplicateBars"));
    }

    @Test
    void shouldIgnoreKlineWhoseIntervalIsNotABarInterval()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        kline(T0 + 5 * MINUTE, ID, 5 * MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);

        assertEquals(0, out.size());
        assertEquals(1L, stage.counters().get("klinesIgnored"));
    }

    @Test
    void shouldIgnoreTradesForIntervalOwnedByKlinesButStillBuildSecondBarsWhenSourceAuto()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        kline(T0 + MS, ID, MINUTE, T0 - MINUTE, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);
        trade(T0 + 500 * MS, 10000, 1, Side.BUY);
        trade(T0 + 1_500 * MS, 10001, 1, Side.BUY);
        trade(T0 + MINUTE + 500 * MS, 10002, 1, Side.BUY);
        kline(T0 + MINUTE + 700 * MS, ID, MINUTE, T0, 10000, 10002, 10000, 10001, 2, 20_001, 2, 2, true);

        final List<DecodedBar> bars = out.bars();
        assertEquals(4, bars.size());
        assertEquals(new Expect(MINUTE, T0 - MINUTE, true), Expect.of(bars.get(0)));
        assertEquals(new Expect(SECOND, T0, false), Expect.of(bars.get(1)));
        assertEquals(new Expect(SECOND, T0 + SECOND, false), Expect.of(bars.get(2)));
        assertEquals(new Expect(MINUTE, T0, true), Expect.of(bars.get(3)), "1 m bars come only from klines");
        assertEquals(2L, stage.counters().get("barsFromTrades"));
        assertEquals(2L, stage.counters().get("barsFromKlines"));
        assertEquals(3L, stage.counters().get("tradesIgnored"), "each trade skipped for the 1 m interval");
    }

    @Test
    void shouldIgnoreKlinesForIntervalOwnedByTradesWhenSourceAuto()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + 500 * MS, 10000, 1, Side.BUY);
        kline(T0 + MINUTE + MS, ID, MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);
        trade(T0 + MINUTE + 500 * MS, 10002, 1, Side.BUY);

        final List<DecodedBar> bars = out.bars(MINUTE);
        assertEquals(1, bars.size());
        assertEquals(false, bars.get(0).fromKline());
        assertEquals(1, bars.get(0).tradeCount());
        assertEquals(1L, stage.counters().get("klinesIgnored"));
    }

    @Test
    void shouldIgnoreKlinesWhenSourceIsTrades()
    {
        start(BarStage.Source.TRADES, Duration.ofSeconds(1), Duration.ofMinutes(1));
        kline(T0 + MS, ID, MINUTE, T0 - MINUTE, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);
        trade(T0 + SECOND, 10000, 1, Side.BUY);
        trade(T0 + MINUTE + SECOND, 10001, 1, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(2, bars.size());
        assertEquals(new Expect(SECOND, T0 + SECOND, false), Expect.of(bars.get(0)));
        assertEquals(new Expect(MINUTE, T0, false), Expect.of(bars.get(1)));
        assertEquals(1L, stage.counters().get("klinesIgnored"));
        assertEquals(0L, stage.counters().get("barsFromKlines"));
    }

    @Test
    void shouldIgnoreTradesWhenSourceIsKlines()
    {
        start(BarStage.Source.KLINES, Duration.ofSeconds(1), Duration.ofMinutes(1));
        trade(T0 + SECOND, 10000, 1, Side.BUY);
        trade(T0 + MINUTE + SECOND, 10001, 1, Side.BUY);
        kline(T0 + MINUTE + 2 * SECOND, ID, MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);

        final List<DecodedBar> bars = out.bars();
        assertEquals(1, bars.size());
        assertEquals(new Expect(MINUTE, T0, true), Expect.of(bars.get(0)));
        assertEquals(2L, stage.counters().get("tradesIgnored"));
        assertEquals(0L, stage.counters().get("barsFromTrades"));
    }

    @Test
    void shouldCountUnknownInstrumentWithoutCrashing()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        tradeOf(UNKNOWN_ID, T0 + 100 * MS, 10000, 1, Side.BUY);
        tradeOf(UNKNOWN_ID, T0 + 2 * SECOND, 10000, 1, Side.BUY);
        kline(T0 + MINUTE, UNKNOWN_ID, MINUTE, T0, 10000, 10050, 9950, 10020, 100, 1_000_000, 3, 50, true);

        assertEquals(0, out.size());
        assertEquals(3L, stage.counters().get("unknownInstrument"));

        trade(T0 + 3 * SECOND, 10000, 1, Side.BUY);
        trade(T0 + 4 * SECOND, 10000, 1, Side.BUY);
        assertEquals(1, out.bars().size(), "known instruments are unaffected");
    }

    @Test
    void shouldKeepInstrumentsApart()
    {
        start(BarStage.Source.TRADES, Duration.ofSeconds(1));
        tradeOf(ID, T0 + 100 * MS, 10000, 1, Side.BUY);
        tradeOf(FINE_QUOTE_ID, T0 + 200 * MS, 250_000, 1, Side.BUY);
        tradeOf(ID, T0 + 1_100 * MS, 10001, 1, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(1, bars.size(), "instrument 2's bar is still open");
        assertEquals(ID, bars.get(0).instrumentId());
        assertEquals(1, bars.get(0).tradeCount());
    }

    @Test
    void shouldScaleQuoteVolumeWhenQuoteExponentIsFinerThanPricePlusQty()
    {
        start(BarStage.Source.TRADES, Duration.ofSeconds(1));
        // instrument 2: price -2, qty -3, quote -6, vwap -6
        tradeOf(FINE_QUOTE_ID, T0 + 100 * MS, 250_025, 4, Side.BUY);
        tradeOf(FINE_QUOTE_ID, T0 + 200 * MS, 250_050, 1, Side.SELL);
        tradeOf(FINE_QUOTE_ID, T0 + SECOND, 250_000, 1, Side.SELL);

        // quote = (250_025*4 + 250_050*1) * 10 = 12_501_500 (12.5015); vwap = 12.5015 / 0.005 = 2500.3 -> 2_500_300_000e-6
        final DecodedBar bar = out.bars().get(0);
        assertEquals(12_501_500, bar.quoteVolume());
        assertEquals(5, bar.volume());
        assertEquals(2_500_300_000L, bar.vwapMantissa());
        assertEquals(-6, bar.vwapExponent());
    }

    @Test
    void shouldIgnoreOtherTemplates()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1), Duration.ofMinutes(1));
        final int length = TestEvents.bestBidOffer(buffer, 0, T0, T0, ID, 1, 9999, 10, 10001, 10);
        pipeline.onInput(buffer, 0, length, System.nanoTime());

        assertEquals(0, out.size());
        for (final long value : stage.counters().values())
        {
            assertEquals(0L, value);
        }
    }

    @Test
    void shouldReportCountersInStableOrder()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1));
        assertEquals(
            List.of("barsFromTrades", "barsFromKlines", "barsFromMinutes", "outOfOrderTrades", "tradesIgnored", "klinesIgnored",
                "duplicateBars", "outOfOrderBars", "repairedBars", "gapsFilled", "gapsUnfilled", "missingBarsUnfilled",
                "regimeBreakBars", "htfIncomplete", "gapsNotListed", "unknownInstrument", "timeJumpsHeld", "timeOutliers"),
            List.copyOf(stage.counters().keySet()));
        assertEquals("bars", stage.name());
    }

    /**
     * Issue #9 case 4, defence in depth: one trade stamped in the year 2100 (the boundary's CLOCK_SKEW check aside) must
     * not stop the bars. It is held as a jump, the next trade does not confirm it, so it is dropped as an outlier and
     * every later second still gets its bar.
     */
    @Test
    void shouldKeepMakingBarsAfterOneTradeStampedInTheYear2100()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1));
        final long year2100 = 4_102_444_800L * SECOND;
        trade(T0 + 100 * MS, 10000, 1, Side.BUY);
        trade(T0 + 500 * MS, 10010, 2, Side.SELL);
        trade(year2100, 99990, 3, Side.BUY);
        trade(T0 + 1_200 * MS, 10020, 4, Side.BUY);
        trade(T0 + 2_300 * MS, 10030, 5, Side.SELL);
        trade(T0 + 3_100 * MS, 10040, 6, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(List.of(T0, T0 + SECOND, T0 + 2 * SECOND), bars.stream().map(DecodedBar::openTimeNs).toList());
        // second 0: the two real trades only (quote 10000*1 + 10010*2 = 30_020); closed by the 1.2 s trade
        assertEquals(new DecodedBar(T0 + SECOND, T0 + 1_200 * MS + RECEIVE_DELAY, ID, SECOND, T0,
            10000, 10010, 10000, 10010, 3, 30_020, 2, 1, 2, 100_066_667, VWAP_EXPONENT, false, false, false), bars.get(0));
        assertEquals(10020, bars.get(1).high(), "the 2100 trade's price is in no bar");
        assertEquals(4, bars.get(1).volume());
        assertEquals(1L, stage.counters().get("timeJumpsHeld"));
        assertEquals(1L, stage.counters().get("timeOutliers"));
        assertEquals(0L, stage.counters().get("outOfOrderTrades"));
    }

    /** A real gap in the data (more than maxTimeJump): the next trade confirms it, and both are applied in order. */
    @Test
    void shouldApplyAJumpOnceTheNextTradeConfirmsIt()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1));
        final long later = T0 + 2 * 3_600 * SECOND;
        trade(T0 + 100 * MS, 10000, 1, Side.BUY);
        trade(later + 500 * MS, 10100, 2, Side.BUY);
        assertEquals(0, out.size(), "the jump waits for the next trade");
        trade(later + 700 * MS, 10110, 3, Side.SELL);
        assertEquals(1, out.size(), "confirmed: second 0 closes now, stamped with the confirming trade's receive time");
        trade(later + 1_200 * MS, 10120, 4, Side.BUY);

        final List<DecodedBar> bars = out.bars();
        assertEquals(List.of(T0, later), bars.stream().map(DecodedBar::openTimeNs).toList());
        assertEquals(later + 700 * MS + RECEIVE_DELAY, bars.get(0).receiveTsNs());
        // both trades of the new second: quote 10100*2 + 10110*3 = 50_530
        assertEquals(new DecodedBar(later + SECOND, later + 1_200 * MS + RECEIVE_DELAY, ID, SECOND, later,
            10100, 10110, 10100, 10110, 5, 50_530, 2, 2, 3, 101_060_000, VWAP_EXPONENT, false, false, false), bars.get(1));
        assertEquals(1L, stage.counters().get("timeJumpsHeld"));
        assertEquals(0L, stage.counters().get("timeOutliers"));
    }

    /** A trade whose price x qty leaves a long (refused at the boundary; here it got through) must not throw. */
    @Test
    void shouldNotThrowOnATradeWhoseNotionalOverflows()
    {
        start(BarStage.Source.AUTO, Duration.ofSeconds(1));
        trade(T0 + 100 * MS, 10000, Long.MAX_VALUE / 1000, Side.BUY);
        trade(T0 + 1_100 * MS, 10000, 1, Side.BUY);

        assertEquals(1, out.bars().size());
        assertEquals(Long.MAX_VALUE, out.bars().get(0).quoteVolume(), "the notional saturates instead of throwing");
        assertEquals(0, pipeline.internalErrors());
    }

    @Test
    void shouldParseSourceCaseInsensitivelyAndRejectUnknown()
    {
        assertEquals(BarStage.Source.AUTO, BarStage.Source.parse("auto"));
        assertEquals(BarStage.Source.KLINES, BarStage.Source.parse(" Klines "));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> BarStage.Source.parse("candles"));
        assertTrue(ex.getMessage().contains("candles"), ex.getMessage());
    }

    @Test
    void shouldRejectMissingIntervals()
    {
        assertThrows(IllegalArgumentException.class, () -> new BarStage(REGISTRY, List.of(), BarStage.Source.AUTO));
    }

    private void start(final BarStage.Source source, final Duration... intervals)
    {
        stage = new BarStage(REGISTRY, List.of(intervals), source);
        pipeline = new Pipeline(List.of(stage), EventSink.NONE, out, new EventClock(), 64 * 1024, false);
    }

    private void trade(final long exchangeTsNs, final long price, final long qty, final Side aggressor)
    {
        tradeOf(ID, exchangeTsNs, price, qty, aggressor);
    }

    private void tradeOf(final int instrumentId, final long exchangeTsNs, final long price, final long qty, final Side aggressor)
    {
        final int length = TestEvents.trade(
            buffer, 0, exchangeTsNs, exchangeTsNs + RECEIVE_DELAY, instrumentId, nextTradeId++, price, qty, aggressor);
        pipeline.onInput(buffer, 0, length, System.nanoTime());
    }

    private void kline(
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
        final boolean closed)
    {
        final int length = TestEvents.kline(
            buffer, 0, openTimeNs + intervalNs, receiveTsNs, instrumentId, intervalNs, openTimeNs,
            open, high, low, close, volume, quoteVolume, tradeCount, takerBuyVolume, 0, closed);
        pipeline.onInput(buffer, 0, length, System.nanoTime());
        assertTrue(out.templateIds().stream().allMatch(t -> t == BarDecoder.TEMPLATE_ID));
    }

    /** The identity of a bar: which interval, which window, which source. */
    private record Expect(long intervalNs, long openTimeNs, boolean fromKline)
    {
        static Expect of(final DecodedBar bar)
        {
            return new Expect(bar.intervalNs(), bar.openTimeNs(), bar.fromKline());
        }
    }
}
