package dev.trader.engine;

import dev.trader.engine.book.BookSettings;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the stages a config asks for, in the one fixed order both runtimes use (docs/architecture.md):
 * <pre>
 *   journal-in -> book -> bars -> features -> regime/hazard gates -> model -> strategy -> risk -> execution
 *              -> accounting -> journal-out
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
        if (book.enabled())
        {
            stages.add(new OrderBookStage(instruments, book));
        }
        // 2. bars
        final BarSettings bars = BarSettings.from(config);
        if (bars.enabled())
        {
            stages.add(new BarStage(instruments, bars.intervals(), bars.source()));
        }
        // 3. features, 4. gates, 5. model, 6. strategy, 7. risk, 8. execution, 9. accounting: not built yet
        return stages;
    }
}
