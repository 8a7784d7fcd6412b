package dev.trader.strategies.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.strategies.binance.BinanceLongLabelSettings;
import dev.trader.strategies.binance.MaintenanceMarginTiers;
import dev.trader.strategies.binance.TradingFees;

import java.time.Duration;

/**
 * Parameters of {@link BinanceLongStrategy} (type {@code binance_long}); defaults are seed 000 (section 0 decision
 * rule, section 1 {@code labeling:} and {@code thresholding.p_star_init}, section 5 {@code policy_sizing.py}):
 *
 * <pre>
 * - type: binance_long
 *   id: 2
 *   instrument: binance-usdm:BTCUSDT
 *   modelId: 0                 # the ModelScore.modelId to read (the model manifest's id)
 *   pwinOutput: 0              # index into the score's outputs: with a manifest's default head, output 0 is
 *                              # probabilities[:, positiveClassIndex] (predict_proba[:, 1] of a sklearn model)
 *   pStar: 0.55                # trade only if P(win) >= p*
 *   riskUsdt: 10.0             # M
 *   leverage: 55.0             # L
 *   takerFee: 0.00045          # Ft
 *   makerFee: 0.00018          # Fm (only with takerBothSides: false)
 *   targetPnlUsdt: 15.0        # net take-profit target
 *   takerBothSides: true
 *   mmrRate: 0.004             # the seed's flat maintenance margin fallback
 *   mmrTiers:                  # optional Binance brackets instead (not both)
 *     - { notionalFloor: 0, notionalCap: 50000, rate: 0.004, amount: 0 }
 *     - { notionalFloor: 50000, notionalCap: inf, rate: 0.005, amount: 50 }
 *   barInterval: 1m            # the bars whose close is the reference price of a score
 *   skipOnRegimeBreak: true    # seed 000 filters.skip_on_regime_break: no entry on a bar flagged regimeBreak
 *   atrPctMax: 0.03            # seed 000 filters.atr_pct_max: no entry while ATR(atrWindow) / close > it (0 = off)
 *   atrWindow: 14              # bars in the ATR (simple mean of true ranges as lean_v1's atr_14,
 *                              but over barInterval bars and with the first bar's range counted)
 * </pre>
 */
public final class BinanceLongSettings
{
    static final String[] KEYS = {"modelId", "pwinOutput", "pStar", "riskUsdt", "leverage", "takerFee", "makerFee",
        "targetPnlUsdt", "takerBothSides", "mmrRate", "mmrTiers", "barInterval", "skipOnRegimeBreak", "atrPctMax", "atrWindow"};

    int modelId;
    int pwinOutput;
    double pStar = 0.55;
    double riskUsdt = 10.0;
    double leverage = 55.0;
    TradingFees fees = TradingFees.SEED_DEFAULT;
    double targetPnlUsdt = 15.0;
    boolean takerBothSides = true;
    MaintenanceMarginTiers tiers = MaintenanceMarginTiers.flat(MaintenanceMarginTiers.SEED_FALLBACK_RATE);
    Duration barInterval = Duration.ofMinutes(1);
    boolean skipOnRegimeBreak = true;
    double atrPctMax = 0.03;
    int atrWindow = 14;

    /** Seed 000's defaults. */
    public static BinanceLongSettings defaults()
    {
        return new BinanceLongSettings();
    }

    static BinanceLongSettings from(final TraderConfig config, final JsonNode n, final String where)
    {
        final String at = config.file() + ": " + where;
        final BinanceLongSettings s = new BinanceLongSettings();
        s.modelId = config.intOr(n, where, "modelId", s.modelId);
        s.pwinOutput = config.intOr(n, where, "pwinOutput", s.pwinOutput);
        s.pStar = config.doubleOr(n, where, "pStar", s.pStar);
        s.riskUsdt = config.doubleOr(n, where, "riskUsdt", s.riskUsdt);
        s.leverage = config.doubleOr(n, where, "leverage", s.leverage);
        final double taker = config.doubleOr(n, where, "takerFee", s.fees.taker());
        final double maker = config.doubleOr(n, where, "makerFee", s.fees.maker());
        if (!(taker >= 0 && taker < 1))
        {
            throw new IllegalArgumentException(at + ".takerFee: must be in [0, 1), got " + taker);
        }
        if (!(maker >= 0 && maker < 1))
        {
            throw new IllegalArgumentException(at + ".makerFee: must be in [0, 1), got " + maker);
        }
        s.fees = new TradingFees(taker, maker);
        s.targetPnlUsdt = config.doubleOr(n, where, "targetPnlUsdt", s.targetPnlUsdt);
        s.takerBothSides = config.boolOr(n, where, "takerBothSides", s.takerBothSides);
        s.tiers = BinanceLongLabelSettings.tiers(config, n, where, "mmrTiers", "mmrRate");
        s.barInterval = config.durationOr(n, where, "barInterval", s.barInterval);
        s.skipOnRegimeBreak = config.boolOr(n, where, "skipOnRegimeBreak", s.skipOnRegimeBreak);
        s.atrPctMax = config.doubleOr(n, where, "atrPctMax", s.atrPctMax);
        s.atrWindow = config.intOr(n, where, "atrWindow", s.atrWindow);
        s.validate(at);
        return s;
    }

    /** Checks every value; a message names the key ({@code where.key: ...}). */
    public BinanceLongSettings validate(final String where)
    {
        if (pwinOutput < 0 || pwinOutput >= ScoreView.CAPACITY)
        {
            throw new IllegalArgumentException(where + ".pwinOutput: must be in [0, " + ScoreView.CAPACITY + "), got " + pwinOutput);
        }
        if (!(pStar >= 0.0 && pStar <= 1.0))
        {
            throw new IllegalArgumentException(where + ".pStar: must be in [0, 1], got " + pStar);
        }
        if (!(riskUsdt > 0) || Double.isInfinite(riskUsdt))
        {
            throw new IllegalArgumentException(where + ".riskUsdt: must be > 0, got " + riskUsdt);
        }
        if (!(leverage >= 1.0) || leverage > 1000.0)
        {
            throw new IllegalArgumentException(where + ".leverage: must be in [1, 1000], got " + leverage);
        }
        if (!(targetPnlUsdt > 0) || Double.isInfinite(targetPnlUsdt))
        {
            throw new IllegalArgumentException(where + ".targetPnlUsdt: must be > 0, got " + targetPnlUsdt);
        }
        if (barInterval == null || barInterval.isNegative() || barInterval.isZero())
        {
            throw new IllegalArgumentException(where + ".barInterval: must be positive, got " + barInterval);
        }
        if (!(atrPctMax >= 0.0) || Double.isInfinite(atrPctMax))
        {
            throw new IllegalArgumentException(where + ".atrPctMax: must be >= 0 (0 = off), got " + atrPctMax);
        }
        if (atrWindow < 1 || atrWindow > 10_000)
        {
            throw new IllegalArgumentException(where + ".atrWindow: must be in [1, 10000], got " + atrWindow);
        }
        if (fees == null || tiers == null)
        {
            throw new IllegalArgumentException(where + ": fees and maintenance margin tiers are required");
        }
        return this;
    }

    public BinanceLongSettings modelId(final int v)
    {
        modelId = v;
        return this;
    }

    public BinanceLongSettings pwinOutput(final int v)
    {
        pwinOutput = v;
        return this;
    }

    public BinanceLongSettings pStar(final double v)
    {
        pStar = v;
        return this;
    }

    public BinanceLongSettings riskUsdt(final double v)
    {
        riskUsdt = v;
        return this;
    }

    public BinanceLongSettings leverage(final double v)
    {
        leverage = v;
        return this;
    }

    public BinanceLongSettings fees(final TradingFees v)
    {
        fees = v;
        return this;
    }

    public BinanceLongSettings targetPnlUsdt(final double v)
    {
        targetPnlUsdt = v;
        return this;
    }

    public BinanceLongSettings takerBothSides(final boolean v)
    {
        takerBothSides = v;
        return this;
    }

    public BinanceLongSettings tiers(final MaintenanceMarginTiers v)
    {
        tiers = v;
        return this;
    }

    public BinanceLongSettings barInterval(final Duration v)
    {
        barInterval = v;
        return this;
    }

    public BinanceLongSettings skipOnRegimeBreak(final boolean v)
    {
        skipOnRegimeBreak = v;
        return this;
    }

    public BinanceLongSettings atrPctMax(final double v)
    {
        atrPctMax = v;
        return this;
    }

    public BinanceLongSettings atrWindow(final int v)
    {
        atrWindow = v;
        return this;
    }

    public boolean skipOnRegimeBreak()
    {
        return skipOnRegimeBreak;
    }

    public double atrPctMax()
    {
        return atrPctMax;
    }

    public int atrWindow()
    {
        return atrWindow;
    }

    public int modelId()
    {
        return modelId;
    }

    public int pwinOutput()
    {
        return pwinOutput;
    }

    public double pStar()
    {
        return pStar;
    }

    public double riskUsdt()
    {
        return riskUsdt;
    }

    public double leverage()
    {
        return leverage;
    }

    public TradingFees fees()
    {
        return fees;
    }

    public double targetPnlUsdt()
    {
        return targetPnlUsdt;
    }

    public boolean takerBothSides()
    {
        return takerBothSides;
    }

    public MaintenanceMarginTiers tiers()
    {
        return tiers;
    }

    public Duration barInterval()
    {
        return barInterval;
    }
}
