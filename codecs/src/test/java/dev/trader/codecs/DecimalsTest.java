package dev.trader.codecs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

import static dev.trader.codecs.Decimals.INVALID;
import static dev.trader.codecs.Decimals.TOO_PRECISE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalsTest
{
    private static final String SEED = "7003";
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    // ----------------------------------------------------------------------------------------------------------
    // parse

    @Test
    void shouldParsePlainDecimalsAtEachExponent()
    {
        assertParses("0", -2, 0);
        assertParses("0", -4, 0);
        assertParses("0", -8, 0);
        assertParses("1", -2, 100);
        assertParses("1", -4, 10_000);
        assertParses("1", -8, 100_000_000);
        assertParses("-1.5", -2, -150);
        assertParses("-1.5", -4, -15_000);
        assertParses("-1.5", -8, -150_000_000);
        assertParses("123.4500", -2, 12_345);
        assertParses("123.4500", -4, 1_234_500);
        assertParses("123.4500", -8, 12_345_000_000L);
        assertParses("0.1", -8, 10_000_000);
        assertParses("7", 0, 7);
        assertParses("7.000", 0, 7);
        assertParses("-0", -2, 0);
        assertParses("0000001.10", -2, 110);
    }

    @Test
    void shouldAcceptLeadingPlusAndBarePoints()
    {
        assertParses("+2.5", -2, 250);
        assertParses("+0", 0, 0);
        assertParses(".5", -2, 50);
        assertParses("-.5", -2, -50);
        assertParses("5.", -2, 500);
        assertParses("-5.", 0, -5);
    }

    @Test
    void shouldParseIntegersAtPositiveExponents()
    {
        assertParses("1200", 2, 12);
        assertParses("1200.00", 2, 12);
        assertParses("-1200", 2, -12);
        assertParses("0", 3, 0);
        assertParses("1250", 2, TOO_PRECISE);
        assertParses("1200.5", 2, TOO_PRECISE);
        assertParses("5", 1, TOO_PRECISE);
    }

    @Test
    void shouldRefuseDigitsBeyondTheExponentButIgnoreTrailingZeros()
    {
        assertParses("1.234", -2, TOO_PRECISE);
        assertParses("-1.234", -2, TOO_PRECISE);
        assertParses("1.230000", -2, 123);
        assertParses("1.2300001", -2, TOO_PRECISE);
        assertParses("0.000000001", -8, TOO_PRECISE);
        assertParses("7.5", 0, TOO_PRECISE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "-.", "1.2.3", "1e5", "abc", " 1", "1 ", "--1", "+-1", "1-", "1,5", "0x10",
        "99999999999999999999", "-99999999999999999999"})
    void shouldRejectWhatIsNotADecimalNumber(final String text)
    {
        assertParses(text, -2, INVALID);
        assertParses(text, 0, INVALID);
    }

    @Test
    void shouldParseTheEdgesOfTheLongRange()
    {
        assertParses("9223372036854775807", 0, Long.MAX_VALUE);
        assertParses("92233720368547758.07", -2, Long.MAX_VALUE);
        assertParses("-92233720368547758.06", -2, -Long.MAX_VALUE + 1);
        assertParses("9223372036854775808", 0, INVALID);
        assertParses("92233720368547758.08", -2, INVALID);
        assertParses("1", -18, 1_000_000_000_000_000_000L);
        assertParses("10", -18, INVALID);
        // -Long.MAX_VALUE and Long.MIN_VALUE are the sentinels: out of range, not mistaken for TOO_PRECISE
        assertParses("-9223372036854775807", 0, INVALID);
        assertParses("-9223372036854775808", 0, INVALID);
    }

    @Test
    void shouldParseOnlyTheGivenRange()
    {
        assertEquals(150, Decimals.parse("px=1.5;", 3, 6, -2));
        assertEquals(INVALID, Decimals.parse("px=1.5;", 3, 3, -2));
    }

    /**
     * The exact edges of each branch, found by the mutation profile (docs/testing.md): an empty range at the very end
     * of a buffer (kills 'i >= end' -> '>' in the DirectBuffer parse, which would read past the end), integer digits
     * scaled down by exactly 10^18 (kills 'down > 18' -> '>=' in finish) and by more than 10^18 (kills the negated
     * 'm == 0' and the 'return 0' mutants of that branch, never run before).
     */
    @Test
    void shouldParseAtTheEdgesOfEachScalingBranch()
    {
        assertEquals(INVALID, Decimals.parse(new UnsafeBuffer(new byte[0]), 0, 0, -2));
        assertEquals(INVALID, Decimals.parse(new UnsafeBuffer(new byte[]{'5'}), 1, 0, -2));
        // 10^18 at exponent 18 is mantissa 1: the 18 trailing zeros are divided away
        assertParses("1000000000000000000", 18, 1);
        assertParses("2000000000000000000", 18, 2);
        assertParses("1000000000000000001", 18, TOO_PRECISE);
        // exponent 19: only zero is a multiple of 10^19 that a long holds
        assertParses("0", 19, 0);
        assertParses("1", 19, TOO_PRECISE);
        assertParses("9000000000000000000", 19, TOO_PRECISE);
    }

    /**
     * Rescaling zero from a coarser exponent is zero, not an overflow (kills 'lo < 0' -> '<= 0' in rescale's
     * overflow test); dividing by exactly 10^18 is exact when the digits allow (kills 'down > 18' -> '>=').
     */
    @Test
    void shouldRescaleAtTheEdgesOfEachBranch()
    {
        assertEquals(0, Decimals.rescale(0, -2, -4));
        assertEquals(1, Decimals.rescale(1_000_000_000_000_000_000L, 0, 18));
        assertEquals(-3, Decimals.rescale(-3_000_000_000_000_000_000L, 0, 18));
        assertEquals(TOO_PRECISE, Decimals.rescale(1_000_000_000_000_000_001L, 0, 18));
    }

    @Test
    void shouldTellSentinelsFromValues()
    {
        assertFalse(Decimals.isValid(INVALID));
        assertFalse(Decimals.isValid(TOO_PRECISE));
        assertTrue(Decimals.isValid(0));
        assertTrue(Decimals.isValid(Long.MAX_VALUE));
        assertTrue(Decimals.isValid(Long.MIN_VALUE + 2));
    }

    @Property(seed = SEED)
    void shouldParseWhatItFormats(
        @ForAll @LongRange(min = Long.MIN_VALUE + 2) final long mantissa,
        @ForAll @IntRange(min = -12, max = 0) final int exponent)
    {
        final String text = Decimals.toString(mantissa, exponent);

        assertEquals(mantissa, Decimals.parse(text, exponent), text);
        assertEquals(mantissa, parseAscii(text, exponent), text);
        assertEquals(new BigDecimal(text), BigDecimal.valueOf(mantissa, -exponent));
    }

    @Property(seed = SEED)
    void shouldAgreeWithBigDecimalOnArbitraryDecimalStrings(
        @ForAll("decimalStrings") final String text,
        @ForAll @IntRange(min = -18, max = 0) final int exponent)
    {
        final long expected = referenceParse(text, exponent);

        assertParses(text, exponent, expected);
    }

    @Provide
    Arbitrary<String> decimalStrings()
    {
        final Arbitrary<String> sign = Arbitraries.of("", "-", "+");
        final Arbitrary<String> digits = Arbitraries.strings().numeric().ofMaxLength(22);
        final Arbitrary<String> zeros = Arbitraries.strings().withChars('0').ofMaxLength(6);
        return Combinators.combine(sign, digits, Arbitraries.of("", "."), digits, zeros)
            .as((s, i, p, f, z) -> s + i + p + (p.isEmpty() ? "" : f + z));
    }

    // ----------------------------------------------------------------------------------------------------------
    // append / toString

    @Test
    void shouldFormatWithExactlyTheExponentsFractionDigits()
    {
        assertEquals("123.45", Decimals.toString(12_345, -2));
        assertEquals("0.005", Decimals.toString(5, -3));
        assertEquals("-0.005", Decimals.toString(-5, -3));
        assertEquals("-123.45", Decimals.toString(-12_345, -2));
        assertEquals("0.00", Decimals.toString(0, -2));
        assertEquals("1.00000000", Decimals.toString(100_000_000, -8));
        assertEquals("7", Decimals.toString(7, 0));
        assertEquals("700", Decimals.toString(7, 2));
        assertEquals("-700", Decimals.toString(-7, 2));
        assertEquals("0", Decimals.toString(0, 2));
        assertEquals("9.223372036854775807", Decimals.toString(Long.MAX_VALUE, -18));
    }

    @Test
    void shouldFormatLongMinValueWithoutCrashing()
    {
        assertEquals("-9223372036854775808", Decimals.toString(Long.MIN_VALUE, 0));
        assertEquals("-92233720368547758.08", Decimals.toString(Long.MIN_VALUE, -2));
        assertEquals("-0.9223372036854775808", Decimals.toString(Long.MIN_VALUE, -19));
        assertEquals("-9223372036854775808000", Decimals.toString(Long.MIN_VALUE, 3));
    }

    @Test
    void shouldAppendToExistingText()
    {
        final StringBuilder sb = new StringBuilder("px=");

        assertEquals("px=1.50 qty=0.001", Decimals.append(Decimals.append(sb, 150, -2).append(" qty="), 1, -3).toString());
    }

    @Test
    void shouldConvertToNearestDouble()
    {
        assertEquals(123.45, Decimals.toDouble(12_345, -2));
        assertEquals(700.0, Decimals.toDouble(7, 2));
        assertEquals(-0.005, Decimals.toDouble(-5, -3));
    }

    // ----------------------------------------------------------------------------------------------------------
    // rescale

    @Test
    void shouldRescaleExactlyInBothDirections()
    {
        assertEquals(1_234_500, Decimals.rescale(12_345, -2, -4));
        assertEquals(12_345, Decimals.rescale(1_234_500, -4, -2));
        assertEquals(-1_234_500, Decimals.rescale(-12_345, -2, -4));
        assertEquals(-12_345, Decimals.rescale(-1_234_500, -4, -2));
        assertEquals(1_200, Decimals.rescale(12, 2, 0));
        assertEquals(12, Decimals.rescale(1_200, 0, 2));
        assertEquals(42, Decimals.rescale(42, -3, -3));
        assertEquals(0, Decimals.rescale(0, 18, -18));
        assertEquals(0, Decimals.rescale(0, -18, 18));
    }

    @Test
    void shouldRefuseRescaleThatLosesDigits()
    {
        assertEquals(TOO_PRECISE, Decimals.rescale(12_345, -4, -2));
        assertEquals(TOO_PRECISE, Decimals.rescale(-12_345, -4, -2));
        assertEquals(TOO_PRECISE, Decimals.rescale(1_250, 0, 2));
        assertEquals(TOO_PRECISE, Decimals.rescale(1, -18, 18));
    }

    @Test
    void shouldRefuseRescaleThatOverflows()
    {
        assertEquals(INVALID, Decimals.rescale(Long.MAX_VALUE / 10 + 1, 0, -1));
        assertEquals(INVALID, Decimals.rescale(Long.MIN_VALUE / 10 - 1, 0, -1));
        assertEquals(INVALID, Decimals.rescale(1, 18, -18));
        assertEquals(INVALID, Decimals.rescale(10, -2, -20));
        assertEquals(Long.MAX_VALUE / 10 * 10, Decimals.rescale(Long.MAX_VALUE / 10, 0, -1));
        assertEquals(Long.MIN_VALUE / 10 * 10, Decimals.rescale(Long.MIN_VALUE / 10, 0, -1));
    }

    @Property(seed = SEED)
    void shouldRescaleLikeBigDecimal(
        @ForAll @LongRange(min = Long.MIN_VALUE + 2) final long mantissa,
        @ForAll @IntRange(min = -18, max = 18) final int from,
        @ForAll @IntRange(min = -18, max = 18) final int to)
    {
        final BigDecimal exact = BigDecimal.valueOf(mantissa).scaleByPowerOfTen(from - to);
        final long expected;
        if (exact.stripTrailingZeros().scale() > 0)
        {
            expected = TOO_PRECISE;
        }
        else
        {
            final BigInteger whole = exact.toBigIntegerExact();
            expected = whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0 ? INVALID : whole.longValue();
        }

        assertEquals(expected, Decimals.rescale(mantissa, from, to));
    }

    @Property(seed = SEED)
    void shouldRescaleToFinerAndBackWithoutLoss(
        @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) final long mantissa,
        @ForAll @IntRange(min = -8, max = 0) final int from,
        @ForAll @IntRange(min = 0, max = 6) final int extraDigits)
    {
        final long finer = Decimals.rescale(mantissa, from, from - extraDigits);

        assertEquals(mantissa * Decimals.pow10(extraDigits), finer);
        assertEquals(mantissa, Decimals.rescale(finer, from - extraDigits, from));
    }

    // ----------------------------------------------------------------------------------------------------------
    // ratio

    @Test
    void shouldRoundRatiosHalfUp()
    {
        assertEquals(4, Decimals.ratio(7, 2, 0));
        assertEquals(-4, Decimals.ratio(-7, 2, 0));
        assertEquals(-4, Decimals.ratio(7, -2, 0));
        assertEquals(4, Decimals.ratio(-7, -2, 0));
        assertEquals(3, Decimals.ratio(10, 3, 0));
        assertEquals(3_333, Decimals.ratio(10, 3, 3));
        assertEquals(6_667, Decimals.ratio(20, 3, 3));
        assertEquals(-6_667, Decimals.ratio(-20, 3, 3));
        assertEquals(0, Decimals.ratio(1, 3, 0));
        assertEquals(1, Decimals.ratio(1, 2, 0));
        assertEquals(0, Decimals.ratio(5, 0, 2));
        assertEquals(0, Decimals.ratio(0, 7, 4));
    }

    @Test
    void shouldComputeVwapAtTheBarStageExponents()
    {
        // BTCUSDT: price 1e-2, qty 1e-3, quote 1e-5; VWAP at price exponent - 4 => shift 4
        final long quoteVolume = 6_123_450L * 1_500 + 6_123_460L * 500;
        final long volume = 2_000;

        assertEquals(61_234_525_000L, Decimals.ratio(quoteVolume, volume, 4));
    }

    @Test
    void shouldRoundRatiosExactlyWhenTheRemainderTimesScaleOverflows()
    {
        // r * 10^shift exceeds a long here; a double-based fallback rounded the negative half towards zero
        assertEquals(-500_000, Decimals.ratio(-9_999_990_000_000L, 20_000_000_000_000L, 6));
        assertEquals(500_000, Decimals.ratio(9_999_990_000_000L, 20_000_000_000_000L, 6));
        assertEquals(999, Decimals.ratio(999_000_000_000_000_000L, 1_000_000_000_000_000_000L, 3));
        assertEquals(1_000, Decimals.ratio(999_500_000_000_000_000L, 1_000_000_000_000_000_000L, 3));
        assertEquals(-1_000, Decimals.ratio(-999_500_000_000_000_000L, 1_000_000_000_000_000_000L, 3));
        // 2 * remainder overflows a long in the half-up comparison
        assertEquals(1, Decimals.ratio(4_700_000_000_000_000_000L, 5_000_000_000_000_000_000L, 0));
        assertEquals(-1, Decimals.ratio(-4_700_000_000_000_000_000L, 5_000_000_000_000_000_000L, 0));
    }

    @Property(seed = SEED)
    void shouldMatchBigDecimalHalfUpAtTradingMagnitudes(
        @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) final long numerator,
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) final long denominator,
        @ForAll @IntRange(min = 0, max = 6) final int shift)
    {
        assertRatio(numerator, denominator, shift);
    }

    @Property(seed = SEED)
    void shouldMatchBigDecimalHalfUpForNegativeShifts(
        @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) final long numerator,
        @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) final long denominator,
        @ForAll @IntRange(min = -6, max = -1) final int shift)
    {
        assertRatio(numerator, denominator, shift);
    }

    @Property(seed = SEED)
    void shouldMatchBigDecimalHalfUpForExactHalves(
        @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) final long k,
        @ForAll @LongRange(min = 1, max = 1_000_000L) final long h,
        @ForAll @IntRange(min = 0, max = 6) final int shift)
    {
        // numerator / denominator * 10^shift = k + 1/2 exactly: only the rounding rule decides the answer
        final long denominator = 2 * h * Decimals.pow10(shift);
        final long numerator = (2 * k + 1) * h;

        final long expected = referenceRatio(numerator, denominator, shift).longValueExact();
        assertEquals(numerator < 0 ? k : k + 1, expected);
        assertEquals(expected, Decimals.ratio(numerator, denominator, shift));
    }

    @Property(seed = SEED)
    void shouldMatchBigDecimalHalfUpBeyondTradingMagnitudes(
        @ForAll("wideNumerators") final long numerator,
        @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long denominator,
        @ForAll @IntRange(min = 0, max = 6) final int shift)
    {
        assertRatio(numerator, denominator, shift);
    }

    @Provide
    Arbitrary<Long> wideNumerators()
    {
        return Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE);
    }

    // ----------------------------------------------------------------------------------------------------------
    // helpers

    /** Every parse entry point (CharSequence, sub-range, ASCII DirectBuffer) gives the same answer. */
    private static void assertParses(final String text, final int exponent, final long expected)
    {
        assertEquals(expected, Decimals.parse(text, exponent), () -> "parse(\"" + text + "\", " + exponent + ")");
        final String padded = "<<" + text + ">>";
        assertEquals(expected, Decimals.parse(padded, 2, 2 + text.length(), exponent), () -> "sub-range " + text);
        assertEquals(expected, parseAscii(text, exponent), () -> "DirectBuffer parse of \"" + text + "\"");
    }

    private static long parseAscii(final String text, final int exponent)
    {
        // the number sits between other bytes, as it would inside a JSON or CSV frame
        final byte[] bytes = ("9." + text + "7").getBytes(StandardCharsets.US_ASCII);
        return Decimals.parse(new UnsafeBuffer(bytes), 2, text.length(), exponent);
    }

    /**
     * The parser's contract: out of range (even before looking at extra digits) is INVALID; otherwise non-zero digits
     * beyond the exponent are TOO_PRECISE; the two most negative longs are the sentinels, so they are out of range.
     */
    private static long referenceParse(final String text, final int exponent)
    {
        final BigDecimal value;
        try
        {
            value = new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            return INVALID;
        }
        final BigDecimal scaled = value.scaleByPowerOfTen(-exponent);
        final BigInteger truncated = scaled.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (truncated.abs().compareTo(LONG_MAX) > 0)
        {
            return INVALID;
        }
        if (scaled.stripTrailingZeros().scale() > 0)
        {
            return TOO_PRECISE;
        }
        return truncated.compareTo(LONG_MIN.add(BigInteger.TWO)) >= 0 ? truncated.longValue() : INVALID;
    }

    /** Equal to the BigDecimal HALF_UP result when that fits a long; otherwise ratio must throw, not wrap. */
    private static void assertRatio(final long numerator, final long denominator, final int shift)
    {
        final BigInteger expected = referenceRatio(numerator, denominator, shift);
        if (expected.bitLength() < Long.SIZE)
        {
            assertEquals(expected.longValueExact(), Decimals.ratio(numerator, denominator, shift));
        }
        else
        {
            // never throws on data (issue #9): beyond a long the ratio saturates
            assertEquals(expected.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE, Decimals.ratio(numerator, denominator, shift));
        }
    }

    private static BigInteger referenceRatio(final long numerator, final long denominator, final int shift)
    {
        final BigDecimal num = BigDecimal.valueOf(numerator);
        final BigDecimal den = BigDecimal.valueOf(denominator);
        final BigDecimal result = shift >= 0 ?
            num.multiply(BigDecimal.TEN.pow(shift)).divide(den, 0, RoundingMode.HALF_UP) :
            num.divide(den.multiply(BigDecimal.TEN.pow(-shift)), 0, RoundingMode.HALF_UP);
        return result.toBigIntegerExact();
    }
}
