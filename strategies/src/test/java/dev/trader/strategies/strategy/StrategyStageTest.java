package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.trading.Reason;
import dev.trader.strategies.strategy.StrategyEvents.Decision;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.trader.strategies.strategy.StrategyEvents.SECOND;
import static dev.trader.strategies.strategy.StrategyEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage itself: routing in config order, decision ids and encoding, the input scratch, bad input, counters. */
class StrategyStageTest
{
    static final Instrument BTC = new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    static final Instrument ETH = new Instrument(2, Venue.BINANCE_USDM, "ETHUSDT", "0.01", "0.001", -2, -3, -5);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC, ETH));
    static final long MINUTE = 60 * SECOND;

    /** A strategy a test scripts: records what it saw, runs the given action on each callback. */
    static final class Scripted implements Strategy
    {
        interface Action
        {
            void run(String callback, DecisionSink sink);
        }

        final int id;
        final String name;
        final int instrumentId;
        final List<String> seen;
        Action action = (c, s) -> { };

        Scripted(final int id, final String name, final int instrumentId, final List<String> seen)
        {
            this.id = id;
            this.name = name;
            this.instrumentId = instrumentId;
            this.seen = seen;
        }

        @Override
        public int id()
        {
            return id;
        }

        @Override
        public java.time.Duration barInterval()
        {
            return java.time.Duration.ofMinutes(1);
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public int instrumentId()
        {
            return instrumentId;
        }

        @Override
        public void onBar(final BarView bar, final DecisionSink sink)
        {
            seen.add(name + ":bar:" + bar.closeMantissa() + ":" + bar.close());
            action.run("bar", sink);
        }

        @Override
        public void onGate(final GateView gate, final DecisionSink sink)
        {
            seen.add(name + ":gate:" + gate.gateName() + ":" + gate.state());
            action.run("gate", sink);
        }

        @Override
        public void onRegime(final RegimeView regime, final DecisionSink sink)
        {
            seen.add(name + ":regime:" + regime.previous() + "->" + regime.regime() + ":" + regime.barsInPrevious());
            action.run("regime", sink);
        }

        @Override
        public void onScore(final ScoreView score, final DecisionSink sink)
        {
            seen.add(name + ":score:" + score.modelId() + ":" + score.outputCount() + ":" + score.output(0));
            action.run("score", sink);
        }

        @Override
        public void onEndOfStream(final DecisionSink sink)
        {
            seen.add(name + ":end");
            action.run("end", sink);
        }
    }

    @Test
    void shouldRouteByInstrumentInConfigOrderWithOneSequencePerStrategy()
    {
        final List<String> seen = new ArrayList<>();
        final Scripted b = new Scripted(7, "b", BTC.id(), seen);
        final Scripted a = new Scripted(3, "a", BTC.id(), seen);
        final Scripted e = new Scripted(5, "e", ETH.id(), seen);
        final Scripted.Action enter = (c, s) -> s.enter(Direction.LONG, Reason.PWIN_ABOVE_THRESHOLD, 100, 0, OrderType.MARKET, 0, 0,
            Double.NaN);
        b.action = enter;
        a.action = enter;
        e.action = enter;
        final StrategyEvents ev = new StrategyEvents(new StrategyStage(REGISTRY, List.of(b, a, e)));

        final List<Decision> first = ev.bar(BTC.id(), MINUTE, T0 + MINUTE, 4_200_050);
        final List<Decision> second = ev.gate(BTC.id(), T0 + MINUTE, "hazard", GateState.OPEN, 0.8);

        assertEquals(List.of("b:bar:4200050:42000.5", "a:bar:4200050:42000.5", "b:gate:hazard:OPEN", "a:gate:hazard:OPEN"), seen,
            "config order (b before a), ETH's strategy not called");
        // decisionId = (strategyId << 32) | seq: 7 << 32 = 30064771072, 3 << 32 = 12884901888
        assertEquals(List.of(30_064_771_073L, 12_884_901_889L), first.stream().map(Decision::decisionId).toList());
        assertEquals(List.of(30_064_771_074L, 12_884_901_890L), second.stream().map(Decision::decisionId).toList());
        assertEquals(List.of(7, 3), first.stream().map(Decision::strategyId).toList());
        assertTrue(first.stream().allMatch(d -> d.instrumentId() == BTC.id()));

        seen.clear();
        final List<Decision> end = ev.endOfStream();
        assertEquals(List.of("b:end", "a:end", "e:end"), seen, "every strategy at end of stream, config order");
        assertEquals(List.of(30_064_771_075L, 12_884_901_891L, 21_474_836_481L), end.stream().map(Decision::decisionId).toList());
        assertEquals(ETH.id(), end.get(2).instrumentId(), "a decision carries its strategy's instrument");
        assertEquals(T0 + MINUTE, end.get(2).exchangeTsNs(), "end of stream: the last event's time");
    }

    @Test
    void shouldDecodeScoresAndRegimeChanges()
    {
        final List<String> seen = new ArrayList<>();
        final Scripted s = new Scripted(1, "s", BTC.id(), seen);
        final StrategyEvents ev = new StrategyEvents(new StrategyStage(REGISTRY, List.of(s)));
        ev.score(BTC.id(), T0, 4, 0.25, 0.75);
        final RegimeChangeEncoder r = new RegimeChangeEncoder();
        r.wrapAndApplyHeader(ev.input(), 0, ev.header())
            .exchangeTsNs(T0).receiveTsNs(T0).instrumentId(BTC.id()).intervalNs(MINUTE)
            .previous(Regime.RANGE).regime(Regime.HAZARD).barsInPrevious(42)
            .reasonsCount(1).next().key("hazard.prob").value(0.9).threshold(0.5);
        ev.raw(ev.input(), MessageHeaderEncoder.ENCODED_LENGTH + r.encodedLength());
        assertEquals(List.of("s:score:4:2:0.25", "s:regime:RANGE->HAZARD:42"), seen);
    }

    @Test
    void shouldEncodeInputsUpToTheCapacityAndClearThemBetweenDecisions()
    {
        final Scripted s = new Scripted(1, "s", BTC.id(), new ArrayList<>());
        s.action = (c, sink) ->
        {
            if (c.equals("bar"))
            {
                for (int i = 0; i < 17; i++)
                {
                    sink.put("k" + i, i);
                }
                sink.put("a_key_of_twenty_five_chars", 1.0);
                sink.exit(0, Direction.SHORT, Reason.END_OF_DATA, OrderType.MARKET, 0);
                sink.put("left_over", 1.0); // put without a decision: must not reach the next one
            }
            else
            {
                sink.exit(5, Direction.SHORT, Reason.HAZARD_OFF, OrderType.MARKET, 10);
            }
        };
        final StrategyStage stage = new StrategyStage(REGISTRY, List.of(s));
        final StrategyEvents ev = new StrategyEvents(stage);
        final Decision d = ev.bar(BTC.id(), MINUTE, T0 + MINUTE, 100).get(0);
        assertEquals(16, d.inputs().size());
        assertEquals(15.0, d.inputs().get("k15"), 0.0);
        assertEquals(0L, d.positionId(), "0 = every position of the strategy on the instrument");
        assertEquals(DecisionAction.EXIT_SHORT, d.action());
        final Decision next = ev.gate(BTC.id(), T0, "hazard", GateState.CLOSED, 0.1).get(0);
        assertEquals(Map.of(), next.inputs());
        assertEquals(5L, next.positionId());
        assertEquals(2L, stage.counters().get("s.inputsDropped"), "k16 and the 25-character key");
    }

    @Test
    void shouldRefuseImpossibleDecisionsWithoutEmitting()
    {
        final Scripted s = new Scripted(1, "s", BTC.id(), new ArrayList<>());
        final long[] ids = new long[6];
        s.action = (c, sink) ->
        {
            ids[0] = sink.enter(Direction.LONG, Reason.PWIN_ABOVE_THRESHOLD, 100, -1, OrderType.MARKET, 0, 0, Double.NaN);
            ids[1] = sink.enter(Direction.LONG, Reason.PWIN_ABOVE_THRESHOLD, 100, 1, OrderType.STOP_MARKET, 0, 0, Double.NaN);
            ids[2] = sink.enter(null, Reason.PWIN_ABOVE_THRESHOLD, 100, 1, OrderType.MARKET, 0, 0, Double.NaN);
            ids[3] = sink.exit(-4, Direction.LONG, Reason.TP_TARGET, OrderType.LIMIT, 100);
            ids[4] = sink.exit(4, Direction.LONG, Reason.TP_TARGET, OrderType.LIMIT, 0);
            ids[5] = sink.exit(4, Direction.LONG, null, OrderType.MARKET, 0);
        };
        final StrategyStage stage = new StrategyStage(REGISTRY, List.of(s));
        final StrategyEvents ev = new StrategyEvents(stage);
        assertEquals(List.of(), ev.bar(BTC.id(), MINUTE, T0 + MINUTE, 100));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L), List.of(ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]));
        assertEquals(6L, stage.counters().get("s.invalid"));
        assertEquals(0L, stage.counters().get("s.decisions"));
    }

    @Test
    void shouldCountMalformedEventsInsteadOfThrowing()
    {
        final Scripted s = new Scripted(1, "s", BTC.id(), new ArrayList<>());
        final StrategyStage stage = new StrategyStage(REGISTRY, List.of(s));
        final StrategyEvents ev = new StrategyEvents(stage);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[256]);
        // a Bar header claiming a 20-byte block (only the common fields)
        new MessageHeaderEncoder().wrap(buf, 0).blockLength(20).templateId(BarEncoder.TEMPLATE_ID)
            .schemaId(BarEncoder.SCHEMA_ID).version(BarEncoder.SCHEMA_VERSION);
        buf.putInt(MessageHeaderEncoder.ENCODED_LENGTH + 16, BTC.id(), java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(), ev.raw(buf, MessageHeaderEncoder.ENCODED_LENGTH + 20));
        // a ModelScore whose outputs group claims more values than the event holds
        final ModelScoreEncoder m = new ModelScoreEncoder();
        m.wrapAndApplyHeader(buf, 0, new MessageHeaderEncoder()).instrumentId(BTC.id()).modelId(0).outputsCount(3);
        assertEquals(List.of(), ev.raw(buf, MessageHeaderEncoder.ENCODED_LENGTH + ModelScoreEncoder.BLOCK_LENGTH + 4 + 8));
        assertEquals(2L, stage.counters().get("malformed"));
        assertEquals(0L, stage.counters().get("eventsRouted"));
        assertTrue(s.seen.isEmpty());

        // a GateChange whose state byte this build does not know (9): read as UNKNOWN (closed), no exception
        final dev.trader.codecs.sbe.GateChangeEncoder g = new dev.trader.codecs.sbe.GateChangeEncoder();
        g.wrapAndApplyHeader(buf, 0, new MessageHeaderEncoder()).instrumentId(BTC.id()).gate("hazard").state(GateState.OPEN);
        buf.putByte(MessageHeaderEncoder.ENCODED_LENGTH + dev.trader.codecs.sbe.GateChangeEncoder.stateEncodingOffset(), (byte)9);
        ev.raw(buf, MessageHeaderEncoder.ENCODED_LENGTH + g.encodedLength());
        assertEquals(List.of("s:gate:hazard:UNKNOWN"), s.seen);
    }

    @Test
    void shouldRefuseDuplicateIdsUnknownInstrumentsAndNonPositiveIds()
    {
        final List<String> seen = new ArrayList<>();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StrategyStage(REGISTRY,
            List.of(new Scripted(1, "a", BTC.id(), seen), new Scripted(1, "b", ETH.id(), seen)))).getMessage().contains("id 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StrategyStage(REGISTRY,
            List.of(new Scripted(1, "a", 99, seen)))).getMessage().contains("unknown instrument id 99"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StrategyStage(REGISTRY,
            List.of(new Scripted(0, "a", BTC.id(), seen)))).getMessage().contains("id must be >= 1"));
    }

    @Test
    void shouldCountDecisionsByActionAndReasonInAStableOrder()
    {
        final TestViews.Portfolio portfolio = new TestViews.Portfolio();
        final MomentumShortStrategy m = new MomentumShortStrategy(1, "mom", BTC,
            MomentumShortSettings.defaults().requireHazard(false).rollingBars(1).barInterval(java.time.Duration.ofMinutes(1)),
            portfolio, new TestViews.Orders());
        final StrategyStage stage = new StrategyStage(REGISTRY, List.of(m));
        final StrategyEvents ev = new StrategyEvents(stage);
        ev.bar(BTC.id(), MINUTE, T0 + MINUTE, 10_000);
        ev.bar(BTC.id(), MINUTE, T0 + 2 * MINUTE, 9_900); // 99 / 100 - 1 = -0.01: entry
        portfolio.open((1L << 32) | 1, 1, BTC.id(), -1_000, 99.0, T0 + 2 * MINUTE);
        ev.bar(BTC.id(), MINUTE, T0 + 3 * MINUTE, 9_990); // 99.90 >= 99 x 1.008 = 99.792: stop; -> +0.0091: no entry
        ev.endOfStream();

        final Map<String, Long> c = stage.counters();
        assertEquals(List.of("eventsRouted", "malformed", "scoreOutputsTruncated", "mom.decisions", "mom.invalid",
            "mom.inputsDropped", "mom.enter_short.momentum_trigger", "mom.exit_short.stop_loss", "mom.exit_short.end_of_data",
            "mom.bars", "mom.badCloses", "mom.staleBars", "mom.triggers", "mom.entriesGateClosed", "mom.entriesCapped",
            "mom.exitsSkippedWorking"), List.copyOf(c.keySet()));
        assertEquals(3L, c.get("eventsRouted"));
        assertEquals(3L, c.get("mom.decisions"));
        assertEquals(1L, c.get("mom.enter_short.momentum_trigger"));
        assertEquals(1L, c.get("mom.exit_short.stop_loss"));
        assertEquals(1L, c.get("mom.exit_short.end_of_data"));
        assertEquals(1L, stage.decisions(1, DecisionAction.EXIT_SHORT, Reason.STOP_LOSS));
    }

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final MomentumShortStrategy m = new MomentumShortStrategy(1, "mom", BTC,
            MomentumShortSettings.defaults().requireHazard(false).rollingBars(3).downsideThreshold(0.5)
                .barInterval(java.time.Duration.ofMinutes(1)),
            new TestViews.Portfolio(), new TestViews.Orders());
        final BinanceLongStrategy b = new BinanceLongStrategy(2, "pwin", BTC, BinanceLongSettings.defaults(),
            new TestViews.Portfolio(), new TestViews.Orders());
        final StrategyStage stage = new StrategyStage(REGISTRY, List.of(m, b));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);
        final Emitter sink = new Emitter()
        {
            @Override
            public MutableDirectBuffer buffer()
            {
                return out;
            }

            @Override
            public int claim(final int maxLength)
            {
                return 0;
            }

            @Override
            public void commit(final int length)
            {
            }
        };
        final UnsafeBuffer barBuffer = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer scoreBuffer = new UnsafeBuffer(new byte[512]);
        final BarEncoder bar = new BarEncoder();
        final ModelScoreEncoder score = new ModelScoreEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final EventView view = new EventView();
        final long[] t = {T0};
        final Runnable oneBar = () ->
        {
            t[0] += MINUTE;
            final long close = 4_200_000 + (t[0] / MINUTE % 7) * 10;
            score.wrapAndApplyHeader(scoreBuffer, 0, header).exchangeTsNs(t[0]).receiveTsNs(t[0]).instrumentId(BTC.id())
                .modelId(0).outputsCount(1).next().value(0.9);
            score.featuresCount(0);
            stage.onEvent(view.wrap(scoreBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + score.encodedLength()), sink);
            bar.wrapAndApplyHeader(barBuffer, 0, header).exchangeTsNs(t[0]).receiveTsNs(t[0]).instrumentId(BTC.id())
                .intervalNs(MINUTE).openTimeNs(t[0] - MINUTE).open(close).high(close).low(close).close(close).ret(Double.NaN);
            stage.onEvent(view.wrap(barBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength()), sink);
        };
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < 20_000; i++)
        {
            oneBar.run();
        }
        final long self = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < 20_000; i++)
        {
            oneBar.run();
        }
        final long allocated = threads.getThreadAllocatedBytes(self) - before;
        final Map<String, Long> c = stage.counters();
        assertTrue(c.get("mom.enter_short.momentum_trigger") > 30_000, "the momentum strategy decided on most bars: " + c);
        // every bar but the first 13: seed 000's ATR(14) filter (on by default) needs 14 bars before it can pass one
        assertEquals(13L, c.get("pwin.atrSkips"));
        assertEquals(40_000L - 13, c.get("pwin.enter_long.pwin_above_threshold"), "binance_long entered on every bar: " + c);
        // any object per event would be >= 16 B per event; a few hundred bytes in all can come from the JIT
        // (deoptimisation, profiling) while the measured loop runs
        assertTrue(allocated < 20_000, allocated + " bytes allocated by 20,000 bars and 20,000 scores");
    }
}
