package dev.trader.engine.exec;

import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.testing.TradingEvents;
import dev.trader.engine.trading.FeeSchedule;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state of the venue allocates nothing: market orders walking a depleted book, a marketable GTC limit resting
 * on it, book diffs forgetting depletion, positions opened and closed (map put/remove) and cancels, round after round,
 * each filled entry bracketed by a policy (two resting children, canceled by OCO when the position closes).
 */
class PaperVenueAllocationTest
{
    private static final int ID = 1;
    private static final long T0 = 1_723_075_200_000_000_000L;
    private static final long BID1 = 5_999_990;
    private static final long BID2 = 5_999_980;
    private static final long ASK1 = 6_000_000;
    private static final long ASK2 = 6_000_010;

    private final Instrument instrument = new Instrument(ID, Venue.BYBIT, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    private final InstrumentRegistry registry = new InstrumentRegistry(List.of(instrument));
    private final OrderBookStage books = new OrderBookStage(registry, 100, 100);
    private final PaperVenueStage venue = new PaperVenueStage(registry, PaperSettings.defaults(), FeeSchedule.SEED_000,
        books);
    private final long[] emitted = new long[1];
    private final Pipeline pipeline = new Pipeline(List.of(books, venue), EventSink.NONE,
        (b, offset, length) -> emitted[0]++, new EventClock(), 1 << 20, false);
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    // level arrays reused by every diff (the measured rounds allocate nothing themselves)
    private final long[][] noLevels = new long[0][];
    private final long[][] oneLevel = {new long[2]};
    private final long[][] twoBids = {new long[2], new long[2]};
    private final long[][] twoAsks = {new long[2], new long[2]};
    private long updateId;
    private long orderId;
    private long now = T0;

    @Test
    void roundsOfOrdersAndBookChangesAllocateNothing()
    {
        pipeline.onInput(buffer, 0, TradingEvents.depthSnapshot(buffer, 0, now, now, ID, ++updateId,
            new long[][]{{BID1, 500}, {BID2, 300}}, new long[][]{{ASK1, 300}, {ASK2, 400}}, -1, -1), 0);
        // far from the market: the children rest untouched until the closes flatten their positions (OCO)
        venue.bracketPolicy(1, (positionId, instrumentId, avg, qty, out) -> out.takeProfit(7_000_000, 202).stop(5_000_000, 203));

        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < 20_000; i++)
        {
            round(i);
        }
        final long fillsBefore = venue.counters().get("fills");
        final long forgottenBefore = venue.counters().get("depletionForgotten");
        final long childrenBefore = venue.counters().get("bracketChildren");
        final long ocoBefore = venue.counters().get("ocoCanceled");
        final long self = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 5_000; i++)
        {
            round(i);
        }
        final long allocated = threads.getThreadAllocatedBytes(self) - before;
        // per round (o = round parity): order 1 takes 300+o @ ASK1 + 200 @ ASK2, order 2 the 200+o left @ ASK2
        // (depleted book), order 3 (limit at ASK2) finds nothing left, rests and is canceled; the closes take
        // 500+o @ BID1, then 200+o @ BID2 (BID1 is ours already) = 5 fills
        assertEquals(5L * 5_000, venue.counters().get("fills") - fillsBefore);
        assertTrue(venue.counters().get("depletionForgotten") - forgottenBefore >= 4L * 5_000);
        assertEquals(0, venue.openOrders());
        assertEquals(0, venue.openPositions());
        // orders 1 and 2 fill: 2 brackets of 2 children per round, all canceled by OCO
        assertEquals(4L * 5_000, venue.counters().get("bracketChildren") - childrenBefore);
        assertEquals(4L * 5_000, venue.counters().get("ocoCanceled") - ocoBefore);
        assertEquals(0L, venue.counters().get("crossFills"), "the resting limit never crosses the depleted asks");
        // steady state allocates nothing; the bound leaves room for a one-off JIT transition (a few hundred bytes)
        // while any per-event allocation (tens of thousands of events) would exceed it many times over
        assertTrue(allocated < 2048, "bytes allocated by 5,000 rounds: " + allocated);
    }

    private void round(final int i)
    {
        // every level changes its displayed qty: all depletion of the last round is forgotten
        final long odd = i & 1;
        depth(BID1, 500 + odd, BID2, 300 + odd, ASK1, 300 + odd, ASK2, 400 + odd);
        final long first = orderId + 1;
        send(first, Side.BUY, OrderType.MARKET, 0, 500 + odd, first, false);
        send(first + 1, Side.BUY, OrderType.MARKET, 0, 200 + odd, first + 1, false);
        send(first + 2, Side.BUY, OrderType.LIMIT, ASK2, 100, first + 2, false);
        depth(BID2, 300 + odd + 2, 0, 0, 0, 0, 0, 0); // a change elsewhere: the resting limit is checked again
        cancel(first + 2);
        send(first + 3, Side.SELL, OrderType.MARKET, 0, 500 + odd, first, true);
        send(first + 4, Side.SELL, OrderType.MARKET, 0, 200 + odd, first + 1, true);
        orderId = first + 4;
    }

    private void depth(final long b1, final long q1, final long b2, final long q2, final long a1, final long qa1,
        final long a2, final long qa2)
    {
        now += 1_000_000;
        final long id = ++updateId;
        final long[][] bids = b2 == 0 ? level(oneLevel, 0, b1, q1) : level(level(twoBids, 0, b1, q1), 1, b2, q2);
        final long[][] asks = a1 == 0 ? noLevels : level(level(twoAsks, 0, a1, qa1), 1, a2, qa2);
        pipeline.onInput(buffer, 0, TradingEvents.depthUpdate(buffer, 0, now, now, ID, id, id, -1, bids, asks, -1, -1), 0);
    }

    private static long[][] level(final long[][] levels, final int i, final long price, final long qty)
    {
        levels[i][0] = price;
        levels[i][1] = qty;
        return levels;
    }

    private void send(final long id, final Side side, final OrderType type, final long price, final long qty,
        final long positionId, final boolean reduceOnly)
    {
        encode(id, OrderAction.NEW, side, type, price, qty, positionId, reduceOnly);
    }

    private void cancel(final long id)
    {
        encode(id, OrderAction.CANCEL, Side.NONE, OrderType.MARKET, 0, 0, 0, false);
    }

    private void encode(final long id, final OrderAction action, final Side side, final OrderType type, final long price,
        final long qty, final long positionId, final boolean reduceOnly)
    {
        pipeline.onInput(buffer, 0, TradingEvents.order(buffer, 0, now, now, ID, id, 1, 0, action, side, type,
            TimeInForce.GTC, reduceOnly, price, qty, positionId, 201, 0, 0, 0, 0), 0);
    }
}
