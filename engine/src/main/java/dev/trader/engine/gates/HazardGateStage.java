package dev.trader.engine.gates;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.GateChangeEncoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hazard gate (seed 002 section 2 "Hazard Join (PHASE 2)" and section 3 "hazard gate active:
 * {@code hazard_prob > hazard_threshold}"; seed 001 Layer C, the 1 m hazard meter): on every completed bar of the
 * configured interval, the minute bucket of the bar's open time is joined to the {@link HazardSource}'s probability
 * for that minute, and the gate is
 * <ul>
 *   <li>OPEN when {@code probability > threshold};</li>
 *   <li>CLOSED when {@code probability <= threshold};</li>
 *   <li>UNKNOWN when the minute has no probability: it counts as closed (fail closed) and is never filled from an
 *       earlier minute, as seed 002 requires ("missing minute hazard => null", "no forward-fill across minute
 *       boundaries").</li>
 * </ul>
 * Every change of state emits a {@code GateChange} (gate name, state, open flag, probability or NaN, threshold,
 * minute), stamped with the bar's close time and receive time: the reason for every decision (seed 001). Bars of
 * 5 s join the minute they lie in, exactly as seed 002 joins its 5 s bars; a 1 m bar is joined after it completed,
 * so nothing later than the bar is used.
 *
 * <p>Later stages read {@link #isOpen(int)}, {@link #state(int)} and {@link #probability(int)}. Steady state
 * allocates nothing (one state object per instrument, on its first bar).
 */
public final class HazardGateStage implements Stage
{
    public static final String NAME = "hazard-gate";
    private static final int ALL_INSTRUMENTS = Integer.MIN_VALUE;
    private static final int EVENT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + GateChangeEncoder.BLOCK_LENGTH;

    private final InstrumentRegistry instruments;
    private final HazardSource source;
    private final long intervalNs;
    private final double threshold;
    private final String gateName;
    private final int onlyInstrument;
    private final Int2ObjectHashMap<Gate> gates = new Int2ObjectHashMap<>();
    private final BarDecoder bar = new BarDecoder();
    private final GateChangeEncoder change = new GateChangeEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private long barsJoined;
    private long barsWithoutProbability;
    private long badProbabilities;
    private long opened;
    private long closed;
    private long unknown;
    private long otherInstrument;
    private long unknownInstrument;

    /**
     * @param settings the {@code hazard:} section (validated here)
     * @param source   the probabilities (CSV or ONNX)
     */
    public HazardGateStage(final InstrumentRegistry instruments, final HazardSettings settings, final HazardSource source)
    {
        settings.validate();
        this.instruments = instruments;
        this.source = source;
        this.intervalNs = settings.barInterval().toNanos();
        this.threshold = settings.threshold();
        this.gateName = settings.name();
        this.onlyInstrument = settings.instrument() == null ? ALL_INSTRUMENTS : instruments.resolve(settings.instrument()).id();
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
        final int instrumentId = bar.instrumentId();
        if (onlyInstrument != ALL_INSTRUMENTS && instrumentId != onlyInstrument)
        {
            otherInstrument++;
            return;
        }
        Gate g = gates.get(instrumentId);
        if (g == null)
        {
            if (instruments.byId(instrumentId) == null)
            {
                unknownInstrument++;
                return;
            }
            g = new Gate();
            gates.put(instrumentId, g);
        }
        final long minute = CsvHazardSource.minuteOf(bar.openTimeNs());
        double p = source.probability(instrumentId, minute);
        if (!Double.isNaN(p) && !(p >= 0.0 && p <= 1.0))
        {
            badProbabilities++;
            p = Double.NaN;
        }
        barsJoined++;
        final GateState next;
        if (Double.isNaN(p))
        {
            barsWithoutProbability++;
            next = GateState.UNKNOWN;
        }
        else
        {
            next = p > threshold ? GateState.OPEN : GateState.CLOSED;
        }
        g.probability = p;
        g.minuteNs = minute;
        if (next == g.state)
        {
            return;
        }
        g.state = next;
        switch (next)
        {
            case OPEN: opened++; break;
            case CLOSED: closed++; break;
            default: unknown++; break;
        }
        final int offset = emitter.claim(EVENT_LENGTH);
        change.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(bar.exchangeTsNs())
            .receiveTsNs(bar.receiveTsNs())
            .instrumentId(instrumentId)
            .gate(gateName)
            .state(next)
            .open(next == GateState.OPEN ? BooleanType.T : BooleanType.F)
            .probability(p)
            .threshold(threshold)
            .minuteNs(minute);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + change.encodedLength());
    }

    /** True only while the instrument's last joined minute had a probability above the threshold. */
    public boolean isOpen(final int instrumentId)
    {
        final Gate g = gates.get(instrumentId);
        return g != null && g.state == GateState.OPEN;
    }

    /** UNKNOWN before the first bar and for a minute without a probability. */
    public GateState state(final int instrumentId)
    {
        final Gate g = gates.get(instrumentId);
        return g == null ? GateState.UNKNOWN : g.state;
    }

    /** The probability of the last joined minute, or NaN. */
    public double probability(final int instrumentId)
    {
        final Gate g = gates.get(instrumentId);
        return g == null ? Double.NaN : g.probability;
    }

    /** The minute bucket last joined for the instrument (epoch ns), or {@code Long.MIN_VALUE}. */
    public long minuteNs(final int instrumentId)
    {
        final Gate g = gates.get(instrumentId);
        return g == null ? Long.MIN_VALUE : g.minuteNs;
    }

    public double threshold()
    {
        return threshold;
    }

    public HazardSource source()
    {
        return source;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("barsJoined", barsJoined);
        m.put("barsWithoutProbability", barsWithoutProbability);
        m.put("badProbabilities", badProbabilities);
        m.put("opened", opened);
        m.put("closed", closed);
        m.put("unknown", unknown);
        m.put("otherInstrument", otherInstrument);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    private static final class Gate
    {
        GateState state = GateState.UNKNOWN;
        double probability = Double.NaN;
        long minuteNs = Long.MIN_VALUE;
    }
}
