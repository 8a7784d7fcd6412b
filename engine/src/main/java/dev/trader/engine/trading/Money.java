package dev.trader.engine.trading;

import dev.trader.codecs.Decimals;
import dev.trader.engine.Instrument;

/**
 * The account's money grid: every cash, PnL, fee, funding and slippage amount is a long mantissa at
 * {@link #EXPONENT} (1e-8 quote units, whatever the instrument), so sums are exact and the accounting identity
 * {@code initial + realized - fees - funding = cash} holds to the last unit by construction. Conversions from
 * doubles round half-even (deterministic on every JDK).
 */
public final class Money
{
    /** Money mantissas are 10^-8 quote units. */
    public static final int EXPONENT = -8;
    public static final long ONE = 100_000_000L;

    private Money()
    {
    }

    /** A quote amount as a money mantissa, rounded half-even. */
    public static long of(final double quote)
    {
        return (long)Math.rint(quote * ONE);
    }

    public static double toDouble(final long mantissa)
    {
        return Decimals.toDouble(mantissa, EXPONENT);
    }

    /**
     * Exact notional {@code price x qty} of an instrument as a money mantissa (saturated, never thrown, beyond a long) (rounded half-even only when the
     * instrument's price + qty exponents are finer than 10^-8). Like {@link Instrument#quoteOf} but on the money
     * grid rather than the instrument's quote grid; the raw product is rescaled once, so a quote exponent finer than
     * 10^-8 cannot overflow it on the way.
     */
    public static long notional(final Instrument instrument, final long priceMantissa, final long qtyMantissa)
    {
        final int e = instrument.priceExponent() + instrument.qtyExponent();
        final long raw = Decimals.saturatedMultiply(priceMantissa, qtyMantissa);
        return rescale(raw, e);
    }

    /**
     * A mantissa at exponent {@code e} rescaled to the money exponent, half-even. Never throws: a result beyond a long
     * saturates to {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} (market data that large is refused at the boundary).
     */
    public static long rescale(final long mantissa, final int e)
    {
        if (e == EXPONENT)
        {
            return mantissa;
        }
        if (e > EXPONENT)
        {
            return Decimals.saturatedMultiply(mantissa, Decimals.pow10(e - EXPONENT));
        }
        final long div = Decimals.pow10(EXPONENT - e);
        final long q = Math.floorDiv(mantissa, div);
        final long r = mantissa - q * div;
        final long twice = 2 * r;
        if (twice > div || (twice == div && (q & 1) != 0))
        {
            return q + 1;
        }
        return q;
    }

    /** {@code amount x rate}, rounded half-even to the money grid (fees, funding). */
    public static long times(final long amount, final double rate)
    {
        return (long)Math.rint(amount * rate);
    }

    /** Money mantissa formatted with 8 decimals, exactly (no floating point). */
    public static String format(final long mantissa)
    {
        return Decimals.toString(mantissa, EXPONENT);
    }
}
