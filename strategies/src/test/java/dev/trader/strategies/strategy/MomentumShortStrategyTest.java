package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.trading.Reason;
import dev.trader.strategies.strategy.StrategyEvents.Decision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.trader.strategies.strategy.StrategyEvents.RECEIVE_LAG;
import static dev.trader.strategies.strategy.StrategyEvents.SECOND;
import static dev.trader.strategies.strategy.StrategyEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden scenarios of the hazard-gated momentum short (seed 002 sections 3 and 5) through a {@link StrategyStage}:
 * hand-encoded bars and gate changes in, exact Decisions out; positions are set by hand to simulate fills.
 */
class MomentumShortStrategyTest
{
    /** Spot BTCUSDT: prices at 1e-2 (tick 0.01), qty at 1e-5. */
    static final Instrument BTC = new Instrument(7, Venue.BINANCE_SPOT, "BTCUSDT", "0.01", "0.00001", -2, -5, -7);
    static final Instrument ETH = new Instrument(8, Venue.BINANCE_SPOT, "ETHUSDT", "0.01", "0.0001", -2, -4, -6);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC, ETH));
    static final long FIVE_S = 5 * SECOND;
    static final int ID = 1;
    /** (1 << 32) | 1: the strategy's first decision. */
    static final long FIRST_DECISION = 4_294_967_297L;

    private final TestViews.Portfolio portfolio = new TestViews.Portfolio();
    private final TestViews.Orders orders = new TestViews.Orders();

    private StrategyEvents stage(final MomentumShortSettings settings)
    {
        final MomentumShortStrategy s = new MomentumShortStrategy(ID, "mom", BTC, settings, portfolio, orders);
        return new StrategyEvents(new StrategyStage(REGISTRY, List.of(s)));
    }

    /** Closes 100.00 x2, 99.90, 99.80, 99.80, 99.70, 99.60 (mantissas at 1e-2): the 7th bar is the first warm one. */
    private static final long[] FALLING = {10_000, 10_000, 9_990, 9_980, 9_980, 9_970, 9_960};

    private static long closeTime(final int bar)
    {
        return T0 + (bar + 1) * FIVE_S;
    }

    /** Sends the falling series; returns the decisions of the last bar, asserting none before. */
    private static List<Decision> falling(final StrategyEvents ev)
    {
        for (int i = 0; i < FALLING.length - 1; i++)
        {
            assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(i), FALLING[i]), "bar " + i + ": window not warm");
        }
        return ev.bar(BTC.id(), FIVE_S, closeTime(FALLING.length - 1), FALLING[FALLING.length - 1]);
    }

    @Test
    void shouldEnterShortWhenTheRollingReturnFallsBelowTheThresholdWithTheGateOpen()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        assertEquals(List.of(), ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7));

        final List<Decision> d = falling(ev);

        // rolling return over 6 bars = close_6 / close_0 - 1 = 99.60 / 100.00 - 1 = -0.004 < -0.003
        assertEquals(1, d.size());
        final Decision e = d.get(0);
        assertEquals(closeTime(6), e.exchangeTsNs());
        assertEquals(closeTime(6) + RECEIVE_LAG, e.receiveTsNs());
        assertEquals(BTC.id(), e.instrumentId());
        assertEquals(ID, e.strategyId());
        assertEquals(FIRST_DECISION, e.decisionId());
        assertEquals(FIRST_DECISION, e.positionId(), "an entry's position id is its decision id");
        assertEquals(DecisionAction.ENTER_SHORT, e.action());
        assertEquals(Reason.MOMENTUM_TRIGGER.code(), e.reasonCode());
        assertEquals(9_960, e.price(), "reference price = the bar's close mantissa");
        assertEquals(0, e.qty(), "qty 0: the risk stage sizes it");
        assertEquals(OrderType.MARKET, e.orderType());
        assertEquals(0, e.stopLossPrice());
        assertEquals(0, e.takeProfitPrice());
        assertTrue(Double.isNaN(e.expectedEdgeBps()));
        assertEquals(List.of("rolling_return", "hazard_prob", "threshold"), List.copyOf(e.inputs().keySet()));
        assertEquals(9_960.0 / 10_000.0 - 1.0, e.inputs().get("rolling_return"), 0.0);
        assertEquals(-0.004, e.inputs().get("rolling_return"), 1e-15);
        assertEquals(0.7, e.inputs().get("hazard_prob"), 0.0);
        assertEquals(-0.003, e.inputs().get("threshold"), 0.0);
    }

    @Test
    void shouldNotEnterAtTheThresholdOrAboveIt()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults().downsideThreshold(-0.005));
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        // -0.004 is not below -0.005
        assertEquals(List.of(), falling(ev));
    }

    @Test
    void shouldNotEnterWhenTheGateIsClosedUnknownOrNeverSeen()
    {
        final StrategyEvents closed = stage(MomentumShortSettings.defaults());
        closed.gate(BTC.id(), T0, "hazard", GateState.CLOSED, 0.3);
        assertEquals(List.of(), falling(closed), "CLOSED");

        final StrategyEvents unknown = stage(MomentumShortSettings.defaults());
        unknown.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        unknown.gate(BTC.id(), T0 + SECOND, "hazard", GateState.UNKNOWN, Double.NaN);
        assertEquals(List.of(), falling(unknown), "UNKNOWN after OPEN");

        assertEquals(List.of(), falling(stage(MomentumShortSettings.defaults())), "no GateChange yet");

        final StrategyEvents otherGate = stage(MomentumShortSettings.defaults());
        otherGate.gate(BTC.id(), T0, "panic", GateState.OPEN, 0.9);
        otherGate.gate(ETH.id(), T0, "hazard", GateState.OPEN, 0.9);
        assertEquals(List.of(), falling(otherGate), "another gate's name or another instrument's gate");
    }

    @Test
    void shouldIgnoreTheGateWhenHazardIsNotRequired()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults().requireHazard(false));
        ev.gate(BTC.id(), T0, "hazard", GateState.CLOSED, 0.3);
        final List<Decision> d = falling(ev);
        assertEquals(1, d.size());
        assertEquals(DecisionAction.ENTER_SHORT, d.get(0).action());
        assertEquals(0.3, d.get(0).inputs().get("hazard_prob"), 0.0, "the gate's probability is still reported");
    }

    @Test
    void shouldUseTheConfiguredQtyAndCapEntriesPerBar()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults().qtyMantissa(2_500));
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        final List<Decision> d = falling(ev);
        assertEquals(2_500, d.get(0).qty());
        // the same bar again (a duplicate event) is ignored: no second entry, no window step
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(6), 9_960));
        // the next bar: 99.50 / 100.00 - 1 = -0.005, a new entry with the next decision id
        final List<Decision> next = ev.bar(BTC.id(), FIVE_S, closeTime(7), 9_950);
        assertEquals(1, next.size());
        assertEquals(FIRST_DECISION + 1, next.get(0).decisionId());
        assertEquals(9_950.0 / 10_000.0 - 1.0, next.get(0).inputs().get("rolling_return"), 0.0);
    }

    @Test
    void shouldRestartTheWindowAfterABadClose()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        for (int i = 0; i < 6; i++)
        {
            ev.bar(BTC.id(), FIVE_S, closeTime(i), FALLING[i]);
        }
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(6), 0), "a zero close decides nothing");
        // six good closes after the bad one are not enough (7 are needed)
        for (int i = 7; i < 13; i++)
        {
            assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(i), 9_900), "bar " + i);
        }
        // 7th good close: 98.00 / 99.00 - 1 = -0.0101 < -0.003
        final List<Decision> d = ev.bar(BTC.id(), FIVE_S, closeTime(13), 9_800);
        assertEquals(1, d.size());
        assertEquals(9_800.0 / 9_900.0 - 1.0, d.get(0).inputs().get("rolling_return"), 0.0);
    }

    @Test
    void shouldIgnoreBarsOfOtherIntervalsAndInstruments()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        for (int i = 0; i < 7; i++)
        {
            assertEquals(List.of(), ev.bar(BTC.id(), 60 * SECOND, closeTime(i), FALLING[i]));
            assertEquals(List.of(), ev.bar(ETH.id(), FIVE_S, closeTime(i), FALLING[i]));
        }
    }

    @Test
    void shouldCloseEveryPositionOfItsOwnWhenTheHazardGateGoesOff()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        portfolio.open(FIRST_DECISION, ID, BTC.id(), -1_000, 100.0, T0);
        portfolio.open(FIRST_DECISION + 2, ID, BTC.id(), -2_000, 100.5, T0);
        portfolio.open(FIRST_DECISION + 3, ID, BTC.id(), -3_000, 100.5, T0); // its exit is already working
        portfolio.open((2L << 32) | 1, 2, BTC.id(), -1_000, 100.0, T0);   // another strategy's
        portfolio.open(FIRST_DECISION + 1, ID, ETH.id(), -1_000, 100.0, T0); // its own, on another instrument
        orders.exitsWorking.add(FIRST_DECISION + 3);
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(0), 10_000), "gate open, no exit reached");

        ev.gate(BTC.id(), closeTime(1), "hazard", GateState.CLOSED, 0.2);
        final List<Decision> d = ev.bar(BTC.id(), FIVE_S, closeTime(1), 10_010);

        assertEquals(2, d.size());
        assertEquals(List.of(FIRST_DECISION, FIRST_DECISION + 2), d.stream().map(Decision::positionId).toList(),
            "ascending position id order, not the working one, not other strategies' or instruments'");
        for (int i = 0; i < 2; i++)
        {
            final Decision x = d.get(i);
            assertEquals(DecisionAction.EXIT_SHORT, x.action());
            assertEquals(Reason.HAZARD_OFF.code(), x.reasonCode());
            assertEquals(OrderType.MARKET, x.orderType());
            assertEquals(10_010, x.price());
            assertEquals(0, x.qty(), "the whole position");
            assertEquals(FIRST_DECISION + i, x.decisionId(), "exits take the next decision ids");
            assertEquals(Map.of("hazard_prob", 0.2), x.inputs());
        }
        assertEquals(2, ((StrategyStage)ev.stage()).decisions(ID, DecisionAction.EXIT_SHORT, Reason.HAZARD_OFF));
    }

    @Test
    void shouldStopOutWhenTheCloseReachesEntryTimesOnePlusStopLoss()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        portfolio.open(FIRST_DECISION, ID, BTC.id(), -1_000, 100.0, T0);
        // stop = 100.00 x 1.008 = 100.80: a close of 100.79 holds
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(0), 10_079));
        final List<Decision> d = ev.bar(BTC.id(), FIVE_S, closeTime(1), 10_081);
        assertEquals(1, d.size());
        final Decision x = d.get(0);
        assertEquals(DecisionAction.EXIT_SHORT, x.action());
        assertEquals(Reason.STOP_LOSS.code(), x.reasonCode());
        assertEquals(FIRST_DECISION, x.positionId());
        assertEquals(10_081, x.price());
        assertEquals(100.81, x.inputs().get("close"), 0.0);
        assertEquals(100.0, x.inputs().get("entry_price"), 0.0);
        assertEquals(100.0 * 1.008, x.inputs().get("limit"), 0.0);

        // its exit is now working: no second exit
        orders.exitsWorking.add(FIRST_DECISION);
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(2), 10_100));
    }

    @Test
    void shouldTakeProfitOnlyWhenConfigured()
    {
        portfolio.open(FIRST_DECISION, ID, BTC.id(), -1_000, 100.0, T0);
        final StrategyEvents none = stage(MomentumShortSettings.defaults());
        none.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        assertEquals(List.of(), none.bar(BTC.id(), FIVE_S, closeTime(0), 9_000), "takeProfit null: no target");

        final StrategyEvents ev = stage(MomentumShortSettings.defaults().takeProfit(0.01));
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        // target = 100.00 x (1 - 0.01) = 99.00: 99.01 holds, 98.99 takes profit
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, closeTime(0), 9_901));
        final List<Decision> d = ev.bar(BTC.id(), FIVE_S, closeTime(1), 9_899);
        assertEquals(1, d.size());
        assertEquals(Reason.TAKE_PROFIT.code(), d.get(0).reasonCode());
        assertEquals(DecisionAction.EXIT_SHORT, d.get(0).action());
        assertEquals(9_899, d.get(0).price());
        assertEquals(100.0 * (1.0 - 0.01), d.get(0).inputs().get("limit"), 0.0);
    }

    @Test
    void shouldExitAfterMaxHoldBarsBeforeCheckingTheStop()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        final long entryTs = closeTime(0);
        portfolio.open(FIRST_DECISION, ID, BTC.id(), -1_000, 100.0, entryTs);
        // held bars = (close time - entry time) / 5 s: 719 holds
        assertEquals(List.of(), ev.bar(BTC.id(), FIVE_S, entryTs + 719 * FIVE_S, 10_000));
        // 720 >= 720, and the close 101.00 is also beyond the stop: max hold is checked first (seed 002 section 5)
        final List<Decision> d = ev.bar(BTC.id(), FIVE_S, entryTs + 720 * FIVE_S, 10_100);
        assertEquals(1, d.size());
        assertEquals(Reason.MAX_HOLD.code(), d.get(0).reasonCode());
        assertEquals(720.0, d.get(0).inputs().get("held_bars"), 0.0);
        assertEquals(720.0, d.get(0).inputs().get("limit"), 0.0);

        final StrategyEvents off = stage(MomentumShortSettings.defaults().maxHoldBars(0).stopLoss(0.5));
        off.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        assertEquals(List.of(), off.bar(BTC.id(), FIVE_S, entryTs + 100_000 * FIVE_S, 10_000), "maxHoldBars 0 = off");
    }

    @Test
    void shouldCloseEverythingAtEndOfData()
    {
        final StrategyEvents ev = stage(MomentumShortSettings.defaults());
        ev.gate(BTC.id(), T0, "hazard", GateState.OPEN, 0.7);
        ev.bar(BTC.id(), FIVE_S, closeTime(0), 10_000);
        portfolio.open(FIRST_DECISION, ID, BTC.id(), -1_000, 100.0, closeTime(0));
        ev.bar(BTC.id(), FIVE_S, closeTime(1), 10_020);

        final List<Decision> d = ev.endOfStream();

        assertEquals(1, d.size());
        final Decision x = d.get(0);
        assertEquals(DecisionAction.EXIT_SHORT, x.action());
        assertEquals(Reason.END_OF_DATA.code(), x.reasonCode());
        assertEquals(10_020, x.price(), "the last close");
        assertEquals(closeTime(1), x.exchangeTsNs(), "the last event's times");
        assertEquals(closeTime(1) + RECEIVE_LAG, x.receiveTsNs());
    }
}
