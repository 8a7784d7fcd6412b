package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.ModelScoreDecoder;

/**
 * A {@code ModelScore} (template 21) as a strategy sees it: model id and outputs (in the scorer's output-label order:
 * with a manifest's default head, output 0 is the positive class probability, {@code predict_proba[:, 1]}). One
 * reusable read-only view, valid during the callback; at most {@link #CAPACITY} outputs are kept (the stage counts
 * scores cut short).
 */
public final class ScoreView
{
    /** Outputs kept per score. */
    public static final int CAPACITY = 64;

    private final double[] outputs = new double[CAPACITY];
    private int instrumentId;
    private long timeNs;
    private int modelId;
    private int outputCount;

    /** @return false when the score had more outputs than {@link #CAPACITY} (the first ones are kept) */
    boolean wrap(final ModelScoreDecoder d)
    {
        instrumentId = d.instrumentId();
        timeNs = d.exchangeTsNs();
        modelId = d.modelId();
        final ModelScoreDecoder.OutputsDecoder out = d.outputs();
        final int n = out.count();
        int kept = 0;
        while (out.hasNext())
        {
            final double v = out.next().value();
            if (kept < CAPACITY)
            {
                outputs[kept++] = v;
            }
        }
        outputCount = kept;
        return n <= CAPACITY;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /** The scored bar's close time. */
    public long timeNs()
    {
        return timeNs;
    }

    public int modelId()
    {
        return modelId;
    }

    public int outputCount()
    {
        return outputCount;
    }

    /** Output {@code i}, or NaN when the score has no such output. */
    public double output(final int i)
    {
        return i >= 0 && i < outputCount ? outputs[i] : Double.NaN;
    }
}
