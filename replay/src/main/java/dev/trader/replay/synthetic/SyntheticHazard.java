package dev.trader.replay.synthetic;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.gates.CsvHazardSource;
import dev.trader.journal.JournalReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The demo's stand-in for seed 002's 1 m hazard model: a per-minute probability written as the CSV the hazard gate
 * joins (seed 002 section 2, {@code timestamp,prob}). The synthetic market has no trained hazard model, so this one
 * is a transparent rule computed from trades strictly before the minute it scores (no look-ahead):
 * <pre>
 *   v(m)   = realized variance of minute m: sum of squared log returns between consecutive trade prices
 *   r(m)   = v(m-5) + ... + v(m-1)                                   (the last five minutes)
 *   p(m)   = r(m) / (r(m) + 5 x median(v(m-60) .. v(m-1)))           (first 10 minutes: no probability)
 * </pre>
 * So p is 0.5 when the last five minutes were as turbulent as the last hour's median minute, and rises toward 1
 * after a burst; summing five minutes keeps a turbulent spell open for several minutes, as a hazard regime would.
 * Arithmetic is StrictMath and the median is over a sorted copy, so the file is identical on every JDK.
 */
public final class SyntheticHazard
{
    static final int MEDIAN_WINDOW = 60;
    static final int RECENT_MINUTES = 5;
    static final int WARMUP_MINUTES = 10;
    private static final long MINUTE_NS = CsvHazardSource.MINUTE_NS;

    private SyntheticHazard()
    {
    }

    /** Reads the Trade events of {@code marketJournal} and writes the per-minute probabilities to {@code csv}. */
    public static int write(final Path marketJournal, final Path csv)
    {
        final TreeMap<Long, double[]> minutes = new TreeMap<>();
        final TradeDecoder trade = new TradeDecoder();
        final long[] lastPrice = {0};
        try (JournalReader reader = new JournalReader(marketJournal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (Events.templateId(buffer, offset) != TradeDecoder.TEMPLATE_ID)
                {
                    return;
                }
                trade.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                final long price = trade.price();
                final long minute = CsvHazardSource.minuteOf(trade.exchangeTsNs());
                final double[] v = minutes.computeIfAbsent(minute, k -> new double[1]);
                if (lastPrice[0] > 0 && price > 0)
                {
                    final double r = StrictMath.log((double)price / lastPrice[0]);
                    v[0] += r * r;
                }
                lastPrice[0] = price;
            });
        }
        final long[] keys = minutes.keySet().stream().mapToLong(Long::longValue).toArray();
        int rows = 0;
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII))
        {
            out.write(CsvHazardSource.DEFAULT_TIMESTAMP_COLUMN + "," + CsvHazardSource.DEFAULT_PROBABILITY_COLUMN + "\n");
            for (int i = WARMUP_MINUTES; i < keys.length; i++)
            {
                // only minutes strictly before keys[i], and contiguous ones: a silent minute has variance 0
                final double[] window = new double[Math.min(MEDIAN_WINDOW, i)];
                for (int k = 0; k < window.length; k++)
                {
                    final long m = keys[i] - (k + 1) * MINUTE_NS;
                    final double[] v = minutes.get(m);
                    window[k] = v == null ? 0.0 : v[0];
                }
                double last = 0;
                for (int k = 0; k < Math.min(RECENT_MINUTES, window.length); k++)
                {
                    last += window[k];
                }
                final double[] sorted = window.clone();
                Arrays.sort(sorted);
                final double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
                final double p = last + RECENT_MINUTES * median > 0 ? last / (last + RECENT_MINUTES * median) : 0.0;
                out.write(Long.toString(keys[i] / 1_000_000L));
                out.write(',');
                out.write(String.format(Locale.ROOT, "%.6f", p));
                out.write('\n');
                rows++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + csv, ex);
        }
        return rows;
    }
}
