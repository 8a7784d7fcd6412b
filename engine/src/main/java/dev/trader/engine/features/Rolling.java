package dev.trader.engine.features;

/**
 * pandas {@code rolling(n)} statistics over the last {@code n} values of a {@link DoubleRing} (seed 000 section 4.C
 * rolling windows; see {@link FeatureCatalog} for the exact estimators). Each is O(n): a two-pass (centred) sum from
 * the oldest value to the newest, so no running sum drifts and no raw-moment cancellation creeps in. A window with
 * fewer than {@code n} values or any NaN gives NaN ({@code min_periods = n}); that test and the constant-window test
 * are O(1) ({@link DoubleRing}).
 */
final class Rolling
{
    /** pandas skips skew / kurt when the biased variance is at most this (a constant window up to rounding). */
    static final double MIN_MOMENT_VARIANCE = 1e-14;

    private Rolling()
    {
    }

    /** True when the ring holds {@code n} values and none of the last {@code n} is NaN. */
    static boolean full(final DoubleRing ring, final int n)
    {
        return ring.full(n);
    }

    /** True when the last {@code n} values are all equal (pandas' "consecutive same value" case). */
    static boolean constant(final DoubleRing ring, final int n)
    {
        return ring.constant(n);
    }

    /** {@code rolling(n).mean()}. */
    static double mean(final DoubleRing ring, final int n)
    {
        if (!full(ring, n))
        {
            return Double.NaN;
        }
        if (constant(ring, n))
        {
            return ring.get(0);
        }
        return sum(ring, n) / n;
    }

    /** {@code rolling(n).var()} with {@code ddof = 1}. */
    static double var(final DoubleRing ring, final int n)
    {
        if (!full(ring, n) || n < 2)
        {
            return Double.NaN;
        }
        if (constant(ring, n))
        {
            return 0.0;
        }
        final double mean = sum(ring, n) / n;
        double ss = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            final double d = ring.get(j) - mean;
            ss += d * d;
        }
        return ss / (n - 1);
    }

    /** {@code rolling(n).std()} with {@code ddof = 1}. */
    static double std(final DoubleRing ring, final int n)
    {
        return Math.sqrt(var(ring, n));
    }

    /**
     * Mean, std (ddof 1), skew and kurt of the last {@code n} values into {@code out[offset .. offset + 3]}, one pass
     * for the mean and one for the central moments.
     */
    static void moments(final DoubleRing ring, final int n, final double[] out, final int offset)
    {
        if (!full(ring, n))
        {
            out[offset] = Double.NaN;
            out[offset + 1] = Double.NaN;
            out[offset + 2] = Double.NaN;
            out[offset + 3] = Double.NaN;
            return;
        }
        if (constant(ring, n))
        {
            out[offset] = ring.get(0);
            out[offset + 1] = 0.0;
            out[offset + 2] = n >= 3 ? 0.0 : Double.NaN;
            out[offset + 3] = n >= 4 ? -3.0 : Double.NaN;
            return;
        }
        final double mean = sum(ring, n) / n;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            final double d = ring.get(j) - mean;
            final double d2 = d * d;
            s2 += d2;
            s3 += d2 * d;
            s4 += d2 * d2;
        }
        final double dn = n;
        out[offset] = mean;
        out[offset + 1] = Math.sqrt(s2 / (dn - 1));
        final double m2 = s2 / dn;
        final double m3 = s3 / dn;
        final double m4 = s4 / dn;
        if (n < 3 || m2 <= MIN_MOMENT_VARIANCE)
        {
            out[offset + 2] = Double.NaN;
        }
        else
        {
            out[offset + 2] = Math.sqrt(dn * (dn - 1)) * m3 / ((dn - 2) * m2 * Math.sqrt(m2));
        }
        if (n < 4 || m2 <= MIN_MOMENT_VARIANCE)
        {
            out[offset + 3] = Double.NaN;
        }
        else
        {
            out[offset + 3] = ((dn * dn - 1) * m4 / (m2 * m2) - 3 * (dn - 1) * (dn - 1)) / ((dn - 2) * (dn - 3));
        }
    }

    /** {@code (x - rolling(n).mean()) / rolling(n).std()} for the latest value {@code x}; std 0 gives NaN. */
    static double zscore(final DoubleRing ring, final int n)
    {
        if (!full(ring, n) || constant(ring, n))
        {
            return Double.NaN;
        }
        final double mean = sum(ring, n) / n;
        double ss = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            final double d = ring.get(j) - mean;
            ss += d * d;
        }
        final double std = Math.sqrt(ss / (n - 1));
        return std == 0 ? Double.NaN : (ring.get(0) - mean) / std;
    }

    private static double sum(final DoubleRing ring, final int n)
    {
        double s = 0;
        for (int j = n - 1; j >= 0; j--)
        {
            s += ring.get(j);
        }
        return s;
    }
}
