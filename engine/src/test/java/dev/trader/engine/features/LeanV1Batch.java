package dev.trader.engine.features;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

import static dev.trader.engine.features.FeatureCatalog.ATR_14;
import static dev.trader.engine.features.FeatureCatalog.ATR_28;
import static dev.trader.engine.features.FeatureCatalog.COUNT;
import static dev.trader.engine.features.FeatureCatalog.EMA15M_20;
import static dev.trader.engine.features.FeatureCatalog.EMA15M_50;
import static dev.trader.engine.features.FeatureCatalog.EMA5M_20;
import static dev.trader.engine.features.FeatureCatalog.GAP_TO_EMA15M50;
import static dev.trader.engine.features.FeatureCatalog.GAP_TO_EMA5M20;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_1;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_15;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_5;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_60;
import static dev.trader.engine.features.FeatureCatalog.PARKINSON_20;
import static dev.trader.engine.features.FeatureCatalog.R2R_VAR_20;
import static dev.trader.engine.features.FeatureCatalog.REGIME_BREAK;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_20;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_240;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_60;
import static dev.trader.engine.features.FeatureCatalog.RV_Z20;
import static dev.trader.engine.features.FeatureCatalog.RV_Z60;
import static dev.trader.engine.features.FeatureCatalog.STREAK_LEN;
import static dev.trader.engine.features.FeatureCatalog.TR_PCT;
import static dev.trader.engine.features.FeatureCatalog.WEEKEND;
import static dev.trader.engine.features.FeatureCatalog.ZDIST_EMA200_15M;
import static dev.trader.engine.features.FeatureCatalog.ZDIST_EMA200_5M;

/**
 * The independent batch reference of lean_v1: straightforward loops over whole arrays, written the way the seed's
 * pandas code would compute each column ({@code Series.rolling(n)}, {@code shift}, {@code resample}, {@code ewm}),
 * sharing no code with the engine's {@code FeatureStage}:
 * <ul>
 *   <li>rolling skew and kurt use pandas' own raw-power-sum formulas ({@code calc_skew}, {@code calc_kurt} in
 *       {@code aggregations.pyx}: {@code A = x/n, B = xx/n - A^2, C = xxx/n - A^3 - 3AB,
 *       D = xxxx/n - A^4 - 6BA^2 - 4CA}), recomputed from scratch per window; the engine uses centred two-pass sums,
 *       so these two agree only to rounding;</li>
 *   <li>EWM mean and variance are the explicit weighted sums over the whole history
 *       ({@code w_k = (1-a)^(j-k)}), not pandas' recurrences the engine uses;</li>
 *   <li>the higher timeframes are resampled here from the 1 m rows ({@code floor(openTime / 5m)} buckets, close = last
 *       1 m close) and a row opening at {@code T} uses the buckets that ended at or before {@code T};</li>
 *   <li>the weekday comes from {@code java.time}.</li>
 * </ul>
 */
final class LeanV1Batch
{
    private static final long MINUTE = 60_000_000_000L;

    private LeanV1Batch()
    {
    }

    /**
     * @param openTimeNs  the 1 m rows' open times (the repaired frame: consecutive rows, gaps skipped)
     * @param high        highs as prices
     * @param low         lows as prices
     * @param close       closes as prices
     * @param regimeBreak the rows' regimeBreak flags
     * @return {@code [row][feature]} in {@link FeatureCatalog} order
     */
    static double[][] compute(final long[] openTimeNs, final double[] high, final double[] low, final double[] close,
        final boolean[] regimeBreak)
    {
        final int n = close.length;
        final double[][] out = new double[n][COUNT];
        for (final double[] row : out)
        {
            Arrays.fill(row, Double.NaN);
        }
        final double[] r = new double[n];
        final double[] tr = new double[n];
        final double[] pk = new double[n];
        final double[] dr = new double[n];
        for (int i = 0; i < n; i++)
        {
            r[i] = i == 0 ? Double.NaN : Math.log(close[i] / close[i - 1]);
            tr[i] = i == 0 ? Double.NaN : Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - close[i - 1]),
                Math.abs(low[i] - close[i - 1])));
            final double hl = Math.log(high[i] / low[i]);
            pk[i] = hl * hl;
            dr[i] = i == 0 ? Double.NaN : r[i] - r[i - 1];
        }
        final double[] rv20 = new double[n];
        final double[] rv60 = new double[n];
        double streak = 0;
        for (int i = 0; i < n; i++)
        {
            final double[] v = out[i];
            v[LOGRET_1] = r[i];
            v[LOGRET_5] = i >= 5 ? Math.log(close[i] / close[i - 5]) : Double.NaN;
            v[LOGRET_15] = i >= 15 ? Math.log(close[i] / close[i - 15]) : Double.NaN;
            v[LOGRET_60] = i >= 60 ? Math.log(close[i] / close[i - 60]) : Double.NaN;
            final int[] windows = {20, 60, 240};
            final int[] at = {ROLL_MEAN_20, ROLL_MEAN_60, ROLL_MEAN_240};
            for (int w = 0; w < windows.length; w++)
            {
                v[at[w]] = rollingMean(r, i, windows[w]);
                v[at[w] + 1] = Math.sqrt(rollingVar(r, i, windows[w]));
                v[at[w] + 2] = pandasSkew(r, i, windows[w]);
                v[at[w] + 3] = pandasKurt(r, i, windows[w]);
            }
            rv20[i] = v[ROLL_MEAN_20 + 1];
            rv60[i] = v[ROLL_MEAN_60 + 1];
            v[ATR_14] = rollingMean(tr, i, 14);
            v[ATR_28] = rollingMean(tr, i, 28);
            v[TR_PCT] = tr[i] / close[i];
            v[PARKINSON_20] = Math.sqrt(rollingMean(pk, i, 20) / (4.0 * Math.log(2.0)));
            if (r[i] > 0)
            {
                streak = streak > 0 ? streak + 1 : 1;
            }
            else if (r[i] < 0)
            {
                streak = streak < 0 ? streak - 1 : -1;
            }
            else
            {
                streak = 0;
            }
            v[STREAK_LEN] = streak;
            v[R2R_VAR_20] = rollingVar(dr, i, 20);
            final DayOfWeek day = Instant.ofEpochSecond(openTimeNs[i] / 1_000_000_000L).atOffset(ZoneOffset.UTC).getDayOfWeek();
            v[WEEKEND] = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? 1 : 0;
            v[REGIME_BREAK] = regimeBreak[i] ? 1 : 0;
        }
        for (int i = 0; i < n; i++)
        {
            out[i][RV_Z20] = rollingZ(rv20, i, FeatureCatalog.RV_Z_LOOKBACK);
            out[i][RV_Z60] = rollingZ(rv60, i, FeatureCatalog.RV_Z_LOOKBACK);
        }
        htf(openTimeNs, close, 5 * MINUTE, out, EMA5M_20, ZDIST_EMA200_5M);
        htf(openTimeNs, close, 15 * MINUTE, out, EMA15M_20, ZDIST_EMA200_15M);
        for (int i = 0; i < n; i++)
        {
            out[i][GAP_TO_EMA5M20] = close[i] / out[i][EMA5M_20] - 1.0;
            out[i][GAP_TO_EMA15M50] = close[i] / out[i][EMA15M_50] - 1.0;
        }
        return out;
    }

    /** Resample to {@code interval}, then EWM(20, 50, 200) and the z-distance, lagged onto the 1 m rows. */
    private static void htf(final long[] openTimeNs, final double[] close, final long interval, final double[][] out,
        final int emaAt, final int zAt)
    {
        final int n = close.length;
        final long[] bucketEnd = new long[n];
        final double[] bucketClose = new double[n];
        int buckets = 0;
        for (int i = 0; i < n; i++)
        {
            final long end = Math.floorDiv(openTimeNs[i], interval) * interval + interval;
            if (buckets > 0 && bucketEnd[buckets - 1] == end)
            {
                bucketClose[buckets - 1] = close[i];
            }
            else
            {
                bucketEnd[buckets] = end;
                bucketClose[buckets] = close[i];
                buckets++;
            }
        }
        final int[] spans = {20, 50, 200};
        final double[][] ema = new double[spans.length][buckets];
        final double[] z = new double[buckets];
        for (int j = 0; j < buckets; j++)
        {
            for (int s = 0; s < spans.length; s++)
            {
                final double keep = 1.0 - 2.0 / (spans[s] + 1.0);
                double num = 0;
                double den = 0;
                double w2 = 0;
                for (int k = 0; k <= j; k++)
                {
                    final double w = Math.pow(keep, j - k);
                    num += w * bucketClose[k];
                    den += w;
                    w2 += w * w;
                }
                final double mean = num / den;
                ema[s][j] = mean;
                if (s == spans.length - 1)
                {
                    double ss = 0;
                    for (int k = 0; k <= j; k++)
                    {
                        final double d = bucketClose[k] - mean;
                        ss += Math.pow(keep, j - k) * d * d;
                    }
                    final double denominator = den * den - w2;
                    final double var = j == 0 || denominator <= 0 ? Double.NaN : den * den / denominator * ss / den;
                    z[j] = (bucketClose[j] - mean) / Math.sqrt(var);
                }
            }
        }
        for (int i = 0; i < n; i++)
        {
            int last = -1;
            for (int j = 0; j < buckets; j++)
            {
                if (bucketEnd[j] <= openTimeNs[i])
                {
                    last = j;
                }
            }
            for (int s = 0; s < spans.length; s++)
            {
                out[i][emaAt + s] = last < 0 ? Double.NaN : ema[s][last];
            }
            out[i][zAt] = last < 0 ? Double.NaN : z[last];
        }
    }

    /** The window {@code x[i-w+1 .. i]} is complete and has no NaN (pandas min_periods = w). */
    private static boolean complete(final double[] x, final int i, final int w)
    {
        if (i - w + 1 < 0)
        {
            return false;
        }
        for (int k = i - w + 1; k <= i; k++)
        {
            if (Double.isNaN(x[k]))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean allEqual(final double[] x, final int i, final int w)
    {
        for (int k = i - w + 1; k <= i; k++)
        {
            if (x[k] != x[i])
            {
                return false;
            }
        }
        return true;
    }

    static double rollingMean(final double[] x, final int i, final int w)
    {
        if (!complete(x, i, w))
        {
            return Double.NaN;
        }
        if (allEqual(x, i, w))
        {
            return x[i];
        }
        double s = 0;
        for (int k = i - w + 1; k <= i; k++)
        {
            s += x[k];
        }
        return s / w;
    }

    /** Sample variance, ddof = 1. */
    static double rollingVar(final double[] x, final int i, final int w)
    {
        if (!complete(x, i, w))
        {
            return Double.NaN;
        }
        if (allEqual(x, i, w))
        {
            return 0;
        }
        double s = 0;
        for (int k = i - w + 1; k <= i; k++)
        {
            s += x[k];
        }
        final double mean = s / w;
        double ss = 0;
        for (int k = i - w + 1; k <= i; k++)
        {
            ss += (x[k] - mean) * (x[k] - mean);
        }
        return ss / (w - 1);
    }

    /** pandas calc_skew over the window, from raw power sums. */
    static double pandasSkew(final double[] x, final int i, final int w)
    {
        if (!complete(x, i, w) || w < 3)
        {
            return Double.NaN;
        }
        if (allEqual(x, i, w))
        {
            return 0.0;
        }
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = i - w + 1; k <= i; k++)
        {
            s1 += x[k];
            s2 += x[k] * x[k];
            s3 += x[k] * x[k] * x[k];
        }
        final double n = w;
        final double a = s1 / n;
        final double b = s2 / n - a * a;
        final double c = s3 / n - a * a * a - 3 * a * b;
        if (b <= 1e-14)
        {
            return Double.NaN;
        }
        final double root = Math.sqrt(b);
        return Math.sqrt(n * (n - 1.0)) * c / ((n - 2) * root * root * root);
    }

    /** pandas calc_kurt over the window, from raw power sums. */
    static double pandasKurt(final double[] x, final int i, final int w)
    {
        if (!complete(x, i, w) || w < 4)
        {
            return Double.NaN;
        }
        if (allEqual(x, i, w))
        {
            return -3.0;
        }
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int k = i - w + 1; k <= i; k++)
        {
            final double x2 = x[k] * x[k];
            s1 += x[k];
            s2 += x2;
            s3 += x2 * x[k];
            s4 += x2 * x2;
        }
        final double n = w;
        final double a = s1 / n;
        double r = a * a;
        final double b = s2 / n - r;
        r = r * a;
        final double c = s3 / n - r - 3 * a * b;
        r = r * a;
        final double d = s4 / n - r - 6 * b * a * a - 4 * c * a;
        if (b <= 1e-14)
        {
            return Double.NaN;
        }
        final double k = (n * n - 1.0) * d / (b * b) - 3 * ((n - 1.0) * (n - 1.0));
        return k / ((n - 2.0) * (n - 3.0));
    }

    /** (x_i - mean) / std over the window (ddof 1); std 0 gives NaN (seed 003's _rolling_zscore). */
    static double rollingZ(final double[] x, final int i, final int w)
    {
        final double var = rollingVar(x, i, w);
        if (Double.isNaN(var) || var == 0)
        {
            return Double.NaN;
        }
        return (x[i] - rollingMean(x, i, w)) / Math.sqrt(var);
    }
}
