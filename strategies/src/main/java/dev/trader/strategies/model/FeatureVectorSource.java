package dev.trader.strategies.model;

import java.util.List;

/**
 * Where a {@link ModelScoreStage} gets the feature vector of an instrument: the feature stage (to come), or a fake
 * in tests. Called on the engine thread; must not allocate.
 */
public interface FeatureVectorSource
{
    /** The names of the values {@link #read} writes, in order; must equal the model's manifest features. */
    List<String> featureNames();

    /**
     * Writes the instrument's current feature vector into {@code into}, in {@link #featureNames()} order.
     *
     * @param instrumentId the instrument
     * @param into         receives {@code featureNames().size()} values (overwritten in place)
     * @return true when the vector is ready to be scored (every feature warmed up and current); false leaves
     *     {@code into} unspecified and the instrument is not scored
     */
    boolean read(int instrumentId, double[] into);
}
