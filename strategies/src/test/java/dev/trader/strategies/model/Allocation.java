package dev.trader.strategies.model;

import java.lang.management.ManagementFactory;

/** Heap bytes the current thread allocates per call of an action, after a warm-up (HotSpot's per-thread counter). */
final class Allocation
{
    private Allocation()
    {
    }

    /** Runs {@code action} {@code warmUp} times, then {@code calls} times, and returns bytes allocated per measured call. */
    static double bytesPerCall(final Runnable action, final int warmUp, final int calls)
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        for (int i = 0; i < warmUp; i++)
        {
            action.run();
        }
        final long self = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < calls; i++)
        {
            action.run();
        }
        final long after = threads.getThreadAllocatedBytes(self);
        return (double)(after - before) / calls;
    }
}
