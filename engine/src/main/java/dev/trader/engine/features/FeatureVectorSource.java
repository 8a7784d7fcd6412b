package dev.trader.engine.features;

import java.util.List;

/**
 * Where a later stage (the ONNX model stage) reads the current feature vector of an instrument, on the engine
 * thread, without allocation. The vector is the one computed at the instrument's latest completed 1 m bar; its
 * positions are {@link #featureNames()} (a model manifest's feature order is checked against them).
 */
public interface FeatureVectorSource
{
    /** The feature names in vector order. */
    List<String> featureNames();

    /** Length of a vector. */
    int featureCount();

    /** True when the instrument's latest vector exists and every value in it is finite (warm-up over). */
    boolean ready(int instrumentId);

    /**
     * Copies the instrument's latest vector into {@code out[0 .. featureCount())}; NaN everywhere when the instrument
     * has no vector yet. No allocation.
     */
    void copyInto(int instrumentId, double[] out);

    /** Close time (exclusive end) of the 1 m bar the latest vector was computed at; {@code Long.MIN_VALUE} when none. */
    long vectorTimeNs(int instrumentId);
}
