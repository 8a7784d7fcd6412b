package dev.trader.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.engine.EngineClock;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.strategies.model.ModelManifest;
import dev.trader.strategies.model.ModelScoreStage;
import dev.trader.strategies.model.OnnxScorer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The stage plan every runtime runs (replay, live recording, book query, dataset export): the parse stage, the
 * engine's {@link StagePlan}, then the model slot, which the engine module cannot fill itself because ONNX scoring
 * lives in strategies:
 * <pre>
 * model:
 *   enabled: true
 *   manifest: ../models/my-model.yaml   # relative to the config; features must be computed by this plan's stages
 *   barInterval: 1m                     # score when a bar of this interval completes
 * </pre>
 */
public final class RunStages
{
    private RunStages()
    {
    }

    public static List<Stage> build(final TraderConfig config, final InstrumentRegistry instruments, final EngineClock clock)
    {
        final List<Stage> stages = new ArrayList<>(
            StagePlan.build(config, instruments, clock, List.of(VenueParsers.parseStage(instruments))));
        final JsonNode model = config.section("model");
        config.checkKeys(model, "model", "enabled", "manifest", "barInterval");
        if (!model.isMissingNode() && config.boolOr(model, "model", "enabled", true))
        {
            final String manifestPath = config.textOr(model, "model", "manifest", null);
            if (manifestPath == null)
            {
                throw new IllegalArgumentException(config.file() + ": model.manifest: required (the model's manifest file)");
            }
            final Duration interval = config.durationOr(model, "model", "barInterval", Duration.ofMinutes(1));
            final ModelManifest manifest = ModelManifest.load(config.resolve(manifestPath));
            final OnnxScorer scorer;
            final SelectedFeatures features;
            try
            {
                scorer = OnnxScorer.load(manifest, SelectedFeatures.catalogue(stages));
                features = SelectedFeatures.of(stages, manifest.features());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(config.file() + ": model.manifest: " + ex.getMessage(), ex);
            }
            // 5. model: after features and gates, before strategy (not built yet)
            stages.add(new ModelScoreStage(scorer, features, interval));
        }
        return stages;
    }
}
