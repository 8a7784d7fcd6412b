package dev.trader.engine.book;

import dev.trader.engine.Venue;
import org.junit.jupiter.api.Test;

import static dev.trader.engine.book.SequenceRule.APPLY;
import static dev.trader.engine.book.SequenceRule.GAP;
import static dev.trader.engine.book.SequenceRule.STALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every venue's rule at each of its boundaries, one id either side, with the book's last id at 100. The mutation
 * profile found that only Bybit's boundary was pinned; each case below names the mutant it kills.
 */
class SequenceRuleTest
{
    private static final long LAST = 100;

    @Test
    void shouldMapEachVenueToItsRule()
    {
        assertEquals(SequenceRule.BINANCE_USDM, SequenceRule.of(Venue.BINANCE_USDM));
        assertEquals(SequenceRule.BINANCE_USDM, SequenceRule.of(Venue.SYNTHETIC), "the synthetic market numbers like USD-M");
        assertEquals(SequenceRule.BINANCE_SPOT, SequenceRule.of(Venue.BINANCE_SPOT));
        assertEquals(SequenceRule.OKX, SequenceRule.of(Venue.OKX));
        assertEquals(SequenceRule.BYBIT, SequenceRule.of(Venue.BYBIT));
        assertFalse(SequenceRule.BINANCE_USDM.snapshotInStream());
        assertFalse(SequenceRule.BINANCE_SPOT.snapshotInStream());
        assertTrue(SequenceRule.OKX.snapshotInStream());
        assertTrue(SequenceRule.BYBIT.snapshotInStream());
    }

    @Test
    void shouldBridgeUsdmWhenTheFirstDiffContainsTheSnapshotId()
    {
        final SequenceRule r = SequenceRule.BINANCE_USDM;
        // drop u < L: u = 99 is stale, u = 100 (== L) is not (kills 'lastId < last' -> '<=')
        assertEquals(STALE, r.classify(90, 99, -1, LAST, true));
        assertEquals(APPLY, r.classify(90, 100, -1, LAST, true));
        // U <= L <= u: U = 100 applies, U = 101 is a gap (kills 'firstId <= last' -> '<')
        assertEquals(APPLY, r.classify(100, 105, -1, LAST, true));
        assertEquals(GAP, r.classify(101, 105, -1, LAST, true));
        assertEquals(101, r.received(101, 105, 99, true), "the first diff's U is what was received");
        assertEquals(LAST, r.expected(LAST));
        assertEquals("first diff [101, 105] does not contain snapshot lastUpdateId 100",
            r.describeGap(101, 105, 99, LAST, true));
    }

    @Test
    void shouldChainUsdmDiffsByPu()
    {
        final SequenceRule r = SequenceRule.BINANCE_USDM;
        // after the first diff: u <= previous u is stale (kills '<=' -> '<': a repeat would be checked by pu)
        assertEquals(STALE, r.classify(95, 100, 95, LAST, false));
        assertEquals(APPLY, r.classify(101, 104, 100, LAST, false));
        assertEquals(GAP, r.classify(102, 104, 101, LAST, false));
        assertEquals(101, r.received(102, 104, 101, false), "pu is what was received");
        assertEquals("pu 101 != previous u 100", r.describeGap(102, 104, 101, LAST, false));
    }

    @Test
    void shouldBridgeSpotWhenTheFirstDiffContainsTheSnapshotIdPlusOne()
    {
        final SequenceRule r = SequenceRule.BINANCE_SPOT;
        // drop u <= L: u = 100 is stale, u = 101 applies (kills 'lastId <= last' -> '<')
        assertEquals(STALE, r.classify(95, 100, -1, LAST, true));
        assertEquals(APPLY, r.classify(101, 101, -1, LAST, true));
        // U <= L + 1: U = 101 applies, U = 102 is a gap (kills 'firstId <= last + 1' -> '<')
        assertEquals(APPLY, r.classify(90, 110, -1, LAST, true));
        assertEquals(GAP, r.classify(102, 110, -1, LAST, true));
        assertEquals(101, r.expected(LAST));
        assertEquals(102, r.received(102, 110, -1, true));
        assertEquals("first diff [102, 110] does not contain snapshot lastUpdateId+1 101",
            r.describeGap(102, 110, -1, LAST, true));
    }

    @Test
    void shouldTreatARepeatedSpotDiffAsStaleNotAsAGap()
    {
        final SequenceRule r = SequenceRule.BINANCE_SPOT;
        // the same diff again (u == previous u): stale, no resync (kills 'lastId <= last' -> '<' on the chained path,
        // under which it became a GAP: U 96 != 101)
        assertEquals(STALE, r.classify(96, 100, -1, LAST, false));
        assertEquals(APPLY, r.classify(101, 103, -1, LAST, false));
        assertEquals(GAP, r.classify(102, 103, -1, LAST, false));
        assertEquals(GAP, r.classify(100, 103, -1, LAST, false), "an overlapping diff is not consecutive either");
        assertEquals("U 102 != previous u + 1 = 101", r.describeGap(102, 103, -1, LAST, false));
    }

    @Test
    void shouldChainOkxBySeqIdsAndTreatARepeatAsStale()
    {
        final SequenceRule r = SequenceRule.OKX;
        assertEquals(APPLY, r.classify(-1, 105, 100, LAST, false), "prevSeqId == previous seqId");
        assertEquals(APPLY, r.classify(-1, 100, 100, LAST, false), "heartbeat: prevSeqId == seqId == previous");
        assertEquals(APPLY, r.classify(-1, 5, -1, LAST, false), "no sequence ids: checksum only");
        assertEquals(APPLY, r.classify(-1, 5, 3, -1, false), "no previous seqId yet");
        // prevSeqId 0 is a real id, not 'none' (kills 'prevId < 0' -> '<= 0'); last 0 likewise ('last < 0' -> '<= 0')
        assertEquals(STALE, r.classify(-1, 90, 0, LAST, false));
        assertEquals(GAP, r.classify(-1, 7, 5, 0, false));
        // the message with the previous seqId again: stale, no resync (kills 'lastId <= last' -> '<')
        assertEquals(STALE, r.classify(-1, 100, 95, LAST, false));
        assertEquals(GAP, r.classify(-1, 101, 99, LAST, false));
        assertEquals(LAST, r.expected(LAST));
        assertEquals(99, r.received(-1, 101, 99, false));
        assertEquals("prevSeqId 99 != previous seqId 100", r.describeGap(-1, 101, 99, LAST, false));
    }

    @Test
    void shouldRequireConsecutiveBybitIds()
    {
        final SequenceRule r = SequenceRule.BYBIT;
        assertEquals(STALE, r.classify(-1, 100, -1, LAST, false));
        assertEquals(APPLY, r.classify(-1, 101, -1, LAST, false));
        assertEquals(GAP, r.classify(-1, 102, -1, LAST, false));
        assertEquals(101, r.expected(LAST));
        assertEquals(102, r.received(-1, 102, -1, false));
        assertEquals("u 102 != previous u + 1 = 101", r.describeGap(-1, 102, -1, LAST, false));
    }
}
