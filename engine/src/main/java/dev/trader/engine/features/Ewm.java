package dev.trader.engine.features;

/**
 * pandas {@code Series.ewm(span=n)} with its defaults ({@code adjust=True, min_periods=0, ignore_na=False}), updated
 * one value at a time in O(1) with pandas' own online recurrences ({@code ewma} and {@code ewmcov} in
 * {@code pandas/_libs/window/aggregations.pyx}, {@code new_wt = 1}, {@code old_wt_factor = 1 - alpha},
 * {@code alpha = 2 / (n + 1)}): the mean is {@code sum_i (1-a)^i x_{t-i} / sum_i (1-a)^i}; the variance is the
 * bias-corrected weighted variance {@code (sum w)^2 / ((sum w)^2 - sum w^2) * sum w (x - mean)^2 / sum w}, NaN with
 * one value. Used for the lagged HTF EMAs of seed 000 section 4.C. Values must not be NaN (bar closes never are).
 */
final class Ewm
{
    private final double oldWeightFactor;
    private long count;
    private double mean;
    private double oldWeight;
    private double covMean;
    private double cov;
    private double sumWeight;
    private double sumWeight2;
    private double covOldWeight;

    Ewm(final int span)
    {
        if (span < 1)
        {
            throw new IllegalArgumentException("span must be >= 1: " + span);
        }
        final double com = (span - 1) / 2.0;   // pandas get_center_of_mass(span=...)
        this.oldWeightFactor = 1.0 - 1.0 / (1.0 + com);
    }

    void add(final double x)
    {
        if (count == 0)
        {
            mean = x;
            oldWeight = 1.0;
            covMean = x;
            cov = 0.0;
            sumWeight = 1.0;
            sumWeight2 = 1.0;
            covOldWeight = 1.0;
            count = 1;
            return;
        }
        count++;
        // ewma
        oldWeight *= oldWeightFactor;
        if (mean != x)
        {
            mean = (oldWeight * mean + x) / (oldWeight + 1.0);
        }
        oldWeight += 1.0;
        // ewmcov(x, x)
        sumWeight *= oldWeightFactor;
        sumWeight2 *= oldWeightFactor * oldWeightFactor;
        covOldWeight *= oldWeightFactor;
        final double oldMean = covMean;
        if (covMean != x)
        {
            covMean = (covOldWeight * oldMean + x) / (covOldWeight + 1.0);
        }
        final double dOld = oldMean - covMean;
        final double dNew = x - covMean;
        cov = (covOldWeight * (cov + dOld * dOld) + dNew * dNew) / (covOldWeight + 1.0);
        sumWeight += 1.0;
        sumWeight2 += 1.0;
        covOldWeight += 1.0;
    }

    long count()
    {
        return count;
    }

    /** {@code ewm(span).mean()}; NaN before the first value. */
    double mean()
    {
        return count == 0 ? Double.NaN : mean;
    }

    /** {@code ewm(span).var()} (bias-corrected); NaN before two values. */
    double var()
    {
        if (count == 0)
        {
            return Double.NaN;
        }
        final double numerator = sumWeight * sumWeight;
        final double denominator = numerator - sumWeight2;
        return denominator > 0 ? numerator / denominator * cov : Double.NaN;
    }

    /** {@code ewm(span).std()}. */
    double std()
    {
        return Math.sqrt(var());
    }
}
