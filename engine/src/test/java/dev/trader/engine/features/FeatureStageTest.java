package dev.trader.engine.features;

import com.sun.management.ThreadMXBean;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feature stage's contract: catalog order, HTF lag, flags, readiness and no allocation per bar. */
class FeatureStageTest
{
    private static final int ID = 1;
    private static final long MINUTE = FeatureHarness.MINUTE;
    /** 2023-11-14T22:00:00Z (a Tuesday), aligned to the hour. */
    private static final long T0 = 1_699_999_200_000_000_000L;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "TESTUSDT", "0.1", "0.001", -1, -3, -4)));

    @Test
    void shouldListLeanV1FeaturesInTheirFixedOrderWithFormulaAndSource()
    {
        assertEquals(List.of(
            "logret_1", "logret_5", "logret_15", "logret_60",
            "roll_mean_20", "roll_vol_20", "roll_skew_20", "roll_kurt_20",
            "roll_mean_60", "roll_vol_60", "roll_skew_60", "roll_kurt_60",
            "roll_mean_240", "roll_vol_240", "roll_skew_240", "roll_kurt_240",
            "atr_14", "atr_28", "tr_pct", "parkinson_20",
            "streak_len", "r2r_var_20", "gap_to_ema5m20", "gap_to_ema15m50",
            "ema5m_20", "ema5m_50", "ema5m_200", "ema15m_20", "ema15m_50", "ema15m_200",
            "zdist_ema200_5m", "zdist_ema200_15m",
            "rv_z20", "rv_z60", "weekend", "regime_break"), FeatureCatalog.names());
        assertEquals(FeatureCatalog.COUNT, new HashSet<>(FeatureCatalog.names()).size());
        for (final FeatureCatalog.Feature f : FeatureCatalog.leanV1())
        {
            assertEquals(f.index(), FeatureCatalog.indexOf(f.name()));
            assertFalse(f.formula().isBlank(), f.name());
            assertTrue(f.source().startsWith("seed 000 s8"), f.name());
        }
        assertEquals(-1, FeatureCatalog.indexOf("no_such_feature"));
        final FeatureStage stage = new FeatureStage(REGISTRY);
        assertEquals(FeatureCatalog.names(), stage.featureNames());
        assertEquals(FeatureCatalog.COUNT, stage.featureCount());
    }

    @Test
    void shouldUseAHigherTimeframeBarOnlyFromTheNextWindowOn()
    {
        final FeatureHarness h = new FeatureHarness(REGISTRY);
        for (int m = 0; m < 11; m++)
        {
            h.kline(ID, kline(m, 1000 + 10 * m));
        }
        final List<FeatureHarness.BarRecord> minutes = h.minutes(ID);
        final int ema = FeatureCatalog.EMA5M_20;
        for (int m = 0; m <= 4; m++)
        {
            assertTrue(Double.isNaN(minutes.get(m).features()[ema]), "no 5 m bar completed before minute " + m + " opened");
        }
        // the 5 m bar [0, 5) closes with minute 4: first seen by minute 5, the next window
        for (int m = 5; m <= 9; m++)
        {
            assertEquals(104.0, minutes.get(m).features()[ema], 0.0, "minute " + m + ": EWM of the one completed close 104.0");
        }
        final double keep = 1 - 2.0 / 21;
        assertEquals((109.0 + keep * 104.0) / (1 + keep), minutes.get(10).features()[ema], 1e-12,
            "pandas ewm(span=20, adjust=True) of 104.0 then 109.0");
        assertEquals(110.0 / minutes.get(10).features()[ema] - 1, minutes.get(10).features()[FeatureCatalog.GAP_TO_EMA5M20], 1e-15);
        assertTrue(Double.isNaN(minutes.get(10).features()[FeatureCatalog.EMA15M_20]), "no 15 m bar yet");
        assertEquals(0L, h.features.counters().get("htfAheadOfBar"));
    }

    @Test
    void shouldFlagWeekendByTheUtcDayTheBarOpensOn()
    {
        assertFalse(FeatureStage.isWeekend(nanos("2024-01-05T23:59:00Z")), "Friday");
        assertTrue(FeatureStage.isWeekend(nanos("2024-01-06T00:00:00Z")), "Saturday");
        assertTrue(FeatureStage.isWeekend(nanos("2024-01-07T23:59:00Z")), "Sunday");
        assertFalse(FeatureStage.isWeekend(nanos("2024-01-08T00:00:00Z")), "Monday");
        assertTrue(FeatureStage.isWeekend(nanos("1969-12-28T12:00:00Z")), "a Sunday before the epoch");

        final FeatureHarness h = new FeatureHarness(REGISTRY);
        final long saturday = nanos("2024-01-06T00:00:00Z");
        h.kline(ID, new SharedData.KlineRow((saturday - MINUTE) / 1_000_000L, 100, 101, 99, 100, 1, 100, 1, 0, 0));
        h.kline(ID, new SharedData.KlineRow(saturday / 1_000_000L, 100, 101, 99, 100, 1, 100, 1, 0, 0));
        assertEquals(0.0, h.minutes(ID).get(0).features()[FeatureCatalog.WEEKEND]);
        assertEquals(1.0, h.minutes(ID).get(1).features()[FeatureCatalog.WEEKEND]);
    }

    @Test
    void shouldCarryTheRepairFlagsIntoRegimeBreakAndComputeOnRepairedBars()
    {
        final FeatureHarness h = new FeatureHarness(REGISTRY);
        final int[] present = {0, 1, 2, 4, 5, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        for (final int m : present)
        {
            h.kline(ID, kline(m, 1000 + m));
        }
        final List<FeatureHarness.BarRecord> minutes = h.minutes(ID);
        assertEquals(present.length + 1, minutes.size(), "minute 3 filled, 6-8 left open");
        final FeatureHarness.BarRecord filled = minutes.get(3);
        assertTrue(filled.repaired());
        assertEquals(0.0, filled.features()[FeatureCatalog.LOGRET_1], "a filled bar repeats the previous close");
        assertEquals(0.0, filled.features()[FeatureCatalog.STREAK_LEN]);
        for (int i = 0; i < minutes.size(); i++)
        {
            final boolean expected = minutes.get(i).openTimeNs() >= T0 + 9 * MINUTE && minutes.get(i).openTimeNs() < T0 + 18 * MINUTE;
            assertEquals(expected ? 1.0 : 0.0, minutes.get(i).features()[FeatureCatalog.REGIME_BREAK], "row " + i);
        }
        assertEquals(Math.log(100.9 / 100.5), minutes.get(6).features()[FeatureCatalog.LOGRET_1], 1e-15,
            "after the open gap the previous row is minute 5, as in the seed's frame after dropna");
    }

    @Test
    void shouldNotBeReadyBeforeWarmUpAndAnswerNaNForAnUnknownInstrument()
    {
        final FeatureStage stage = new FeatureStage(REGISTRY);
        assertFalse(stage.ready(ID));
        assertFalse(stage.ready(999));
        final double[] out = new double[FeatureCatalog.COUNT];
        stage.copyInto(999, out);
        for (final double v : out)
        {
            assertTrue(Double.isNaN(v));
        }
        assertEquals(Long.MIN_VALUE, stage.vectorTimeNs(999));
        assertEquals(List.of("minuteBars", "htfBars5m", "htfBars15m", "otherBars", "vectorsReady", "vectorsNotReady",
            "htfAheadOfBar", "unknownInstrument"), List.copyOf(stage.counters().keySet()));
        assertEquals("features", stage.name());
    }

    @Test
    @Tag("allocation") // measured by the JVM: not run under the mutation profile's coverage agent
    void shouldBeReadyAfterWarmUpAndNotAllocatePerBar()
    {
        final BarStage bars = new BarStage(REGISTRY, FeatureHarness.INTERVALS, BarStage.Source.AUTO, true);
        final FeatureStage features = new FeatureStage(REGISTRY);
        final Pipeline pipeline = new Pipeline(List.of(bars, features), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final double[] out = new double[FeatureCatalog.COUNT];
        // the klines are encoded before anything is measured: a random walk with now and then a 3-minute gap
        // (not filled: regime breaks, partial HTF bars)
        final int perRound = 20_000;
        final int rounds = 8;
        final int eventLength = TestEvents.kline(TestEvents.newBuffer(), 0, 0, 0, ID, MINUTE, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, true);
        final UnsafeBuffer tape = new UnsafeBuffer(new byte[perRound * rounds * eventLength]);
        long price = 100_000;
        long seed = 42;
        long minute = 0;
        for (int i = 0; i < perRound * rounds; i++)
        {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            final long open = price;
            price = Math.max(1_000, price + (seed >>> 60) - 8);
            final long openTime = T0 + minute * MINUTE;
            minute += (seed & 0xFF) == 0 ? 4 : 1;
            TestEvents.kline(tape, i * eventLength, openTime + MINUTE, openTime + MINUTE, ID, MINUTE, openTime,
                open, Math.max(open, price) + 3, Math.min(open, price) - 2, price, 10, 10 * price, 5, 4, 4 * price, true);
        }
        // the JVM charges a few hundred bytes to this thread now and then while it compiles the loop (seen with an empty
        // stage list too); what must hold is a steady state with nothing allocated, and never anything per bar
        long fewest = Long.MAX_VALUE;
        long most = 0;
        for (int round = 0; round < rounds; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = round * perRound; i < (round + 1) * perRound; i++)
            {
                pipeline.onInput(tape, i * eventLength, eventLength, 0);
                features.copyInto(ID, out);
                features.ready(ID);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round >= rounds - 4)
            {
                fewest = Math.min(fewest, allocated);
                most = Math.max(most, allocated);
            }
        }
        assertEquals(0, fewest, "bytes allocated by 20,000 1 m bars through bars + features, steady state");
        assertTrue(most < perRound, "less than a byte per bar in every late round: " + most);
        assertTrue(features.counters().get("vectorsReady") > 50_000, features.counters().toString());
        assertTrue(bars.counters().get("gapsUnfilled") > 100, bars.counters().toString());
        assertTrue(features.ready(ID));
        assertTrue(features.vectorTimeNs(ID) > T0);
    }

    private static SharedData.KlineRow kline(final int minute, final long close)
    {
        return new SharedData.KlineRow((T0 + minute * MINUTE) / 1_000_000L, close - 2, close + 3, close - 4, close, 7, 7 * close,
            3, 3, 3 * close);
    }

    private static long nanos(final String iso)
    {
        final Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
