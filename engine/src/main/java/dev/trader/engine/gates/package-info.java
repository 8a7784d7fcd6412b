/**
 * Stage slot 4, the gates, between the features and the model (see {@code StagePlan}):
 * <ul>
 *   <li>{@link dev.trader.engine.gates.HazardGateStage}: the 1 m hazard probability joined by same-minute bucket,
 *       never forward-filled, open above a threshold (seed 002 section 2, seed 001 Layer C); its probabilities come
 *       from a {@link dev.trader.engine.gates.HazardSource}: {@link dev.trader.engine.gates.CsvHazardSource} here,
 *       an ONNX model in the strategies module.</li>
 *   <li>{@link dev.trader.engine.gates.RegimeGateStage}: TREND / RANGE / HAZARD (seed 001 Layer A) and the hard
 *       gates PANIC / ILLIQUID (seed 004 section 2) from Wilder ADX, realized volatility, volume and the book's
 *       spread, with hysteresis and a minimum dwell ({@link dev.trader.engine.gates.RegimeClassifier}).</li>
 * </ul>
 * Both run on completed bars only, emit an event with its reasons on every change (GateChange, RegimeChange: seed
 * 001 "a reason for every decision", seed 004 section 10 "regime" in every decision event) and expose their state
 * to later stages. Unknown inputs close the gates: a missing minute is UNKNOWN, an untrusted book is ILLIQUID.
 */
package dev.trader.engine.gates;
