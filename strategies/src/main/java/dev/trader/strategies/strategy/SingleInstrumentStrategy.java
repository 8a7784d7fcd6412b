package dev.trader.strategies.strategy;

import dev.trader.engine.Instrument;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;

/**
 * What every strategy that trades one instrument holds: its id, name and instrument, and the read-only views of
 * accounting and the venue (docs/trading.md). Only final fields and a lookup, so subclasses stay allocation-free.
 */
abstract class SingleInstrumentStrategy implements Strategy
{
    protected final int id;
    protected final String name;
    protected final int instrumentId;
    protected final PortfolioView portfolio;
    protected final OrderView orders;

    SingleInstrumentStrategy(final int id, final String name, final Instrument instrument, final PortfolioView portfolio,
        final OrderView orders)
    {
        this.id = id;
        this.name = name;
        this.instrumentId = instrument.id();
        this.portfolio = portfolio;
        this.orders = orders;
    }

    @Override
    public final int id()
    {
        return id;
    }

    @Override
    public final String name()
    {
        return name;
    }

    @Override
    public final int instrumentId()
    {
        return instrumentId;
    }

    /** True when the position was opened by this strategy on its instrument. */
    protected final boolean mine(final long positionId)
    {
        return portfolio.positionStrategy(positionId) == id && portfolio.positionInstrument(positionId) == instrumentId;
    }
}
