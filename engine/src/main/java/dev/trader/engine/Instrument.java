package dev.trader.engine;

import dev.trader.codecs.Decimals;

/**
 * A tradable instrument and its fixed-point grid. Prices on the wire are mantissas at {@code priceExponent},
 * quantities at {@code qtyExponent}, money (quote volume, fees, PnL) at {@code quoteExponent}. Also the limits the
 * boundary checks hold its market data to ({@link MarketSanity}): the largest quantity and notional it accepts, and
 * whether the venue guarantees the tick grid.
 */
public final class Instrument
{
    private final int id;
    private final Venue venue;
    private final String symbol;
    private final String tickSize;
    private final String lotSize;
    private final int priceExponent;
    private final int qtyExponent;
    private final int quoteExponent;
    private final long tickMantissa;
    private final long lotMantissa;
    private final long maxQty;
    private final long maxNotional;
    private final boolean tickGrid;

    /**
     * Room left by the default limits: at least this many trades of the largest accepted notional (or quantity) still
     * sum to a long, so a bar's volumes cannot overflow on data that passed the checks.
     */
    public static final long SUM_HEADROOM = 1024;
    /** The default largest notional of one trade or depth level, in quote units (absurd for any quote currency). */
    public static final int DEFAULT_MAX_NOTIONAL_DIGITS = 10;
    /** The default largest quantity, in lots: 10^12 lots. */
    public static final int DEFAULT_MAX_QTY_LOT_DIGITS = 12;

    public Instrument(
        final int id,
        final Venue venue,
        final String symbol,
        final String tickSize,
        final String lotSize,
        final int priceExponent,
        final int qtyExponent,
        final int quoteExponent)
    {
        this(id, venue, symbol, tickSize, lotSize, priceExponent, qtyExponent, quoteExponent, -1, -1, true);
    }

    /**
     * @param maxQty      largest quantity mantissa accepted (at {@code qtyExponent}), or -1 for the default: 10^12 lots,
     *                    at most {@code Long.MAX_VALUE / }{@value #SUM_HEADROOM}
     * @param maxNotional largest {@code price x qty} mantissa accepted (at {@code quoteExponent}), or -1 for the default:
     *                    10^10 quote units, at most {@code Long.MAX_VALUE / }{@value #SUM_HEADROOM}
     * @param tickGrid    the venue guarantees the tick grid for traded and quoted prices (off-grid ones are refused)
     */
    public Instrument(
        final int id,
        final Venue venue,
        final String symbol,
        final String tickSize,
        final String lotSize,
        final int priceExponent,
        final int qtyExponent,
        final int quoteExponent,
        final long maxQty,
        final long maxNotional,
        final boolean tickGrid)
    {
        this.id = id;
        this.venue = venue;
        this.symbol = symbol;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.priceExponent = priceExponent;
        this.qtyExponent = qtyExponent;
        this.quoteExponent = quoteExponent;
        this.tickMantissa = Decimals.parse(tickSize, priceExponent);
        this.lotMantissa = Decimals.parse(lotSize, qtyExponent);
        this.maxQty = maxQty >= 0 ? maxQty : defaultMaxQty(lotMantissa);
        this.maxNotional = maxNotional >= 0 ? maxNotional : defaultMaxNotional(quoteExponent);
        this.tickGrid = tickGrid;
    }

    /** 10^12 lots, at most {@code Long.MAX_VALUE / SUM_HEADROOM}. */
    public static long defaultMaxQty(final long lotMantissa)
    {
        final long cap = Long.MAX_VALUE / SUM_HEADROOM;
        return Math.min(cap, Decimals.saturatedMultiply(Math.max(1, lotMantissa), Decimals.pow10(DEFAULT_MAX_QTY_LOT_DIGITS)));
    }

    /** 10^10 quote units at {@code quoteExponent}, at most {@code Long.MAX_VALUE / SUM_HEADROOM}. */
    public static long defaultMaxNotional(final int quoteExponent)
    {
        final long cap = Long.MAX_VALUE / SUM_HEADROOM;
        final int digits = DEFAULT_MAX_NOTIONAL_DIGITS - quoteExponent;
        return digits > Decimals.MAX_EXPONENT ? cap : Math.min(cap, Decimals.pow10(digits));
    }

    public int id()
    {
        return id;
    }

    public Venue venue()
    {
        return venue;
    }

    public String symbol()
    {
        return symbol;
    }

    /** "venue:SYMBOL", e.g. {@code binance-usdm:BTCUSDT}. */
    public String key()
    {
        return venue.cliName() + ":" + symbol;
    }

    public String tickSize()
    {
        return tickSize;
    }

    public String lotSize()
    {
        return lotSize;
    }

    public int priceExponent()
    {
        return priceExponent;
    }

    public int qtyExponent()
    {
        return qtyExponent;
    }

    public int quoteExponent()
    {
        return quoteExponent;
    }

    /** Tick size as a mantissa at the price exponent. */
    public long tickMantissa()
    {
        return tickMantissa;
    }

    /** Lot size as a mantissa at the quantity exponent. */
    public long lotMantissa()
    {
        return lotMantissa;
    }

    /** Largest quantity mantissa accepted from market data (configured {@code maxQty} or the default). */
    public long maxQty()
    {
        return maxQty;
    }

    /** Largest notional ({@code price x qty} at the quote exponent) accepted from market data. */
    public long maxNotional()
    {
        return maxNotional;
    }

    /** True when the venue guarantees the tick grid for traded and quoted prices of this instrument. */
    public boolean tickGrid()
    {
        return tickGrid;
    }

    /** True when {@code price} is a whole number of ticks. */
    public boolean onTick(final long priceMantissa)
    {
        return tickMantissa <= 0 || priceMantissa % tickMantissa == 0;
    }

    /**
     * Converts {@code price * qty} (exponent price+qty) to the quote exponent; exact because quote <= price+qty when it
     * fits a long ({@link #quoteFits}). Never throws: a product beyond a long saturates to {@link Long#MAX_VALUE} or
     * {@link Long#MIN_VALUE} (data that large is refused at the boundary, {@link MarketSanity}).
     */
    public long quoteOf(final long priceMantissa, final long qtyMantissa)
    {
        final long raw = Decimals.saturatedMultiply(priceMantissa, qtyMantissa);
        final int shift = priceExponent + qtyExponent - quoteExponent;
        return shift == 0 ? raw : Decimals.saturatedMultiply(raw, Decimals.pow10(shift));
    }

    /** True when {@code price * qty} at the quote exponent fits a long exactly. */
    public boolean quoteFits(final long priceMantissa, final long qtyMantissa)
    {
        if (!Decimals.productFits(priceMantissa, qtyMantissa))
        {
            return false;
        }
        final int shift = priceExponent + qtyExponent - quoteExponent;
        return shift == 0 || Decimals.productFits(priceMantissa * qtyMantissa, Decimals.pow10(shift));
    }

    @Override
    public String toString()
    {
        return key() + "#" + id;
    }
}
