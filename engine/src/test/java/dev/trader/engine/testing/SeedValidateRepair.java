package dev.trader.engine.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-Java port of seed 000's {@code validate_repair} (section 5, {@code data_io.py}), statement by statement, on a
 * whole frame at once, as the reference the engine's streaming 1 m repair is compared with. Prices and volumes stay
 * the mantissas they were read as (the seed only copies them), so rows compare exactly.
 *
 * <pre>
 *   df["timestamp"] = floor to the minute
 *   out_of_order_flag = int((df["timestamp"].diff().dropna() &lt; 0).any())      # one value for the whole frame
 *   df = df.drop_duplicates("timestamp", keep="first").sort_values("timestamp")
 *   df["dupe_flag"] = 0
 *   reindex to every minute from min to max
 *   for each run of missing minutes, in time order:
 *       len &lt;= 2: OHLC = previous close, volume = 0, repaired_small_gap = 1
 *       len &gt; 2:  regime_break = 1 on the first 3 * len rows after the run that hold data at that moment
 *                 (later runs are not filled yet, so they are skipped over)
 *   dropna(OHLC)
 * </pre>
 */
public final class SeedValidateRepair
{
    /** One input row of the frame. */
    public record Row(long timestampNs, long open, long high, long low, long close, long volume)
    {
    }

    /** One output row with the seed's four flags. */
    public record Out(long timestampNs, long open, long high, long low, long close, long volume, int repairedSmallGap,
                      int regimeBreak, int dupeFlag, int outOfOrderFlag)
    {
    }

    private SeedValidateRepair()
    {
    }

    public static List<Out> validateRepair(final List<Row> input, final long barNs)
    {
        // order, dedupe, snap
        final List<Row> df = new ArrayList<>();
        for (final Row r : input)
        {
            df.add(new Row(Math.floorDiv(r.timestampNs(), barNs) * barNs, r.open(), r.high(), r.low(), r.close(), r.volume()));
        }
        int outOfOrderFlag = 0;
        for (int i = 1; i < df.size(); i++)
        {
            if (df.get(i).timestampNs() < df.get(i - 1).timestampNs())
            {
                outOfOrderFlag = 1;
            }
        }
        final Map<Long, Row> firstByTs = new LinkedHashMap<>();
        for (final Row r : df)
        {
            firstByTs.putIfAbsent(r.timestampNs(), r);
        }
        final List<Row> sorted = new ArrayList<>(firstByTs.values());
        sorted.sort((a, b) -> Long.compare(a.timestampNs(), b.timestampNs()));
        if (sorted.isEmpty())
        {
            return List.of();
        }

        // expected index and reindex
        final long min = sorted.get(0).timestampNs();
        final long max = sorted.get(sorted.size() - 1).timestampNs();
        final int n = (int)((max - min) / barNs) + 1;
        final long[][] ohlcv = new long[n][];
        for (final Row r : sorted)
        {
            ohlcv[(int)((r.timestampNs() - min) / barNs)] = new long[]{r.open(), r.high(), r.low(), r.close(), r.volume()};
        }
        final int[] repaired = new int[n];
        final int[] regime = new int[n];

        // detect missing runs (the mask is taken before any fill, as in the seed)
        final boolean[] missing = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            missing[i] = ohlcv[i] == null;
        }
        int i = 0;
        while (i < n)
        {
            if (!missing[i])
            {
                i++;
                continue;
            }
            final int start = i;
            while (i < n && missing[i])
            {
                i++;
            }
            final int end = i - 1;
            final int gapLen = end - start + 1;
            if (gapLen <= 2)
            {
                final int prev = start - 1;
                if (prev >= 0 && ohlcv[prev] != null)
                {
                    final long prevClose = ohlcv[prev][3];
                    for (int k = start; k <= end; k++)
                    {
                        ohlcv[k] = new long[]{prevClose, prevClose, prevClose, prevClose, 0};
                        repaired[k] = 1;
                    }
                }
            }
            else
            {
                final int embargoNeeded = 3 * gapLen;
                int flagged = 0;
                for (int k = end + 1; k < n && flagged < embargoNeeded; k++)
                {
                    if (ohlcv[k] != null)
                    {
                        regime[k] = 1;
                        flagged++;
                    }
                }
            }
        }

        // dropna, flags
        final List<Out> out = new ArrayList<>();
        for (int k = 0; k < n; k++)
        {
            if (ohlcv[k] == null)
            {
                continue;
            }
            final long[] v = ohlcv[k];
            out.add(new Out(min + k * barNs, v[0], v[1], v[2], v[3], v[4], repaired[k], regime[k], 0, outOfOrderFlag));
        }
        return out;
    }
}
