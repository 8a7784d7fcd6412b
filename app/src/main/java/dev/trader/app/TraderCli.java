package dev.trader.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single {@code trader} command line. */
@Command(
    name = "trader",
    mixinStandardHelpOptions = true,
    version = "trader 0.1.0",
    description = "Low-latency event-driven crypto trading engine: one kernel for live, paper and replay.",
    subcommands = {
        DemoCommand.class,
        ReplayCommand.class,
        BacktestCommand.class,
        RecordCommand.class,
        JournalCommand.class,
        ImportCommand.class,
        BookCommand.class,
        ExportCommand.class,
        LatencyCommand.class,
        ScoreCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class
    })
public final class TraderCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine()
    {
        final CommandLine cl = new CommandLine(new TraderCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            // bad input (a missing file, a bad config key, a checksum mismatch) is a clear message, not a stack trace
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException)
            {
                commandLine.getErr().println("trader: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }
}
