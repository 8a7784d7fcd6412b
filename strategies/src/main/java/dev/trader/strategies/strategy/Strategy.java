package dev.trader.strategies.strategy;

import java.util.Map;

/**
 * A trading strategy: config-bound, no I/O, no wall clock, no allocation per event. It trades one instrument; the
 * {@link StrategyStage} hands it the stage outputs of that instrument through the callbacks below, and it decides
 * through the {@link DecisionSink}. It reads its positions through the accounting stage's
 * {@link dev.trader.engine.trading.PortfolioView} and its working orders through the venue's
 * {@link dev.trader.engine.trading.OrderView}, both given at construction (they run later in the plan and reflect
 * everything finished before the current event, docs/trading.md).
 *
 * <p>Event order in the pipeline: stages that react to a bar (gates, regime, model) emit their events while that
 * bar passes through them, so a strategy sees a bar's GateChange, RegimeChange and ModelScore before {@link #onBar}
 * of the same bar.
 */
public interface Strategy
{
    /** Strategy id, >= 1, unique in a run (the high 32 bits of its decision ids). */
    int id();

    /** Short name for counters and reports. */
    String name();

    /** The instrument it trades. */
    int instrumentId();

    default void onBar(BarView bar, DecisionSink sink)
    {
    }

    default void onGate(GateView gate, DecisionSink sink)
    {
    }

    default void onRegime(RegimeView regime, DecisionSink sink)
    {
    }

    default void onScore(ScoreView score, DecisionSink sink)
    {
    }

    /** The input has ended: close what is open (reason END_OF_DATA). */
    default void onEndOfStream(DecisionSink sink)
    {
    }

    /** Strategy-specific counts (the stage adds decisions by action and reason), in a stable order. */
    default Map<String, Long> counters()
    {
        return Map.of();
    }
}
