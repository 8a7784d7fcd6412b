package dev.trader.engine.features;

import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No look-ahead (seed 000 section 0 "features at bar t use info <= close[t]; HTF features must be LAGGED", seed 001
 * "future-perturbation guards"): run bars + repair + features on a real 1 m kline sequence with gaps of 1, 2 and 5
 * bars, record every bar emitted (OHLC, flags, return) and the whole feature vector at every 1 m bar; then, for
 * several times {@code t}, change every input after {@code t} (prices x 1.1; later bars removed, including a run that
 * opens a new gap right after {@code t}; later bars duplicated, a stale bar re-sent late, bars appended; everything
 * after {@code t} cut) and run again. At or before {@code t} nothing may change:
 * <ul>
 *   <li>everything emitted while the inputs up to {@code t} were processed is identical, bit for bit;</li>
 *   <li>no bar closing at or before {@code t} is emitted later than that (no value at {@code t} waits for the
 *       future);</li>
 *   <li>the batch reference, run on each run's repaired frame, gives identical rows up to {@code t}.</li>
 * </ul>
 */
class NoLookAheadTest
{
    private static final long MINUTE = FeatureHarness.MINUTE;

    private final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

    @Test
    void shouldChangeNothingAtOrBeforeTWhenEverythingAfterTChanges() throws IOException
    {
        final Instrument spot = registry.resolve("binance-spot:BTCUSDT");
        final List<SharedData.KlineRow> day = SharedData.klineDays(spot.priceExponent(), spot.qtyExponent(), spot.quoteExponent());
        final List<SharedData.KlineRow> input = new ArrayList<>();
        for (int i = 0; i < 900; i++)
        {
            final boolean gap = i == 50 || i == 120 || i == 121 || (i >= 200 && i <= 204);
            if (!gap)
            {
                input.add(day.get(i));
            }
        }
        final Run original = run(spot, input);
        assertTrue(original.minutes().stream().anyMatch(FeatureHarness.BarRecord::repaired));
        assertTrue(original.minutes().stream().anyMatch(FeatureHarness.BarRecord::regimeBreak));
        assertTrue(original.minutes().stream().anyMatch(FeatureHarness.BarRecord::ready));

        final Map<String, UnaryOperator<List<SharedData.KlineRow>>> perturbations = new LinkedHashMap<>();
        perturbations.put("prices x 1.1", later -> later.stream().map(NoLookAheadTest::scaled).toList());
        perturbations.put("bars removed", later ->
        {
            final List<SharedData.KlineRow> out = new ArrayList<>();
            for (int i = 7; i < later.size(); i++)
            {
                if (i % 5 != 0)
                {
                    out.add(later.get(i));
                }
            }
            return out;
        });
        perturbations.put("bars added", later ->
        {
            final List<SharedData.KlineRow> out = new ArrayList<>();
            for (int i = 0; i < later.size(); i++)
            {
                out.add(later.get(i));
                if (i % 4 == 0)
                {
                    out.add(scaled(later.get(i)));                 // a duplicate minute with other prices
                }
                if (i == 3)
                {
                    out.add(input.get(10));                         // a stale bar re-sent late
                }
            }
            final SharedData.KlineRow last = later.isEmpty() ? input.get(input.size() - 1) : later.get(later.size() - 1);
            for (int k = 1; k <= 30; k++)
            {
                out.add(shifted(last, k));
            }
            return out;
        });
        perturbations.put("cut", later -> List.of());

        int checked = 0;
        for (final int at : new int[]{30, 48, 118, 196, 197, 300, 479, 640, 850})
        {
            final long t = input.get(at).openTimeMs() * 1_000_000L + MINUTE;
            final int prefix = at + 1;
            for (final Map.Entry<String, UnaryOperator<List<SharedData.KlineRow>>> p : perturbations.entrySet())
            {
                final List<SharedData.KlineRow> changed = new ArrayList<>(input.subList(0, prefix));
                changed.addAll(p.getValue().apply(input.subList(prefix, input.size())));
                final Run perturbed = run(spot, changed);
                final String what = p.getKey() + " after t = row " + at;

                final List<FeatureHarness.BarRecord> before = original.emittedWithin(prefix);
                final List<FeatureHarness.BarRecord> after = perturbed.emittedWithin(prefix);
                assertEquals(before.size(), after.size(), what + ": bars emitted up to t");
                for (int i = 0; i < before.size(); i++)
                {
                    assertSame(before.get(i), after.get(i), what + ", bar " + i);
                }
                for (final Run r : List.of(original, perturbed))
                {
                    for (final FeatureHarness.BarRecord b : r.harness().records)
                    {
                        if (b.closeTimeNs() <= t)
                        {
                            assertTrue(b.inputIndex() < prefix, what + ": a bar closing at or before t emitted after t: " + b);
                        }
                    }
                }
                final double[][] batchBefore = original.batch();
                final double[][] batchAfter = perturbed.batch();
                final List<FeatureHarness.BarRecord> minutes = original.minutes();
                for (int i = 0; i < minutes.size() && minutes.get(i).closeTimeNs() <= t; i++)
                {
                    assertArrayEquals(batchBefore[i], batchAfter[i], what + ": batch row " + i);
                    checked++;
                }
            }
        }
        assertTrue(checked > 5_000, "rows compared: " + checked);
    }

    private static void assertSame(final FeatureHarness.BarRecord a, final FeatureHarness.BarRecord b, final String what)
    {
        assertEquals(List.of(a.instrumentId(), a.intervalNs(), a.openTimeNs(), a.closeTimeNs(), a.open(), a.high(), a.low(),
            a.close(), a.volume(), a.tradeCount(), a.flags(), Double.doubleToRawLongBits(a.ret()), a.ready(), a.inputIndex()),
            List.of(b.instrumentId(), b.intervalNs(), b.openTimeNs(), b.closeTimeNs(), b.open(), b.high(), b.low(),
                b.close(), b.volume(), b.tradeCount(), b.flags(), Double.doubleToRawLongBits(b.ret()), b.ready(), b.inputIndex()),
            what);
        assertTrue(Arrays.equals(a.features(), b.features()), what + ": feature vector");
    }

    private static SharedData.KlineRow scaled(final SharedData.KlineRow k)
    {
        return new SharedData.KlineRow(k.openTimeMs(), k.open() * 11 / 10, k.high() * 11 / 10, k.low() * 11 / 10,
            k.close() * 11 / 10, k.volume(), k.quoteVolume() * 11 / 10, k.tradeCount(), k.takerBuyVolume(),
            k.takerBuyQuoteVolume() * 11 / 10);
    }

    private static SharedData.KlineRow shifted(final SharedData.KlineRow k, final int minutes)
    {
        return new SharedData.KlineRow(k.openTimeMs() + minutes * 60_000L, k.open(), k.high() + minutes, k.low(),
            k.close() + minutes, k.volume(), k.quoteVolume(), k.tradeCount(), k.takerBuyVolume(), k.takerBuyQuoteVolume());
    }

    private Run run(final Instrument instrument, final List<SharedData.KlineRow> rows)
    {
        final FeatureHarness h = new FeatureHarness(registry);
        for (final SharedData.KlineRow r : rows)
        {
            h.kline(instrument.id(), r);
        }
        h.end();
        return new Run(h, instrument);
    }

    /** One run's records. */
    private record Run(FeatureHarness harness, Instrument instrument)
    {
        List<FeatureHarness.BarRecord> minutes()
        {
            return harness.minutes(instrument.id());
        }

        /** Every bar emitted while the first {@code inputs} inputs were processed, in order. */
        List<FeatureHarness.BarRecord> emittedWithin(final int inputs)
        {
            return harness.records.stream().filter(r -> r.inputIndex() < inputs).toList();
        }

        /** The batch reference on this run's repaired 1 m frame. */
        double[][] batch()
        {
            final List<FeatureHarness.BarRecord> m = minutes();
            final int n = m.size();
            final long[] open = new long[n];
            final double[] high = new double[n];
            final double[] low = new double[n];
            final double[] close = new double[n];
            final boolean[] regime = new boolean[n];
            for (int i = 0; i < n; i++)
            {
                open[i] = m.get(i).openTimeNs();
                high[i] = FeatureStage.price(m.get(i).high(), instrument.priceExponent());
                low[i] = FeatureStage.price(m.get(i).low(), instrument.priceExponent());
                close[i] = FeatureStage.price(m.get(i).close(), instrument.priceExponent());
                regime[i] = m.get(i).regimeBreak();
            }
            return LeanV1Batch.compute(open, high, low, close, regime);
        }
    }
}
