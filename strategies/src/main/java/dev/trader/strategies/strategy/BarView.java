package dev.trader.strategies.strategy;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarDecoder;

/**
 * A completed {@code Bar} (template 20) as a strategy sees it: one reusable, read-only view filled by the
 * {@link StrategyStage} for each bar; valid only during the callback. Prices are mantissas at the instrument's
 * price exponent, with double conveniences in price units.
 */
public final class BarView
{
    private int instrumentId;
    private long intervalNs;
    private long openTimeNs;
    private long closeTimeNs;
    private long receiveTsNs;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private int flags;
    private double ret;
    private int priceExponent;

    void wrap(final BarDecoder bar, final int priceExponent)
    {
        this.instrumentId = bar.instrumentId();
        this.intervalNs = bar.intervalNs();
        this.openTimeNs = bar.openTimeNs();
        this.closeTimeNs = bar.exchangeTsNs();
        this.receiveTsNs = bar.receiveTsNs();
        this.open = bar.open();
        this.high = bar.high();
        this.low = bar.low();
        this.close = bar.close();
        this.volume = bar.volume();
        this.flags = bar.flags().getRaw();
        this.ret = bar.ret();
        this.priceExponent = priceExponent;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public long intervalNs()
    {
        return intervalNs;
    }

    public long openTimeNs()
    {
        return openTimeNs;
    }

    /** The bar's close time (exclusive end): the event's exchangeTsNs. */
    public long closeTimeNs()
    {
        return closeTimeNs;
    }

    public long receiveTsNs()
    {
        return receiveTsNs;
    }

    public int priceExponent()
    {
        return priceExponent;
    }

    public long openMantissa()
    {
        return open;
    }

    public long highMantissa()
    {
        return high;
    }

    public long lowMantissa()
    {
        return low;
    }

    public long closeMantissa()
    {
        return close;
    }

    public double open()
    {
        return Decimals.toDouble(open, priceExponent);
    }

    public double high()
    {
        return Decimals.toDouble(high, priceExponent);
    }

    public double low()
    {
        return Decimals.toDouble(low, priceExponent);
    }

    public double close()
    {
        return Decimals.toDouble(close, priceExponent);
    }

    /** Volume mantissa at the instrument's qty exponent. */
    public long volumeMantissa()
    {
        return volume;
    }

    /** The raw {@code BarFlags} bits (fromKline, repairedSmallGap, regimeBreak, dupe, outOfOrder). */
    public int flags()
    {
        return flags;
    }

    /** close / previous close - 1 as the bar stage computed it; NaN for the first bar. */
    public double ret()
    {
        return ret;
    }
}
