package dev.trader.engine.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;
import java.util.List;

/** The {@code bars:} section: {@code intervals} (default [1s, 1m]), {@code source} (auto | trades | klines). */
public final class BarSettings
{
    public static final List<Duration> DEFAULT_INTERVALS = List.of(Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final boolean enabled;
    private final List<Duration> intervals;
    private final BarStage.Source source;

    public BarSettings(final boolean enabled, final List<Duration> intervals, final BarStage.Source source)
    {
        this.enabled = enabled;
        this.intervals = List.copyOf(intervals);
        this.source = source;
    }

    public static BarSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section("bars");
        config.checkKeys(n, "bars", "enabled", "intervals", "source");
        final List<Duration> intervals = config.durationsOr(n, "bars", "intervals", DEFAULT_INTERVALS);
        for (int i = 0; i < intervals.size(); i++)
        {
            final long ns = intervals.get(i).toNanos();
            if (Duration.ofDays(1).toNanos() % ns != 0)
            {
                throw new IllegalArgumentException(config.file() + ": bars.intervals[" + i + "]: "
                    + TraderConfig.formatDuration(intervals.get(i)) + " does not divide a day, so bars would not align to UTC");
            }
        }
        final BarStage.Source source;
        try
        {
            source = BarStage.Source.parse(config.textOr(n, "bars", "source", "auto"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": bars.source: " + ex.getMessage(), ex);
        }
        return new BarSettings(config.boolOr(n, "bars", "enabled", true), intervals, source);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public List<Duration> intervals()
    {
        return intervals;
    }

    public BarStage.Source source()
    {
        return source;
    }
}
