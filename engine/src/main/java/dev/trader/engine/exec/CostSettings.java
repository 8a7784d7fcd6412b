package dev.trader.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.FeeSchedule;

import java.time.Duration;

/**
 * The {@code costs:} config section: the ex-ante cost model of seed 004 section 4 ("Full Cost Model") and the fee
 * rates of seed 000 (taker 0.00045, maker 0.00018), which the paper venue charges too ({@link #fees()}).
 *
 * <pre>
 * costs:
 *   enabled: true              # false: the cost gate passes every Decision (costs are still computed)
 *   takerFee: 0.00045          # fee rate on notional, taker (seed 000)
 *   makerFee: 0.00018          # fee rate on notional, maker (seed 000)
 *   impactBps: 5.0             # market_impact = sqrt(participation) x impactBps (seed 004: x 5 bps)
 *   participationWindow: 1m    # the bar interval whose volume is the participation denominator
 *   assumedSpreadBps: 1.0      # full spread assumed when no trusted book (half of it is charged)
 *   fundingBpsPer8h: 1.0       # funding = fundingBpsPer8h x hours_held / 8 (seed 004)
 *   expectedHold: 1h           # hours_held of the funding term (also the vol_target sizing horizon)
 *   latencyMs: 0.0             # penalty = latencyMs / 10 x 0.1 bps (seed 004)
 *   safetyMarginBps: 3.0       # reject when expected_edge - total_costs &lt; safetyMarginBps (seed 004)
 * </pre>
 */
public final class CostSettings
{
    public static final String SECTION = "costs";

    private boolean enabled = true;
    private double takerFee = FeeSchedule.SEED_000.taker();
    private double makerFee = FeeSchedule.SEED_000.maker();
    private double impactBps = 5.0;
    private Duration participationWindow = Duration.ofMinutes(1);
    private double assumedSpreadBps = 1.0;
    private double fundingBpsPer8h = 1.0;
    private Duration expectedHold = Duration.ofHours(1);
    private double latencyMs = 0.0;
    private double safetyMarginBps = 3.0;

    /** Every default above. */
    public static CostSettings defaults()
    {
        return new CostSettings();
    }

    /** Reads and validates the {@code costs} section (unknown keys and invalid values are refused, naming the key). */
    public static CostSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "enabled", "takerFee", "makerFee", "impactBps", "participationWindow", "assumedSpreadBps",
            "fundingBpsPer8h", "expectedHold", "latencyMs", "safetyMarginBps");
        final CostSettings s = new CostSettings();
        s.enabled = config.boolOr(n, w, "enabled", s.enabled);
        s.takerFee = config.doubleOr(n, w, "takerFee", s.takerFee);
        s.makerFee = config.doubleOr(n, w, "makerFee", s.makerFee);
        s.impactBps = config.doubleOr(n, w, "impactBps", s.impactBps);
        s.participationWindow = config.durationOr(n, w, "participationWindow", s.participationWindow);
        s.assumedSpreadBps = config.doubleOr(n, w, "assumedSpreadBps", s.assumedSpreadBps);
        s.fundingBpsPer8h = config.doubleOr(n, w, "fundingBpsPer8h", s.fundingBpsPer8h);
        s.expectedHold = config.durationOr(n, w, "expectedHold", s.expectedHold);
        s.latencyMs = config.doubleOr(n, w, "latencyMs", s.latencyMs);
        s.safetyMarginBps = config.doubleOr(n, w, "safetyMarginBps", s.safetyMarginBps);
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

    /** Checks every value; the message names the key. */
    public CostSettings validate()
    {
        if (!(takerFee >= 0 && takerFee < 0.1))
        {
            throw new IllegalArgumentException("costs.takerFee: must be in [0, 0.1), got " + takerFee);
        }
        if (!(makerFee > -0.1 && makerFee < 0.1))
        {
            throw new IllegalArgumentException("costs.makerFee: must be in (-0.1, 0.1), got " + makerFee);
        }
        requireNonNegative("impactBps", impactBps);
        requireNonNegative("assumedSpreadBps", assumedSpreadBps);
        requireNonNegative("latencyMs", latencyMs);
        requireNonNegative("safetyMarginBps", safetyMarginBps);
        if (!Double.isFinite(fundingBpsPer8h))
        {
            throw new IllegalArgumentException("costs.fundingBpsPer8h: must be a number, got " + fundingBpsPer8h);
        }
        return this;
    }

    private static void requireNonNegative(final String key, final double v)
    {
        if (!(v >= 0 && Double.isFinite(v)))
        {
            throw new IllegalArgumentException("costs." + key + ": must be >= 0, got " + v);
        }
    }

    /** The fee schedule the venue charges and the cost model assumes. */
    public FeeSchedule fees()
    {
        return new FeeSchedule(takerFee, makerFee);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public double takerFee()
    {
        return takerFee;
    }

    public double makerFee()
    {
        return makerFee;
    }

    public double impactBps()
    {
        return impactBps;
    }

    public Duration participationWindow()
    {
        return participationWindow;
    }

    public double assumedSpreadBps()
    {
        return assumedSpreadBps;
    }

    public double fundingBpsPer8h()
    {
        return fundingBpsPer8h;
    }

    public Duration expectedHold()
    {
        return expectedHold;
    }

    public double latencyMs()
    {
        return latencyMs;
    }

    public double safetyMarginBps()
    {
        return safetyMarginBps;
    }

    public CostSettings enabled(final boolean v)
    {
        enabled = v;
        return this;
    }

    public CostSettings takerFee(final double v)
    {
        takerFee = v;
        return this;
    }

    public CostSettings makerFee(final double v)
    {
        makerFee = v;
        return this;
    }

    public CostSettings impactBps(final double v)
    {
        impactBps = v;
        return this;
    }

    public CostSettings participationWindow(final Duration v)
    {
        participationWindow = v;
        return this;
    }

    public CostSettings assumedSpreadBps(final double v)
    {
        assumedSpreadBps = v;
        return this;
    }

    public CostSettings fundingBpsPer8h(final double v)
    {
        fundingBpsPer8h = v;
        return this;
    }

    public CostSettings expectedHold(final Duration v)
    {
        expectedHold = v;
        return this;
    }

    public CostSettings latencyMs(final double v)
    {
        latencyMs = v;
        return this;
    }

    public CostSettings safetyMarginBps(final double v)
    {
        safetyMarginBps = v;
        return this;
    }
}
