package dev.trader.replay;

import dev.trader.adapters.live.BookStatusTap;
import dev.trader.adapters.live.LiveClock;
import dev.trader.adapters.live.LiveSettings;
import dev.trader.adapters.live.LiveSource;
import dev.trader.adapters.live.VenueSettings;
import dev.trader.engine.Engine;
import dev.trader.engine.EngineSettings;
import dev.trader.engine.EventClock;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A live recording run: the venue connections of the config's {@code venues:} section publish raw frames into a
 * multi-producer ring, and the same pipeline as {@link ReplayRunner} (parse stage, then the stage plan) runs on the
 * engine thread. Writes {@code <journal>/input} (every event the stages saw, raw frames and connection events
 * included: replaying it reproduces the run), {@code <journal>/output}, and on {@link #stop()} {@code summary.json}
 * and {@code latency.hlog} like a replay.
 *
 * <p>Book statuses in the output are teed to the live source ({@link BookStatusTap}), which asks the venue for a
 * fresh snapshot when a book is untrusted. The REST responses come back through the ring and are journaled, so the
 * replay sees them at the same place in the sequence.
 *
 * <p>Stop order: connections closed (no more input) -> end of stream published -> the engine drains -> journals
 * closed -> summary written.
 *
 * <p>When the engine stops on a failure it cannot contain (a journal append failed, an {@link Error}; a stage that
 * throws is contained by the pipeline), nothing more can be journaled: {@link #onEngineFailure} tells the caller at
 * once, which must {@link #stop()} (the summary records {@code live.failure}) and exit non-zero, never run on.
 */
public final class LiveRunner implements AutoCloseable
{
    /** How long {@link #stop()} lets each venue answer the close handshake. */
    public static final long CLOSE_TIMEOUT_MS = 2_000;
    private static final long DRAIN_TIMEOUT_S = 120;

    private final TraderConfig config;
    private final Path journalDir;
    private final EngineSettings settings;
    private final JournalWriter inputJournal;
    private final JournalWriter outputJournal;
    private final OutputHasher hasher = new OutputHasher();
    private final Pipeline pipeline;
    private final Engine engine;
    private final LiveSource source;
    private final BookStatusTap tap;
    private final long startNs;
    private final String startedAt;
    private RunResult result;

    private LiveRunner(
        final TraderConfig config,
        final Path journalDir,
        final LiveClock clock,
        final List<Stage> extraStages)
    {
        this.config = config;
        this.journalDir = journalDir.toAbsolutePath().normalize();
        this.settings = config.engine();
        final InstrumentRegistry instruments = config.instruments();
        final List<VenueSettings> venues = LiveSettings.enabled(config, instruments);
        if (venues.isEmpty())
        {
            throw new IllegalArgumentException(config.file() + ": venues: no enabled venue to record");
        }
        prepare(this.journalDir);
        final EventClock engineClock = new EventClock();
        final List<Stage> stages = new ArrayList<>(RunStages.build(config, instruments, engineClock));
        stages.addAll(extraStages);
        this.inputJournal = new JournalWriter(this.journalDir.resolve(ReplayRunner.INPUT_DIR));
        this.outputJournal = new JournalWriter(this.journalDir.resolve(ReplayRunner.OUTPUT_DIR));
        final LiveSource[] sourceRef = new LiveSource[1];
        // the tap is built before the source exists: the engine must be running before the first frame arrives
        this.tap = new BookStatusTap((instrumentId, state, reason) -> sourceRef[0].onBookStatus(instrumentId, state, reason));
        this.pipeline = new Pipeline(stages, inputJournal, new TeeSink(outputJournal, hasher, tap), engineClock,
            settings.arenaBytes(), settings.timeStages());
        this.engine = new Engine(settings, pipeline, true);
        this.source = new LiveSource(venues, instruments, (buffer, offset, length) -> engine.publish(buffer, offset, length),
            clock, engine.maxEventLength());
        sourceRef[0] = source;
        this.startedAt = Instant.now().toString();
        this.startNs = System.nanoTime();
        engine.start();
        source.start();
    }

    /** Starts recording with the system clock. */
    public static LiveRunner start(final TraderConfig config, final Path journalDir)
    {
        return start(config, journalDir, LiveClock.system(), List.of());
    }

    /**
     * Starts recording.
     *
     * @param clock       receive-time stamps and adapter timers
     * @param extraStages stages appended after the config's plan (research taps, test probes); a replay must be given
     *                    the same ones to reproduce the output
     */
    public static LiveRunner start(
        final TraderConfig config,
        final Path journalDir,
        final LiveClock clock,
        final List<Stage> extraStages)
    {
        return new LiveRunner(config, journalDir, clock, extraStages);
    }

    /**
     * A recording is written in place (it cannot be renamed into place at the end when the process is killed, and
     * what was journaled before a kill is worth keeping), so it never replaces anything: the directory must be new or
     * empty. {@code summary.json}, written last by {@link #stop()}, marks a recording that stopped cleanly.
     */
    private static void prepare(final Path dir)
    {
        OutputDir.requireAbsentOrEmpty("--journal", dir, "choose a new directory (a recording never replaces anything)");
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + dir, ex);
        }
    }

    /**
     * Runs {@code callback} once, on the engine thread (it must not block), when the engine stops on a failure; at once
     * when it already has.
     */
    public void onEngineFailure(final Runnable callback)
    {
        engine.onFailure(ex -> callback.run());
    }

    /** The failure that stopped the engine, or null while it runs. */
    public Throwable engineFailure()
    {
        return engine.failure();
    }

    public LiveSource source()
    {
        return source;
    }

    /** The stages in the order they run (parse stage first); read their state after {@link #stop()}. */
    public List<Stage> stages()
    {
        return pipeline.stages();
    }

    public Path journalDir()
    {
        return journalDir;
    }

    /** The recorded input journal ({@code <journal>/input}): what {@code trader replay --journal} takes. */
    public Path inputJournal()
    {
        return journalDir.resolve(ReplayRunner.INPUT_DIR);
    }

    /**
     * Stops cleanly: connections closed, end of stream, engine drained, journals closed, summary written. Idempotent
     * (a shutdown hook and the main thread may both call it).
     *
     * @throws IllegalStateException when a stage failed during the run (the journals are closed first)
     */
    public synchronized RunResult stop()
    {
        if (result != null)
        {
            return result;
        }
        source.stop(CLOSE_TIMEOUT_MS);
        RuntimeException failure = null;
        try
        {
            engine.publishEndOfStream();
            engine.awaitEndOfStream(DRAIN_TIMEOUT_S, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            failure = new IllegalStateException("interrupted while draining the engine", ex);
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        finally
        {
            engine.close();
            inputJournal.close();
            outputJournal.close();
        }
        final long wallNs = System.nanoTime() - startNs;
        final Map<String, Object> summary = ReplayRunner.summary(inputJournal(), config, settings, pipeline, hasher.hex(), 0, wallNs);
        @SuppressWarnings("unchecked")
        final Map<String, Object> conditions = new LinkedHashMap<>((Map<String, Object>)summary.get("conditions"));
        conditions.put("producer", "venue I/O threads (live, multi-producer ring)");
        summary.put("conditions", conditions);
        final Map<String, Object> live = new LinkedHashMap<>();
        live.put("startedAt", startedAt);
        live.put("stoppedAt", Instant.now().toString());
        live.put("bookStatusesSeen", tap.seen());
        live.put("connections", source.counters());
        if (failure != null)
        {
            live.put("failure", failure.toString());
        }
        summary.put("live", live);
        // paper trading: the same reports as a backtest, from this session's output journal
        ReplayRunner.writeTradingReports(pipeline, config.instruments(), journalDir, summary);
        LatencyFiles.write(journalDir, pipeline.latency().all());
        ReplayRunner.writeJson(journalDir.resolve(ReplayRunner.SUMMARY_FILE), summary);
        result = new RunResult(journalDir, summary);
        if (failure != null)
        {
            throw failure;
        }
        return result;
    }

    @Override
    public void close()
    {
        stop();
    }
}
