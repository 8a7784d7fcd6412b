package dev.trader.engine.gates;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import dev.trader.engine.testing.CollectingEmitter;
import dev.trader.engine.testing.TradingEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/** Bars in, gate events out, for driving one gate stage directly in tests. */
final class GateEvents extends CollectingEmitter
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

    private final UnsafeBuffer in = new UnsafeBuffer(new byte[1024]);
    private final EventView view = new EventView();

    GateEvents()
    {
        super(1 << 22, true);
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
        // ret 0.0 and vwap exponent 0: what these tests have always fed
        view.wrap(in, 0, TradingEvents.bar(in, 0, openTimeNs + intervalNs, openTimeNs + intervalNs + 1_000_000L,
            instrumentId, intervalNs, openTimeNs, open, high, low, close, volume, 0, 1, volume, 0, close, 0, 0.0,
            regimeBreak));
    }

    List<Change> changes()
    {
        final List<Change> result = new ArrayList<>();
        final RegimeChangeDecoder d = new RegimeChangeDecoder();
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) != RegimeChangeDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) != GateChangeDecoder.TEMPLATE_ID)
            {
                continue;
            }
            d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
            result.add(new Gate(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.gate(), d.state(),
                d.open() == BooleanType.T, d.probability(), d.threshold(), d.minuteNs()));
        }
        return result;
    }
}
