package dev.trader.engine.exec;

import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.engine.exec.VenueHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden tests of the bars fill model (kline-only data, seed 000 "entry at next bar, next_close"). Prices at 1e-2,
 * quantities at 1e-3, money at 1e-8; taker fee 0.00045, maker 0.00018.
 */
class PaperVenueBarsTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final long T = T0 + MINUTE;

    /** No book stage and fillModel auto: the bars model. */
    private static VenueHarness bars(final PaperSettings settings)
    {
        return new VenueHarness(settings, false);
    }

    @Test
    void marketOrderFillsAtTheNextCompletedBarsCloseNotTheBarItWasDecidedOn()
    {
        final VenueHarness h = bars(PaperSettings.defaults());
        h.order(1).qty(300).reference(6_000_000).send(T); // decided on the bar closing at T (close 60000.00)
        assertEquals(List.of("ACKED1"), h.sequence);
        h.bar(T, MINUTE, 5_990_000, 6_005_000, 5_985_000, 6_000_000);
        assertTrue(h.fills.isEmpty(), "the bar the decision was taken on is never used");
        h.bar(T + MINUTE / 12, MINUTE / 12, 6_000_000, 6_100_000, 5_900_000, 6_050_000);
        assertTrue(h.fills.isEmpty(), "a 5 s bar is not the configured 1 m interval");
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_020_000, 5_995_000, 6_010_000);
        assertEquals(1, h.fills.size());
        final VenueHarness.FillRec f = h.fills.get(0);
        assertEquals(6_010_000, f.price());
        assertEquals(300, f.qty());
        assertEquals(Liquidity.TAKER, f.liquidity());
        // 60100.00 x 0.300 = 18030.00; fee x 0.00045 = 8.1135
        assertEquals(811_350_000L, f.fee());
        // (60100.00 - 60000.00) x 0.300 = 30.00 worse than the reference
        assertEquals(3_000_000_000L, f.slippage());
        assertEquals(T + MINUTE, f.exchangeTsNs());
        assertEquals(OrderStatus.FILLED, h.lastUpdate(1).status());
        assertEquals(1L, h.venue.counters().get("barModeFills"));
    }

    @Test
    void barSlippageMovesTheCloseAgainstTheOrderAndRoundsToTheTickAgainstIt()
    {
        final VenueHarness h = bars(PaperSettings.defaults().barSlippageBps(10.0));
        h.order(1).qty(300).send(T);
        h.order(2).sell().qty(300).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_020_000, 5_995_000, 6_010_000);
        // buy: 60100.00 x 1.001 = 60160.10 (on the 0.10 tick); sell: 60100.00 x 0.999 = 60039.90
        assertEquals(6_016_010, h.fillsOf(1).get(0).price());
        assertEquals(6_003_990, h.fillsOf(2).get(0).price());

        final VenueHarness odd = bars(PaperSettings.defaults().barSlippageBps(1.0));
        odd.order(1).qty(1).send(T);
        odd.order(2).sell().qty(1).send(T);
        odd.bar(T + MINUTE, MINUTE, 6_000_000, 6_020_000, 5_995_000, 6_000_000);
        // 60000.00 x 1.0001 = 60006.00 exactly; x 0.9999 = 59994.00
        assertEquals(6_000_600, odd.fillsOf(1).get(0).price());
        assertEquals(5_999_400, odd.fillsOf(2).get(0).price());
        final VenueHarness up = bars(PaperSettings.defaults().barSlippageBps(0.5));
        up.order(1).qty(1).send(T);
        up.order(2).sell().qty(1).send(T);
        up.bar(T + MINUTE, MINUTE, 6_000_000, 6_020_000, 5_995_000, 6_000_010);
        // 60000.10 x 1.00005 = 60003.100005 -> up to 60003.20; x 0.99995 = 59997.099995 -> down to 59997.00
        assertEquals(6_000_320, up.fillsOf(1).get(0).price());
        assertEquals(5_999_700, up.fillsOf(2).get(0).price());
    }

    @Test
    void sameBarStopFirstFillsTheStopAndCancelsTheTakeProfit()
    {
        final VenueHarness h = positionWithBrackets(PaperSettings.defaults());
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_030_000, 5_970_000, 6_000_000);
        assertEquals(List.of("F3", "FILLED3", "CANCELED2"), h.sequence.subList(h.sequence.size() - 3, h.sequence.size()));
        assertEquals(5_980_000, h.fillsOf(3).get(0).price(), "at the stop: the open 60000.00 had not gapped through");
        assertEquals(Liquidity.TAKER, h.fillsOf(3).get(0).liquidity());
        assertEquals(0, h.venue.positionQty(1));
    }

    @Test
    void sameBarLimitFirstFillsTheTakeProfitAndCancelsTheStop()
    {
        final VenueHarness h = positionWithBrackets(PaperSettings.defaults().sameBar(PaperSettings.SameBar.LIMIT_FIRST));
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_030_000, 5_970_000, 6_000_000);
        assertEquals(List.of("F2", "FILLED2", "CANCELED3"), h.sequence.subList(h.sequence.size() - 3, h.sequence.size()));
        assertEquals(6_020_000, h.fillsOf(2).get(0).price());
        assertEquals(Liquidity.MAKER, h.fillsOf(2).get(0).liquidity());
        // 60200.00 x 0.300 = 18060.00; maker fee x 0.00018 = 3.2508
        assertEquals(325_080_000L, h.fillsOf(2).get(0).fee());
    }

    @Test
    void stopFillsAtTheOpenWhenTheBarGappedThroughIt()
    {
        final VenueHarness h = positionWithBrackets(PaperSettings.defaults());
        h.bar(T + 2 * MINUTE, MINUTE, 5_970_000, 5_990_000, 5_960_000, 5_975_000);
        assertEquals(5_970_000, h.fillsOf(3).get(0).price(), "open 59700.00 is already below the 59800.00 stop");
        assertEquals(OrderStatus.CANCELED, h.lastUpdate(2).status());
    }

    @Test
    void limitFillsOnlyWhenTheBarsRangeReachesIt()
    {
        final VenueHarness h = bars(PaperSettings.defaults());
        h.order(1).limit(5_990_000).qty(300).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_010_000, 5_990_010, 6_000_000);
        assertTrue(h.fills.isEmpty(), "low 59900.10 stays above the 59900.00 buy limit");
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_010_000, 5_980_000, 6_000_000);
        assertEquals(5_990_000, h.fills.get(0).price());
        assertEquals(Liquidity.MAKER, h.fills.get(0).liquidity());
    }

    /** Long 0.300 (position 1) filled on the bar closing at T + 1 m; TP 60200.00 (order 2), stop 59800.00 (order 3). */
    @Test
    void endOfDataMarketExitFillsAtTheLastBarsCloseAtEndOfStream()
    {
        // found by the binance_long end-to-end run: the strategy's END_OF_DATA exit is decided on the last bar, no
        // next bar ever comes, so without this the position stayed open and was missing from trades.csv
        final VenueHarness h = positionWithBrackets(PaperSettings.defaults());
        h.bar(T + 2 * MINUTE, MINUTE, 6_000_000, 6_010_000, 5_990_000, 6_005_000);
        assertTrue(h.venue.exitWorking(1));
        assertFalse(h.venue.marketExitWorking(1), "only the resting take-profit and stop are working");
        h.order(4).sell().qty(300).reduceOnly(1).reason(106).reference(6_005_000).send(T + 2 * MINUTE);
        assertTrue(h.fillsOf(4).isEmpty(), "the bar it was decided on is never used");
        assertTrue(h.venue.marketExitWorking(1));
        h.end();
        assertEquals(1, h.fillsOf(4).size());
        // at the last 1m close 60050.00, TAKER: 60050.00 x 0.300 = 18015.00, fee x 0.00045 = 8.10675
        assertEquals(6_005_000, h.fillsOf(4).get(0).price());
        assertEquals(Liquidity.TAKER, h.fillsOf(4).get(0).liquidity());
        assertEquals(810_675_000L, h.fillsOf(4).get(0).fee());
        assertEquals(0, h.venue.positionQty(1));
        assertEquals(OrderStatus.CANCELED, h.lastUpdate(2).status(), "OCO: the take-profit goes");
        assertEquals(OrderStatus.CANCELED, h.lastUpdate(3).status(), "OCO: the stop goes");
        assertEquals(1L, h.venue.counters().get("barMarketsFilledAtEnd"));
    }

    @Test
    void endOfStreamLeavesABarsMarketOrderWithoutAnyBarUnfilled()
    {
        final VenueHarness h = bars(PaperSettings.defaults());
        h.order(1).qty(300).send(T);
        h.end();
        assertTrue(h.fills.isEmpty(), "no bar of its instrument was ever seen: no price to fill at");
    }

    private static VenueHarness positionWithBrackets(final PaperSettings settings)
    {
        final VenueHarness h = bars(settings);
        h.order(1).qty(300).send(T);
        h.bar(T + MINUTE, MINUTE, 6_000_000, 6_000_000, 6_000_000, 6_000_000);
        assertEquals(300, h.venue.positionQty(1));
        h.order(2).sell().limit(6_020_000).qty(300).reduceOnly(1).send(T + MINUTE);
        h.order(3).sell().stop(5_980_000).qty(300).reduceOnly(1).send(T + MINUTE);
        assertEquals(List.of("ACKED1", "F1", "FILLED1", "ACKED2", "ACKED3"), h.sequence);
        return h;
    }
}
