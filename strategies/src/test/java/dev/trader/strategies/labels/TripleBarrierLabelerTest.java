package dev.trader.strategies.labels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link TripleBarrierLabeler} with a 2-return volatility window and a 4-bar horizon on 1 m bars. Closes are 100
 * except bar 1 (101), so for bar 2: sigma = sd(ln 1.01, -ln 1.01) = sqrt(2) ln 1.01, width = sigma * sqrt(4), and
 * the barriers are 100 exp(+-width) (about 102.85 and 97.23).
 */
class TripleBarrierLabelerTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final double SIGMA = Math.sqrt(2) * Math.log(1.01);
    private static final double UPPER = 100 * Math.exp(SIGMA * 2);
    private static final double LOWER = 100 * Math.exp(-SIGMA * 2);
    private static final int U = TripleBarrierLabeler.UNRESOLVED;

    private static TripleBarrierLabeler labeler(final SameBarPolicy sameBar)
    {
        return new TripleBarrierLabeler(new TripleBarrierSettings(4 * MINUTE, 2, 1.0, 1.0, sameBar), MINUTE);
    }

    /** n one-minute bars, close 100 (bar 1: 101), high 100.5, low 99.5, with {bar, high, low} overrides. */
    private static OhlcBars bars(final int n, final double[]... overrides)
    {
        final long[] t = new long[n];
        final double[] o = new double[n];
        final double[] h = new double[n];
        final double[] l = new double[n];
        final double[] c = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = i * MINUTE;
            c[i] = i == 1 ? 101 : 100;
            o[i] = c[i];
            h[i] = c[i] + 0.5;
            l[i] = c[i] - 0.5;
        }
        for (final double[] ov : overrides)
        {
            h[(int)ov[0]] = ov[1];
            l[(int)ov[0]] = ov[2];
        }
        return new OhlcBars(t, o, h, l, c);
    }

    @Test
    void shouldLabelUpperWhenTheHighReachesTheVolatilityScaledBarrier()
    {
        assertEquals(1, labeler(SameBarPolicy.LOSS).label(bars(8, new double[]{4, UPPER * (1 + 1e-12), 99.5}))[2]);
        assertEquals(0, labeler(SameBarPolicy.LOSS).label(bars(8, new double[]{4, UPPER * (1 - 1e-9), 99.5}))[2]);
    }

    @Test
    void shouldLabelLowerWhenTheLowReachesTheBarrierFirst()
    {
        assertEquals(-1, labeler(SameBarPolicy.LOSS).label(bars(8, new double[]{3, 100.5, LOWER}, new double[]{4, 110, 99.5}))[2]);
    }

    @Test
    void shouldBreakASameBarTieByThePolicy()
    {
        final OhlcBars b = bars(8, new double[]{3, 110, 90});
        assertEquals(-1, labeler(SameBarPolicy.LOSS).label(b)[2]);
        assertEquals(1, labeler(SameBarPolicy.TP).label(b)[2]);
        assertEquals(U, labeler(SameBarPolicy.SKIP).label(b)[2]);
    }

    @Test
    void shouldTimeOutOnlyWhenTheDataReachesTheHorizon()
    {
        assertEquals(0, labeler(SameBarPolicy.LOSS).label(bars(7))[2], "bar 6 opens exactly at the horizon");
        assertEquals(U, labeler(SameBarPolicy.LOSS).label(bars(6))[2], "the data ends before the horizon");
    }

    @Test
    void shouldLeaveRowsUnresolvedUntilTheVolatilityWindowIsFull()
    {
        final int[] y = labeler(SameBarPolicy.LOSS).label(bars(8));
        assertEquals(U, y[0]);
        assertEquals(U, y[1]);
        assertEquals(0, y[2]);
    }

    @Test
    void shouldTimeOutAcrossAGapWithNoBarInsideTheHorizon()
    {
        final long[] t = {0, MINUTE, 2 * MINUTE, 20 * MINUTE};
        final double[] c = {100, 101, 100, 50};
        final OhlcBars b = new OhlcBars(t, c, c, c, c);
        assertEquals(0, labeler(SameBarPolicy.LOSS).label(b)[2]);
    }

    @Test
    void shouldLeaveFlatPricesUnresolved()
    {
        final long[] t = {0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE, 5 * MINUTE, 6 * MINUTE, 7 * MINUTE};
        final double[] c = {100, 100, 100, 100, 100, 100, 100, 100};
        assertEquals(U, labeler(SameBarPolicy.LOSS).label(new OhlcBars(t, c, c, c, c))[2]);
    }

    @Test
    void shouldRefuseAHorizonShorterThanABar()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new TripleBarrierLabeler(new TripleBarrierSettings(MINUTE / 2, 2, 1, 1, SameBarPolicy.LOSS), MINUTE));
        // a horizon of exactly one bar is allowed; an interval of 0 is not (kills both '<=' / '<' boundary mutants)
        new TripleBarrierLabeler(new TripleBarrierSettings(MINUTE, 2, 1, 1, SameBarPolicy.LOSS), MINUTE);
        assertThrows(IllegalArgumentException.class,
            () -> new TripleBarrierLabeler(new TripleBarrierSettings(MINUTE, 2, 1, 1, SameBarPolicy.LOSS), 0));
    }

    /**
     * The two-pass sample standard deviation of a window, worked by hand (mutation profile, issue #18: only its sign
     * was pinned). x[1..4) = 1, 2, 6: mean 3, squares 4 + 1 + 9 = 14, / (3 - 1) = 7, sigma = sqrt(7); the values
     * outside the window (100) are ignored.
     */
    @Test
    void shouldComputeTheSampleStandardDeviationOfTheWindowOnly()
    {
        final double[] x = {100, 1, 2, 6, 100};
        assertEquals(Math.sqrt(7.0), TripleBarrierLabeler.sampleStandardDeviation(x, 1, 4), 1e-15);
        // two values: |a - b| / sqrt(2)
        assertEquals(3.0 / Math.sqrt(2.0), TripleBarrierLabeler.sampleStandardDeviation(new double[]{-1, 2}, 0, 2), 1e-15);
    }

    @Test
    void shouldRefuseBarsWhoseOpenTimesDoNotIncrease()
    {
        final double[] c = {1, 1};
        assertThrows(IllegalArgumentException.class, () -> new OhlcBars(new long[]{5, 5}, c, c, c, c));
    }
}
