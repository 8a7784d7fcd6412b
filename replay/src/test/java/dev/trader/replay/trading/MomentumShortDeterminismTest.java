package dev.trader.replay.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Determinism of a trading backtest (docs/trading.md: the paper venue is fed only by journaled events, so a replay
 * reproduces its fills byte for byte; seed 002 section 7 run directories): the same journal and config replayed twice
 * give the same output hash and byte-identical trades.csv / equity.csv / trading summary, and a replay of the run's
 * own {@code input/} journal gives the same again.
 */
class MomentumShortDeterminismTest
{
    /** Summary keys that legitimately differ between runs (paths, wall clock, host). */
    private static final List<String> VOLATILE = List.of("journal", "wallTimeMs", "eventsPerSecond", "latencyNs",
        "latencyClamped", "conditions");

    @TempDir
    Path dir;

    @Test
    void sameInputsSameOutputsAndTheRunsOwnInputReplaysIdentically() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = MomentumShortScenario.writeConfig(dir);

        final RunResult a = ReplayRunner.run(journal, config, dir.resolve("a"));
        final RunResult b = ReplayRunner.run(journal, config, dir.resolve("b"));
        final RunResult c = ReplayRunner.run(dir.resolve("a").resolve(ReplayRunner.INPUT_DIR), config, dir.resolve("c"));

        assertEquals(5L, a.outputCounts().get("TradeClosed").longValue(), "the scenario trades");
        assertEquals(a.outputSha256(), b.outputSha256(), "same journal + config: same output hash");
        assertEquals(a.outputSha256(), c.outputSha256(), "the run's own input journal: same output hash");
        assertEquals(a.inputEvents(), c.inputEvents());
        for (final String file : List.of("trades.csv", "equity.csv"))
        {
            final byte[] expected = Files.readAllBytes(dir.resolve("a").resolve(file));
            assertTrue(expected.length > 200, file + " has rows");
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("b").resolve(file)), file + " a vs b");
            assertArrayEquals(expected, Files.readAllBytes(dir.resolve("c").resolve(file)), file + " a vs c");
        }
        final JsonNode sa = stable(dir.resolve("a"));
        assertEquals(sa, stable(dir.resolve("b")), "summary a vs b");
        assertEquals(sa, stable(dir.resolve("c")), "summary a vs replay of a's input");
        assertEquals(99_996.432022, sa.path("finalEquity").asDouble(), 0.0);

        // and the identity holds in every one of them
        for (final String run : List.of("a", "b", "c"))
        {
            assertEquals(9_999_643_202_200L, TradingAssertions.assertAccountingIdentity(dir.resolve(run)).cash(), run);
        }
    }

    private static JsonNode stable(final Path run)
    {
        final ObjectNode n = (ObjectNode)TradingAssertions.readSummary(run);
        n.remove(VOLATILE);
        // diagnostics.json names the files; the output journal's name is the same in every run
        return n;
    }
}
