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
import dev.trader.engine.testing.SeedValidateRepair;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bar stage's 1 m validation and repair (seed 000 section 4.A) and the higher timeframes aggregated from the
 * repaired 1 m stream: hand-built scenarios, and random in-order streams compared row by row with the seed's
 * {@code validate_repair} ported to Java ({@link SeedValidateRepair}).
 */
class BarRepairTest
{
    private static final int ID = 1;
    private static final long MINUTE = BarStage.MINUTE_NS;
    private static final long SECOND = 1_000_000_000L;
    /** 2023-11-14T22:00:00Z: aligned to the hour. */
    private static final long T0 = 1_699_999_200L * SECOND;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "TESTUSDT", "0.1", "0.001", -1, -3, -4)));

    private final UnsafeBuffer buffer = TestEvents.newBuffer();
    private final CollectingSink out = new CollectingSink();
    private BarStage stage;
    private Pipeline pipeline;

    /** One decoded bar with what these tests look at. */
    private record Bar(long intervalNs, long openTimeNs, long open, long high, long low, long close, long volume, long tradeCount,
                       boolean fromKline, boolean repaired, boolean regimeBreak, boolean dupe, boolean outOfOrder, double ret)
    {
    }

    @Test
    void shouldFillGapsOfOneAndTwoBarsAndFlagRegimeBreakAfterAFiveBarGap()
    {
        start(true, Duration.ofMinutes(1));
        // minutes 0-2, [3 missing], 4-5, [6-7 missing], 8-9, [10-14 missing], 15-40
        final List<Integer> minutes = new ArrayList<>();
        for (int m = 0; m <= 40; m++)
        {
            if (m != 3 && m != 6 && m != 7 && (m < 10 || m > 14))
            {
                minutes.add(m);
            }
        }
        for (final int m : minutes)
        {
            kline(m, 1000 + m * 10);
        }
        final List<Bar> bars = bars(MINUTE);
        assertEquals(41 - 5, bars.size(), "33 real + 3 synthetic minutes, the 5-bar gap stays open");

        final Bar three = find(bars, 3);
        assertTrue(three.repaired());
        assertFalse(three.fromKline());
        assertEquals(List.of(1020L, 1020L, 1020L, 1020L, 0L, 0L), List.of(three.open(), three.high(), three.low(), three.close(),
            three.volume(), three.tradeCount()), "OHLC = previous close, volume 0");
        assertEquals(0.0, three.ret());
        assertTrue(find(bars, 6).repaired() && find(bars, 7).repaired());
        assertEquals(1050L, find(bars, 7).close());
        assertEquals(1040.0 / 1020.0 - 1.0, find(bars, 4).ret(), 1e-15, "return against the synthetic bar's close");
        assertEquals(1150.0 / 1090.0 - 1.0, find(bars, 15).ret(), 1e-15, "after an open gap: against the last bar before it");
        for (final Bar b : bars)
        {
            final int m = (int)((b.openTimeNs() - T0) / MINUTE);
            assertEquals(m >= 15 && m < 30, b.regimeBreak(), "regimeBreak on the 15 real bars after the gap, minute " + m);
            assertEquals(m == 3 || m == 6 || m == 7, b.repaired(), "minute " + m);
        }

        assertEquals(3L, stage.counters().get("repairedBars"));
        assertEquals(2L, stage.counters().get("gapsFilled"));
        assertEquals(1L, stage.counters().get("gapsUnfilled"));
        assertEquals(5L, stage.counters().get("missingBarsUnfilled"));
        assertEquals(15L, stage.counters().get("regimeBreakBars"));
        final GapReport report = stage.gapReport();
        assertEquals(List.of(
            new GapReport.Gap(ID, T0 + 3 * MINUTE, T0 + 3 * MINUTE, 1, true),
            new GapReport.Gap(ID, T0 + 6 * MINUTE, T0 + 7 * MINUTE, 2, true),
            new GapReport.Gap(ID, T0 + 10 * MINUTE, T0 + 14 * MINUTE, 5, false)), report.gaps());
        assertEquals(new GapReport.InstrumentGaps(ID, 33, 3, 0, 0, 2, 1, 5, 15, T0, T0 + 40 * MINUTE), report.instruments().get(0));
        assertEquals(3L, report.totals().get("gaps"));
        assertEquals(3, ((List<?>)report.toMap(REGISTRY).get("gaps")).size());
    }

    @Test
    void shouldDropDuplicateAndLateBarsKeepingFirstAndFlagTheNextBar()
    {
        start(true, Duration.ofMinutes(1));
        kline(0, 1000);
        kline(1, 1010);
        kline(1, 9999);   // duplicate: dropped, the first one stays
        kline(2, 1020);
        kline(0, 8888);   // late: dropped
        kline(3, 1030);

        final List<Bar> bars = bars(MINUTE);
        assertEquals(4, bars.size());
        assertEquals(1010L, bars.get(1).close());
        assertTrue(bars.get(2).dupe() && !bars.get(2).outOfOrder(), "the bar after a dropped duplicate carries dupe");
        assertTrue(bars.get(3).outOfOrder() && !bars.get(3).dupe(), "the bar after a dropped late bar carries outOfOrder");
        assertFalse(bars.get(0).dupe() || bars.get(1).dupe());
        assertEquals(1L, stage.counters().get("duplicateBars"));
        assertEquals(1L, stage.counters().get("outOfOrderBars"));
        final GapReport.InstrumentGaps g = stage.gapReport().instruments().get(0);
        assertEquals(1L, g.duplicates());
        assertEquals(1L, g.outOfOrder());
    }

    @Test
    void shouldLeaveGapsAloneWhenRepairIsOff()
    {
        start(false, Duration.ofMinutes(1));
        kline(0, 1000);
        kline(2, 1020);
        kline(9, 1090);
        final List<Bar> bars = bars(MINUTE);
        assertEquals(3, bars.size());
        assertTrue(bars.stream().noneMatch(b -> b.repaired() || b.regimeBreak()));
        assertEquals(0, stage.gapReport().gaps().size());
    }

    @Test
    void shouldMatchSeedValidateRepairRowByRowOnRandomInOrderStreams()
    {
        final Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            start(true, Duration.ofMinutes(1));
            final List<SeedValidateRepair.Row> rows = new ArrayList<>();
            long minute = 0;
            for (int i = 0; i < 120; i++)
            {
                final int roll = random.nextInt(20);
                if (roll == 0 && !rows.isEmpty())
                {
                    minute += 1 + random.nextInt(8);            // a gap of 1..8 bars
                }
                final boolean duplicate = roll == 1 && !rows.isEmpty();
                final long m = duplicate ? minute - 1 : minute;
                final long close = 1000 + random.nextInt(50);
                rows.add(new SeedValidateRepair.Row(T0 + m * MINUTE, close - 1, close + 3, close - 4, close, 5 + random.nextInt(5)));
                if (!duplicate)
                {
                    minute++;
                }
            }
            for (final SeedValidateRepair.Row r : rows)
            {
                klineRow(r);
            }
            final List<SeedValidateRepair.Out> expected = SeedValidateRepair.validateRepair(rows, MINUTE);
            final List<Bar> actual = bars(MINUTE);
            assertEquals(expected.size(), actual.size(), "trial " + trial);
            for (int i = 0; i < expected.size(); i++)
            {
                final SeedValidateRepair.Out e = expected.get(i);
                final Bar a = actual.get(i);
                final String where = "trial " + trial + " row " + i;
                assertEquals(e.timestampNs(), a.openTimeNs(), where);
                assertEquals(List.of(e.open(), e.high(), e.low(), e.close(), e.volume()),
                    List.of(a.open(), a.high(), a.low(), a.close(), a.volume()), where);
                assertEquals(e.repairedSmallGap() == 1, a.repaired(), where + " repaired_small_gap");
                assertEquals(e.regimeBreak() == 1, a.regimeBreak(), where + " regime_break");
                assertEquals(0, e.dupeFlag(), where);
                assertEquals(0, e.outOfOrderFlag(), where + ": an in-order stream");
            }
        }
    }

    @Test
    void shouldEmitHigherTimeframeRightAfterItsLastMinuteOrBeforeTheFirstMinuteOfALaterInterval()
    {
        start(true, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));
        for (int m = 0; m <= 6; m++)
        {
            kline(m, 1000 + m);
        }
        // minutes 7..11 missing (5 bars: not filled), then 12
        kline(12, 1012);

        final List<Bar> all = allBars();
        final List<String> order = new ArrayList<>();
        for (final Bar b : all)
        {
            order.add(b.intervalNs() / MINUTE + "m@" + (b.openTimeNs() - T0) / MINUTE);
        }
        assertEquals(List.of("1m@0", "1m@1", "1m@2", "1m@3", "1m@4", "5m@0", "1m@5", "1m@6", "5m@5", "1m@12"), order,
            "complete 5 m bar right after minute 4; the partial one [5, 10) just before minute 12");
        final Bar first = all.get(5);
        assertEquals(List.of(999L, 1007L, 996L, 1004L, 35L), List.of(first.open(), first.high(), first.low(),
            first.close(), first.volume()), "OHLCV aggregated from the five 1 m bars");
        assertTrue(Double.isNaN(first.ret()));
        assertTrue(first.fromKline(), "flags are the OR of the minutes' flags");
        final Bar partial = all.get(8);
        assertEquals(1006L, partial.close());
        assertEquals(1006.0 / 1004.0 - 1.0, partial.ret(), 1e-15);
        assertEquals(1L, stage.counters().get("htfIncomplete"));
        assertEquals(2L, stage.counters().get("barsFromMinutes"));
        assertTrue(bars(15 * MINUTE).isEmpty(), "the 15 m bar [0, 15) is not complete yet");
    }

    @Test
    void shouldAggregateTradeBuiltMinutesIncludingRepairedOnesIntoFiveMinuteBars()
    {
        start(true, Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5));
        long id = 1;
        // trades in minutes 0, 1, 3 (minute 2 has none: repaired), 4 and one in minute 5 that closes minute 4
        final long[][] trades = {{0, 20, 1000, 3}, {0, 40, 1005, 1}, {1, 10, 995, 2}, {3, 30, 1010, 4}, {4, 59, 1007, 1},
            {5, 1, 1001, 1}};
        for (final long[] t : trades)
        {
            final long ts = T0 + t[0] * MINUTE + t[1] * SECOND;
            final int length = TestEvents.trade(buffer, 0, ts, ts, ID, id++, t[2], t[3], Side.BUY);
            pipeline.onInput(buffer, 0, length, 0);
        }
        final List<Bar> minutes = bars(MINUTE);
        assertEquals(5, minutes.size());
        assertTrue(minutes.get(2).repaired());
        assertEquals(995L, minutes.get(2).close());
        final List<Bar> five = bars(5 * MINUTE);
        assertEquals(1, five.size());
        final Bar b = five.get(0);
        assertEquals(List.of(1000L, 1010L, 995L, 1007L, 11L, 5L), List.of(b.open(), b.high(), b.low(), b.close(), b.volume(),
            b.tradeCount()));
        assertTrue(b.repaired(), "it contains a repaired minute");
        final List<Bar> fiveSeconds = bars(5 * SECOND);
        assertEquals(5, fiveSeconds.size(), "5 s bars from trades, never repaired");
        assertTrue(fiveSeconds.stream().noneMatch(Bar::repaired));
        assertTrue(Double.isNaN(fiveSeconds.get(0).ret()));
        assertEquals(1005.0 / 1000.0 - 1.0, fiveSeconds.get(1).ret(), 1e-15);
    }

    private void start(final boolean repair, final Duration... intervals)
    {
        stage = new BarStage(REGISTRY, List.of(intervals), BarStage.Source.AUTO, repair);
        out.clear();
        pipeline = new Pipeline(List.of(stage), EventSink.NONE, out, new EventClock(), 64 * 1024, false);
    }

    /** A closed 1 m kline for minute {@code m}: open close-1, high close+3, low close-4, volume 7. */
    private void kline(final long m, final long close)
    {
        klineRow(new SeedValidateRepair.Row(T0 + m * MINUTE, close - 1, close + 3, close - 4, close, 7));
    }

    private void klineRow(final SeedValidateRepair.Row r)
    {
        final long open = r.timestampNs();
        final int length = TestEvents.kline(buffer, 0, open + MINUTE, open + MINUTE, ID, MINUTE, open, r.open(), r.high(),
            r.low(), r.close(), r.volume(), r.volume() * r.close(), 3, r.volume() / 2, 0, true);
        pipeline.onInput(buffer, 0, length, 0);
    }

    private List<Bar> allBars()
    {
        final List<Bar> bars = new ArrayList<>();
        final BarDecoder d = new BarDecoder();
        for (final byte[] bytes : out.eventsOf(BarDecoder.TEMPLATE_ID))
        {
            d.wrap(new UnsafeBuffer(bytes), 8, BarDecoder.BLOCK_LENGTH, BarDecoder.SCHEMA_VERSION);
            bars.add(new Bar(d.intervalNs(), d.openTimeNs(), d.open(), d.high(), d.low(), d.close(), d.volume(), d.tradeCount(),
                d.flags().fromKline(), d.flags().repairedSmallGap(), d.flags().regimeBreak(), d.flags().dupe(),
                d.flags().outOfOrder(), d.ret()));
        }
        return bars;
    }

    private List<Bar> bars(final long intervalNs)
    {
        return allBars().stream().filter(b -> b.intervalNs() == intervalNs).toList();
    }

    private static Bar find(final List<Bar> bars, final int minute)
    {
        return bars.stream().filter(b -> b.openTimeNs() == T0 + minute * MINUTE).findFirst().orElseThrow();
    }
}
