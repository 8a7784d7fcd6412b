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

    /**
     * True while a MARKET exit for the position (or a triggered stop executing as one) is working: a second market
     * exit would be a duplicate. Resting take-profit LIMITs and untriggered STOP_MARKETs do not count, so a strategy
     * can still close a protected position at market (END_OF_DATA, a signal exit); the venue's OCO rule cancels the
     * resting ones. The default is the broader {@link #exitWorking(long)} (views that do not know the order types).
     */
    default boolean marketExitWorking(final long positionId)
    {
        return exitWorking(positionId);
    }
}
