package dev.trader.app;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.dataset.DatasetExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, description = "Export what a journal holds for other tools.",
    subcommands = {ExportCommand.Dataset.class})
final class ExportCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Replay a journal through the config's stages and write a training dataset as CSV, one row per",
            "completed bar of dataset.interval: timestamp (bar open, epoch ms), the feature columns in manifest order,",
            "y_binance_long (seed 000 label_binance_long: 1 / -1) and y_triple_barrier (1 / -1 / 0 timeout / empty).",
            "Prints a JSON summary: rows, wins, losses, unresolved."})
    static final class Dataset implements Callable<Integer>
    {
        @Option(names = "--journal", required = true, description = "input journal (raw wire or parsed events)")
        Path journal;

        @Option(names = "--config", description = "config with dataset: and labels: sections "
            + "(default: configs/dataset-binance-long.yaml)")
        Path config;

        @Option(names = "--out", required = true, description = "the CSV file to write (replaced if present)")
        Path out;

        @Option(names = "--symbol", description = "instrument (SYMBOL or venue:SYMBOL); needed when the journal's bars are "
            + "of several instruments")
        String symbol;

        @Override
        public Integer call()
        {
            final TraderConfig cfg = TraderConfig.load(config != null ? config : Home.config("dataset-binance-long.yaml"));
            final DatasetExport.Result result = DatasetExport.run(journal, cfg, symbol, out);
            System.out.println(ReplayRunner.toJson(result.toJson()));
            return 0;
        }
    }
}
