package dev.trader.strategies.labels;

/**
 * Triple-barrier labels (seed 001, "Triple-Barrier labels ... (TP / SL / timeout)", "OHLC detection, tie-breaks";
 * the barrier widths and horizon are this project's choice, see {@link TripleBarrierSettings}). For bar i with close
 * c_i:
 *
 * <pre>
 *   r_k     = ln(c_k / c_(k-1))
 *   sigma_i = sample standard deviation of r_(i-W+1) .. r_i          (W = volatilityWindow; only data up to c_i)
 *   width_i = sigma_i * sqrt(horizon / interval)
 *   upper_i = c_i * exp(+profitTakeMultiple * width_i)
 *   lower_i = c_i * exp(-stopLossMultiple * width_i)
 * </pre>
 *
 * Bars j &gt; i opening at most {@code horizon} after bar i are scanned in order: high_j &gt;= upper is +1, low_j
 * &lt;= lower is -1, both on one bar follow {@code resolveSameBar} (loss -1, tp +1, skip unresolved); no touch is 0
 * (timeout) when the data reaches the horizon, otherwise unresolved. Rows before the volatility window is full,
 * or with sigma 0, are unresolved. A row's label depends only on bars up to its horizon, never on which rows are
 * exported.
 */
public final class TripleBarrierLabeler
{
    /** The label of a row the data does not resolve (exported as an empty cell). */
    public static final int UNRESOLVED = Integer.MIN_VALUE;

    private final TripleBarrierSettings settings;
    private final double horizonBars;

    /** @param intervalNs the bar interval of the series to be labelled */
    public TripleBarrierLabeler(final TripleBarrierSettings settings, final long intervalNs)
    {
        if (intervalNs <= 0 || settings.horizonNs() < intervalNs)
        {
            throw new IllegalArgumentException("triple barrier horizon (" + settings.horizonNs() + " ns) must be at least one bar ("
                + intervalNs + " ns)");
        }
        this.settings = settings;
        this.horizonBars = (double)settings.horizonNs() / intervalNs;
    }

    public TripleBarrierSettings settings()
    {
        return settings;
    }

    /** @return per bar: +1 upper first, -1 lower first, 0 timeout, or {@link #UNRESOLVED} */
    public int[] label(final OhlcBars bars)
    {
        final int n = bars.size();
        final int w = settings.volatilityWindow();
        final double[] logReturn = new double[n];
        for (int k = 1; k < n; k++)
        {
            logReturn[k] = StrictMath.log(bars.close(k) / bars.close(k - 1));
        }
        final long lastOpenNs = n == 0 ? Long.MIN_VALUE : bars.openTimeNs(n - 1);
        final int[] y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = UNRESOLVED;
            if (i < w)
            {
                continue;
            }
            final double sigma = sampleStandardDeviation(logReturn, i - w + 1, i + 1);
            if (!(sigma > 0) || Double.isInfinite(sigma))
            {
                continue;
            }
            final double width = sigma * Math.sqrt(horizonBars);
            final double c = bars.close(i);
            final double upper = c * StrictMath.exp(settings.profitTakeMultiple() * width);
            final double lower = c * StrictMath.exp(-settings.stopLossMultiple() * width);
            final long horizonEndNs = bars.openTimePlus(i, settings.horizonNs());
            boolean touched = false;
            for (int j = i + 1; j < n && bars.openTimeNs(j) <= horizonEndNs && !touched; j++)
            {
                final boolean up = bars.high(j) >= upper;
                final boolean down = bars.low(j) <= lower;
                touched = up || down;
                if (up && down)
                {
                    y[i] = settings.resolveSameBar() == SameBarPolicy.LOSS ? -1
                        : settings.resolveSameBar() == SameBarPolicy.TP ? 1 : UNRESOLVED;
                }
                else if (down)
                {
                    y[i] = -1;
                }
                else if (up)
                {
                    y[i] = 1;
                }
            }
            if (!touched && lastOpenNs >= horizonEndNs)
            {
                y[i] = 0; // the data reaches the vertical barrier and nothing touched before it
            }
        }
        return y;
    }

    /** Two-pass sample standard deviation (n - 1) of {@code x[from, to)}. */
    static double sampleStandardDeviation(final double[] x, final int from, final int to)
    {
        final int count = to - from;
        double sum = 0;
        for (int k = from; k < to; k++)
        {
            sum += x[k];
        }
        final double mean = sum / count;
        double squares = 0;
        for (int k = from; k < to; k++)
        {
            final double d = x[k] - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (count - 1));
    }
}
