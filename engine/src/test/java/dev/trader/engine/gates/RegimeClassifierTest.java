package dev.trader.engine.gates;

import dev.trader.codecs.sbe.Regime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The regime rules on hand-chosen inputs, one call per bar, so every change lands on a bar computed by hand from the
 * thresholds (seed 001 hysteresis, seed 004 section 2 hard gates). Unless a test says otherwise the inputs are calm:
 * +DI 20, -DI 10, volatility 2 %/day, volatility z 0, volume z 0, volume ratio 1, spread 2 bps.
 */
class RegimeClassifierTest
{
    private static final double CALM_ADX = 18.0;

    private RegimeClassifier classifier;
    private final List<Integer> changeBars = new ArrayList<>();
    private final List<Regime> changeRegimes = new ArrayList<>();
    private int barIndex;

    // inputs of the next bar
    private double adx = CALM_ADX;
    private double plusDi = 20;
    private double minusDi = 10;
    private double vol = 0.02;
    private double volZ;
    private double volumeZ;
    private double volumeRatio = 1.0;
    private double spread = 2.0;
    private boolean gateOpen;
    private double gateProb = Double.NaN;

    private void start(final RegimeSettings settings)
    {
        classifier = new RegimeClassifier(settings.validate(), settings.hazardFromGate());
        changeBars.clear();
        changeRegimes.clear();
        barIndex = 0;
    }

    private boolean step()
    {
        final boolean changed = classifier.update(adx, plusDi, minusDi, vol, volZ, volumeZ, volumeRatio, spread, gateOpen, gateProb, 0.6);
        if (changed)
        {
            changeBars.add(barIndex);
            changeRegimes.add(classifier.regime());
        }
        barIndex++;
        return changed;
    }

    private void adxSeries(final double... values)
    {
        for (final double v : values)
        {
            adx = v;
            step();
        }
    }

    private static RegimeSettings noDwell()
    {
        return RegimeSettings.defaults().minDwellBars(1);
    }

    @Test
    void shouldSwitchTrendAndRangeOnlyWhenAdxLeavesTheBandOnTheFarSide()
    {
        start(noDwell());

        //        bar:  0   1   2   3   4   5   6   7   8     9     10  11  12
        adxSeries(22, 18, 21, 24, 22, 26, 24, 21, 20.5, 19.9, 23, 25, 25.1);

        // 0: inside the band before any base: no regime yet; 1: < 20 RANGE; 5: > 25 TREND; 9: < 20 RANGE;
        // 11: 25 is not > 25; 12: TREND
        assertEquals(List.of(1, 5, 9, 12), changeBars);
        assertEquals(List.of(Regime.RANGE, Regime.TREND, Regime.RANGE, Regime.TREND), changeRegimes);
    }

    @Test
    void shouldNotFlickerWhenAdxOscillatesAroundOneThreshold()
    {
        start(noDwell());
        adxSeries(18);                                                  // RANGE
        adxSeries(26, 24, 26, 24, 26, 24, 26, 24, 26, 24);               // around 25: one change, at the first 26
        adxSeries(19, 21, 19, 21, 19, 21, 19, 21);                        // around 20: one change, at the first 19

        assertEquals(List.of(0, 1, 11), changeBars);
        assertEquals(List.of(Regime.RANGE, Regime.TREND, Regime.RANGE), changeRegimes);
    }

    @Test
    void shouldHoldACalmerRegimeUntilTheDwellIsServedButEscalateAtOnce()
    {
        start(RegimeSettings.defaults().minDwellBars(3));
        adxSeries(18);                      // bar 0: RANGE (from UNKNOWN: at once)
        adxSeries(30, 30, 30);              // bars 1-3: TREND is due; RANGE has held 1, 2, 3 bars -> changes on bar 3
        assertEquals(List.of(0, 3), changeBars);
        assertEquals(2, classifier.dwellHolds());
        assertEquals(3, classifier.barsInPrevious());

        spread = 60;                        // bar 4: ILLIQUID is more severe: no dwell
        step();
        assertEquals(List.of(0, 3, 4), changeBars);
        assertEquals(Regime.ILLIQUID, classifier.regime());

        spread = 2;                         // bars 5-6: back to TREND only once ILLIQUID held 3 bars (4, 5, 6)
        step();
        step();
        assertEquals(Regime.ILLIQUID, classifier.regime());
        assertFalse(classifier.illiquidFlag(), "the flag follows its inputs while the dwell holds the regime");
        step();
        assertEquals(List.of(0, 3, 4, 7), changeBars);
        assertEquals(Regime.TREND, classifier.regime());
    }

    @Test
    void shouldEnterIlliquidAboveFiftyBpsAndLeaveOnlyBelowForty()
    {
        start(noDwell());
        adxSeries(18);                                              // bar 0: RANGE
        for (final double s : new double[]{45, 50, 51, 49, 45, 41, 40, 39.9, 45, 49, 50.5})
        {
            spread = s;                                             // bars 1..11
            if (step() && s == 39.9)
            {
                // leaving: compared with the exit threshold
                assertReasons(row("illiquid.spreadBps", 39.9, 40), row("illiquid.volumeRatio", 1, 0.40),
                    row("panic.vol", 0.02, 0.05), row("panic.volumeZ", 0, 2), row("panic.diSpread", 10, 0),
                    row("hazard.volZ", 0, 2), row("hazard.vol", 0.02, 0.04),
                    row("trend.adx", 18, 25), row("range.adx", 18, 20), row("dwell.bars", 5, 1));
            }
        }
        // 50 is not > 50; 51 enters (bar 3); 40 is not < 40; 39.9 leaves (bar 8); 50.5 enters again (bar 11)
        assertEquals(List.of(0, 3, 8, 11), changeBars);
        assertEquals(List.of(Regime.RANGE, Regime.ILLIQUID, Regime.RANGE, Regime.ILLIQUID), changeRegimes);
    }

    @Test
    void shouldEnterIlliquidBelowThirtyPercentVolumeAndLeaveOnlyAboveForty()
    {
        start(noDwell());
        adxSeries(18);
        for (final double r : new double[]{0.31, 0.29, 0.35, 0.4, 0.41, 0.31})
        {
            volumeRatio = r;                                        // bars 1..6
            step();
        }
        assertEquals(List.of(0, 2, 5), changeBars);
        assertEquals(List.of(Regime.RANGE, Regime.ILLIQUID, Regime.RANGE), changeRegimes);
    }

    @Test
    void shouldFailClosedToIlliquidWhenTheSpreadIsUnknownUnlessTheSpreadIsNotRequired()
    {
        start(noDwell());
        spread = Double.NaN;
        step();
        assertEquals(Regime.ILLIQUID, classifier.regime());
        assertTrue(Double.isNaN(classifier.reasonValue(0)));
        assertEquals(RegimeClassifier.ILLIQUID_SPREAD, classifier.reasonKey(0));

        start(noDwell().requireSpread(false));
        step();
        assertEquals(Regime.RANGE, classifier.regime());
    }

    @Test
    void shouldEnterPanicOnlyWithHighVolatilityHighVolumeAndANegativeTrendThenFallBackToHazard()
    {
        start(noDwell());
        adxSeries(30);                                  // bar 0: TREND
        vol = 0.06;
        volumeZ = 2.5;
        plusDi = 21;
        minusDi = 20;                                   // +DI - -DI = +1: not a negative trend
        step();                                         // bar 1: HAZARD (volatility 6 % > 4 %), not PANIC
        assertEquals(Regime.HAZARD, classifier.regime());

        plusDi = 15;
        minusDi = 20;                                   // -5: negative
        step();                                         // bar 2: PANIC
        assertEquals(Regime.PANIC, classifier.regime());

        vol = 0.045;
        volumeZ = 1.5;
        plusDi = 23;                                    // +3: below the exit spread of 5, so PANIC holds
        step();                                         // bar 3
        assertEquals(Regime.PANIC, classifier.regime());

        plusDi = 26;                                    // +6: the trend has turned; HAZARD still holds (4.5 % > 3.5 %)
        step();                                         // bar 4
        assertEquals(List.of(0, 1, 2, 4), changeBars);
        assertEquals(List.of(Regime.TREND, Regime.HAZARD, Regime.PANIC, Regime.HAZARD), changeRegimes);
    }

    @Test
    void shouldEnterHazardAboveTheEnterZAndLeaveOnlyBelowTheExitZ()
    {
        start(noDwell());
        adxSeries(30);                                  // bar 0: TREND
        for (final double z : new double[]{1.5, 2.0, 2.1, 1.9, 1.2, 1.0, 1.5, 2.5})
        {
            volZ = z;                                   // bars 1..8
            step();
        }
        // 2.0 is not > 2; 2.1 enters (bar 3); 1.0 is not > 1 so HAZARD leaves (bar 6); 2.5 enters (bar 8)
        assertEquals(List.of(0, 3, 6, 8), changeBars);
        assertEquals(List.of(Regime.TREND, Regime.HAZARD, Regime.TREND, Regime.HAZARD), changeRegimes);
    }

    @Test
    void shouldTreatAnOpenHazardGateAsHazardWhenAsked()
    {
        start(noDwell().hazardFromGate(true));
        adxSeries(30);
        gateOpen = true;
        gateProb = 0.8;
        step();
        assertEquals(Regime.HAZARD, classifier.regime());
        assertEquals(RegimeClassifier.HAZARD_GATE, classifier.reasonKey(7));
        assertEquals(0.8, classifier.reasonValue(7));
        assertEquals(0.6, classifier.reasonThreshold(7));
    }

    @Test
    void shouldReportEveryComparisonUpToTheDecidingRuleWithTheThresholdInForce()
    {
        start(RegimeSettings.defaults().minDwellBars(2));
        adx = 22;
        step();                                                 // bar 0: band, no base: no change
        adx = 19;
        assertTrue(step());                                     // bar 1: RANGE, first classification
        assertReasons(
            row("illiquid.spreadBps", 2, 50), row("illiquid.volumeRatio", 1, 0.30),
            row("panic.vol", 0.02, 0.05), row("panic.volumeZ", 0, 2), row("panic.diSpread", 10, 0),
            row("hazard.volZ", 0, 2), row("hazard.vol", 0.02, 0.04),
            row("trend.adx", 19, 25), row("range.adx", 19, 20),
            row("dwell.bars", 1, 2));

        adx = 27;
        step();                                                 // bar 2: TREND due, RANGE held 1 bar < 2
        assertTrue(step());                                     // bar 3: TREND
        assertEquals(Regime.RANGE, classifier.previous());
        assertEquals(2, classifier.barsInPrevious());
        assertReasons(
            row("illiquid.spreadBps", 2, 50), row("illiquid.volumeRatio", 1, 0.30),
            row("panic.vol", 0.02, 0.05), row("panic.volumeZ", 0, 2), row("panic.diSpread", 10, 0),
            row("hazard.volZ", 0, 2), row("hazard.vol", 0.02, 0.04),
            row("trend.adx", 27, 25), row("range.adx", 27, 20),
            row("dwell.bars", 2, 2));

        volumeRatio = 0.2;
        assertTrue(step());                                     // bar 4: ILLIQUID: only its own rule decided
        assertReasons(row("illiquid.spreadBps", 2, 50), row("illiquid.volumeRatio", 0.2, 0.30), row("dwell.bars", 1, 2));

        volumeRatio = 1;
        step();                                                 // bar 5: dwell
        assertTrue(step());                                     // bar 6: back to TREND. ILLIQUID's flag went off on bar 5
        assertReasons(                                          // (exit thresholds), so its enter thresholds are in force
            row("illiquid.spreadBps", 2, 50), row("illiquid.volumeRatio", 1, 0.30),
            row("panic.vol", 0.02, 0.05), row("panic.volumeZ", 0, 2), row("panic.diSpread", 10, 0),
            row("hazard.volZ", 0, 2), row("hazard.vol", 0.02, 0.04),
            row("trend.adx", 27, 25), row("range.adx", 27, 20),
            row("dwell.bars", 2, 2));
    }

    private static GateEvents.Reason row(final String key, final double value, final double threshold)
    {
        return new GateEvents.Reason(key, value, threshold);
    }

    private void assertReasons(final GateEvents.Reason... expected)
    {
        final List<GateEvents.Reason> actual = new ArrayList<>();
        for (int i = 0; i < classifier.reasonCount(); i++)
        {
            actual.add(row(classifier.reasonKey(i), classifier.reasonValue(i), classifier.reasonThreshold(i)));
        }
        assertEquals(List.of(expected), actual);
    }
}
