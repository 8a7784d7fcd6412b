package dev.trader.engine.book;

import dev.trader.codecs.Decimals;

/**
 * A price or quantity written back exactly as the venue wrote it: {@code mantissa * 10^exponent} with the number of
 * fraction digits the venue used ({@code decimals}, carried per level in the depth events). Venue checksums (OKX)
 * are computed over the received strings, so "41006.8" and "41006.80" are different inputs.
 *
 * <p>{@link #write} fills a byte array without allocating (checksum path); {@link #toString} goes through
 * {@link Decimals} for reports. Both render the same text (tested).
 *
 * <p>Prices and quantities are non-negative; {@code Long.MIN_VALUE} is not a supported mantissa.
 *
 * <p>When {@code decimals} is negative (the level did not come from text) or fewer than the value needs (the
 * decimals do not describe this mantissa), the instrument's own precision, {@code max(0, -exponent)} digits, is used.
 */
public final class DecimalText
{
    /** Longest text {@link #write} can produce: sign, 19 digits, point, "0." and up to 127 padding zeros. */
    public static final int MAX_LENGTH = 1 + 19 + 1 + 2 + 127 + 19;

    private DecimalText()
    {
    }

    /**
     * Writes the decimal text of {@code mantissa * 10^exponent} with {@code decimals} fraction digits at {@code pos}.
     *
     * @return the position after the last byte written.
     */
    public static int write(final byte[] dst, final int pos, final long mantissa, final int exponent, final int decimals)
    {
        final int scale = -exponent;
        int d = decimals < 0 ? Math.max(0, scale) : decimals;
        long m = mantissa;
        // the digit string of m followed by z zeros has d fraction digits
        int z = d - scale;
        if (z < 0)
        {
            final int down = -z;
            if (m == 0 || (down <= 18 && m % Decimals.pow10(down) == 0))
            {
                m = m == 0 ? 0 : m / Decimals.pow10(down);
                z = 0;
            }
            else
            {
                d = Math.max(0, scale);
                z = d - scale;
            }
        }
        int p = pos;
        if (m < 0)
        {
            dst[p++] = '-';
            m = -m;
        }
        final int digits = digitCount(m);
        final int length = digits + z;
        if (length <= d)
        {
            dst[p++] = '0';
            dst[p++] = '.';
            for (int i = length; i < d; i++)
            {
                dst[p++] = '0';
            }
            p = writeDigits(dst, p, m, digits);
            for (int i = 0; i < z; i++)
            {
                dst[p++] = '0';
            }
            return p;
        }
        final int pointAt = length - d;
        if (pointAt >= digits)
        {
            // the point falls inside (or after) the padding zeros
            p = writeDigits(dst, p, m, digits);
            for (int i = digits; i < length; i++)
            {
                if (i == pointAt)
                {
                    dst[p++] = '.';
                }
                dst[p++] = '0';
            }
            return p;
        }
        // the point falls inside the mantissa's digits; the padding zeros (if any) are all fraction digits
        final long div = Decimals.pow10(digits - pointAt);
        p = writeDigits(dst, p, m / div, pointAt);
        dst[p++] = '.';
        p = writeDigits(dst, p, m % div, digits - pointAt);
        for (int i = 0; i < z; i++)
        {
            dst[p++] = '0';
        }
        return p;
    }

    /** The same text as {@link #write}, through {@link Decimals} (allocates; reports and book output). */
    public static String toString(final long mantissa, final int exponent, final int decimals)
    {
        final int natural = Math.max(0, -exponent);
        final long atNatural = Decimals.rescale(mantissa, exponent, -natural);
        if (decimals >= natural)
        {
            // the instrument's digits, then the venue's trailing zeros
            final StringBuilder sb = Decimals.append(new StringBuilder(24), atNatural, -natural);
            if (decimals > natural && natural == 0)
            {
                sb.append('.');
            }
            for (int i = natural; i < decimals; i++)
            {
                sb.append('0');
            }
            return sb.toString();
        }
        if (decimals >= 0)
        {
            final long rescaled = Decimals.rescale(mantissa, exponent, -decimals);
            if (Decimals.isValid(rescaled))
            {
                return Decimals.toString(rescaled, -decimals);
            }
        }
        return Decimals.toString(atNatural, -natural);
    }

    /** Writes exactly {@code count} digits of {@code value} (left-padded with zeros). */
    private static int writeDigits(final byte[] dst, final int pos, final long value, final int count)
    {
        long v = value;
        for (int i = pos + count - 1; i >= pos; i--)
        {
            dst[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return pos + count;
    }

    private static int digitCount(final long value)
    {
        int n = 1;
        long v = value;
        while (v >= 10)
        {
            v /= 10;
            n++;
        }
        return n;
    }
}
