package dev.trader.engine.exec;

import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.trader.engine.exec.VenueHarness.MS;
import static dev.trader.engine.exec.VenueHarness.T0;
import static dev.trader.engine.exec.VenueHarness.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden tests of the book fill model on a hand-built book. Prices are mantissas at 1e-2 (60000.00 = 6_000_000),
 * quantities at 1e-3 (0.300 = 300); money at 1e-8. Fees: taker 0.00045, maker 0.00018 (seed 000).
 */
class PaperVenueBookTest
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

    @Test
    void marketBuyLargerThanTheTopLevelWalksThreeLevelsAtTheirPricesWithFeesAndSlippage()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(1_000).reference(ASK1).send(T0 + MS);

        final List<VenueHarness.FillRec> f = h.fillsOf(1);
        assertEquals(3, f.size());
        // level 1: 60000.00 x 0.300 = 18000.00 USDT; fee 18000 x 0.00045 = 8.10; slippage 0
        assertFill(f.get(0), 1, ASK1, 300, 810_000_000L, 700, 0);
        // level 2: 60000.10 x 0.400 = 24000.04; fee x 0.00045 = 10.800018; slippage 0.10 x 0.400 = 0.04
        assertFill(f.get(1), 2, ASK2, 400, 1_080_001_800L, 300, 4_000_000L);
        // level 3: 60000.50 x 0.300 (what is left) = 18000.15; fee = 8.1000675; slippage 0.50 x 0.300 = 0.15
        assertFill(f.get(2), 3, ASK3, 300, 810_006_750L, 0, 15_000_000L);
        for (final VenueHarness.FillRec r : f)
        {
            assertEquals(Liquidity.TAKER, r.liquidity());
            assertEquals(Side.BUY, r.side());
            assertEquals(0.00045, r.feeRate());
            assertEquals(T0 + MS, r.exchangeTsNs());
            assertEquals(201, r.reasonCode());
            assertEquals(1L, r.positionId());
        }
        assertEquals(List.of("ACKED1", "F1", "F1", "F1", "FILLED1"), h.sequence);
        assertEquals(1_000, h.lastUpdate(1).filledQty());
        assertEquals(0, h.lastUpdate(1).leavesQty());
        assertEquals(1_000, h.venue.positionQty(1));
        assertEquals(0, h.venue.openOrders());
        assertEquals(2L, h.venue.counters().get("partialFills"));
        assertEquals(3L, h.venue.counters().get("takerFills"));
    }

    @Test
    void marketSellBeyondTheDepthFillsWhatIsThereAndExpiresTheRest()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).sell().qty(1_000).send(T0 + MS);

        final List<VenueHarness.FillRec> f = h.fillsOf(1);
        assertEquals(2, f.size());
        // 59999.90 x 0.500 = 29999.95; fee x 0.00045 = 13.4999775; referencePrice 0: no slippage
        assertFill(f.get(0), 1, BID1, 500, 1_349_997_750L, 500, 0);
        // 59999.80 x 0.300 = 17999.94; fee = 8.099973
        assertFill(f.get(1), 2, BID2, 300, 809_997_300L, 200, 0);
        final VenueHarness.UpdateRec last = h.lastUpdate(1);
        assertEquals(OrderStatus.EXPIRED, last.status());
        assertEquals(800, last.filledQty());
        assertEquals(0, last.leavesQty());
        assertEquals(-800, h.venue.positionQty(1));
        assertEquals(1L, h.venue.counters().get("expired"));
    }

    @Test
    void restingLimitFillsOnlyOnceTradesAtItsPriceConsumeTheQueueAhead()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).limit(BID1).qty(200).send(T0 + MS);
        assertEquals(List.of("ACKED1"), h.sequence);
        assertEquals(500, h.venue.queueAhead(1), "joins behind the displayed 0.500 at 59999.90");

        h.trade(T0 + 2 * MS, BID1, 300, Side.SELL);
        assertEquals(200, h.venue.queueAhead(1));
        assertTrue(h.fills.isEmpty());
        h.trade(T0 + 3 * MS, BID1, 1_000, Side.BUY);
        assertTrue(h.fills.isEmpty(), "a buyer lifting at our bid price does not trade with our bid");
        h.trade(T0 + 4 * MS, BID1, 300, Side.SELL);
        // 0.300 sold at our price: 0.200 ahead of us, the 0.100 beyond fills us
        assertEquals(1, h.fills.size());
        // 59999.90 x 0.100 = 5999.99; maker fee x 0.00018 = 1.0799982
        assertFill(h.fills.get(0), 1, BID1, 100, 107_999_820L, 100, 0);
        assertEquals(Liquidity.MAKER, h.fills.get(0).liquidity());
        assertEquals(T0 + 4 * MS, h.fills.get(0).receiveTsNs());
        h.trade(T0 + 5 * MS, BID1, 50, Side.SELL);
        h.trade(T0 + 6 * MS, BID1, 70, Side.SELL);
        assertEquals(List.of(100L, 50L, 50L), h.fills.stream().map(VenueHarness.FillRec::qty).toList());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(1).status());
    }

    @Test
    void frontOfQueueFillsOnTheFirstTradeAtThePrice()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().queuePosition(PaperSettings.QueuePosition.FRONT));
        h.order(1).limit(BID1).qty(200).send(T0 + MS);
        assertEquals(0, h.venue.queueAhead(1));
        h.trade(T0 + 2 * MS, BID1, 300, Side.SELL);
        assertEquals(1, h.fills.size());
        assertEquals(200, h.fills.get(0).qty());
    }

    @Test
    void tradeThroughTheLimitFillsTheWholeRemainderAtTheLimitPrice()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).limit(BID1).qty(200).send(T0 + MS);
        h.trade(T0 + 2 * MS, BID2, 1, Side.SELL);
        assertEquals(1, h.fills.size());
        assertFill(h.fills.get(0), 1, BID1, 200, 215_999_640L, 0, 0); // 59999.90 x 0.200 = 11999.98 x 0.00018
        assertEquals(Liquidity.MAKER, h.fills.get(0).liquidity());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(1).status());
    }

    @Test
    void bookChangesCapTheQueueAheadAndAnOppositeCrossFillsAtTheLimit()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).limit(BID1).qty(200).send(T0 + MS);
        h.diff(T0 + 2 * MS, levels(BID1, 120), levels(), false);
        assertEquals(120, h.venue.queueAhead(1), "cancels ahead of us shrink the queue");
        h.diff(T0 + 3 * MS, levels(BID1, 900), levels(), false);
        assertEquals(120, h.venue.queueAhead(1), "orders joining behind us do not");
        h.diff(T0 + 4 * MS, levels(BID1, 0), levels(ASK1, 0, BID1, 100), false); // a seller now asks our price
        assertEquals(1, h.fills.size());
        assertEquals(BID1, h.fills.get(0).price());
        assertEquals(200, h.fills.get(0).qty());
        assertEquals(Liquidity.MAKER, h.fills.get(0).liquidity());
    }

    @Test
    void marketableLimitTakesUpToItsPriceThenRestsOrExpires()
    {
        final VenueHarness gtc = withBook(PaperSettings.defaults());
        gtc.order(1).limit(ASK2).qty(1_000).send(T0 + MS);
        assertEquals(List.of(300L, 400L), gtc.fills.stream().map(VenueHarness.FillRec::qty).toList());
        assertEquals(List.of(ASK1, ASK2), gtc.fills.stream().map(VenueHarness.FillRec::price).toList());
        assertEquals(1, gtc.venue.openOrders(), "0.300 rests at 60000.10");
        assertEquals(0, gtc.venue.queueAhead(1), "no bid at 60000.10");

        final VenueHarness ioc = withBook(PaperSettings.defaults());
        ioc.order(1).limit(ASK2).qty(1_000).tif(TimeInForce.IOC).send(T0 + MS);
        assertEquals(2, ioc.fills.size());
        assertEquals(OrderStatus.EXPIRED, ioc.lastUpdate(1).status());
        assertEquals(700, ioc.lastUpdate(1).filledQty());
    }

    @Test
    void postOnlyThatWouldCrossIsRejected()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).limit(ASK1).tif(TimeInForce.POST_ONLY).send(T0 + MS);
        final VenueHarness.UpdateRec u = h.lastUpdate(1);
        assertEquals(OrderStatus.REJECTED, u.status());
        assertEquals(PaperReject.POST_ONLY_WOULD_CROSS, u.rejectCode());
        assertEquals("post-only would cross", u.detail());
        assertTrue(h.fills.isEmpty());
        h.order(2).limit(BID1).tif(TimeInForce.POST_ONLY).send(T0 + 2 * MS);
        assertEquals(OrderStatus.ACKED, h.lastUpdate(2).status());
        assertEquals(1L, h.venue.counters().get("rejected.post_only_would_cross"));
    }

    @Test
    void reduceOnlyIsClampedToThePositionAndRejectedWhenNothingIsLeft()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(300).send(T0 + MS); // long 0.300 at 60000.00, position 1
        assertEquals(300, h.venue.positionQty(1));

        h.order(2).sell().qty(500).reduceOnly(1).send(T0 + 2 * MS);
        final VenueHarness.UpdateRec ack = h.updatesOf(2).get(0);
        assertEquals(OrderStatus.ACKED, ack.status());
        assertEquals(300, ack.leavesQty(), "0.500 clamped to the 0.300 held");
        assertEquals(List.of(300L), h.fillsOf(2).stream().map(VenueHarness.FillRec::qty).toList());
        assertTrue(h.fillsOf(2).get(0).reduceOnly());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(2).status());
        assertEquals(0, h.venue.positionQty(1));

        h.order(3).sell().qty(100).reduceOnly(1).send(T0 + 3 * MS);
        assertEquals(OrderStatus.REJECTED, h.lastUpdate(3).status());
        assertEquals(PaperReject.NO_POSITION, h.lastUpdate(3).rejectCode());

        h.order(4).qty(100).send(T0 + 4 * MS); // long 0.100, position 4
        h.order(5).qty(100).reduceOnly(4).send(T0 + 5 * MS); // a BUY cannot reduce a long
        assertEquals(PaperReject.NO_POSITION, h.lastUpdate(5).rejectCode());
        assertEquals(1L, h.venue.counters().get("reduceOnlyClamped"));
    }

    @Test
    void ocoByPositionCancelsTheStopWhenTheTakeProfitFlattens()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(300).send(T0 + MS);
        final long tp = 6_001_000; // 60010.00: no ask level there, nothing ahead
        h.order(2).sell().limit(tp).qty(300).reduceOnly(1).reason(202).send(T0 + 2 * MS);
        h.order(3).sell().stop(5_999_000).qty(300).reduceOnly(1).reason(102).send(T0 + 3 * MS);
        assertTrue(h.venue.exitWorking(1));
        assertEquals(0, h.venue.workingEntries(1, 1));

        h.trade(T0 + 4 * MS, tp, 500, Side.BUY);
        assertEquals(List.of("ACKED1", "F1", "FILLED1", "ACKED2", "ACKED3", "F2", "FILLED2", "CANCELED3"), h.sequence);
        assertEquals(202, h.fillsOf(2).get(0).reasonCode());
        assertEquals(Liquidity.MAKER, h.fillsOf(2).get(0).liquidity());
        assertFalse(h.venue.exitWorking(1));
        assertEquals(0, h.venue.openOrders());
        assertEquals(1L, h.venue.counters().get("ocoCanceled"));
    }

    @Test
    void stopMarketTriggersOnATradeThroughItAndWalksTheBook()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(600).send(T0 + MS); // long 0.600: 0.300 @ 60000.00 + 0.300 @ 60000.10
        h.order(2).sell().stop(BID2).qty(600).reduceOnly(1).send(T0 + 2 * MS);
        assertTrue(h.fillsOf(2).isEmpty(), "best bid 59999.90 is above the sell stop 59999.80");
        h.trade(T0 + 3 * MS, BID1, 10, Side.SELL);
        assertTrue(h.fillsOf(2).isEmpty(), "59999.90 is above the sell stop");
        h.trade(T0 + 4 * MS, BID2, 10, Side.SELL);
        assertEquals(List.of(500L, 100L), h.fillsOf(2).stream().map(VenueHarness.FillRec::qty).toList());
        assertEquals(List.of(BID1, BID2), h.fillsOf(2).stream().map(VenueHarness.FillRec::price).toList());
        assertEquals(Liquidity.TAKER, h.fillsOf(2).get(0).liquidity());
        assertEquals(0, h.venue.positionQty(1));
    }

    @Test
    void latencyDelaysActivationUntilTheEventTimeReachesIt()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().orderLatency(Duration.ofMillis(100))
            .feedLatency(Duration.ofMillis(50)));
        h.order(1).qty(300).send(T0 + MS);
        assertTrue(h.updates.isEmpty());
        assertEquals(1, h.venue.pendingOrders());
        assertEquals(1, h.venue.workingEntries(1, 1));
        assertEquals(300, h.venue.workingEntryQty(1, 1));
        h.tick(T0 + 150 * MS); // 1 ms short of 1 + 100 + 50 ms
        assertTrue(h.updates.isEmpty());
        // the ask moves before the order lands: it fills at the book of its arrival
        h.diff(T0 + 151 * MS, levels(), levels(ASK1, 0), false);
        assertEquals(List.of("ACKED1", "F1", "FILLED1"), h.sequence);
        assertEquals(ASK2, h.fills.get(0).price());
        assertEquals(T0 + 151 * MS, h.fills.get(0).receiveTsNs());
        assertEquals(T0 + 151 * MS, h.updates.get(0).receiveTsNs());
        assertEquals(0, h.venue.pendingOrders());
        assertEquals(0, h.venue.workingEntries(1, 1));
        assertEquals(1L, h.venue.counters().get("pendingMax"));
    }

    @Test
    void pendingOrdersAreHandledAtEndOfStreamAgainstTheLastBook()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().orderLatency(Duration.ofSeconds(1)));
        h.order(1).qty(300).send(T0 + MS);
        h.end();
        assertEquals(List.of("ACKED1", "F1", "FILLED1"), h.sequence);
        assertEquals(T0 + MS, h.fills.get(0).receiveTsNs(), "the last event's time");
        assertEquals(1L, h.venue.counters().get("activatedAtEnd"));
    }

    @Test
    void untrustedOrMissingBookIsRejectedInBookMode()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.diff(T0 + MS, levels(BID1, 1), levels(), true);
        h.order(1).qty(300).send(T0 + 2 * MS);
        assertEquals(OrderStatus.REJECTED, h.lastUpdate(1).status());
        assertEquals(PaperReject.NO_BOOK, h.lastUpdate(1).rejectCode());
        assertEquals("no trusted book (fail closed)", h.lastUpdate(1).detail());

        final VenueHarness none = new VenueHarness(PaperSettings.defaults().fillModel(PaperSettings.FillModel.BOOK), false);
        none.order(1).qty(300).send(T0);
        assertEquals(PaperReject.NO_BOOK, none.lastUpdate(1).rejectCode());
    }

    @Test
    void badOrdersAreRejectedWithTheirCode()
    {
        final VenueHarness h = withBook(PaperSettings.defaults());
        h.order(1).qty(0).send(T0 + MS);
        h.order(2).limit(BID1 + 5).send(T0 + MS); // 59999.95 is off the 0.10 tick
        h.order(3).stopLoss(BID2).send(T0 + MS);
        h.order(4).sell().stop(-10).send(T0 + MS);
        assertEquals(List.of(PaperReject.BAD_QTY, PaperReject.BAD_PRICE, PaperReject.BRACKETS_UNSUPPORTED,
            PaperReject.BAD_PRICE), h.updates.stream().map(VenueHarness.UpdateRec::rejectCode).toList());
        assertEquals("brackets not supported", h.updates.get(2).detail());
        assertTrue(h.fills.isEmpty());
        assertEquals(4L, h.venue.counters().get("rejected"));
    }

    @Test
    void cancelAllOfAStrategyCancelsWorkingAndPendingOrdersInAscendingIdOrder()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().orderLatency(Duration.ofMillis(10)));
        h.order(1).limit(BID2).send(T0 + MS);
        h.order(2).strategy(2).limit(BID2).send(T0 + MS);
        h.order(3).limit(BID2).send(T0 + 5 * MS);
        h.tick(T0 + 11 * MS); // 1 is working, 3 still in flight
        h.order(4).limit(BID2).send(T0 + 12 * MS);
        h.cancel(T0 + 12 * MS, 0, 1, 0);
        assertEquals(List.of("ACKED1", "ACKED2", "CANCELED1", "CANCELED3", "CANCELED4"), h.sequence);
        assertEquals(1, h.venue.openOrders());
        h.cancel(T0 + 13 * MS, 2, 0, 0);
        h.cancel(T0 + 13 * MS, 2, 0, 0);
        assertEquals(OrderStatus.CANCELED, h.lastUpdate(2).status());
        assertEquals(1L, h.venue.counters().get("cancelUnknown"));
        assertEquals(0, h.venue.pendingOrders());
        h.tick(T0 + 100 * MS);
        assertEquals(6, h.updates.size(), "canceled pending orders never activate");
    }

    private static void assertFill(final VenueHarness.FillRec f, final long fillId, final long price, final long qty,
        final long fee, final long leaves, final long slippage)
    {
        assertEquals(fillId, f.fillId(), "fillId");
        assertEquals(price, f.price(), "price");
        assertEquals(qty, f.qty(), "qty");
        assertEquals(fee, f.fee(), "fee");
        assertEquals(leaves, f.leavesQty(), "leaves");
        assertEquals(slippage, f.slippage(), "slippage");
    }
}
