package dev.trader.engine.risk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code risk:} key exactly on its limit is accepted and read back; one step beyond is refused with the key's
 * name. The mutation profile (issue #18) found most of {@link RiskSettings#validate()}'s checks removable without a
 * failing test.
 */
class RiskSettingsLimitsTest
{
    private static RiskSettings read(final String yaml)
    {
        return RiskSettings.from(RiskHarness.config(yaml));
    }

    @Test
    void shouldAcceptEveryKeyOnItsLimit()
    {
        final RiskSettings s = read("""
            risk:
              barInterval: 1s
              maxOpenPositions: 1
              maxNotionalFrac: 100
              minPositionSize: 0
              maxHoldBars: 0
              equityFloorFrac: 1
              reboundKillPct: 1
              cooldownBars: 0
              lossCooldown: { afterLosses: 0, bars: 0 }
              maxConsecutiveLosses: 2
              dailyLossStopPct: 1
              streakHalving: { afterLosses: 0 }
              volatilityBreaker: { enabled: true, window: 2, percentile: 99.9, action: flat, reduceFactor: 1 }
              singleCoinCapPct: 10
              maxLeverage: 125
              perTradeRiskPct: 1
              sizing:
                mode: fixed_qty
                qty: 0.001
                notional: 0
                riskAmount: 0
                stopDistanceBps: 9999
                equityFraction: 100
                targetRiskPct: 1
                volWindow: 2
                kellyMinTrades: 0
                minTradeRiskPct: 1
                maxTradeRiskPct: 1
            """);
        assertEquals(Duration.ofSeconds(1), s.barInterval());
        assertEquals(1, s.maxOpenPositions());
        assertEquals(100.0, s.maxNotionalFrac());
        assertEquals(0, s.maxHoldBars());
        assertEquals(1.0, s.equityFloorFrac());
        assertEquals(1.0, s.reboundKillPct());
        assertEquals(2, s.maxConsecutiveLosses());
        assertTrue(s.volBreakerEnabled());
        assertEquals(2, s.volBreakerWindow());
        assertEquals(99.9, s.volBreakerPercentile());
        assertEquals(RiskSettings.VolAction.FLAT, s.volBreakerAction());
        assertEquals(1.0, s.volBreakerReduceFactor());
        assertEquals(10.0, s.singleCoinCapPct());
        assertEquals(125.0, s.maxLeverage());
        assertEquals(RiskSettings.SizingMode.FIXED_QTY, s.sizingMode());
        assertEquals(0.001, s.sizingQty());
        assertEquals(9999.0, s.stopDistanceBps());
        assertEquals(100.0, s.equityFraction());
        assertEquals(0, s.kellyMinTrades());
        assertEquals(1.0, s.minTradeRiskPct());
        assertSame(s, s.validate());
        assertEquals("hazard", s.hazardGate());
        assertEquals("regime", s.hazardGate("regime").hazardGate());

        final RiskSettings d = read("risk: {}\n");
        assertFalse(d.volBreakerEnabled());
        assertEquals(30, d.kellyMinTrades());
        assertEquals(0, read("risk:\n  maxConsecutiveLosses: 0\n").maxConsecutiveLosses(), "0 = off");
    }

    /** Each value one step beyond its limit, and the start of the message that names it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxNotionalFrac: 100.01                           | risk.maxNotionalFrac: must be a fraction in [0, 100.0]",
        "maxNotionalFrac: -0.01                            | risk.maxNotionalFrac: must be a fraction",
        "minPositionSize: -0.001                           | risk.minPositionSize: must be >= 0",
        "maxHoldBars: -1                                   | risk.maxHoldBars: must be >= 0, got -1",
        "equityFloorFrac: 1.01                             | risk.equityFloorFrac: must be a fraction in [0, 1.0]",
        "reboundKillPct: 1.01                              | risk.reboundKillPct: must be a fraction",
        "cooldownBars: -1                                  | risk.cooldownBars: must be >= 0",
        "lossCooldown: { afterLosses: -1 }                 | risk.lossCooldown.afterLosses: must be >= 0",
        "lossCooldown: { bars: -1 }                        | risk.lossCooldown.bars: must be >= 0",
        "maxConsecutiveLosses: -1                          | risk.maxConsecutiveLosses: must be 0 (off) or >= 2, got -1",
        "dailyLossStopPct: 1.01                            | risk.dailyLossStopPct: must be a fraction",
        "streakHalving: { afterLosses: -1 }                | risk.streakHalving.afterLosses: must be >= 0",
        "volatilityBreaker: { window: 1 }                  | risk.volatilityBreaker.window: must be >= 2, got 1",
        "volatilityBreaker: { percentile: 0 }              | risk.volatilityBreaker.percentile: must be in (0, 100)",
        "volatilityBreaker: { reduceFactor: 0 }            | risk.volatilityBreaker.reduceFactor: must be in (0, 1]",
        "volatilityBreaker: { reduceFactor: 1.01 }         | risk.volatilityBreaker.reduceFactor: must be in (0, 1]",
        "singleCoinCapPct: 10.01                           | risk.singleCoinCapPct: must be a fraction in [0, 10.0]",
        "maxLeverage: 125.01                               | risk.maxLeverage: must be in [0, 125]",
        "maxLeverage: -0.01                                | risk.maxLeverage: must be in [0, 125]",
        "perTradeRiskPct: 1.01                             | risk.perTradeRiskPct: must be a fraction",
        "sizing: { qty: -1 }                               | risk.sizing.qty: must be >= 0",
        "sizing: { notional: -1 }                          | risk.sizing.notional: must be >= 0",
        "sizing: { riskAmount: -1 }                        | risk.sizing.riskAmount: must be >= 0",
        "sizing: { stopDistanceBps: 0 }                    | risk.sizing.stopDistanceBps: must be in (0, 10000)",
        "sizing: { stopDistanceBps: 10000 }                | risk.sizing.stopDistanceBps: must be in (0, 10000)",
        "sizing: { equityFraction: 100.01 }                | risk.sizing.equityFraction: must be a fraction",
        "sizing: { targetRiskPct: 1.01 }                   | risk.sizing.targetRiskPct: must be a fraction",
        "sizing: { volWindow: 1 }                          | risk.sizing.volWindow: must be >= 2, got 1",
        "sizing: { kellyMinTrades: -1 }                    | risk.sizing.kellyMinTrades: must be >= 0",
        "sizing: { minTradeRiskPct: 1.01 }                 | risk.sizing.minTradeRiskPct: must be a fraction",
        "sizing: { maxTradeRiskPct: 1.01 }                 | risk.sizing.maxTradeRiskPct: must be a fraction",
        "sizing: { mode: fixed_notional }                  | risk.sizing.notional: must be > 0 with mode fixed_notional",
        "sizing: { mode: fixed_risk, riskAmount: 0 }       | risk.sizing.riskAmount: must be > 0 with mode fixed_risk",
        "sizing: { mode: equity_fraction, equityFraction: 0 } | risk.sizing.equityFraction: must be > 0 with mode equity_fraction",
        "sizing: { mode: vol_target, targetRiskPct: 0 }    | risk.sizing.targetRiskPct: must be > 0 with mode vol_target",
        "lossCooldown: { after: 1 }                        | risk.lossCooldown: unknown key 'after'",
        "streakHalving: { after: 1 }                       | risk.streakHalving: unknown key 'after'",
        "volatilityBreaker: { pct: 1 }                     | risk.volatilityBreaker: unknown key 'pct'",
        "sizing: { risk: 1 }                               | risk.sizing: unknown key 'risk'",
    })
    void shouldRefuseOneStepBeyondEachLimitNamingTheKey(final String line, final String message)
    {
        final String error = assertThrows(IllegalArgumentException.class, () -> read("risk:\n  " + line + "\n"))
            .getMessage();
        assertTrue(error.contains(message), error);
    }
}
