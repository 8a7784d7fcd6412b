package dev.trader.strategies.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * Parameters of {@link MomentumShortStrategy} (type {@code momentum_short}), defaults from seed 002 section 3 and
 * its validated runs ({@code ht0p6_dtm0p003_sl0p008_tpnone_..._rb6}):
 *
 * <pre>
 * - type: momentum_short
 *   id: 1
 *   instrument: binance-spot:FLOKIUSDT
 *   barInterval: 5s            # bars the strategy runs on
 *   rollingBars: 6             # rolling return over the last 6 bar returns (30 s)
 *   downsideThreshold: -0.003  # enter when the rolling return is below it
 *   hazardGate: hazard         # GateChange gate name whose latest state gates entries (UNKNOWN/CLOSED = closed)
 *   requireHazard: true        # false: ignore the gate (no gate condition, no hazard-off exits)
 *   stopLoss: 0.008            # exit when close >= entry x (1 + stopLoss)
 *   takeProfit: null           # null = none; else exit when close <= entry x (1 - takeProfit)
 *   maxHoldBars: 720           # exit when held bars >= this; 0 = off
 *   exitOnHazardOff: true      # close every position when the gate is not open
 *   qty: 0                     # in instrument units, on the lot grid; 0 = the risk stage sizes it
 *   maxEntriesPerBar: 1
 * </pre>
 */
public final class MomentumShortSettings
{
    static final String[] KEYS = {"barInterval", "rollingBars", "downsideThreshold", "hazardGate", "requireHazard",
        "stopLoss", "takeProfit", "maxHoldBars", "exitOnHazardOff", "qty", "maxEntriesPerBar"};
    /** Longest rolling window accepted (one day of 5 s bars). */
    static final int MAX_ROLLING_BARS = 17_280;

    Duration barInterval = Duration.ofSeconds(5);
    int rollingBars = 6;
    double downsideThreshold = -0.003;
    String hazardGate = "hazard";
    boolean requireHazard = true;
    double stopLoss = 0.008;
    double takeProfit = Double.NaN;
    int maxHoldBars = 720;
    boolean exitOnHazardOff = true;
    long qtyMantissa;
    int maxEntriesPerBar = 1;

    /** Seed 002's defaults. */
    public static MomentumShortSettings defaults()
    {
        return new MomentumShortSettings();
    }

    /**
     * Reads the type's keys of one {@code strategies[i]} mapping (the common keys are checked by the caller).
     *
     * @param where e.g. {@code strategies[0]}, prefixed to every message
     */
    static MomentumShortSettings from(final TraderConfig config, final JsonNode n, final String where,
        final Instrument instrument)
    {
        final MomentumShortSettings s = new MomentumShortSettings();
        s.barInterval = config.durationOr(n, where, "barInterval", s.barInterval);
        s.rollingBars = config.intOr(n, where, "rollingBars", s.rollingBars);
        s.downsideThreshold = config.doubleOr(n, where, "downsideThreshold", s.downsideThreshold);
        s.hazardGate = config.textOr(n, where, "hazardGate", s.hazardGate);
        s.requireHazard = config.boolOr(n, where, "requireHazard", s.requireHazard);
        s.stopLoss = config.doubleOr(n, where, "stopLoss", s.stopLoss);
        final JsonNode tp = n.get("takeProfit");
        s.takeProfit = tp == null || tp.isNull() ? Double.NaN : config.doubleOr(n, where, "takeProfit", Double.NaN);
        s.maxHoldBars = config.intOr(n, where, "maxHoldBars", s.maxHoldBars);
        s.exitOnHazardOff = config.boolOr(n, where, "exitOnHazardOff", s.exitOnHazardOff);
        s.qtyMantissa = StrategySettings.qtyMantissa(config, n, where, "qty", instrument);
        s.maxEntriesPerBar = config.intOr(n, where, "maxEntriesPerBar", s.maxEntriesPerBar);
        s.validate(config.file() + ": " + where);
        return s;
    }

    /**
     * Checks every value; a message names the key, e.g. {@code strategies[0].rollingBars: must be >= 1, got 0}.
     *
     * @param where prefix of the key in messages
     */
    public MomentumShortSettings validate(final String where)
    {
        if (barInterval == null || barInterval.isNegative() || barInterval.isZero())
        {
            throw new IllegalArgumentException(where + ".barInterval: must be positive, got " + barInterval);
        }
        if (rollingBars < 1 || rollingBars > MAX_ROLLING_BARS)
        {
            throw new IllegalArgumentException(where + ".rollingBars: must be >= 1 and <= " + MAX_ROLLING_BARS + ", got " + rollingBars);
        }
        if (!(downsideThreshold > -1.0 && downsideThreshold < 1.0))
        {
            throw new IllegalArgumentException(where + ".downsideThreshold: must be in (-1, 1), got " + downsideThreshold);
        }
        StrategySettings.checkKey24(where + ".hazardGate", hazardGate);
        if (!(stopLoss > 0.0) || Double.isInfinite(stopLoss))
        {
            throw new IllegalArgumentException(where + ".stopLoss: must be > 0, got " + stopLoss);
        }
        if (!Double.isNaN(takeProfit) && !(takeProfit > 0.0 && takeProfit < 1.0))
        {
            throw new IllegalArgumentException(where + ".takeProfit: must be in (0, 1) or null, got " + takeProfit);
        }
        if (maxHoldBars < 0)
        {
            throw new IllegalArgumentException(where + ".maxHoldBars: must be >= 0 (0 = off), got " + maxHoldBars);
        }
        if (qtyMantissa < 0)
        {
            throw new IllegalArgumentException(where + ".qty: must be >= 0, got mantissa " + qtyMantissa);
        }
        if (maxEntriesPerBar < 1)
        {
            throw new IllegalArgumentException(where + ".maxEntriesPerBar: must be >= 1, got " + maxEntriesPerBar);
        }
        return this;
    }

    public MomentumShortSettings barInterval(final Duration v)
    {
        barInterval = v;
        return this;
    }

    public MomentumShortSettings rollingBars(final int v)
    {
        rollingBars = v;
        return this;
    }

    public MomentumShortSettings downsideThreshold(final double v)
    {
        downsideThreshold = v;
        return this;
    }

    public MomentumShortSettings hazardGate(final String v)
    {
        hazardGate = v;
        return this;
    }

    public MomentumShortSettings requireHazard(final boolean v)
    {
        requireHazard = v;
        return this;
    }

    public MomentumShortSettings stopLoss(final double v)
    {
        stopLoss = v;
        return this;
    }

    /** NaN = none. */
    public MomentumShortSettings takeProfit(final double v)
    {
        takeProfit = v;
        return this;
    }

    public MomentumShortSettings maxHoldBars(final int v)
    {
        maxHoldBars = v;
        return this;
    }

    public MomentumShortSettings exitOnHazardOff(final boolean v)
    {
        exitOnHazardOff = v;
        return this;
    }

    /** Qty mantissa at the instrument's qty exponent; 0 = the risk stage sizes it. */
    public MomentumShortSettings qtyMantissa(final long v)
    {
        qtyMantissa = v;
        return this;
    }

    public MomentumShortSettings maxEntriesPerBar(final int v)
    {
        maxEntriesPerBar = v;
        return this;
    }

    public Duration barInterval()
    {
        return barInterval;
    }

    public int rollingBars()
    {
        return rollingBars;
    }

    public double downsideThreshold()
    {
        return downsideThreshold;
    }

    public String hazardGate()
    {
        return hazardGate;
    }

    public boolean requireHazard()
    {
        return requireHazard;
    }

    public double stopLoss()
    {
        return stopLoss;
    }

    /** NaN = none. */
    public double takeProfit()
    {
        return takeProfit;
    }

    public int maxHoldBars()
    {
        return maxHoldBars;
    }

    public boolean exitOnHazardOff()
    {
        return exitOnHazardOff;
    }

    public long qtyMantissa()
    {
        return qtyMantissa;
    }

    public int maxEntriesPerBar()
    {
        return maxEntriesPerBar;
    }
}
