package dev.trader.codecs;

import org.agrona.DirectBuffer;

/**
 * Decimal strings to and from int64 mantissas at a fixed exponent: {@code value = mantissa * 10^exponent}.
 * Parsing never allocates and never goes through {@code double} or {@code BigDecimal}, so "0.1" at exponent -8 is
 * exactly 10,000,000. A string with more significant fractional digits than the exponent allows is refused
 * ({@link #TOO_PRECISE}) rather than rounded: prices that do not fit the instrument's grid are bad input.
 */
public final class Decimals
{
    /** Not a decimal number (empty, stray characters, overflow). */
    public static final long INVALID = Long.MIN_VALUE;
    /** A valid number whose non-zero digits go beyond the exponent. */
    public static final long TOO_PRECISE = Long.MIN_VALUE + 1;

    public static final int MIN_EXPONENT = -18;
    public static final int MAX_EXPONENT = 18;
    /**
     * Most fraction digits a decimal may be written with, for every parser and importer: a value kept at the digits
     * it was written with (a Decimal64, or a depth level's {@code priceDecimals}/{@code qtyDecimals} used to rebuild
     * the venue's text) must be representable as a long mantissa at exponent {@code -digits}, and a long holds at
     * most 18 full decimal digits (10^18 &lt; 2^63 - 1 &lt; 10^19). More is refused as PRECISION.
     */
    public static final int MAX_FRACTION_DIGITS = -MIN_EXPONENT;

    private static final long[] POW10 = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POW10.length; i++)
        {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals()
    {
    }

    /** True when a parse result is a real mantissa rather than one of the failure sentinels. */
    public static boolean isValid(final long parsed)
    {
        return parsed != INVALID && parsed != TOO_PRECISE;
    }

    public static long pow10(final int n)
    {
        return POW10[n];
    }

    /** Parses {@code text} (e.g. "-123.4500") into a mantissa at {@code exponent}. */
    public static long parse(final CharSequence text, final int exponent)
    {
        return parse(text, 0, text.length(), exponent);
    }

    public static long parse(final CharSequence text, final int start, final int end, final int exponent)
    {
        int i = start;
        if (i >= end)
        {
            return INVALID;
        }
        boolean negative = false;
        char c = text.charAt(i);
        if (c == '-' || c == '+')
        {
            negative = c == '-';
            i++;
        }
        final int fracDigitsWanted = -exponent;
        long m = 0;
        int digits = 0;
        int fracDigits = 0;
        boolean seenPoint = false;
        boolean tooPrecise = false;
        for (; i < end; i++)
        {
            c = text.charAt(i);
            if (c == '.')
            {
                if (seenPoint)
                {
                    return INVALID;
                }
                seenPoint = true;
                continue;
            }
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            digits++;
            if (seenPoint)
            {
                fracDigits++;
                if (fracDigits > fracDigitsWanted)
                {
                    tooPrecise |= c != '0';
                    continue;
                }
            }
            final int d = c - '0';
            if (m > (Long.MAX_VALUE - d) / 10)
            {
                return INVALID;
            }
            m = m * 10 + d;
        }
        return finish(m, digits, Math.min(fracDigits, Math.max(fracDigitsWanted, 0)), exponent, negative, tooPrecise);
    }

    /** Parses ASCII bytes {@code [offset, offset + length)} of {@code buffer}; see {@link #parse(CharSequence, int)}. */
    public static long parse(final DirectBuffer buffer, final int offset, final int length, final int exponent)
    {
        int i = offset;
        final int end = offset + length;
        if (i >= end)
        {
            return INVALID;
        }
        boolean negative = false;
        byte c = buffer.getByte(i);
        if (c == '-' || c == '+')
        {
            negative = c == '-';
            i++;
        }
        final int fracDigitsWanted = -exponent;
        long m = 0;
        int digits = 0;
        int fracDigits = 0;
        boolean seenPoint = false;
        boolean tooPrecise = false;
        for (; i < end; i++)
        {
            c = buffer.getByte(i);
            if (c == '.')
            {
                if (seenPoint)
                {
                    return INVALID;
                }
                seenPoint = true;
                continue;
            }
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            digits++;
            if (seenPoint)
            {
                fracDigits++;
                if (fracDigits > fracDigitsWanted)
                {
                    tooPrecise |= c != '0';
                    continue;
                }
            }
            final int d = c - '0';
            if (m > (Long.MAX_VALUE - d) / 10)
            {
                return INVALID;
            }
            m = m * 10 + d;
        }
        return finish(m, digits, Math.min(fracDigits, Math.max(fracDigitsWanted, 0)), exponent, negative, tooPrecise);
    }

    private static long finish(
        final long digitsValue,
        final int digits,
        final int fracDigitsKept,
        final int exponent,
        final boolean negative,
        final boolean tooPrecise)
    {
        if (digits == 0)
        {
            return INVALID;
        }
        if (tooPrecise)
        {
            return TOO_PRECISE;
        }
        // digitsValue = value * 10^fracDigitsKept; we want value * 10^-exponent
        final int scaleUp = -exponent - fracDigitsKept;
        long m = digitsValue;
        if (scaleUp > 0)
        {
            if (scaleUp > 18 || m > Long.MAX_VALUE / POW10[scaleUp])
            {
                return INVALID;
            }
            m *= POW10[scaleUp];
        }
        else if (scaleUp < 0)
        {
            // positive exponent: integer digits below 10^exponent must be zero
            final int down = -scaleUp;
            if (down > 18)
            {
                return m == 0 ? 0 : TOO_PRECISE;
            }
            if (m % POW10[down] != 0)
            {
                return TOO_PRECISE;
            }
            m /= POW10[down];
        }
        if (negative && m == Long.MAX_VALUE)
        {
            // -Long.MAX_VALUE is the TOO_PRECISE sentinel: out of range like anything below it
            return INVALID;
        }
        return negative ? -m : m;
    }


    /** Appends {@code mantissa * 10^exponent} in plain notation with exactly {@code -exponent} fraction digits. */
    public static StringBuilder append(final StringBuilder sb, final long mantissa, final int exponent)
    {
        if (exponent >= 0)
        {
            sb.append(mantissa);
            for (int i = 0; mantissa != 0 && i < exponent; i++)
            {
                sb.append('0');
            }
            return sb;
        }
        final int scale = -exponent;
        if (mantissa < 0)
        {
            sb.append('-');
        }
        // Long.MIN_VALUE has no positive counterpart; render it through its digits string
        final String digits = mantissa == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(Math.abs(mantissa));
        if (digits.length() <= scale)
        {
            sb.append("0.");
            for (int i = digits.length(); i < scale; i++)
            {
                sb.append('0');
            }
            sb.append(digits);
        }
        else
        {
            final int point = digits.length() - scale;
            sb.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return sb;
    }

    public static String toString(final long mantissa, final int exponent)
    {
        return append(new StringBuilder(24), mantissa, exponent).toString();
    }

    /** Closest double; for reports and features, never for prices on the wire. */
    public static double toDouble(final long mantissa, final int exponent)
    {
        if (exponent >= 0)
        {
            return mantissa * (double)POW10[Math.min(exponent, 18)];
        }
        return mantissa / (double)POW10[Math.min(-exponent, 18)];
    }

    /**
     * Re-expresses a mantissa at another exponent. Going to a finer exponent multiplies (exact); going to a coarser
     * one must not lose digits.
     *
     * @return the rescaled mantissa, or {@link #TOO_PRECISE} / {@link #INVALID} (overflow).
     */
    public static long rescale(final long mantissa, final int fromExponent, final int toExponent)
    {
        if (fromExponent == toExponent)
        {
            return mantissa;
        }
        if (fromExponent > toExponent)
        {
            final int up = fromExponent - toExponent;
            if (up > 18)
            {
                return mantissa == 0 ? 0 : INVALID;
            }
            final long p = POW10[up];
            final long hi = Math.multiplyHigh(mantissa, p);
            final long lo = mantissa * p;
            if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0))
            {
                return INVALID;
            }
            return lo;
        }
        final int down = toExponent - fromExponent;
        if (down > 18)
        {
            return mantissa == 0 ? 0 : TOO_PRECISE;
        }
        final long p = POW10[down];
        return mantissa % p == 0 ? mantissa / p : TOO_PRECISE;
    }

    /**
     * {@code round(numerator / denominator * 10^shift)} with half-up rounding; used for ratios such as VWAP = quote
     * volume / volume. Never throws: a result beyond a long saturates to {@link Long#MAX_VALUE} or
     * {@link Long#MIN_VALUE}; 0 when the denominator is 0.
     */
    public static long ratio(final long numerator, final long denominator, final int shift)
    {
        if (denominator == 0)
        {
            return 0;
        }
        if (shift < -MAX_EXPONENT || shift > MAX_EXPONENT || (numerator == Long.MIN_VALUE && denominator == -1))
        {
            return exactRatio(numerator, denominator, shift);
        }
        if (shift < 0)
        {
            final long p = POW10[-shift];
            return productFits(denominator, p) ? ratio(numerator, denominator * p, 0) : exactRatio(numerator, denominator, shift);
        }
        final long p = POW10[shift];
        final long q = numerator / denominator;
        final long r = numerator % denominator;
        if (!productFits(q, p))
        {
            return exactRatio(numerator, denominator, shift);
        }
        final long whole = q * p;
        final long hi = Math.multiplyHigh(r, p);
        final long lo = r * p;
        final long frac;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))
        {
            frac = roundHalfUp(lo, denominator);
        }
        else
        {
            frac = fractionHalfUp(r, denominator, shift);
        }
        final long sum = whole + frac;
        // overflow only when both have the sign the sum lost
        return ((whole ^ sum) & (frac ^ sum)) < 0 ? exactRatio(numerator, denominator, shift) : sum;
    }

    /** The rare path of {@link #ratio} whose intermediate products leave a long: exact, then saturated (allocates). */
    private static long exactRatio(final long numerator, final long denominator, final int shift)
    {
        final java.math.BigDecimal v = java.math.BigDecimal.valueOf(numerator).movePointRight(shift)
            .divide(java.math.BigDecimal.valueOf(denominator), 0, java.math.RoundingMode.HALF_UP);
        return saturate(v.toBigInteger());
    }

    private static long saturate(final java.math.BigInteger v)
    {
        if (v.bitLength() < 64)
        {
            return v.longValue();
        }
        return v.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** True when {@code a * b} fits a long exactly. */
    public static boolean productFits(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) == (a * b) >> 63;
    }

    /**
     * {@code a * b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} (the sign of the true product) when it does not
     * fit a long. For arithmetic on the decision path, which must never throw on data.
     */
    public static long saturatedMultiply(final long a, final long b)
    {
        final long lo = a * b;
        if (Math.multiplyHigh(a, b) == lo >> 63)
        {
            return lo;
        }
        return (a < 0) != (b < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private static long roundHalfUp(final long num, final long den)
    {
        final long q = num / den;
        final long rem = Math.abs(num % den);
        // rem * 2 >= |den|, without overflowing for denominators above Long.MAX_VALUE / 2
        if (rem >= Math.abs(den) - rem)
        {
            return q + (Long.signum(num) * Long.signum(den) >= 0 ? 1 : -1);
        }
        return q;
    }

    /**
     * {@code round(r * 10^shift / den)} half-up for {@code |r| < |den|} when {@code r * 10^shift} does not fit a
     * long: exact long division one decimal digit at a time (a double here misrounds halves and large quotients).
     */
    private static long fractionHalfUp(final long r, final long den, final int shift)
    {
        final long d = Math.abs(den);
        long rem = Math.abs(r);
        long q = 0;
        for (int i = 0; i < shift; i++)
        {
            // rem * 10 = digit * d + next, by ten additions of rem that keep next below d
            long next = 0;
            int digit = 0;
            for (int k = 0; k < 10; k++)
            {
                if (next >= d - rem)
                {
                    next -= d - rem;
                    digit++;
                }
                else
                {
                    next += rem;
                }
            }
            q = q * 10 + digit;
            rem = next;
        }
        if (rem >= d - rem)
        {
            q++;
        }
        return (r < 0) != (den < 0) ? -q : q;
    }
}
