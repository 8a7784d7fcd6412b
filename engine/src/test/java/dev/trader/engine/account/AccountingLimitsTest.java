package dev.trader.engine.account;

import dev.trader.codecs.sbe.Side;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.account.AccountingHarness.FundingOut;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.trader.engine.account.AccountingHarness.HOUR;
import static dev.trader.engine.account.AccountingHarness.SECOND;
import static dev.trader.engine.account.AccountingHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AccountingStage} and {@link AccountingSettings} exactly at their limits: each value on the edge is accepted
 * and the next one refused (the mutation profile found every boundary here untested, issue #18). Prices at 0.01, qty
 * at 0.001: a fill's money notional is price x qty x 1,000 (10^-8 units).
 */
class AccountingLimitsTest
{
    private static final Instrument BTC = new Instrument(1, Venue.SYNTHETIC, "BTCUSDT", "0.01", "0.001", -2, -3, -5);
    private static final Instrument ETH = new Instrument(2, Venue.SYNTHETIC, "ETHUSDT", "0.01", "0.001", -2, -3, -5);
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC, ETH));
    private static final int S1 = 1;
    /** 10^8 quote units as a money mantissa: the largest fee, slippage or notional one fill may carry. */
    private static final long MAX_MONEY = 10_000_000_000_000_000L;

    private static AccountingSettings settings(final AccountingSettings.FundingSource source)
    {
        return new AccountingSettings(100_000.0, Duration.ofMinutes(1), source, 0.0001, Duration.ofHours(8), 64);
    }

    private static long id(final int n)
    {
        return ((long)S1 << 32) | n;
    }

    private static long counter(final AccountingStage s, final String name)
    {
        return s.counters().get(name);
    }

    @Test
    void shouldAcceptSettingsOnTheirEdgesAndRefuseJustBeyond()
    {
        final AccountingSettings ok = new AccountingSettings(1e-9, Duration.ofNanos(1), AccountingSettings.FundingSource.AUTO,
            0.0999, Duration.ofNanos(1), 1);
        assertSame(ok, ok.validate());
        new AccountingSettings(9.9e9, Duration.ofMinutes(1), AccountingSettings.FundingSource.AUTO, -0.0999,
            Duration.ofHours(8), 1 << 20).validate();
        final AccountingSettings.FundingSource auto = AccountingSettings.FundingSource.AUTO;
        final Duration m = Duration.ofMinutes(1);
        final Duration h8 = Duration.ofHours(8);
        // the constructor validates: each value just beyond its edge is refused
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(0.0, m, auto, 0, h8, 1));
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(1e10, m, auto, 0, h8, 1));
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(100, m, auto, 0.1, h8, 1));
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(100, m, auto, -0.1, h8, 1));
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(100, m, auto, 0, h8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AccountingSettings(100, m, auto, 0, h8, (1 << 20) + 1));
    }

    /**
     * Fee and slippage may be +-10^8 exactly, one more is refused; price and qty must be positive; a notional of
     * exactly 10^8 (1,000,000.00 x 100.000) is accepted and 100.001 refused.
     */
    @Test
    void shouldAcceptFillsOnTheirLimitsAndCountOneBeyondAsBad()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.NONE), null);
        final AccountingHarness h = new AccountingHarness(s);
        int n = 0;
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, MAX_MONEY, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, -MAX_MONEY, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, 0, MAX_MONEY, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, 0, -MAX_MONEY, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 100_000_000, 100_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 1, 1, 0, 0, 201, false);
        assertEquals(6, s.openPositions());
        assertEquals(0, counter(s, "badFills"));

        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, MAX_MONEY + 1, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, -MAX_MONEY - 1, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, 0, MAX_MONEY + 1, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 1_000, 0, -MAX_MONEY - 1, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 100_000_000, 100_001, 0, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 0, 1_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.BUY, 10_000, 0, 0, 0, 201, false);
        assertEquals(6, s.openPositions());
        assertEquals(7, counter(s, "badFills"));
        // other anomalies add up with the bad fills: an unknown instrument and a reduce-only fill with nothing open
        h.fill(T0, 9, S1, id(++n), Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, id(++n), Side.SELL, 10_000, 1_000, 0, 0, 202, true);
        assertEquals(1, counter(s, "unknownInstrument"));
        assertEquals(1, counter(s, "reduceWithoutPosition"));
        assertEquals(9, counter(s, "anomalies"));
    }

    /** Closing a position updates the per-strategy counts, the counters and keeps its owner known. */
    @Test
    void shouldForgetAClosedPositionInTheOpenCountsButKeepItsOwner()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.NONE), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0, 2, S1, id(1), Side.BUY, 5_000, 1_000, 0, 0, 201, false);
        h.fill(T0, 2, S1, id(2), Side.SELL, 5_000, 2_000, 0, 0, 101, false);
        assertEquals(2, s.openPositions(S1, 2));
        assertEquals(S1, s.positionStrategy(id(2)));
        assertEquals(2, s.positionInstrument(id(2)));
        h.fill(T0 + SECOND, 2, S1, id(1), Side.SELL, 5_100, 1_000, 0, 0, 202, true);
        assertEquals(1, s.openPositions(S1, 2));
        assertEquals(1, counter(s, "positionsClosed"));
        assertEquals(1, counter(s, "openPositions"));
        assertEquals(2, s.positionInstrument(id(1)));
        assertEquals(AccountingStage.NAME, s.name());
        assertEquals(64, s.settings().maxOpenPositions());
    }

    /**
     * A MarkPrice is refused (counted) unless its exponents are in [-18, 0], its mark positive and |rate| < 0.1;
     * each edge value below is accepted. A next funding time of 0 announces nothing.
     */
    @Test
    void shouldAcceptMarkPricesOnTheirLimitsAndCountOneBeyondAsBad()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.EVENTS), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0, 1, S1, id(1), Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        final long next = T0 + 8 * HOUR;
        h.markPrice(T0 + SECOND, 1, 100, 0, 0, 0, next);                              // exponents 0, rate 0
        h.markPrice(T0 + SECOND, 1, 100_000_000_000_000_000L, -18, 1, -18, next);   // exponents -18
        h.markPrice(T0 + SECOND, 1, 10_000, -2, 999, -4, next);                       // rate 0.0999
        assertEquals(0, counter(s, "badMarkPrices"));
        h.markPrice(T0 + SECOND, 1, 100, 1, 0, 0, next);
        h.markPrice(T0 + SECOND, 1, 100, 0, 0, 1, next);
        h.markPrice(T0 + SECOND, 1, 1, -19, 0, 0, next);
        h.markPrice(T0 + SECOND, 1, 100, 0, 1, -19, next);
        h.markPrice(T0 + SECOND, 1, 0, -2, 1, -4, next);
        h.markPrice(T0 + SECOND, 1, 10_000, -2, 1, -1, next);                         // rate 0.1
        assertEquals(6, counter(s, "badMarkPrices"));

        // no funding time: nothing is due, so no Funding event however late
        final AccountingStage quiet = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.EVENTS), null);
        final AccountingHarness q = new AccountingHarness(quiet);
        q.fill(T0, 1, S1, id(1), Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        q.markPrice(T0 + SECOND, 1, 10_000, -2, 1, -4, 0);
        q.trade(T0 + 100 * HOUR, 1, 10_000);
        assertTrue(q.fundings().isEmpty());
        assertEquals(0, counter(quiet, "badMarkPrices"));
    }

    /**
     * Funding announced by MarkPrice settles at exactly its time, instrument by instrument: BTC at 8 h, ETH at 16 h
     * (the earliest still due is remembered after BTC settles).
     */
    @Test
    void shouldSettleEventFundingAtExactlyItsTimeForEachInstrument()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.EVENTS), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0, 1, S1, id(1), Side.BUY, 10_000, 1_000, 0, 0, 201, false);       // long 1.000 BTC
        h.fill(T0, 2, S1, id(2), Side.SELL, 5_000, 2_000, 0, 0, 101, false);       // short 2.000 ETH
        h.markPrice(T0 + SECOND, 1, 10_000, -2, 1, -4, T0 + 8 * HOUR);              // BTC 100.00, 0.0001
        h.markPrice(T0 + SECOND, 2, 5_000, -2, 2, -4, T0 + 16 * HOUR);              // ETH 50.00, 0.0002
        h.clear();
        h.trade(T0 + 8 * HOUR, 1, 10_000);
        // BTC long pays 1.000 x 100.00 x 0.0001 = 0.01
        assertEquals(List.of(new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR, 1, S1, id(1), 0.0001, 100.0, 1_000, 1_000_000,
            false)), h.fundings());
        h.clear();
        h.trade(T0 + 16 * HOUR - 1, 1, 10_000);
        assertTrue(h.fundings().isEmpty());
        h.trade(T0 + 16 * HOUR, 1, 10_000);
        // ETH short receives 2.000 x 50.00 x 0.0002 = 0.02
        assertEquals(List.of(new FundingOut(T0 + 16 * HOUR, T0 + 16 * HOUR, 2, S1, id(2), 0.0002, 50.0, -2_000,
            -2_000_000, false)), h.fundings());
        assertEquals(-1_000_000L, s.funding());
    }

    /**
     * {@code toMoney} beyond 18 digits goes through a double; at exactly 18 it stays exact: 2.500...001 rounds to 3
     * where a double (2.5) would give 2.
     */
    @Test
    void shouldConvertToMoneyExactlyUpTo18DigitsAndRoundBeyond()
    {
        assertEquals(3, AccountingStage.toMoney(2_500_000_000_000_000_001L, -26));
        assertEquals(2, AccountingStage.toMoney(2_500_000_000_000_000_000L, -26), "half-even");
        assertEquals(1, AccountingStage.toMoney(Long.MAX_VALUE, -27), "0.922 -> 1");
        assertEquals(0, AccountingStage.toMoney(4_000_000_000_000_000_000L, -27), "0.4 -> 0");
        assertEquals(-1, AccountingStage.toMoney(-6_000_000_000_000_000_000L, -27), "-0.6 -> -1");
        assertEquals(12_345, AccountingStage.toMoney(12_345, -8));
        assertEquals(1_234_500, AccountingStage.toMoney(12_345, -6));
    }
}
