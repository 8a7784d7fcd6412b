package dev.trader.replay.dataset;

import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayFixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DatasetExport} on eight hand-made 1 m klines around 100.00 imported through the Binance Vision importer.
 * With the seed defaults P_liq = 98.627... and P_tp = 102.817... for an entry at 100: bar 2 reaches 103 (rows 0 and
 * 1 win), bar 4 reaches 98 (rows 2 and 3 lose), nothing resolves rows 4 to 7.
 */
class DatasetExportTest
{
    private static final long T0_MS = 1_704_067_200_000L; // 2024-01-01T00:00Z
    private static final double[][] HIGH_LOW = {
        {100.5, 99.5}, {100.5, 99.5}, {103.0, 99.5}, {100.5, 99.5}, {100.5, 98.0}, {100.5, 99.5}, {100.5, 99.5}, {100.5, 99.5}};

    @TempDir
    Path tmp;

    private Path journal;
    private TraderConfig config;

    @BeforeEach
    void importKlines() throws IOException
    {
        final StringBuilder csv = new StringBuilder();
        for (int i = 0; i < HIGH_LOW.length; i++)
        {
            final long open = T0_MS + i * 60_000L;
            csv.append(String.format(Locale.ROOT, "%d,100.00,%.2f,%.2f,100.00,1.000000,%d,100.00000000,1,0.500000,50.00000000,0%n",
                open, HIGH_LOW[i][0], HIGH_LOW[i][1], open + 59_999));
        }
        final Path file = tmp.resolve("BTCUSDT-1m-2024-01-01.csv");
        Files.writeString(file, csv);
        config = TraderConfig.load(ReplayFixtures.rootDir().resolve("configs").resolve("dataset-binance-long.yaml"));
        final InstrumentRegistry instruments = config.instruments();
        journal = tmp.resolve("journal");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(file, instruments.resolve("binance-spot:BTCUSDT"), writer);
        }
    }

    private static List<String[]> read(final Path csv) throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(csv))
        {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    @Test
    void shouldWriteOneRowPerBarWithSeedLabelsAndEmptyTripleBarrierDuringWarmUp() throws IOException
    {
        final Path out = tmp.resolve("out/dataset.csv");
        final DatasetExport.Result r = DatasetExport.run(journal, config, null, out);

        final List<String[]> rows = read(out);
        assertEquals("timestamp,y_binance_long,y_triple_barrier", String.join(",", rows.get(0)));
        assertEquals(9, rows.size());
        final String[] expected = {"1", "1", "-1", "-1", "-1", "-1", "-1", "-1"};
        for (int i = 0; i < 8; i++)
        {
            assertEquals(Long.toString(T0_MS + i * 60_000L), rows.get(i + 1)[0], "row " + i);
            assertEquals(expected[i], rows.get(i + 1)[1], "row " + i);
            assertEquals("", rows.get(i + 1)[2], "row " + i + ": 60 returns are needed for sigma");
        }
        assertEquals("binance-spot:BTCUSDT", r.instrument());
        assertEquals(8, r.rows());
        assertEquals(Map.of("wins", 2L, "losses", 2L, "unresolved", 4L), r.binanceLong());
        assertEquals(8L, r.tripleBarrier().get("unresolved"));
        assertEquals(0, r.framesSkipped());
        assertTrue(Files.notExists(tmp.resolve("out/dataset.csv.tmp")));
    }

    @Test
    void shouldWriteUnresolvedRowsEmptyWhenConfigured() throws IOException
    {
        final Path file = tmp.resolve("empty-unresolved.yaml");
        Files.writeString(file, "instruments: " + ReplayFixtures.rootDir().resolve("configs/instruments.yaml") + "\n"
            + "bars: { intervals: [1m] }\nlabels:\n  binanceLong: { unresolved: empty }\n");
        final Path out = tmp.resolve("empty.csv");
        DatasetExport.run(journal, TraderConfig.load(file), "binance-spot:BTCUSDT", out);
        final List<String[]> rows = read(out);
        final String[] expected = {"1", "1", "-1", "-1", "", "", "", ""};
        for (int i = 0; i < 8; i++)
        {
            assertEquals(expected[i], rows.get(i + 1)[1], "row " + i);
        }
    }

    /** A stand-in feature source: not ready for the first three bars, then (bar index, open time in minutes). */
    private static final class CountingFeatures implements FeatureVectorSource
    {
        int seen;

        @Override
        public List<String> names()
        {
            return List.of("f_index", "f_minute");
        }

        @Override
        public boolean read(final int instrumentId, final long barOpenTimeNs, final double[] out, final int offset)
        {
            final int index = seen++;
            out[offset] = index;
            out[offset + 1] = barOpenTimeNs / 60_000_000_000L;
            return index >= 3;
        }
    }

    @Test
    void shouldPutFeatureColumnsInOrderAndKeepLabelsWhenWarmUpRowsAreNotExported() throws IOException
    {
        final Path plain = tmp.resolve("plain.csv");
        DatasetExport.run(journal, config, null, plain);
        final Path withFeatures = tmp.resolve("features.csv");
        final DatasetExport.Result r = DatasetExport.run(journal, config, null, withFeatures, stages -> new CountingFeatures());

        final List<String[]> all = read(plain);
        final List<String[]> rows = read(withFeatures);
        assertEquals("timestamp,f_index,f_minute,y_binance_long,y_triple_barrier", String.join(",", rows.get(0)));
        assertEquals(List.of("f_index", "f_minute"), r.features());
        assertEquals(8, r.bars());
        assertEquals(5, r.rows());
        assertEquals(6, rows.size());
        for (int k = 1; k < rows.size(); k++)
        {
            final String[] row = rows.get(k);
            final String[] same = all.get(k + 3);
            assertEquals(same[0], row[0]);
            assertEquals(Double.toString(k + 2), row[1]);
            assertEquals(Double.toString((T0_MS / 60_000L) + k + 2), row[2]);
            assertEquals(same[1], row[3], "y_binance_long of bar " + (k + 2) + " must not depend on exported rows");
            assertEquals(same[2], row[4]);
        }
    }

    @Test
    void shouldAskForASymbolWhenTheJournalHoldsSeveralInstruments() throws IOException
    {
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(tmp.resolve("BTCUSDT-1m-2024-01-01.csv"),
                config.instruments().resolve("binance-usdm:BTCUSDT"), writer);
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DatasetExport.run(journal, config, null, tmp.resolve("x.csv")));
        assertTrue(ex.getMessage().contains("pass --symbol"), ex.getMessage());
        assertTrue(ex.getMessage().contains("binance-usdm:BTCUSDT") && ex.getMessage().contains("binance-spot:BTCUSDT"),
            ex.getMessage());

        final DatasetExport.Result r = DatasetExport.run(journal, config, "binance-usdm:BTCUSDT", tmp.resolve("usdm.csv"));
        assertEquals("binance-usdm:BTCUSDT", r.instrument());
        assertEquals(8, r.rows());
    }

    @Test
    void shouldRefuseAMissingJournalAndAnInstrumentWithoutBars()
    {
        assertThrows(IllegalArgumentException.class,
            () -> DatasetExport.run(tmp.resolve("none"), config, null, tmp.resolve("x.csv")));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DatasetExport.run(journal, config, "binance-usdm:ETHUSDT", tmp.resolve("x.csv")));
        assertTrue(ex.getMessage().contains("no 1m bars of binance-usdm:ETHUSDT"), ex.getMessage());
    }
}
