package dev.trader.strategies.model;

import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.ModelScoreDecoder;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Pipeline;
import dev.trader.engine.testing.CollectingSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModelScoreStage} in a {@link Pipeline}, fed Bar events, with a fake {@link FeatureVectorSource}. */
class ModelScoreStageTest
{
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00Z
    private static final List<String> FEATURES = List.of("ret_1m_bps", "ret_5m_bps", "taker_imbalance_1m");

    @TempDir
    Path tmp;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final BarEncoder barEncoder = new BarEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    /** A feature source with a fixed vector per instrument; instruments without one are not ready. */
    private static final class FakeSource implements FeatureVectorSource
    {
        private final List<String> names;
        private final Map<Integer, double[]> vectors;
        private int reads;

        FakeSource(final List<String> names, final Map<Integer, double[]> vectors)
        {
            this.names = names;
            this.vectors = vectors;
        }

        @Override
        public List<String> featureNames()
        {
            return names;
        }

        @Override
        public boolean read(final int instrumentId, final double[] into)
        {
            reads++;
            final double[] v = vectors.get(instrumentId);
            if (v == null)
            {
                return false;
            }
            System.arraycopy(v, 0, into, 0, v.length);
            return true;
        }
    }

    @Test
    void shouldEmitModelScoreWithHashOutputsAndFeaturesWhenBarOfIntervalCloses() throws IOException
    {
        final Path model = TestModels.softmax(tmp, 3);
        final ModelManifest manifest = directionManifest(model, FEATURES);
        final double[] vector = {1.0, 0.0, -1.0};
        final FakeSource source = new FakeSource(FEATURES, Map.of(1, vector));
        try (OnnxScorer scorer = OnnxScorer.load(manifest, Set.copyOf(FEATURES)))
        {
            final ModelScoreStage stage = new ModelScoreStage(scorer, source, Duration.ofMinutes(1));
            final CollectingSink out = new CollectingSink();
            final Pipeline pipeline = new Pipeline(List.of(stage), EventSink.NONE, out, new EventClock(), 1 << 16, false);

            feedBar(pipeline, 1, SECOND_NS, T0, 5);     // other interval: ignored
            feedBar(pipeline, 1, MINUTE_NS, T0, 6);     // scored
            feedBar(pipeline, 2, MINUTE_NS, T0, 7);     // not ready: no event
            feedBar(pipeline, 1, MINUTE_NS, T0 + MINUTE_NS, 8);

            final List<byte[]> scores = out.eventsOf(ModelScoreDecoder.TEMPLATE_ID);
            assertEquals(2, scores.size());
            final Decoded first = decode(scores.get(0));
            assertEquals(T0 + MINUTE_NS, first.exchangeTsNs);
            assertEquals(T0 + MINUTE_NS + 6, first.receiveTsNs);
            assertEquals(1, first.instrumentId);
            assertEquals(42, first.modelId);
            assertEquals(TestModels.sha256(model), HexFormat.of().formatHex(first.hash));
            final double z = Math.exp(1) + 1 + Math.exp(-1);
            assertArrayEquals(new double[]{Math.exp(1) / z, 1 / z, Math.exp(-1) / z}, first.outputs, 1e-6);
            assertArrayEquals(vector, first.features);
            assertEquals(T0 + 2 * MINUTE_NS, decode(scores.get(1)).exchangeTsNs);
            assertEquals(Map.of("barsSeen", 3L, "scored", 2L, "notReady", 1L), stage.counters());
            assertEquals(3, source.reads);
            assertEquals("model-direction", stage.name());
        }
    }

    @Test
    void shouldRefuseSourceWhenFeatureOrderDiffersFromManifest() throws IOException
    {
        final Path model = TestModels.softmax(tmp, 3);
        try (OnnxScorer scorer = OnnxScorer.load(directionManifest(model, FEATURES), Set.copyOf(FEATURES)))
        {
            final List<String> swapped = List.of("ret_1m_bps", "taker_imbalance_1m", "ret_5m_bps");
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new ModelScoreStage(scorer, new FakeSource(swapped, Map.of()), Duration.ofMinutes(1)));
            assertTrue(ex.getMessage().contains("position 1: manifest 'ret_5m_bps', source 'taker_imbalance_1m'"), ex.getMessage());
        }
    }

    @Test
    void shouldReproduceExpectedProbabilitiesAndAllocateOnlyOrtRunWhenScoringSharedModelOnBars()
    {
        final List<double[]> rows = SharedModels.rows(SharedModels.LOGREG);
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < SharedModels.FEATURES; i++)
        {
            names.add("f" + i);
        }
        final int[] row = {0};
        final FeatureVectorSource source = new FeatureVectorSource()
        {
            @Override
            public List<String> featureNames()
            {
                return names;
            }

            @Override
            public boolean read(final int instrumentId, final double[] into)
            {
                System.arraycopy(rows.get(row[0] % rows.size()), 0, into, 0, SharedModels.FEATURES);
                return true;
            }
        };
        try (OnnxScorer scorer = OnnxScorer.loadDefault(SharedModels.model(SharedModels.LOGREG)))
        {
            final ModelScoreStage stage = new ModelScoreStage(scorer, source, Duration.ofMinutes(1));
            final CollectingSink out = new CollectingSink();
            final Pipeline pipeline = new Pipeline(List.of(stage), EventSink.NONE, out, new EventClock(), 1 << 16, false);
            double maxError = 0;
            for (int i = 0; i < rows.size(); i++)
            {
                row[0] = i;
                feedBar(pipeline, 1, MINUTE_NS, T0 + i * MINUTE_NS, 1);
                final Decoded d = decode(out.events().get(out.size() - 1));
                maxError = Math.max(maxError, Math.abs(d.outputs[0] - rows.get(i)[SharedModels.FEATURES]));
                assertArrayEquals(java.util.Arrays.copyOf(rows.get(i), SharedModels.FEATURES), d.features);
            }
            assertTrue(maxError < 1e-5, "max abs error " + maxError);

            // allocation of the stage itself, through a sink that keeps nothing
            final ModelScoreStage quiet = new ModelScoreStage(scorer, source, Duration.ofMinutes(1));
            final Pipeline bare = new Pipeline(List.of(quiet), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);
            final long[] t = {T0};
            final int length = encodeBar(1, MINUTE_NS, T0, 1);
            final double perBar = Allocation.bytesPerCall(() ->
            {
                t[0] += MINUTE_NS;
                buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH, t[0]);
                buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + 8, t[0]);
                bare.onInput(buffer, 0, length, 0);
            }, 20_000, 20_000);
            System.out.printf(Locale.ROOT, "ModelScoreStage (logreg): %.1f B allocated per scored bar, all of it in ORT's run%n", perBar);
            assertTrue(perBar < 1024, perBar + " B per bar");
        }
    }

    private static ModelManifest directionManifest(final Path model, final List<String> features) throws IOException
    {
        final Path file = model.resolveSibling("direction.yaml");
        Files.writeString(file, String.join("\n",
            "model: " + model.getFileName(),
            "sha256: " + TestModels.sha256(model),
            "id: 42",
            "name: direction",
            "features: [" + String.join(", ", features) + "]",
            "heads: [{ name: dir, kind: direction }]",
            ""));
        return ModelManifest.load(file);
    }

    private void feedBar(final Pipeline pipeline, final int instrumentId, final long intervalNs, final long openTimeNs, final long lag)
    {
        final int length = encodeBar(instrumentId, intervalNs, openTimeNs, lag);
        pipeline.onInput(buffer, 0, length, System.nanoTime());
    }

    private int encodeBar(final int instrumentId, final long intervalNs, final long openTimeNs, final long lag)
    {
        barEncoder.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(openTimeNs + intervalNs)
            .receiveTsNs(openTimeNs + intervalNs + lag)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .open(100).high(101).low(99).close(100)
            .volume(10).quoteVolume(1000).tradeCount(3).buyVolume(6).sellVolume(4);
        barEncoder.vwap().mantissa(1000).exponent((byte)-1);
        barEncoder.flags().clear();
        return MessageHeaderEncoder.ENCODED_LENGTH + barEncoder.encodedLength();
    }

    /** A ModelScore event, decoded. */
    private record Decoded(long exchangeTsNs, long receiveTsNs, int instrumentId, int modelId, byte[] hash,
        double[] outputs, double[] features)
    {
    }

    private static Decoded decode(final byte[] bytes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(b, 0);
        assertEquals(ModelScoreDecoder.TEMPLATE_ID, h.templateId());
        final ModelScoreDecoder d = new ModelScoreDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, h.blockLength(), h.version());
        final byte[] hash = new byte[32];
        d.getModelHash(hash, 0, 32);
        final ModelScoreDecoder.OutputsDecoder outputs = d.outputs();
        final double[] out = new double[outputs.count()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = outputs.next().value();
        }
        final ModelScoreDecoder.FeaturesDecoder features = d.features();
        final double[] in = new double[features.count()];
        for (int i = 0; i < in.length; i++)
        {
            in[i] = features.next().value();
        }
        return new Decoded(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.modelId(), hash, out, in);
    }
}
