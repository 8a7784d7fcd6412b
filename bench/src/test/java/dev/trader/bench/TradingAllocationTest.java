package dev.trader.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #5 acceptance 6: the trading stages (risk-pre, strategy, risk, paper venue, accounting) allocate nothing per
 * market event in steady state while the strategy trades. The {@link TradingRig} plan runs on this thread (as the
 * engine thread would run it) for 1,000,000 warm-up events, then 2,000,000 measured events, and this thread's heap
 * allocation (ThreadMXBean) is divided by the measured events. 2,000,000 events of the tape carry ~15,000 entries
 * and ~15,000 exits, so a per-decision or per-fill allocation of even 8 bytes would show as >= 0.06 B/event, and
 * the accounting's closed-position history passes its 8,192 bound (eviction) during the measurement.
 */
class TradingAllocationTest
{
    private static final long WARM_UP = 1_000_000;
    private static final long MEASURED = 2_000_000;

    @Test
    void shouldAllocateNothingPerEventWhileTheStrategyTrades()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (TradingRig rig = TradingRig.create(true, true))
        {
            final TradingRig.Feeder feeder = new TradingRig.Feeder(BookTape.generate(BookTape.DEFAULT_EVENTS, 42));
            feeder.feed(rig.pipeline(), WARM_UP);
            final long decisions0 = rig.decisions();
            final long fills0 = rig.fills();
            final long closed0 = rig.tradesClosed();
            final long self = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(self);
            feeder.feed(rig.pipeline(), MEASURED);
            final long bytes = threads.getThreadAllocatedBytes(self) - before;
            final long decisions = rig.decisions() - decisions0;
            final long fills = rig.fills() - fills0;
            final long closed = rig.tradesClosed() - closed0;
            System.out.printf("trading allocation: %,d B over %,d events = %.4f B/event; %,d decisions, %,d fills, %,d trades "
                + "closed during the measurement (%s in total)%n", bytes, MEASURED, (double)bytes / MEASURED, decisions, fills,
                closed, rig.activity());
            assertTrue(decisions > 10_000 && fills > 10_000 && closed > 5_000,
                "the strategy must trade during the measurement: " + decisions + " decisions, " + fills + " fills");
            assertTrue(rig.tradesClosed() > 8_192, "the closed-trade history bound is reached: " + rig.tradesClosed());
            assertTrue(bytes <= MEASURED / 100, "at most 0.01 B/event, got " + bytes + " B over " + MEASURED + " events");
        }
    }
}
