package dev.trader.strategies.labels;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * Parameters of {@link TripleBarrierLabeler}. Seed 001 names the method (triple-barrier labels: TP / SL / timeout,
 * OHLC detection, tie-breaks) and leaves the numbers open ("horizons (5m vs 10m) and PT/SL multipliers
 * (sigma/ATR-based) not finalized"); the defaults below are this project's choice:
 *
 * <pre>
 * tripleBarrier:
 *   horizon: 10m                # vertical barrier: bars opening at most this long after the labelled bar
 *   volatilityWindow: 60        # sigma = sample sd of the last 60 one-bar log returns, up to the labelled close
 *   profitTakeMultiple: 1.0     # upper = close * exp(+1.0 * sigma * sqrt(horizon / interval))
 *   stopLossMultiple: 1.0       # lower = close * exp(-1.0 * sigma * sqrt(horizon / interval))
 *   resolveSameBar: loss        # a bar touching both: loss (-1) | tp (+1) | skip (unresolved)
 * </pre>
 *
 * @param horizonNs          the vertical barrier
 * @param volatilityWindow   returns in the volatility estimate (at least 2)
 * @param profitTakeMultiple width of the upper barrier in horizon sigmas
 * @param stopLossMultiple   width of the lower barrier in horizon sigmas
 * @param resolveSameBar     tie-break for a bar touching both barriers
 */
public record TripleBarrierSettings(
    long horizonNs,
    int volatilityWindow,
    double profitTakeMultiple,
    double stopLossMultiple,
    SameBarPolicy resolveSameBar)
{
    public static final String[] KEYS = {"horizon", "volatilityWindow", "profitTakeMultiple", "stopLossMultiple", "resolveSameBar"};

    public TripleBarrierSettings
    {
        if (horizonNs <= 0)
        {
            throw new IllegalArgumentException("horizon must be positive");
        }
        if (volatilityWindow < 2)
        {
            throw new IllegalArgumentException("volatilityWindow must be at least 2 returns, got " + volatilityWindow);
        }
        if (!(profitTakeMultiple > 0) || Double.isInfinite(profitTakeMultiple)
            || !(stopLossMultiple > 0) || Double.isInfinite(stopLossMultiple))
        {
            throw new IllegalArgumentException("profitTakeMultiple and stopLossMultiple must be positive numbers, got "
                + profitTakeMultiple + ", " + stopLossMultiple);
        }
    }

    public static TripleBarrierSettings defaults()
    {
        return new TripleBarrierSettings(Duration.ofMinutes(10).toNanos(), 60, 1.0, 1.0, SameBarPolicy.LOSS);
    }

    /**
     * Reads a {@code tripleBarrier:} mapping; every key is optional, unknown keys are refused.
     *
     * @param where the mapping's path in the config, for messages (e.g. {@code labels.tripleBarrier})
     */
    public static TripleBarrierSettings from(final TraderConfig config, final JsonNode node, final String where)
    {
        config.checkKeys(node, where, KEYS);
        final TripleBarrierSettings d = defaults();
        try
        {
            return new TripleBarrierSettings(
                config.durationOr(node, where, "horizon", Duration.ofNanos(d.horizonNs())).toNanos(),
                config.intOr(node, where, "volatilityWindow", d.volatilityWindow()),
                config.doubleOr(node, where, "profitTakeMultiple", d.profitTakeMultiple()),
                config.doubleOr(node, where, "stopLossMultiple", d.stopLossMultiple()),
                SameBarPolicy.parse(config.textOr(node, where, "resolveSameBar", d.resolveSameBar().configName())));
        }
        catch (final IllegalArgumentException ex)
        {
            final String msg = ex.getMessage();
            throw new IllegalArgumentException(msg.startsWith(config.file().toString()) ? msg : config.file() + ": " + where + ": " + msg, ex);
        }
    }
}
