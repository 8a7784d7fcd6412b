package dev.trader.engine.risk;

import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.OperatorCommandType;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.engine.risk.RiskHarness.BTC;
import static dev.trader.engine.risk.RiskHarness.MINUTE;
import static dev.trader.engine.risk.RiskHarness.STRAT;
import static dev.trader.engine.risk.RiskHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worked examples for the risk stage's arithmetic that the mutation profile (issue #18) found unpinned: the stops
 * remembered for total open risk, the volatility breaker's vol and percentile, and the Kelly fraction. Equity
 * 10,000, BTC 100.00, default sizing 10 units.
 */
class RiskStopsVolKellyTest
{
    private static final double EPS = 1e-9;

    private static long enter(final RiskHarness h, final long ts, final long positionId, final long stop)
    {
        return h.decide(ts, DecisionAction.ENTER_LONG, 10_000, 0, positionId, OrderType.MARKET, stop, 0, Double.NaN);
    }

    /**
     * Open risk = sum of |entry - stop| x qty over open positions, price x qty x 100 bps where no stop is known.
     * 501 (stop 98.00): 20; 502 (stop 99.00): 10; 503 (no stop): 100 x 10 x 1 % = 10. A new 10 units with stop
     * 90.00 adds 100: 140 > 100 scales to (100 - 40) / 10 = 6 units. A later entry on 501 moves its stop to 99.50
     * (risk 5), so the next one sees 25 + 100 = 125 and gets (100 - 25) / 10 = 7.5 units (lot 0.001).
     */
    @Test
    void totalOpenRiskUsesEachPositionsLatestStop()
    {
        final RiskHarness h = new RiskHarness("risk:\n  maxNotionalFrac: 0\n  dailyLossStopPct: 0.01\n"
            + "  reboundKillPct: 0\n  maxOpenPositions: 10\n");
        enter(h, T0, 501, 9_800);
        h.portfolio.open(501, STRAT, BTC, 10_000, 100.0, T0);
        enter(h, T0 + MINUTE, 502, 9_900);
        h.portfolio.open(502, STRAT, BTC, 10_000, 100.0, T0 + MINUTE);
        h.portfolio.open(503, STRAT, BTC, 10_000, 100.0, T0 + MINUTE);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        assertEquals(2, h.orders().size());

        h.clear();
        enter(h, T0 + 2 * MINUTE, 504, 9_000);
        RiskHarness.Risk r = h.onlyRisk();
        assertEquals("total_open_risk", r.rule());
        assertEquals(RiskAction.SCALED, r.action());
        assertEquals(140.0, r.value(), 1e-6);
        assertEquals(100.0, r.threshold(), EPS);
        assertEquals(6_000, h.onlyOrder().qty());

        h.clear();
        enter(h, T0 + 3 * MINUTE, 501, 9_950); // 40 + 10 units x 0.50 = 45: fits
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        h.clear();
        enter(h, T0 + 4 * MINUTE, 505, 9_000);
        r = h.onlyRisk();
        assertEquals(125.0, r.value(), 1e-6);
        assertEquals(7_500, h.onlyOrder().qty());
    }

    /** Sample standard deviation of two returns: |a - b| / sqrt(2). */
    private static double vol2(final double a, final double b)
    {
        return Math.abs(a - b) / Math.sqrt(2.0);
    }

    /**
     * Vol over 2 bar returns, breaker history of 3 vols, 50th percentile (the 2nd smallest of 3). Closes 100, 101,
     * 100, 105, 104, 110 give returns r1..r5 and vols v2 = vol(r1, r2), v3, v4; the history [v2, v3, v4] sorts to
     * [v2, v4, v3], so the percentile is v4 (not v3, the middle one as inserted), and v5 = vol(r4, r5) > v4 trips
     * the breaker: SCALED by 0.5 with value v5 and threshold v4.
     */
    @Test
    void volatilityBreakerComparesTheLatestVolWithThePercentileOfTheEarlierOnes()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n  sizing: { volWindow: 2 }\n"
            + "  volatilityBreaker: { enabled: true, window: 3, percentile: 50, action: reduce }\n");
        final long[] closes = {10_000, 10_100, 10_000, 10_500, 10_400, 11_000};
        for (int i = 0; i < closes.length; i++)
        {
            h.bar(T0 + i * MINUTE, closes[i], 1);
        }
        final double[] r = new double[closes.length];
        for (int i = 1; i < closes.length; i++)
        {
            r[i] = Math.log(closes[i] / (double)closes[i - 1]);
        }
        final double v3 = vol2(r[2], r[3]);
        final double v4 = vol2(r[3], r[4]);
        final double v5 = vol2(r[4], r[5]);
        assertTrue(vol2(r[1], r[2]) < v4 && v4 < v3 && v4 < v5, "the worked example's ordering");
        h.clear();
        h.enter(T0 + 10 * MINUTE, true);
        final RiskHarness.Risk risk = h.onlyRisk();
        assertEquals("volatility_breaker", risk.rule());
        assertEquals(RiskAction.SCALED, risk.action());
        assertEquals(v5, risk.value(), 1e-12);
        assertEquals(v4, risk.threshold(), 1e-12);
        assertEquals(10_000, risk.requested());
        assertEquals(5_000, risk.allowed());
    }

    /** Kelly = (p b - q) / b: p = win rate, b = average win / average loss; -1 without wins, 1 without losses. */
    @Test
    void kellyFractionFromWinsAndLosses()
    {
        // p = 0.6, b = (600 / 6) / (200 / 4) = 2: (1.2 - 0.4) / 2 = 0.4
        assertEquals(0.4, RiskStage.kelly(6, 4, 600, 200), EPS);
        // p = 0.9, b = 100 / 10 = 10: (9 - 0.1) / 10 = 0.89
        assertEquals(0.89, RiskStage.kelly(9, 1, 900, 10), EPS);
        // p = 0.25, b = 1: (0.25 - 0.75) / 1 = -0.5
        assertEquals(-0.5, RiskStage.kelly(1, 3, 100, 300), EPS);
        assertEquals(-1.0, RiskStage.kelly(0, 5, 0, 500), "no wins");
        assertEquals(1.0, RiskStage.kelly(3, 0, 300, 0), "no losses");
        assertEquals(1.0, RiskStage.kelly(3, 2, 300, 0), "losses that cost nothing");
        assertEquals(-1.0, RiskStage.kelly(2, 2, 0, 100), "wins that paid nothing: b = 0");
    }

    /**
     * A kill switch scoped to one strategy on one instrument flattens only that strategy's position there and blocks
     * only its entries; RESUME for another strategy leaves it; RESUME for the strategy on every instrument (0)
     * lifts it. Commands naming a negative strategy or an unknown instrument are counted as invalid. Kills the scope
     * mutants of killSwitch, killed and resume (the existing test only used the global scope).
     */
    @Test
    void killSwitchScopedToAStrategyAndInstrument()
    {
        final RiskHarness h = new RiskHarness("risk:\n  reboundKillPct: 0\n  maxOpenPositions: 10\n");
        h.portfolio.open(11, STRAT, BTC, -1_000, 100.0, T0);
        h.portfolio.open(12, 8, BTC, 2_000, 100.0, T0);
        h.command(T0, OperatorCommandType.KILL_SWITCH, STRAT, BTC);
        List<RiskHarness.Order> o = h.orders();
        assertEquals(2, o.size(), o.toString());
        assertEquals(OrderAction.CANCEL, o.get(0).action());
        assertEquals(STRAT, o.get(0).strategyId());
        assertEquals(BTC, o.get(0).instrumentId());
        assertEquals(11, o.get(1).positionId(), "only the killed strategy's position is flattened");
        h.portfolio.close(11);

        h.command(T0 + MINUTE, OperatorCommandType.KILL_SWITCH, 8, 0);
        h.portfolio.close(12);
        h.clear();
        h.enter(T0 + 2 * MINUTE, true);
        assertEquals("kill_switch", h.onlyRisk().rule());
        assertEquals(RiskAction.BLOCKED, h.onlyRisk().action());

        h.clear();
        h.command(T0 + 3 * MINUTE, OperatorCommandType.RESUME, 8, 0);
        assertEquals(RiskAction.RESUMED, h.onlyRisk().action());
        assertEquals(8, h.onlyRisk().strategyId());
        h.clear();
        h.enter(T0 + 4 * MINUTE, true);
        assertEquals(RiskAction.BLOCKED, h.onlyRisk().action(), "strategy 8's resume does not lift this one");

        h.clear();
        h.command(T0 + 5 * MINUTE, OperatorCommandType.RESUME, STRAT, 0);
        assertEquals(RiskAction.RESUMED, h.onlyRisk().action());
        h.clear();
        h.enter(T0 + 6 * MINUTE, true);
        assertTrue(h.risks().isEmpty(), h.risks().toString());
        assertEquals(1, h.orders().size());

        h.command(T0 + 7 * MINUTE, OperatorCommandType.KILL_SWITCH, -1, 0);
        h.command(T0 + 7 * MINUTE, OperatorCommandType.KILL_SWITCH, 0, 999);
        assertEquals(2L, h.pre.counters().get("invalidCommands"));
        assertEquals(6L, h.pre.counters().get("operatorCommands"));
    }
}
