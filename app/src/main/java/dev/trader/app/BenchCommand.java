package dev.trader.app;

import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunConditions;
import dev.trader.replay.RunResult;
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
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "The project's throughput harness.",
    subcommands = {BenchCommand.Replay.class})
final class BenchCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
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

        @Option(names = "--work", description = "scratch directory (default: ${DEFAULT-VALUE}; removed afterwards)", defaultValue = "runs/bench")
        Path work;

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
            ReplayRunner.deleteTree(work);
            Files.createDirectories(work);
            final Path market = work.resolve("market");
            final SyntheticMarket.Stats stats;
            try (JournalWriter writer = new JournalWriter(market))
            {
                stats = new SyntheticMarket(settings, instrument, writer).generate(events);
            }
            System.out.println("bench replay: " + stats);
            final List<Double> rates = new ArrayList<>();
            String hash = null;
            for (int i = 0; i < runs; i++)
            {
                final RunResult run = ReplayRunner.run(market, cfg, work.resolve("run"));
                rates.add(run.eventsPerSecond());
                System.out.printf("  run %d: %,d events in %.1f ms = %,.0f events/s (hash %s)%n", i + 1, run.inputEvents(),
                    ((Number)run.summary().get("wallTimeMs")).doubleValue(), run.eventsPerSecond(), run.outputSha256().substring(0, 16));
                if (hash != null && !hash.equals(run.outputSha256()))
                {
                    throw new IllegalStateException("replays of the same journal gave different output hashes");
                }
                hash = run.outputSha256();
                if (i == runs - 1)
                {
                    System.out.println("  conditions: " + RunConditions.oneLine(RunConditions.of(cfg.engine())));
                }
            }
            final List<Double> sorted = new ArrayList<>(rates);
            Collections.sort(sorted);
            System.out.printf("replay throughput: median %,.0f events/s, best %,.0f events/s over %d runs of %,d events%n",
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), runs, stats.total());
            ReplayRunner.deleteTree(work);
            return 0;
        }
    }
}
