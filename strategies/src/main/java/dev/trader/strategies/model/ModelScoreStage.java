package dev.trader.strategies.model;

import dev.trader.engine.features.FeatureVectorSource;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one model on each completed bar of one interval, for every instrument whose feature vector is ready, and
 * emits a {@code ModelScore} event carrying the model id, the model file's SHA-256, the outputs (in the scorer's
 * {@link OnnxScorer#outputLabels()} order) and the exact feature vector that was scored (as the source wrote it;
 * the model sees each value cast to float), so every score can be audited and replayed from the journal.
 *
 * <p>The event's timestamps are the bar's: exchange time is the bar's close, receive time that of the event that
 * closed it. Steady state allocates nothing of its own: the feature and output arrays, the decoder and the encoder
 * are reused; what remains is what ONNX Runtime's Java {@code run} allocates per call (see {@link OnnxScorer}).
 * A scorer that cannot pin its outputs (a ZipMap model) is refused.
 */
public final class ModelScoreStage implements Stage
{
    private final OnnxScorer scorer;
    private final FeatureVectorSource source;
    private final long intervalNs;
    private final String name;
    private final int modelId;
    private final byte[] modelHash;
    private final double[] features;
    private final double[] outputs;
    private final int maxLength;
    private final BarDecoder bar = new BarDecoder();
    private final ModelScoreEncoder score = new ModelScoreEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private long barsSeen;
    private long scored;
    private long notReady;

    /**
     * @param scorer      the model (owned by the caller, who closes it after the run)
     * @param source      the feature vectors; its names must equal the model's features, in order
     * @param barInterval the bar interval that triggers a score (e.g. 1m)
     * @throws IllegalArgumentException when the feature order differs from the manifest's or the model allocates
     *                                  per call (ZipMap outputs)
     */
    public ModelScoreStage(final OnnxScorer scorer, final FeatureVectorSource source, final Duration barInterval)
    {
        if (!scorer.allocationFree())
        {
            throw new IllegalArgumentException("model " + scorer.manifest().name() + ": outputs "
                + scorer.zipMapOutputs() + " are ZipMaps, which ONNX Runtime allocates on every call; the engine "
                + "scores only models whose outputs are plain tensors: " + OnnxScorer.NO_ZIPMAP_HINT);
        }
        requireSameOrder(scorer, source.featureNames());
        if (barInterval.isNegative() || barInterval.isZero())
        {
            throw new IllegalArgumentException("model " + scorer.manifest().name() + ": bar interval must be positive");
        }
        this.scorer = scorer;
        this.source = source;
        this.intervalNs = barInterval.toNanos();
        this.name = "model-" + scorer.manifest().name();
        this.modelId = scorer.manifest().id();
        this.modelHash = scorer.sha256();
        this.features = new double[scorer.featureCount()];
        this.outputs = new double[scorer.outputCount()];
        this.maxLength = MessageHeaderEncoder.ENCODED_LENGTH + ModelScoreEncoder.BLOCK_LENGTH
            + ModelScoreEncoder.OutputsEncoder.HEADER_SIZE + ModelScoreEncoder.OutputsEncoder.sbeBlockLength() * outputs.length
            + ModelScoreEncoder.FeaturesEncoder.HEADER_SIZE + ModelScoreEncoder.FeaturesEncoder.sbeBlockLength() * features.length;
        if (outputs.length > ModelScoreEncoder.OutputsEncoder.countMaxValue()
            || features.length > ModelScoreEncoder.FeaturesEncoder.countMaxValue())
        {
            throw new IllegalArgumentException("model " + scorer.manifest().name() + ": too many outputs or features for one event");
        }
    }

    /** The feature vector this stage scores, in the manifest's order. */
    public FeatureVectorSource features()
    {
        return source;
    }

    /** The input has ended: nothing more will be scored, so the model's native session is released. */
    @Override
    public void onEndOfStream(final Emitter emitter)
    {
        scorer.close();
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != BarDecoder.TEMPLATE_ID)
        {
            return;
        }
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (bar.intervalNs() != intervalNs)
        {
            return;
        }
        barsSeen++;
        final int instrumentId = bar.instrumentId();
        if (!source.read(instrumentId, features))
        {
            notReady++;
            return;
        }
        scorer.score(features, outputs);
        scored++;
        emit(emitter, bar.exchangeTsNs(), bar.receiveTsNs(), instrumentId);
    }

    private void emit(final Emitter emitter, final long exchangeTsNs, final long receiveTsNs, final int instrumentId)
    {
        final int offset = emitter.claim(maxLength);
        score.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .modelId(modelId)
            .putModelHash(modelHash, 0, modelHash.length);
        final ModelScoreEncoder.OutputsEncoder out = score.outputsCount(outputs.length);
        for (int i = 0; i < outputs.length; i++)
        {
            out.next().value(outputs[i]);
        }
        final ModelScoreEncoder.FeaturesEncoder in = score.featuresCount(features.length);
        for (int i = 0; i < features.length; i++)
        {
            in.next().value(features[i]);
        }
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + score.encodedLength());
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("barsSeen", barsSeen);
        m.put("scored", scored);
        m.put("notReady", notReady);
        return m;
    }

    private static void requireSameOrder(final OnnxScorer scorer, final List<String> sourceNames)
    {
        final List<String> expected = scorer.featureNames();
        if (sourceNames.equals(expected))
        {
            return;
        }
        int i = 0;
        while (i < expected.size() && i < sourceNames.size() && expected.get(i).equals(sourceNames.get(i)))
        {
            i++;
        }
        throw new IllegalArgumentException("model " + scorer.manifest().name() + ": the feature source's order differs from "
            + "the manifest at position " + i + ": manifest " + (i < expected.size() ? "'" + expected.get(i) + "'" : "ends")
            + ", source " + (i < sourceNames.size() ? "'" + sourceNames.get(i) + "'" : "ends")
            + " (" + expected.size() + " vs " + sourceNames.size() + " features)");
    }
}
