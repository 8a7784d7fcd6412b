package dev.trader.engine.exec;

import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.trading.Bracket;
import dev.trader.engine.trading.BracketPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.trader.engine.exec.VenueHarness.MS;
import static dev.trader.engine.exec.VenueHarness.T0;
import static dev.trader.engine.exec.VenueHarness.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Venue-attached brackets by strategy policy (docs/trading.md "Venue rules"): the children are created at the
 * entry's fill, with the policy's prices and reasons, in bars mode eligible from the next bar, in book mode resting
 * with a queue position (take-profit) or watching the market (stop); OCO by position. Prices at 1e-2, qty at 1e-3,
 * money at 1e-8; taker 0.00045, maker 0.00018.
 */
class PaperVenueBracketTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final long T = T0 + MINUTE;
    private static final long C1 = (1L << 40) + 1;
    private static final long C2 = (1L << 40) + 2;
    private static final int TP_REASON = 202;
    private static final int STOP_REASON = 203;
    private static final long BID1 = 5_999_990; // 59999.90
    private static final long BID2 = 5_999_980; // 59999.80
    private static final long ASK1 = 6_000_000; // 60000.00
    private static final long ASK2 = 6_000_010; // 60000.10

    /** Fixed prices; records each call as {positionId, instrumentId, avg price, qty}. */
    static final class FixedPolicy implements BracketPolicy
    {
        final long tp;
        final long stop;
        final List<Object[]> calls = new ArrayList<>();

        FixedPolicy(final long tp, final long stop)
        {
            this.tp = tp;
            this.stop = stop;
        }

        @Override
        public void onEntryFilled(final long positionId, final int instrumentId, final double avgFillPrice,
            final long filledQtyMantissa, final Bracket out)
        {
            calls.add(new Object[]{positionId, instrumentId, avgFillPrice, filledQtyMantissa});
            out.takeProfit(tp, TP_REASON).stop(stop, STOP_REASON);
        }
    }

    private static VenueHarness bars(final FixedPolicy policy)
    {
        final VenueHarness h = new VenueHarness(PaperSettings.defaults(), false);
        h.venue.bracketPolicy(1, policy);
        return h;
    }

    private static VenueHarness book(final FixedPolicy policy)
    {
        final VenueHarness h = new VenueHarness(PaperSettings.defaults());
        h.venue.bracketPolicy(1, policy);
        h.snapshot(T0, levels(BID1, 500, BID2, 300), levels(ASK1, 300, ASK2, 400));
        return h;
    }

    @Test
    void barsModeChildrenAreCreatedAtTheFillAndFirstCheckedOnTheNextBar()
    {
        final FixedPolicy policy = new FixedPolicy(6_020_000, 5_980_000);
        final VenueHarness h = bars(policy);
        h.order(1).qty(300).send(T);
        // the entry's bar: close 60000.00, its range reaches both 60200.00 and 59800.00, which must not count
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_050_000, 5_950_000, 6_000_000);
        assertEquals(List.of("ACKED1", "F1", "FILLED1", "ACKED" + C1, "ACKED" + C2), h.sequence);
        assertEquals(1, policy.calls.size());
        assertEquals(List.of(1L, 1, 60_000.0, 300L), List.of(policy.calls.get(0)));
        assertEquals(300, h.lastUpdate(C1).leavesQty(), "for the filled qty");
        assertEquals(300, h.lastUpdate(C2).leavesQty());
        assertEquals(T + MINUTE, h.lastUpdate(C1).exchangeTsNs(), "at the fill's time");
        assertTrue(h.venue.exitWorking(1));
        assertFalse(h.venue.marketExitWorking(1), "resting children are not market exits");
        assertTrue(h.fills.stream().allMatch(f -> f.orderId() == 1), "not filled on the entry's own bar");

        // the very next bar reaches the stop (and the take-profit): stop_first -> the stop, at its price, reason 203
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_030_000, 5_970_000, 6_000_000);
        assertEquals(List.of("F" + C2, "FILLED" + C2, "CANCELED" + C1), h.sequence.subList(5, 8));
        final VenueHarness.FillRec stop = h.fillsOf(C2).get(0);
        assertEquals(5_980_000, stop.price());
        assertEquals(300, stop.qty());
        assertEquals(Side.SELL, stop.side());
        assertEquals(Liquidity.TAKER, stop.liquidity());
        assertEquals(STOP_REASON, stop.reasonCode());
        assertEquals(1, stop.strategyId());
        assertEquals(1L, stop.positionId());
        assertTrue(stop.reduceOnly());
        assertEquals(0, stop.slippage(), "reference = the trigger price");
        // 59800.00 x 0.300 = 17940.00; x 0.00045 = 8.073
        assertEquals(807_300_000L, stop.fee());
        assertEquals(0, h.venue.positionQty(1));
        assertFalse(h.venue.exitWorking(1));
        assertEquals(1L, h.venue.counters().get("bracketsAttached"));
        assertEquals(2L, h.venue.counters().get("bracketChildren"));
        assertEquals(1L, h.venue.counters().get("ocoCanceled"));
    }

    @Test
    void barsModeTakeProfitFillsAsMakerAndAGappedStopAtTheOpenWithSlippage()
    {
        final VenueHarness tp = bars(new FixedPolicy(6_020_000, 5_980_000));
        tp.order(1).qty(300).send(T);
        tp.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        tp.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_025_000, 5_990_000, 6_010_000);
        final VenueHarness.FillRec f = tp.fillsOf(C1).get(0);
        assertEquals(6_020_000, f.price());
        assertEquals(Liquidity.MAKER, f.liquidity());
        assertEquals(TP_REASON, f.reasonCode());
        assertEquals(OrderStatus.CANCELED, tp.lastUpdate(C2).status());

        final VenueHarness gap = bars(new FixedPolicy(6_020_000, 5_980_000));
        gap.order(1).qty(300).send(T);
        gap.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        gap.bar(T + 2 * MINUTE, MINUTE, 5_970_000, 5_975_000, 5_960_000, 5_965_000);
        final VenueHarness.FillRec s = gap.fillsOf(C2).get(0);
        assertEquals(5_970_000, s.price(), "the open 59700.00 gapped through the 59800.00 stop");
        // (59800.00 - 59700.00) x 0.300 = 30.00 worse than the trigger
        assertEquals(3_000_000_000L, s.slippage());
    }

    @Test
    void aMarketExitStillGoesOutAndTheOcoCancelsBothChildren()
    {
        final VenueHarness h = bars(new FixedPolicy(6_020_000, 5_980_000));
        h.order(1).qty(300).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        h.order(2).sell().qty(300).reduceOnly(1).reason(106).send(T + MINUTE);
        assertTrue(h.venue.marketExitWorking(1));
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_010_000, 5_990_000, 6_005_000);
        assertEquals(List.of("F2", "FILLED2", "CANCELED" + C1, "CANCELED" + C2), h.sequence.subList(6, 10));
        assertEquals(6_005_000, h.fillsOf(2).get(0).price());
        assertEquals(0, h.venue.openOrders());
    }

    @Test
    void strategiesWithoutAPolicyAndZeroPricesGetNoChildren()
    {
        final VenueHarness h = bars(new FixedPolicy(0, 5_980_000));
        h.order(1).qty(300).send(T);
        h.order(2).strategy(2).qty(100).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        assertEquals(List.of("ACKED1", "ACKED2", "F1", "FILLED1", "ACKED" + C1, "F2", "FILLED2"), h.sequence);
        assertEquals(0, h.lastUpdate(C1).filledQty());
        assertTrue(h.venue.exitWorking(1), "the stop child (take-profit price 0 = none)");
        assertFalse(h.venue.exitWorking(2), "strategy 2 has no policy");
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_000_000, 5_900_000, 5_950_000);
        assertEquals(STOP_REASON, h.fillsOf(C1).get(0).reasonCode());
    }

    @Test
    void aPriceOffTheTickRejectsThatChild()
    {
        final VenueHarness h = bars(new FixedPolicy(6_020_005, 5_980_000));
        h.order(1).qty(300).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        assertEquals(OrderStatus.REJECTED, h.lastUpdate(C1).status());
        assertEquals(PaperReject.BAD_PRICE, h.lastUpdate(C1).rejectCode());
        assertEquals(OrderStatus.ACKED, h.lastUpdate(C2).status());
    }

    @Test
    void bookModeTakeProfitRestsInTheQueueAndTheStopTriggersOnATrade()
    {
        final FixedPolicy policy = new FixedPolicy(ASK2, BID2);
        final VenueHarness h = book(policy);
        h.order(1).qty(300).send(T0 + MS);
        assertEquals(List.of("ACKED1", "F1", "FILLED1", "ACKED" + C1, "ACKED" + C2), h.sequence);
        assertEquals(List.of(1L, 1, 60_000.0, 300L), List.of(policy.calls.get(0)));
        assertEquals(400, h.venue.queueAhead(C1), "behind the 0.400 displayed at 60000.10 (queue back)");

        // a buyer lifts 0.500 at 60000.10: 0.400 ahead of us, 0.100 fills the take-profit (MAKER)
        h.trade(T0 + 2 * MS, ASK2, 500, Side.BUY);
        final VenueHarness.FillRec tp = h.fillsOf(C1).get(0);
        assertEquals(100, tp.qty());
        assertEquals(ASK2, tp.price());
        assertEquals(Liquidity.MAKER, tp.liquidity());
        assertEquals(TP_REASON, tp.reasonCode());
        assertEquals(200, h.venue.positionQty(1));

        // a trade at 59999.80 triggers the stop: it sells what is left (0.200, clamped) at the best bid 59999.90
        h.trade(T0 + 3 * MS, BID2, 100, Side.SELL);
        final VenueHarness.FillRec stop = h.fillsOf(C2).get(0);
        assertEquals(200, stop.qty());
        assertEquals(BID1, stop.price());
        assertEquals(Liquidity.TAKER, stop.liquidity());
        assertEquals(STOP_REASON, stop.reasonCode());
        // reference = the trigger 59999.80: sold at 59999.90, 0.10 x 0.200 = 0.02 better -> -2_000_000
        assertEquals(-2_000_000L, stop.slippage());
        assertEquals(0, h.venue.positionQty(1));
        assertEquals(OrderStatus.CANCELED, h.lastUpdate(C1).status(), "OCO");
        assertEquals(1L, h.venue.counters().get("stopsTriggered"));
    }

    @Test
    void bookModeTakeProfitAtALevelTheEntryEmptiedHasNoQueueAhead()
    {
        // the entry took all 0.300 at 60000.00; the take-profit rests there with nothing displayed left ahead of it
        final VenueHarness h = book(new FixedPolicy(ASK1, BID2));
        h.order(1).qty(300).send(T0 + MS);
        assertEquals(0, h.venue.queueAhead(C1));
    }

    @Test
    void partialEntryWithItsRemainderExpiredBracketsTheFilledQtyAtItsAveragePrice()
    {
        final FixedPolicy policy = new FixedPolicy(6_100_000, 5_900_000);
        final VenueHarness h = book(policy);
        h.order(1).qty(1_000).send(T0 + MS);
        assertEquals(List.of("ACKED1", "F1", "F1", "EXPIRED1", "ACKED" + C1, "ACKED" + C2), h.sequence);
        // VWAP = (60000.00 x 0.300 + 60000.10 x 0.400) / 0.700 = 42000.04 / 0.7 = 60000.0571428...
        assertEquals(1L, policy.calls.get(0)[0]);
        assertEquals((6_000_000.0 * 300 + 6_000_010.0 * 400) / 700 / 100, (double)policy.calls.get(0)[2], 0.0);
        assertEquals(60_000.057142857, (double)policy.calls.get(0)[2], 1e-9);
        assertEquals(700L, policy.calls.get(0)[3]);
        assertEquals(700, h.lastUpdate(C1).leavesQty());
        assertEquals(700, h.lastUpdate(C2).leavesQty());
    }

    @Test
    void partialLimitEntryCanceledBracketsTheFilledQty()
    {
        final FixedPolicy policy = new FixedPolicy(6_100_000, 5_900_000);
        final VenueHarness h = book(policy);
        // buy 0.500 limit 60000.00: takes the 0.300 displayed there, rests 0.200
        h.order(1).limit(ASK1).qty(500).send(T0 + MS);
        assertEquals(List.of("ACKED1", "F1"), h.sequence);
        assertTrue(policy.calls.isEmpty(), "not done yet");
        h.cancel(T0 + 2 * MS, 1, 1, VenueHarness.INSTRUMENT);
        assertEquals(List.of("ACKED1", "F1", "CANCELED1", "ACKED" + C1, "ACKED" + C2), h.sequence);
        assertEquals(300L, policy.calls.get(0)[3]);
        assertEquals(300, h.lastUpdate(C2).leavesQty());
    }
}
