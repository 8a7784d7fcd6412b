package dev.trader.engine;

import dev.trader.codecs.Events;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.DecisionDecoder;
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
    private final int journalOutIndex;

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
            stages[i].onEndOfStream(this);
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
            if (claimedAt >= 0)
            {
                throw new IllegalStateException("stage " + stages[i].name() + " claimed space and did not commit");
            }
            if (arenaPosition != mark)
            {
                dispatchEmitted(mark, arenaPosition, i + 1, depth);
            }
        }
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
