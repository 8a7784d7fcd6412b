package dev.trader.engine.trading;

/**
 * Read-only account state owned by the accounting stage, read by the strategy and risk stages (which run before it
 * in the plan, on the same thread: what they read reflects every event the pipeline finished before the current one,
 * including the fills the current event already caused, which are dispatched depth first). Positions are per
 * position id (one entry = one position, hedging style, so seed 002's several concurrent shorts are distinct).
 * Money is at {@link Money#EXPONENT}. No allocation in any method.
 */
public interface PortfolioView
{
    long initialCash();

    /** cash + unrealized, marked to the latest mark (book mid when trusted, else last trade / bar close). */
    long equity();

    /** Open positions of every strategy. */
    int openPositions();

    /** Open positions of one strategy on one instrument. */
    int openPositions(int strategyId, int instrumentId);

    /** The i-th open position's id, 0 <= i < openPositions(), in ascending position id order (deterministic). */
    long openPositionId(int index);

    /** Strategy of a position (open, or closed recently: accounting remembers the last 8,192 closes); 0 when unknown. */
    int positionStrategy(long positionId);

    /** Instrument of a position; 0 when unknown. */
    int positionInstrument(long positionId);

    /** Signed qty mantissa of one position; 0 when closed or unknown. */
    long positionQty(long positionId);

    /** Average entry price of one position (price units, not mantissa); NaN when unknown. */
    double positionEntryPrice(long positionId);

    /** Engine time the position first filled; Long.MIN_VALUE when unknown. */
    long positionEntryTsNs(long positionId);

    /** sum |qty| x mark over open positions on one instrument (money mantissa). */
    long exposure(int instrumentId);

    /** sum |qty| x mark over all open positions (money mantissa). */
    long grossExposure();

    /** Latest mark price of an instrument (price units); NaN when none yet. */
    double mark(int instrumentId);

    /** Closed positions of one strategy. */
    long closedTrades(int strategyId);

    /** Losing closed positions in a row of one strategy, as of now (0 after a win). */
    int consecutiveLosses(int strategyId);

    /** Wins and losses of a strategy so far and their net sums (Kelly sizing): wins count. */
    long wins(int strategyId);

    long losses(int strategyId);

    long sumWinPnl(int strategyId);

    /** Sum of losing net PnL, as a positive money mantissa. */
    long sumLossPnl(int strategyId);
}
