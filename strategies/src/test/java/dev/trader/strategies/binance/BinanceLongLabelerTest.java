package dev.trader.strategies.binance;

import dev.trader.strategies.labels.OhlcBars;
import dev.trader.strategies.labels.SameBarPolicy;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BinanceLongLabeler} on hand-made bars around 100.0, where the seed defaults give (Q = 5.5, N = 550):
 * P_liq = 100 + (2.2 - 10 + 0.2475) / 5.5 = 98.627..., P_tp = 100 + (15 + 0.495) / 5.5 = 102.817...
 */
class BinanceLongLabelerTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final double FLAT = 100.0;

    /** Flat bars at 100 (range 99.5 .. 100.5: neither barrier) with the given highs and lows overriding. */
    private static OhlcBars bars(final int n, final double[][] overrides)
    {
        final long[] t = new long[n];
        final double[] o = new double[n];
        final double[] h = new double[n];
        final double[] l = new double[n];
        final double[] c = new double[n];
        for (int i = 0; i < n; i++)
        {
            t[i] = 1_700_000_000_000_000_000L + i * MINUTE;
            o[i] = FLAT;
            h[i] = 100.5;
            l[i] = 99.5;
            c[i] = FLAT;
        }
        for (final double[] ov : overrides)
        {
            final int i = (int)ov[0];
            h[i] = ov[1];
            l[i] = ov[2];
        }
        return new OhlcBars(t, o, h, l, c);
    }

    private static BinanceLongLabelSettings settings(final SameBarPolicy sameBar, final long verticalNs)
    {
        final BinanceLongLabelSettings d = BinanceLongLabelSettings.seedDefaults();
        return new BinanceLongLabelSettings(d.riskUsdt(), d.leverage(), d.fees(), d.targetPnlUsdt(), d.takerBothSides(),
            d.entryPrice(), sameBar, verticalNs, d.unresolved(), d.tiers());
    }

    private static BinanceLongLabels seedLabels(final OhlcBars bars)
    {
        return new BinanceLongLabeler(BinanceLongLabelSettings.seedDefaults()).label(bars);
    }

    @Test
    void shouldComputeEntryQtyAndPricesFromTheNextCloseAsTheSeed()
    {
        final BinanceLongLabels y = seedLabels(bars(4, new double[0][]));
        final double q = (10.0 * 55.0) / FLAT;
        final double n = FLAT * q;
        assertEquals(FLAT, y.entryPx(0));
        assertEquals(q, y.qty(0), 1e-12);
        assertEquals(n, y.notional(0), 1e-12);
        assertEquals(n * 0.004, y.mm(0), 1e-12);
        assertEquals(FLAT + (n * 0.004 - 10.0 + n * 0.00045) / q, y.pLiq(0), 1e-12);
        assertEquals(FLAT + (15.0 + n * (0.00045 * 2.0)) / q, y.pTp(0), 1e-12);
    }

    @Test
    void shouldLabelWinWhenHighReachesTakeProfitBeforeLowReachesLiquidation()
    {
        final BinanceLongLabels y = seedLabels(bars(6, new double[][]{{3, 103.0, 99.5}, {4, 100.5, 98.0}}));
        assertEquals(1, y.y(0));
        assertEquals(3, y.tHitIdx(0));
        assertEquals(1, y.y(2));
        assertEquals(-1, y.y(3), "bar 3 enters at its successor's close; bar 4 then liquidates");
        assertEquals(4, y.tHitIdx(3));
    }

    @Test
    void shouldLabelLossWhenLowReachesLiquidationFirst()
    {
        final BinanceLongLabels y = seedLabels(bars(6, new double[][]{{2, 100.5, 98.6}, {4, 103.0, 99.5}}));
        assertEquals(-1, y.y(0));
        assertEquals(2, y.tHitIdx(0));
        assertTrue(y.resolved(0));
    }

    @Test
    void shouldScanFromTheEntryBarItselfAsTheSeedDoes()
    {
        // the seed scans j = i+1 .. n-1 while entering at bar i+1's close: bar i+1's own range counts
        final BinanceLongLabels y = seedLabels(bars(4, new double[][]{{1, 103.0, 99.5}}));
        assertEquals(1, y.y(0));
        assertEquals(1, y.tHitIdx(0));
    }

    @Test
    void shouldResolveASameBarConflictByThePolicy()
    {
        final OhlcBars b = bars(4, new double[][]{{2, 103.0, 98.0}});
        final BinanceLongLabels loss = new BinanceLongLabeler(settings(SameBarPolicy.LOSS, 0)).label(b);
        assertEquals(-1, loss.y(0));
        assertEquals(2, loss.tHitIdx(0));
        final BinanceLongLabels tp = new BinanceLongLabeler(settings(SameBarPolicy.TP, 0)).label(b);
        assertEquals(1, tp.y(0));
        assertEquals(2, tp.tHitIdx(0));
        final BinanceLongLabels skip = new BinanceLongLabeler(settings(SameBarPolicy.SKIP, 0)).label(b);
        assertEquals(-1, skip.y(0), "skip keeps the seed's default loss");
        assertEquals(-1, skip.tHitIdx(0));
        assertFalse(skip.resolved(0));
    }

    @Test
    void shouldLeaveTheDefaultLossWithoutHitWhenNothingResolvesAndForTheLastBar()
    {
        final BinanceLongLabels y = seedLabels(bars(5, new double[0][]));
        for (int i = 0; i < 5; i++)
        {
            assertEquals(-1, y.y(i));
            assertEquals(-1, y.tHitIdx(i));
            assertFalse(y.resolved(i));
        }
        assertTrue(Double.isNaN(y.entryPx(4)));
        assertTrue(Double.isNaN(y.pLiq(4)));
        assertTrue(Double.isNaN(y.pTp(4)));
    }

    @Test
    void shouldEnterAtTheNextOpenWhenConfigured()
    {
        final long[] t = {0, MINUTE, 2 * MINUTE};
        final OhlcBars b = new OhlcBars(t, new double[]{100, 200, 100}, new double[]{100, 200, 100},
            new double[]{100, 100, 100}, new double[]{100, 100, 100});
        final BinanceLongLabelSettings d = BinanceLongLabelSettings.seedDefaults();
        final BinanceLongLabelSettings nextOpen = new BinanceLongLabelSettings(d.riskUsdt(), d.leverage(), d.fees(),
            d.targetPnlUsdt(), d.takerBothSides(), BinanceLongLabelSettings.EntryPrice.NEXT_OPEN, d.resolveSameBar(), 0,
            d.unresolved(), d.tiers());
        final BinanceLongLabels y = new BinanceLongLabeler(nextOpen).label(b);
        assertEquals(200.0, y.entryPx(0));
        assertEquals(-1, y.y(0), "entered at 200, the lows of 100 liquidate");
        assertEquals(100.0, seedLabels(b).entryPx(0));
    }

    @Test
    void shouldStopTheScanAtTheVerticalBarrierWhenOneIsSet()
    {
        final OhlcBars b = bars(8, new double[][]{{6, 103.0, 99.5}});
        assertEquals(1, seedLabels(b).y(0), "no time limit: bar 6 wins");
        final BinanceLongLabels limited = new BinanceLongLabeler(settings(SameBarPolicy.LOSS, 5 * MINUTE)).label(b);
        assertEquals(-1, limited.y(0));
        assertFalse(limited.resolved(0), "bars 1..5 only");
        assertEquals(1, limited.y(1), "bar 6 opens 5 minutes after bar 1");
    }

    @Test
    void shouldGiveARowTheSameLabelWhateverBarsPrecedeIt()
    {
        final OhlcBars all = bars(10, new double[][]{{2, 100.5, 98.0}, {5, 103.0, 99.5}, {8, 103.0, 98.0}});
        final BinanceLongLabels full = seedLabels(all);
        final int from = 4;
        final int m = all.size() - from;
        final long[] t = new long[m];
        final double[] o = new double[m];
        final double[] h = new double[m];
        final double[] l = new double[m];
        final double[] c = new double[m];
        for (int i = 0; i < m; i++)
        {
            t[i] = all.openTimeNs(from + i);
            o[i] = all.open(from + i);
            h[i] = all.high(from + i);
            l[i] = all.low(from + i);
            c[i] = all.close(from + i);
        }
        final BinanceLongLabels tail = seedLabels(new OhlcBars(t, o, h, l, c));
        final int[] expected = Arrays.copyOfRange(labels(full), from, all.size());
        assertEquals(Arrays.toString(expected), Arrays.toString(labels(tail)));
    }

    private static int[] labels(final BinanceLongLabels y)
    {
        final int[] out = new int[y.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = y.y(i);
        }
        return out;
    }
}
