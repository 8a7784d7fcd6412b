package dev.trader.app;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.OutputDir;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay an input journal through the same ring and stages as a live run (the backtest).",
        "Writes <out>/input, <out>/output, <out>/summary.json and <out>/latency.hlog."})
final class ReplayCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, description = "input journal directory")
    Path journal;

    @Option(names = "--config", required = true, description = "config YAML, e.g. configs/replay.yaml")
    Path config;

    @Option(names = "--out", required = true, description = "run directory, written whole or not at all; an earlier run there "
        + "is replaced, anything else only with --force")
    Path out;

    @Option(names = SkipCorrupt.OPTION, description = SkipCorrupt.DESCRIPTION)
    boolean skipCorrupt;

    @Mixin
    ForceOption replace;

    @Override
    public Integer call()
    {
        final TraderConfig cfg = TraderConfig.load(config);
        final RunResult run;
        try (OutputDir dir = OutputDir.forRun("--out", out, replace.force, journal))
        {
            run = SkipCorrupt.hinted(() -> ReplayRunner.run(journal, cfg, dir, List.of(), OperatorSchedule.NONE, skipCorrupt));
        }
        Reports.printRun(run, System.out);
        return 0;
    }
}
