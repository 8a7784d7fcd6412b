package dev.trader.engine.gates;

import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;

/**
 * The current quoted spread of an instrument in basis points of the mid, for the ILLIQUID rule of seed 004
 * section 2 ("spread > 50 bps"). Read on the engine thread when a bar completes; must not allocate.
 */
@FunctionalInterface
public interface SpreadSource
{
    /** @return the spread in bps of the mid, or NaN when it is not known (no book, untrusted book, empty side). */
    double spreadBps(int instrumentId);

    /**
     * The spread of the book {@link OrderBookStage} keeps, which runs before the gates. Unknown (NaN) unless the
     * book is TRUSTED with both sides present and not crossed: a book in SYNCING or UNTRUSTED state says nothing
     * about liquidity, and the regime gate then fails closed (see {@link RegimeSettings#requireSpread()}).
     */
    static SpreadSource of(final OrderBookStage books)
    {
        return instrumentId ->
        {
            final BookView book = books.book(instrumentId);
            if (book == null || !book.isTrusted())
            {
                return Double.NaN;
            }
            final long bid = book.bestBidPrice();
            final long ask = book.bestAskPrice();
            if (bid == BookSide.NO_PRICE || ask == BookSide.NO_PRICE || ask <= bid)
            {
                return Double.NaN;
            }
            return spreadBps(bid, ask);
        };
    }

    /** {@code (ask - bid) / mid * 10^4} for two price mantissas of the same exponent. */
    static double spreadBps(final long bid, final long ask)
    {
        return (double)(ask - bid) / (((double)ask + (double)bid) * 0.5) * 10_000.0;
    }
}
