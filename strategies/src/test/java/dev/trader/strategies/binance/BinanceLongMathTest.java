package dev.trader.strategies.binance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link BinanceLongMath} against seed 000 section 4B's formulas, evaluated here independently for each named case:
 * <pre>
 *   Q = (M*L)/E,  N = E*Q,  MM = N*mmr - amount,  P_liq = E + (MM - M + N*Ft)/Q,
 *   P_tp = E + (target + N*(Ft*2 | Ft+Fm))/Q,  PnL = Q*(Exit - E) - N*Ft*2
 * </pre>
 * The tier a case falls in is stated by the case (mmr, amount), not looked up by the production table.
 */
class BinanceLongMathTest
{
    private static final double TOLERANCE = 1e-9;

    /** Binance-style brackets used by the tiered cases. */
    private static final MaintenanceMarginTiers TIERS = MaintenanceMarginTiers.of(List.of(
        new MaintenanceMarginTiers.Tier(0, 50_000, 0.004, 0),
        new MaintenanceMarginTiers.Tier(50_000, 250_000, 0.005, 50),
        new MaintenanceMarginTiers.Tier(250_000, 3_000_000, 0.01, 1_300)));

    /**
     * @param mmr    the rate of the bracket the case's notional falls in
     * @param amount that bracket's maintenance amount
     * @param tiers  the table the production code is given
     */
    record Case(String name, double entry, double risk, double leverage, double taker, double maker, double mmr, double amount,
        MaintenanceMarginTiers tiers, double target, boolean takerBothSides)
    {
        @Override
        public String toString()
        {
            return name;
        }
    }

    private static MaintenanceMarginTiers flat(final double mmr)
    {
        return MaintenanceMarginTiers.flat(mmr);
    }

    static Stream<Case> cases()
    {
        return Stream.of(
            new Case("seed defaults, BTCUSDT 2020-01-01 close", 7186.68, 10, 55, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("seed defaults, BTC at 67012.3", 67012.3, 10, 55, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("seed defaults, sub-cent alt", 0.0123, 10, 55, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("ETH, leverage 20, risk 25", 3512.47, 25, 20, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("leverage 1 (liquidation below zero)", 100.0, 10, 1, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("leverage 125", 43_210.55, 10, 125, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, true),
            new Case("flat mmr 0.005", 7186.68, 10, 55, 0.00045, 0.00018, 0.005, 0, flat(0.005), 15, true),
            new Case("zero fees", 7186.68, 10, 55, 0.0, 0.0, 0.004, 0, flat(0.004), 15, true),
            new Case("maker on the exit", 7186.68, 10, 55, 0.00045, 0.00018, 0.004, 0, flat(0.004), 15, false),
            new Case("target +30", 25_000.0, 10, 55, 0.00045, 0.00018, 0.004, 0, flat(0.004), 30, true),
            new Case("tier 1 of 3 (N = 550)", 7186.68, 10, 55, 0.00045, 0.00018, 0.004, 0, TIERS, 15, true),
            new Case("tier 2 of 3 (N = 100,000)", 7186.68, 1_000, 100, 0.00045, 0.00018, 0.005, 50, TIERS, 15, true),
            new Case("tier 3 of 3 (N = 500,000)", 61_000.1, 10_000, 50, 0.0005, 0.0002, 0.01, 1_300, TIERS, 15, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldEqualTheSeedFormulasEvaluatedIndependently(final Case c)
    {
        // seed 000 section 4B, written out
        final double q = (c.risk() * c.leverage()) / c.entry();
        final double n = c.entry() * q;
        final double mm = n * c.mmr() - c.amount();
        final double pLiq = c.entry() + (mm - c.risk() + n * c.taker()) / q;
        final double feesTotal = c.takerBothSides() ? n * c.taker() * 2 : n * (c.taker() + c.maker());
        final double pTp = c.entry() + (c.target() + feesTotal) / q;

        final TradingFees fees = new TradingFees(c.taker(), c.maker());
        assertEquals(q, BinanceLongMath.qtyFromRisk(c.entry(), c.risk(), c.leverage()), TOLERANCE, "Q");
        assertEquals(n, BinanceLongMath.notional(c.entry(), q), TOLERANCE, "N");
        final LongPosition p = BinanceLongMath.liquidationPriceLong(c.entry(), c.risk(), c.leverage(), fees, c.tiers());
        assertEquals(q, p.qty(), TOLERANCE, "Q");
        assertEquals(n, p.notional(), TOLERANCE, "N");
        assertEquals(mm, p.maintenanceMargin(), TOLERANCE, "MM");
        assertEquals(pLiq, p.liquidationPrice(), TOLERANCE, "P_liq");
        final double tp = BinanceLongMath.tpPriceForTargetPnlLong(c.entry(), p.qty(), p.notional(), c.target(), fees,
            c.takerBothSides());
        assertEquals(pTp, tp, TOLERANCE, "P_tp");

        // PnL (taker both sides) at the take-profit is the net target; at entry it is minus the round-trip fee
        if (c.takerBothSides())
        {
            assertEquals(c.target(), BinanceLongMath.pnlLong(c.entry(), tp, q, n, fees), 1e-6, "PnL at P_tp");
        }
        assertEquals(-n * c.taker() * 2, BinanceLongMath.pnlLong(c.entry(), c.entry(), q, n, fees), TOLERANCE, "PnL at E");
    }

    /** Values printed by seed 000 section 5's own Python ({@code repr} of liquidation_price_long and tp_price_...). */
    @Test
    void shouldReproduceTheSeedPythonBitForBit()
    {
        final Object[][] python = {
            // E, M, L, P_liq, Q, N, MM, P_tp
            {7186.68, 10.0, 55.0, 7087.993816909091, 0.07653047025886779, 550.0, 2.2, 7389.148375636364},
            {67012.3, 10.0, 55.0, 66092.09928045455, 0.008207448483338133, 550.0, 2.2, 68900.21925181818},
            {0.0123, 5.0, 10.0, 0.011124735, 4065.040650406504, 50.0, 0.2, 0.01600107},
        };
        for (final Object[] row : python)
        {
            final double e = (double)row[0];
            final LongPosition p = BinanceLongMath.liquidationPriceLong(e, (double)row[1], (double)row[2], TradingFees.SEED_DEFAULT,
                MaintenanceMarginTiers.flat(MaintenanceMarginTiers.SEED_FALLBACK_RATE));
            assertEquals((double)row[3], p.liquidationPrice(), 0.0, "P_liq at " + e);
            assertEquals((double)row[4], p.qty(), 0.0, "Q at " + e);
            assertEquals((double)row[5], p.notional(), 0.0, "N at " + e);
            assertEquals((double)row[6], p.maintenanceMargin(), 0.0, "MM at " + e);
            assertEquals((double)row[7], BinanceLongMath.tpPriceForTargetPnlLong(e, p.qty(), p.notional(), 15.0,
                TradingFees.SEED_DEFAULT, true), 0.0, "P_tp at " + e);
        }
    }

    @Test
    void shouldRefuseNonPositiveInputsAsTheSeedDoes()
    {
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(0, 10, 55));
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(100, -1, 55));
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(100, 10, 0));
    }
}
