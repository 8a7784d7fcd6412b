package dev.trader.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.engine.EngineClock;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.gates.HazardSettings;
import dev.trader.engine.gates.HazardSource;
import dev.trader.strategies.model.ModelManifest;
import dev.trader.strategies.model.ModelScoreStage;
import dev.trader.strategies.model.OnnxHazardSource;
import dev.trader.strategies.model.OnnxScorer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The stage plan every runtime runs (replay, live recording, book query, dataset export): the parse stage, the
 * engine's {@link StagePlan}, then the model slot, which the engine module cannot fill itself because ONNX scoring
 * lives in strategies (the same holds for an ONNX-backed hazard gate, {@code hazard: {source: onnx, model: M}}, whose
 * manifest is {@code M} itself when it is .yaml/.json, else {@code M}'s name with .yaml beside it):
 * <pre>
 * model:
 *   enabled: true
 *   manifest: ../models/my-model.yaml   # relative to the config; features must be computed by this plan's stages
 *   barInterval: 1m                     # score when a bar of this interval completes
 * </pre>
 */
public final class RunStages
{
    /**
     * The config sections the trading stages read ({@code strategies} first: without it none of them is built, and
     * the others are refused); {@code config.without(...)} of these gives the same plan without trading.
     */
    public static final List<String> TRADING_SECTIONS = List.of(TradingStages.STRATEGIES, "risk", "costs", "paper", "accounting");

    private RunStages()
    {
    }

    public static List<Stage> build(final TraderConfig config, final InstrumentRegistry instruments, final EngineClock clock)
    {
        return build(config, instruments, clock, true);
    }

    /**
     * The plan without the trading stages: what a dataset export or a book query needs (the same stage classes and
     * settings, so features and the model's feature selection are those a run computes; nothing trades).
     */
    public static List<Stage> analytics(final TraderConfig config, final InstrumentRegistry instruments, final EngineClock clock)
    {
        return build(config, instruments, clock, false);
    }

    private static List<Stage> build(
        final TraderConfig config,
        final InstrumentRegistry instruments,
        final EngineClock clock,
        final boolean trading)
    {
        // hazard.source: onnx scores the plan's own feature vector, which exists only once the plan is built: the gate
        // gets a deferred source, completed below before any event flows
        final HazardSettings hazard = HazardSettings.from(config);
        final boolean onnxHazard = hazard.enabled() && hazard.source() == HazardSettings.Source.ONNX;
        final DeferredHazardSource deferred = onnxHazard ? new DeferredHazardSource() : null;
        final List<Stage> stages = new ArrayList<>(
            StagePlan.build(config, instruments, clock, List.of(VenueParsers.parseStage(instruments)), deferred));
        if (onnxHazard)
        {
            final Path model = hazard.model();
            final Path manifestFile = isManifest(model) ? model : sibling(model, ".yaml");
            deferred.target = scored(config, "hazard.model", manifestFile, stages, OnnxHazardSource::new);
        }
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
            // 5. model: after features and gates, before strategy (not built yet)
            stages.add(scored(config, "model.manifest", config.resolve(manifestPath), stages,
                (scorer, features) -> new ModelScoreStage(scorer, features, interval)));
        }
        // 6-9. risk-pre, strategy, risk, execution (paper venue), accounting: when the config has strategies
        if (trading)
        {
            TradingStages.append(config, instruments, stages);
        }
        return stages;
    }

    /**
     * Loads a manifest's model against the plan's feature catalogue and builds what scores it; the model session is
     * closed again when anything after loading fails.
     */
    private static <T> T scored(
        final TraderConfig config,
        final String key,
        final Path manifestFile,
        final List<Stage> stages,
        final BiFunction<OnnxScorer, SelectedFeatures, T> make)
    {
        try
        {
            final ModelManifest manifest = ModelManifest.load(manifestFile);
            final OnnxScorer scorer = OnnxScorer.load(manifest, SelectedFeatures.catalogue(stages));
            try
            {
                return make.apply(scorer, SelectedFeatures.of(stages, manifest.features()));
            }
            catch (final RuntimeException ex)
            {
                scorer.close();
                throw ex;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + key + ": " + ex.getMessage(), ex);
        }
    }

    private static boolean isManifest(final Path file)
    {
        final String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** {@code hazard.onnx} -> {@code hazard.yaml} beside it. */
    private static Path sibling(final Path model, final String extension)
    {
        final String name = model.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    /** A hazard source whose model is attached once the plan (and so its feature stages) exists. */
    private static final class DeferredHazardSource implements HazardSource
    {
        HazardSource target;

        @Override
        public double probability(final int instrumentId, final long minuteNs)
        {
            return target.probability(instrumentId, minuteNs);
        }

        @Override
        public String describe()
        {
            return target == null ? "onnx (not attached)" : target.describe();
        }
    }
}
