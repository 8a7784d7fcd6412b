package dev.trader.strategies.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OnnxScorer} against the shared scikit-learn fixtures and small hand-written models. */
class OnnxScorerTest
{
    /** scikit-learn computes in float64, ONNX Runtime in float32: ~1e-7 expected, 1e-5 allowed. */
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {SharedModels.LOGREG, SharedModels.GBDT})
    void shouldReproduceScikitLearnProbabilitiesWhenScoringEveryExpectedRow(final String name)
    {
        final List<double[]> rows = SharedModels.rows(name);
        assertEquals(1000, rows.size());
        try (OnnxScorer scorer = OnnxScorer.loadDefault(SharedModels.model(name)))
        {
            assertEquals(SharedModels.FEATURES, scorer.featureCount());
            assertEquals(List.of("probability"), scorer.outputLabels());
            assertTrue(scorer.allocationFree());
            final double[] out = new double[1];
            double maxError = 0;
            for (final double[] row : rows)
            {
                scorer.score(row, out);
                maxError = Math.max(maxError, Math.abs(out[0] - row[SharedModels.FEATURES]));
            }
            System.out.printf(Locale.ROOT, "%s: max abs error over %d rows = %.3g%n", name, rows.size(), maxError);
            assertTrue(maxError < TOLERANCE, name + ": max abs error " + maxError);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SharedModels.LOGREG, SharedModels.GBDT})
    void shouldAllocateOnlyWhatOrtRunAllocatesWhenScoring(final String name)
    {
        final List<double[]> rows = SharedModels.rows(name);
        try (OnnxScorer scorer = OnnxScorer.loadDefault(SharedModels.model(name)))
        {
            final double[] out = new double[1];
            final int[] i = {0};
            final double perCall = Allocation.bytesPerCall(() -> scorer.score(rows.get(i[0]++ % rows.size()), out), 20_000, 20_000);
            System.out.printf(Locale.ROOT, "%s: %.1f B allocated per score (all in ORT's run: JNI arrays and its Result)%n", name, perCall);
            // no tensor, no copy of the outputs: a tensor per call alone would cost more than this
            assertTrue(perCall < 1024, name + ": " + perCall + " B per score");
        }
    }

    @Test
    void shouldScoreThroughManifestWhenHashAndFeaturesMatch() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final Path manifest = writeManifest("logreg.yaml", model, TestModels.sha256(model), names(40), "");
        try (OnnxScorer scorer = OnnxScorer.load(ModelManifest.load(manifest), new HashSet<>(names(40))))
        {
            assertEquals(TestModels.sha256(model), scorer.sha256Hex());
            assertEquals(32, scorer.sha256().length);
            assertEquals("logreg", scorer.manifest().name());
            assertEquals(7, scorer.manifest().id());
            final double[] out = new double[1];
            final double[] row = SharedModels.rows(SharedModels.LOGREG).get(0);
            scorer.score(row, out);
            assertEquals(row[40], out[0], TOLERANCE);
        }
    }

    @Test
    void shouldReadJsonManifest() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.GBDT);
        final StringBuilder features = new StringBuilder();
        for (final String f : names(40))
        {
            features.append(features.length() == 0 ? "" : ", ").append('"').append(f).append('"');
        }
        final Path manifest = tmp.resolve("gbdt.json");
        Files.writeString(manifest, "{\"model\": \"" + model + "\", \"sha256\": \"" + TestModels.sha256(model).toUpperCase(Locale.ROOT)
            + "\", \"output\": \"probabilities\", \"features\": [" + features + "],"
            + " \"heads\": [{\"name\": \"p_up\", \"kind\": \"probability\", \"index\": 1},"
            + " {\"name\": \"p_down\", \"kind\": \"risk\", \"index\": 0}]}");
        try (OnnxScorer scorer = OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)))
        {
            assertEquals(List.of("p_up", "p_down"), scorer.outputLabels());
            final double[] out = new double[2];
            final double[] row = SharedModels.rows(SharedModels.GBDT).get(3);
            scorer.score(row, out);
            assertEquals(row[40], out[0], TOLERANCE);
            assertEquals(1.0, out[0] + out[1], 1e-6);
        }
    }

    @Test
    void shouldRefuseModelWhenHashDiffers() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final String wrong = "00".repeat(32);
        final Path manifest = writeManifest("wrong.yaml", model, wrong, names(40), "");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OnnxScorer.load(ModelManifest.load(manifest), new HashSet<>(names(40))));
        assertTrue(ex.getMessage().contains(wrong), ex.getMessage());
        assertTrue(ex.getMessage().contains(TestModels.sha256(model)), ex.getMessage());
    }

    @Test
    void shouldRefuseManifestWhenFeatureIsNotInCatalogue() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final List<String> features = names(40);
        features.set(7, "vpin_50");
        final Path manifest = writeManifest("unknown.yaml", model, TestModels.sha256(model), features, "");
        final Set<String> catalogue = new HashSet<>(names(40));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OnnxScorer.load(ModelManifest.load(manifest), catalogue));
        assertTrue(ex.getMessage().contains("[vpin_50]"), ex.getMessage());
        // offline scoring does not need the catalogue
        try (OnnxScorer scorer = OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)))
        {
            assertEquals("vpin_50", scorer.featureNames().get(7));
        }
    }

    @Test
    void shouldRefuseManifestWhenFeatureCountDiffersFromModelInput() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final Path manifest = writeManifest("short.yaml", model, TestModels.sha256(model), names(39), "");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)));
        assertTrue(ex.getMessage().contains("takes 40 features but the manifest lists 39"), ex.getMessage());
    }

    @Test
    void shouldRefuseHeadWhenItsColumnsAreOutsideTheOutput() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final Path manifest = writeManifest("dir.yaml", model, TestModels.sha256(model), names(40),
            "heads:\n  - { name: dir, kind: direction }\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)));
        assertTrue(ex.getMessage().contains("head dir reads columns 0..2 of output 'probabilities', which has 2 columns"),
            ex.getMessage());
    }

    @Test
    void shouldRefuseOutputWhenNotInModel() throws IOException
    {
        final Path model = SharedModels.model(SharedModels.LOGREG);
        final Path manifest = writeManifest("out.yaml", model, TestModels.sha256(model), names(40), "output: output_probability\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)));
        assertTrue(ex.getMessage().contains("output 'output_probability' is not in the model"), ex.getMessage());
        assertTrue(ex.getMessage().contains("probabilities"), ex.getMessage());
    }

    @Test
    void shouldReadDirectionHeadAsLongShortNeutralColumns() throws IOException
    {
        final Path model = TestModels.softmax(tmp, 3);
        final Path manifest = tmp.resolve("direction.yaml");
        Files.writeString(manifest, String.join("\n",
            "model: " + model.getFileName(),
            "sha256: " + TestModels.sha256(model),
            "features: [ret_1m_bps, ret_5m_bps, taker_imbalance_1m]",
            "heads:",
            "  - { name: dir, kind: direction }",
            "  - { name: entry_short, kind: entry, side: short, index: 1 }",
            ""));
        try (OnnxScorer scorer = OnnxScorer.loadWithoutCatalogue(ModelManifest.load(manifest)))
        {
            assertEquals(List.of("dir.long", "dir.short", "dir.neutral", "entry_short"), scorer.outputLabels());
            final double[] out = new double[4];
            scorer.score(new double[]{1.0, 0.0, -1.0}, out);
            final double z = Math.exp(1) + 1 + Math.exp(-1);
            assertArrayEquals(new double[]{Math.exp(1) / z, 1 / z, Math.exp(-1) / z, 1 / z}, out, 1e-6);
        }
    }

    @Test
    void shouldDeriveDefaultManifestWhenModelHasNone()
    {
        final Path model = SharedModels.model(SharedModels.GBDT);
        try (OnnxScorer scorer = OnnxScorer.loadDefault(model))
        {
            final ModelManifest m = scorer.manifest();
            assertEquals(names(40), m.features());
            assertEquals(null, m.sha256());
            assertEquals(SharedModels.GBDT, m.name());
            assertEquals(TestModels.sha256(model), scorer.sha256Hex());
        }
    }

    @Test
    void shouldRefuseScoreWhenArraysAreTooShort()
    {
        try (OnnxScorer scorer = OnnxScorer.loadDefault(TestModels.softmax(tmp, 3)))
        {
            assertThrows(IllegalArgumentException.class, () -> scorer.score(new double[2], new double[1]));
            assertThrows(IllegalArgumentException.class, () -> scorer.score(new double[3], new double[0]));
        }
    }

    private Path writeManifest(final String file, final Path model, final String sha, final List<String> features,
        final String extra) throws IOException
    {
        final Path manifest = tmp.resolve(file);
        Files.writeString(manifest, String.join("\n",
            "model: " + tmp.relativize(model),
            "sha256: \"" + sha + "\"",
            "id: 7",
            "name: logreg",
            "input: input",
            "features: [" + String.join(", ", features) + "]",
            extra));
        return manifest;
    }

    private static List<String> names(final int n)
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            names.add("f" + i);
        }
        return names;
    }
}
