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

    /**
     * A stage threw while it handled an event of this instrument (0: an event of no instrument, so every instrument):
     * the pipeline contained it (an INTERNAL_ERROR InputReject is journaled) and the instrument's data can no longer be
     * trusted. A stage that opens positions must open no new ones on it (fail closed). Called on the engine thread,
     * between stages; must not throw.
     */
    default void onInstrumentUntrusted(final int instrumentId)
    {
    }

    /** What the stage counted (ignored, repaired, out of order...), in a stable order; read off the hot path. */
    default Map<String, Long> counters()
    {
        return Map.of();
    }
}
