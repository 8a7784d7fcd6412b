package dev.trader.app;

import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.OutputDir;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import dev.trader.replay.synthetic.SyntheticHazard;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"The built-in default: generate a seeded synthetic market (no download, no network), journal it,",
        "replay it through the engine and print the summary. Same seed, same output hash."})
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--out", description = "run directory (default: ${DEFAULT-VALUE}), written whole or not at all; an earlier "
        + "run there is replaced, anything else only with --force", defaultValue = "runs/demo")
    Path out;

    @Mixin
    ForceOption replace;

    @Option(names = "--config", description = "config (default: configs/demo.yaml)")
    Path config;

    @Option(names = "--seed", description = "override synthetic.seed")
    Long seed;

    @Option(names = "--duration", description = "override synthetic.duration, e.g. 30m, 3h")
    String duration;

    @Override
    public Integer call()
    {
        final TraderConfig cfg = TraderConfig.load(config != null ? config : Home.config("demo.yaml"));
        final SyntheticMarketSettings settings = SyntheticMarketSettings.from(cfg);
        if (seed != null)
        {
            settings.seed(seed);
        }
        if (duration != null)
        {
            settings.duration(TraderConfig.parseDuration(duration));
        }
        final Instrument instrument = cfg.instruments().resolve(settings.instrument());
        final RunResult run;
        try (OutputDir dir = OutputDir.forRun("--out", out, replace.force))
        {
            final Path market = dir.staging().resolve("market");
            final long t0 = System.nanoTime();
            final SyntheticMarket.Stats stats;
            try (JournalWriter writer = new JournalWriter(market))
            {
                stats = new SyntheticMarket(settings, instrument, writer).generate();
            }
            System.out.printf("trader demo: %s of %s from seed %d, %s -> %s (%.1f s)%n",
                TraderConfig.formatDuration(settings.duration()), instrument.key(), settings.seed(), stats, dir.shown(market),
                (System.nanoTime() - t0) / 1e9);
            final TraderConfig runConfig = withSyntheticHazard(cfg, market, dir.staging(), dir.shown(dir.staging()));
            run = ReplayRunner.run(market, runConfig, dir, List.of(), OperatorSchedule.NONE);
        }
        System.out.println();
        Reports.printRun(run, System.out);
        Reports.printTrading(run, System.out);
        return 0;
    }

    /**
     * When the config's hazard gate is on, the synthetic market needs probabilities: the stand-in model
     * ({@link SyntheticHazard}, past minutes only) is written into {@code dir} (shown as {@code shownDir}, where it
     * will be once the run is committed) and the config points the gate at it.
     */
    static TraderConfig withSyntheticHazard(final TraderConfig cfg, final Path market, final Path dir, final Path shownDir)
    {
        if (!cfg.boolOr(cfg.section("hazard"), "hazard", "enabled", false))
        {
            return cfg;
        }
        final Path hazard = dir.resolve("hazard.csv").toAbsolutePath();
        final int minutes = SyntheticHazard.write(market, hazard);
        System.out.printf("hazard: %d minute probabilities (stand-in model: trailing realized variance) -> %s%n", minutes,
            shownDir.resolve("hazard.csv"));
        return cfg.with("hazard", "file", hazard.toString());
    }
}
