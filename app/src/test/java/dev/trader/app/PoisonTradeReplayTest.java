package dev.trader.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #9 case 1 as a user meets it: the first 400 lines of the Binance USD-M capture plus one {@code @trade} line with
 * {@code "q":"10000000000.000"} (price x qty overflows a long), imported with {@code trader import capture} and replayed
 * with {@code trader replay}. The replay used to exit 1 with no summary; now it exits 0, the trade is counted as
 * refused (OUT_OF_RANGE) in the printed stage counters and in summary.json.
 */
class PoisonTradeReplayTest
{
    private static final Path SHARED = Path.of(System.getProperty("trader.shared.dir", "../../shared"));

    @TempDir
    Path tmp;

    @Test
    void shouldReplayACaptureWithAnOverflowingTradeAndExitZero() throws IOException
    {
        final Path capture = SHARED.resolve("data/binance-usdm/capture-btcusdt-20240808.gz");
        assumeTrue(Files.isRegularFile(capture), "shared data absent: " + capture);
        final List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(capture)),
            StandardCharsets.UTF_8)))
        {
            String line;
            while (lines.size() < 400 && (line = in.readLine()) != null)
            {
                lines.add(line);
            }
        }
        final String trade = lines.stream().filter(l -> l.contains("\"btcusdt@trade\"")).findFirst().orElseThrow();
        final String last = lines.get(lines.size() - 1);
        lines.add(last.substring(0, last.indexOf(' ')) + " "
            + trade.substring(trade.indexOf(' ') + 1).replaceFirst("\"q\":\"[0-9.]+\"", "\"q\":\"10000000000.000\""));
        final Path file = tmp.resolve("poisoned.txt");
        Files.write(file, lines, StandardCharsets.UTF_8);

        final Path journal = tmp.resolve("journal");
        final CliHarness.Result imported = CliHarness.trader("import", "capture", "--venue", "binance-usdm", "--file", file.toString(),
            "--journal", journal.toString(), "--symbol", "BTCUSDT", "--instruments",
            CliHarness.rootDir().resolve("configs/instruments.yaml").toString());
        assertEquals(0, imported.exitCode(), imported.toString());
        final Path out = tmp.resolve("run");
        final CliHarness.Result replay = CliHarness.trader("replay", "--journal", journal.toString(), "--config",
            CliHarness.rootDir().resolve("configs/replay.yaml").toString(), "--out", out.toString());

        assertEquals(0, replay.exitCode(), replay.toString());
        assertTrue(replay.out().contains("parse={rawMessages=401, noParserForVenue=0, rejected=1, rejected.OUT_OF_RANGE=1, "
            + "internalErrors=0, sanityChecked=401, sanity.OVERFLOW=0, sanity.OFF_TICK=0, sanity.OUT_OF_RANGE=1, sanity.CLOCK_SKEW=0}"),
            replay.out());
        assertTrue(replay.out().contains("internal errors 0 stage exceptions contained"), replay.out());
        final JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(401, summary.path("inputEvents").asLong());
        assertEquals(1, summary.path("outputCounts").path("InputReject").asLong());
        assertEquals(1, summary.path("stageCounters").path("parse").path("sanity.OUT_OF_RANGE").asLong());
        assertEquals(0, summary.path("internalErrors").asLong());
    }
}
