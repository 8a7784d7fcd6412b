package dev.trader.engine.stages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;
import java.util.List;

/**
 * The {@code bars:} section: {@code intervals} (default [5s, 1m, 5m, 15m, 1h]: seed 002's 5 s execution bars, seed 000's
 * 1 m base and its 5 m / 15 m higher timeframes, and 1 h), {@code source} (auto | trades | klines), {@code repair}
 * (default true: validate and repair the 1 m stream, seed 000 section 4.A; see {@link BarStage}) and {@code maxTimeJump}
 * (default 1h: a trade further after the instrument's latest one waits for the next trade to confirm it).
 */
public final class BarSettings
{
    public static final List<Duration> DEFAULT_INTERVALS = List.of(
        Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));

    private final boolean enabled;
    private final List<Duration> intervals;
    private final BarStage.Source source;
    private final boolean repair;
    private final Duration maxTimeJump;

    public BarSettings(final boolean enabled, final List<Duration> intervals, final BarStage.Source source)
    {
        this(enabled, intervals, source, true);
    }

    public BarSettings(final boolean enabled, final List<Duration> intervals, final BarStage.Source source, final boolean repair)
    {
        this(enabled, intervals, source, repair, Duration.ofNanos(BarStage.DEFAULT_MAX_TIME_JUMP_NS));
    }

    public BarSettings(final boolean enabled, final List<Duration> intervals, final BarStage.Source source, final boolean repair,
        final Duration maxTimeJump)
    {
        this.enabled = enabled;
        this.intervals = List.copyOf(intervals);
        this.source = source;
        this.repair = repair;
        this.maxTimeJump = maxTimeJump;
    }

    public static BarSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section("bars");
        config.checkKeys(n, "bars", "enabled", "intervals", "source", "repair", "maxTimeJump");
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
        return new BarSettings(config.boolOr(n, "bars", "enabled", true), intervals, source,
            config.boolOr(n, "bars", "repair", true),
            config.durationOr(n, "bars", "maxTimeJump", Duration.ofNanos(BarStage.DEFAULT_MAX_TIME_JUMP_NS)));
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

    /** Validate and repair the 1 m stream (seed 000 section 4.A). */
    public boolean repair()
    {
        return repair;
    }

    /** A trade further than this after the instrument's latest one must be confirmed by the next ({@link BarStage}). */
    public Duration maxTimeJump()
    {
        return maxTimeJump;
    }

    /** True when {@code interval} is one of the configured intervals. */
    public boolean has(final Duration interval)
    {
        return intervals.contains(interval);
    }
}
