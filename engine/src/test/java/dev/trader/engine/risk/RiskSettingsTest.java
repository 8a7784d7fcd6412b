package dev.trader.engine.risk;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code risk} section: defaults, seed 004 presets and overrides, errors naming the key. */
class RiskSettingsTest
{
    private static final double EPS = 1e-12;

    private static RiskSettings read(final String yaml)
    {
        return RiskSettings.from(RiskHarness.config(yaml));
    }

    private static String error(final String yaml)
    {
        return assertThrows(IllegalArgumentException.class, () -> read(yaml)).getMessage();
    }

    @Test
    void shouldDefaultToSeed002ValuesWithPresetNone()
    {
        final RiskSettings s = read("risk: {}\n");
        assertEquals(RiskSettings.Preset.NONE, s.preset());
        assertEquals(Duration.ofMinutes(1), s.barInterval());
        assertEquals(3, s.maxOpenPositions());
        assertEquals(0.10, s.maxNotionalFrac(), EPS);
        assertEquals(720, s.maxHoldBars());
        assertEquals(0.2, s.equityFloorFrac(), EPS);
        assertEquals(0.02, s.reboundKillPct(), EPS);
        assertEquals(120, s.cooldownBars());
        assertEquals(4, s.lossCooldownAfter());
        assertEquals(60, s.lossCooldownBars());
        assertEquals(0, s.maxConsecutiveLosses());
        assertEquals(3, s.streakHalvingAfter());
        assertEquals(0.0, s.dailyLossStopPct(), EPS);
        assertEquals(0.0, s.maxLeverage(), EPS);
        assertEquals(RiskSettings.SizingMode.EQUITY_FRACTION, s.sizingMode());
        assertEquals(0.10, s.equityFraction(), EPS);
        assertEquals(240, s.volBreakerWindow());
        assertEquals(95, s.volBreakerPercentile(), EPS);
    }

    @Test
    void shouldSetPresetValuesAndLetExplicitKeysOverride()
    {
        final RiskSettings c = read("risk:\n  preset: conservative\n");
        assertEquals(0.0025, c.perTradeRiskPct(), EPS);
        assertEquals(0.015, c.dailyLossStopPct(), EPS);
        assertEquals(1.5, c.maxLeverage(), EPS);
        assertEquals(0.25, c.singleCoinCapPct(), EPS);
        final RiskSettings b = read("risk:\n  preset: balanced\n");
        assertEquals(0.005, b.perTradeRiskPct(), EPS);
        assertEquals(0.025, b.dailyLossStopPct(), EPS);
        assertEquals(2.0, b.maxLeverage(), EPS);
        final RiskSettings a = read("risk:\n  preset: aggressive\n  maxLeverage: 2.5\n");
        assertEquals(0.01, a.perTradeRiskPct(), EPS);
        assertEquals(0.035, a.dailyLossStopPct(), EPS);
        assertEquals(2.5, a.maxLeverage(), EPS); // override wins over the preset's 3
        assertEquals(0.25, a.singleCoinCapPct(), EPS);
    }

    @Test
    void shouldNameTheKeyOfEveryInvalidValue()
    {
        assertTrue(error("risk:\n  maxOpenPositions: 0\n").contains("risk.maxOpenPositions: must be >= 1, got 0"));
        assertTrue(error("risk:\n  dailyLossStopPct: 2.5\n").contains("risk.dailyLossStopPct: must be a fraction"));
        assertTrue(error("risk:\n  preset: reckless\n").contains("risk.preset: unknown value 'reckless'; known: none, conservative, balanced, aggressive"));
        assertTrue(error("risk:\n  maxConsecutiveLosses: 1\n").contains("risk.maxConsecutiveLosses"));
        assertTrue(error("risk:\n  sizing:\n    mode: martingale\n").contains("risk.sizing.mode: unknown value 'martingale'; known: fixed_qty, fixed_notional, fixed_risk, equity_fraction, vol_target"));
        assertTrue(error("risk:\n  sizing:\n    mode: fixed_qty\n").contains("risk.sizing.qty: must be > 0 with mode fixed_qty"));
        assertTrue(error("risk:\n  volatilityBreaker:\n    percentile: 100\n").contains("risk.volatilityBreaker.percentile"));
        assertTrue(error("risk:\n  lossCooldown:\n    after: 4\n").contains("risk.lossCooldown: unknown key 'after'"));
        assertTrue(error("risk:\n  maxHold: 10\n").contains("risk: unknown key 'maxHold'"));
        assertTrue(error("risk:\n  sizing:\n    minTradeRiskPct: 0.02\n").contains("risk.sizing.minTradeRiskPct"));
    }
}
