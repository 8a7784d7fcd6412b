package dev.trader.engine;

import dev.trader.codecs.Decimals;

/**
 * A tradable instrument and its fixed-point grid. Prices on the wire are mantissas at {@code priceExponent},
 * quantities at {@code qtyExponent}, money (quote volume, fees, PnL) at {@code quoteExponent}.
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

    /** Converts {@code price * qty} (exponent price+qty) to the quote exponent; exact because quote <= price+qty. */
    public long quoteOf(final long priceMantissa, final long qtyMantissa)
    {
        final long raw = Math.multiplyExact(priceMantissa, qtyMantissa);
        final int shift = priceExponent + qtyExponent - quoteExponent;
        return shift == 0 ? raw : Math.multiplyExact(raw, Decimals.pow10(shift));
    }

    @Override
    public String toString()
    {
        return key() + "#" + id;
    }
}
