package dev.trader.engine.risk;

import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.engine.risk.RiskHarness.assertRisk;
import static dev.trader.engine.risk.RiskHarness.BTC;
import static dev.trader.engine.risk.RiskHarness.MINUTE;
import static dev.trader.engine.risk.RiskHarness.STRAT;
import static dev.trader.engine.risk.RiskHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Risk rules at the edges the mutation profile found loose (issue #18): unfilled entry orders counted by the
 * notional caps, the sequence guard's sum, the account rules checked at decision time (not only on bars) and the
 * rebound kill on the long side, on an open hazard gate and after going flat. Equity 10,000, BTC 100.00, qty
 * mantissa 1 = 0.001 units, default sizing 10 units (1,000 notional).
 */
class RiskPendingAndReboundTest
{
    private static final double EPS = 1e-9;


    /**
     * A resting entry order of 5 units (500 notional) counts like an open position: 0 + 500 + 1,000 = 1,500 > 1,000
     * scales the new entry to (1,000 - 500) / 100 = 5 units. Kills the mutant that drops the working notional from
     * the gross exposure (pending orders could stack past the cap).
     */
    @Test
    void workingEntryOrdersCountAgainstTheMaxNotionalCap()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n");
        h.orders.workingEntries = 1;
        h.orders.workingEntryQty = 5_000;
        h.enter(T0, false);
        final RiskHarness.Risk r = h.onlyRisk();
        assertRisk(r, "max_notional_frac", RiskAction.SCALED);
        assertEquals(10_000, r.requested());
        assertEquals(5_000, r.allowed());
        assertEquals(1_500.0, r.value(), EPS);
        assertEquals(1_000.0, r.threshold(), EPS);
        assertEquals(5_000, h.onlyOrder().qty());

        h.clear();
        h.orders.workingEntryQty = 10_000; // 1,000 resting: no room at all
        h.enter(T0 + MINUTE, false);
        assertRisk(h.onlyRisk(), "max_notional_frac", RiskAction.BLOCKED);
        assertTrue(h.orders().isEmpty());
    }

    /** The same for the single-coin cap: 2,000 resting on BTC + 1,000 = 3,000 > 2,500 -> 5 units. */
    @Test
    void workingEntryOrdersCountAgainstTheSingleCoinCap()
    {
        final RiskHarness h = new RiskHarness("risk:\n  maxNotionalFrac: 0\n  singleCoinCapPct: 0.25\n  reboundKillPct: 0\n");
        h.orders.workingEntries = 1;
        h.orders.workingEntryQty = 20_000;
        h.enter(T0, true);
        final RiskHarness.Risk r = h.onlyRisk();
        assertRisk(r, "single_coin_cap", RiskAction.SCALED);
        assertEquals(3_000.0, r.value(), EPS);
        assertEquals(2_500.0, r.threshold(), EPS);
        assertEquals(5_000, h.onlyOrder().qty());
    }

    /**
     * The sequence guard sums streak + open positions + working entries + the new one: with max 4 (3 may be at
     * stake), streak 1 + 0 open + 1 working + 1 = 3 passes, a second working entry makes 4 and blocks. Kills the
     * mutants of the working-entries term and of the '> max - 1' boundary.
     */
    @Test
    void sequenceGuardCountsWorkingEntriesAtStake()
    {
        final RiskHarness h = new RiskHarness("risk:\n  maxConsecutiveLosses: 4\n  lossCooldown: { afterLosses: 0 }\n"
            + "  streakHalving: { afterLosses: 0 }\n  reboundKillPct: 0\n  maxOpenPositions: 10\n");
        h.portfolio.closedTrade(STRAT, -10);
        h.orders.workingEntries = 1;
        h.enter(T0, true);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        assertEquals(1, h.orders().size());

        h.clear();
        h.orders.workingEntries = 2;
        h.enter(T0 + MINUTE, true);
        final RiskHarness.Risk r = h.onlyRisk();
        assertRisk(r, "sequence_guard", RiskAction.BLOCKED);
        assertEquals(4.0, r.value(), EPS);
        assertEquals(3.0, r.threshold(), EPS);
        assertTrue(h.orders().isEmpty());
    }

    /**
     * The equity floor is checked when a decision arrives, not only on the next bar: equity 1,999 <= 2,000 halts,
     * cancels, flattens and blocks the entry at once. Kills the mutant that removes the decision-time
     * {@code accountRules()} call.
     */
    @Test
    void equityFloorIsCheckedAtDecisionTime()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n");
        h.portfolio.open(11, STRAT, BTC, 3_000, 100.0, T0);
        h.portfolio.equity = Money.of(1_999);
        h.enter(T0, true);
        final List<RiskHarness.Risk> rs = h.risks();
        assertEquals(2, rs.size(), rs.toString());
        assertRisk(rs.get(0), "equity_floor", RiskAction.HALTED);
        assertEquals(1_999.0, rs.get(0).value(), EPS);
        assertEquals(2_000.0, rs.get(0).threshold(), EPS);
        assertRisk(rs.get(1), "equity_floor", RiskAction.BLOCKED);
        final List<RiskHarness.Order> o = h.orders();
        assertEquals(2, o.size(), o.toString());
        assertEquals(OrderAction.CANCEL, o.get(0).action());
        assertEquals(Side.SELL, o.get(1).side());
        assertEquals(3_000, o.get(1).qty());
        assertEquals(Reason.RISK_EQUITY_FLOOR.code(), o.get(1).reasonCode());
    }

    /** Likewise the daily drawdown: the day starts at 10,000 on the first decision; 9,690 is -3.1 % >= 3 %. */
    @Test
    void dailyDrawdownIsCheckedAtDecisionTime()
    {
        final RiskHarness h = new RiskHarness("risk:\n  dailyLossStopPct: 0.03\n  maxNotionalFrac: 1\n  reboundKillPct: 0\n");
        h.enter(T0, true);
        assertEquals(1, h.orders().size());
        h.portfolio.equity = Money.of(9_690);
        h.clear();
        h.enter(T0 + MINUTE, true);
        final List<RiskHarness.Risk> rs = h.risks();
        assertEquals(2, rs.size(), rs.toString());
        assertRisk(rs.get(0), "daily_drawdown", RiskAction.HALTED);
        assertEquals(0.031, rs.get(0).value(), EPS);
        assertRisk(rs.get(1), "daily_drawdown", RiskAction.BLOCKED);
        assertEquals(List.of(OrderAction.CANCEL), h.orders().stream().map(RiskHarness.Order::action).toList());
    }

    /**
     * A long is killed when the close falls 2 % below the highest close since tracking began: 100, 102 (high), 100
     * (> 102 x 0.98 = 99.96: nothing), 99.90 (<= 99.96: kill, value 1 - 99.90 / 102). Kills the long-side mutants
     * (that branch never ran before).
     */
    @Test
    void reboundKillClosesALongAfterAFallFromItsHigh()
    {
        final RiskHarness h = new RiskHarness("risk:\n  cooldownBars: 2\n  maxHoldBars: 0\n");
        h.enter(T0, true);
        h.portfolio.open(11, STRAT, BTC, 1_000, 100.0, T0);
        h.clear();
        h.bar(T0, 10_000, 1);
        h.bar(T0 + MINUTE, 10_200, 1);
        h.bar(T0 + 2 * MINUTE, 10_000, 1);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        h.bar(T0 + 3 * MINUTE, 9_990, 1);
        final RiskHarness.Risk r = h.onlyRisk();
        assertRisk(r, "rebound_kill", RiskAction.HALTED);
        assertEquals(BTC, r.instrumentId());
        assertEquals(1.0 - 99.90 / 102.0, r.value(), EPS);
        assertEquals(0.02, r.threshold(), EPS);
        final List<RiskHarness.Order> o = h.orders();
        assertEquals(2, o.size(), o.toString());
        assertEquals(OrderAction.CANCEL, o.get(0).action());
        assertEquals(BTC, o.get(0).instrumentId());
        assertEquals(Side.SELL, o.get(1).side());
        assertEquals(1_000, o.get(1).qty());
        assertTrue(o.get(1).reduceOnly());
        assertEquals(Reason.RISK_REBOUND_KILL.code(), o.get(1).reasonCode());
        assertEquals(9_990, o.get(1).referencePrice());
    }

    /**
     * With the hazard gate open and nothing held, a rebound from the low still halts the instrument (a short would
     * be at risk), cancels its working entries and forces no exit; with no working entries there is nothing to
     * cancel. Kills the mutants of the hazard-only short side and of {@code anyWorkingEntries}.
     */
    @Test
    void reboundKillOnAnOpenHazardGateCancelsWorkingEntriesOnly()
    {
        final RiskHarness h = new RiskHarness("risk:\n  cooldownBars: 2\n  maxHoldBars: 0\n");
        h.enter(T0, false);
        h.hazard(T0, true);
        h.orders.workingEntries = 1;
        h.clear();
        h.bar(T0, 10_000, 1);
        h.bar(T0 + MINUTE, 10_200, 1); // 102 >= 100 x 1.02: rebound 0.02
        final RiskHarness.Risk r = h.onlyRisk();
        assertRisk(r, "rebound_kill", RiskAction.HALTED);
        assertEquals(102.0 / 100.0 - 1.0, r.value(), EPS);
        assertEquals(List.of(OrderAction.CANCEL), h.orders().stream().map(RiskHarness.Order::action).toList());

        final RiskHarness quiet = new RiskHarness("risk:\n  cooldownBars: 2\n  maxHoldBars: 0\n");
        quiet.enter(T0, false);
        quiet.hazard(T0, true);
        quiet.clear();
        quiet.bar(T0, 10_000, 1);
        quiet.bar(T0 + MINUTE, 10_200, 1);
        assertRisk(quiet.onlyRisk(), "rebound_kill", RiskAction.HALTED);
        assertTrue(quiet.orders().isEmpty(), "no position, no working entry: nothing to cancel or close");
    }

    /**
     * Going flat with the gate closed forgets the low: a short opened later starts tracking afresh at its first bar.
     * Without the reset the old low 98 would kill it at 99.99 (>= 98 x 1.02 = 99.96).
     */
    @Test
    void reboundTrackingRestartsAfterGoingFlat()
    {
        final RiskHarness h = new RiskHarness("risk:\n  cooldownBars: 2\n  maxHoldBars: 0\n");
        h.enter(T0, false);
        h.portfolio.open(11, STRAT, BTC, -1_000, 100.0, T0);
        h.bar(T0, 10_000, 1);
        h.bar(T0 + MINUTE, 9_800, 1);   // low 98
        h.portfolio.close(11);
        h.bar(T0 + 2 * MINUTE, 9_800, 1); // flat, gate closed: tracking reset
        h.portfolio.open(12, STRAT, BTC, -1_000, 98.0, T0 + 3 * MINUTE);
        h.clear();
        h.bar(T0 + 3 * MINUTE, 9_999, 1); // tracking starts at 99.99
        h.bar(T0 + 4 * MINUTE, 9_999, 1);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        assertTrue(h.orders().isEmpty());
    }
}
