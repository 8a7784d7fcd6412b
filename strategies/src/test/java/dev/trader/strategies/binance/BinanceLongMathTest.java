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

    /** One row of acceptance 4's table: entry E, risk M, leverage L. */
    record Grid(double entry, double risk, double leverage)
    {
        @Override
        public String toString()
        {
            return "E=" + entry + " M=" + risk + " L=" + leverage;
        }
    }

    /** Acceptance 4: entries 100, 3000, 42000.5, 65000 x risks 5, 10, 25 x leverages 10, 55, 125 (36 cases). */
    static Stream<Grid> acceptanceGrid()
    {
        final double[] entries = {100.0, 3000.0, 42_000.5, 65_000.0};
        final double[] risks = {5.0, 10.0, 25.0};
        final double[] leverages = {10.0, 55.0, 125.0};
        final Stream.Builder<Grid> rows = Stream.builder();
        for (final double e : entries)
        {
            for (final double m : risks)
            {
                for (final double l : leverages)
                {
                    rows.add(new Grid(e, m, l));
                }
            }
        }
        return rows.build();
    }

    /**
     * Acceptance 4: seed 000 section 5's {@code liquidation_price_long} and {@code tp_price_for_target_pnl_long} with
     * the seed's defaults (Ft 0.00045, mmr 0.004 fallback, target 15, taker both sides), transcribed independently
     * here from the Python, equal BinanceLongMath (both entry points) to 1e-9.
     */
    @ParameterizedTest(name = "acceptance 4: {0}")
    @MethodSource("acceptanceGrid")
    void shouldMatchTheSeedPythonOnTheAcceptanceGrid(final Grid g)
    {
        // def liquidation_price_long(E, M, L): Q = (M*L)/E; N = E*Q; MM = N*mmr; P_liq = E + (MM - M + N*Ft)/Q
        final double ft = 0.00045;
        final double e = g.entry();
        final double m = g.risk();
        final double l = g.leverage();
        final double q = (m * l) / e;
        final double n = e * q;
        final double mm = n * 0.004;
        final double pLiq = e + (mm - m + n * ft) / q;
        // def tp_price_for_target_pnl_long(E, Q, N, 15.0): fees_total = N*(Ft*2.0); P_tp = E + (target + fees_total)/Q
        final double pTp = e + (15.0 + n * (ft * 2.0)) / q;

        final MaintenanceMarginTiers seedTiers = MaintenanceMarginTiers.flat(MaintenanceMarginTiers.SEED_FALLBACK_RATE);
        final LongPosition p = BinanceLongMath.liquidationPriceLong(e, m, l, TradingFees.SEED_DEFAULT, seedTiers);
        assertEquals(pLiq, p.liquidationPrice(), TOLERANCE, "P_liq");
        assertEquals(q, p.qty(), TOLERANCE, "Q");
        assertEquals(n, p.notional(), TOLERANCE, "N");
        assertEquals(mm, p.maintenanceMargin(), TOLERANCE, "MM");
        assertEquals(pLiq, BinanceLongMath.liquidationPriceLong(e, q, n, m, TradingFees.SEED_DEFAULT, seedTiers), TOLERANCE,
            "P_liq for a given qty (the strategy's entry point)");
        assertEquals(pTp, BinanceLongMath.tpPriceForTargetPnlLong(e, p.qty(), p.notional(), 15.0, TradingFees.SEED_DEFAULT, true),
            TOLERANCE, "P_tp");
    }

    @Test
    void shouldUseTheLastBracketBeyondTheTableForAGivenQty()
    {
        // N = 10,000,000 is beyond the 3,000,000 cap: the last bracket (1%, amount 1,300) applies, no exception
        // MM = 1e7 x 0.01 - 1300 = 98,700; M = N / 10 = 1e6; Q = 1e7 / 50,000 = 200
        // P_liq = 50,000 + (98,700 - 1,000,000 + 1e7 x 0.00045) / 200 = 50,000 + (-896,800) / 200 = 45,516
        assertEquals(45_516.0, BinanceLongMath.liquidationPriceLong(50_000.0, 200.0, 1e7, 1e6, TradingFees.SEED_DEFAULT, TIERS),
            1e-9);
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
        // zero risk is refused too, like the seed's 'risk_usdt <= 0' (kills 'riskUsdt <= 0' -> '< 0', mutation profile)
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(100, 0, 55));
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(-100, 10, 55));
        assertThrows(IllegalArgumentException.class, () -> BinanceLongMath.qtyFromRisk(100, 10, -1));
    }
}
