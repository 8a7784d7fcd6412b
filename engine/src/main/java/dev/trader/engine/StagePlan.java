package dev.trader.engine;

import dev.trader.engine.book.BookSettings;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.FeatureSettings;
import dev.trader.engine.features.FeatureStage;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.sampling.CusumSampler;
import dev.trader.engine.sampling.CusumSettings;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stages a config asks for, in the one fixed order both runtimes use (docs/architecture.md):
 * <pre>
 *   journal-in -> book -> bars -> features (lean_v1, then microstructure) -> CUSUM sampler -> regime/hazard gates
 *              -> model -> strategy -> risk -> execution -> accounting -> journal-out
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
            stages.add(new BarStage(instruments, bars.intervals(), bars.source(), bars.repair()));
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
        // 4. gates, 5. model, 6. strategy, 7. risk, 8. execution, 9. accounting: not built yet
        return stages;
    }
}
