package dev.trader.replay.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code synthetic:} config section: what market {@link SyntheticMarket} generates. Defaults give three hours of
 * a BTCUSDT-like perpetual: ~3 trades/s at rest with self-exciting bursts, a 20-level book updated every 100 ms,
 * best bid/offer on every top-of-book change, mark price and funding every second.
 */
public final class SyntheticMarketSettings
{
    long seed = 42;
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    Duration duration = Duration.ofHours(3);
    String instrument = "synthetic:BTCUSDT";
    double startPrice = 42_000.0;
    /** Trades per second between bursts. */
    double baseTradeRate = 3.0;
    /** Added to the trade intensity (per second) by each trade: self-excitation that makes bursts cluster. */
    double excitationPerTrade = 0.5;
    /** Decay rate of the excitation, per second. */
    double excitationDecayPerSecond = 1.0;
    /** Chance per book update that an exogenous burst starts. */
    double burstProbability = 1.0 / 3000.0;
    /** Intensity added when a burst starts (per second). */
    double burstIntensity = 40.0;
    /** Standard deviation of the mid's move per book update, in ticks. */
    double volatilityTicks = 1.2;
    int depthLevels = 20;
    Duration depthInterval = Duration.ofMillis(100);
    Duration markInterval = Duration.ofSeconds(1);

    public static SyntheticMarketSettings defaults()
    {
        return new SyntheticMarketSettings();
    }

    public static SyntheticMarketSettings from(final TraderConfig config)
    {
        final SyntheticMarketSettings s = new SyntheticMarketSettings();
        final JsonNode n = config.section("synthetic");
        final String w = "synthetic";
        config.checkKeys(n, w, "seed", "start", "duration", "instrument", "startPrice", "baseTradeRate", "excitationPerTrade",
            "excitationDecayPerSecond", "burstProbability", "burstIntensity", "volatilityTicks", "depthLevels", "depthInterval",
            "markInterval");
        s.seed = config.longOr(n, w, "seed", s.seed);
        final String start = config.textOr(n, w, "start", null);
        if (start != null)
        {
            try
            {
                s.start = Instant.parse(start);
            }
            catch (final DateTimeParseException ex)
            {
                throw new IllegalArgumentException(config.file() + ": synthetic.start: '" + start + "' is not an ISO instant like 2024-01-01T00:00:00Z", ex);
            }
        }
        s.duration = config.durationOr(n, w, "duration", s.duration);
        s.instrument = config.textOr(n, w, "instrument", s.instrument);
        s.startPrice = positive(config, "startPrice", config.doubleOr(n, w, "startPrice", s.startPrice));
        s.baseTradeRate = positive(config, "baseTradeRate", config.doubleOr(n, w, "baseTradeRate", s.baseTradeRate));
        s.excitationPerTrade = nonNegative(config, "excitationPerTrade", config.doubleOr(n, w, "excitationPerTrade", s.excitationPerTrade));
        s.excitationDecayPerSecond = positive(config, "excitationDecayPerSecond",
            config.doubleOr(n, w, "excitationDecayPerSecond", s.excitationDecayPerSecond));
        s.burstProbability = nonNegative(config, "burstProbability", config.doubleOr(n, w, "burstProbability", s.burstProbability));
        s.burstIntensity = nonNegative(config, "burstIntensity", config.doubleOr(n, w, "burstIntensity", s.burstIntensity));
        s.volatilityTicks = nonNegative(config, "volatilityTicks", config.doubleOr(n, w, "volatilityTicks", s.volatilityTicks));
        s.depthLevels = config.intOr(n, w, "depthLevels", s.depthLevels);
        if (s.depthLevels < 2 || s.depthLevels > 500)
        {
            throw new IllegalArgumentException(config.file() + ": synthetic.depthLevels: must be in [2, 500], got " + s.depthLevels);
        }
        s.depthInterval = config.durationOr(n, w, "depthInterval", s.depthInterval);
        s.markInterval = config.durationOr(n, w, "markInterval", s.markInterval);
        return s;
    }

    private static double positive(final TraderConfig config, final String key, final double v)
    {
        if (!(v > 0))
        {
            throw new IllegalArgumentException(config.file() + ": synthetic." + key + ": must be > 0, got " + v);
        }
        return v;
    }

    private static double nonNegative(final TraderConfig config, final String key, final double v)
    {
        if (!(v >= 0))
        {
            throw new IllegalArgumentException(config.file() + ": synthetic." + key + ": must be >= 0, got " + v);
        }
        return v;
    }

    public long seed()
    {
        return seed;
    }

    public SyntheticMarketSettings seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    public Duration duration()
    {
        return duration;
    }

    public SyntheticMarketSettings duration(final Duration duration)
    {
        this.duration = duration;
        return this;
    }

    public String instrument()
    {
        return instrument;
    }

    public Instant start()
    {
        return start;
    }
}
