package dev.trader.engine.risk;

import dev.trader.engine.Instrument;
import dev.trader.engine.Venue;
import dev.trader.engine.trading.Money;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link Money}: the 1e-8 grid the risk stage reads equity and exposure on (docs/trading.md "Money"). */
class MoneyTest
{
    @Test
    void shouldFormatExactlyWithEightDecimals()
    {
        assertEquals("0.00000000", Money.format(0));
        assertEquals("0.00000005", Money.format(5));
        assertEquals("-1.50000000", Money.format(-150_000_000L));
        assertEquals("100000.12345678", Money.format(10_000_012_345_678L));
        // Long.MIN_VALUE has no positive counterpart: -92233720368.54775808
        assertEquals("-92233720368.54775808", Money.format(Long.MIN_VALUE));
        assertEquals(-1.5, Money.toDouble(-150_000_000L));
    }

    @Test
    void shouldTakeNotionalExactlyWhenCoarserThanTheMoneyGrid()
    {
        // price 60000.00 (e-2) x qty 0.001 (e-3) = 60.00000 at e-5 = 6,000,000 x 1000 at e-8 = 60.00000000;
        // the same as the instrument's quote grid (e-5) scaled up three digits
        final Instrument btc = new Instrument(1, Venue.SYNTHETIC, "BTCUSDT", "0.01", "0.001", -2, -3, -5);
        assertEquals(6_000_000_000L, Money.notional(btc, 6_000_000, 1));
        assertEquals(btc.quoteOf(6_000_000, 1) * 1000, Money.notional(btc, 6_000_000, 1));
    }

    @Test
    void shouldRoundHalfEvenWhenFinerThanTheMoneyGrid()
    {
        // price e-1 x qty e-8 = e-9: one digit below the money grid, rounded half-even
        final Instrument okx = new Instrument(21, Venue.OKX, "BTC-USDT", "0.1", "0.00000001", -1, -8, -9);
        assertEquals(2, Money.notional(okx, 5, 5));   // 25 at e-9 = 2.5 -> 2 (even)
        assertEquals(4, Money.notional(okx, 5, 7));   // 35 at e-9 = 3.5 -> 4 (even)
        assertEquals(3, Money.notional(okx, 3, 9));   // 27 at e-9 = 2.7 -> 3
        assertEquals(-2, Money.notional(okx, -5, 5)); // -25 at e-9 = -2.5 -> -2 (even)
        assertEquals(-4, Money.notional(okx, -5, 7)); // -35 at e-9 = -3.5 -> -4 (even)
        assertEquals(-3, Money.notional(okx, -3, 9)); // -27 at e-9 = -2.7 -> -3
    }

    @Test
    void shouldRescaleUpExactlyAndSaturateOnOverflow()
    {
        assertEquals(12_300_000_000L, Money.rescale(123, 0));   // 123 quote units = 123 x 1e8
        assertEquals(123, Money.rescale(123, Money.EXPONENT));
        // arithmetic on the decision path never throws on data (issue #9): beyond a long it saturates
        assertEquals(Long.MAX_VALUE, Money.rescale(Long.MAX_VALUE / 10 + 1, -7));
        assertEquals(Long.MIN_VALUE, Money.rescale(-(Long.MAX_VALUE / 10 + 1), -7));
    }

    @Test
    void shouldRoundDoublesAndRates()
    {
        assertEquals(100_000_000L, Money.of(1.0));
        // fee 0.00045 x 60.00000000 = 0.027 = 2,700,000 mantissa units
        assertEquals(2_700_000L, Money.times(6_000_000_000L, 0.00045));
    }
}
