package dev.trader.engine.features;

/**
 * A preallocated ring of the last {@code capacity} doubles of a series (rounded up to a power of two), newest first
 * by lag: {@code get(0)} is the latest value. It also tracks, in O(1), how many values were pushed since the last NaN
 * and how long the run of equal values ending at the newest one is (pandas' {@code num_consecutive_same_value}), so
 * "the window holds n values and no NaN" and "the window is constant" need no scan. No allocation after construction.
 */
final class DoubleRing
{
    private final double[] values;
    private final int mask;
    private long count;
    private long sinceNaN;
    private long sameRun;

    DoubleRing(final int capacity)
    {
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }
        this.values = new double[size];
        this.mask = size - 1;
    }

    void push(final double value)
    {
        if (Double.isNaN(value))
        {
            sinceNaN = 0;
            sameRun = 0;
        }
        else
        {
            sinceNaN++;
            sameRun = count > 0 && values[(int)((count - 1) & mask)] == value ? sameRun + 1 : 1;
        }
        values[(int)(count & mask)] = value;
        count++;
    }

    /** True when the last {@code n} values were pushed and none of them is NaN. */
    boolean full(final int n)
    {
        return sinceNaN >= n;
    }

    /** True when the last {@code n} values are all equal (and not NaN). */
    boolean constant(final int n)
    {
        return sameRun >= n;
    }

    /** Values pushed so far (not capped at the capacity). */
    long count()
    {
        return count;
    }

    /** True when at least {@code n} values were pushed. */
    boolean has(final int n)
    {
        return count >= n;
    }

    /** The value {@code lag} pushes ago (0: the latest); the caller checks {@code has(lag + 1)}. */
    double get(final int lag)
    {
        return values[(int)((count - 1 - lag) & mask)];
    }

    int capacity()
    {
        return values.length;
    }
}
