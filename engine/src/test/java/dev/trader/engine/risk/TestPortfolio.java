package dev.trader.engine.risk;

import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.PortfolioView;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A mutable {@link PortfolioView} for unit tests: set the fields, the stage reads them. */
final class TestPortfolio implements PortfolioView
{
    record Pos(int strategyId, int instrumentId, long qty, double entryPrice, long entryTsNs)
    {
    }

    static final class Stats
    {
        long closed;
        int streak;
        long wins;
        long losses;
        long sumWin;
        long sumLoss;
    }

    long initialCash = Money.of(10_000);
    long equity = Money.of(10_000);
    final TreeMap<Long, Pos> positions = new TreeMap<>();
    final Map<Long, Pos> known = new HashMap<>();
    final Map<Integer, Double> marks = new HashMap<>();
    final Map<Integer, Stats> stats = new HashMap<>();

    void open(final long positionId, final int strategyId, final int instrumentId, final long qty, final double entry,
        final long entryTsNs)
    {
        final Pos p = new Pos(strategyId, instrumentId, qty, entry, entryTsNs);
        positions.put(positionId, p);
        known.put(positionId, p);
    }

    void close(final long positionId)
    {
        positions.remove(positionId);
    }

    Stats stats(final int strategyId)
    {
        return stats.computeIfAbsent(strategyId, k -> new Stats());
    }

    /** One more closed trade: a loss extends the streak, a win resets it. */
    void closedTrade(final int strategyId, final double netPnl)
    {
        final Stats s = stats(strategyId);
        s.closed++;
        if (netPnl < 0)
        {
            s.streak++;
            s.losses++;
            s.sumLoss += Money.of(-netPnl);
        }
        else
        {
            s.streak = 0;
            s.wins++;
            s.sumWin += Money.of(netPnl);
        }
    }

    @Override
    public long initialCash()
    {
        return initialCash;
    }


    @Override
    public long equity()
    {
        return equity;
    }

    @Override
    public int openPositions()
    {
        return positions.size();
    }

    @Override
    public int openPositions(final int strategyId, final int instrumentId)
    {
        return (int)positions.values().stream().filter(p -> p.strategyId == strategyId && p.instrumentId == instrumentId).count();
    }

    @Override
    public long openPositionId(final int index)
    {
        return positions.keySet().stream().skip(index).findFirst().orElseThrow();
    }

    @Override
    public int positionStrategy(final long positionId)
    {
        final Pos p = known.get(positionId);
        return p == null ? 0 : p.strategyId;
    }

    @Override
    public int positionInstrument(final long positionId)
    {
        final Pos p = known.get(positionId);
        return p == null ? 0 : p.instrumentId;
    }


    @Override
    public long positionQty(final long positionId)
    {
        final Pos p = positions.get(positionId);
        return p == null ? 0 : p.qty;
    }

    @Override
    public double positionEntryPrice(final long positionId)
    {
        final Pos p = known.get(positionId);
        return p == null ? Double.NaN : p.entryPrice;
    }

    @Override
    public long positionEntryTsNs(final long positionId)
    {
        final Pos p = known.get(positionId);
        return p == null ? Long.MIN_VALUE : p.entryTsNs;
    }

    /** |qty| (at qty exponent -3) x mark. */
    @Override
    public long exposure(final int instrumentId)
    {
        return Money.of(positions.values().stream().filter(p -> p.instrumentId == instrumentId)
            .mapToDouble(p -> Math.abs(p.qty) / 1000.0 * mark(p.instrumentId)).sum());
    }

    @Override
    public long grossExposure()
    {
        return Money.of(positions.values().stream().mapToDouble(p -> Math.abs(p.qty) / 1000.0 * mark(p.instrumentId)).sum());
    }

    @Override
    public double mark(final int instrumentId)
    {
        return marks.getOrDefault(instrumentId, Double.NaN);
    }

    @Override
    public long closedTrades(final int strategyId)
    {
        return stats(strategyId).closed;
    }

    @Override
    public int consecutiveLosses(final int strategyId)
    {
        return stats(strategyId).streak;
    }


    @Override
    public long wins(final int strategyId)
    {
        return stats(strategyId).wins;
    }

    @Override
    public long losses(final int strategyId)
    {
        return stats(strategyId).losses;
    }

    @Override
    public long sumWinPnl(final int strategyId)
    {
        return stats(strategyId).sumWin;
    }

    @Override
    public long sumLossPnl(final int strategyId)
    {
        return stats(strategyId).sumLoss;
    }
}
