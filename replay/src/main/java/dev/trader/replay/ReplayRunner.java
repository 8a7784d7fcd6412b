package dev.trader.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trader.codecs.EventType;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.Engine;
import dev.trader.engine.EngineSettings;
import dev.trader.engine.EventClock;
import dev.trader.engine.InputRejects;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.LatencyRecorder;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.account.AccountingStage;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.stages.GapReport;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalDamagedException;
import dev.trader.journal.JournalIntegrity;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.report.RunReport;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Replays an input journal through the same ring and stages as a live run (the backtest). Writes, under the run
 * directory: {@code input/} (every event the stages saw, so the run can itself be replayed), {@code output/} (every
 * event the stages emitted), {@code summary.json}, {@code latency.hlog} and, when the bar stage runs, {@code gaps.json}:
 * the data-gap report of the 1 m stream (seed 000 section 4.A, seed 001 "evidence guardrails"; {@link GapReport}):
 * the rule, totals, per-instrument counts (real and repaired bars, duplicates, out-of-order, filled and unfilled gaps,
 * regime-break bars) and every gap with its first and last missing minute and length. The same totals are in
 * {@code summary.json} under {@code dataGaps}.
 *
 * <p>The run directory is written whole or not at all ({@link OutputDir}): into a staging sibling, renamed into place
 * once the summary is written. A run replaces an earlier run there, but nothing trader did not write as a run
 * (unless forced), and never the journal it reads.
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
        return run(journal, config, runDir, extraStages, operator, false);
    }

    /**
     * As above. A damaged journal ({@link JournalReader}: corrupt frames, missing frames, truncated tail) is refused
     * with a {@link JournalDamagedException} naming the first damaged position, unless {@code skipCorrupt}: then each
     * damaged stretch becomes an InputReject (reason CORRUPT_FRAME, reference the first frame index affected) in its
     * place, counted in {@code inputRejectedByReader}, and the summary's {@code inputJournal} section counts the
     * frames read, corrupt and missing.
     */
    public static RunResult run(final Path journal, final TraderConfig config, final Path runDir, final List<Stage> extraStages,
        final OperatorSchedule operator, final boolean skipCorrupt)
    {
        Journal.requireJournal(journal);
        try (OutputDir out = OutputDir.forRun("--out", runDir, false, journal))
        {
            return run(journal, config, out, extraStages, operator, skipCorrupt);
        }
    }

    /** As below, refusing a damaged journal. */
    public static RunResult run(final Path journal, final TraderConfig config, final OutputDir out, final List<Stage> extraStages,
        final OperatorSchedule operator)
    {
        return run(journal, config, out, extraStages, operator, false);
    }

    /**
     * As above, into a claimed run directory: the run is written into {@code out}'s staging directory and committed
     * once complete, so it appears at {@code out.path()} whole or not at all.
     */
    public static RunResult run(final Path journal, final TraderConfig config, final OutputDir out, final List<Stage> extraStages,
        final OperatorSchedule operator, final boolean skipCorrupt)
    {
        Journal.requireJournal(journal);
        final EngineSettings settings = config.engine();
        final InstrumentRegistry instruments = config.instruments();
        // resolved before anything is written: an unknown instrument is refused up front
        final OperatorSchedule.Encoded commands = operator.encode(instruments);
        final Path runDir = out.staging();
        final EventClock clock = new EventClock();
        final List<Stage> stages = new ArrayList<>(RunStages.build(config, instruments, clock));
        stages.addAll(extraStages);
        final OutputHasher hasher = new OutputHasher();
        final JournalBoundary boundary = new JournalBoundary(instruments, settings.slotBytes());
        final Pipeline pipeline;
        final long wallNs;
        final JournalIntegrity integrity;
        final long[] skippedDamage = {0};
        try (JournalWriter inputJournal = new JournalWriter(runDir.resolve(INPUT_DIR));
             JournalWriter outputJournal = new JournalWriter(runDir.resolve(OUTPUT_DIR)))
        {
            pipeline = new Pipeline(stages, inputJournal, new TeeSink(outputJournal, hasher), clock,
                settings.arenaBytes(), settings.timeStages());
            final long start = System.nanoTime();
            final InputRejects rejects = new InputRejects();
            final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputRejects.maxLength()]);
            final long[] lastTs = {0};
            final byte[] raw = new byte[InputRejects.MAX_RAW_BYTES];
            try (Engine engine = new Engine(settings, pipeline, false).start();
                 JournalReader reader = new JournalReader(journal, !skipCorrupt ? null : (damage, bytes, offset, length) ->
                 {
                     skippedDamage[0]++;
                     final int n = Math.min(length, raw.length);
                     bytes.getBytes(offset, raw, 0, n);
                     final int len = rejects.encode(rejectBuffer, 0, lastTs[0], lastTs[0], 0, JournalBoundary.SOURCE, RejectReason.CORRUPT_FRAME,
                         damage.index(), "journal " + damage.describe(), raw, 0, n);
                     engine.publish(rejectBuffer, 0, len);
                 }))
            {
                integrity = reader.integrity();
                final JournalDamagedException refused = readAllOrRefusal(reader, (buffer, offset, length, index) ->
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
                if (refused == null)
                {
                    commands.publishRest(engine);
                }
                // drained either way, so that the journals are closed only after the engine thread is done with them
                engine.publishEndOfStream();
                engine.awaitEndOfStream(6, TimeUnit.HOURS);
                if (refused != null)
                {
                    throw refused;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("replay interrupted", ex);
            }
            wallNs = System.nanoTime() - start;
        }

        final Map<String, Object> summary = summary(out.shown(journal), config, settings, pipeline, hasher.hex(),
            boundary.rejected() + skippedDamage[0], wallNs);
        final Map<String, Long> readerReasons = boundary.rejectedByReason();
        if (skippedDamage[0] > 0)
        {
            readerReasons.put(RejectReason.CORRUPT_FRAME.name(), skippedDamage[0]);
        }
        summary.put("inputRejectedByReaderReasons", readerReasons);
        summary.put("inputJournal", integrity.toMap());
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
        out.commit();
        return new RunResult(out.path(), summary);
    }

    /** Reads every frame; a strict reader's refusal is returned, so the engine can be drained before it is thrown. */
    private static JournalDamagedException readAllOrRefusal(final JournalReader reader, final JournalReader.FrameHandler handler)
    {
        try
        {
            reader.readAll(handler);
            return null;
        }
        catch (final JournalDamagedException ex)
        {
            return ex;
        }
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

    /**
     * Writes {@code value} as indented JSON to {@code file}, through a temporary sibling renamed into place: a reader
     * (or a recording's {@code summary.json}, its completion mark) never sees half a file.
     */
    public static void writeJson(final Path file, final Object value)
    {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
