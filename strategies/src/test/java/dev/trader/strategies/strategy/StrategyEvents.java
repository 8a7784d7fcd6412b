package dev.trader.strategies.strategy;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import dev.trader.engine.testing.CollectingEmitter;
import dev.trader.engine.testing.TradingEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-encoded Bar / GateChange / ModelScore events in, decoded Decisions out, for driving a StrategyStage. */
final class StrategyEvents extends CollectingEmitter
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
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ModelScoreEncoder score = new ModelScoreEncoder();
    private final EventView view = new EventView();

    StrategyEvents(final Stage stage)
    {
        this.stage = stage;
    }

    /** A completed bar closing at {@code closeTimeNs}, all prices at the close except where a test needs a range. */
    List<Decision> bar(final int instrumentId, final long intervalNs, final long closeTimeNs, final long close)
    {
        final int before = count();
        dispatch(TradingEvents.bar(in, 0, closeTimeNs, closeTimeNs + RECEIVE_LAG, instrumentId, intervalNs,
            closeTimeNs - intervalNs, close, close, close, close, 1_000, 0, 1, 500, 500, close, -2, Double.NaN, false));
        return decisionsSince(before);
    }

    /** A bar with its own range and regime-break flag (seed 000 filters). */
    List<Decision> bar(final int instrumentId, final long intervalNs, final long closeTimeNs, final long high, final long low,
        final long close, final boolean regimeBreak)
    {
        final int before = count();
        dispatch(TradingEvents.bar(in, 0, closeTimeNs, closeTimeNs + RECEIVE_LAG, instrumentId, intervalNs,
            closeTimeNs - intervalNs, close, high, low, close, 1_000, 0, 1, 500, 500, close, -2, Double.NaN, regimeBreak));
        return decisionsSince(before);
    }

    List<Decision> gate(final int instrumentId, final long timeNs, final String name, final GateState state,
        final double probability)
    {
        final int before = count();
        dispatch(TradingEvents.gateChange(in, 0, timeNs, timeNs + RECEIVE_LAG, instrumentId, name, state, probability, 0.5,
            timeNs / (60 * SECOND) * 60 * SECOND));
        return decisionsSince(before);
    }

    List<Decision> score(final int instrumentId, final long timeNs, final int modelId, final double... outputs)
    {
        final int before = count();
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
        final int before = count();
        stage.onEndOfStream(this);
        return decisionsSince(before);
    }

    /** Sends raw bytes as one event (malformed input tests). */
    List<Decision> raw(final UnsafeBuffer buffer, final int length)
    {
        final int before = count();
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
        for (int i = first; i < count(); i++)
        {
            if (templateId(i) != DecisionDecoder.TEMPLATE_ID)
            {
                throw new AssertionError("the strategy stage emitted template " + templateId(i));
            }
            d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
            if (Events.HEADER_LENGTH + d.encodedLength() != length(i))
            {
                throw new AssertionError("committed length " + length(i) + " differs from the encoded length");
            }
            list.add(new Decision(exchangeTs, receiveTs, instrumentId, strategyId, decisionId, action, reason, price, qty,
                positionId, orderType, sl, tp, edge, inputs));
        }
        return list;
    }
}
