package dev.trader.engine.trading;

/**
 * Read-only order state owned by the execution stage (paper venue), read by strategy and risk stages, which run
 * before it: orders sent but not yet done (in flight under the configured latency, resting, or attached brackets).
 */
public interface OrderView
{
    /** Working (not yet filled, canceled or rejected) entry orders of a strategy on an instrument. */
    int workingEntries(int strategyId, int instrumentId);

    /** Unfilled qty mantissa of working entry orders of a strategy on an instrument (absolute). */
    long workingEntryQty(int strategyId, int instrumentId);

    /** True while an exit order for the position is working (do not send a second one). */
    boolean exitWorking(long positionId);
}
