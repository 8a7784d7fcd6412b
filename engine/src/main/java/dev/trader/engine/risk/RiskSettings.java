package dev.trader.engine.risk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * The {@code risk:} config section of {@link RiskStage}: seed 002 section 5 (max open positions, notional cap,
 * max hold, equity floor, rebound kill + cooldown), seed 000 (cooldown after 4 losses, never 5 losses in a row,
 * fixed risk R sizing), seed 004 sections 5 and 6 and "Risk Engine Presets" (sizing caps, circuit breakers,
 * presets). Every fraction is written as a fraction: {@code 0.025} is 2.5 %. A {@code 0} turns a rule off where
 * the comment says so. Unknown keys and invalid values are refused naming the key.
 *
 * <pre>
 * risk:
 *   preset: none               # conservative | balanced | aggressive | none: sets perTradeRiskPct,
 *                              #   dailyLossStopPct, maxLeverage (0.0025/0.005/0.01, 0.015/0.025/0.035, 1.5/2/3)
 *                              #   and singleCoinCapPct 0.25; explicit keys override the preset (seed 004)
 *   barInterval: 1m            # the bars that count "bars" (cooldowns, max hold, vol windows) and drive risk-pre
 *   maxOpenPositions: 3        # open positions + working entries of the strategy on the instrument (seed 002)
 *   maxNotionalFrac: 0.10      # gross exposure + the new order &lt;= equity x frac; scale down to fit (0 = off)
 *   minPositionSize: 0         # units; smaller orders are skipped (0 = one lot of the instrument)
 *   maxHoldBars: 720           # forced MARKET exit after this many bars held (0 = off)
 *   equityFloorFrac: 0.2       # equity &lt;= initial x frac: close all, no entries for the rest of the run (0 = off)
 *   reboundKillPct: 0.02       # rebound from the rolling low (shorts) / fall from the high (longs): close all on
 *   cooldownBars: 120          #   the instrument and block its entries for cooldownBars (0 = off)
 *   lossCooldown: { afterLosses: 4, bars: 60 }   # seed 000: pause a strategy's entries (afterLosses 0 = off)
 *   maxConsecutiveLosses: 0    # seed 000 uses 5: HALT a strategy's entries once its streak could reach it (0 = off)
 *   dailyLossStopPct: 0        # equity below the UTC day's start by this: close all, halt until 00:00 UTC (0 = off)
 *   streakHalving: { afterLosses: 3 }            # size x 0.5 after this many losses in a row, until a win (0 = off)
 *   volatilityBreaker: { enabled: false, window: 240, percentile: 95, action: reduce, reduceFactor: 0.5 }
 *   singleCoinCapPct: 0        # exposure on one instrument incl. the new order &lt;= this x equity (0 = off)
 *   maxLeverage: 0             # gross exposure incl. the new order &lt;= this x equity (0 = off)
 *   perTradeRiskPct: 0         # caps fixed_risk sizing: riskAmount &lt;= this x equity (0 = off)
 *   sizing:
 *     mode: equity_fraction    # fixed_qty | fixed_notional | fixed_risk | equity_fraction | vol_target
 *     qty: 0                   # fixed_qty: units
 *     notional: 0              # fixed_notional: quote
 *     riskAmount: 10           # fixed_risk: quote lost at the stop (seed 000 risk_usdt 10)
 *     stopDistanceBps: 100     # stop distance assumed when a Decision has no stop (fixed_risk, open risk)
 *     equityFraction: 0.10     # equity_fraction: notional = equity x fraction (seed 002)
 *     targetRiskPct: 0.01      # vol_target: target_risk_usd = equity x targetRiskPct (seed 004 section 5)
 *     volWindow: 60            # vol_target and the volatility breaker: bars of log returns
 *     kellyMinTrades: 30       # vol_target: closed trades before the Kelly factor applies
 *     minTradeRiskPct: 0.005   # vol_target: single trade risk in [min, max] x equity (seed 004: 0.5-1.5 %)
 *     maxTradeRiskPct: 0.015
 * </pre>
 */
public final class RiskSettings
{
    public static final String SECTION = "risk";

    /** Seed 004 "Risk Engine Presets". */
    public enum Preset
    {
        NONE(0, 0, 0, 0),
        CONSERVATIVE(0.0025, 0.015, 1.5, 0.25),
        BALANCED(0.005, 0.025, 2.0, 0.25),
        AGGRESSIVE(0.01, 0.035, 3.0, 0.25);

        final double perTradeRiskPct;
        final double dailyLossStopPct;
        final double maxLeverage;
        final double singleCoinCapPct;

        Preset(final double perTradeRiskPct, final double dailyLossStopPct, final double maxLeverage,
            final double singleCoinCapPct)
        {
            this.perTradeRiskPct = perTradeRiskPct;
            this.dailyLossStopPct = dailyLossStopPct;
            this.maxLeverage = maxLeverage;
            this.singleCoinCapPct = singleCoinCapPct;
        }
    }

    /** Sizing modes (seed 002 PositionSizingConfig, seed 000 fixed risk R, seed 004 section 5). */
    public enum SizingMode
    {
        FIXED_QTY, FIXED_NOTIONAL, FIXED_RISK, EQUITY_FRACTION, VOL_TARGET
    }

    /** What the volatility breaker does while tripped (seed 004 section 6: "reduce size or flat"). */
    public enum VolAction
    {
        REDUCE, FLAT
    }

    Preset preset = Preset.NONE;
    Duration barInterval = Duration.ofMinutes(1);
    /** The hazard gate's name (hazard.name), followed by the rebound rule; set by the plan, not a risk key. */
    String hazardGate = "hazard";
    int maxOpenPositions = 3;
    double maxNotionalFrac = 0.10;
    double minPositionSize;
    int maxHoldBars = 720;
    double equityFloorFrac = 0.2;
    double reboundKillPct = 0.02;
    int cooldownBars = 120;
    int lossCooldownAfter = 4;
    int lossCooldownBars = 60;
    int maxConsecutiveLosses;
    double dailyLossStopPct;
    int streakHalvingAfter = 3;
    boolean volBreakerEnabled;
    int volBreakerWindow = 240;
    double volBreakerPercentile = 95;
    VolAction volBreakerAction = VolAction.REDUCE;
    double volBreakerReduceFactor = 0.5;
    double singleCoinCapPct;
    double maxLeverage;
    double perTradeRiskPct;
    SizingMode sizingMode = SizingMode.EQUITY_FRACTION;
    double sizingQty;
    double sizingNotional;
    double riskAmount = 10.0;
    double stopDistanceBps = 100.0;
    double equityFraction = 0.10;
    double targetRiskPct = 0.01;
    int volWindow = 60;
    int kellyMinTrades = 30;
    double minTradeRiskPct = 0.005;
    double maxTradeRiskPct = 0.015;

    /** Every default (preset none). */
    public static RiskSettings defaults()
    {
        return new RiskSettings();
    }

    /** Reads and validates the {@code risk} section. */
    public static RiskSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "preset", "barInterval", "maxOpenPositions", "maxNotionalFrac", "minPositionSize",
            "maxHoldBars", "equityFloorFrac", "reboundKillPct", "cooldownBars", "lossCooldown", "maxConsecutiveLosses",
            "dailyLossStopPct", "streakHalving", "volatilityBreaker", "singleCoinCapPct", "maxLeverage", "perTradeRiskPct",
            "sizing");
        final RiskSettings s = new RiskSettings();
        s.preset(config.enumOr(n, w, "preset", Preset.class, Preset.NONE));
        s.barInterval = config.durationOr(n, w, "barInterval", s.barInterval);
        s.maxOpenPositions = config.intOr(n, w, "maxOpenPositions", s.maxOpenPositions);
        s.maxNotionalFrac = config.doubleOr(n, w, "maxNotionalFrac", s.maxNotionalFrac);
        s.minPositionSize = config.doubleOr(n, w, "minPositionSize", s.minPositionSize);
        s.maxHoldBars = config.intOr(n, w, "maxHoldBars", s.maxHoldBars);
        s.equityFloorFrac = config.doubleOr(n, w, "equityFloorFrac", s.equityFloorFrac);
        s.reboundKillPct = config.doubleOr(n, w, "reboundKillPct", s.reboundKillPct);
        s.cooldownBars = config.intOr(n, w, "cooldownBars", s.cooldownBars);
        s.maxConsecutiveLosses = config.intOr(n, w, "maxConsecutiveLosses", s.maxConsecutiveLosses);
        s.dailyLossStopPct = config.doubleOr(n, w, "dailyLossStopPct", s.dailyLossStopPct);
        s.singleCoinCapPct = config.doubleOr(n, w, "singleCoinCapPct", s.singleCoinCapPct);
        s.maxLeverage = config.doubleOr(n, w, "maxLeverage", s.maxLeverage);
        s.perTradeRiskPct = config.doubleOr(n, w, "perTradeRiskPct", s.perTradeRiskPct);

        final JsonNode lc = n.path("lossCooldown");
        config.checkKeys(lc, "risk.lossCooldown", "afterLosses", "bars");
        s.lossCooldownAfter = config.intOr(lc, "risk.lossCooldown", "afterLosses", s.lossCooldownAfter);
        s.lossCooldownBars = config.intOr(lc, "risk.lossCooldown", "bars", s.lossCooldownBars);

        final JsonNode sh = n.path("streakHalving");
        config.checkKeys(sh, "risk.streakHalving", "afterLosses");
        s.streakHalvingAfter = config.intOr(sh, "risk.streakHalving", "afterLosses", s.streakHalvingAfter);

        final JsonNode vb = n.path("volatilityBreaker");
        final String vbw = "risk.volatilityBreaker";
        config.checkKeys(vb, vbw, "enabled", "window", "percentile", "action", "reduceFactor");
        s.volBreakerEnabled = config.boolOr(vb, vbw, "enabled", s.volBreakerEnabled);
        s.volBreakerWindow = config.intOr(vb, vbw, "window", s.volBreakerWindow);
        s.volBreakerPercentile = config.doubleOr(vb, vbw, "percentile", s.volBreakerPercentile);
        s.volBreakerAction = config.enumOr(vb, vbw, "action", VolAction.class, s.volBreakerAction);
        s.volBreakerReduceFactor = config.doubleOr(vb, vbw, "reduceFactor", s.volBreakerReduceFactor);

        final JsonNode sz = n.path("sizing");
        final String szw = "risk.sizing";
        config.checkKeys(sz, szw, "mode", "qty", "notional", "riskAmount", "stopDistanceBps", "equityFraction",
            "targetRiskPct", "volWindow", "kellyMinTrades", "minTradeRiskPct", "maxTradeRiskPct");
        s.sizingMode = config.enumOr(sz, szw, "mode", SizingMode.class, s.sizingMode);
        s.sizingQty = config.doubleOr(sz, szw, "qty", s.sizingQty);
        s.sizingNotional = config.doubleOr(sz, szw, "notional", s.sizingNotional);
        s.riskAmount = config.doubleOr(sz, szw, "riskAmount", s.riskAmount);
        s.stopDistanceBps = config.doubleOr(sz, szw, "stopDistanceBps", s.stopDistanceBps);
        s.equityFraction = config.doubleOr(sz, szw, "equityFraction", s.equityFraction);
        s.targetRiskPct = config.doubleOr(sz, szw, "targetRiskPct", s.targetRiskPct);
        s.volWindow = config.intOr(sz, szw, "volWindow", s.volWindow);
        s.kellyMinTrades = config.intOr(sz, szw, "kellyMinTrades", s.kellyMinTrades);
        s.minTradeRiskPct = config.doubleOr(sz, szw, "minTradeRiskPct", s.minTradeRiskPct);
        s.maxTradeRiskPct = config.doubleOr(sz, szw, "maxTradeRiskPct", s.maxTradeRiskPct);
        try
        {
            s.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        return s;
    }

    /** Sets a preset's four values (call before overriding any of them). */
    public RiskSettings preset(final Preset p)
    {
        preset = p;
        perTradeRiskPct = p.perTradeRiskPct;
        dailyLossStopPct = p.dailyLossStopPct;
        maxLeverage = p.maxLeverage;
        singleCoinCapPct = p.singleCoinCapPct;
        return this;
    }

    /** Checks every value; the message names the key ({@code risk.maxOpenPositions: must be >= 1, got 0}). */
    public RiskSettings validate()
    {
        if (barInterval.isZero() || barInterval.isNegative())
        {
            throw new IllegalArgumentException("risk.barInterval: must be positive, got " + barInterval);
        }
        atLeast("maxOpenPositions", maxOpenPositions, 1);
        fraction("maxNotionalFrac", maxNotionalFrac, 100.0);
        nonNegative("minPositionSize", minPositionSize);
        atLeast("maxHoldBars", maxHoldBars, 0);
        fraction("equityFloorFrac", equityFloorFrac, 1.0);
        fraction("reboundKillPct", reboundKillPct, 1.0);
        atLeast("cooldownBars", cooldownBars, 0);
        atLeast("lossCooldown.afterLosses", lossCooldownAfter, 0);
        atLeast("lossCooldown.bars", lossCooldownBars, 0);
        if (maxConsecutiveLosses != 0 && maxConsecutiveLosses < 2)
        {
            throw new IllegalArgumentException("risk.maxConsecutiveLosses: must be 0 (off) or >= 2, got "
                + maxConsecutiveLosses);
        }
        fraction("dailyLossStopPct", dailyLossStopPct, 1.0);
        atLeast("streakHalving.afterLosses", streakHalvingAfter, 0);
        atLeast("volatilityBreaker.window", volBreakerWindow, 2);
        if (!(volBreakerPercentile > 0 && volBreakerPercentile < 100))
        {
            throw new IllegalArgumentException("risk.volatilityBreaker.percentile: must be in (0, 100), got "
                + volBreakerPercentile);
        }
        if (!(volBreakerReduceFactor > 0 && volBreakerReduceFactor <= 1))
        {
            throw new IllegalArgumentException("risk.volatilityBreaker.reduceFactor: must be in (0, 1], got "
                + volBreakerReduceFactor);
        }
        fraction("singleCoinCapPct", singleCoinCapPct, 10.0);
        if (!(maxLeverage >= 0 && maxLeverage <= 125))
        {
            throw new IllegalArgumentException("risk.maxLeverage: must be in [0, 125] (0 = off), got " + maxLeverage);
        }
        fraction("perTradeRiskPct", perTradeRiskPct, 1.0);
        nonNegative("sizing.qty", sizingQty);
        nonNegative("sizing.notional", sizingNotional);
        nonNegative("sizing.riskAmount", riskAmount);
        if (!(stopDistanceBps > 0 && stopDistanceBps < 10_000))
        {
            throw new IllegalArgumentException("risk.sizing.stopDistanceBps: must be in (0, 10000), got " + stopDistanceBps);
        }
        fraction("sizing.equityFraction", equityFraction, 100.0);
        fraction("sizing.targetRiskPct", targetRiskPct, 1.0);
        atLeast("sizing.volWindow", volWindow, 2);
        atLeast("sizing.kellyMinTrades", kellyMinTrades, 0);
        fraction("sizing.minTradeRiskPct", minTradeRiskPct, 1.0);
        fraction("sizing.maxTradeRiskPct", maxTradeRiskPct, 1.0);
        if (minTradeRiskPct > maxTradeRiskPct)
        {
            throw new IllegalArgumentException("risk.sizing.minTradeRiskPct: must be <= maxTradeRiskPct ("
                + maxTradeRiskPct + "), got " + minTradeRiskPct);
        }
        switch (sizingMode)
        {
            case FIXED_QTY:
                positive("sizing.qty", sizingQty, "with mode fixed_qty");
                break;
            case FIXED_NOTIONAL:
                positive("sizing.notional", sizingNotional, "with mode fixed_notional");
                break;
            case FIXED_RISK:
                positive("sizing.riskAmount", riskAmount, "with mode fixed_risk");
                break;
            case EQUITY_FRACTION:
                positive("sizing.equityFraction", equityFraction, "with mode equity_fraction");
                break;
            default:
                positive("sizing.targetRiskPct", targetRiskPct, "with mode vol_target");
                break;
        }
        return this;
    }

    private static void atLeast(final String key, final int v, final int min)
    {
        if (v < min)
        {
            throw new IllegalArgumentException("risk." + key + ": must be >= " + min + ", got " + v);
        }
    }

    private static void nonNegative(final String key, final double v)
    {
        if (!(v >= 0 && Double.isFinite(v)))
        {
            throw new IllegalArgumentException("risk." + key + ": must be >= 0, got " + v);
        }
    }

    private static void positive(final String key, final double v, final String when)
    {
        if (!(v > 0))
        {
            throw new IllegalArgumentException("risk." + key + ": must be > 0 " + when + ", got " + v);
        }
    }

    /** A fraction in [0, max] (0 = off): 0.025 is 2.5 %, so a percent written as 2.5 is refused where max is 1. */
    private static void fraction(final String key, final double v, final double max)
    {
        if (!(v >= 0 && v <= max))
        {
            throw new IllegalArgumentException("risk." + key + ": must be a fraction in [0, " + max
                + "] (0.025 = 2.5 %), got " + v);
        }
    }

    public Preset preset()
    {
        return preset;
    }

    public Duration barInterval()
    {
        return barInterval;
    }

    /** The GateChange gate the rebound rule follows: the plan's hazard gate ({@code hazard.name}, default hazard). */
    public String hazardGate()
    {
        return hazardGate;
    }

    public RiskSettings hazardGate(final String v)
    {
        hazardGate = v;
        return this;
    }

    public int maxOpenPositions()
    {
        return maxOpenPositions;
    }

    public double maxNotionalFrac()
    {
        return maxNotionalFrac;
    }

    public double minPositionSize()
    {
        return minPositionSize;
    }

    public int maxHoldBars()
    {
        return maxHoldBars;
    }

    public double equityFloorFrac()
    {
        return equityFloorFrac;
    }

    public double reboundKillPct()
    {
        return reboundKillPct;
    }

    public int cooldownBars()
    {
        return cooldownBars;
    }

    public int lossCooldownAfter()
    {
        return lossCooldownAfter;
    }

    public int lossCooldownBars()
    {
        return lossCooldownBars;
    }

    public int maxConsecutiveLosses()
    {
        return maxConsecutiveLosses;
    }

    public double dailyLossStopPct()
    {
        return dailyLossStopPct;
    }

    public int streakHalvingAfter()
    {
        return streakHalvingAfter;
    }

    public boolean volBreakerEnabled()
    {
        return volBreakerEnabled;
    }

    public int volBreakerWindow()
    {
        return volBreakerWindow;
    }

    public double volBreakerPercentile()
    {
        return volBreakerPercentile;
    }

    public VolAction volBreakerAction()
    {
        return volBreakerAction;
    }

    public double volBreakerReduceFactor()
    {
        return volBreakerReduceFactor;
    }

    public double singleCoinCapPct()
    {
        return singleCoinCapPct;
    }

    public double maxLeverage()
    {
        return maxLeverage;
    }

    public double perTradeRiskPct()
    {
        return perTradeRiskPct;
    }

    public SizingMode sizingMode()
    {
        return sizingMode;
    }

    public double sizingQty()
    {
        return sizingQty;
    }

    public double sizingNotional()
    {
        return sizingNotional;
    }

    public double riskAmount()
    {
        return riskAmount;
    }

    public double stopDistanceBps()
    {
        return stopDistanceBps;
    }

    public double equityFraction()
    {
        return equityFraction;
    }

    public double targetRiskPct()
    {
        return targetRiskPct;
    }

    public int volWindow()
    {
        return volWindow;
    }

    public int kellyMinTrades()
    {
        return kellyMinTrades;
    }

    public double minTradeRiskPct()
    {
        return minTradeRiskPct;
    }

    public double maxTradeRiskPct()
    {
        return maxTradeRiskPct;
    }
}
