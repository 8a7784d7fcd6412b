package dev.trader.engine.gates;

import dev.trader.codecs.Events;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/** Bars in, gate events out, for driving one gate stage directly in tests. */
final class GateEvents implements Emitter
{
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    /** 2020-01-01T00:00:00Z. */
    static final long T0 = 1_577_836_800L * SECOND;

    /** One reason row of a RegimeChange. */
    record Reason(String key, double value, double threshold)
    {
    }

    /** A decoded RegimeChange. */
    record Change(long exchangeTsNs, long receiveTsNs, int instrumentId, long intervalNs, Regime previous, Regime regime,
        int barsInPrevious, List<Reason> reasons)
    {
        /** The reason with this key, or null. */
        Reason reason(final String key)
        {
            return reasons.stream().filter(r -> r.key().equals(key)).findFirst().orElse(null);
        }

        List<String> keys()
        {
            return reasons.stream().map(Reason::key).toList();
        }
    }

    /** A decoded GateChange. */
    record Gate(long exchangeTsNs, long receiveTsNs, int instrumentId, String gate, GateState state, boolean open,
        double probability, double threshold, long minuteNs)
    {
    }

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 22]);
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[1024]);
    private final BarEncoder bar = new BarEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final EventView view = new EventView();
    private final EventValidator validator = new EventValidator();
    private final List<int[]> events = new ArrayList<>();
    private int position;
    private int claimed = -1;

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
        if (position + maxLength > out.capacity())
        {
            throw new IllegalStateException("test emitter full");
        }
        claimed = position;
        return position;
    }

    @Override
    public void commit(final int length)
    {
        if (!validator.isValid(out, claimed, length))
        {
            throw new AssertionError("emitted an invalid event: " + validator.lastError());
        }
        events.add(new int[]{claimed, length});
        position = claimed + length;
        claimed = -1;
    }

    /** Feeds one completed bar (close time = open + interval, received 1 ms later) to {@code stage}. */
    void bar(final Stage stage, final int instrumentId, final long intervalNs, final long openTimeNs,
        final long open, final long high, final long low, final long close, final long volume, final boolean regimeBreak)
    {
        encode(instrumentId, intervalNs, openTimeNs, open, high, low, close, volume, regimeBreak);
        stage.onEvent(view, this);
    }

    /** As {@link #bar}, emitting into {@code emitter}; allocates nothing. */
    void barTo(final Stage stage, final Emitter emitter, final int instrumentId, final long intervalNs, final long openTimeNs,
        final long open, final long high, final long low, final long close, final long volume)
    {
        encode(instrumentId, intervalNs, openTimeNs, open, high, low, close, volume, false);
        stage.onEvent(view, emitter);
    }

    private void encode(final int instrumentId, final long intervalNs, final long openTimeNs,
        final long open, final long high, final long low, final long close, final long volume, final boolean regimeBreak)
    {
        bar.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(openTimeNs + intervalNs)
            .receiveTsNs(openTimeNs + intervalNs + 1_000_000L)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(0)
            .tradeCount(1)
            .buyVolume(volume)
            .sellVolume(0);
        bar.vwap().mantissa(close).exponent((byte)0);
        bar.flags().clear().regimeBreak(regimeBreak);
        view.wrap(in, 0, MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
    }

    int count()
    {
        return events.size();
    }

    void clear()
    {
        events.clear();
        position = 0;
    }

    List<Change> changes()
    {
        final List<Change> result = new ArrayList<>();
        final RegimeChangeDecoder d = new RegimeChangeDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) != RegimeChangeDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(out, e[0] + Events.HEADER_LENGTH, Events.blockLength(out, e[0]), Events.version(out, e[0]));
            final long exchangeTs = d.exchangeTsNs();
            final long receiveTs = d.receiveTsNs();
            final int instrumentId = d.instrumentId();
            final long intervalNs = d.intervalNs();
            final Regime previous = d.previous();
            final Regime regime = d.regime();
            final int held = d.barsInPrevious();
            final List<Reason> reasons = new ArrayList<>();
            for (final RegimeChangeDecoder.ReasonsDecoder r : d.reasons())
            {
                reasons.add(new Reason(r.key(), r.value(), r.threshold()));
            }
            result.add(new Change(exchangeTs, receiveTs, instrumentId, intervalNs, previous, regime, held, reasons));
        }
        return result;
    }

    List<Gate> gates()
    {
        final List<Gate> result = new ArrayList<>();
        final GateChangeDecoder d = new GateChangeDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) != GateChangeDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(out, e[0] + Events.HEADER_LENGTH, Events.blockLength(out, e[0]), Events.version(out, e[0]));
            result.add(new Gate(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.gate(), d.state(),
                d.open() == BooleanType.T, d.probability(), d.threshold(), d.minuteNs()));
        }
        return result;
    }
}
