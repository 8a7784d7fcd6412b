package dev.trader.bench;

import dev.trader.engine.EngineSettings;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.OutputDir;
import dev.trader.replay.OutputHasher;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.TeeSink;
import dev.trader.replay.synthetic.SyntheticMarketSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the pipeline and ring benchmarks share: a scratch directory under {@code target/}, a config equal to
 * {@code configs/demo.yaml}'s engine and bars sections (ring 1,024 x 64 KiB, yielding, bars 1 s and 1 m from trades),
 * the stages {@link StagePlan} builds from it, and the sinks of the chosen variant:
 * <ul>
 *   <li>{@code none}: {@link EventSink#NONE} as journal-in and journal-out;</li>
 *   <li>{@code journal}: a {@link JournalWriter} as journal-in, and a {@link JournalWriter} plus an {@link
 *       OutputHasher} as journal-out, as in {@code trader replay}.</li>
 * </ul>
 */
final class BenchRig implements AutoCloseable
{
    /** System property naming the scratch root (set by {@code bench/run.sh}); default {@code [bench/]target/bench-work}. */
    static final String WORK_PROPERTY = "trader.bench.work";
    static final String SINKS_NONE = "none";
    static final String SINKS_JOURNAL = "journal";

    /** The synthetic instrument (id 100) every rig's config names. */
    static final String INSTRUMENTS_YAML = String.join("\n",
        "instruments:",
        "  - { id: 100, venue: synthetic, symbol: BTCUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -1, qtyExponent: -3 }",
        "");

    private final Path dir;
    private final TraderConfig config;
    private final Instrument instrument;
    private final EventClock clock = new EventClock();
    private final JournalWriter inputJournal;
    private final JournalWriter outputJournal;
    private final OutputHasher hasher;
    private final Pipeline pipeline;

    private BenchRig(final String sinks, final boolean timeStages)
    {
        this.dir = newScratchDir("run-");
        this.config = writeConfig(dir, "bench.yaml", timeStages, String.join("\n",
            "bars:",
            "  intervals: [1s, 1m]",
            "  source: auto",
            ""));
        final InstrumentRegistry instruments = config.instruments();
        this.instrument = instruments.resolve(SyntheticMarketSettings.defaults().instrument());
        final EventSink in;
        final EventSink out;
        if (SINKS_NONE.equals(sinks))
        {
            inputJournal = null;
            outputJournal = null;
            hasher = null;
            in = EventSink.NONE;
            out = EventSink.NONE;
        }
        else if (SINKS_JOURNAL.equals(sinks))
        {
            inputJournal = new JournalWriter(dir.resolve(ReplayRunner.INPUT_DIR));
            outputJournal = new JournalWriter(dir.resolve(ReplayRunner.OUTPUT_DIR));
            hasher = new OutputHasher();
            in = inputJournal;
            out = new TeeSink(outputJournal, hasher);
        }
        else
        {
            throw new IllegalArgumentException("sinks: none | journal, got " + sinks);
        }
        final EngineSettings settings = config.engine();
        this.pipeline = new Pipeline(StagePlan.build(config, instruments, clock), in, out, clock,
            settings.arenaBytes(), settings.timeStages());
    }

    static BenchRig create(final String sinks, final boolean timeStages)
    {
        return new BenchRig(sinks, timeStages);
    }

    Pipeline pipeline()
    {
        return pipeline;
    }

    EngineSettings engineSettings()
    {
        return config.engine();
    }

    Instrument instrument()
    {
        return instrument;
    }

    Path dir()
    {
        return dir;
    }

    @Override
    public void close()
    {
        if (inputJournal != null)
        {
            inputJournal.close();
        }
        if (outputJournal != null)
        {
            outputJournal.close();
        }
        try
        {
            OutputDir.deleteTree(dir);
        }
        catch (final IOException ex)
        {
            System.err.println("bench: could not delete " + dir + ": " + ex);
        }
    }

    static Path workRoot()
    {
        final String configured = System.getProperty(WORK_PROPERTY);
        if (configured != null && !configured.isBlank())
        {
            return Path.of(configured);
        }
        return Files.isDirectory(Path.of("bench", "target")) ? Path.of("bench", "target", "bench-work") : Path.of("target", "bench-work");
    }

    /** A new directory under {@link #workRoot()}, named {@code prefix} and a random suffix. */
    static Path newScratchDir(final String prefix)
    {
        try
        {
            final Path root = workRoot().toAbsolutePath().normalize();
            Files.createDirectories(root);
            return Files.createTempDirectory(root, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a scratch directory under " + workRoot(), ex);
        }
    }

    /**
     * Writes {@link #INSTRUMENTS_YAML} and {@code dir/fileName}: the engine section of {@code configs/demo.yaml} (ring
     * 1,024 x 64 KiB, 4 MiB arena, yielding), {@code timeStages}, the instruments, then {@code sections}; loads it.
     */
    static TraderConfig writeConfig(final Path dir, final String fileName, final boolean timeStages, final String sections)
    {
        final String yaml = String.join("\n",
            "engine:",
            "  ringSize: 1024",
            "  slotBytes: 65536",
            "  arenaBytes: 4194304",
            "  waitStrategy: yielding",
            "  timeStages: " + timeStages,
            "instruments: instruments.yaml",
            "") + sections;
        try
        {
            Files.writeString(dir.resolve("instruments.yaml"), INSTRUMENTS_YAML, StandardCharsets.UTF_8);
            final Path file = dir.resolve(fileName);
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return TraderConfig.load(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the benchmark config under " + dir, ex);
        }
    }
}
