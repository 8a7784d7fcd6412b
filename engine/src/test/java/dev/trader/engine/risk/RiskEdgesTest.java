package dev.trader.engine.risk;

import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.engine.trading.Money;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.engine.risk.RiskHarness.BTC;
import static dev.trader.engine.risk.RiskHarness.MINUTE;
import static dev.trader.engine.risk.RiskHarness.STRAT;
import static dev.trader.engine.risk.RiskHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk rules exactly on their thresholds (mutation profile, issue #18: the boundary mutants of accountRules, the
 * day roll, the sequence guard's halt, open risk without an entry price and the Kelly gate). Equity 10,000.
 */
class RiskEdgesTest
{
    private static final double EPS = 1e-9;
    private static final long DAY = 24 * 60 * MINUTE;

    /** Equity exactly at the floor (10,000 x 0.2 = 2,000) halts: the rule is 'equity <= floor'. */
    @Test
    void equityExactlyAtTheFloorHalts()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n");
        h.portfolio.equity = Money.of(2_000);
        h.bar(T0, 10_000, 1);
        final RiskHarness.Risk r = h.onlyRisk();
        assertEquals("equity_floor", r.rule());
        assertEquals(RiskAction.HALTED, r.action());
        assertEquals(2_000.0, r.value(), EPS);
    }

    /** A floor fraction of 0 is off: even equity 0 halts nothing. */
    @Test
    void aZeroFloorFractionIsOff()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n  equityFloorFrac: 0\n");
        h.portfolio.equity = 0;
        h.bar(T0, 10_000, 1);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
    }

    /**
     * A drawdown of exactly 3 % ((10,000 - 9,700) / 10,000) halts; the next UTC day resumes with the day's start
     * equity as value and start x (1 - 0.03) as threshold: 9,700 and 9,409.
     */
    @Test
    void dailyDrawdownExactlyAtTheStopHaltsAndTheNextDayResumesFromItsEquity()
    {
        final RiskHarness h = new RiskHarness("risk:\n  dailyLossStopPct: 0.03\n  reboundKillPct: 0\n");
        h.bar(T0, 10_000, 1);
        h.portfolio.equity = Money.of(9_700);
        h.clear();
        h.bar(T0 + MINUTE, 10_000, 1);
        RiskHarness.Risk r = h.onlyRisk();
        assertEquals("daily_drawdown", r.rule());
        assertEquals(RiskAction.HALTED, r.action());
        assertEquals(0.03, r.value(), EPS);
        h.clear();
        h.bar(T0 + DAY, 10_000, 1);
        r = h.onlyRisk();
        assertEquals(RiskAction.RESUMED, r.action());
        assertEquals(9_700.0, r.value(), EPS);
        assertEquals(9_409.0, r.threshold(), 1e-6);
    }

    /** A daily stop of 0 is off: a loss on the day halts nothing. */
    @Test
    void aZeroDailyStopIsOff()
    {
        final RiskHarness h = new RiskHarness("risk:\n  dailyLossStopPct: 0\n  reboundKillPct: 0\n");
        h.bar(T0, 10_000, 1);
        h.portfolio.equity = Money.of(5_000);
        h.clear();
        h.bar(T0 + MINUTE, 10_000, 1);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
    }

    /**
     * A day that started with no equity has no drawdown to measure: (0 - (-100)) / 0 would be infinite, so the rule
     * requires a positive start and nothing halts (the equity floor is off here).
     */
    @Test
    void aDayStartingWithoutEquityMeasuresNoDrawdown()
    {
        final RiskHarness h = new RiskHarness("risk:\n  dailyLossStopPct: 0.03\n  equityFloorFrac: 0\n  reboundKillPct: 0\n");
        h.portfolio.equity = 0;
        h.bar(T0, 10_000, 1);
        h.portfolio.equity = Money.of(-100);
        h.bar(T0 + MINUTE, 10_000, 1);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
    }

    /** With max 4 consecutive losses, a streak of 3 (= max - 1) halts the strategy: value 3, threshold 3. */
    @Test
    void sequenceGuardHaltsAtMaxMinusOneLosses()
    {
        final RiskHarness h = new RiskHarness("risk:\n  maxConsecutiveLosses: 4\n  lossCooldown: { afterLosses: 0 }\n"
            + "  streakHalving: { afterLosses: 0 }\n  reboundKillPct: 0\n");
        for (int i = 0; i < 3; i++)
        {
            h.portfolio.closedTrade(STRAT, -10);
        }
        h.enter(T0, true);
        final List<RiskHarness.Risk> rs = h.risks();
        assertEquals(2, rs.size(), rs.toString());
        assertEquals("sequence_guard", rs.get(0).rule());
        assertEquals(RiskAction.HALTED, rs.get(0).action());
        assertEquals(3.0, rs.get(0).value(), EPS);
        assertEquals(3.0, rs.get(0).threshold(), EPS);
        assertEquals(RiskAction.BLOCKED, rs.get(1).action());
    }

    /**
     * Open risk of a position whose entry price is unknown uses the mark (100): 10 units x 100 x 1 % = 10; one with
     * entry 90 and no stop: 10 x 90 x 1 % = 9. New 10 units with stop 90.00: 100. 119 > 100 -> (100 - 19) / 10 =
     * 8.1 units.
     */
    @Test
    void openRiskFallsBackToTheMarkWhenTheEntryPriceIsUnknown()
    {
        final RiskHarness h = new RiskHarness("risk:\n  maxNotionalFrac: 0\n  dailyLossStopPct: 0.01\n"
            + "  reboundKillPct: 0\n  maxOpenPositions: 10\n");
        h.portfolio.open(601, 99, BTC, 10_000, Double.NaN, T0);
        h.portfolio.open(602, 99, BTC, 10_000, 90.0, T0);
        h.decide(T0, DecisionAction.ENTER_LONG, 10_000, 0, -1, OrderType.MARKET, 9_000, 0, Double.NaN);
        final RiskHarness.Risk r = h.onlyRisk();
        assertEquals("total_open_risk", r.rule());
        assertEquals(119.0, r.value(), 1e-6);
        assertEquals(8_100, h.onlyOrder().qty());
    }

    private static RiskHarness volTarget(final String extra)
    {
        return new RiskHarness("risk:\n  maxNotionalFrac: 0\n  reboundKillPct: 0\n"
            + "  sizing: { mode: vol_target, volWindow: 2, targetRiskPct: 0.01" + extra + " }\n");
    }

    /** No closed trades: Kelly does not apply even with kellyMinTrades 0 (0 trades is not a record). */
    @Test
    void kellyNeedsAtLeastOneClosedTrade()
    {
        final RiskHarness h = volTarget(", kellyMinTrades: 0");
        h.enter(T0, true);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        assertEquals(1, h.orders().size());
    }

    /** One win of 100 and one loss of 100: p = 0.5, b = 1, Kelly = 0, which blocks (only a positive edge sizes). */
    @Test
    void aKellyOfExactlyZeroBlocks()
    {
        final RiskHarness h = volTarget(", kellyMinTrades: 2");
        h.portfolio.closedTrade(STRAT, 100);
        h.portfolio.closedTrade(STRAT, -100);
        h.enter(T0, true);
        final RiskHarness.Risk r = h.onlyRisk();
        assertEquals("kelly", r.rule());
        assertEquals(RiskAction.BLOCKED, r.action());
        assertEquals(0.0, r.value(), EPS);
        assertTrue(h.orders().isEmpty());
    }
}
