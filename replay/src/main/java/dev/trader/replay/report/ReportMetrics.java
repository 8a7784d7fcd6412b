package dev.trader.replay.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pure arithmetic behind {@link RunReport}'s metrics (seed 002 section 4, seed 004 "Backtest Reports"), on plain
 * arrays so each definition can be tested alone. Every method is deterministic (no wall clock, no hash order) and
 * uses {@link StrictMath} for roots and powers.
 */
public final class ReportMetrics
{
    /** Nanoseconds in a 365-day year: the annualization base of Sharpe, Sortino and Calmar. */
    public static final double YEAR_NS = 365.0 * 86_400e9;

    private ReportMetrics()
    {
    }

    /**
     * Simple returns {@code r_i = e_i / e_(i-1) - 1} of consecutive points; a step from a non-positive equity is
     * skipped (no meaningful return after ruin).
     */
    public static double[] returns(final double[] equity)
    {
        final double[] r = new double[Math.max(0, equity.length - 1)];
        int n = 0;
        for (int i = 1; i < equity.length; i++)
        {
            if (equity[i - 1] > 0)
            {
                r[n++] = equity[i] / equity[i - 1] - 1;
            }
        }
        return Arrays.copyOf(r, n);
    }

    /**
     * Sharpe ratio: {@code mean(r) / sd(r) x sqrt(periodsPerYear)}, with {@code sd} the sample standard deviation
     * (n - 1) and a zero risk-free rate; 0 when fewer than 2 returns or zero variance.
     */
    public static double sharpe(final double[] r, final double periodsPerYear)
    {
        if (r.length < 2 || !(periodsPerYear > 0))
        {
            return 0.0;
        }
        final double mean = mean(r);
        double ss = 0;
        for (final double x : r)
        {
            ss += (x - mean) * (x - mean);
        }
        final double sd = StrictMath.sqrt(ss / (r.length - 1));
        return sd == 0 ? 0.0 : mean / sd * StrictMath.sqrt(periodsPerYear);
    }

    /**
     * Sortino ratio: {@code mean(r) / dd x sqrt(periodsPerYear)}, with the downside deviation
     * {@code dd = sqrt(sum(min(r, 0)^2) / n)} over all n returns (target 0); 0 when fewer than 2 returns; NaN
     * (reported as null) when no return is negative (unbounded).
     */
    public static double sortino(final double[] r, final double periodsPerYear)
    {
        if (r.length < 2 || !(periodsPerYear > 0))
        {
            return 0.0;
        }
        double down = 0;
        for (final double x : r)
        {
            if (x < 0)
            {
                down += x * x;
            }
        }
        if (down == 0)
        {
            return Double.NaN;
        }
        return mean(r) / StrictMath.sqrt(down / r.length) * StrictMath.sqrt(periodsPerYear);
    }

    /** Drawdown series {@code e_i / max(e_0..e_i) - 1} (seed 002 section 4), each value <= 0. */
    public static double[] drawdowns(final double[] equity)
    {
        final double[] dd = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++)
        {
            peak = Math.max(peak, equity[i]);
            dd[i] = peak > 0 ? equity[i] / peak - 1 : 0.0;
        }
        return dd;
    }

    /** The most negative drawdown, 0 when none; {@code opening} (NaN = none) is a peak before the first point. */
    public static double maxDrawdown(final double[] equity, final double opening)
    {
        double peak = Double.isNaN(opening) ? Double.NEGATIVE_INFINITY : opening;
        double worst = 0;
        for (final double e : equity)
        {
            peak = Math.max(peak, e);
            if (peak > 0)
            {
                worst = Math.min(worst, e / peak - 1);
            }
        }
        return worst;
    }

    /** One drawdown episode: from a peak until equity is back at or above it (or the end). */
    public record Episode(long peakTsNs, long troughTsNs, double trough, long recoveredTsNs)
    {
        public boolean recovered()
        {
            return recoveredTsNs != Long.MIN_VALUE;
        }
    }

    /**
     * Drawdown episodes: an episode starts at the last peak before equity falls below it, its trough is the most
     * negative drawdown inside it, and it ends at the first point whose equity is at or above the peak
     * ({@code recoveredTsNs}), or stays open at the end ({@code Long.MIN_VALUE}).
     */
    public static List<Episode> episodes(final long[] ts, final double[] equity)
    {
        final List<Episode> out = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        long peakTs = 0;
        boolean in = false;
        double trough = 0;
        long troughTs = 0;
        for (int i = 0; i < equity.length; i++)
        {
            if (equity[i] >= peak)
            {
                if (in)
                {
                    out.add(new Episode(peakTs, troughTs, trough, ts[i]));
                    in = false;
                }
                peak = equity[i];
                peakTs = ts[i];
                continue;
            }
            final double dd = peak > 0 ? equity[i] / peak - 1 : 0.0;
            if (!in)
            {
                in = true;
                trough = dd;
                troughTs = ts[i];
            }
            else if (dd < trough)
            {
                trough = dd;
                troughTs = ts[i];
            }
        }
        if (in)
        {
            out.add(new Episode(peakTs, troughTs, trough, Long.MIN_VALUE));
        }
        return out;
    }

    /** Longest run of consecutive losses (net <= 0) in the given order. */
    public static int maxConsecutiveLosses(final long[] netPnl)
    {
        int run = 0;
        int best = 0;
        for (final long n : netPnl)
        {
            run = n > 0 ? 0 : run + 1;
            best = Math.max(best, run);
        }
        return best;
    }

    /** Longest run of consecutive wins (net > 0). */
    public static int maxConsecutiveWins(final long[] netPnl)
    {
        int run = 0;
        int best = 0;
        for (final long n : netPnl)
        {
            run = n > 0 ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** Trades with net > 0 (a win; net <= 0, including exactly 0, is a loss). */
    public static int wins(final long[] netPnl)
    {
        int wins = 0;
        for (final long n : netPnl)
        {
            if (n > 0)
            {
                wins++;
            }
        }
        return wins;
    }

    /** Sum of the winning nets (> 0). */
    public static long winSum(final long[] netPnl)
    {
        long sum = 0;
        for (final long n : netPnl)
        {
            if (n > 0)
            {
                sum += n;
            }
        }
        return sum;
    }

    /** Sum of the losing nets (<= 0), so itself <= 0. */
    public static long lossSum(final long[] netPnl)
    {
        return sum(netPnl) - winSum(netPnl);
    }

    public static long sum(final long[] values)
    {
        long sum = 0;
        for (final long v : values)
        {
            sum += v;
        }
        return sum;
    }

    /**
     * Profit factor {@code sum(winning net) / |sum(losing net)|}; NaN (reported as null) when the losses sum to 0
     * (no losing trade, or only break-even ones): the ratio is unbounded.
     */
    public static double profitFactor(final long[] netPnl)
    {
        final long loss = -lossSum(netPnl);
        return loss == 0 ? Double.NaN : (double)winSum(netPnl) / loss;
    }

    public static double mean(final double[] x)
    {
        if (x.length == 0)
        {
            return Double.NaN;
        }
        double s = 0;
        for (final double v : x)
        {
            s += v;
        }
        return s / x.length;
    }

    /** Median of a copy (sorted ascending; the mean of the middle two for an even count); NaN when empty. */
    public static double median(final double[] x)
    {
        if (x.length == 0)
        {
            return Double.NaN;
        }
        final double[] s = x.clone();
        Arrays.sort(s);
        final int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
