package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.trading.Bracket;
import dev.trader.engine.trading.Reason;
import dev.trader.strategies.strategy.StrategyEvents.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.trader.strategies.strategy.StrategyEvents.RECEIVE_LAG;
import static dev.trader.strategies.strategy.StrategyEvents.SECOND;
import static dev.trader.strategies.strategy.StrategyEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden scenarios of the P(win) >= p* long (seed 000) through a {@link StrategyStage}: a ModelScore then its bar
 * (the pipeline's order), exact Decisions out, the fill simulated by setting the test portfolio; its take-profit and
 * liquidation exits through its {@link dev.trader.engine.trading.BracketPolicy}, called directly as the venue would.
 */
class BinanceLongStrategyTest
{
    /** USD-M BTCUSDT: tick 0.10 (mantissa 10 at 1e-2), lot 0.001 (mantissa 1 at 1e-3). */
    static final Instrument BTC = new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC));
    static final long MINUTE = 60 * SECOND;
    static final int ID = 2;
    /** (2 << 32) | 1. */
    static final long FIRST_DECISION = 8_589_934_593L;

    private final TestViews.Portfolio portfolio = new TestViews.Portfolio();
    private final TestViews.Orders orders = new TestViews.Orders();

    private BinanceLongStrategy strategy(final BinanceLongSettings settings)
    {
        return new BinanceLongStrategy(ID, "pwin", BTC, settings, portfolio, orders);
    }

    private StrategyEvents stage(final BinanceLongSettings settings)
    {
        return new StrategyEvents(new StrategyStage(REGISTRY, List.of(strategy(settings))));
    }

    private static long minute(final int n)
    {
        return T0 + n * MINUTE;
    }

    /** Seed defaults with the ATR filter off: these scenarios send one bar, so ATR(14) is not measurable yet. */
    private static BinanceLongSettings noAtrFilter()
    {
        return BinanceLongSettings.defaults().atrPctMax(0);
    }

    /**
     * seed 000 filters.skip_on_regime_break: a score reaching p* on a bar flagged regimeBreak (after a long data gap)
     * does not enter; the same on the next, unflagged bar does.
     */
    @Test
    void shouldSkipEntriesOnRegimeBreakBars()
    {
        final StrategyEvents ev = stage(noAtrFilter());
        ev.score(BTC.id(), minute(1), 0, 0.90);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(1), 4_200_100, 4_199_900, 4_200_050, true));
        ev.score(BTC.id(), minute(2), 0, 0.90);
        assertEquals(1, ev.bar(BTC.id(), MINUTE, minute(2), 4_200_100, 4_199_900, 4_200_050, false).size());
    }

    /**
     * seed 000 filters.atr_pct_max 0.03: ATR(14) = simple mean of the last 14 true ranges, over the close.
     * 14 bars of range 1,400.00 around 42,000.00 (each close = 42,000.00, so TR = high - low = 1,400.00):
     * ATR / close = 1400 / 42000 = 0.0333 > 0.03 -> no entry. Then 14 bars of range 840.00 (TR = 840; the first also
     * |high - prev close| = 420 < 840): ATR / close = 0.02 <= 0.03 -> entry. Before 14 bars: not measurable -> none.
     */
    @Test
    void shouldSkipEntriesWhileAtrPctIsAboveTheCapOrUnknown()
    {
        final StrategyEvents ev = stage(BinanceLongSettings.defaults());
        int m = 1;
        ev.score(BTC.id(), minute(m), 0, 0.90);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(m++), 4_270_000, 4_130_000, 4_200_000, false), "ATR unknown");
        for (int i = 1; i < 14; i++)
        {
            ev.bar(BTC.id(), MINUTE, minute(m++), 4_270_000, 4_130_000, 4_200_000, false);
        }
        ev.score(BTC.id(), minute(m), 0, 0.90);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(m++), 4_270_000, 4_130_000, 4_200_000, false), "0.0333 > 0.03");
        for (int i = 0; i < 13; i++)
        {
            ev.bar(BTC.id(), MINUTE, minute(m++), 4_242_000, 4_158_000, 4_200_000, false);
        }
        ev.score(BTC.id(), minute(m), 0, 0.90);
        final List<Decision> d = ev.bar(BTC.id(), MINUTE, minute(m), 4_242_000, 4_158_000, 4_200_000, false);
        assertEquals(1, d.size(), "0.02 <= 0.03");
        assertEquals(DecisionAction.ENTER_LONG, d.get(0).action());
    }

    @Test
    void shouldEnterLongWithSeedSizingWhenPwinReachesPStar()
    {
        final StrategyEvents ev = stage(noAtrFilter());
        assertEquals(List.of(), ev.score(BTC.id(), minute(1), 0, 0.60), "decided on the bar, which comes next");
        final List<Decision> d = ev.bar(BTC.id(), MINUTE, minute(1), 4_200_050); // close 42000.50

        // Q = floor_to_lot(10 x 55 / 42000.5) = floor(0.0130950822 / 0.001) x 0.001 = 0.013 (mantissa 13)
        // N = 42000.5 x 0.013 = 546.0065; M = N / 55 = 9.9273909091; MM = N x 0.004 = 2.184026
        // P_liq = E + (MM - M + N x 0.00045) / Q = 42000.5 + (2.184026 - 9.9273909091 + 0.2457029250) / 0.013
        //       = 42000.5 - 576.7432295455 = 41423.7567704545 -> up to the tick 0.10: 41423.80
        // P_tp  = E + (15 + N x 0.0009) / Q = 42000.5 + (15 + 0.49140585) / 0.013 = 43192.1466038462 -> 43192.20
        // edge  = (0.6 x (43192.2 - 42000.5) - 0.4 x (42000.5 - 41423.8)) / 42000.5 x 1e4
        //       = (715.02 - 230.68) / 42000.5 x 1e4 = 115.3176747896 bps
        assertEquals(1, d.size());
        final Decision e = d.get(0);
        assertEquals(DecisionAction.ENTER_LONG, e.action());
        assertEquals(Reason.PWIN_ABOVE_THRESHOLD.code(), e.reasonCode());
        assertEquals(FIRST_DECISION, e.decisionId());
        assertEquals(FIRST_DECISION, e.positionId());
        assertEquals(ID, e.strategyId());
        assertEquals(4_200_050, e.price());
        assertEquals(13, e.qty());
        assertEquals(OrderType.MARKET, e.orderType());
        assertEquals(0, e.stopLossPrice());
        assertEquals(0, e.takeProfitPrice());
        assertEquals(minute(1), e.exchangeTsNs(), "the bar's times");
        assertEquals(minute(1) + RECEIVE_LAG, e.receiveTsNs());
        assertEquals(115.3176747896, e.expectedEdgeBps(), 1e-9);
        assertEquals(List.of("pwin", "p_star", "qty", "liq_price", "tp_price"), List.copyOf(e.inputs().keySet()));
        assertEquals(0.60, e.inputs().get("pwin"), 0.0);
        assertEquals(0.55, e.inputs().get("p_star"), 0.0);
        assertEquals(0.013, e.inputs().get("qty"), 0.0);
        assertEquals(41_423.8, e.inputs().get("liq_price"), 1e-9);
        assertEquals(43_192.2, e.inputs().get("tp_price"), 1e-9);
    }

    @Test
    void shouldEnterAtExactlyPStarButNotBelowIt()
    {
        final StrategyEvents at = stage(noAtrFilter());
        at.score(BTC.id(), minute(1), 0, 0.55);
        assertEquals(1, at.bar(BTC.id(), MINUTE, minute(1), 4_200_050).size(), "P(win) = p* trades (>=)");

        final StrategyEvents below = stage(noAtrFilter());
        below.score(BTC.id(), minute(1), 0, 0.5499);
        assertEquals(List.of(), below.bar(BTC.id(), MINUTE, minute(1), 4_200_050));
        below.score(BTC.id(), minute(2), 0, Double.NaN);
        assertEquals(List.of(), below.bar(BTC.id(), MINUTE, minute(2), 4_200_050));
        below.score(BTC.id(), minute(3), 7, 0.99);
        assertEquals(List.of(), below.bar(BTC.id(), MINUTE, minute(3), 4_200_050), "another model's score");
        below.score(BTC.id(), minute(4), 0, 0.99);
        assertEquals(List.of(), below.bar(BTC.id(), MINUTE, minute(5), 4_200_050), "a bar of another time");
        assertEquals(List.of(), below.bar(BTC.id(), 5 * SECOND, minute(6), 4_200_050));
    }

    @Test
    void shouldReadTheConfiguredOutput()
    {
        final StrategyEvents ev = stage(noAtrFilter().pwinOutput(1).modelId(3));
        ev.score(BTC.id(), minute(1), 3, 0.90, 0.10);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(1), 4_200_050), "output 1 is 0.10");
        ev.score(BTC.id(), minute(2), 3, 0.10, 0.90);
        assertEquals(0.90, ev.bar(BTC.id(), MINUTE, minute(2), 4_200_050).get(0).inputs().get("pwin"), 0.0);
    }

    @Test
    void shouldNotEnterWhileAPositionIsOpenOrAnEntryIsWorking()
    {
        final StrategyEvents ev = stage(noAtrFilter());
        orders.workingEntries = 1;
        ev.score(BTC.id(), minute(1), 0, 0.9);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(1), 4_200_050), "entry working");
        orders.workingEntries = 0;
        portfolio.open(FIRST_DECISION, ID, BTC.id(), 13, 42_000.5, minute(1));
        orders.exitsWorking.add(FIRST_DECISION);
        ev.score(BTC.id(), minute(2), 0, 0.9);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(2), 4_200_050), "position open");
    }

    @Test
    void shouldSendNoDecisionWhenTheQtyRoundsToZeroLots()
    {
        // 10 x 55 / 600000 = 0.000917 < one lot of 0.001
        final StrategyEvents ev = stage(noAtrFilter());
        ev.score(BTC.id(), minute(1), 0, 0.9);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(1), 60_000_000));
        assertEquals(1L, ev.stage().counters().get("pwin.zeroQty"));
    }

    @Test
    void shouldBracketTheActualFillWithTheSeedTakeProfitAndLiquidation()
    {
        final BinanceLongStrategy s = strategy(noAtrFilter());
        final Bracket out = new Bracket();
        // the venue filled the entry at the next bar's close, 42010.30, and asks for its bracket at that fill
        s.onEntryFilled(FIRST_DECISION, BTC.id(), 42_010.3, 13, out);

        // E = 42010.3, Q = 0.013, N = 546.1339, M = N / 55 = 9.9297072727, MM = N x 0.004 = 2.1845356
        // P_liq = 42010.3 + (2.1845356 - 9.9297072727 + 546.1339 x 0.00045) / 0.013
        //       = 42010.3 + (-7.4994191227) / 0.013 = 41433.4221986364 -> up to the tick: 41433.50
        // P_tp  = 42010.3 + (15 + 546.1339 x 0.0009) / 0.013 = 42010.3 + 15.49152051 / 0.013 = 43201.9554238462
        //       -> up to the tick: 43202.00
        assertEquals(4_320_200, out.takeProfitPrice());
        assertEquals(Reason.TP_TARGET.code(), out.takeProfitReason());
        assertEquals(4_143_350, out.stopPrice());
        assertEquals(Reason.LIQUIDATION.code(), out.stopReason());
        assertEquals(1L, s.counters().get("brackets"));
    }

    @Test
    void shouldSendNoExitDecisionsOfItsOwnButCloseAtMarketAtEndOfData()
    {
        final StrategyEvents ev = stage(noAtrFilter());
        ev.score(BTC.id(), minute(1), 0, 0.60);
        assertEquals(1, ev.bar(BTC.id(), MINUTE, minute(1), 4_200_050).size());
        orders.workingEntries = 1;
        ev.score(BTC.id(), minute(2), 0, 0.10);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(2), 4_201_030), "not filled yet");
        orders.workingEntries = 0;
        portfolio.open(FIRST_DECISION, ID, BTC.id(), 13, 42_010.3, minute(2));

        // the venue attached the take-profit and stop at the fill: the strategy sends nothing on the next events,
        // and no entry while the position is open
        assertEquals(List.of(), ev.score(BTC.id(), minute(3), 0, 0.90));
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, minute(3), 4_205_000));
        assertEquals(List.of(), ev.gate(BTC.id(), minute(3), "hazard", GateState.OPEN, 0.9));

        // end of data: market exit of the position whatever is resting, at the last close
        final List<Decision> end = ev.endOfStream();
        assertEquals(1, end.size());
        assertEquals(DecisionAction.EXIT_LONG, end.get(0).action());
        assertEquals(Reason.END_OF_DATA.code(), end.get(0).reasonCode());
        assertEquals(OrderType.MARKET, end.get(0).orderType());
        assertEquals(4_205_000, end.get(0).price());
        assertEquals(FIRST_DECISION, end.get(0).positionId());
        assertEquals(FIRST_DECISION + 1, end.get(0).decisionId(), "the entry, then this exit: no exits in between");
    }

    @Test
    void shouldPlaceTheLiquidationStopFarBelowEntryAtLeverageOne()
    {
        final BinanceLongStrategy s = strategy(noAtrFilter().leverage(1.0));
        final Bracket out = new Bracket();
        s.onEntryFilled(FIRST_DECISION, BTC.id(), 42_010.3, 13, out);
        // M = N / 1 = N, so P_liq = E + (N x 0.004 - N + N x 0.00045) / Q = E x (1 + 0.004 - 1 + 0.00045)
        //   = 42010.3 x 0.00445 = 186.945835 -> up to the tick 0.10: 187.00
        assertEquals(18_700, out.stopPrice());
        assertEquals(Reason.LIQUIDATION.code(), out.stopReason());
        assertEquals(4_320_200, out.takeProfitPrice(), "the take-profit does not depend on the leverage");
    }

    @Test
    void shouldBracketNothingForAnotherInstrumentOrAnUnusableFill()
    {
        final BinanceLongStrategy s = strategy(noAtrFilter());
        final Bracket out = new Bracket();
        s.onEntryFilled(FIRST_DECISION, BTC.id() + 1, 42_010.3, 13, out);
        s.onEntryFilled(FIRST_DECISION, BTC.id(), Double.NaN, 13, out);
        s.onEntryFilled(FIRST_DECISION, BTC.id(), 42_010.3, 0, out);
        assertEquals(0, out.takeProfitPrice());
        assertEquals(0, out.stopPrice());
        assertEquals(3L, s.counters().get("bracketsRefused"));
    }
}
