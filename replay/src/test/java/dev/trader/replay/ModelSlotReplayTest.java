package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.codecs.sbe.ModelScoreDecoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.features.FeatureCatalog;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.strategies.model.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The model slot end to end: a config's {@code model:} section loads a manifest whose features are lean_v1 names,
 * and the replay journals a ModelScore per completed 1 m bar once the features are warm, carrying the model hash and
 * the exact feature vector; a manifest naming a feature no stage computes is refused before the run.
 */
class ModelSlotReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();

    @TempDir
    Path tmp;

    @Test
    void shouldJournalModelScoresWithHashAndFeatureVectorOnceFeaturesAreWarm() throws Exception
    {
        final Path zip = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
        SharedFixtures.require(zip);
        final Path model = TestModels.softmax(tmp, FeatureCatalog.names().size());
        final String sha = TestModels.sha256(model);
        final Path manifest = tmp.resolve("model.yaml");
        Files.writeString(manifest, "model: " + model.getFileName() + "\nsha256: \"" + sha + "\"\noutput: probabilities\n"
            + "features: [" + String.join(", ", FeatureCatalog.names()) + "]\n");
        final TraderConfig config = config("model: { enabled: true, manifest: " + manifest + ", barInterval: 1m }\n");

        final Instrument btc = config.instruments().resolve("binance-spot:BTCUSDT");
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(zip, btc, writer);
        }
        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        final long scores = run.outputCounts().getOrDefault("ModelScore", 0L);
        assertTrue(scores > 1000 && scores < 1440, "one score per warm 1m bar: " + scores);

        final List<double[]> vectors = new ArrayList<>();
        final ModelScoreDecoder d = new ModelScoreDecoder();
        try (JournalReader reader = new JournalReader(tmp.resolve("run").resolve(ReplayRunner.OUTPUT_DIR)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (dev.trader.codecs.Events.templateId(buffer, offset) != ModelScoreDecoder.TEMPLATE_ID)
                {
                    return;
                }
                d.wrap(buffer, offset + 8, ModelScoreDecoder.BLOCK_LENGTH, ModelScoreDecoder.SCHEMA_VERSION);
                final byte[] hash = new byte[32];
                for (int i = 0; i < 32; i++)
                {
                    hash[i] = (byte)d.modelHash(i);
                }
                assertEquals(sha, HexFormat.of().formatHex(hash));
                final ModelScoreDecoder.OutputsDecoder outputs = d.outputs();
                assertTrue(outputs.count() >= 1);
                while (outputs.hasNext())
                {
                    final double p = outputs.next().value();
                    assertTrue(p >= 0 && p <= 1, "a probability: " + p);
                }
                final ModelScoreDecoder.FeaturesDecoder features = d.features();
                final double[] v = new double[features.count()];
                for (int i = 0; i < v.length; i++)
                {
                    v[i] = features.next().value();
                }
                vectors.add(v);
            });
        }
        assertEquals(scores, vectors.size());
        assertEquals(FeatureCatalog.names().size(), vectors.get(0).length);
        for (final double[] v : vectors)
        {
            for (final double x : v)
            {
                assertTrue(Double.isFinite(x), "a score is only made from a ready (finite) vector");
            }
        }
        // determinism holds with the model in the plan
        assertEquals(run.outputSha256(), ReplayRunner.run(journal, config, tmp.resolve("again")).outputSha256());
    }

    @Test
    void shouldDriveTheHazardGateFromAnOnnxModelOnTheFeatureVector() throws Exception
    {
        final Path zip = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
        SharedFixtures.require(zip);
        final Path model = TestModels.softmax(tmp, FeatureCatalog.names().size());
        final String sha = TestModels.sha256(model);
        final Path manifest = tmp.resolve("hazard.yaml");
        Files.writeString(manifest, "model: " + model.getFileName() + "\nsha256: \"" + sha + "\"\noutput: probabilities\n"
            + "features: [" + String.join(", ", FeatureCatalog.names()) + "]\n");
        final TraderConfig config = config("hazard: { enabled: true, source: onnx, model: " + manifest + ", threshold: 0.0 }\n");
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(zip, config.instruments().resolve("binance-spot:BTCUSDT"), writer);
        }
        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("hazard-run"));
        // UNKNOWN (closed) while the features warm up, then OPEN: a softmax probability is always above 0
        final long changes = run.outputCounts().getOrDefault("GateChange", 0L);
        assertTrue(changes >= 1, "the gate must change once the vector is ready: " + run.outputCounts());
        assertEquals(run.outputSha256(), ReplayRunner.run(journal, config, tmp.resolve("hazard-again")).outputSha256());
    }

    @Test
    void shouldExportDatasetColumnsInTheModelManifestsOrder() throws Exception
    {
        final Path zip = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
        SharedFixtures.require(zip);
        final List<String> order = List.of("atr_14", "logret_5", "weekend");
        final Path model = TestModels.softmax(tmp, order.size());
        final String sha = TestModels.sha256(model);
        final Path manifest = tmp.resolve("three.yaml");
        Files.writeString(manifest, "model: " + model.getFileName() + "\nsha256: \"" + sha + "\"\noutput: probabilities\n"
            + "features: [" + String.join(", ", order) + "]\n");
        final TraderConfig config = config("model: { manifest: " + manifest + " }\n");
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(zip, config.instruments().resolve("binance-spot:BTCUSDT"), writer);
        }
        final Path csv = tmp.resolve("dataset.csv");
        dev.trader.replay.dataset.DatasetExport.run(journal, config, null, csv);
        final String header = Files.readAllLines(csv).get(0);
        assertEquals("timestamp,atr_14,logret_5,weekend,y_binance_long,y_triple_barrier", header);
        assertTrue(Files.readAllLines(csv).size() > 1000, "rows once the three features are warm");
    }

    @Test
    void shouldRefuseAManifestFeatureThatNoStageComputes() throws Exception
    {
        final Path model = TestModels.softmax(tmp, 2);
        final String sha = TestModels.sha256(model);
        final Path manifest = tmp.resolve("bad.yaml");
        Files.writeString(manifest, "model: " + model.getFileName() + "\nsha256: \"" + sha + "\"\noutput: probabilities\n"
            + "features: [logret_1, no_such_feature]\n");
        final TraderConfig config = config("model: { manifest: " + manifest + " }\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RunStages.build(config, config.instruments(), new dev.trader.engine.EventClock()));
        assertTrue(ex.getMessage().contains("no_such_feature"), ex.getMessage());
    }

    private TraderConfig config(final String extra) throws Exception
    {
        final Path file = tmp.resolve("config.yaml");
        Files.writeString(file, "instruments: " + ROOT.resolve("configs/instruments.yaml") + "\n"
            + "bars: { intervals: [1m, 5m, 15m, 1h] }\nfeatures: { enabled: true, set: lean_v1 }\n" + extra);
        return TraderConfig.load(file);
    }
}
