package dev.trader.engine.features;

import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Acceptance (SCOPE "each feature computed incrementally in the engine must equal a batch reference on the same
 * data"): the feature stage's vector at every 1 m bar equals {@link LeanV1Batch}'s row, on real data:
 * <ul>
 *   <li>the two Binance Vision BTCUSDT spot 1 m kline days (2,880 bars, no gaps): every feature defined from its
 *       warm-up on, the whole vector ready from bar 300 (rv_z60: 60 + 240 - 1 returns);</li>
 *   <li>1 m bars built from the Binance USD-M capture's market trades (~6 minutes: 5 completed bars): what is
 *       defined there (logret_1, the range features, streak, the 5 m EMAs of the one completed 5 m bar) matches, the
 *       rest is NaN in both.</li>
 * </ul>
 *
 * <p>Tolerance: {@code |engine - batch| <= 1e-9 * max(|engine|, |batch|)}, or {@code <= 1e-12} absolutely for
 * values that are themselves within 1e-3 of zero (a sum that cancels to near zero has no relative precision). The
 * engine and the batch sum the same values in the same order for means and variances, but skew and kurt (pandas' raw
 * power sums in the batch, centred sums in the engine) and the EWMs (explicit weights in the batch, pandas'
 * recurrences in the engine) round differently; the largest differences seen are printed by the test.
 */
class FeatureParityTest
{
    static final double REL_TOLERANCE = 1e-9;
    static final double ABS_TOLERANCE = 1e-12;
    private static final double NEAR_ZERO = 1e-3;

    private final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

    @Test
    void shouldEqualBatchReferenceOnTwoVisionKlineDays() throws IOException
    {
        final Instrument spot = registry.resolve("binance-spot:BTCUSDT");
        final List<SharedData.KlineRow> rows = SharedData.klineDays(spot.priceExponent(), spot.qtyExponent(), spot.quoteExponent());
        assertEquals(2880, rows.size());
        final FeatureHarness harness = new FeatureHarness(registry);
        for (final SharedData.KlineRow row : rows)
        {
            harness.kline(spot.id(), row);
        }
        harness.end();
        final List<FeatureHarness.BarRecord> minutes = harness.minutes(spot.id());
        assertEquals(2880, minutes.size(), "one 1 m bar per kline, none repaired");

        // the batch works from the CSV rows, not from the engine's bars
        final int n = rows.size();
        final long[] open = new long[n];
        final double[] high = new double[n];
        final double[] low = new double[n];
        final double[] close = new double[n];
        for (int i = 0; i < n; i++)
        {
            final SharedData.KlineRow k = rows.get(i);
            open[i] = k.openTimeMs() * 1_000_000L;
            high[i] = FeatureStage.price(k.high(), spot.priceExponent());
            low[i] = FeatureStage.price(k.low(), spot.priceExponent());
            close[i] = FeatureStage.price(k.close(), spot.priceExponent());
            assertEquals(open[i], minutes.get(i).openTimeNs());
            assertEquals(k.close(), minutes.get(i).close());
            assertFalse(minutes.get(i).repaired() || minutes.get(i).regimeBreak());
        }
        final double[][] expected = LeanV1Batch.compute(open, high, low, close, new boolean[n]);
        final double[] worst = compare(minutes, expected, "vision klines");

        // warm-up: the whole vector is ready from row 299 on (rv_z60 needs 60 + 240 - 1 returns after row 0)
        for (int i = 0; i < n; i++)
        {
            assertEquals(i >= 299, minutes.get(i).ready(), "ready at row " + i);
        }
        assertEquals(2880 / 5, harness.ofInterval(spot.id(), 5 * FeatureHarness.MINUTE).size(), "5 m bars aggregated from 1 m");
        assertEquals(2880 / 15, harness.ofInterval(spot.id(), 15 * FeatureHarness.MINUTE).size());
        assertEquals(48, harness.ofInterval(spot.id(), 60 * FeatureHarness.MINUTE).size());
        report("vision klines", worst);
    }

    @Test
    void shouldEqualBatchReferenceOnMinuteBarsBuiltFromUsdmTrades() throws IOException
    {
        final Instrument usdm = registry.resolve("binance-usdm:BTCUSDT");
        final List<SharedData.TradeRow> trades = SharedData.usdmTrades(usdm.priceExponent(), usdm.qtyExponent());
        assertTrue(trades.size() > 20_000, "market trades in the capture: " + trades.size());
        final FeatureHarness harness = new FeatureHarness(registry);
        for (final SharedData.TradeRow t : trades)
        {
            harness.trade(usdm.id(), t);
        }
        harness.end();

        // the batch builds its own 1 m OHLC from the trades: pandas resample("1min") of the trade prices; the last
        // minute has no later trade to close it, so it is not a completed bar
        final List<long[]> bars = new ArrayList<>();
        for (final SharedData.TradeRow t : trades)
        {
            final long minute = Math.floorDiv(t.tradeTimeMs() * 1_000_000L, FeatureHarness.MINUTE) * FeatureHarness.MINUTE;
            final long[] last = bars.isEmpty() ? null : bars.get(bars.size() - 1);
            if (last == null || last[0] != minute)
            {
                bars.add(new long[]{minute, t.price(), t.price(), t.price(), t.price()});
            }
            else
            {
                last[2] = Math.max(last[2], t.price());
                last[3] = Math.min(last[3], t.price());
                last[4] = t.price();
            }
        }
        bars.remove(bars.size() - 1);
        final List<FeatureHarness.BarRecord> minutes = harness.minutes(usdm.id());
        assertEquals(bars.size(), minutes.size());
        assertEquals(5, minutes.size(), "23:54 (from 23:54:16) to 23:58; 23:59 never closes");
        final int n = bars.size();
        final long[] open = new long[n];
        final double[] high = new double[n];
        final double[] low = new double[n];
        final double[] close = new double[n];
        for (int i = 0; i < n; i++)
        {
            final long[] b = bars.get(i);
            assertArrayEquals(b, new long[]{minutes.get(i).openTimeNs(), minutes.get(i).open(), minutes.get(i).high(),
                minutes.get(i).low(), minutes.get(i).close()}, "1 m bar " + i);
            open[i] = b[0];
            high[i] = FeatureStage.price(b[2], usdm.priceExponent());
            low[i] = FeatureStage.price(b[3], usdm.priceExponent());
            close[i] = FeatureStage.price(b[4], usdm.priceExponent());
        }
        final double[][] expected = LeanV1Batch.compute(open, high, low, close, new boolean[n]);
        final double[] worst = compare(minutes, expected, "usdm trades");

        // what is defined after ~6 minutes
        final FeatureHarness.BarRecord lastBar = minutes.get(n - 1);
        for (final String name : List.of("logret_1", "atr_14", "tr_pct", "streak_len", "ema5m_20", "ema5m_200", "gap_to_ema5m20",
            "weekend", "regime_break"))
        {
            final int index = FeatureCatalog.indexOf(name);
            if (name.equals("atr_14"))
            {
                assertTrue(Double.isNaN(lastBar.features()[index]), "atr_14 needs 14 true ranges");
                continue;
            }
            assertTrue(Double.isFinite(lastBar.features()[index]), name + " defined at the last bar");
        }
        for (final String name : List.of("logret_5", "roll_vol_20", "parkinson_20", "ema15m_20", "zdist_ema200_5m", "rv_z20"))
        {
            assertTrue(Double.isNaN(lastBar.features()[FeatureCatalog.indexOf(name)]), name + " still warming up");
        }
        assertEquals(0.0, lastBar.features()[FeatureCatalog.WEEKEND], "2024-08-08 was a Thursday");
        assertFalse(lastBar.ready());
        report("usdm trades", worst);
    }

    /**
     * Asserts every value within tolerance, NaN exactly where the batch has NaN.
     *
     * @return the largest relative difference seen per feature
     */
    static double[] compare(final List<FeatureHarness.BarRecord> minutes, final double[][] expected, final String what)
    {
        assertEquals(expected.length, minutes.size(), what + ": rows");
        final double[] worst = new double[FeatureCatalog.COUNT];
        for (int i = 0; i < expected.length; i++)
        {
            final double[] actual = minutes.get(i).features();
            for (int f = 0; f < FeatureCatalog.COUNT; f++)
            {
                final double e = expected[i][f];
                final double a = actual[f];
                final String where = what + " row " + i + " " + FeatureCatalog.leanV1().get(f).name();
                if (Double.isNaN(e) || Double.isNaN(a))
                {
                    if (Double.isNaN(e) != Double.isNaN(a))
                    {
                        fail(where + ": batch " + e + ", engine " + a);
                    }
                    continue;
                }
                final double scale = Math.max(Math.abs(a), Math.abs(e));
                final double diff = Math.abs(a - e);
                if (scale > 0)
                {
                    worst[f] = Math.max(worst[f], scale < NEAR_ZERO ? 0 : diff / scale);
                }
                final double allowed = scale < NEAR_ZERO ? Math.max(ABS_TOLERANCE, REL_TOLERANCE * scale) : REL_TOLERANCE * scale;
                if (diff > allowed)
                {
                    fail(where + ": batch " + e + ", engine " + a + ", |diff| " + diff + " > " + allowed);
                }
            }
        }
        return worst;
    }

    static void report(final String what, final double[] worst)
    {
        final StringBuilder sb = new StringBuilder("largest relative engine-batch difference per feature (" + what + "):");
        for (int f = 0; f < worst.length; f++)
        {
            if (worst[f] > 0)
            {
                sb.append(' ').append(FeatureCatalog.leanV1().get(f).name()).append('=').append(String.format("%.1e", worst[f]));
            }
        }
        System.out.println(sb);
    }
}
