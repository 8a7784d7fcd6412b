package dev.trader.engine.sampling;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.SampledEventEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The symmetric CUSUM filter on the log returns of completed bars (seed 001: "CUSUM event sampling", used for entry
 * events and as the hazard-training fallback; Lopez de Prado, Advances in Financial Machine Learning, 2018, section
 * 2.5.2.1). Per instrument, for each Bar of the configured interval with a previous one:
 * <pre>
 *   r_t  = ln(close_t / close_{t-1})
 *   S+_t = max(0, S+_{t-1} + r_t - drift)        S-_t = min(0, S-_{t-1} + r_t + drift)
 *   S+_t &gt;  h: event BUY  (value S+_t), then S+ = 0
 *   S-_t &lt; -h: event SELL (value S-_t), then S- = 0
 * </pre>
 * With {@code drift >= 0} both cannot fire on one bar. {@code h} is {@code threshold}, or with a volatility window
 * of N, {@code threshold * sd(r_{t-N} .. r_{t-1})} (sample standard deviation of the N returns before this one, so
 * the bar's own return never sets its threshold); until N returns are known, and while that sd is 0, the sums are
 * not updated and nothing fires. Bars are consecutive as emitted: an interval without trades has no bar, so the next
 * return spans the gap. A bar with a non-positive close is skipped (counted).
 *
 * <p>Each event is a {@code SampledEvent} stamped with the bar's close time and receive time; stages after this one
 * see it. No allocation per bar.
 */
public final class CusumSampler implements Stage
{
    public static final String NAME = "cusum";

    private final InstrumentRegistry instruments;
    private final long intervalNs;
    private final double threshold;
    private final double drift;
    private final int window;
    private final Int2ObjectHashMap<State> byInstrument = new Int2ObjectHashMap<>();
    private final BarDecoder bar = new BarDecoder();
    private final SampledEventEncoder sampled = new SampledEventEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private long bars;
    private long events;
    private long badCloses;
    private long unknownInstrument;

    public CusumSampler(final InstrumentRegistry instruments, final CusumSettings settings)
    {
        this.instruments = instruments;
        this.intervalNs = settings.interval().toNanos();
        this.threshold = settings.threshold();
        this.drift = settings.drift();
        this.window = settings.volatilityWindow();
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != BarDecoder.TEMPLATE_ID)
        {
            return;
        }
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (bar.intervalNs() != intervalNs)
        {
            return;
        }
        final int instrumentId = event.instrumentId();
        State s = byInstrument.get(instrumentId);
        if (s == null)
        {
            if (instruments.byId(instrumentId) == null)
            {
                unknownInstrument++;
                return;
            }
            s = new State(window);
            byInstrument.put(instrumentId, s);
        }
        bars++;
        final long close = bar.close();
        if (close <= 0)
        {
            badCloses++;
            return;
        }
        final long previous = s.previousClose;
        s.previousClose = close;
        if (previous <= 0)
        {
            return;
        }
        final double r = StrictMath.log((double)close / (double)previous);
        final double h = window == 0 ? threshold : threshold * s.stdDev();
        s.push(r);
        if (!(h > 0))
        {
            return;
        }
        s.up = Math.max(0.0, s.up + r - drift);
        s.down = Math.min(0.0, s.down + r + drift);
        if (s.up > h)
        {
            emit(emitter, event, instrumentId, Side.BUY, s.up, h);
            s.up = 0.0;
        }
        else if (s.down < -h)
        {
            emit(emitter, event, instrumentId, Side.SELL, s.down, h);
            s.down = 0.0;
        }
    }

    private void emit(
        final Emitter emitter,
        final EventView event,
        final int instrumentId,
        final Side side,
        final double value,
        final double h)
    {
        final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + SampledEventEncoder.BLOCK_LENGTH);
        sampled.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(event.exchangeTsNs())
            .receiveTsNs(event.receiveTsNs())
            .instrumentId(instrumentId)
            .side(side)
            .value(value)
            .threshold(h);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + sampled.encodedLength());
        events++;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("bars", bars);
        m.put("events", events);
        m.put("badCloses", badCloses);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    /** One instrument: the previous close, the two sums and, with a volatility window, the last N returns. */
    private static final class State
    {
        final double[] returns;
        long previousClose;
        double up;
        double down;
        long count;

        State(final int window)
        {
            this.returns = new double[window];
        }

        void push(final double r)
        {
            if (returns.length > 0)
            {
                returns[(int)(count % returns.length)] = r;
            }
            count++;
        }

        /** Sample standard deviation of the last N returns pushed; 0 until N are known. */
        double stdDev()
        {
            final int n = returns.length;
            if (count < n)
            {
                return 0.0;
            }
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += returns[i];
            }
            final double mean = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                final double d = returns[i] - mean;
                ss += d * d;
            }
            return Math.sqrt(ss / (n - 1));
        }
    }
}
