package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.adapters.binance.vision.ImportResult;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalStats;
import dev.trader.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance: a Binance Vision 1 m kline day, imported then replayed, yields 1,440 one-minute bars equal to the klines,
 * plus the 5 m, 15 m and 1 h bars aggregated from them (288 + 96 + 24), and an empty gap report.
 */
class BinanceVisionReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();

    @Test
    void shouldReplayImportedKlinesIntoEqualOneMinuteBars(@TempDir final Path tmp) throws Exception
    {
        final Path zip = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
        SharedFixtures.require(zip);
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/replay.yaml"));
        final Instrument instrument = config.instruments().resolve("binance-spot:BTCUSDT");

        final Path journal = tmp.resolve("klines");
        final ImportResult imported;
        try (JournalWriter writer = new JournalWriter(journal))
        {
            imported = new BinanceVisionImporter().importFile(zip, instrument, writer);
        }
        assertEquals(1440, imported.events(EventType.KLINE));
        assertEquals(1440, JournalStats.of(journal).count(EventType.KLINE));

        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        assertEquals(1440L + 288 + 96 + 24, run.outputCounts().get("Bar"));
        assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(ReplayRunner.GAPS_FILE)));
        assertEquals(0L, ((java.util.Map<?, ?>)run.summary().get("dataGaps")).get("gaps"));

        final List<long[]> klines = new ArrayList<>();
        final KlineDecoder k = new KlineDecoder();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                k.wrap(buffer, offset + 8, KlineDecoder.BLOCK_LENGTH, KlineDecoder.SCHEMA_VERSION);
                klines.add(new long[]{k.openTimeNs(), k.intervalNs(), k.open(), k.high(), k.low(), k.close(), k.volume(),
                    k.quoteVolume(), k.tradeCount(), k.takerBuyVolume(), k.volume() - k.takerBuyVolume(), k.closeTimeNs()});
            });
        }
        final List<long[]> bars = new ArrayList<>();
        final BarDecoder b = new BarDecoder();
        try (JournalReader reader = new JournalReader(tmp.resolve("run").resolve(ReplayRunner.OUTPUT_DIR)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                b.wrap(buffer, offset + 8, BarDecoder.BLOCK_LENGTH, BarDecoder.SCHEMA_VERSION);
                assertTrue(b.flags().fromKline());
                if (b.intervalNs() != 60_000_000_000L)
                {
                    return;
                }
                bars.add(new long[]{b.openTimeNs(), b.intervalNs(), b.open(), b.high(), b.low(), b.close(), b.volume(),
                    b.quoteVolume(), b.tradeCount(), b.buyVolume(), b.sellVolume(), b.exchangeTsNs()});
            });
        }
        assertEquals(klines.size(), bars.size());
        for (int i = 0; i < klines.size(); i++)
        {
            for (int f = 0; f < klines.get(i).length; f++)
            {
                assertEquals(klines.get(i)[f], bars.get(i)[f], "bar " + i + " field " + f);
            }
        }
    }
}
