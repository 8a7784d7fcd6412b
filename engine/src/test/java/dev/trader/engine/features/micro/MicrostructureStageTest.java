package dev.trader.engine.features.micro;

import dev.trader.codecs.sbe.Side;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.trader.engine.features.micro.MicroHarness.at;
import static dev.trader.engine.features.micro.MicroHarness.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-computed features on hand-made books and trades (formulas: {@link MicrostructureCatalog}), and the fail-closed
 * rule: an untrusted book makes every book-based feature not ready until its windows refill.
 */
class MicrostructureStageTest
{
    private static final double[] NONE = {};
    private static final int ID = MicroHarness.INSTRUMENT.id();

    /** 1 m bars; windows of 1 and 2 bars; spread rank over 3 bars (1 needed); Kyle over 3 bars; VPIN 2 x 100 quote. */
    private static MicrostructureSettings small()
    {
        final Duration m1 = Duration.ofMinutes(1);
        final Duration m2 = Duration.ofMinutes(2);
        return new MicrostructureSettings(true, m1, List.of(m1, m2), List.of(m1, m2), Duration.ofMinutes(3), 1,
            Duration.ofMinutes(3), 100.0, 2);
    }

    private static void assertClose(final double expected, final double actual, final String what)
    {
        assertEquals(expected, actual, 1e-12 * Math.max(1.0, Math.abs(expected)), what);
    }

    @Test
    void shouldNameTheDefaultFeaturesAsTheSeedDoesInAFixedOrder()
    {
        final MicrostructureCatalog catalog = MicrostructureCatalog.standard();

        assertEquals(List.of("ofi_l1_1m", "ofi_l1_3m", "ofi_l1_5m", "ofi_l1_15m", "mlofi_l5_1m", "mlofi_l5_5m",
            "mlofi_l20_1m", "mlofi_l20_5m", "mlofi_l5_l20_gap_1m", "microprice_basis_bps", "microprice_basis_change_1m_bps",
            "microprice_basis_change_5m_bps", "spread_ticks", "spread_bps", "spread_rank_24h_pct", "kyle_lambda_30m",
            "kyle_r2_30m", "vpin_50", "replenish_l5_1m", "replenish_l5_5m"), catalog.names());
        for (int i = 0; i < catalog.size(); i++)
        {
            final MicrostructureCatalog.Feature f = catalog.feature(i);
            assertEquals(i, f.index());
            assertEquals(i, catalog.indexOf(f.name()));
            assertFalse(f.formula().isBlank(), f.name());
            assertTrue(f.source().contains("seed 00"), f.name() + " cites a seed: " + f.source());
            assertEquals(f.kind() != MicrostructureCatalog.Kind.VPIN, f.bookBased(), f.name());
        }
        assertEquals(-1, catalog.indexOf("nope"));
        assertEquals(15, catalog.feature(catalog.indexOf("ofi_l1_15m")).windowBars());
        assertEquals(1440, catalog.feature(catalog.indexOf("spread_rank_24h_pct")).windowBars());
    }

    @Test
    void shouldComputeOrderFlowMicropriceSpreadAndReplenishmentByHand()
    {
        final MicroHarness h = new MicroHarness(small());
        // minute 0: the book becomes trusted mid-minute, so bucket 0 is not valid
        h.snapshot(at(0, 100), 100, levels(100.0, 1, 99.9, 2), levels(100.1, 1, 100.2, 2));
        h.update(at(0, 200), 100, 101, 99, NONE, NONE);
        assertTrue(h.book.book(ID).isTrusted());
        h.trade(at(0, 300), 100.0, 0.5, Side.SELL);
        // minute 1
        h.trade(at(1, 100), 100.1, 0.2, Side.BUY);
        assertEquals(at(0, 0), h.micro.lastBarOpenTimeNs(ID));
        assertFalse(h.ready("ofi_l1_1m"), "bucket 0 started untrusted");
        h.update(at(1, 200), 102, 102, 101, levels(100.0, 3), NONE);
        h.update(at(1, 300), 103, 103, 102, NONE, levels(100.1, 0));
        h.trade(at(1, 400), 100.0, 1.0, Side.SELL);
        h.trade(at(2, 100), 100.2, 0.1, Side.BUY);

        assertEquals(at(1, 0), h.micro.lastBarOpenTimeNs(ID));
        // e1: bid 100.0 same price, 1 -> 3: +100.0 * 2.  e2: ask 100.1 removed: level 0 100.1 -> 100.2 (up):
        // +100.1 * 1; level 1 100.2 x 2 -> missing: +100.2 * 2
        final double l1 = 100.0 * 2 + 100.1 * 1;
        final double l5 = l1 + 100.2 * 2;
        final double d1 = 100.0 * 3 + 100.2 * 2;
        final double d5 = 100.0 * 3 + 99.9 * 2 + 100.2 * 2;
        assertClose(l1 / d1, h.value("ofi_l1_1m"), "ofi_l1_1m");
        assertClose(l5 / d5, h.value("mlofi_l5_1m"), "mlofi_l5_1m");
        assertClose(l5 / d5, h.value("mlofi_l20_1m"), "mlofi_l20_1m: only two levels");
        assertClose(0.0, h.value("mlofi_l5_l20_gap_1m"), "gap");
        assertFalse(h.ready("ofi_l1_2m"), "one valid bucket so far");
        assertFalse(h.ready("mlofi_l5_2m"));
        final double micro = (100.0 * 2 + 100.2 * 3) / 5;
        final double mid = (100.0 + 100.2) / 2;
        assertClose((micro / mid - 1) * 1e4, h.value("microprice_basis_bps"), "basis");
        // bucket 0 closed at bid 100.0 x 1 / ask 100.1 x 1: basis 0
        assertClose((micro / mid - 1) * 1e4, h.value("microprice_basis_change_1m_bps"), "basis change");
        assertFalse(h.ready("microprice_basis_change_2m_bps"));
        assertClose(2.0, h.value("spread_ticks"), "spread ticks");
        assertClose(0.2 / mid * 1e4, h.value("spread_bps"), "spread bps");
        assertClose(1.0, h.value("spread_rank_3m_pct"), "one spread: rank (0 + (1 + 1) / 2) / 1");
        assertFalse(h.ready("kyle_lambda_3m"));
        // top-5 depth: bid 299.8 -> 499.8 (nothing consumed, 200 restored); ask 300.5 -> 200.4 (100.1 consumed)
        assertClose(200.0 / 100.1, h.value("replenish_l5_1m"), "replenishment");
        assertFalse(h.micro.ready(ID), "windows of 2 bars are not full");
    }

    @Test
    void shouldMarkBookFeaturesNotReadyWhileUntrustedAndUntilTheWindowsRefill()
    {
        final MicroHarness h = new MicroHarness(small());
        h.snapshot(at(0, 100), 100, levels(100.0, 1, 99.9, 2), levels(100.1, 1, 100.2, 2));
        h.update(at(0, 200), 100, 101, 99, NONE, NONE);
        h.trade(at(0, 300), 100.0, 0.5, Side.SELL);
        h.trade(at(1, 100), 100.1, 0.2, Side.BUY);
        h.update(at(1, 200), 102, 102, 101, levels(100.0, 3), NONE);
        h.update(at(1, 300), 103, 103, 102, NONE, levels(100.1, 0));
        h.trade(at(1, 400), 100.0, 1.0, Side.SELL);
        h.trade(at(2, 100), 100.2, 0.1, Side.BUY);
        assertTrue(h.ready("ofi_l1_1m"));
        assertTrue(h.ready("spread_ticks"));

        // minute 2: a sequence gap (pu 104, the book is at 103): UNTRUSTED, features not ready at once
        h.update(at(2, 200), 105, 105, 104, levels(100.0, 9), NONE);
        assertFalse(h.book.book(ID).isTrusted());
        final MicrostructureCatalog catalog = h.micro.catalog();
        for (final MicrostructureCatalog.Feature f : catalog.features())
        {
            if (f.bookBased())
            {
                assertFalse(h.micro.ready(ID, f.index()), f.name() + " after the gap");
                assertTrue(Double.isNaN(h.micro.value(ID, f.index())), f.name());
            }
        }
        final double[] out = new double[catalog.size()];
        assertFalse(h.micro.copyInto(ID, out));
        assertTrue(Double.isNaN(out[catalog.indexOf("ofi_l1_1m")]));
        h.trade(at(2, 300), 100.0, 0.1, Side.SELL);
        h.trade(at(3, 100), 100.0, 0.1, Side.SELL);
        assertEquals(at(2, 0), h.micro.lastBarOpenTimeNs(ID));
        assertFalse(h.ready("ofi_l1_1m"), "bucket 2 saw an untrusted book");
        assertFalse(h.ready("spread_ticks"));

        // minute 3: a new snapshot is bridged: trusted again mid-minute, bucket 3 still not valid
        h.snapshot(at(3, 200), 200, levels(100.0, 3, 99.9, 2), levels(100.2, 2));
        h.update(at(3, 300), 200, 201, 199, NONE, NONE);
        assertTrue(h.book.book(ID).isTrusted());
        h.trade(at(3, 400), 100.0, 0.1, Side.SELL);
        h.trade(at(4, 100), 100.0, 0.1, Side.SELL);
        assertEquals(at(3, 0), h.micro.lastBarOpenTimeNs(ID));
        assertFalse(h.ready("ofi_l1_1m"), "bucket 3 started untrusted");

        // minute 4: the first valid bucket again; 1-bar windows ready, 2-bar windows not yet
        h.update(at(4, 200), 202, 202, 201, levels(100.0, 4), NONE);
        h.trade(at(4, 300), 100.0, 0.1, Side.SELL);
        h.trade(at(5, 100), 100.0, 0.1, Side.SELL);
        final double d1 = 100.0 * 4 + 100.2 * 2;
        assertClose(100.0 / d1, h.value("ofi_l1_1m"), "ofi_l1_1m after the refill");
        assertTrue(h.ready("spread_ticks"));
        assertFalse(h.ready("ofi_l1_2m"), "2-bar window refilling");
        assertFalse(h.ready("replenish_l5_2m"));

        // minute 5: quiet, valid: the 2-bar windows are full again
        h.trade(at(5, 200), 100.0, 0.1, Side.SELL);
        h.trade(at(6, 100), 100.0, 0.1, Side.SELL);
        assertClose(0.0, h.value("ofi_l1_1m"), "no book event in minute 5");
        assertClose(100.0 / d1, h.value("ofi_l1_2m"), "ofi_l1_2m");
        assertClose(0.0, h.value("microprice_basis_change_1m_bps"), "quiet minute");
        assertTrue(h.ready("replenish_l5_2m"));
        assertTrue(h.micro.counters().get("unusableObservations") >= 2, h.micro.counters().toString());
    }

    @Test
    void shouldFillVpinBucketsSplittingTradesWithoutABook()
    {
        final MicroHarness h = new MicroHarness(small());
        // 100-quote buckets: BUY 150 -> [buy 100 | buy 50 ...]; SELL 100 -> [... sell 50 | sell 50 ...]
        h.trade(at(0, 100), 100.0, 1.5, Side.BUY);
        h.trade(at(0, 200), 100.0, 1.0, Side.SELL);
        h.trade(at(0, 300), 100.0, 1.0, Side.NONE);
        h.trade(at(1, 100), 100.0, 0.5, Side.BUY);

        // bar 0: buckets |100 - 0| and |50 - 50|: (100 + 0) / (2 * 100)
        assertClose(0.5, h.value("vpin_2"), "vpin after two buckets");
        assertFalse(h.ready("ofi_l1_1m"), "no book at all");
        assertEquals(1L, h.micro.counters().get("tradesWithoutAggressor"));

        // bar 1: the third bucket (sell 50 + buy 50) is balanced, the second too
        h.trade(at(2, 100), 100.0, 0.01, Side.BUY);
        assertClose(0.0, h.value("vpin_2"), "vpin of the last two buckets");
        assertEquals(3L, h.micro.counters().get("vpinBuckets"));
    }

    @Test
    void shouldRegressMidReturnsOnSignedVolumeForKyleLambda()
    {
        final MicroHarness h = new MicroHarness(small());
        h.snapshot(at(0, 100), 100, levels(100.0, 1), levels(100.2, 1));
        h.update(at(0, 200), 100, 101, 99, NONE, NONE);
        // minute 1: mid 100.1 -> 100.2, buyers 100.2 quote
        h.update(at(1, 100), 102, 102, 101, levels(100.1, 1), levels(100.3, 1, 100.2, 0));
        h.trade(at(1, 200), 100.2, 1.0, Side.BUY);
        // minute 2: mid -> 100.3, buyers 2 x 100.3
        h.update(at(2, 100), 103, 103, 102, levels(100.2, 1), levels(100.4, 1, 100.3, 0));
        h.trade(at(2, 200), 100.3, 2.0, Side.BUY);
        // minute 3: mid -> 100.25, sellers 100.1
        h.update(at(3, 100), 104, 104, 103, levels(100.2, 0), levels(100.4, 1));
        h.trade(at(3, 200), 100.1, 1.0, Side.SELL);
        h.trade(at(4, 100), 100.1, 0.001, Side.SELL);

        final double[] x = {100.2e-6, 200.6e-6, -100.1e-6};
        final double[] y = {1e4 * Math.log(100.2 / 100.1), 1e4 * Math.log(100.3 / 100.2), 1e4 * Math.log(100.25 / 100.3)};
        final double mx = (x[0] + x[1] + x[2]) / 3;
        final double my = (y[0] + y[1] + y[2]) / 3;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < 3; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        assertEquals(sxy / sxx, h.value("kyle_lambda_3m"), 1e-9 * Math.abs(sxy / sxx), "lambda");
        assertEquals(sxy * sxy / (sxx * syy), h.value("kyle_r2_3m"), 1e-9, "r2");
        assertTrue(h.value("kyle_lambda_3m") > 0, "buying pushed the mid up");
    }

    @Test
    void shouldRefuseWindowsThatAreNotWholeIntervals()
    {
        final Duration m1 = Duration.ofMinutes(1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new MicrostructureSettings(
            true, m1, List.of(Duration.ofSeconds(90)), List.of(m1), Duration.ofHours(1), 1, Duration.ofMinutes(30), 1e6, 50));
        assertTrue(ex.getMessage().contains("microstructure.ofiWindows[0]"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MicrostructureSettings(
            true, m1, List.of(m1), List.of(m1), Duration.ofHours(1), 61, Duration.ofMinutes(30), 1e6, 50));
        assertThrows(IllegalArgumentException.class, () -> new MicrostructureSettings(
            true, m1, List.of(m1), List.of(m1), Duration.ofHours(1), 1, Duration.ofMinutes(2), 1e6, 50));
        assertThrows(IllegalArgumentException.class, () -> new MicrostructureSettings(
            true, m1, List.of(m1), List.of(m1), Duration.ofHours(1), 1, Duration.ofMinutes(30), 0, 50));
        assertThrows(IllegalArgumentException.class, () -> new MicrostructureSettings(
            true, m1, List.of(m1, m1), List.of(m1), Duration.ofHours(1), 1, Duration.ofMinutes(30), 1e6, 50));
    }
}
