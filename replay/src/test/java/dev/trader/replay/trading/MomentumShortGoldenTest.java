package dev.trader.replay.trading;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

class MomentumShortGoldenTest
{
    @TempDir
    Path dir;

    @Test
    void dump() throws Exception
    {
        final Path journal = dir.resolve("in");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = MomentumShortScenario.writeConfig(dir);
        final RunResult r = ReplayRunner.run(journal, config, dir.resolve("run"));
        final MomentumShortScenario.Out out = MomentumShortScenario.read(dir.resolve("run").resolve("output"));
        out.decisions.forEach(System.out::println);
        out.fills.forEach(System.out::println);
        out.closed.forEach(System.out::println);
        out.accounts.forEach(System.out::println);
        System.out.println(Files.readString(dir.resolve("run").resolve("trades.csv")));
        System.out.println(Files.readString(dir.resolve("run").resolve("summary.json")));
    }
}
