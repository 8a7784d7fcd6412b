package dev.trader.engine.gates;

import dev.trader.codecs.sbe.Regime;
import dev.trader.engine.Emitter;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static dev.trader.engine.gates.GateEvents.MINUTE;
import static dev.trader.engine.gates.GateEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RegimeGateStage} on hand-made 1 m bars (instrument price exponent -2: mantissa 1_000_000 is 10,000.00).
 *
 * <p>The background is a perfect zigzag 10,000.00 / 10,002.00 (high and low 1.00 outside open and close) with a
 * constant volume of 100: every bar has the same high and low, so ADX is 0 (RANGE), and because the returns
 * alternate exactly, every 4-bar volatility is the same number, so the volatility and volume z-scores are exactly 0
 * and the volume ratio exactly 1. Each scenario then changes one input and the change lands on a bar worked out by
 * hand. Windows: ADX 14, volatility 4, z 10, volume ratio 2, dwell 2, so the first classification is on bar 28
 * (index 27).
 */
class RegimeGateStageTest
{
    private static final int ID = 7;
    private static final long LOW = 1_000_000;         // 10,000.00
    private static final long HIGH = 1_000_200;        // 10,002.00
    private static final long WICK = 100;              // 1.00
    private static final long VOLUME = 100_000_000;    // 100.000000
    private static final int WARM_UP = 28;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "TESTUSDT", "0.01", "0.000001", -2, -6, -8)));

    private final GateEvents events = new GateEvents();
    private final double[] spread = {2.0};
    private RegimeGateStage stage;
    private int bar;
    private long lastClose = LOW;

    private static RegimeSettings settings()
    {
        return RegimeSettings.defaults().volWindow(4).zWindow(10).volumeShortWindow(2).minDwellBars(2);
    }

    private void start(final RegimeSettings settings)
    {
        stage = new RegimeGateStage(REGISTRY, settings, id -> spread[0], null);
        bar = 0;
        lastClose = LOW;
    }

    /** One bar from the last close to {@code close}, wicks 1.00 outside; returns its index. */
    private int bar(final long close, final long volume)
    {
        final long open = lastClose;
        events.bar(stage, ID, MINUTE, T0 + bar * MINUTE, open, Math.max(open, close) + WICK, Math.min(open, close) - WICK,
            close, volume, false);
        lastClose = close;
        return bar++;
    }

    private void zigzag(final int bars)
    {
        for (int i = 0; i < bars; i++)
        {
            bar(lastClose == LOW ? HIGH : LOW, VOLUME);
        }
    }

    /** The index of the bar whose close time is the change's time. */
    private static int barOf(final GateEvents.Change c)
    {
        return (int)((c.exchangeTsNs() - T0) / MINUTE) - 1;
    }

    private List<Integer> changeBars()
    {
        return events.changes().stream().map(RegimeGateStageTest::barOf).toList();
    }

    private List<Regime> changeRegimes()
    {
        return events.changes().stream().map(GateEvents.Change::regime).toList();
    }

    @Test
    void shouldStayUnknownThroughTheWarmUpThenClassifyTheZigzagAsRangeWithItsReasons()
    {
        start(settings());
        zigzag(WARM_UP - 1);
        assertEquals(0, events.count());
        assertEquals(Regime.UNKNOWN, stage.regime(ID));

        zigzag(1);

        assertEquals(WARM_UP, settings().warmUpBars());
        assertEquals(List.of(WARM_UP - 1), changeBars());
        final GateEvents.Change c = events.changes().get(0);
        assertEquals(Regime.UNKNOWN, c.previous());
        assertEquals(Regime.RANGE, c.regime());
        assertEquals(Regime.RANGE, stage.regime(ID));
        assertEquals(ID, c.instrumentId());
        assertEquals(MINUTE, c.intervalNs());
        assertEquals(T0 + WARM_UP * MINUTE, c.exchangeTsNs(), "stamped with the deciding bar's close");
        assertEquals(List.of("illiquid.spreadBps", "illiquid.volumeRatio", "panic.vol", "panic.volumeZ", "panic.diSpread",
            "hazard.volZ", "hazard.vol", "trend.adx", "range.adx", "dwell.bars"), c.keys());

        final double r = Math.log(10_002.0 / 10_000.0);
        final double vol = r * Math.sqrt(1440);
        assertEquals(2.0, c.reason("illiquid.spreadBps").value());
        assertEquals(50.0, c.reason("illiquid.spreadBps").threshold());
        assertEquals(1.0, c.reason("illiquid.volumeRatio").value());
        assertEquals(0.30, c.reason("illiquid.volumeRatio").threshold());
        assertEquals(vol, c.reason("panic.vol").value(), 1e-12);
        assertEquals(0.05, c.reason("panic.vol").threshold());
        assertEquals(0.0, c.reason("panic.volumeZ").value());
        assertEquals(0.0, c.reason("hazard.volZ").value());
        assertEquals(2.0, c.reason("hazard.volZ").threshold());
        assertEquals(vol, c.reason("hazard.vol").value(), 1e-12);
        assertEquals(0.04, c.reason("hazard.vol").threshold());
        final double adx = c.reason("range.adx").value();
        assertEquals(stage.adx(ID), adx);
        assertEquals(0.0, adx, "every zigzag bar has the same high and low: no directional movement at all");
        assertEquals(20.0, c.reason("range.adx").threshold());
        assertEquals(25.0, c.reason("trend.adx").threshold());
        assertEquals(stage.plusDi(ID) - stage.minusDi(ID), c.reason("panic.diSpread").value());
        assertEquals(0.0, c.reason("dwell.bars").value());
        assertEquals(2.0, c.reason("dwell.bars").threshold());
    }

    @Test
    void shouldReachTrendOnASteadyQuietRise()
    {
        start(settings());
        zigzag(WARM_UP);                                    // RANGE at 27
        for (int i = 0; i < 40 && stage.regime(ID) != Regime.TREND; i++)
        {
            bar(lastClose + 100, VOLUME);                   // +1.00 a bar: half the zigzag's moves, so no volatility alarm
        }
        assertEquals(Regime.TREND, stage.regime(ID));
        final GateEvents.Change c = events.changes().get(1);
        assertEquals(Regime.RANGE, c.previous());
        assertEquals(Regime.TREND, c.regime());
        assertTrue(c.reason("trend.adx").value() > 25);
        assertTrue(c.reason("hazard.volZ").value() < 0, "quieter than the zigzag before it");
        assertTrue(c.reason("hazard.vol").value() < 0.04);
        assertEquals(2, events.changes().size());
    }

    @Test
    void shouldEnterHazardOnTheFirstWideSwing()
    {
        start(settings());
        zigzag(WARM_UP + 2);                                // RANGE at 27
        final int swing = bar(LOW + 20_000, VOLUME);       // +2 %: volatility jumps, volume normal

        assertEquals(List.of(WARM_UP - 1, swing), changeBars());
        assertEquals(List.of(Regime.RANGE, Regime.HAZARD), changeRegimes());
        final GateEvents.Change c = events.changes().get(1);
        assertEquals(Double.POSITIVE_INFINITY, c.reason("hazard.volZ").value());
        assertTrue(c.reason("hazard.vol").value() > 0.04);
        assertEquals("dwell.bars", c.keys().get(c.keys().size() - 1));
        assertEquals(List.of("illiquid.spreadBps", "illiquid.volumeRatio", "panic.vol", "panic.volumeZ", "panic.diSpread",
            "hazard.volZ", "hazard.vol", "dwell.bars"), c.keys(), "rules after the deciding one are not reported");
    }

    @Test
    void shouldEnterPanicOnAHighVolumeCrashButNotOnAHighVolumeRally()
    {
        start(settings());
        zigzag(WARM_UP + 2);
        final int crash = bar(LOW - 10_000, 5 * VOLUME);   // -1 % on 5x volume

        assertEquals(List.of(WARM_UP - 1, crash), changeBars());
        assertEquals(Regime.PANIC, stage.regime(ID));
        final GateEvents.Change c = events.changes().get(1);
        assertTrue(c.reason("panic.vol").value() > 0.05);
        assertEquals(Double.POSITIVE_INFINITY, c.reason("panic.volumeZ").value());
        assertTrue(c.reason("panic.diSpread").value() < 0);
        assertEquals(List.of("illiquid.spreadBps", "illiquid.volumeRatio", "panic.vol", "panic.volumeZ", "panic.diSpread",
            "dwell.bars"), c.keys());

        events.clear();
        start(settings());
        zigzag(WARM_UP + 2);
        bar(LOW + 10_000 + 200, 5 * VOLUME);                // +1 % on 5x volume: volatile, not a panic
        assertEquals(Regime.HAZARD, stage.regime(ID));
    }

    @Test
    void shouldEnterIlliquidWhenTheShortVolumeMeanFallsUnderThirtyPercent()
    {
        start(settings());
        zigzag(WARM_UP + 2);
        final int first = bar(lastClose == LOW ? HIGH : LOW, VOLUME / 10);    // (100 + 10) / 2 = 55 % of 100
        final int second = bar(lastClose == LOW ? HIGH : LOW, VOLUME / 10);   // 10 / 91 = 11 %

        assertEquals(List.of(WARM_UP - 1, second), changeBars());
        assertEquals(Regime.ILLIQUID, stage.regime(ID));
        assertTrue(second == first + 1);
        final GateEvents.Change c = events.changes().get(1);
        assertEquals(10.0 / 91.0, c.reason("illiquid.volumeRatio").value(), 1e-12);
        assertEquals(List.of("illiquid.spreadBps", "illiquid.volumeRatio", "dwell.bars"), c.keys());
    }

    @Test
    void shouldFollowTheSpreadThroughItsEnterAndExitThresholdsWithoutFlickering()
    {
        start(settings());
        zigzag(WARM_UP);                                    // RANGE at bar 27
        final double[] path = {45, 51, 48, 52, 49, 51, 45, 41, 40, 39, 45, 49, 50, 48};
        //                      28  29  30  31  32  33  34  35  36  37  38  39  40  41
        for (final double s : path)
        {
            spread[0] = s;
            zigzag(1);
        }
        // 51 > 50 enters on bar 29; oscillating 48..52 keeps it; 40 is not < 40; 39 leaves on bar 37 (held 8 >= 2);
        // 50 is not > 50
        assertEquals(List.of(WARM_UP - 1, 29, 37), changeBars());
        assertEquals(List.of(Regime.RANGE, Regime.ILLIQUID, Regime.RANGE), changeRegimes());
        final GateEvents.Change exit = events.changes().get(2);
        assertEquals(39.0, exit.reason("illiquid.spreadBps").value());
        assertEquals(40.0, exit.reason("illiquid.spreadBps").threshold(), "the exit threshold was in force");
        assertEquals(8, exit.barsInPrevious());
    }

    @Test
    void shouldFailClosedToIlliquidWhileTheBookIsUntrusted()
    {
        start(settings());
        spread[0] = Double.NaN;                             // what SpreadSource.of gives for an untrusted book
        zigzag(WARM_UP);
        assertEquals(Regime.ILLIQUID, stage.regime(ID));
        assertTrue(Double.isNaN(events.changes().get(0).reason("illiquid.spreadBps").value()));
        assertEquals(WARM_UP, stage.counters().get("unknownSpread"));

        spread[0] = 3.0;                                    // trusted again: RANGE once ILLIQUID has held 2 bars
        zigzag(2);
        assertEquals(List.of(WARM_UP - 1, WARM_UP + 1), changeBars());
        assertEquals(Regime.RANGE, stage.regime(ID));

        events.clear();
        start(settings().requireSpread(false));             // a run without a book: the spread rule is skipped
        spread[0] = Double.NaN;
        zigzag(WARM_UP);
        assertEquals(Regime.RANGE, stage.regime(ID));
    }

    @Test
    void shouldResetToUnknownOnARegimeBreakAndWarmUpAgain()
    {
        start(settings());
        zigzag(WARM_UP + 5);                                // RANGE from bar 27
        final int breakBar = bar;
        events.bar(stage, ID, MINUTE, T0 + bar * MINUTE, lastClose, HIGH + WICK, LOW - WICK, HIGH, VOLUME, true);
        lastClose = HIGH;
        bar++;

        assertEquals(Regime.UNKNOWN, stage.regime(ID));
        final GateEvents.Change broken = events.changes().get(1);
        assertEquals(breakBar, barOf(broken));
        assertEquals(Regime.RANGE, broken.previous());
        assertEquals(Regime.UNKNOWN, broken.regime());
        assertEquals(List.of(new GateEvents.Reason(RegimeGateStage.REGIME_BREAK, 1.0, 0.0)), broken.reasons());
        assertTrue(Double.isNaN(stage.adx(ID)));

        zigzag(WARM_UP - 2);
        assertEquals(Regime.UNKNOWN, stage.regime(ID), "the break bar is the first of a new warm-up");
        zigzag(1);
        assertEquals(List.of(WARM_UP - 1, breakBar, breakBar + WARM_UP - 1), changeBars());
        assertEquals(Regime.RANGE, stage.regime(ID));
        assertEquals(1, stage.counters().get("regimeBreaks"));
    }

    @Test
    void shouldIgnoreOtherIntervalsUnknownInstrumentsAndStaleBars()
    {
        start(settings());
        zigzag(3);
        events.bar(stage, ID, 5 * MINUTE, T0, LOW, HIGH, LOW, HIGH, VOLUME, false);
        events.bar(stage, 999, MINUTE, T0 + 100 * MINUTE, LOW, HIGH, LOW, HIGH, VOLUME, false);
        events.bar(stage, ID, MINUTE, T0 + MINUTE, LOW, HIGH, LOW, HIGH, VOLUME, false);
        assertEquals(3, stage.counters().get("bars"));
        assertEquals(1, stage.counters().get("unknownInstrument"));
        assertEquals(1, stage.counters().get("outOfOrderBars"));
        assertEquals(Regime.UNKNOWN, stage.regime(999));
    }

    @Test
    void shouldNotLetBarsAfterTChangeAnythingAtOrBeforeT()
    {
        final int t = 60;
        final List<Regime> quiet = regimesAfterEachBar(t, false);
        final List<GateEvents.Change> quietChanges = events.changes();
        events.clear();
        final List<Regime> stormy = regimesAfterEachBar(t, true);
        final List<GateEvents.Change> stormyChanges = events.changes();

        assertEquals(quiet.subList(0, t + 1), stormy.subList(0, t + 1));
        final long cutoff = T0 + (t + 1) * MINUTE;
        assertEquals(quietChanges.stream().filter(c -> c.exchangeTsNs() <= cutoff).toList(),
            stormyChanges.stream().filter(c -> c.exchangeTsNs() <= cutoff).toList());
        assertTrue(!quiet.equals(stormy), "the perturbation after t does change what follows");
    }

    /** Bars 0..t are the same mixed path; after t either calm zigzag or a crash with spread and volume shocks. */
    private List<Regime> regimesAfterEachBar(final int t, final boolean perturb)
    {
        start(settings());
        spread[0] = 2.0;
        final List<Regime> regimes = new ArrayList<>();
        for (int i = 0; i <= t + 30; i++)
        {
            if (i > t && perturb)
            {
                spread[0] = 80.0;
                bar(lastClose - 3_000, 7 * VOLUME);
            }
            else if (i >= 35 && i < 45)
            {
                spread[0] = 2.0;
                bar(lastClose + 150, VOLUME);
            }
            else
            {
                bar(lastClose == LOW ? HIGH : LOW, VOLUME);
            }
            regimes.add(stage.regime(ID));
        }
        return regimes;
    }

    @Test
    @Tag("allocation") // measured by the JVM: not run under the mutation profile's coverage agent
    void shouldAllocateNothingPerBarOnceAnInstrumentIsSeen()
    {
        final RegimeGateStage s = new RegimeGateStage(REGISTRY, settings(), id -> 2.0, null);
        final NullEmitter emitter = new NullEmitter();
        final int n = 4_000;
        final long[] close = new long[n];
        final long[] volume = new long[n];
        long c = LOW;
        for (int i = 0; i < n; i++)
        {
            // phases of 40 bars: zigzag, rise, wide swings, crash on volume: every regime, many changes
            final int phase = (i / 40) % 4;
            c = phase == 0 ? (c == LOW ? HIGH : LOW) : phase == 1 ? c + 100 : phase == 2 ? (i % 2 == 0 ? c + 20_000 : c - 20_000)
                : c - 200;
            c = Math.max(c, 500_000);
            close[i] = c;
            volume[i] = phase == 3 ? 5 * VOLUME : VOLUME;
        }
        final GateEvents feeder = new GateEvents();
        final Runnable run = () ->
        {
            for (int i = 0; i < n; i++)
            {
                final long open = i == 0 ? LOW : close[i - 1];
                feeder.barTo(s, emitter, ID, MINUTE, T0 + (emitter.round * n + i) * MINUTE, open, Math.max(open, close[i]) + WICK,
                    Math.min(open, close[i]) - WICK, close[i], volume[i]);
            }
            emitter.round++;
        };
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int warm = 0; warm < 5; warm++)
        {
            run.run();
        }
        final long changesBefore = s.counters().get("changes");
        final long self = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(self);
        for (int k = 0; k < 5; k++)
        {
            run.run();
        }
        final long allocated = threads.getThreadAllocatedBytes(self) - before;
        assertTrue(s.counters().get("changes") - changesBefore > 50, "the measured bars change regime often");
        // steady state allocates nothing; the bound leaves room for a one-off JIT transition (a few hundred bytes)
        // while any per-bar (20,000) or per-change (hundreds) allocation would exceed it many times over
        assertTrue(allocated < 2048, "bytes allocated by 20,000 bars: " + allocated);
    }

    /** Takes every event and keeps none. */
    private static final class NullEmitter implements Emitter
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        int round;

        @Override
        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        @Override
        public int claim(final int maxLength)
        {
            return 0;
        }

        @Override
        public void commit(final int length)
        {
        }
    }

    @Test
    void shouldRefuseSettingsWithoutHysteresis()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new RegimeGateStage(REGISTRY, RegimeSettings.defaults().trendEnterAdx(20).rangeEnterAdx(20), null, null));
        assertTrue(ex.getMessage().contains("regime.trendEnterAdx"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new RegimeGateStage(REGISTRY, RegimeSettings.defaults().illiquidSpreadBps(40, 50), null, null));
        assertThrows(IllegalArgumentException.class,
            () -> new RegimeGateStage(REGISTRY, RegimeSettings.defaults().hazardFromGate(true), null, null));
    }
}
