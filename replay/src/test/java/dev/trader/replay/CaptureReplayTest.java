package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.codecs.EventType;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.journal.JournalStats;
import dev.trader.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance: real Binance captures imported as raw wire and replayed through the parse stage yield exactly the
 * market events the captures hold (SOURCES.md counts), with no reject anywhere.
 */
class CaptureReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();

    @Test
    void shouldReplayUsdmHftbacktestCaptureIntoEveryMarketEvent(@TempDir final Path tmp) throws Exception
    {
        final Map<String, Long> out = importAndReplay(tmp, "data/binance-usdm/capture-btcusdt-20240808.gz", Venue.BINANCE_USDM,
            "binance-usdm:BTCUSDT", 93_953, 1);

        assertEquals(66_089L, out.get("BestBidOffer"));
        assertEquals(21_313L, out.get("Trade"));
        assertEquals(6_551L, out.get("DepthUpdate"));
        assertEquals(1L, out.get("DepthSnapshot"));
    }

    @Test
    void shouldReplaySpotHftbacktestCaptureIntoEveryMarketEvent(@TempDir final Path tmp) throws Exception
    {
        final Map<String, Long> out = importAndReplay(tmp, "data/binance-spot/capture-btcusdt-20240808.gz", Venue.BINANCE_SPOT,
            "binance-spot:BTCUSDT", 41_248, 1);

        assertEquals(28_040L, out.get("BestBidOffer"));
        assertEquals(9_757L, out.get("Trade"));
        assertEquals(3_451L, out.get("DepthUpdate"));
        assertEquals(1L, out.get("DepthSnapshot"));
    }

    @Test
    void shouldReplayUsdmCryptofeedLogWithItsRestSnapshots(@TempDir final Path tmp) throws Exception
    {
        final Map<String, Long> out = importAndReplay(tmp, "data/binance-usdm/cryptofeed-4sym.ws.log", Venue.BINANCE_USDM,
            null, 613 + 764 + 91 + 67, 4);

        assertEquals(613L, out.get("BestBidOffer"));
        assertEquals(764L, out.get("DepthUpdate"));
        assertEquals(91L, out.get("Trade"));
        assertEquals(67L, out.get("Kline"));
        assertEquals(4L, out.get("DepthSnapshot"));
    }

    @Test
    void shouldReplaySpotCryptofeedLogWithItsRestSnapshots(@TempDir final Path tmp) throws Exception
    {
        final Map<String, Long> out = importAndReplay(tmp, "data/binance-spot/cryptofeed-4sym.ws.log", Venue.BINANCE_SPOT,
            null, 177 + 84 + 2 + 2, 4);

        assertEquals(177L, out.get("DepthUpdate"));
        assertEquals(84L, out.get("BestBidOffer"));
        assertEquals(2L, out.get("Trade"));
        assertEquals(2L, out.get("Kline"));
        assertEquals(4L, out.get("DepthSnapshot"));
    }

    private static Map<String, Long> importAndReplay(
        final Path tmp,
        final String capture,
        final Venue venue,
        final String hint,
        final long webSocketMessages,
        final long restMessages) throws Exception
    {
        final Path file = SHARED.resolve(capture);
        SharedFixtures.require(file);
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/replay.yaml"));
        final Instrument instrument = hint == null ? null : config.instruments().resolve(hint);

        final Path journal = tmp.resolve("journal");
        final CaptureImportResult imported;
        try (JournalWriter writer = new JournalWriter(journal))
        {
            imported = new CaptureImporter().importFile(file, venue, config.instruments(), instrument, writer);
        }
        assertEquals(0, imported.rejects(), imported.toString());
        assertEquals(webSocketMessages, imported.webSocketMessages(), imported.toString());
        assertEquals(restMessages, imported.restMessages(), imported.toString());
        assertEquals(webSocketMessages + restMessages, JournalStats.of(journal).count(EventType.RAW_MESSAGE));

        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        final Map<String, Long> out = run.outputCounts();
        assertFalse(out.containsKey("InputReject"), "no reject: " + run.summary().get("stageCounters") + " " + out);
        assertEquals(webSocketMessages + restMessages, run.inputEvents());
        return out;
    }
}
