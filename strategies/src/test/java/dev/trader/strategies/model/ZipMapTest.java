package dev.trader.strategies.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models ending in a ZipMap (skl2onnx's default): scored correctly by {@link OnnxScorer}, at the cost of ORT
 * allocating the maps on every call, and therefore refused by {@link ModelScoreStage}.
 */
class ZipMapTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldReadPositiveClassFromZipMapWhenKeysAreInt64()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(TestModels.zipMap(tmp, List.of(0L, 1L))))
        {
            assertEquals(Set.of("output_probability"), scorer.zipMapOutputs());
            assertFalse(scorer.allocationFree());
            assertEquals(List.of("f0", "f1"), scorer.featureNames());
            final double[] out = new double[1];
            scorer.score(new double[]{0.3, 1.2}, out);
            assertEquals(1 / (1 + Math.exp(0.3 - 1.2)), out[0], 1e-6);
            scorer.score(new double[]{2.0, -1.0}, out);
            assertEquals(1 / (1 + Math.exp(3.0)), out[0], 1e-6);
        }
    }

    @Test
    void shouldTakeSortedLabelOrderWhenKeysAreStrings()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(TestModels.zipMap(tmp, List.of("down", "up"))))
        {
            final double[] out = new double[1];
            scorer.score(new double[]{0.3, 1.2}, out);
            assertEquals(1 / (1 + Math.exp(0.3 - 1.2)), out[0], 1e-6);
        }
    }

    @Test
    void shouldRefuseZipMapModelInEngineStageWithExportHint()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(TestModels.zipMap(tmp, List.of(0L, 1L))))
        {
            final FeatureVectorSource source = new FeatureVectorSource()
            {
                @Override
                public List<String> featureNames()
                {
                    return List.of("f0", "f1");
                }

                @Override
                public boolean read(final int instrumentId, final double[] into)
                {
                    return false;
                }
            };
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new ModelScoreStage(scorer, source, Duration.ofMinutes(1)));
            assertTrue(ex.getMessage().contains("options={id(model): {'zipmap': False}}"), ex.getMessage());
            assertTrue(ex.getMessage().contains("output_probability"), ex.getMessage());
        }
    }

    @Test
    void shouldReportWhatZipMapCostsPerScore()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(TestModels.zipMap(tmp, List.of(0L, 1L)));
             OnnxScorer plain = OnnxScorer.loadDefault(TestModels.softmax(tmp, 2)))
        {
            final double[] in = {0.3, 1.2};
            final double[] out = new double[1];
            final double zipMap = Allocation.bytesPerCall(() -> scorer.score(in, out), 20_000, 20_000);
            final double pinned = Allocation.bytesPerCall(() -> plain.score(in, out), 20_000, 20_000);
            System.out.printf(Locale.ROOT, "zipmap model: %.1f B per score; same graph without ZipMap, pinned: %.1f B%n",
                zipMap, pinned);
            assertTrue(zipMap > pinned, zipMap + " vs " + pinned);
        }
    }
}
