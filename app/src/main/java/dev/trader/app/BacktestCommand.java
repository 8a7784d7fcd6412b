package dev.trader.app;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"Replay a journal through the strategies, risk, paper venue and accounting of a config (the same stages",
        "a paper-trading run uses) and write <out>/trades.csv, equity.csv, summary.json and diagnostics.json."})
final class BacktestCommand implements Callable<Integer>
{
    @Option(names = "--journal", required = true, description = "input journal directory (an import, a recording or a run's input/)")
    Path journal;

    @Option(names = "--config", required = true, description = "config YAML with a strategies section, e.g. configs/binance-long.yaml")
    Path config;

    @Option(names = "--out", required = true, description = "run directory (its outputs are replaced)")
    Path out;

    @Override
    public Integer call()
    {
        final TraderConfig cfg = TraderConfig.load(config);
        if (cfg.section("strategies").isMissingNode())
        {
            throw new IllegalArgumentException(config + ": strategies: required for a backtest (use `trader replay` to run the "
                + "market-data stages alone)");
        }
        final RunResult run = ReplayRunner.run(journal, cfg, out);
        Reports.printRun(run, System.out);
        Reports.printTrading(run, System.out);
        return 0;
    }
}
