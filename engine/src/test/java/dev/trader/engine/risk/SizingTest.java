package dev.trader.engine.risk;

import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import org.junit.jupiter.api.Test;

import static dev.trader.engine.risk.RiskHarness.MINUTE;
import static dev.trader.engine.risk.RiskHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizing modes (seed 002 PositionSizingConfig, seed 000 fixed risk R, seed 004 section 5) through the risk stage:
 * equity 10,000, price 100.00, lot 0.001 (qty mantissa 1 = 0.001 units). Expected values by hand in comments.
 */
class SizingTest
{
    private static final String NO_CAPS = "  maxNotionalFrac: 0\n";

    private static long sizedQty(final RiskHarness h, final long stopLoss)
    {
        h.clear();
        h.decide(T0 + 10 * MINUTE, DecisionAction.ENTER_LONG, 10_000, 0, -1, OrderType.MARKET, stopLoss, 0, Double.NaN);
        return h.onlyOrder().qty();
    }

    @Test
    void equityFractionSizesTenPercentOfEquity()
    {
        final RiskHarness h = new RiskHarness("risk: {}\n");
        // 10,000 x 0.10 / 100 = 10 units = 10,000 lots of 0.001 (fits the 0.10 notional cap exactly: 1,000 <= 1,000)
        assertEquals(10_000, sizedQty(h, 0));
        assertTrue(h.risks().isEmpty());
    }

    @Test
    void fixedQtyRoundsDownToTheLot()
    {
        final RiskHarness h = new RiskHarness("risk:\n" + NO_CAPS + "  sizing: { mode: fixed_qty, qty: 0.0125 }\n");
        // 0.0125 / 0.001 = 12.5 lots -> 12
        assertEquals(12, sizedQty(h, 0));
    }

    @Test
    void fixedNotionalDividesByThePrice()
    {
        final RiskHarness h = new RiskHarness("risk:\n" + NO_CAPS + "  sizing: { mode: fixed_notional, notional: 250 }\n");
        // 250 / 100 = 2.5 units = 2,500
        assertEquals(2_500, sizedQty(h, 0));
    }

    @Test
    void fixedRiskLosesRiskAmountAtTheStop()
    {
        final RiskHarness h = new RiskHarness("risk:\n" + NO_CAPS + "  sizing: { mode: fixed_risk, riskAmount: 10 }\n");
        // stop 98.00: |100 - 98| = 2 per unit; 10 / 2 = 5 units = 5,000
        assertEquals(5_000, sizedQty(h, 9_800));
        // no stop: stopDistanceBps 100 -> 100 x 0.01 = 1 per unit; 10 / 1 = 10 units
        assertEquals(10_000, sizedQty(h, 0));
    }

    @Test
    void perTradeRiskPctCapsFixedRisk()
    {
        final RiskHarness h = new RiskHarness("risk:\n" + NO_CAPS + "  perTradeRiskPct: 0.0005\n"
            + "  sizing: { mode: fixed_risk, riskAmount: 10 }\n");
        // risk = min(10, 0.0005 x 10,000 = 5) = 5; stop distance 2 -> 2.5 units
        assertEquals(2_500, sizedQty(h, 9_800));
    }

    private static RiskHarness volTarget(final String extra)
    {
        final RiskHarness h = new RiskHarness("risk:\n" + NO_CAPS + "  reboundKillPct: 0\n"
            + "  sizing: { mode: vol_target, volWindow: 2, targetRiskPct: 0.01" + extra + " }\n"
            + "costs:\n  expectedHold: 1m\n");
        // closes 100, 101, 100: log returns r = ln(1.01) = 0.00995033 and -r; sample sd = sqrt(2 r^2 / 1)
        //   = 0.01407189 per 1 m bar; expected hold 1 m: x sqrt(1) = 0.01407189
        h.bar(T0, 10_000, 1_000_000);
        h.bar(T0 + MINUTE, 10_100, 1_000_000);
        h.bar(T0 + 2 * MINUTE, 10_000, 1_000_000);
        return h;
    }

    @Test
    void volTargetWithoutEnoughTradesUsesKellyFactorOne()
    {
        final RiskHarness h = volTarget("");
        // target_risk = 10,000 x 0.01 = 100 (inside [50, 150]); base = 100 / (100 x 0.01407189) = 71.0636 units
        assertEquals(71_063, sizedQty(h, 0));
    }

    @Test
    void volTargetScalesByKellyOverFour()
    {
        final RiskHarness h = volTarget(", kellyMinTrades: 10, minTradeRiskPct: 0.0005");
        final TestPortfolio.Stats s = h.portfolio.stats(RiskHarness.STRAT);
        s.closed = 10;
        s.wins = 6;
        s.losses = 4;
        s.sumWin = 180 * 100_000_000L; // avg win 30
        s.sumLoss = 80 * 100_000_000L; // avg loss 20
        // p = 0.6, q = 0.4, b = 30 / 20 = 1.5; Kelly = (0.6 x 1.5 - 0.4) / 1.5 = 1/3; x 1/4 = 1/12
        // risk = 100 / 12 = 8.3333 (inside [5, 150]); qty = 8.3333 / 1.407189 = 5.92197 units -> 5,921
        assertEquals(5_921, sizedQty(h, 0));
    }

    @Test
    void volTargetBlocksANonPositiveKelly()
    {
        final RiskHarness h = volTarget(", kellyMinTrades: 10");
        final TestPortfolio.Stats s = h.portfolio.stats(RiskHarness.STRAT);
        s.closed = 10;
        s.wins = 2;
        s.losses = 8;
        s.sumWin = 20 * 100_000_000L;
        s.sumLoss = 80 * 100_000_000L;
        h.clear();
        h.enter(T0 + 10 * MINUTE, true);
        // p = 0.2, b = 10 / 10 = 1: Kelly = (0.2 - 0.8) / 1 = -0.6 -> BLOCKED
        final RiskHarness.Risk r = h.onlyRisk();
        assertEquals("kelly", r.rule());
        assertEquals(RiskAction.BLOCKED, r.action());
        assertEquals(-0.6, r.value(), 1e-12);
        assertTrue(h.orders().isEmpty());
        assertEquals(1, h.counter("kelly.BLOCKED"));
    }

    @Test
    void volTargetClampsTheTradeRiskIntoItsBand()
    {
        final RiskHarness h = volTarget("");
        // with a stop at 99.90 the trade risk is measured at the stop: unit risk 0.10; base = 71.0636 units x 0.10
        //   = 7.106 of risk, below minTradeRiskPct 0.005 x 10,000 = 50 -> clamped up to 50 -> 50 / 0.10 = 500 units
        assertEquals(500_000, sizedQty(h, 9_990));
    }

    @Test
    void belowTheMinimumPositionSizeIsBlocked()
    {
        final RiskHarness h = new RiskHarness("risk:\n  minPositionSize: 20\n  maxNotionalFrac: 0\n");
        h.clear();
        h.enter(T0, true);
        // equity_fraction gives 10 units < 20
        final RiskHarness.Risk r = h.onlyRisk();
        assertEquals("min_position_size", r.rule());
        assertEquals(RiskAction.BLOCKED, r.action());
        assertEquals(10_000, r.requested());
        assertEquals(0, r.allowed());
        assertEquals(10.0, r.value(), 1e-12);
        assertEquals(20.0, r.threshold(), 1e-12);
        assertTrue(h.orders().isEmpty());
    }
}
