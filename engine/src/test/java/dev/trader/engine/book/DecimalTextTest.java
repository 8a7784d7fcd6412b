package dev.trader.engine.book;

import dev.trader.codecs.Decimals;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecimalTextTest
{
    private static String write(final long mantissa, final int exponent, final int decimals)
    {
        final byte[] out = new byte[DecimalText.MAX_LENGTH];
        final int end = DecimalText.write(out, 0, mantissa, exponent, decimals);
        return new String(out, 0, end, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldRebuildTheVenueStringFromMantissaExponentAndDecimals()
    {
        assertEquals("415", write(415, 0, 0));
        assertEquals("41006.8", write(41_006_800, -3, 1));
        assertEquals("41006.800", write(41_006_800, -3, 3));
        assertEquals("41006.80000", write(41_006_800, -3, 5));
        assertEquals("30244", write(302_440, -1, 0));
        assertEquals("0.00000005", write(5, -8, 8));
        assertEquals("0.5", write(50_000_000, -8, 1));
        assertEquals("0.500", write(5, -1, 3));
        assertEquals("1.500", write(15, -1, 3));
        assertEquals("0.0", write(0, -8, 1));
        assertEquals("0", write(0, -8, 0));
        assertEquals("1.9531", write(19_531, -4, 4));
        assertEquals("500.0", write(5, 2, 1));
        assertEquals("500", write(5, 2, 0));
    }

    @Test
    void shouldUseTheInstrumentPrecisionWhenDecimalsAreUnknownOrTooFew()
    {
        assertEquals("41006.800", write(41_006_800, -3, -1));
        // "41006.85" cannot be written with 1 decimal: the decimals do not describe the value
        assertEquals("41006.850", write(41_006_850, -3, 1));
        assertEquals("41006.850", DecimalText.toString(41_006_850, -3, 1));
    }

    @Test
    void shouldWriteTheSameTextAsDecimals()
    {
        final SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++)
        {
            final int exponent = -rng.nextInt(0, 11);
            final long mantissa = rng.nextInt(4) == 0 ? rng.nextLong(0, 1000) : rng.nextLong(0, Long.MAX_VALUE / 1_000_000_000);
            final int decimals = rng.nextInt(-1, 13);
            assertEquals(DecimalText.toString(mantissa, exponent, decimals), write(mantissa, exponent, decimals),
                mantissa + "e" + exponent + " with " + decimals + " decimals");
        }
    }

    @Test
    void shouldRoundTripParsedVenueStrings()
    {
        for (final String s : new String[]{"30243.5", "0.08", "1.44679", "0.00047612", "415", "0.10", "2.000", "1000.00"})
        {
            final long m = Decimals.parse(s, -8);
            assertEquals(s, write(m, -8, BookEvents.decimalsOf(s)));
            assertEquals(s, DecimalText.toString(m, -8, BookEvents.decimalsOf(s)));
        }
    }
}
