package dev.trader.replay.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.stages.BarSettings;
import dev.trader.strategies.binance.BinanceLongLabelSettings;
import dev.trader.strategies.labels.TripleBarrierSettings;

import java.time.Duration;

/**
 * The {@code dataset:} and {@code labels:} sections read by {@code trader export dataset}:
 *
 * <pre>
 * dataset:
 *   interval: 1m          # one row per completed bar of this interval (must be one of bars.intervals)
 * labels:
 *   binanceLong: { ... }  # BinanceLongLabelSettings (seed 000 section 5 label_binance_long)
 *   tripleBarrier: { ... } # TripleBarrierSettings (seed 001)
 * </pre>
 *
 * @param intervalNs    the bar interval of the rows
 * @param binanceLong   y_binance_long's parameters
 * @param tripleBarrier y_triple_barrier's parameters
 */
public record DatasetSettings(long intervalNs, BinanceLongLabelSettings binanceLong, TripleBarrierSettings tripleBarrier)
{
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    public static DatasetSettings from(final TraderConfig config)
    {
        final JsonNode dataset = config.section("dataset");
        config.checkKeys(dataset, "dataset", "interval");
        final Duration interval = config.durationOr(dataset, "dataset", "interval", DEFAULT_INTERVAL);
        final BarSettings bars = BarSettings.from(config);
        if (!bars.enabled() || !bars.intervals().contains(interval))
        {
            throw new IllegalArgumentException(config.file() + ": dataset.interval: " + TraderConfig.formatDuration(interval)
                + " bars are not built; add it to bars.intervals (and keep bars.enabled: true)");
        }

        final JsonNode labels = config.section("labels");
        config.checkKeys(labels, "labels", "binanceLong", "tripleBarrier");
        final BinanceLongLabelSettings binanceLong =
            BinanceLongLabelSettings.from(config, labels.path("binanceLong"), "labels.binanceLong");
        final TripleBarrierSettings tripleBarrier =
            TripleBarrierSettings.from(config, labels.path("tripleBarrier"), "labels.tripleBarrier");
        if (tripleBarrier.horizonNs() < interval.toNanos())
        {
            throw new IllegalArgumentException(config.file() + ": labels.tripleBarrier.horizon: must be at least one "
                + TraderConfig.formatDuration(interval) + " bar");
        }
        return new DatasetSettings(interval.toNanos(), binanceLong, tripleBarrier);
    }
}
