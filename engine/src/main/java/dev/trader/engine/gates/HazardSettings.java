package dev.trader.engine.gates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code hazard:} config section of {@link HazardGateStage} (seed 002 section 2, seed 001 Layer C).
 *
 * <pre>
 * hazard:
 *   enabled: false
 *   source: csv                 # csv: a timestamp,prob file | onnx: a model on the feature vector (wired by the runtime)
 *   file: hazard/probs.csv      # csv: relative to the config file
 *   timestampColumn: timestamp  # csv: seed 002's files call it open_time
 *   probabilityColumn: prob     # csv: seed 002's files call it y_prob
 *   model: models/hazard.onnx   # onnx: the model file (its manifest next to it), for the runtime that wires it
 *   threshold: 0.5              # open when prob > threshold (seed 002: hazard_prob > hazard_threshold)
 *   barInterval: 1m             # bars of this interval are joined to their minute; must divide 1m (5s: seed 002)
 *   instrument: binance-spot:BTCUSDT   # the instrument the probabilities are for; absent: every instrument
 *   name: hazard                # the gate's name in GateChange events (at most 24 ASCII characters)
 * </pre>
 */
public final class HazardSettings
{
    public static final String SECTION = "hazard";

    /** Where the probabilities come from. */
    public enum Source
    {
        CSV, ONNX;

        public static Source parse(final String text)
        {
            try
            {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("unknown hazard source '" + text + "'; known: csv, onnx", ex);
            }
        }
    }

    boolean enabled;
    Source source = Source.CSV;
    Path file;
    String timestampColumn = CsvHazardSource.DEFAULT_TIMESTAMP_COLUMN;
    String probabilityColumn = CsvHazardSource.DEFAULT_PROBABILITY_COLUMN;
    Path model;
    double threshold = 0.5;
    Duration barInterval = Duration.ofMinutes(1);
    String instrument;
    String name = "hazard";

    /** Enabled, CSV source, no file yet. */
    public static HazardSettings defaults()
    {
        final HazardSettings s = new HazardSettings();
        s.enabled = true;
        return s;
    }

    public static HazardSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "enabled", "source", "file", "timestampColumn", "probabilityColumn", "model", "threshold",
            "barInterval", "instrument", "name");
        final HazardSettings s = new HazardSettings();
        s.enabled = config.boolOr(n, w, "enabled", false);
        try
        {
            s.source = Source.parse(config.textOr(n, w, "source", "csv"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": hazard.source: " + ex.getMessage(), ex);
        }
        final String file = config.textOr(n, w, "file", null);
        s.file = file == null ? null : config.resolve(file);
        s.timestampColumn = config.textOr(n, w, "timestampColumn", s.timestampColumn);
        s.probabilityColumn = config.textOr(n, w, "probabilityColumn", s.probabilityColumn);
        final String model = config.textOr(n, w, "model", null);
        s.model = model == null ? null : config.resolve(model);
        s.threshold = config.doubleOr(n, w, "threshold", s.threshold);
        s.barInterval = config.durationOr(n, w, "barInterval", s.barInterval);
        s.instrument = config.textOr(n, w, "instrument", null);
        s.name = config.textOr(n, w, "name", s.name);
        try
        {
            s.validate();
            if (s.enabled && s.source == Source.CSV && s.file == null)
            {
                throw new IllegalArgumentException("hazard.file is required with source csv (a timestamp,prob file)");
            }
            if (s.enabled && s.source == Source.ONNX && s.model == null)
            {
                throw new IllegalArgumentException("hazard.model is required with source onnx");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        return s;
    }

    /** Checks the values a stage needs (threshold, interval, name); {@link #from} also checks the file or model. */
    public HazardSettings validate()
    {
        if (!(threshold >= 0.0 && threshold < 1.0))
        {
            throw new IllegalArgumentException("hazard.threshold must be in [0, 1), got " + threshold);
        }
        if (barInterval.isNegative() || barInterval.isZero() || CsvHazardSource.MINUTE_NS % barInterval.toNanos() != 0)
        {
            throw new IllegalArgumentException("hazard.barInterval must divide one minute (each bar joins the one minute it"
                + " lies in), got " + TraderConfig.formatDuration(barInterval));
        }
        if (name.isEmpty() || name.length() > 24 || !name.chars().allMatch(c -> c > 32 && c < 127))
        {
            throw new IllegalArgumentException("hazard.name must be 1 to 24 printable ASCII characters, got '" + name + "'");
        }
        return this;
    }

    public HazardSettings enabled(final boolean v)
    {
        enabled = v;
        return this;
    }

    public HazardSettings source(final Source v)
    {
        source = v;
        return this;
    }

    public HazardSettings file(final Path v)
    {
        file = v;
        return this;
    }

    public HazardSettings model(final Path v)
    {
        model = v;
        return this;
    }

    public HazardSettings threshold(final double v)
    {
        threshold = v;
        return this;
    }

    public HazardSettings barInterval(final Duration v)
    {
        barInterval = v;
        return this;
    }

    public HazardSettings instrument(final String v)
    {
        instrument = v;
        return this;
    }

    public HazardSettings name(final String v)
    {
        name = v;
        return this;
    }

    public boolean enabled()
    {
        return enabled;
    }

    public Source source()
    {
        return source;
    }

    /** The CSV file (resolved against the config's folder), or null. */
    public Path file()
    {
        return file;
    }

    public String timestampColumn()
    {
        return timestampColumn;
    }

    public String probabilityColumn()
    {
        return probabilityColumn;
    }

    /** The ONNX model (resolved against the config's folder), or null. */
    public Path model()
    {
        return model;
    }

    public double threshold()
    {
        return threshold;
    }

    public Duration barInterval()
    {
        return barInterval;
    }

    /** "venue:SYMBOL" or "SYMBOL" of the one instrument gated, or null for every instrument. */
    public String instrument()
    {
        return instrument;
    }

    public String name()
    {
        return name;
    }
}
