package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionEncoder;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreDecoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RegimeChangeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import dev.trader.engine.trading.Reason;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The strategy slot of the plan ({@code ... -> model -> strategy -> risk -> ...}, docs/trading.md): holds the
 * configured {@link Strategy strategies} in config order, routes each Bar (20), ModelScore (21), RegimeChange (31)
 * and GateChange (32) to the strategies of its instrument, in config order, and encodes what they decide as
 * {@code Decision} events (22):
 * <ul>
 *   <li>{@code decisionId = (strategyId << 32) | seq}, seq from 1 per strategy; entries carry
 *       {@code positionId = decisionId} (one entry = one position, hedging style);</li>
 *   <li>header times (exchangeTsNs, receiveTsNs) are the triggering event's; at end of stream, those of the last
 *       Bar, ModelScore, RegimeChange or GateChange the stage saw (any instrument);</li>
 *   <li>{@code inputs} = the named values the strategy put before deciding (seed 001: every decision carries its
 *       reason).</li>
 * </ul>
 * Counters: per strategy, decisions by action and reason ({@code <name>.<action>.<reason>}), refused decisions and
 * dropped inputs, then the strategy's own counters. Steady state allocates nothing: one decoder per template, one
 * encoder, reusable views and a fixed-capacity input scratch.
 */
public final class StrategyStage implements Stage
{
    public static final String NAME = "strategy";
    /** Config section read by {@link #from}. */
    public static final String SECTION = "strategies";

    private static final int ACTIONS = DecisionAction.values().length;
    private static final Reason[] REASONS = Reason.values();
    private static final int MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DecisionEncoder.BLOCK_LENGTH
        + DecisionEncoder.InputsEncoder.HEADER_SIZE
        + DecisionEncoder.InputsEncoder.sbeBlockLength() * DecisionSink.INPUT_CAPACITY;
    private static final int KEY_LENGTH = DecisionEncoder.InputsEncoder.keyLength();

    private final Slot[] slots;
    private final Int2ObjectHashMap<Route> routes = new Int2ObjectHashMap<>();
    private final BarDecoder bar = new BarDecoder();
    private final GateChangeDecoder gate = new GateChangeDecoder();
    private final RegimeChangeDecoder regime = new RegimeChangeDecoder();
    private final ModelScoreDecoder score = new ModelScoreDecoder();
    private final BarView barView = new BarView();
    private final GateView gateView = new GateView();
    private final RegimeView regimeView = new RegimeView();
    private final ScoreView scoreView = new ScoreView();
    private final Sink sink = new Sink();

    private long lastExchangeTsNs;
    private long lastReceiveTsNs;
    private long eventsRouted;
    private long malformed;
    private long scoreOutputsTruncated;

    /**
     * @param instruments the registry (price exponents of the strategies' instruments)
     * @param strategies  in the order they see each event (config order); ids unique and >= 1, instruments known
     * @throws IllegalArgumentException on a duplicate or non-positive id or an unknown instrument
     */
    public StrategyStage(final InstrumentRegistry instruments, final List<? extends Strategy> strategies)
    {
        this.slots = new Slot[strategies.size()];
        final Map<Integer, String> ids = new HashMap<>();
        for (int i = 0; i < slots.length; i++)
        {
            final Strategy s = strategies.get(i);
            if (s.id() < 1)
            {
                throw new IllegalArgumentException("strategy " + s.name() + ": id must be >= 1, got " + s.id());
            }
            final String other = ids.put(s.id(), s.name());
            if (other != null)
            {
                throw new IllegalArgumentException("strategy id " + s.id() + " is used twice (" + other + ", " + s.name() + ")");
            }
            final Instrument instrument = instruments.byId(s.instrumentId());
            if (instrument == null)
            {
                throw new IllegalArgumentException("strategy " + s.name() + ": unknown instrument id " + s.instrumentId());
            }
            slots[i] = new Slot(s);
            Route r = routes.get(s.instrumentId());
            if (r == null)
            {
                r = new Route(instrument.priceExponent());
                routes.put(s.instrumentId(), r);
            }
            r.add(slots[i]);
        }
    }

    /**
     * The stage for the {@code strategies} section (see {@link StrategySettings}); an absent section gives a stage
     * without strategies.
     */
    public static StrategyStage from(final TraderConfig config, final InstrumentRegistry instruments,
        final PortfolioView portfolio, final OrderView orders)
    {
        final List<Strategy> strategies = new ArrayList<>();
        for (final StrategySettings s : StrategySettings.from(config, instruments))
        {
            strategies.add(s.create(portfolio, orders));
        }
        return new StrategyStage(instruments, strategies);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    /** The strategies, in config order. */
    public List<Strategy> strategies()
    {
        final List<Strategy> list = new ArrayList<>(slots.length);
        for (final Slot s : slots)
        {
            list.add(s.strategy);
        }
        return list;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final int template = event.templateId();
        if (template != BarDecoder.TEMPLATE_ID && template != GateChangeDecoder.TEMPLATE_ID
            && template != RegimeChangeDecoder.TEMPLATE_ID && template != ModelScoreDecoder.TEMPLATE_ID)
        {
            return;
        }
        lastExchangeTsNs = event.exchangeTsNs();
        lastReceiveTsNs = event.receiveTsNs();
        final Route route = routes.get(event.instrumentId());
        if (route == null)
        {
            return;
        }
        final int blockLength = event.blockLength();
        switch (template)
        {
            case BarDecoder.TEMPLATE_ID:
                if (blockLength < BarDecoder.BLOCK_LENGTH)
                {
                    malformed++;
                    return;
                }
                bar.wrap(event.buffer(), event.bodyOffset(), blockLength, event.version());
                barView.wrap(bar, route.priceExponent);
                break;
            case GateChangeDecoder.TEMPLATE_ID:
                if (blockLength < GateChangeDecoder.BLOCK_LENGTH)
                {
                    malformed++;
                    return;
                }
                gate.wrap(event.buffer(), event.bodyOffset(), blockLength, event.version());
                gateView.wrap(gate);
                break;
            case RegimeChangeDecoder.TEMPLATE_ID:
                if (blockLength < RegimeChangeDecoder.BLOCK_LENGTH)
                {
                    malformed++;
                    return;
                }
                regime.wrap(event.buffer(), event.bodyOffset(), blockLength, event.version());
                regimeView.wrap(regime);
                break;
            default:
                if (blockLength < ModelScoreDecoder.BLOCK_LENGTH || !scoreFits(event))
                {
                    malformed++;
                    return;
                }
                score.wrap(event.buffer(), event.bodyOffset(), blockLength, event.version());
                if (!scoreView.wrap(score))
                {
                    scoreOutputsTruncated++;
                }
                break;
        }
        eventsRouted++;
        sink.begin(emitter, event.exchangeTsNs(), event.receiveTsNs());
        final Slot[] targets = route.slots;
        for (int i = 0; i < route.count; i++)
        {
            final Slot slot = targets[i];
            sink.slot = slot;
            sink.clearInputs();
            switch (template)
            {
                case BarDecoder.TEMPLATE_ID: slot.strategy.onBar(barView, sink); break;
                case GateChangeDecoder.TEMPLATE_ID: slot.strategy.onGate(gateView, sink); break;
                case RegimeChangeDecoder.TEMPLATE_ID: slot.strategy.onRegime(regimeView, sink); break;
                default: slot.strategy.onScore(scoreView, sink); break;
            }
        }
        sink.end();
    }

    /** The outputs group of a ModelScore lies inside the event (a truncated event is counted, not read). */
    private static boolean scoreFits(final EventView event)
    {
        final int groupAt = event.bodyOffset() + event.blockLength();
        final int end = event.offset() + event.length();
        if (groupAt + ModelScoreDecoder.OutputsDecoder.HEADER_SIZE > end)
        {
            return false;
        }
        final int block = event.buffer().getShort(groupAt, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = event.buffer().getShort(groupAt + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return block >= ModelScoreDecoder.OutputsDecoder.sbeBlockLength()
            && groupAt + ModelScoreDecoder.OutputsDecoder.HEADER_SIZE + (long)block * count <= end;
    }

    @Override
    public void onEndOfStream(final Emitter emitter)
    {
        sink.begin(emitter, lastExchangeTsNs, lastReceiveTsNs);
        for (final Slot slot : slots)
        {
            sink.slot = slot;
            sink.clearInputs();
            slot.strategy.onEndOfStream(sink);
        }
        sink.end();
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("eventsRouted", eventsRouted);
        m.put("malformed", malformed);
        m.put("scoreOutputsTruncated", scoreOutputsTruncated);
        for (final Slot slot : slots)
        {
            final String p = slot.strategy.name() + ".";
            m.put(p + "decisions", slot.decisions());
            m.put(p + "invalid", slot.invalid);
            m.put(p + "inputsDropped", slot.inputsDropped);
            for (int a = 0; a < ACTIONS; a++)
            {
                for (int r = 0; r < REASONS.length; r++)
                {
                    final long n = slot.byActionReason[a * REASONS.length + r];
                    if (n != 0)
                    {
                        m.put(p + DecisionAction.values()[a].name().toLowerCase(Locale.ROOT) + "." + REASONS[r].label(), n);
                    }
                }
            }
            for (final Map.Entry<String, Long> e : slot.strategy.counters().entrySet())
            {
                m.put(p + e.getKey(), e.getValue());
            }
        }
        return m;
    }

    /** Decisions emitted by one strategy for one action and reason (tests, reports). */
    public long decisions(final int strategyId, final DecisionAction action, final Reason reason)
    {
        for (final Slot s : slots)
        {
            if (s.strategy.id() == strategyId)
            {
                return s.byActionReason[action.ordinal() * REASONS.length + reason.ordinal()];
            }
        }
        return 0;
    }

    /** The strategies of one instrument, in config order. */
    private static final class Route
    {
        final int priceExponent;
        Slot[] slots = new Slot[0];
        int count;

        Route(final int priceExponent)
        {
            this.priceExponent = priceExponent;
        }

        void add(final Slot s)
        {
            final Slot[] next = new Slot[count + 1];
            System.arraycopy(slots, 0, next, 0, count);
            next[count++] = s;
            slots = next;
        }
    }

    /** One strategy and its decision sequence and counts. */
    private static final class Slot
    {
        final Strategy strategy;
        final long idHigh;
        final long[] byActionReason = new long[ACTIONS * REASONS.length];
        long seq;
        long invalid;
        long inputsDropped;

        Slot(final Strategy strategy)
        {
            this.strategy = strategy;
            this.idHigh = (long)strategy.id() << 32;
        }

        /** Decisions emitted: the sum of the per action and reason counts. */
        long decisions()
        {
            long n = 0;
            for (final long c : byActionReason)
            {
                n += c;
            }
            return n;
        }
    }

    /** The sink handed to the strategies: encodes into the emitter, stamps the triggering event's times. */
    private final class Sink implements DecisionSink
    {
        private final DecisionEncoder decision = new DecisionEncoder();
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final String[] keys = new String[INPUT_CAPACITY];
        private final double[] values = new double[INPUT_CAPACITY];
        private int inputs;
        private Emitter emitter;
        private long exchangeTsNs;
        private long receiveTsNs;
        Slot slot;

        void begin(final Emitter emitter, final long exchangeTsNs, final long receiveTsNs)
        {
            this.emitter = emitter;
            this.exchangeTsNs = exchangeTsNs;
            this.receiveTsNs = receiveTsNs;
        }

        void end()
        {
            emitter = null;
            slot = null;
            clearInputs();
        }

        void clearInputs()
        {
            for (int i = 0; i < inputs; i++)
            {
                keys[i] = null;
            }
            inputs = 0;
        }

        @Override
        public DecisionSink put(final String key, final double value)
        {
            if (key == null || key.isEmpty() || key.length() > KEY_LENGTH || inputs == INPUT_CAPACITY)
            {
                if (slot != null)
                {
                    slot.inputsDropped++;
                }
                return this;
            }
            keys[inputs] = key;
            values[inputs] = value;
            inputs++;
            return this;
        }

        @Override
        public long enter(final Direction direction, final Reason reason, final long priceMantissa, final long qtyMantissa,
            final OrderType orderType, final long stopLossPrice, final long takeProfitPrice, final double expectedEdgeBps)
        {
            if (direction == null || reason == null || priceMantissa < 0 || qtyMantissa < 0 || stopLossPrice < 0
                || takeProfitPrice < 0 || (orderType != OrderType.MARKET && orderType != OrderType.LIMIT))
            {
                return refuse();
            }
            final DecisionAction action = direction == Direction.LONG ? DecisionAction.ENTER_LONG : DecisionAction.ENTER_SHORT;
            return emit(action, reason, priceMantissa, qtyMantissa, -1L, orderType, stopLossPrice, takeProfitPrice,
                expectedEdgeBps);
        }

        @Override
        public long exit(final long positionId, final Direction direction, final Reason reason, final OrderType orderType,
            final long priceMantissa)
        {
            if (direction == null || reason == null || positionId < 0 || priceMantissa < 0 || orderType == null
                || orderType == OrderType.NULL_VAL || (orderType != OrderType.MARKET && priceMantissa == 0))
            {
                return refuse();
            }
            final DecisionAction action = direction == Direction.LONG ? DecisionAction.EXIT_LONG : DecisionAction.EXIT_SHORT;
            return emit(action, reason, priceMantissa, 0L, positionId, orderType, 0L, 0L, Double.NaN);
        }

        private long refuse()
        {
            if (slot != null)
            {
                slot.invalid++;
            }
            clearInputs();
            return 0L;
        }

        /** @param positionId -1 for an entry (its own decision id) */
        private long emit(final DecisionAction action, final Reason reason, final long price, final long qty,
            final long positionId, final OrderType orderType, final long stopLoss, final long takeProfit, final double edgeBps)
        {
            if (emitter == null || slot == null)
            {
                return refuse();
            }
            final long decisionId = slot.idHigh | (++slot.seq & 0xFFFF_FFFFL);
            final int offset = emitter.claim(MAX_LENGTH);
            decision.wrapAndApplyHeader(emitter.buffer(), offset, header)
                .exchangeTsNs(exchangeTsNs)
                .receiveTsNs(receiveTsNs)
                .instrumentId(slot.strategy.instrumentId())
                .strategyId(slot.strategy.id())
                .decisionId(decisionId)
                .action(action)
                .reasonCode(reason.code())
                .price(price)
                .qty(qty)
                .positionId(positionId < 0 ? decisionId : positionId)
                .orderType(orderType)
                .stopLossPrice(stopLoss)
                .takeProfitPrice(takeProfit)
                .expectedEdgeBps(edgeBps);
            final DecisionEncoder.InputsEncoder in = decision.inputsCount(inputs);
            for (int i = 0; i < inputs; i++)
            {
                in.next().key(keys[i]).value(values[i]);
            }
            emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength());
            slot.byActionReason[action.ordinal() * REASONS.length + reason.ordinal()]++;
            clearInputs();
            return decisionId;
        }
    }

    /** The distinct bar intervals the strategies decide on, in config order. */
    public List<Duration> barIntervals()
    {
        final List<Duration> out = new ArrayList<>();
        for (final Slot s : slots)
        {
            final Duration interval = s.strategy.barInterval();
            if (!out.contains(interval))
            {
                out.add(interval);
            }
        }
        return out;
    }
}
