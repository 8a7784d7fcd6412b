package dev.trader.engine;

import dev.trader.engine.book.BookSettings;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.sampling.CusumSampler;
import dev.trader.engine.sampling.CusumSettings;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stages a config asks for, in the one fixed order both runtimes use (docs/architecture.md):
 * <pre>
 *   journal-in -> book -> bars -> features (lean_v1, then microstructure) -> CUSUM sampler -> regime/hazard gates
 *              -> model -> strategy -> risk -> execution -> accounting -> journal-out
 * </pre>
 * Stages not built yet are simply absent; journal-in and journal-out are the pipeline's sinks.
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
        final List<Stage> stages = new ArrayList<>(ingress);
        stages.addAll(build(config, instruments, clock));
        return stages;
    }

    public static List<Stage> build(final TraderConfig config, final InstrumentRegistry instruments, final EngineClock clock)
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
            stages.add(new BarStage(instruments, bars.intervals(), bars.source()));
        }
        // 3. features
        // 3a. FeatureStage (bar-based lean_v1, FeatureCatalog) goes HERE, before the microstructure stage
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
        // 4. gates, 5. model, 6. strategy, 7. risk, 8. execution, 9. accounting: not built yet
        return stages;
    }
}
