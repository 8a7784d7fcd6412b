package dev.trader.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalStats;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same journal, config and code: same output, byte for byte. Compared run against run, never against a stored hash. */
class ReplayDeterminismTest
{
    private static final List<String> STAGES = List.of("stage.journal-in", "stage.bars", "stage.journal-out");

    @TempDir
    static Path tmp;

    private static TraderConfig config;
    private static Path market;
    private static RunResult run1;
    private static RunResult run2;

    private static SyntheticMarketSettings settings(final long seed)
    {
        return SyntheticMarketSettings.defaults().seed(seed).duration(Duration.ofMinutes(10));
    }

    @BeforeAll
    static void generateAndReplayTwice()
    {
        config = ReplayFixtures.demoConfig();
        market = tmp.resolve("market");
        ReplayFixtures.generate(settings(42), market);
        run1 = ReplayRunner.run(market, config, tmp.resolve("run1"));
        run2 = ReplayRunner.run(market, config, tmp.resolve("run2"));
    }

    @Test
    void shouldProduceSameHashAndIdenticalOutputJournalsWhenReplayedTwice()
    {
        assertEquals(64, run1.outputSha256().length());
        assertEquals(run1.outputSha256(), run2.outputSha256());
        assertEquals(run1.inputEvents(), run2.inputEvents());
        assertEquals(run1.outputEvents(), run2.outputEvents());

        final List<byte[]> out1 = ReplayFixtures.frames(run1.runDir().resolve(ReplayRunner.OUTPUT_DIR));
        final List<byte[]> out2 = ReplayFixtures.frames(run2.runDir().resolve(ReplayRunner.OUTPUT_DIR));
        assertEquals(run1.outputEvents(), out1.size());
        assertEquals(out1.size(), out2.size());
        for (int i = 0; i < out1.size(); i++)
        {
            assertArrayEquals(out1.get(i), out2.get(i), "output frame " + i);
        }
    }

    @Test
    void shouldHashExactlyTheOutputJournalWhenReplayed()
    {
        final OutputHasher hasher = new OutputHasher();
        for (final byte[] frame : ReplayFixtures.frames(run1.runDir().resolve(ReplayRunner.OUTPUT_DIR)))
        {
            hasher.onEvent(new UnsafeBuffer(frame), 0, frame.length);
        }
        assertEquals(run1.outputSha256(), hasher.hex());
    }

    @Test
    void shouldJournalEveryInputUnchangedWhenReplayed()
    {
        final List<byte[]> in = ReplayFixtures.frames(market);
        final List<byte[]> journaled = ReplayFixtures.frames(run1.runDir().resolve(ReplayRunner.INPUT_DIR));
        assertEquals(in.size(), run1.inputEvents());
        assertEquals(in.size(), journaled.size());
        for (int i = 0; i < in.size(); i++)
        {
            assertArrayEquals(in.get(i), journaled.get(i), "input frame " + i);
        }
    }

    @Test
    void shouldProduceSameHashWhenReplayingARunsInputJournal()
    {
        final RunResult replayOfReplay = ReplayRunner.run(run1.runDir().resolve(ReplayRunner.INPUT_DIR), config, tmp.resolve("run-of-input"));
        assertEquals(run1.outputSha256(), replayOfReplay.outputSha256());
        assertEquals(run1.inputEvents(), replayOfReplay.inputEvents());
        assertEquals(run1.outputCounts(), replayOfReplay.outputCounts());
    }

    @Test
    void shouldProduceSameHashWhenRunDirReused()
    {
        final Path dir = tmp.resolve("reused");
        final RunResult first = ReplayRunner.run(market, config, dir);
        final RunResult second = ReplayRunner.run(market, config, dir);
        assertEquals(run1.outputSha256(), first.outputSha256());
        assertEquals(first.outputSha256(), second.outputSha256());
        // the second run replaced the first one's journals instead of appending to them
        assertEquals(second.outputEvents(), JournalStats.of(dir.resolve(ReplayRunner.OUTPUT_DIR)).events());
        assertEquals(second.inputEvents(), JournalStats.of(dir.resolve(ReplayRunner.INPUT_DIR)).events());
    }

    @Test
    void shouldProduceDifferentHashWhenSeedDiffers()
    {
        final Path otherMarket = tmp.resolve("market-seed-43");
        ReplayFixtures.generate(settings(43), otherMarket);
        final RunResult other = ReplayRunner.run(otherMarket, config, tmp.resolve("run-seed-43"));
        assertTrue(other.outputEvents() > 0);
        assertNotEquals(run1.outputSha256(), other.outputSha256());
    }

    @Test
    void shouldGenerateByteIdenticalMarketJournalsWhenSeedRepeated()
    {
        final Path again = tmp.resolve("market-again");
        ReplayFixtures.generate(settings(42), again);
        final List<byte[]> a = ReplayFixtures.frames(market);
        final List<byte[]> b = ReplayFixtures.frames(again);
        assertTrue(a.size() > 1_000, "a 10 minute market has " + a.size() + " events");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertArrayEquals(a.get(i), b.get(i), "market frame " + i);
        }
    }

    @Test
    void shouldEmitValidBarsAndSummaryCountsEqualToOutputJournalWhenReplayed()
    {
        final JournalStats out = JournalStats.of(run1.runDir().resolve(ReplayRunner.OUTPUT_DIR));
        assertEquals(0, out.invalid());
        assertTrue(out.count(EventType.BAR) > 0, "no Bar events in output");
        assertEquals(1, out.count(EventType.BOOK_STATUS), "the synthetic book syncs once and stays trusted");
        // with the hazard gate off (ReplayFixtures) the strategy never enters: accounting's equity series is all it adds
        assertEquals(out.count(EventType.BAR) + out.count(EventType.BOOK_STATUS) + out.count(EventType.ACCOUNT), out.events(),
            "the demo config's stages emit bars, book status and the equity series only");
        assertTrue(out.count(EventType.ACCOUNT) >= 10, "one Account per minute of a 10 minute market: " + out.count(EventType.ACCOUNT));
        assertEquals(run1.outputCounts(), out.counts());
        assertEquals(run1.outputEvents(), out.events());

        final JournalStats in = JournalStats.of(run1.runDir().resolve(ReplayRunner.INPUT_DIR));
        assertEquals(run1.inputEvents(), in.events());
        assertEquals(in.counts(), run1.summary().get("inputCounts"));
        assertEquals(0L, ((Number)run1.summary().get("inputRejectedByReader")).longValue());

        final EventValidator validator = new EventValidator();
        for (final byte[] frame : ReplayFixtures.frames(run1.runDir().resolve(ReplayRunner.OUTPUT_DIR)))
        {
            assertTrue(validator.isValid(new UnsafeBuffer(frame), 0, frame.length), validator.lastError());
        }
    }

    @Test
    void shouldWriteSummaryWithCountsHashAndStageLatenciesWhenReplayed() throws Exception
    {
        final Path file = run1.runDir().resolve(ReplayRunner.SUMMARY_FILE);
        assertTrue(Files.isRegularFile(file));
        final JsonNode summary = new ObjectMapper().readTree(file.toFile());
        for (final String key : List.of("inputEvents", "outputEvents", "outputCounts", "outputSha256", "wallTimeMs",
            "eventsPerSecond", "latencyNs"))
        {
            assertTrue(summary.has(key), "summary.json lacks " + key);
        }
        assertEquals(run1.inputEvents(), summary.get("inputEvents").asLong());
        assertEquals(run1.outputEvents(), summary.get("outputEvents").asLong());
        assertEquals(run1.outputSha256(), summary.get("outputSha256").asText());
        assertEquals(run1.outputCounts().get("Bar").longValue(), summary.get("outputCounts").get("Bar").asLong());
        assertTrue(summary.get("wallTimeMs").asDouble() > 0);
        assertTrue(summary.get("eventsPerSecond").asLong() > 0);

        final JsonNode latency = summary.get("latencyNs");
        for (final String stage : STAGES)
        {
            final JsonNode p = latency.get(stage);
            assertTrue(p != null && p.isObject(), "latencyNs lacks " + stage + ": " + latency);
            assertTrue(p.get("count").asLong() > 0, stage + " count");
            for (final String percentile : List.of("p50", "p99", "p99.9", "max"))
            {
                assertTrue(p.has(percentile), stage + " lacks " + percentile);
                assertTrue(p.get(percentile).asLong() > 0, stage + " " + percentile + " = " + p.get(percentile));
            }
            assertTrue(p.get("p50").asLong() <= p.get("p99").asLong());
            assertTrue(p.get("p99").asLong() <= p.get("p99.9").asLong());
        }
        assertEquals(run1.inputEvents(), latency.get("stage.journal-in").get("count").asLong());
        assertEquals(run1.outputEvents(), latency.get("stage.journal-out").get("count").asLong());
    }

    @Test
    void shouldReadBackLatencyLogWithSameTagsAndWriteHgrmFilesWhenAsked()
    {
        final Map<String, Histogram> histograms = LatencyFiles.read(run1.runDir());
        @SuppressWarnings("unchecked")
        final Map<String, Object> latency = (Map<String, Object>)run1.summary().get("latencyNs");
        assertEquals(new ArrayList<>(latency.keySet()), new ArrayList<>(histograms.keySet()));
        assertTrue(histograms.keySet().containsAll(STAGES));
        for (final String stage : STAGES)
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> p = (Map<String, Object>)latency.get(stage);
            assertEquals(((Number)p.get("count")).longValue(), histograms.get(stage).getTotalCount(), stage);
            assertEquals(((Number)p.get("max")).longValue(), histograms.get(stage).getMaxValue(), stage);
        }

        final List<Path> files = LatencyFiles.writeHgrm(run1.runDir(), histograms);
        assertEquals(histograms.size(), files.size());
        for (final Path f : files)
        {
            assertTrue(Files.isRegularFile(f), f.toString());
            assertTrue(f.getFileName().toString().endsWith(".hgrm"));
        }
        assertTrue(Files.isRegularFile(run1.runDir().resolve("stage.bars.hgrm")));
        assertTrue(LatencyFiles.table(histograms).contains("stage.bars"));
    }
}
