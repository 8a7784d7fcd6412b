package dev.trader.app;

import dev.trader.app.CliHarness.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.trader.app.CliHarness.rootDir;
import static dev.trader.app.CliHarness.trader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code trader} command line, run in process with its output captured. */
class CliTest
{
    private static final Pattern HASH = Pattern.compile("outputSha256\\s+([0-9a-f]{64})");

    @TempDir
    static Path tmp;

    private static String previousHome;
    private static Path demo;
    private static Result demoRun;

    /** What one command printed and returned. */

    private static String hash(final Result r)
    {
        final Matcher m = HASH.matcher(r.out());
        assertTrue(m.find(), "no outputSha256 line in:\n" + r);
        return m.group(1);
    }

    private static List<String> lines(final String text)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : text.split("\\R"))
        {
            if (!line.isBlank())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    @BeforeAll
    static void runDemo()
    {
        previousHome = System.getProperty("trader.home");
        System.setProperty("trader.home", rootDir().toString());
        demo = tmp.resolve("demo");
        demoRun = trader("demo", "--out", demo.toString(), "--duration", "5m");
    }

    @AfterAll
    static void restoreHome()
    {
        if (previousHome == null)
        {
            System.clearProperty("trader.home");
        }
        else
        {
            System.setProperty("trader.home", previousHome);
        }
    }

    /**
     * Acceptance 1 of issue #5: the demo trades (momentum short behind the stand-in hazard gate, through risk, the
     * paper venue and accounting), its summary shows trades, PnL, drawdown and tick-to-decision latency, the reports
     * exist and agree with the summary, cash obeys the accounting identity, and a rerun gives the same hash.
     */
    @Test
    void shouldTradeInTheDemoAndGiveTheSameHashOnRerun() throws Exception
    {
        final Path a = tmp.resolve("demo-trades-a");
        final Path b = tmp.resolve("demo-trades-b");
        final Result first = trader("demo", "--out", a.toString(), "--duration", "40m");
        final Result second = trader("demo", "--out", b.toString(), "--duration", "40m");

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(hash(first), hash(second), "same seed, same output hash");
        assertTrue(first.out().contains("trades ") && first.out().contains("drawdown ") && first.out().contains("net PnL")
            && first.out().contains("ingress-to-decision"), first.out());
        final JsonNode summary = new ObjectMapper().readTree(a.resolve("summary.json").toFile());
        final long trades = summary.get("trades").asLong();
        assertTrue(trades > 0, "the demo trades: " + trades);
        assertEquals(trades + 1, Files.readAllLines(a.resolve("trades.csv")).size(), "one trades.csv row per trade");
        assertTrue(summary.get("latencyNs").get("ingress-to-decision").get("count").asLong() > 0, "decisions were timed");
        assertNotNull(summary.get("maxDrawdown"));
        final java.math.BigDecimal identity = summary.get("initialEquity").decimalValue()
            .add(summary.get("realizedPnl").decimalValue())
            .subtract(summary.get("fees").decimalValue())
            .subtract(summary.get("funding").decimalValue());
        assertEquals(0, identity.compareTo(summary.get("finalEquity").decimalValue()),
            "initial + realized - fees - funding = final (everything is closed at end of data): " + identity);
        assertTrue(summary.get("accountingCheck").get("holds").asBoolean(), summary.get("accountingCheck").toString());
        assertEquals(Files.readString(a.resolve("trades.csv")), Files.readString(b.resolve("trades.csv")));
        assertEquals(Files.readString(a.resolve("equity.csv")), Files.readString(b.resolve("equity.csv")));
    }

    @Test
    void shouldExitZeroAndPrintHashWhenDemoRuns()
    {
        assertEquals(0, demoRun.exitCode(), demoRun.toString());
        assertNotNull(hash(demoRun));
        assertTrue(demoRun.out().contains("trader demo: 5m of synthetic:BTCUSDT from seed 42"), demoRun.out());
        assertTrue(Files.isRegularFile(demo.resolve("summary.json")));
        assertTrue(Files.isRegularFile(demo.resolve("latency.hlog")));
        assertTrue(Files.isDirectory(demo.resolve("market")));
        assertTrue(Files.isDirectory(demo.resolve("input")));
        assertTrue(Files.isDirectory(demo.resolve("output")));
    }

    @Test
    void shouldPrintSameHashWhenDemoRunTwice()
    {
        final Result again = trader("demo", "--out", tmp.resolve("demo-again").toString(), "--duration", "5m");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(hash(demoRun), hash(again));

        final Result otherSeed = trader("demo", "--out", tmp.resolve("demo-seed-7").toString(), "--duration", "5m", "--seed", "7");
        assertEquals(0, otherSeed.exitCode(), otherSeed.toString());
        assertFalse(hash(demoRun).equals(hash(otherSeed)), "a different seed must change the output");
    }

    @Test
    void shouldPrintJsonWithEventsWhenJournalStatsRun() throws Exception
    {
        final Result r = trader("journal", "stats", "--journal", demo.resolve("output").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("\"events\""), r.out());
        final JsonNode stats = new ObjectMapper().readTree(r.out());
        final JsonNode summary = new ObjectMapper().readTree(demo.resolve("summary.json").toFile());
        assertEquals(summary.get("outputEvents").asLong(), stats.get("events").asLong());
        assertEquals(summary.get("outputCounts"), stats.get("counts"));
        assertTrue(stats.get("counts").get("Bar").asLong() > 0, r.out());
    }

    @Test
    void shouldPrintThreeBarLinesWhenJournalDumpFilteredAndLimited()
    {
        final Result r = trader("journal", "dump", "--journal", demo.resolve("output").toString(), "--type", "Bar", "--limit", "3");
        assertEquals(0, r.exitCode(), r.toString());
        final List<String> lines = lines(r.out());
        assertEquals(3, lines.size(), r.out());
        for (final String line : lines)
        {
            assertTrue(line.contains("Bar"), line);
        }
    }

    @Test
    void shouldWriteHgrmFilesWhenLatencyRun() throws Exception
    {
        final Result r = trader("latency", "--run", demo.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("stage.bars"), r.out());
        try (Stream<Path> files = Files.list(demo))
        {
            final List<String> hgrm = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hgrm")).toList();
            assertTrue(hgrm.contains("stage.journal-in.hgrm"), hgrm.toString());
            assertTrue(hgrm.contains("stage.bars.hgrm"), hgrm.toString());
            assertTrue(hgrm.contains("stage.journal-out.hgrm"), hgrm.toString());
        }
    }

    @Test
    void shouldExitTwoWithPathInMessageWhenReplayJournalMissing()
    {
        final Path missing = tmp.resolve("no-such-journal");
        final Result r = trader("replay", "--journal", missing.toString(),
            "--config", rootDir().resolve("configs").resolve("replay.yaml").toString(), "--out", tmp.resolve("replay-out").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains(missing.toString()), r.err());
        assertFalse(r.err().contains("Exception"), "a clear message, not a stack trace: " + r.err());
    }

    @Test
    void shouldExitZeroWithUsageWhenHelpAskedOfEverySubcommand()
    {
        final String[][] commands = {
            {"--help"},
            {"demo", "--help"},
            {"replay", "--help"},
            {"journal", "--help"},
            {"journal", "dump", "--help"},
            {"journal", "stats", "--help"},
            {"latency", "--help"},
            {"bench", "--help"},
            {"bench", "replay", "--help"},
            {"export", "--help"},
            {"export", "dataset", "--help"},
        };
        for (final String[] command : commands)
        {
            final Result r = trader(command);
            assertEquals(0, r.exitCode(), String.join(" ", command) + ": " + r);
            assertTrue(r.out().contains("Usage:"), String.join(" ", command) + ": " + r.out());
        }
    }

    @Test
    void shouldPrintTheSyntheticBookAsTrustedJsonWithSortedUncrossedLevels() throws Exception
    {
        final Result r = trader("book", "--journal", demo.resolve("market").toString(), "--symbol", "synthetic:BTCUSDT",
            "--depth", "5");
        assertEquals(0, r.exitCode(), r::toString);
        final com.fasterxml.jackson.databind.JsonNode book = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("BTCUSDT", book.get("symbol").asText());
        assertTrue(book.get("trusted").asBoolean());
        assertEquals(5, book.get("bids").size());
        assertEquals(5, book.get("asks").size());
        for (int i = 1; i < 5; i++)
        {
            assertTrue(new java.math.BigDecimal(book.get("bids").get(i - 1).get(0).asText())
                .compareTo(new java.math.BigDecimal(book.get("bids").get(i).get(0).asText())) > 0, "bids best first");
            assertTrue(new java.math.BigDecimal(book.get("asks").get(i - 1).get(0).asText())
                .compareTo(new java.math.BigDecimal(book.get("asks").get(i).get(0).asText())) < 0, "asks best first");
        }
        assertTrue(new java.math.BigDecimal(book.get("bids").get(0).get(0).asText())
            .compareTo(new java.math.BigDecimal(book.get("asks").get(0).get(0).asText())) < 0, "uncrossed");
        // the synthetic venue writes one price decimal and three quantity decimals
        assertTrue(book.get("bids").get(0).get(0).asText().matches("\\d+\\.\\d"));
        assertTrue(book.get("bids").get(0).get(1).asText().matches("\\d+\\.\\d{3}"));

        final Result early = trader("book", "--journal", demo.resolve("market").toString(), "--symbol", "synthetic:BTCUSDT",
            "--at", "2024-01-01T00:00:00.150Z");
        assertEquals(0, early.exitCode(), early::toString);
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().readTree(early.out()).get("lastUpdateId").asLong()
            < book.get("lastUpdateId").asLong());

        final Result unknown = trader("book", "--journal", demo.resolve("market").toString(), "--symbol", "NOPE");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("NOPE"), unknown::toString);
    }
}
