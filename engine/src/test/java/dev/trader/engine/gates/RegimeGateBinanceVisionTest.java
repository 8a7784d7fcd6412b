package dev.trader.engine.gates;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.Regime;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The regime gate's ADX, +DI and -DI on real data: two days of Binance Vision BTCUSDT spot 1 m klines (2,880 bars,
 * read in place from {@code trader.shared.dir}), fed as completed 1 m bars, against a batch Wilder computation
 * written here independently (the "average" form: ATR-style means of TR, +DM, -DM, not the stage's running sums),
 * bar by bar to 1e-9.
 */
class RegimeGateBinanceVisionTest
{
    private static final int ID = 11;
    private static final int PERIOD = 14;
    private static final double TOLERANCE = 1e-9;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.BINANCE_SPOT, "BTCUSDT", "0.01", "0.00001", -2, -6, -8)));

    /** One kline row: open time, and the price/volume cells as written. */
    private record Kline(long openTimeMs, String open, String high, String low, String close, String volume)
    {
    }

    @Test
    void shouldMatchABatchWilderAdxOnTwoDaysOfBinanceKlinesBarByBar() throws IOException
    {
        final List<Kline> klines = new ArrayList<>();
        klines.addAll(read("BTCUSDT-1m-2020-01-01.zip"));
        klines.addAll(read("BTCUSDT-1m-2020-01-02.zip"));
        assertEquals(2880, klines.size());

        final int n = klines.size();
        final double[] high = new double[n];
        final double[] low = new double[n];
        final double[] close = new double[n];
        for (int i = 0; i < n; i++)
        {
            high[i] = Double.parseDouble(klines.get(i).high());
            low[i] = Double.parseDouble(klines.get(i).low());
            close[i] = Double.parseDouble(klines.get(i).close());
        }
        final double[][] reference = batchWilder(high, low, close, PERIOD);

        final RegimeGateStage stage = new RegimeGateStage(REGISTRY, RegimeSettings.defaults().requireSpread(false), null, null);
        final GateEvents events = new GateEvents();
        int firstAdx = -1;
        for (int i = 0; i < n; i++)
        {
            final Kline k = klines.get(i);
            events.bar(stage, ID, GateEvents.MINUTE, k.openTimeMs() * 1_000_000L,
                Decimals.parse(k.open(), -2), Decimals.parse(k.high(), -2), Decimals.parse(k.low(), -2),
                Decimals.parse(k.close(), -2), Decimals.parse(k.volume(), -6), false);
            assertClose(reference[0][i], stage.plusDi(ID), "+DI", i);
            assertClose(reference[1][i], stage.minusDi(ID), "-DI", i);
            assertClose(reference[2][i], stage.adx(ID), "ADX", i);
            if (firstAdx < 0 && !Double.isNaN(stage.adx(ID)))
            {
                firstAdx = i;
            }
        }
        assertEquals(2 * PERIOD - 1, firstAdx, "ADX first exists on bar 2n = 28 (index 27)");

        // the warm-up: nothing before warmUpBars() bars, then a classification and its reasons
        final List<GateEvents.Change> changes = events.changes();
        assertTrue(!changes.isEmpty(), "two days of BTC 1 m bars classify at least once");
        final GateEvents.Change first = changes.get(0);
        assertEquals(Regime.UNKNOWN, first.previous());
        assertNotEquals(Regime.UNKNOWN, first.regime());
        final long firstBarOpenMs = klines.get(RegimeSettings.defaults().warmUpBars() - 1).openTimeMs();
        assertEquals(firstBarOpenMs * 1_000_000L + GateEvents.MINUTE, first.exchangeTsNs(), "first change on bar warmUpBars()");
        assertEquals(stage.counters().get("changes").longValue(), changes.size());
        for (final GateEvents.Change c : changes)
        {
            assertNotEquals(c.previous(), c.regime());
            assertEquals("dwell.bars", c.reasons().get(c.reasons().size() - 1).key());
        }
    }

    /** {+DI, -DI, ADX} per bar, NaN where not yet defined; Wilder's averages, computed over whole arrays. */
    private static double[][] batchWilder(final double[] high, final double[] low, final double[] close, final int p)
    {
        final int n = close.length;
        final double[] tr = new double[n];
        final double[] pdm = new double[n];
        final double[] mdm = new double[n];
        for (int i = 1; i < n; i++)
        {
            tr[i] = Math.max(high[i] - low[i], Math.max(Math.abs(high[i] - close[i - 1]), Math.abs(low[i] - close[i - 1])));
            final double up = high[i] - high[i - 1];
            final double down = low[i - 1] - low[i];
            pdm[i] = up > down && up > 0 ? up : 0;
            mdm[i] = down > up && down > 0 ? down : 0;
        }
        final double[] plusDi = nan(n);
        final double[] minusDi = nan(n);
        final double[] dx = nan(n);
        final double[] adx = nan(n);
        double atr = 0;
        double apdm = 0;
        double amdm = 0;
        for (int i = 1; i <= p; i++)
        {
            atr += tr[i] / p;
            apdm += pdm[i] / p;
            amdm += mdm[i] / p;
        }
        for (int i = p; i < n; i++)
        {
            if (i > p)
            {
                atr = (atr * (p - 1) + tr[i]) / p;
                apdm = (apdm * (p - 1) + pdm[i]) / p;
                amdm = (amdm * (p - 1) + mdm[i]) / p;
            }
            plusDi[i] = atr == 0 ? 0 : 100 * apdm / atr;
            minusDi[i] = atr == 0 ? 0 : 100 * amdm / atr;
            final double sum = plusDi[i] + minusDi[i];
            dx[i] = sum == 0 ? 0 : 100 * Math.abs(plusDi[i] - minusDi[i]) / sum;
        }
        final int first = 2 * p - 1;
        double mean = 0;
        for (int i = p; i <= first; i++)
        {
            mean += dx[i];
        }
        adx[first] = mean / p;
        for (int i = first + 1; i < n; i++)
        {
            adx[i] = (adx[i - 1] * (p - 1) + dx[i]) / p;
        }
        return new double[][]{plusDi, minusDi, adx};
    }

    private static double[] nan(final int n)
    {
        final double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    private static void assertClose(final double expected, final double actual, final String what, final int bar)
    {
        if (Double.isNaN(expected))
        {
            assertTrue(Double.isNaN(actual), () -> what + " at bar index " + bar + ": expected none, got " + actual);
            return;
        }
        assertEquals(expected, actual, TOLERANCE, () -> what + " at bar index " + bar);
    }

    private static List<Kline> read(final String name) throws IOException
    {
        final Path zip = SharedFixtures.require("data/binance-vision/spot-klines-1m/" + name);
        final List<Kline> rows = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip)))
        {
            final ZipEntry entry = in.getNextEntry();
            assertTrue(entry != null && entry.getName().endsWith(".csv"), "one CSV in " + zip);
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (line.isBlank() || !Character.isDigit(line.charAt(0)))
                {
                    continue; // a header row, when the file has one
                }
                final String[] c = line.split(",");
                rows.add(new Kline(Long.parseLong(c[0]), c[1], c[2], c[3], c[4], c[5]));
            }
        }
        return rows;
    }
}
