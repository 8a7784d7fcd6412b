package dev.trader.engine;

import java.util.Map;

/**
 * One step of the pipeline. Stages run on the engine thread only, in the fixed order the pipeline was built with;
 * each owns its state and sees every input event and every event emitted by the stages before it. A stage must
 * not allocate per event, block, log or read the wall clock (use the injected {@link EngineClock}).
 */
public interface Stage
{
    /** Short stable name, used for latency histograms and reports (e.g. "bars"). */
    String name();

    void onEvent(EventView event, Emitter emitter);

    /** The input has ended (end of a replay). A stage may emit what is complete; it must not invent data. */
    default void onEndOfStream(final Emitter emitter)
    {
    }

    /** What the stage counted (ignored, repaired, out of order...), in a stable order; read off the hot path. */
    default Map<String, Long> counters()
    {
        return Map.of();
    }
}
