package dev.trader.replay.trading;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code configs/binance-long.yaml} is a complete runnable config: with its model manifest (which users supply at
 * {@code models/pwin-lean_v1.yaml}) replaced by a generated lean_v1 model, it runs the two Binance Vision days through
 * the full plan, trades, keeps the money identity exact and never shows 5 losses in a row.
 */
class BinanceLongConfigTest
{
    private static final Path CONFIG = BinanceLongRuns.ROOT.resolve("configs/binance-long.yaml");

    @TempDir
    Path tmp;

    @Test
    void shouldRefuseToRunWithoutTheUserSuppliedModel() throws Exception
    {
        final TraderConfig config = TraderConfig.load(CONFIG);
        try (JournalWriter ignored = new JournalWriter(tmp.resolve("none")))
        {
            // an empty journal: the run must stop at building the plan
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ReplayRunner.run(tmp.resolve("none"), config, tmp.resolve("run")));
        assertTrue(ex.getMessage().contains("pwin-lean_v1.yaml"), ex.getMessage());
    }

    @Test
    void shouldRunTheShippedConfigOnTwoDaysWithAGeneratedModel() throws Exception
    {
        SharedFixtures.require(BinanceLongRuns.DAY1);
        SharedFixtures.require(BinanceLongRuns.DAY2);
        final Path manifest = BinanceLongRuns.manifest(tmp, "pwin-lean_v1", 0.2f, "logret_1", 200.0f, "rv_z20", 0.3f);
        final TraderConfig config = TraderConfig.load(CONFIG).with("model", "manifest", manifest.toString());
        final Instrument btc = config.instruments().resolve("binance-spot:BTCUSDT");
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            final BinanceVisionImporter importer = new BinanceVisionImporter();
            importer.importFile(BinanceLongRuns.DAY1, btc, writer);
            importer.importFile(BinanceLongRuns.DAY2, btc, writer);
        }
        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        assertEquals(2880L, run.outputCounts().get("Bar") - 576 - 192 - 48, "1m bars of two days (+ 5m, 15m, 1h)");
        assertTrue(run.outputCounts().getOrDefault("ModelScore", 0L) > 2000, "scores: " + run.outputCounts());

        final BinanceLongRuns.Output out = BinanceLongRuns.read(tmp.resolve("run"));
        assertTrue(out.trades.size() > 0, "trades: " + run.summary().get("riskCounters"));
        BinanceLongTwoDayTest.assertIdentity(out);
        final List<String[]> rows = BinanceLongRuns.tradesCsv(tmp.resolve("run"));
        assertEquals(out.trades.size(), rows.size());
        assertTrue(BinanceLongRuns.maxConsecutiveLosses(rows) <= 4, "seed 000: never 5 losses in a row");
        for (final String[] row : rows)
        {
            assertEquals("binance-spot:BTCUSDT", row[2]);
            assertEquals("pwin_above_threshold", row[16]);
            assertTrue(List.of("tp_target", "liquidation", "risk_max_hold", "end_of_data").contains(row[17]), row[17]);
        }
        assertEquals(out.trades.size(), ((Number)run.summary().get("trades")).intValue());
    }
}
