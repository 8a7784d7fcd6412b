package dev.trader.strategies.labels;

/**
 * A series of bars of one instrument as plain arrays, oldest first: what seed 000 section 5 labels take as
 * {@code df[["open", "high", "low", "close"]]}. Labelling is batch work off the engine thread.
 */
public final class OhlcBars
{
    private final long[] openTimeNs;
    private final double[] open;
    private final double[] high;
    private final double[] low;
    private final double[] close;

    /**
     * The arrays are used as given, not copied.
     *
     * @param openTimeNs bar open times, strictly increasing
     */
    public OhlcBars(final long[] openTimeNs, final double[] open, final double[] high, final double[] low, final double[] close)
    {
        final int n = openTimeNs.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n)
        {
            throw new IllegalArgumentException("bar arrays differ in length: " + n + ", " + open.length + ", " + high.length
                + ", " + low.length + ", " + close.length);
        }
        for (int i = 1; i < n; i++)
        {
            if (openTimeNs[i] <= openTimeNs[i - 1])
            {
                throw new IllegalArgumentException("bar open times must increase: bar " + i + " opens at " + openTimeNs[i]
                    + ", bar " + (i - 1) + " at " + openTimeNs[i - 1]);
            }
        }
        this.openTimeNs = openTimeNs;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
    }

    public int size()
    {
        return openTimeNs.length;
    }

    public long openTimeNs(final int i)
    {
        return openTimeNs[i];
    }

    /** Bar i's open time plus {@code ns}, saturating at {@link Long#MAX_VALUE} (a barrier beyond the end of time). */
    public long openTimePlus(final int i, final long ns)
    {
        final long t = openTimeNs[i];
        return t > Long.MAX_VALUE - ns ? Long.MAX_VALUE : t + ns;
    }

    public double open(final int i)
    {
        return open[i];
    }

    public double high(final int i)
    {
        return high[i];
    }

    public double low(final int i)
    {
        return low[i];
    }

    public double close(final int i)
    {
        return close[i];
    }
}
