package dev.trader.engine;

import dev.trader.engine.book.BookSettings;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.FeatureSettings;
import dev.trader.engine.features.FeatureStage;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.sampling.CusumSampler;
import dev.trader.engine.sampling.CusumSettings;
import dev.trader.engine.gates.CsvHazardSource;
import dev.trader.engine.gates.HazardGateStage;
import dev.trader.engine.gates.HazardSettings;
import dev.trader.engine.gates.HazardSource;
import dev.trader.engine.gates.RegimeGateStage;
import dev.trader.engine.gates.RegimeSettings;
import dev.trader.engine.gates.SpreadSource;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stages a config asks for, in the one fixed order both runtimes use (docs/architecture.md):
 * <pre>
 *   journal-in -> book -> bars -> features (lean_v1, then microstructure) -> CUSUM sampler
 *              -> gates (hazard, then regime) -> model -> strategy -> risk -> execution -> accounting -> journal-out
 * </pre>
 * Stages not built yet are simply absent; journal-in and journal-out are the pipeline's sinks. The 1 m validation and
 * repair (seed 000 section 4.A) runs inside the bar stage, so the features stage sees repaired 1 m bars and the
 * higher-timeframe bars aggregated from them.
 */
public final class StagePlan
{
    private StagePlan()
    {
    }

    /**
     * The plan with {@code ingress} stages in front (the parse stage when the input is raw wire: it lives in the
     * adapters module, which the engine does not depend on).
     */
    public static List<Stage> build(
        final TraderConfig config,
        final InstrumentRegistry instruments,
        final EngineClock clock,
        final List<Stage> ingress)
    {
        return build(config, instruments, clock, ingress, null);
    }

    /**
     * As {@link #build(TraderConfig, InstrumentRegistry, EngineClock, List)}, with the hazard source a runtime built
     * outside the engine: {@code hazard.source: onnx} needs one (the ONNX-backed source lives in the strategies
     * module, {@code dev.trader.strategies.model.OnnxHazardSource}, which the engine cannot depend on).
     *
     * @param hazardSource the source for {@code hazard.source: onnx}; null when the runtime has none
     */
    public static List<Stage> build(
        final TraderConfig config,
        final InstrumentRegistry instruments,
        final EngineClock clock,
        final List<Stage> ingress,
        final HazardSource hazardSource)
    {
        final List<Stage> stages = new ArrayList<>(ingress);
        stages.addAll(build(config, instruments, clock, hazardSource));
        return stages;
    }

    public static List<Stage> build(final TraderConfig config, final InstrumentRegistry instruments, final EngineClock clock)
    {
        return build(config, instruments, clock, (HazardSource)null);
    }

    private static List<Stage> build(
        final TraderConfig config,
        final InstrumentRegistry instruments,
        final EngineClock clock,
        final HazardSource injectedHazard)
    {
        final List<Stage> stages = new ArrayList<>();
        // 1. book
        final BookSettings book = BookSettings.from(config);
        OrderBookStage bookStage = null;
        if (book.enabled())
        {
            bookStage = new OrderBookStage(instruments, book);
            stages.add(bookStage);
        }
        // 2. bars
        final BarSettings bars = BarSettings.from(config);
        if (bars.enabled())
        {
            stages.add(new BarStage(instruments, bars.intervals(), bars.source(), bars.repair(), bars.maxTimeJump().toNanos()));
        }
        // 3a. features (lean_v1 on completed 1 m bars, lagged 5 m / 15 m EMAs)
        final FeatureSettings features = FeatureSettings.from(config);
        if (features.enabled())
        {
            for (final Duration needed : List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15)))
            {
                if (!bars.enabled() || !bars.has(needed))
                {
                    throw new IllegalArgumentException(config.file() + ": features." + features.set() + " needs bars.enabled and "
                        + "bars.intervals to include 1m, 5m and 15m (missing " + TraderConfig.formatDuration(needed) + ")");
                }
            }
            stages.add(new FeatureStage(instruments));
        }
        // 3b. microstructure: book + trade features on each completed bar; reads the book stage's BookView
        final MicrostructureSettings micro = MicrostructureSettings.from(config);
        if (micro.enabled())
        {
            stages.add(new MicrostructureStage(instruments, bookStage, micro));
        }
        // 3c. CUSUM event sampler on bar log returns (emits SampledEvent to the stages after it)
        final CusumSettings cusum = CusumSettings.from(config);
        if (cusum.enabled())
        {
            stages.add(new CusumSampler(instruments, cusum));
        }

        // 4. gates. Both react to completed Bar events only (emitted by the bar stage above, so they reach the gates)
        //    and read only state of stages before them; their GateChange / RegimeChange events reach the model,
        //    strategy and later stages. Order inside the slot:
        //    4a. hazard gate (seed 002 section 2, seed 001 Layer C): joins each bar's minute to a probability;
        //    4b. regime gate (seed 001 Layer A, seed 004 section 2): after the hazard gate, so with
        //        regime.hazardFromGate it reads the gate's state for the same bar; spread from the book stage.
        final HazardSettings hazard = HazardSettings.from(config);
        HazardGateStage hazardStage = null;
        if (hazard.enabled())
        {
            requireBarInterval(config, bars, "hazard", hazard.barInterval());
            final HazardSource source = hazardSource(config, hazard, injectedHazard);
            try
            {
                hazardStage = new HazardGateStage(instruments, hazard, source);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(config.file() + ": hazard.instrument: " + ex.getMessage(), ex);
            }
            stages.add(hazardStage);
        }
        final RegimeSettings regime = RegimeSettings.from(config);
        if (regime.enabled())
        {
            requireBarInterval(config, bars, "regime", regime.barInterval());
            if (regime.requireSpread() && bookStage == null)
            {
                throw new IllegalArgumentException(config.file() + ": regime.requireSpread is true but book.enabled is false: every "
                    + "spread would be unknown and every regime ILLIQUID; enable the book or set regime.requireSpread: false");
            }
            if (regime.hazardFromGate() && hazardStage == null)
            {
                throw new IllegalArgumentException(config.file() + ": regime.hazardFromGate needs the hazard gate (hazard.enabled: true)");
            }
            stages.add(new RegimeGateStage(instruments, regime, bookStage == null ? null : SpreadSource.of(bookStage), hazardStage));
        }
        // 5. model, 6. strategy, 7. risk, 8. execution, 9. accounting: not built yet
        return stages;
    }

    private static HazardSource hazardSource(final TraderConfig config, final HazardSettings hazard, final HazardSource injected)
    {
        if (hazard.source() == HazardSettings.Source.CSV)
        {
            // read once, here, into primitive arrays: never on the engine thread
            try
            {
                return CsvHazardSource.load(hazard.file(), hazard.timestampColumn(), hazard.probabilityColumn());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(config.file() + ": hazard.file: " + ex.getMessage(), ex);
            }
        }
        if (injected == null)
        {
            throw new IllegalArgumentException(config.file() + ": hazard.source: onnx is attached by the runtime's stage "
                + "factory (replay RunStages: the model scores the plan's feature vector); this caller built the engine plan "
                + "alone, so use source: csv here");
        }
        return injected;
    }

    private static void requireBarInterval(final TraderConfig config, final BarSettings bars, final String section, final Duration interval)
    {
        if (!bars.enabled() || !bars.intervals().contains(interval))
        {
            throw new IllegalArgumentException(config.file() + ": " + section + ".barInterval: " + TraderConfig.formatDuration(interval)
                + " bars are not built (bars." + (bars.enabled() ? "intervals is " + bars.intervals().stream()
                .map(TraderConfig::formatDuration).toList() : "enabled is false") + ")");
        }
    }
}
