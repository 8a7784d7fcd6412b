package dev.trader.strategies.model;

import dev.trader.engine.features.FeatureVectorSource;
import dev.trader.engine.gates.HazardSource;

import java.util.List;

/**
 * The hazard probability from an ONNX model (seed 001 Layer C, the 1 m hazard meter; seed 002 section 2 trains it
 * offline as a per-minute logistic model), for the engine's {@code HazardGateStage}: when a bar of the gate's
 * interval completes, the instrument's current feature vector is read from a {@link FeatureVectorSource} and scored
 * by an {@link OnnxScorer} with its pinned buffers; one output column is the probability.
 *
 * <ul>
 *   <li>A vector that is not ready (features warming up or stale) gives NaN: the gate is UNKNOWN, which is closed.</li>
 *   <li>An output outside [0, 1] (a head that is not a probability) gives NaN as well; the gate counts it.</li>
 *   <li>The minute is not an input: the features are those of the bar just completed, so nothing later is used. With
 *       the gate on 1 m bars the model is scored once per minute per instrument.</li>
 * </ul>
 *
 * The engine cannot depend on ONNX Runtime, so this class lives here and the runtime that builds the stages injects
 * it ({@code StagePlan.build(config, instruments, clock, ingress, hazardSource)} with {@code hazard.source: onnx}).
 * Per call it allocates only what ORT's own {@code run} allocates (see {@link OnnxScorer}); a ZipMap model, which
 * ORT makes allocate much more, is refused, as {@link ModelScoreStage} refuses it.
 */
public final class OnnxHazardSource implements HazardSource
{
    private final OnnxScorer scorer;
    private final FeatureVectorSource features;
    private final int outputIndex;
    private final double[] vector;
    private final double[] outputs;
    private final String description;
    private long scored;
    private long notReady;

    /**
     * @param scorer      the model (owned by the caller, who closes it after the run)
     * @param features    the feature vectors; their names must equal the model's features, in order
     * @param outputIndex which of the scorer's outputs ({@link OnnxScorer#outputLabels()}) is the probability
     */
    public OnnxHazardSource(final OnnxScorer scorer, final FeatureVectorSource features, final int outputIndex)
    {
        final String model = scorer.manifest().name();
        if (!scorer.allocationFree())
        {
            throw new IllegalArgumentException("hazard model " + model + ": outputs " + scorer.zipMapOutputs()
                + " are ZipMaps, which ONNX Runtime allocates on every call: " + OnnxScorer.NO_ZIPMAP_HINT);
        }
        final List<String> expected = scorer.featureNames();
        if (!features.featureNames().equals(expected))
        {
            throw new IllegalArgumentException("hazard model " + model + ": the feature source gives " + features.featureNames()
                + " but the model takes " + expected + ", in that order");
        }
        if (outputIndex < 0 || outputIndex >= scorer.outputCount())
        {
            throw new IllegalArgumentException("hazard model " + model + ": output " + outputIndex + " does not exist; outputs: "
                + scorer.outputLabels());
        }
        this.scorer = scorer;
        this.features = features;
        this.outputIndex = outputIndex;
        this.vector = new double[scorer.featureCount()];
        this.outputs = new double[scorer.outputCount()];
        this.description = "onnx " + model + " (" + scorer.outputLabels().get(outputIndex) + ", sha256 " + scorer.sha256Hex() + ")";
    }

    /** The scorer's first output (the positive-class probability of a default or single-head manifest). */
    public OnnxHazardSource(final OnnxScorer scorer, final FeatureVectorSource features)
    {
        this(scorer, features, 0);
    }

    @Override
    public double probability(final int instrumentId, final long minuteNs)
    {
        if (!features.read(instrumentId, vector))
        {
            notReady++;
            return Double.NaN;
        }
        scorer.score(vector, outputs);
        scored++;
        final double p = outputs[outputIndex];
        return p >= 0.0 && p <= 1.0 ? p : Double.NaN;
    }

    @Override
    public String describe()
    {
        return description;
    }

    /** Vectors scored. */
    public long scored()
    {
        return scored;
    }

    /** Calls answered NaN because the feature vector was not ready. */
    public long notReady()
    {
        return notReady;
    }
}
