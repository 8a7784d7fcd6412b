package dev.trader.app;

import dev.trader.codecs.EventType;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.journal.JournalDump;
import dev.trader.journal.JournalIntegrity;
import dev.trader.journal.JournalStats;
import dev.trader.replay.ReplayRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "journal", mixinStandardHelpOptions = true, description = "Inspect a journal.",
    subcommands = {JournalCommand.Dump.class, JournalCommand.Stats.class})
final class JournalCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Print events as readable lines; a damaged stretch prints as a DAMAGED line (exit code 1).")
    static final class Dump implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--journal", required = true, description = "journal directory")
        Path journal;

        @Option(names = "--type", description = "only this event type (e.g. Trade, Bar, BestBidOffer)")
        String type;

        @Option(names = "--limit", description = "at most N lines", defaultValue = "-1")
        long limit;

        @Option(names = "--instruments", description = "registry for printing decimals (default: configs/instruments.yaml)")
        Path instruments;

        @Option(names = "--raw", description = "print prices and quantities as raw mantissas")
        boolean raw;

        @Override
        public Integer call()
        {
            InstrumentRegistry registry = null;
            if (!raw)
            {
                final Path file = instruments != null ? instruments : Home.dir().resolve("configs/instruments.yaml");
                if (instruments != null || Files.isRegularFile(file))
                {
                    registry = InstrumentRegistry.load(file);
                }
            }
            final JournalDump.Result result = JournalDump.dump(journal, type == null ? null : EventType.parse(type), limit, registry,
                System.out);
            System.out.flush();
            return damaged(journal, result.integrity(), spec.commandLine().getErr());
        }
    }

    /** Exit code 1 and a line on stderr naming the first damage when the journal is damaged, else 0. */
    static int damaged(final Path journal, final JournalIntegrity integrity, final PrintWriter err)
    {
        if (!integrity.damaged())
        {
            return 0;
        }
        err.println("trader: journal " + journal + " is damaged: " + integrity.corruptFrames() + " corrupt, "
            + integrity.missingFrames() + " missing frames" + (integrity.truncatedTail() ? " (truncated tail)" : "") + "; first: "
            + integrity.firstDamage().describe());
        return 1;
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Print {\"events\", \"counts\", \"firstTimestampNs\", \"lastTimestampNs\", \"frames\", \"corruptFrames\",",
            "\"missingFrames\", \"truncatedTail\", \"firstDamage\", \"writerClosed\"} as JSON; exit code 1 when damaged."})
    static final class Stats implements Callable<Integer>
    {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--journal", required = true, description = "journal directory")
        Path journal;

        @Override
        public Integer call()
        {
            final JournalStats stats = JournalStats.of(journal);
            System.out.println(ReplayRunner.toJson(stats.toMap()));
            System.out.flush();
            return damaged(journal, stats.integrity(), spec.commandLine().getErr());
        }
    }
}
