package dev.trader.app;

import dev.trader.adapters.capture.CaptureFormat;
import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.OutputDir;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunConditions;
import dev.trader.replay.RunResult;
import dev.trader.replay.RunStages;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "The project's throughput harness.",
    subcommands = {BenchCommand.Replay.class, BenchCommand.Capture.class})
final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * Replays {@code journal} {@code runs} times and prints events/s per run and the median and best. With a
     * {@code strategies} section each run also prints the decisions, orders, fills and closed trades, and (when
     * {@code compare}) paired with a run of the same journal with the trading sections removed (the first of the pair
     * alternates), so trading on and off are measured alternately in one JVM under the same conditions; their medians
     * and ratio are printed last. The first pair includes the JIT warm-up: use 3 runs or more.
     * Output hashes must agree across runs of one variant.
     */
    static void timedReplays(final String label, final Path journal, final TraderConfig cfg, final Path runDir,
        final int runs, final boolean compare)
    {
        final boolean trading = !cfg.section("strategies").isMissingNode();
        final Variant on = new Variant(trading ? "trading on" : null, cfg, trading);
        final Variant off = trading && compare
            ? new Variant("trading off", cfg.without(RunStages.TRADING_SECTIONS.toArray(new String[0])), false) : null;
        RunResult last = null;
        for (int i = 0; i < runs; i++)
        {
            // alternate which variant goes first, so that neither always gets the colder JVM
            if (off != null && i % 2 == 1)
            {
                off.replay(i + 1, journal, runDir);
            }
            last = on.replay(i + 1, journal, runDir);
            if (off != null && i % 2 == 0)
            {
                off.replay(i + 1, journal, runDir);
            }
        }
        final long events = last.inputEvents();
        if (trading)
        {
            final Map<String, Long> counts = last.outputCounts();
            System.out.printf("  trading per run: %,d decisions, %,d orders, %,d fills, %s trades closed, over %,d input events "
                    + "(1 decision per %,.0f events)%n", counts.getOrDefault("Decision", 0L), counts.getOrDefault("Order", 0L),
                counts.getOrDefault("Fill", 0L), last.summary().getOrDefault("trades", 0L), events,
                counts.getOrDefault("Decision", 0L) == 0 ? Double.NaN : (double)events / counts.get("Decision"));
        }
        System.out.printf("%s%s: median %,.0f events/s, best %,.0f events/s over %d runs of %,d events%n", label,
            trading ? " (trading on)" : "", median(on.rates), best(on.rates), runs, events);
        if (off != null)
        {
            System.out.printf("%s (trading off, same session): median %,.0f events/s, best %,.0f events/s; on/off = %.2f "
                + "(medians)%n", label, median(off.rates), best(off.rates), median(on.rates) / median(off.rates));
        }
    }

    /** One config replayed run after run: its events/s, and the output hash every run of it must reproduce. */
    private static final class Variant
    {
        private final String name;
        private final TraderConfig config;
        private final boolean trading;
        private final List<Double> rates = new ArrayList<>();
        private String hash;

        /**
         * @param name    printed after the run number, null for none
         * @param trading print the run's decisions and fills
         */
        Variant(final String name, final TraderConfig config, final boolean trading)
        {
            this.name = name;
            this.config = config;
            this.trading = trading;
        }

        RunResult replay(final int index, final Path journal, final Path runDir)
        {
            final RunResult run = ReplayRunner.run(journal, config, runDir);
            rates.add(run.eventsPerSecond());
            final Map<String, Long> counts = run.outputCounts();
            System.out.printf("  replay %d%s: %,d events in %.1f ms = %,.0f events/s, %,d output events%s (hash %s)%n", index,
                name == null ? "" : " (" + name + ")", run.inputEvents(), ((Number)run.summary().get("wallTimeMs")).doubleValue(),
                run.eventsPerSecond(), run.outputEvents(), trading
                    ? String.format(", %,d decisions, %,d fills", counts.getOrDefault("Decision", 0L), counts.getOrDefault("Fill", 0L))
                    : "",
                run.outputSha256().substring(0, 16));
            if (hash != null && !hash.equals(run.outputSha256()))
            {
                throw new IllegalStateException("replays of the same journal gave different output hashes");
            }
            hash = run.outputSha256();
            return run;
        }
    }

    private static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double best(final List<Double> values)
    {
        return Collections.max(values);
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay throughput: generate N synthetic events into a journal, then replay it R times through",
            "the full path (reader -> ring -> journal-in -> stages -> journal-out) and print events/s with the conditions."})
    static final class Replay implements Callable<Integer>
    {
        @Option(names = "--events", description = "synthetic events to generate (default: ${DEFAULT-VALUE})", defaultValue = "1000000")
        long events;

        @Option(names = "--runs", description = "timed replays; the first is also warm-up (default: ${DEFAULT-VALUE})", defaultValue = "3")
        int runs;

        @Option(names = "--config", description = "config (default: configs/demo.yaml)")
        Path config;

        @Option(names = "--work", description = "scratch directory (default: ${DEFAULT-VALUE}): written as .NAME.partial beside it and "
            + "removed afterwards; nothing already there is touched", defaultValue = "runs/bench")
        Path work;

        @Option(names = "--compare-trading", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "when the config has strategies, follow each run by one without the trading sections "
                + "(strategies, risk, costs, paper, accounting) and report both and their ratio (default: ${DEFAULT-VALUE})")
        boolean compareTrading;

        @Override
        public Integer call() throws IOException
        {
            if (events <= 0 || runs <= 0)
            {
                throw new IllegalArgumentException("--events and --runs must be positive");
            }
            final TraderConfig cfg = TraderConfig.load(config != null ? config : Home.config("demo.yaml"));
            final SyntheticMarketSettings settings = SyntheticMarketSettings.from(cfg).duration(Duration.ofDays(3650));
            final Instrument instrument = cfg.instruments().resolve(settings.instrument());
            try (OutputDir scratch = OutputDir.scratchBeside(work))
            {
                final Path dir = scratch.staging();
                final Path market = dir.resolve("market");
                final SyntheticMarket.Stats stats;
                try (JournalWriter writer = new JournalWriter(market))
                {
                    stats = new SyntheticMarket(settings, instrument, writer).generate(events);
                }
                System.out.println("bench replay: " + stats);
                final TraderConfig runConfig = DemoCommand.withSyntheticHazard(cfg, market, dir, dir);
                timedReplays("replay throughput", market, runConfig, dir.resolve("run"), runs, compareTrading);
                System.out.println("  conditions: " + RunConditions.oneLine(RunConditions.of(cfg.engine())) + ", config "
                    + (config != null ? config : "configs/demo.yaml") + ", " + stats.total() + " events");
            }
            return 0;
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Market-data throughput on a real capture: (a) import it into a journal as RawMessage events",
            "(messages/s, MB/s of capture text and of journal bytes), (b) replay that journal through the full stage plan",
            "(parse -> book -> bars -> features ...; default configs/replay.yaml) and print events/s with the conditions.",
            "Each step runs R times; medians are reported."})
    static final class Capture implements Callable<Integer>
    {
        @Option(names = "--file", required = true, description = "the capture file (as for 'trader import capture')")
        Path file;

        @Option(names = "--venue", required = true, description = "venue the capture was recorded from: binance-usdm, "
            + "binance-spot, okx, bybit")
        String venue;

        @Option(names = "--symbol", description = "instrument the capture's REST snapshots are for, e.g. BTCUSDT (needed for "
            + "'<ts_ns> <json>' captures such as hftbacktest's)")
        String symbol;

        @Option(names = "--runs", description = "imports and replays, each; the first is also warm-up (default: ${DEFAULT-VALUE})",
            defaultValue = "3")
        int runs;

        @Option(names = "--config", description = "replay config (default: configs/replay.yaml)")
        Path config;

        @Option(names = "--work", description = "scratch directory (default: ${DEFAULT-VALUE}): written as .NAME.partial beside it and "
            + "removed afterwards; nothing already there is touched",
            defaultValue = "runs/bench-capture")
        Path work;

        @Option(names = "--compare-trading", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "when the config has strategies, follow each replay by one without the trading sections "
                + "(strategies, risk, costs, paper, accounting) and report both and their ratio (default: ${DEFAULT-VALUE})")
        boolean compareTrading;

        @Override
        public Integer call() throws IOException
        {
            if (runs <= 0)
            {
                throw new IllegalArgumentException("--runs must be positive");
            }
            if (!Files.isRegularFile(file))
            {
                throw new IllegalArgumentException("no such file: " + file);
            }
            final TraderConfig cfg = TraderConfig.load(config != null ? config : Home.config("replay.yaml"));
            final InstrumentRegistry registry = cfg.instruments();
            final Venue v = Venue.parse(venue);
            Instrument hint = null;
            if (symbol != null)
            {
                hint = symbol.contains(":") ? registry.resolve(symbol) : registry.find(v, symbol);
                if (hint == null || hint.venue() != v)
                {
                    throw new IllegalArgumentException("no instrument " + v.cliName() + ":" + symbol + " in the registry");
                }
            }
            if (hint == null && CaptureImporter.detectFormat(file) == CaptureFormat.TIMESTAMPED_LINES)
            {
                throw new IllegalArgumentException(file + " is a '<ts_ns> <json>' capture: its REST snapshot lines name no "
                    + "symbol, so pass --symbol (the instrument it was captured for)");
            }
            try (OutputDir scratch = OutputDir.scratchBeside(work))
            {
                final Path dir = scratch.staging();
                final Path journal = dir.resolve("capture");
                final long textBytes = textBytes(file);
                final long fileBytes = Files.size(file);

                System.out.printf("bench capture: %s (%,.1f MB on disk, %,.1f MB of text) as %s%n", file, fileBytes / 1e6,
                    textBytes / 1e6, v.cliName());
                final List<double[]> imports = new ArrayList<>();   // {messages/s, text MB/s, journal MB/s}
                CaptureImportResult result = null;
                for (int i = 0; i < runs; i++)
                {
                    OutputDir.deleteTree(journal);
                    final long[] journalBytes = new long[1];
                    final long t0 = System.nanoTime();
                    try (JournalWriter writer = new JournalWriter(journal))
                    {
                        result = new CaptureImporter().importFile(file, v, registry, hint, (buffer, offset, length) ->
                        {
                            journalBytes[0] += length;
                            writer.onEvent(buffer, offset, length);
                        });
                    }
                    final double seconds = (System.nanoTime() - t0) / 1e9;
                    final double[] r = {result.eventsWritten() / seconds, textBytes / 1e6 / seconds, journalBytes[0] / 1e6 / seconds};
                    imports.add(r);
                    System.out.printf("  import %d: %,d messages (%,d rejects) in %.1f ms = %,.0f messages/s, %,.1f MB/s of capture "
                            + "text, %,.1f MB/s into the journal (%,.1f MB)%n", i + 1, result.eventsWritten(), result.rejects(),
                        seconds * 1e3, r[0], r[1], r[2], journalBytes[0] / 1e6);
                }
                System.out.println("  imported " + result);

                System.out.printf("capture import: median %,.0f messages/s, %,.1f MB/s of capture text, %,.1f MB/s into the journal "
                        + "over %d runs of %,d messages%n", median(imports, r -> r[0]), median(imports, r -> r[1]),
                    median(imports, r -> r[2]), runs, result.eventsWritten());
                timedReplays("capture replay", journal, cfg, dir.resolve("run"), runs, compareTrading);
                System.out.println("  conditions: " + RunConditions.oneLine(RunConditions.of(cfg.engine())) + ", config "
                    + (config != null ? config : "configs/replay.yaml"));
            }
            return 0;
        }

        private static double median(final List<double[]> rows, final ToDoubleFunction<double[]> column)
        {
            final double[] values = rows.stream().mapToDouble(column).sorted().toArray();
            return values[values.length / 2];
        }

        /** Uncompressed bytes of the capture (gzip and zip unpacked, as the importer reads it). */
        private static long textBytes(final Path file) throws IOException
        {
            try (java.io.InputStream in = openCapture(file))
            {
                final byte[] chunk = new byte[1 << 16];
                long n = 0;
                for (int r; (r = in.read(chunk)) > 0; )
                {
                    n += r;
                }
                return n;
            }
        }

        private static java.io.InputStream openCapture(final Path file) throws IOException
        {
            final java.io.BufferedInputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            final int b0 = in.read();
            final int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b)
            {
                return new java.util.zip.GZIPInputStream(in, 1 << 16);
            }
            if (b0 == 'P' && b1 == 'K')
            {
                in.close();
                final java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
                    new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16));
                java.util.zip.ZipEntry e;
                while ((e = zip.getNextEntry()) != null && e.isDirectory())
                {
                    // skip folders
                }
                return zip;
            }
            return in;
        }
    }
}
