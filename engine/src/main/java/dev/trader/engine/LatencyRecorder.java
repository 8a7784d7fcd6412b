package dev.trader.engine;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HdrHistograms of the critical path, in nanoseconds: one per stage (time inside the stage per invocation) and
 * three paths: ingress-to-output (ring publish to each emitted event), ingress-to-decision (ring publish to each
 * Decision) and end-to-end (ring publish to the end of the input's processing, queueing included). Recorded the
 * same way live and in replay. Measurement only: nothing recorded here reaches an event.
 */
public final class LatencyRecorder
{
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    public static final int SIGNIFICANT_DIGITS = 3;
    public static final String INGRESS_TO_OUTPUT = "ingress-to-output";
    public static final String INGRESS_TO_DECISION = "ingress-to-decision";
    public static final String END_TO_END = "end-to-end";

    private final List<String> stageNames;
    private final Histogram[] stages;
    private final Histogram ingressToOutput = newHistogram();
    private final Histogram ingressToDecision = newHistogram();
    private final Histogram endToEnd = newHistogram();
    private long clamped;

    public LatencyRecorder(final List<String> stageNames)
    {
        this.stageNames = Collections.unmodifiableList(new ArrayList<>(stageNames));
        this.stages = new Histogram[stageNames.size()];
        for (int i = 0; i < stages.length; i++)
        {
            stages[i] = newHistogram();
        }
    }

    public static Histogram newHistogram()
    {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    public void recordStage(final int index, final long nanos)
    {
        record(stages[index], nanos);
    }

    public void recordIngressToOutput(final long nanos)
    {
        record(ingressToOutput, nanos);
    }

    public void recordIngressToDecision(final long nanos)
    {
        record(ingressToDecision, nanos);
    }

    public void recordEndToEnd(final long nanos)
    {
        record(endToEnd, nanos);
    }

    private void record(final Histogram h, final long nanos)
    {
        if (nanos > HIGHEST_TRACKABLE_NS)
        {
            clamped++;
            h.recordValue(HIGHEST_TRACKABLE_NS);
        }
        else
        {
            h.recordValue(Math.max(0, nanos));
        }
    }

    public List<String> stageNames()
    {
        return stageNames;
    }

    public Histogram stage(final int index)
    {
        return stages[index];
    }

    /** Values above {@link #HIGHEST_TRACKABLE_NS} recorded as that maximum (a stall, e.g. a GC pause). */
    public long clampedCount()
    {
        return clamped;
    }

    /** All histograms by name in a fixed order: stages first (pipeline order), then the three paths. */
    public List<Named> all()
    {
        final List<Named> result = new ArrayList<>();
        for (int i = 0; i < stages.length; i++)
        {
            result.add(new Named("stage." + stageNames.get(i), stages[i]));
        }
        result.add(new Named(INGRESS_TO_OUTPUT, ingressToOutput));
        result.add(new Named(INGRESS_TO_DECISION, ingressToDecision));
        result.add(new Named(END_TO_END, endToEnd));
        return result;
    }

    public void reset()
    {
        for (final Histogram h : stages)
        {
            h.reset();
        }
        ingressToOutput.reset();
        ingressToDecision.reset();
        endToEnd.reset();
        clamped = 0;
    }

    /** A histogram and the name it is reported under. */
    public static final class Named
    {
        private final String name;
        private final Histogram histogram;

        public Named(final String name, final Histogram histogram)
        {
            this.name = name;
            this.histogram = histogram;
        }

        public String name()
        {
            return name;
        }

        public Histogram histogram()
        {
            return histogram;
        }
    }
}
