package dev.trader.strategies.strategy;

import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import org.agrona.collections.LongHashSet;

import java.util.TreeMap;

/** A PortfolioView and an OrderView whose state the test sets (simulating fills), for unit isolation. */
final class TestViews
{
    private TestViews()
    {
    }

    /** One open position. */
    record Position(long id, int strategyId, int instrumentId, long qty, double entryPrice, long entryTsNs)
    {
    }

    /** Positions by id (ascending, as the real view), nothing else. */
    static final class Portfolio implements PortfolioView
    {
        final TreeMap<Long, Position> open = new TreeMap<>();

        void open(final long id, final int strategyId, final int instrumentId, final long qty, final double entryPrice,
            final long entryTsNs)
        {
            open.put(id, new Position(id, strategyId, instrumentId, qty, entryPrice, entryTsNs));
        }

        void close(final long id)
        {
            open.remove(id);
        }

        private Position get(final long id)
        {
            return open.get(id);
        }

        @Override
        public long initialCash()
        {
            return 0;
        }


        @Override
        public long equity()
        {
            return 0;
        }

        @Override
        public int openPositions()
        {
            return open.size();
        }

        @Override
        public int openPositions(final int strategyId, final int instrumentId)
        {
            if (open.isEmpty())
            {
                return 0;
            }
            return (int)open.values().stream().filter(p -> p.strategyId() == strategyId && p.instrumentId() == instrumentId).count();
        }

        @Override
        public long openPositionId(final int index)
        {
            return open.keySet().stream().skip(index).findFirst().orElseThrow();
        }

        @Override
        public int positionStrategy(final long positionId)
        {
            final Position p = get(positionId);
            return p == null ? 0 : p.strategyId();
        }

        @Override
        public int positionInstrument(final long positionId)
        {
            final Position p = get(positionId);
            return p == null ? 0 : p.instrumentId();
        }


        @Override
        public long positionQty(final long positionId)
        {
            final Position p = get(positionId);
            return p == null ? 0 : p.qty();
        }

        @Override
        public double positionEntryPrice(final long positionId)
        {
            final Position p = get(positionId);
            return p == null ? Double.NaN : p.entryPrice();
        }

        @Override
        public long positionEntryTsNs(final long positionId)
        {
            final Position p = get(positionId);
            return p == null ? Long.MIN_VALUE : p.entryTsNs();
        }

        @Override
        public long exposure(final int instrumentId)
        {
            return 0;
        }

        @Override
        public long grossExposure()
        {
            return 0;
        }

        @Override
        public double mark(final int instrumentId)
        {
            return Double.NaN;
        }

        @Override
        public long closedTrades(final int strategyId)
        {
            return 0;
        }

        @Override
        public int consecutiveLosses(final int strategyId)
        {
            return 0;
        }


        @Override
        public long wins(final int strategyId)
        {
            return 0;
        }

        @Override
        public long losses(final int strategyId)
        {
            return 0;
        }

        @Override
        public long sumWinPnl(final int strategyId)
        {
            return 0;
        }

        @Override
        public long sumLossPnl(final int strategyId)
        {
            return 0;
        }
    }

    /** Working entries per strategy (any instrument) and positions with a working exit. */
    static final class Orders implements OrderView
    {
        int workingEntries;
        final LongHashSet exitsWorking = new LongHashSet();

        @Override
        public int workingEntries(final int strategyId, final int instrumentId)
        {
            return workingEntries;
        }

        @Override
        public long workingEntryQty(final int strategyId, final int instrumentId)
        {
            return 0;
        }

        @Override
        public boolean exitWorking(final long positionId)
        {
            return exitsWorking.contains(positionId);
        }
    }
}
