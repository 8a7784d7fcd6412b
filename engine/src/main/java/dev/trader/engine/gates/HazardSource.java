package dev.trader.engine.gates;

/**
 * Where {@link HazardGateStage} gets the 1 m hazard probability of seed 002 ("1m Hazard Dataset Path", "Hazard
 * Join (PHASE 2)") and seed 001 (Layer C, the 1 m hazard meter).
 *
 * <ul>
 *   <li>{@link CsvHazardSource}: a {@code timestamp,prob} file produced offline, joined by same-minute bucket.</li>
 *   <li>An ONNX model scored on the current feature vector: {@code dev.trader.strategies.model.OnnxHazardSource},
 *       in the strategies module (the engine does not depend on ONNX Runtime); the runtime that wires the stages
 *       injects it into {@code StagePlan}.</li>
 * </ul>
 *
 * Called on the engine thread when a bar of the gate's interval completes; an implementation must not allocate,
 * block or read the wall clock, and must not use anything later than the bar (no look-ahead).
 */
public interface HazardSource
{
    /**
     * @param instrumentId the instrument
     * @param minuteNs     the minute bucket of the completed bar: {@code floor(bar open time / 1 min) * 1 min}
     * @return the probability in [0, 1], or NaN when there is none for that minute (never a value carried over
     *     from another minute): the gate is then UNKNOWN, which counts as closed
     */
    double probability(int instrumentId, long minuteNs);

    /** What the source is, for reports ("csv probs.csv (1440 minutes)", "onnx hazard.onnx sha256 ..."). */
    String describe();
}
