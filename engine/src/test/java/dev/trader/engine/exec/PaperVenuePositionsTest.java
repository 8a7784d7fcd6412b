package dev.trader.engine.exec;

import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.Side;
import org.junit.jupiter.api.Test;

import static dev.trader.engine.exec.VenueHarness.MS;
import static dev.trader.engine.exec.VenueHarness.T0;
import static dev.trader.engine.exec.VenueHarness.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The venue's position map has a fixed capacity ({@code paper.maxPositions}); beyond it, refusals are counted. */
class PaperVenuePositionsTest
{
    private static final long BID1 = 5_999_990;
    private static final long BID2 = 5_999_980;
    private static final long ASK1 = 6_000_000;

    private static VenueHarness withBook(final PaperSettings settings)
    {
        final VenueHarness h = new VenueHarness(settings);
        h.snapshot(T0, levels(BID1, 500, BID2, 300), levels(ASK1, 3_000));
        return h;
    }

    @Test
    void aNewPositionBeyondTheCapacityIsRejectedWhileExistingOnesStillTrade()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().maxPositions(2));
        h.order(1).qty(100).send(T0 + MS);
        h.order(2).qty(100).send(T0 + MS);
        assertEquals(2, h.venue.openPositions());

        h.order(3).qty(100).send(T0 + 2 * MS); // a third position: no room
        assertEquals(OrderStatus.REJECTED, h.lastUpdate(3).status());
        assertEquals(PaperReject.TOO_MANY_POSITIONS, h.lastUpdate(3).rejectCode());
        assertEquals("too many open positions", h.lastUpdate(3).detail());
        assertEquals(0, h.fillsOf(3).size());

        h.order(4).qty(100).reduceOnly(1).sell().send(T0 + 3 * MS); // closes position 1
        assertEquals(OrderStatus.FILLED, h.lastUpdate(4).status());
        assertEquals(1, h.venue.openPositions());

        h.order(5).qty(200).send(T0 + 4 * MS); // room again
        assertEquals(OrderStatus.FILLED, h.lastUpdate(5).status());
        assertEquals(200, h.venue.positionQty(5));
        assertEquals(2L, h.venue.counters().get("positionsMax"));
        assertEquals(1L, h.venue.counters().get("rejected.too_many_positions"));
    }

    @Test
    void aFillOpeningAPositionBeyondTheCapacityGoesOutUntracked()
    {
        final VenueHarness h = withBook(PaperSettings.defaults().maxPositions(1));
        h.order(1).limit(BID2).qty(100).send(T0 + MS); // accepted while there is room; rests
        h.order(2).qty(100).send(T0 + MS); // opens position 2: the map is full
        assertEquals(1, h.venue.openPositions());

        h.trade(T0 + 2 * MS, BID2 - 10, 1, Side.SELL); // trades through 59999.80: order 1 fills
        assertEquals(1, h.fillsOf(1).size());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(1).status());
        assertEquals(0, h.venue.positionQty(1), "not tracked");
        assertEquals(1L, h.venue.counters().get("positionsUntracked"));
        assertEquals(1, h.venue.openPositions());
    }
}
