package dev.trader.engine.exec;

import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.engine.exec.VenueHarness.INSTRUMENT;
import static dev.trader.engine.exec.VenueHarness.MS;
import static dev.trader.engine.exec.VenueHarness.T0;
import static dev.trader.engine.exec.VenueHarness.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Own-fill depletion (seed 004 section 4 execution realism): our taker fills take displayed liquidity away until the
 * book stage changes that level. Prices are mantissas at 1e-2, quantities at 1e-3, as in {@link PaperVenueBookTest}.
 */
class PaperVenueDepletionTest
{
    private static final long BID1 = 5_999_990; // 59999.90
    private static final long BID2 = 5_999_980; // 59999.80
    private static final long ASK1 = 6_000_000; // 60000.00
    private static final long ASK2 = 6_000_010; // 60000.10
    private static final long ASK3 = 6_000_050; // 60000.50

    private static VenueHarness withBook(final PaperSettings settings)
    {
        final VenueHarness h = new VenueHarness(settings);
        h.snapshot(T0, levels(BID1, 500, BID2, 300), levels(ASK1, 300, ASK2, 400, ASK3, 500));
        return h;
    }

    private static List<Long> qtys(final List<VenueHarness.FillRec> f)
    {
        return f.stream().map(VenueHarness.FillRec::qty).toList();
    }

    private static List<Long> prices(final List<VenueHarness.FillRec> f)
    {
        return f.stream().map(VenueHarness.FillRec::price).toList();
    }

    @Test
    void twoMarketOrdersAtTheSameMomentDoNotTakeTheSameLevel()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(200).send(T0 + MS);
        h.order(2).qty(300).send(T0 + MS);

        assertEquals(List.of(200L), qtys(h.fillsOf(1)));
        assertEquals(List.of(ASK1), prices(h.fillsOf(1)));
        // 0.300 displayed at 60000.00 - 0.200 we took = 0.100 left; the other 0.200 from 60000.10
        assertEquals(List.of(100L, 200L), qtys(h.fillsOf(2)));
        assertEquals(List.of(ASK1, ASK2), prices(h.fillsOf(2)));
        assertEquals(300, h.venue.depletedAt(INSTRUMENT, false, ASK1));
        assertEquals(200, h.venue.depletedAt(INSTRUMENT, false, ASK2));
        assertEquals(0, h.venue.depletedAt(INSTRUMENT, true, BID1), "nothing taken on the bid side");
        assertEquals(3L, h.venue.counters().get("depletionConsumptions"));
        assertEquals(2L, h.venue.counters().get("depletionLevelsMax"));

        // a later market order sees the same depleted book while nothing changed: 60000.00 is empty for us,
        // 60000.10 has 0.400 - 0.200 = 0.200 left, then 60000.50
        h.trade(T0 + 2 * MS, ASK1, 50, Side.BUY); // trades do not change the book
        h.order(3).qty(300).send(T0 + 3 * MS);
        assertEquals(List.of(200L, 100L), qtys(h.fillsOf(3)));
        assertEquals(List.of(ASK2, ASK3), prices(h.fillsOf(3)));
    }

    @Test
    void aChangeOfALevelsDisplayedQtyForgetsItsDepletionOnlyForThatLevel()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(500).send(T0 + MS); // 0.300 @ 60000.00, 0.200 @ 60000.10
        h.diff(T0 + 2 * MS, levels(BID2, 350), levels(), false); // another level: nothing forgotten
        assertEquals(300, h.venue.depletedAt(INSTRUMENT, false, ASK1));
        assertEquals(0L, h.venue.counters().get("depletionForgotten"));

        h.diff(T0 + 3 * MS, levels(), levels(ASK1, 250), false); // the venue now shows 0.250 at 60000.00
        assertEquals(0, h.venue.depletedAt(INSTRUMENT, false, ASK1), "changed level: its depletion is forgotten");
        assertEquals(200, h.venue.depletedAt(INSTRUMENT, false, ASK2), "unchanged level: still depleted");
        assertEquals(1L, h.venue.counters().get("depletionForgotten"));

        h.order(2).qty(300).send(T0 + 4 * MS);
        // 0.250 at 60000.00 (all of it again), then 0.050 of the 0.200 left at 60000.10
        assertEquals(List.of(250L, 50L), qtys(h.fillsOf(2)));
        assertEquals(List.of(ASK1, ASK2), prices(h.fillsOf(2)));
        assertEquals(250, h.venue.depletedAt(INSTRUMENT, false, ASK1));
        assertEquals(250, h.venue.depletedAt(INSTRUMENT, false, ASK2), "0.200 + 0.050 against the same 0.400");

        // a deleted level is a change too; re-added, it is all there
        h.diff(T0 + 5 * MS, levels(), levels(ASK1, 0), false);
        h.diff(T0 + 6 * MS, levels(), levels(ASK1, 250), false);
        assertEquals(0, h.venue.depletedAt(INSTRUMENT, false, ASK1));
        h.order(3).qty(250).send(T0 + 7 * MS);
        assertEquals(List.of(250L), qtys(h.fillsOf(3)));
        assertEquals(List.of(ASK1), prices(h.fillsOf(3)));
    }

    @Test
    void theRestOfAMarketableGtcLimitDoesNotFillAgainAgainstTheLevelsItTook()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).limit(ASK2).qty(1_000).send(T0 + MS);
        assertEquals(List.of(300L, 400L), qtys(h.fillsOf(1)));
        assertEquals(1, h.venue.openOrders(), "0.300 rests at 60000.10");

        // book changes elsewhere: the displayed asks at and below 60000.10 are ours already, no cross
        h.diff(T0 + 2 * MS, levels(BID2, 350), levels(ASK3, 600), false);
        h.diff(T0 + 3 * MS, levels(BID1, 450), levels(), false);
        assertEquals(2, h.fillsOf(1).size(), "no second fill against 60000.00 / 60000.10");
        assertEquals(0L, h.venue.counters().get("crossFills"));
        assertEquals(1, h.venue.openOrders());

        // new size at 60000.10 (0.400 -> 0.450): that level is the market's again, and it crosses our 60000.10 bid
        h.diff(T0 + 4 * MS, levels(), levels(ASK2, 450), false);
        final List<VenueHarness.FillRec> f = h.fillsOf(1);
        assertEquals(3, f.size());
        assertEquals(ASK2, f.get(2).price());
        assertEquals(300, f.get(2).qty());
        assertEquals(Liquidity.MAKER, f.get(2).liquidity());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(1).status());
        assertEquals(1L, h.venue.counters().get("crossFills"));
    }

    @Test
    void aTriggeredStopAndAPostOnlyLimitSeeTheDepletedBook()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(600).send(T0 + MS); // long 0.600: 0.300 @ 60000.00 + 0.300 @ 60000.10
        h.order(2).sell().qty(500).send(T0 + MS); // short 0.500 on position 2: all of 59999.90

        // a sell stop triggered by a trade takes what is left: 59999.90 is ours already, 0.300 at 59999.80
        h.order(3).sell().stop(BID2).qty(600).reduceOnly(1).send(T0 + 2 * MS);
        h.trade(T0 + 3 * MS, BID2, 10, Side.SELL);
        assertEquals(List.of(300L), qtys(h.fillsOf(3)));
        assertEquals(List.of(BID2), prices(h.fillsOf(3)));
        assertEquals(OrderStatus.EXPIRED, h.lastUpdate(3).status(), "the book ran out for us");

        // post-only buy at 60000.00: the ask there is all taken, so it does not cross and rests
        h.order(4).limit(ASK1).tif(TimeInForce.POST_ONLY).qty(100).send(T0 + 4 * MS);
        assertEquals(OrderStatus.ACKED, h.lastUpdate(4).status());
        assertEquals(1, h.venue.openOrders());
    }

    @Test
    void beyondTheCapacityAConsumptionIsNotRecordedAndIsCounted()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().maxDepletedLevels(1));
        h.order(1).qty(500).send(T0 + MS); // 0.300 @ 60000.00 recorded, 0.200 @ 60000.10 not (no slot)
        assertEquals(1L, h.venue.counters().get("depletionOverflows"));
        assertEquals(300, h.venue.depletedAt(INSTRUMENT, false, ASK1));
        assertEquals(0, h.venue.depletedAt(INSTRUMENT, false, ASK2));
        h.order(2).qty(400).send(T0 + MS);
        // 60000.00 still taken; 60000.10 shows its full 0.400 (the untracked consumption is lost: optimistic)
        assertEquals(List.of(400L), qtys(h.fillsOf(2)));
        assertEquals(List.of(ASK2), prices(h.fillsOf(2)));
        assertEquals(2L, h.venue.counters().get("depletionOverflows"));
    }

    @Test
    void theDepletionTableForgetsOnRefreshAndReusesSlots()
    {
        final OwnFillDepletion d = new OwnFillDepletion(2);
        d.consume(1, false, 100, 50, 20);
        d.consume(1, false, 100, 50, 10);
        d.consume(2, false, 100, 50, 5); // same price, other instrument: its own slot
        assertEquals(2, d.size());
        assertEquals(20, d.available(1, false, 100, 50), "50 shown - 30 taken");
        assertEquals(45, d.available(2, false, 100, 50));
        assertEquals(50, d.available(1, true, 100, 50), "the other side is untouched");
        d.consume(1, true, 90, 10, 99);
        assertEquals(1, d.overflows());
        assertEquals(60, d.available(1, false, 100, 60), "the level shows 60 now: changed, forgotten");
        assertEquals(1, d.size());
        assertEquals(1, d.forgotten());
        d.consume(1, true, 90, 10, 99);
        assertEquals(0, d.available(1, true, 90, 10), "never below 0");
        assertEquals(2, d.size());
        assertTrue(d.countMax() == 2 && d.consumptions() == 5);
    }
}
