package dev.trader.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.app.CliHarness.Result;
import dev.trader.journal.DamagedJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.trader.app.CliHarness.rootDir;
import static dev.trader.app.CliHarness.trader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acceptance of issue #9 case 2 at the command line: a journal with 4 KiB zeroed in the middle is reported by
 * {@code trader journal stats} (exit 1) and refused by {@code trader replay} and {@code trader backtest} with one line
 * naming the position (exit 2); {@code --skip-corrupt} replays the rest and counts what it skipped.
 */
class DamagedJournalCliTest
{
    @TempDir
    static Path tmp;

    private static String previousHome;
    private static Path market;
    private static Path damaged;
    private static DamagedJournal.Expected expected;
    private static String position;

    @BeforeAll
    static void damagedMarket()
    {
        previousHome = CliHarness.useRepositoryHome();
        final Result demo = trader("demo", "--out", tmp.resolve("demo").toString(), "--duration", "5m");
        assertEquals(0, demo.exitCode(), demo.toString());
        market = tmp.resolve("demo").resolve("market");
        damaged = copy(market, tmp.resolve("damaged"));
        final DamagedJournal journal = DamagedJournal.locate(damaged);
        expected = journal.zero(journal.middle(), 4096);
        position = "index " + expected.firstIndex() + " (" + expected.file() + " byte offset " + expected.firstByteOffset() + ")";
    }

    @AfterAll
    static void restoreHome()
    {
        CliHarness.restoreHome(previousHome);
    }

    private static Path copy(final Path from, final Path to)
    {
        try (Stream<Path> files = Files.list(from))
        {
            Files.createDirectories(to);
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                Files.copy(f, to.resolve(f.getFileName()));
            }
            return to;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String replayConfig()
    {
        return rootDir().resolve("configs").resolve("replay.yaml").toString();
    }

    @Test
    void shouldReportCleanAndExitZeroWhenJournalStatsOfIntactJournal() throws Exception
    {
        final Result r = trader("journal", "stats", "--journal", market.toString());
        assertEquals(0, r.exitCode(), r.toString());
        final JsonNode stats = new ObjectMapper().readTree(r.out());
        assertEquals(stats.get("events").asLong(), stats.get("frames").asLong());
        assertEquals(0, stats.get("corruptFrames").asLong());
        assertEquals(0, stats.get("missingFrames").asLong());
        assertFalse(stats.get("truncatedTail").asBoolean());
        assertTrue(stats.get("firstDamage").isNull());
        assertTrue(stats.get("writerClosed").asBoolean());
        assertEquals("", r.err());
    }

    @Test
    void shouldReportCorruptFramesAndExitOneWhenJournalStatsOfZeroedJournal() throws Exception
    {
        final Result r = trader("journal", "stats", "--journal", damaged.toString());
        assertEquals(1, r.exitCode(), r.toString());
        final JsonNode stats = new ObjectMapper().readTree(r.out());
        assertEquals(expected.framesRead(), stats.get("events").asLong());
        assertEquals(expected.framesRead(), stats.get("frames").asLong());
        assertEquals(expected.corruptFrames(), stats.get("corruptFrames").asLong());
        assertEquals(expected.missingFrames(), stats.get("missingFrames").asLong());
        assertFalse(stats.get("truncatedTail").asBoolean());
        assertEquals(expected.firstIndex(), stats.get("firstDamage").get("index").asLong());
        assertEquals(expected.firstByteOffset(), stats.get("firstDamage").get("byteOffset").asLong());
        assertEquals(expected.firstKind().name(), stats.get("firstDamage").get("kind").asText());
        assertTrue(r.err().contains("is damaged: " + expected.corruptFrames() + " corrupt, " + expected.missingFrames() + " missing frames"),
            r.err());
        assertTrue(r.err().contains(position), r.err());

        final Result dump = trader("journal", "dump", "--journal", damaged.toString(), "--raw");
        assertEquals(1, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("DAMAGED corrupt frame at " + position + ": checksum mismatch"), dump.err());
    }

    @Test
    void shouldRefuseWithPositionWhenReplayOfZeroedJournalThenSkipAndCountWithFlag() throws Exception
    {
        final Result refused = trader("replay", "--journal", damaged.toString(), "--config", replayConfig(), "--out",
            tmp.resolve("refused").toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertEquals("trader: journal " + damaged + " is damaged: corrupt frame at " + position + ": checksum mismatch; --skip-corrupt "
            + "replays the rest and counts what it skips", refused.err().strip());

        final Path out = tmp.resolve("skipped");
        final Result skipped = trader("replay", "--journal", damaged.toString(), "--config", replayConfig(), "--out", out.toString(),
            "--skip-corrupt");
        assertEquals(0, skipped.exitCode(), skipped.toString());
        assertTrue(skipped.out().contains("skipped        " + expected.corruptFrames() + " corrupt and " + expected.missingFrames()
            + " missing journal frames (--skip-corrupt); first: corrupt frame at " + position), skipped.out());
        final JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.get("inputRejectedByReader").asLong());
        assertEquals(2, summary.get("inputCounts").get("InputReject").asLong());
        assertEquals(expected.framesRead() + 2, summary.get("inputEvents").asLong());
        assertEquals(expected.corruptFrames(), summary.get("inputJournal").get("corruptFrames").asLong());
        assertEquals(expected.missingFrames(), summary.get("inputJournal").get("missingFrames").asLong());
    }

    @Test
    void shouldRefuseWithPositionWhenBacktestOfZeroedJournalThenSkipWithFlag() throws Exception
    {
        final Path config = tmp.resolve("backtest.yaml");
        Files.writeString(config, "instruments: " + rootDir().resolve("configs").resolve("instruments.yaml") + "\n"
            + "bars: { intervals: [5s, 1m] }\n"
            + "strategies:\n"
            + "  - { type: momentum_short, id: 1, instrument: \"synthetic:BTCUSDT\", barInterval: 5s, requireHazard: false }\n"
            + "risk: { barInterval: 5s }\n");
        final Result refused = trader("backtest", "--journal", damaged.toString(), "--config", config.toString(), "--out",
            tmp.resolve("bt-refused").toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.err().startsWith("trader: journal " + damaged + " is damaged: corrupt frame at " + position), refused.err());

        final Result skipped = trader("backtest", "--journal", damaged.toString(), "--config", config.toString(), "--out",
            tmp.resolve("bt-skipped").toString(), "--skip-corrupt");
        assertEquals(0, skipped.exitCode(), skipped.toString());
        final JsonNode summary = new ObjectMapper().readTree(tmp.resolve("bt-skipped").resolve("summary.json").toFile());
        assertEquals(expected.framesRead(), summary.get("inputJournal").get("frames").asLong());
        assertEquals(2, summary.get("inputRejectedByReader").asLong());
    }
}
