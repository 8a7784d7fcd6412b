package dev.trader.engine.gates;

/**
 * The last {@code capacity} values of a series, with mean and sample standard deviation computed afresh from the
 * values on each call (two passes: no running sums, so no drift over a long run, and the same bits in live and
 * replay). Gates call it once per completed bar, so the O(capacity) cost is off the per-trade path. No allocation
 * after construction.
 */
final class RollingWindow
{
    private final double[] values;
    private int next;
    private int size;

    RollingWindow(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("window capacity must be positive, got " + capacity);
        }
        this.values = new double[capacity];
    }

    void add(final double value)
    {
        values[next] = value;
        next = next + 1 == values.length ? 0 : next + 1;
        if (size < values.length)
        {
            size++;
        }
    }

    void clear()
    {
        next = 0;
        size = 0;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return values.length;
    }

    boolean isFull()
    {
        return size == values.length;
    }

    /** The value added {@code back} additions ago (0 = the latest). */
    double last(final int back)
    {
        if (back < 0 || back >= size)
        {
            throw new IndexOutOfBoundsException("back " + back + " of " + size);
        }
        final int i = next - 1 - back;
        return values[i < 0 ? i + values.length : i];
    }

    /** Mean of the latest {@code n} values (n <= size). */
    double meanOfLast(final int n)
    {
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += last(k);
        }
        return sum / n;
    }

    /**
     * Mean of every value held; NaN when empty. Computed about the first value ({@code v0 + sum(v - v0) / n}), so a
     * window of identical values has exactly that value as its mean (a plain {@code sum / n} can miss it by an ulp,
     * which would turn a flat history into a tiny, meaningless standard deviation).
     */
    double mean()
    {
        if (size == 0)
        {
            return Double.NaN;
        }
        final double pivot = values[0];
        double sum = 0;
        for (int k = 0; k < size; k++)
        {
            sum += values[k] - pivot;
        }
        return pivot + sum / size;
    }

    /** Mean of the squares of the values held; NaN when empty. */
    double meanOfSquares()
    {
        if (size == 0)
        {
            return Double.NaN;
        }
        double sum = 0;
        for (int k = 0; k < size; k++)
        {
            sum += values[k] * values[k];
        }
        return sum / size;
    }

    /** Sample standard deviation (n - 1) of the values held; NaN with fewer than two. */
    double std()
    {
        if (size < 2)
        {
            return Double.NaN;
        }
        final double mean = mean();
        double ss = 0;
        for (int k = 0; k < size; k++)
        {
            final double d = values[k] - mean;
            ss += d * d;
        }
        return Math.sqrt(ss / (size - 1));
    }

    /**
     * {@code (x - mean) / std} against the values held. A flat window (std 0) gives 0 when {@code x} equals its
     * mean and an infinity of the sign of {@code x - mean} otherwise: a move out of a perfectly flat history is
     * infinitely unusual, never silently "normal". NaN when fewer than two values are held.
     */
    double zScore(final double x)
    {
        final double std = std();
        if (Double.isNaN(std))
        {
            return Double.NaN;
        }
        final double d = x - mean();
        if (std == 0)
        {
            return d == 0 ? 0.0 : (d > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        }
        return d / std;
    }
}
