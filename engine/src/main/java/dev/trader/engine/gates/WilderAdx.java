package dev.trader.engine.gates;

/**
 * Wilder's directional movement system (J. Welles Wilder, 1978), updated one completed bar at a time: +DI, -DI and
 * ADX over {@code period} bars (14 by default), the trend-strength input of seed 004 section 2 ("TREND: ADX > 25",
 * "RANGE: ADX < 20").
 *
 * <pre>
 *   TR  = max(high - low, |high - prevClose|, |low - prevClose|)
 *   up  = high - prevHigh,  down = prevLow - low
 *   +DM = up   if up > down and up > 0, else 0
 *   -DM = down if down > up and down > 0, else 0
 *   TRn, +DMn, -DMn: the sum of the first n values, then  S = S - S / n + x          (Wilder smoothing)
 *   +DI = 100 * +DMn / TRn,  -DI = 100 * -DMn / TRn                                  (0 when TRn = 0)
 *   DX  = 100 * |+DI - -DI| / (+DI + -DI)                                            (0 when both are 0)
 *   ADX = mean of the first n DX values, then  ADX = (ADX * (n - 1) + DX) / n
 * </pre>
 *
 * The first bar only seeds the previous high, low and close; +DI and -DI exist from bar {@code n + 1}, ADX from bar
 * {@code 2n} (bar 28 for n = 14). No allocation; not thread safe.
 */
public final class WilderAdx
{
    private final int period;

    private long bars;
    private double prevHigh;
    private double prevLow;
    private double prevClose;
    private double trSum;
    private double plusDmSum;
    private double minusDmSum;
    private double dxSum;
    private int dxCount;
    private double plusDi = Double.NaN;
    private double minusDi = Double.NaN;
    private double adx = Double.NaN;

    public WilderAdx(final int period)
    {
        if (period < 2)
        {
            throw new IllegalArgumentException("ADX period must be at least 2, got " + period);
        }
        this.period = period;
    }

    public int period()
    {
        return period;
    }

    /** Forgets every bar (after a regime break in the data). */
    public void reset()
    {
        bars = 0;
        trSum = 0;
        plusDmSum = 0;
        minusDmSum = 0;
        dxSum = 0;
        dxCount = 0;
        plusDi = Double.NaN;
        minusDi = Double.NaN;
        adx = Double.NaN;
    }

    /** Adds one completed bar. */
    public void update(final double high, final double low, final double close)
    {
        bars++;
        if (bars == 1)
        {
            prevHigh = high;
            prevLow = low;
            prevClose = close;
            return;
        }
        final double tr = Math.max(high - low, Math.max(Math.abs(high - prevClose), Math.abs(low - prevClose)));
        final double up = high - prevHigh;
        final double down = prevLow - low;
        final double plusDm = up > down && up > 0 ? up : 0.0;
        final double minusDm = down > up && down > 0 ? down : 0.0;
        prevHigh = high;
        prevLow = low;
        prevClose = close;

        final long moves = bars - 1;
        if (moves <= period)
        {
            trSum += tr;
            plusDmSum += plusDm;
            minusDmSum += minusDm;
            if (moves < period)
            {
                return;
            }
        }
        else
        {
            trSum = trSum - trSum / period + tr;
            plusDmSum = plusDmSum - plusDmSum / period + plusDm;
            minusDmSum = minusDmSum - minusDmSum / period + minusDm;
        }
        plusDi = trSum > 0 ? 100.0 * plusDmSum / trSum : 0.0;
        minusDi = trSum > 0 ? 100.0 * minusDmSum / trSum : 0.0;
        final double diSum = plusDi + minusDi;
        final double dx = diSum > 0 ? 100.0 * Math.abs(plusDi - minusDi) / diSum : 0.0;
        if (dxCount < period)
        {
            dxSum += dx;
            dxCount++;
            if (dxCount == period)
            {
                adx = dxSum / period;
            }
        }
        else
        {
            adx = (adx * (period - 1) + dx) / period;
        }
    }

    /** Bars seen since the start or the last {@link #reset()}. */
    public long bars()
    {
        return bars;
    }

    public boolean isReady()
    {
        return !Double.isNaN(adx);
    }

    /** ADX, or NaN before bar {@code 2 * period}. */
    public double adx()
    {
        return adx;
    }

    /** +DI, or NaN before bar {@code period + 1}. */
    public double plusDi()
    {
        return plusDi;
    }

    /** -DI, or NaN before bar {@code period + 1}. */
    public double minusDi()
    {
        return minusDi;
    }
}
