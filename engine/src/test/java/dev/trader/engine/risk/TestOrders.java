package dev.trader.engine.risk;

import dev.trader.engine.trading.OrderView;

import java.util.HashSet;
import java.util.Set;

/** A mutable {@link OrderView} for unit tests (one strategy/instrument pair is enough here). */
final class TestOrders implements OrderView
{
    int workingEntries;
    long workingEntryQty;
    final Set<Long> exitWorking = new HashSet<>();
    /** Positions of {@link #exitWorking} whose working exits are only resting (LIMIT / untriggered STOP_MARKET). */
    final Set<Long> restingExitsOnly = new HashSet<>();

    @Override
    public int workingEntries(final int strategyId, final int instrumentId)
    {
        return workingEntries;
    }

    @Override
    public long workingEntryQty(final int strategyId, final int instrumentId)
    {
        return workingEntryQty;
    }

    @Override
    public boolean exitWorking(final long positionId)
    {
        return exitWorking.contains(positionId);
    }

    @Override
    public boolean marketExitWorking(final long positionId)
    {
        return exitWorking.contains(positionId) && !restingExitsOnly.contains(positionId);
    }
}
