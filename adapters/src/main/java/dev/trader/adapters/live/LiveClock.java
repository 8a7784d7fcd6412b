package dev.trader.adapters.live;

/**
 * The live adapters' only view of time. {@link #epochNanos()} stamps the receive time of every event published into
 * the ring (the one wall-clock read the architecture allows: engine time is this stamp, replay reads it back from the
 * journal); {@link #monotonicNanos()} drives timers (watchdog, keep-alive, rate limits) and never reaches an event.
 * Injected, so tests control both.
 */
public interface LiveClock
{
    /** Wall-clock time, nanoseconds since the epoch. */
    long epochNanos();

    /** A monotonic reading in nanoseconds, only meaningful as a difference. */
    long monotonicNanos();

    /**
     * The system clock: epoch nanoseconds anchored once to the wall clock and advanced by {@link System#nanoTime()},
     * so it never steps backwards and reading it allocates nothing.
     */
    static LiveClock system()
    {
        final long anchorEpochNs = System.currentTimeMillis() * 1_000_000L;
        final long anchorMonoNs = System.nanoTime();
        return new LiveClock()
        {
            @Override
            public long epochNanos()
            {
                return anchorEpochNs + (System.nanoTime() - anchorMonoNs);
            }

            @Override
            public long monotonicNanos()
            {
                return System.nanoTime();
            }
        };
    }
}
