package dev.trader.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trader.codecs.EventType;
import dev.trader.codecs.Events;
import dev.trader.engine.Engine;
import dev.trader.engine.EngineSettings;
import dev.trader.engine.EventClock;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.LatencyRecorder;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.account.AccountingStage;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.stages.GapReport;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.report.RunPlots;
import dev.trader.replay.report.RunReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Replays an input journal through the same ring and stages as a live run (the backtest). Writes, under the run
 * directory: {@code input/} (every event the stages saw, so the run can itself be replayed), {@code output/} (every
 * event the stages emitted), {@code summary.json}, {@code latency.hlog} and, when the bar stage runs, {@code gaps.json}:
 * the data-gap report of the 1 m stream (seed 000 section 4.A, seed 001 "evidence guardrails"; {@link GapReport}):
 * the rule, totals, per-instrument counts (real and repaired bars, duplicates, out-of-order, filled and unfilled gaps,
 * regime-break bars) and every gap with its first and last missing minute and length. The same totals are in
 * {@code summary.json} under {@code dataGaps}.
 *
 * <p>The journal is untrusted input: a frame that is not a valid event of this schema, or a parsed market event that
 * fails the boundary sanity checks ({@link JournalBoundary}), becomes an InputReject event in its place (counted,
 * journaled), never a crash.
 */
public final class ReplayRunner
{
    public static final String INPUT_DIR = "input";
    public static final String OUTPUT_DIR = "output";
    public static final String SUMMARY_FILE = "summary.json";
    public static final String GAPS_FILE = "gaps.json";

    private ReplayRunner()
    {
    }

    public static RunResult run(final Path journal, final TraderConfig config, final Path runDir)
    {
        return run(journal, config, runDir, List.of());
    }

    /**
     * Replays with {@code extraStages} appended after the config's plan: the same ones a {@link LiveRunner} was given
     * reproduce its output.
     */
    public static RunResult run(final Path journal, final TraderConfig config, final Path runDir, final List<Stage> extraStages)
    {
        return run(journal, config, runDir, extraStages, OperatorSchedule.NONE);
    }

    /**
     * Replays with operator commands (kill switch, resume) put into the run at their times: each is published as an
     * OperatorCommand event immediately before the first journal event whose receiveTsNs is at or after its time (or
     * before end of stream when the journal ends first), so the run's {@code input/} holds it and replaying that
     * journal alone reproduces the run ({@link OperatorSchedule}).
     */
    public static RunResult run(final Path journal, final TraderConfig config, final Path runDir, final OperatorSchedule operator)
    {
        return run(journal, config, runDir, List.of(), operator);
    }

    /** Both of the above: {@code extraStages} after the config's plan, and {@code operator} commands in the input. */
    public static RunResult run(final Path journal, final TraderConfig config, final Path runDir, final List<Stage> extraStages,
        final OperatorSchedule operator)
    {
        Journal.requireJournal(journal);
        final EngineSettings settings = config.engine();
        final InstrumentRegistry instruments = config.instruments();
        // resolved before anything is written: an unknown instrument is refused up front
        final OperatorSchedule.Encoded commands = operator.encode(instruments);
        prepareRunDir(journal, runDir);
        final EventClock clock = new EventClock();
        final List<Stage> stages = new ArrayList<>(RunStages.build(config, instruments, clock));
        stages.addAll(extraStages);
        final OutputHasher hasher = new OutputHasher();
        final JournalBoundary boundary = new JournalBoundary(instruments, settings.slotBytes());
        final Pipeline pipeline;
        final long wallNs;
        try (JournalWriter inputJournal = new JournalWriter(runDir.resolve(INPUT_DIR));
             JournalWriter outputJournal = new JournalWriter(runDir.resolve(OUTPUT_DIR)))
        {
            pipeline = new Pipeline(stages, inputJournal, new TeeSink(outputJournal, hasher), clock,
                settings.arenaBytes(), settings.timeStages());
            final long start = System.nanoTime();
            try (Engine engine = new Engine(settings, pipeline, false).start();
                 JournalReader reader = new JournalReader(journal))
            {
                final long[] lastTs = {0};
                reader.readAll((buffer, offset, length, index) ->
                {
                    if (boundary.admit(buffer, offset, length))
                    {
                        lastTs[0] = Events.receiveTsNs(buffer, offset);
                        commands.publishDue(lastTs[0], engine);
                        engine.publish(buffer, offset, length);
                        return;
                    }
                    engine.publish(boundary.rejectBuffer(), 0, boundary.reject(buffer, offset, length, index, lastTs[0]));
                });
                commands.publishRest(engine);
                engine.publishEndOfStream();
                engine.awaitEndOfStream(6, TimeUnit.HOURS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", ex);
            }
            wallNs = System.nanoTime() - start;
        }

        final Map<String, Object> summary = summary(journal, config, settings, pipeline, hasher.hex(), boundary.rejected(), wallNs);
        summary.put("inputRejectedByReaderReasons", boundary.rejectedByReason());
        summary.put("readerSanity", boundary.sanityCounters());
        for (final Stage stage : pipeline.stages())
        {
            if (stage instanceof BarStage)
            {
                final GapReport gaps = ((BarStage)stage).gapReport();
                summary.put("dataGaps", gaps.totals());
                writeJson(runDir.resolve(GAPS_FILE), gaps.toMap(instruments));
            }
        }
        writeTradingReports(pipeline, instruments, runDir, summary);
        LatencyFiles.write(runDir, pipeline.latency().all());
        writeJson(runDir.resolve(SUMMARY_FILE), summary);
        return new RunResult(runDir, summary);
    }

    static Map<String, Object> summary(
        final Path journal,
        final TraderConfig config,
        final EngineSettings settings,
        final Pipeline pipeline,
        final String outputSha256,
        final long rejected,
        final long wallNs)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("journal", journal.toAbsolutePath().normalize().toString());
        m.put("config", config.file().toString());
        m.put("configSha256", sha256(config.bytes()));
        m.put("inputEvents", pipeline.inputEvents());
        m.put("outputEvents", pipeline.outputEvents());
        final Map<String, Long> inputCounts = new LinkedHashMap<>();
        final Map<String, Long> outputCounts = new LinkedHashMap<>();
        for (final EventType t : EventType.values())
        {
            if (pipeline.inputCount(t.templateId()) > 0)
            {
                inputCounts.put(t.displayName(), pipeline.inputCount(t.templateId()));
            }
            if (pipeline.outputCount(t.templateId()) > 0)
            {
                outputCounts.put(t.displayName(), pipeline.outputCount(t.templateId()));
            }
        }
        m.put("inputCounts", inputCounts);
        m.put("outputCounts", outputCounts);
        m.put("inputRejectedByReader", rejected);
        m.put("outputSha256", outputSha256);
        m.put("firstEventTsNs", pipeline.firstInputTsNs());
        m.put("lastEventTsNs", pipeline.lastInputTsNs());
        final Map<String, Object> stageCounters = new LinkedHashMap<>();
        for (final Stage s : pipeline.stages())
        {
            stageCounters.put(s.name(), s.counters());
        }
        m.put("stageCounters", stageCounters);
        final Map<String, Long> internalErrors = new LinkedHashMap<>();
        final List<Stage> stages = pipeline.stages();
        for (int i = 0; i < stages.size(); i++)
        {
            if (pipeline.internalErrors(i) > 0)
            {
                internalErrors.put(stages.get(i).name(), pipeline.internalErrors(i));
            }
        }
        m.put("internalErrors", pipeline.internalErrors());
        m.put("internalErrorsByStage", internalErrors);
        if (pipeline.internalErrorsNotJournaled() > 0)
        {
            m.put("internalErrorsNotJournaled", pipeline.internalErrorsNotJournaled());
        }
        m.put("wallTimeMs", Math.round(wallNs / 1e4) / 100.0);
        m.put("eventsPerSecond", wallNs == 0 ? 0 : Math.round(pipeline.inputEvents() * 1e9 / wallNs));
        final Map<String, Object> latency = new LinkedHashMap<>();
        for (final LatencyRecorder.Named named : pipeline.latency().all())
        {
            latency.put(named.name(), LatencyFiles.percentiles(named.histogram()));
        }
        m.put("latencyNs", latency);
        m.put("latencyClamped", pipeline.latency().clampedCount());
        m.put("conditions", RunConditions.of(settings));
        return m;
    }

    /** Clears what a previous run left in {@code runDir}; refuses to touch the journal being replayed. */
    static void prepareRunDir(final Path journal, final Path runDir)
    {
        final Path j = journal.toAbsolutePath().normalize();
        final Path r = runDir.toAbsolutePath().normalize();
        for (final String sub : new String[]{INPUT_DIR, OUTPUT_DIR})
        {
            if (j.equals(r.resolve(sub)) || j.startsWith(r.resolve(sub)) || j.equals(r))
            {
                throw new IllegalArgumentException("--out " + runDir + " would overwrite the journal being replayed (" + journal
                    + "); choose another --out");
            }
        }
        try
        {
            Files.createDirectories(r);
            deleteTree(r.resolve(INPUT_DIR));
            deleteTree(r.resolve(OUTPUT_DIR));
            Files.deleteIfExists(r.resolve(SUMMARY_FILE));
            Files.deleteIfExists(r.resolve(GAPS_FILE));
            deleteTradingReports(r);
            Files.deleteIfExists(r.resolve(LatencyFiles.LOG_FILE));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare run directory " + runDir, ex);
        }
    }

    /**
     * When the plan trades (it has an {@link AccountingStage}): trades.csv, equity.csv, plots/, diagnostics.json and
     * the trading metrics in {@code summary}, projections of {@code runDir}'s output journal ({@link RunReport}).
     * A backtest and a paper-trading session write the same reports.
     */
    static void writeTradingReports(final Pipeline pipeline, final InstrumentRegistry instruments, final Path runDir,
        final Map<String, Object> summary)
    {
        if (pipeline.stages().stream().anyMatch(AccountingStage.class::isInstance))
        {
            RunReport.write(runDir.resolve(OUTPUT_DIR), instruments, runDir, summary);
        }
    }

    /** Removes what {@link #writeTradingReports} wrote into {@code runDir} before. */
    static void deleteTradingReports(final Path runDir) throws IOException
    {
        for (final String report : RunReport.FILES)
        {
            Files.deleteIfExists(runDir.resolve(report));
        }
        deleteTree(runDir.resolve(RunPlots.DIR));
    }

    public static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }

    public static void writeJson(final Path file, final Object value)
    {
        try
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    public static String toJson(final Object value)
    {
        try
        {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static String sha256(final byte[] bytes)
    {
        try
        {
            return OutputHasher.toHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
