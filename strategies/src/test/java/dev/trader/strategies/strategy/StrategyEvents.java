package dev.trader.strategies.strategy;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.GateChangeEncoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-encoded Bar / GateChange / ModelScore events in, decoded Decisions out, for driving a StrategyStage. */
final class StrategyEvents implements Emitter
{
    static final long SECOND = 1_000_000_000L;
    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200L * SECOND;
    /** Receive times trail exchange times by this much, so a test can tell them apart. */
    static final long RECEIVE_LAG = 7_000_000L;

    /** A decoded Decision. */
    record Decision(long exchangeTsNs, long receiveTsNs, int instrumentId, int strategyId, long decisionId,
        DecisionAction action, int reasonCode, long price, long qty, long positionId, OrderType orderType,
        long stopLossPrice, long takeProfitPrice, double expectedEdgeBps, Map<String, Double> inputs)
    {
    }

    private final Stage stage;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BarEncoder bar = new BarEncoder();
    private final GateChangeEncoder gate = new GateChangeEncoder();
    private final ModelScoreEncoder score = new ModelScoreEncoder();
    private final EventView view = new EventView();
    private final List<int[]> events = new ArrayList<>();
    private int position;
    private int claimed = -1;

    StrategyEvents(final Stage stage)
    {
        this.stage = stage;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return out;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimed >= 0)
        {
            throw new IllegalStateException("claim without commit");
        }
        claimed = position;
        return position;
    }

    @Override
    public void commit(final int length)
    {
        events.add(new int[]{claimed, length});
        position = claimed + length;
        claimed = -1;
    }

    /** A completed bar closing at {@code closeTimeNs}, all prices at the close except where a test needs a range. */
    List<Decision> bar(final int instrumentId, final long intervalNs, final long closeTimeNs, final long close)
    {
        final int before = events.size();
        bar.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(closeTimeNs)
            .receiveTsNs(closeTimeNs + RECEIVE_LAG)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(closeTimeNs - intervalNs)
            .open(close)
            .high(close)
            .low(close)
            .close(close)
            .volume(1_000)
            .quoteVolume(0)
            .tradeCount(1)
            .buyVolume(500)
            .sellVolume(500)
            .ret(Double.NaN);
        bar.vwap().mantissa(close).exponent((byte)-2);
        dispatch(MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
        return decisionsSince(before);
    }

    List<Decision> gate(final int instrumentId, final long timeNs, final String name, final GateState state,
        final double probability)
    {
        final int before = events.size();
        gate.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(timeNs)
            .receiveTsNs(timeNs + RECEIVE_LAG)
            .instrumentId(instrumentId)
            .gate(name)
            .state(state)
            .open(state == GateState.OPEN ? BooleanType.T : BooleanType.F)
            .probability(probability)
            .threshold(0.5)
            .minuteNs(timeNs / (60 * SECOND) * 60 * SECOND);
        dispatch(MessageHeaderEncoder.ENCODED_LENGTH + gate.encodedLength());
        return decisionsSince(before);
    }

    List<Decision> score(final int instrumentId, final long timeNs, final int modelId, final double... outputs)
    {
        final int before = events.size();
        score.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(timeNs)
            .receiveTsNs(timeNs + RECEIVE_LAG)
            .instrumentId(instrumentId)
            .modelId(modelId);
        final ModelScoreEncoder.OutputsEncoder o = score.outputsCount(outputs.length);
        for (final double v : outputs)
        {
            o.next().value(v);
        }
        score.featuresCount(1).next().value(1.0);
        dispatch(MessageHeaderEncoder.ENCODED_LENGTH + score.encodedLength());
        return decisionsSince(before);
    }

    List<Decision> endOfStream()
    {
        final int before = events.size();
        stage.onEndOfStream(this);
        return decisionsSince(before);
    }

    /** Sends raw bytes as one event (malformed input tests). */
    List<Decision> raw(final UnsafeBuffer buffer, final int length)
    {
        final int before = events.size();
        stage.onEvent(view.wrap(buffer, 0, length), this);
        return decisionsSince(before);
    }

    Stage stage()
    {
        return stage;
    }

    UnsafeBuffer input()
    {
        return in;
    }

    MessageHeaderEncoder header()
    {
        return header;
    }

    List<Decision> all()
    {
        return decisionsSince(0);
    }

    private void dispatch(final int length)
    {
        stage.onEvent(view.wrap(in, 0, length), this);
    }

    private List<Decision> decisionsSince(final int first)
    {
        final List<Decision> list = new ArrayList<>();
        final DecisionDecoder d = new DecisionDecoder();
        for (int i = first; i < events.size(); i++)
        {
            final int[] e = events.get(i);
            if (Events.templateId(out, e[0]) != DecisionDecoder.TEMPLATE_ID)
            {
                throw new AssertionError("the strategy stage emitted template " + Events.templateId(out, e[0]));
            }
            d.wrap(out, e[0] + Events.HEADER_LENGTH, Events.blockLength(out, e[0]), Events.version(out, e[0]));
            final long exchangeTs = d.exchangeTsNs();
            final long receiveTs = d.receiveTsNs();
            final int instrumentId = d.instrumentId();
            final int strategyId = d.strategyId();
            final long decisionId = d.decisionId();
            final DecisionAction action = d.action();
            final int reason = d.reasonCode();
            final long price = d.price();
            final long qty = d.qty();
            final long positionId = d.positionId();
            final OrderType orderType = d.orderType();
            final long sl = d.stopLossPrice();
            final long tp = d.takeProfitPrice();
            final double edge = d.expectedEdgeBps();
            final Map<String, Double> inputs = new LinkedHashMap<>();
            for (final DecisionDecoder.InputsDecoder g : d.inputs())
            {
                inputs.put(g.key(), g.value());
            }
            if (Events.HEADER_LENGTH + d.encodedLength() != e[1])
            {
                throw new AssertionError("committed length " + e[1] + " differs from the encoded length");
            }
            list.add(new Decision(exchangeTs, receiveTs, instrumentId, strategyId, decisionId, action, reason, price, qty,
                positionId, orderType, sl, tp, edge, inputs));
        }
        return list;
    }
}
