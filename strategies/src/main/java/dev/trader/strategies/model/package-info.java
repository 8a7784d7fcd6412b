/**
 * ONNX model scoring: {@link dev.trader.strategies.model.ModelManifest} (the file, its SHA-256, the feature order and
 * the heads), {@link dev.trader.strategies.model.OnnxScorer} (one session, pinned input and output buffers) and
 * {@link dev.trader.strategies.model.ModelScoreStage} (scores on bars, journals a ModelScore with the model hash, the
 * outputs and the exact feature vector). See {@code docs/architecture.md}, "Models".
 */
package dev.trader.strategies.model;
