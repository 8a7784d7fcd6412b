package dev.trader.app;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.OutputDir;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import dev.trader.replay.ScheduledCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code trader backtest}: a journal through the strategies, risk, paper venue and accounting of a config, with
 * optional scheduled operator commands ({@code --operator}, seed 004 "Kill switch: Set size to zero, cancel all
 * orders"; docs/trading.md "Operator commands").
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = {"Replay a journal through the strategies, risk, paper venue and accounting of a config (the same stages",
        "a paper-trading run uses) and write <out>/trades.csv, equity.csv, summary.json and diagnostics.json."})
final class BacktestCommand implements Callable<Integer>
{
    static final String OPERATOR_OPTION = "--operator";

    @Option(names = "--journal", required = true, description = "input journal directory (an import, a recording or a run's input/)")
    Path journal;

    @Option(names = "--config", required = true, description = "config YAML with a strategies section, e.g. configs/binance-long.yaml")
    Path config;

    @Option(names = "--out", required = true, description = "run directory, written whole or not at all; an earlier run there "
        + "is replaced, anything else only with --force")
    Path out;

    @Mixin
    ForceOption replace;

    @Option(names = OPERATOR_OPTION, paramLabel = "COMMAND@TIME[:instrument[:strategyId]]",
        description = {"an operator command put into the run at TIME (repeatable, in time order): KILL_SWITCH (cancel all,",
            "close every open position at market, block entries) or RESUME; TIME is ISO-8601 UTC ending in Z;",
            "instrument venue:SYMBOL, SYMBOL or all (default all); strategyId 0 = all (default).",
            "e.g. --operator KILL_SWITCH@2024-01-01T01:30:00Z --operator RESUME@2024-01-01T02:00:00Z"})
    List<String> operator = new ArrayList<>();

    @Option(names = SkipCorrupt.OPTION, description = SkipCorrupt.DESCRIPTION)
    boolean skipCorrupt;

    @Override
    public Integer call()
    {
        final OperatorSchedule schedule = parseOperator(operator);
        final TraderConfig cfg = TraderConfig.load(config);
        if (cfg.section("strategies").isMissingNode())
        {
            throw new IllegalArgumentException(config + ": strategies: required for a backtest (use `trader replay` to run the "
                + "market-data stages alone)");
        }
        for (final ScheduledCommand c : schedule.commands())
        {
            if (c.instrument() != null)
            {
                try
                {
                    cfg.instruments().resolve(c.instrument());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException(OPERATOR_OPTION + " " + c.describe() + ": " + ex.getMessage(), ex);
                }
            }
        }
        printOperator(schedule, System.out);
        final RunResult run;
        try (OutputDir dir = OutputDir.forRun("--out", out, replace.force, journal))
        {
            run = SkipCorrupt.hinted(() -> ReplayRunner.run(journal, cfg, dir, List.of(), schedule, skipCorrupt));
        }
        Reports.printRun(run, System.out);
        Reports.printTrading(run, System.out);
        return 0;
    }

    /** Parses every {@code --operator} value; errors name the option and the value. */
    static OperatorSchedule parseOperator(final List<String> values)
    {
        final List<ScheduledCommand> commands = new ArrayList<>();
        for (final String value : values)
        {
            try
            {
                commands.add(ScheduledCommand.parse(value, "trader backtest " + OPERATOR_OPTION + " " + value.trim()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(OPERATOR_OPTION + " " + value + ": " + ex.getMessage(), ex);
            }
        }
        try
        {
            return OperatorSchedule.of(commands);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(OPERATOR_OPTION + ": " + ex.getMessage(), ex);
        }
    }

    static void printOperator(final OperatorSchedule schedule, final PrintStream out)
    {
        for (final ScheduledCommand c : schedule.commands())
        {
            out.println("operator: " + c.describe());
        }
    }
}
