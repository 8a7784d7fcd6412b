package dev.trader.engine.sampling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.stages.BarSettings;

import java.time.Duration;

/**
 * The {@code cusum:} config section (default: disabled).
 *
 * <pre>
 * cusum:
 *   enabled: false
 *   interval: 1m          # the bars whose log returns are filtered (one of bars.intervals)
 *   threshold: 0.005      # h in log-return units; with volatilityWindow > 0, h in units of the rolling std dev
 *   drift: 0.0            # subtracted from each return in S+ and added in S- (>= 0)
 *   volatilityWindow: 0   # 0: fixed h; N > 0: h = threshold * sample std dev of the N returns before the bar
 * </pre>
 *
 * The rolling-volatility threshold is the seed's choice (001: "symmetric CUSUM event sampling with rolling volatility
 * threshold"); the filter is Lopez de Prado, Advances in Financial Machine Learning (2018), section 2.5.2.1.
 */
public final class CusumSettings
{
    public static final String SECTION = "cusum";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final double DEFAULT_THRESHOLD = 0.005;
    public static final double DEFAULT_DRIFT = 0.0;
    public static final int MAX_VOLATILITY_WINDOW = 100_000;

    private final boolean enabled;
    private final Duration interval;
    private final double threshold;
    private final double drift;
    private final int volatilityWindow;

    public CusumSettings(
        final boolean enabled,
        final Duration interval,
        final double threshold,
        final double drift,
        final int volatilityWindow)
    {
        if (interval.isNegative() || interval.isZero())
        {
            throw new IllegalArgumentException(SECTION + ".interval: must be positive");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold))
        {
            throw new IllegalArgumentException(SECTION + ".threshold: must be positive, got " + threshold);
        }
        if (!(drift >= 0) || Double.isInfinite(drift))
        {
            throw new IllegalArgumentException(SECTION + ".drift: must be >= 0, got " + drift);
        }
        if (volatilityWindow < 0 || volatilityWindow == 1 || volatilityWindow > MAX_VOLATILITY_WINDOW)
        {
            throw new IllegalArgumentException(SECTION + ".volatilityWindow: 0 (fixed threshold) or 2 to "
                + MAX_VOLATILITY_WINDOW + " returns, got " + volatilityWindow);
        }
        this.enabled = enabled;
        this.interval = interval;
        this.threshold = threshold;
        this.drift = drift;
        this.volatilityWindow = volatilityWindow;
    }

    /** The section of {@code config}; disabled when absent or {@code enabled: false}. */
    public static CusumSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        config.checkKeys(n, SECTION, "enabled", "interval", "threshold", "drift", "volatilityWindow");
        final CusumSettings s;
        try
        {
            s = new CusumSettings(
                config.boolOr(n, SECTION, "enabled", false),
                config.durationOr(n, SECTION, "interval", DEFAULT_INTERVAL),
                config.doubleOr(n, SECTION, "threshold", DEFAULT_THRESHOLD),
                config.doubleOr(n, SECTION, "drift", DEFAULT_DRIFT),
                config.intOr(n, SECTION, "volatilityWindow", 0));
        }
        catch (final IllegalArgumentException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().startsWith(String.valueOf(config.file())))
            {
                throw ex;
            }
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        if (s.enabled)
        {
            final BarSettings bars = BarSettings.from(config);
            if (!bars.enabled() || !bars.intervals().contains(s.interval))
            {
                throw new IllegalArgumentException(config.file() + ": " + SECTION + ".interval: "
                    + TraderConfig.formatDuration(s.interval) + " is not one of the bars built (bars.intervals)");
            }
        }
        return s;
    }

    public boolean enabled()
    {
        return enabled;
    }

    public Duration interval()
    {
        return interval;
    }

    public double threshold()
    {
        return threshold;
    }

    public double drift()
    {
        return drift;
    }

    public int volatilityWindow()
    {
        return volatilityWindow;
    }
}
