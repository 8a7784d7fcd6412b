package dev.trader.engine;

import dev.trader.codecs.Events;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel both runtimes share: for each input event, journal it (journal-in), advance the clock to its receive
 * time, then run every stage in order. Events a stage emits are written to the output sink (journal-out, hash,
 * counters) and then passed to every later stage, depth first, before the next stage sees the input. Single
 * threaded; allocation free in steady state.
 *
 * <pre>
 *   journal-in -> stage 1 -> stage 2 -> ... -> stage n          (each emitted event: journal-out, then later stages)
 * </pre>
 *
 * <p>The engine thread never dies on data. A stage that throws (a bug: bad data is refused at the boundary) is
 * contained: what it emitted for that event is dropped, an InputReject INTERNAL_ERROR takes its place (source = the
 * stage's name, detail = exception class and message, the event's instrument and first bytes), counted per stage,
 * every stage is told the instrument is untrusted ({@link Stage#onInstrumentUntrusted}, so risk stops entries on it),
 * and the pipeline goes on with the next stage and the next event. Failures of the sinks (journal appends) and
 * {@link Error}s are not contained: the engine cannot go on.
 */
public final class Pipeline implements Emitter
{
    public static final String JOURNAL_IN = "journal-in";
    public static final String JOURNAL_OUT = "journal-out";
    private static final int LENGTH_PREFIX = 4;

    private final Stage[] stages;
    private final EventSink inputSink;
    private final EventSink outputSink;
    private final EventClock clock;
    private final LatencyRecorder latency;
    private final boolean timeStages;
    private final UnsafeBuffer arena;
    private final EventView[] views;
    private final long[] inputCounts = new long[EventType.MAX_TEMPLATE_ID_EXCLUSIVE];
    private final long[] outputCounts = new long[EventType.MAX_TEMPLATE_ID_EXCLUSIVE];
    private final long[] internalErrors;
    private final int journalOutIndex;
    private InputRejects internalRejects;
    private byte[] internalRaw;
    private long internalErrorsNotJournaled;

    private int arenaPosition;
    private int claimedAt = -1;
    private long ingressNanos;
    private long inputEvents;
    private long outputEvents;
    private long firstInputTsNs = Long.MIN_VALUE;
    private long lastInputTsNs = Long.MIN_VALUE;
    private boolean ended;

    /**
     * @param stages      the stages in the order they run
     * @param inputSink   receives every input before any stage (journal-in)
     * @param outputSink  receives every emitted event (journal-out, hasher, counters)
     * @param clock       the engine clock the stages were given
     * @param arenaBytes  scratch space for the events emitted while one input is processed
     * @param timeStages  record per-stage latency (two nanoTime reads per stage per event)
     */
    public Pipeline(
        final List<Stage> stages,
        final EventSink inputSink,
        final EventSink outputSink,
        final EventClock clock,
        final int arenaBytes,
        final boolean timeStages)
    {
        this.stages = stages.toArray(new Stage[0]);
        this.inputSink = inputSink;
        this.outputSink = outputSink;
        this.clock = clock;
        this.timeStages = timeStages;
        this.arena = new UnsafeBuffer(new byte[arenaBytes]);
        this.internalErrors = new long[this.stages.length];
        this.views = new EventView[this.stages.length + 2];
        for (int i = 0; i < views.length; i++)
        {
            views[i] = new EventView();
        }
        final List<String> names = new ArrayList<>();
        names.add(JOURNAL_IN);
        for (final Stage s : this.stages)
        {
            names.add(s.name());
        }
        names.add(JOURNAL_OUT);
        this.journalOutIndex = names.size() - 1;
        this.latency = new LatencyRecorder(names);
    }

    /** Processes one input event; {@code ingressNanos} is the {@link System#nanoTime()} at which it entered. */
    public void onInput(final DirectBuffer buffer, final int offset, final int length, final long ingressNanos)
    {
        if (ended)
        {
            throw new IllegalStateException("input after end of stream");
        }
        this.ingressNanos = ingressNanos;
        final EventView view = views[0].wrap(buffer, offset, length);
        final long ts = view.receiveTsNs();
        clock.set(ts);
        if (firstInputTsNs == Long.MIN_VALUE)
        {
            firstInputTsNs = ts;
        }
        lastInputTsNs = ts;
        inputEvents++;
        inputCounts[view.templateId()]++;

        long t0 = System.nanoTime();
        inputSink.onEvent(buffer, offset, length);
        if (timeStages)
        {
            final long t1 = System.nanoTime();
            latency.recordStage(0, t1 - t0);
        }
        runStages(view, 0, 1);
        arenaPosition = 0;
        latency.recordEndToEnd(System.nanoTime() - ingressNanos);
    }

    /** The input has ended: stages may emit what is complete, then the sinks flush. */
    public void onEndOfStream()
    {
        if (ended)
        {
            return;
        }
        ended = true;
        for (int i = 0; i < stages.length; i++)
        {
            final int mark = arenaPosition;
            try
            {
                stages[i].onEndOfStream(this);
                checkCommitted(i);
            }
            catch (final RuntimeException ex)
            {
                contain(i, null, mark, ex);
            }
            dispatchEmitted(mark, arenaPosition, i + 1, 1);
        }
        arenaPosition = 0;
        inputSink.onEndOfStream();
        outputSink.onEndOfStream();
    }

    private void runStages(final EventView view, final int firstStage, final int depth)
    {
        for (int i = firstStage; i < stages.length; i++)
        {
            final int mark = arenaPosition;
            try
            {
                if (timeStages)
                {
                    final long t0 = System.nanoTime();
                    stages[i].onEvent(view, this);
                    latency.recordStage(i + 1, System.nanoTime() - t0);
                }
                else
                {
                    stages[i].onEvent(view, this);
                }
                checkCommitted(i);
            }
            catch (final RuntimeException ex)
            {
                contain(i, view, mark, ex);
            }
            if (arenaPosition != mark)
            {
                dispatchEmitted(mark, arenaPosition, i + 1, depth);
            }
        }
    }

    private void checkCommitted(final int stage)
    {
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("stage " + stages[stage].name() + " claimed space and did not commit");
        }
    }

    /**
     * Stage {@code stage} threw on {@code view} (null at end of stream): drop what it emitted for the event, journal an
     * INTERNAL_ERROR InputReject in its place, count it, and mark the event's instrument untrusted. Off the normal path,
     * so it may allocate.
     */
    private void contain(final int stage, final EventView view, final int mark, final RuntimeException ex)
    {
        claimedAt = -1;
        arenaPosition = mark;
        internalErrors[stage]++;
        final int instrumentId = view == null ? 0 : view.instrumentId();
        for (final Stage s : stages)
        {
            try
            {
                s.onInstrumentUntrusted(instrumentId);
            }
            catch (final RuntimeException ignored)
            {
                // a stage that cannot even take the notice has nothing more to lose; the rest still get it
            }
        }
        if (internalRejects == null)
        {
            internalRejects = new InputRejects();
            internalRaw = new byte[InputRejects.MAX_RAW_BYTES];
        }
        if (arenaPosition + LENGTH_PREFIX + InputRejects.maxLength() > arena.capacity())
        {
            internalErrorsNotJournaled++;
            return;
        }
        int rawLength = 0;
        long exchangeTsNs = 0;
        long receiveTsNs = clock.nanos();
        if (view != null)
        {
            rawLength = Math.min(view.length(), internalRaw.length);
            view.buffer().getBytes(view.offset(), internalRaw, 0, rawLength);
            exchangeTsNs = view.exchangeTsNs();
            receiveTsNs = view.receiveTsNs();
        }
        final int at = claim(InputRejects.maxLength());
        final String detail = ex.getClass().getName() + ": " + ex.getMessage();
        commit(internalRejects.encode(arena, at, exchangeTsNs, receiveTsNs, instrumentId, stages[stage].name(),
            RejectReason.INTERNAL_ERROR, inputEvents, detail, internalRaw, 0, rawLength));
    }

    private void dispatchEmitted(final int from, final int to, final int nextStage, final int depth)
    {
        int p = from;
        while (p < to)
        {
            final int length = arena.getInt(p);
            final int eventOffset = p + LENGTH_PREFIX;
            final long t0 = System.nanoTime();
            outputSink.onEvent(arena, eventOffset, length);
            final long t1 = System.nanoTime();
            if (timeStages)
            {
                latency.recordStage(journalOutIndex, t1 - t0);
            }
            outputEvents++;
            final int templateId = Events.templateId(arena, eventOffset);
            outputCounts[templateId]++;
            latency.recordIngressToOutput(t1 - ingressNanos);
            if (templateId == DecisionDecoder.TEMPLATE_ID)
            {
                latency.recordIngressToDecision(t1 - ingressNanos);
            }
            if (nextStage < stages.length)
            {
                runStages(views[depth].wrap(arena, eventOffset, length), nextStage, depth + 1);
            }
            p = eventOffset + length;
        }
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return arena;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimedAt >= 0)
        {
            throw new IllegalStateException("claim while a previous claim is not committed");
        }
        if (arenaPosition + LENGTH_PREFIX + maxLength > arena.capacity())
        {
            throw new IllegalStateException("emit arena overflow: " + (arenaPosition + LENGTH_PREFIX + maxLength)
                + " bytes needed for one input, arenaBytes is " + arena.capacity());
        }
        claimedAt = arenaPosition;
        return arenaPosition + LENGTH_PREFIX;
    }

    @Override
    public void commit(final int length)
    {
        if (claimedAt < 0)
        {
            throw new IllegalStateException("commit without claim");
        }
        arena.putInt(claimedAt, length);
        arenaPosition = claimedAt + LENGTH_PREFIX + length;
        claimedAt = -1;
    }

    /** Exceptions contained from stage {@code index} (in {@link #stages()} order). */
    public long internalErrors(final int index)
    {
        return internalErrors[index];
    }

    /** Exceptions contained from every stage. */
    public long internalErrors()
    {
        long n = 0;
        for (final long k : internalErrors)
        {
            n += k;
        }
        return n;
    }

    /** Contained exceptions whose InputReject did not fit the emit arena (counted, not journaled). */
    public long internalErrorsNotJournaled()
    {
        return internalErrorsNotJournaled;
    }

    public LatencyRecorder latency()
    {
        return latency;
    }

    public long inputEvents()
    {
        return inputEvents;
    }

    public long outputEvents()
    {
        return outputEvents;
    }

    /** Inputs seen of the given template id. */
    public long inputCount(final int templateId)
    {
        return inputCounts[templateId];
    }

    /** Events emitted of the given template id. */
    public long outputCount(final int templateId)
    {
        return outputCounts[templateId];
    }

    public long firstInputTsNs()
    {
        return firstInputTsNs;
    }

    public long lastInputTsNs()
    {
        return lastInputTsNs;
    }

    public EngineClock clock()
    {
        return clock;
    }

    public List<Stage> stages()
    {
        return List.of(stages);
    }
}
