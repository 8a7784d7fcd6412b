package dev.trader.engine.book;

/**
 * A price-level (L2) order book for one instrument: bids and asks, each a {@link BookSide} of preallocated sorted
 * primitive arrays. Applying a level is a binary search plus a shift of the levels better than it; nothing is
 * allocated after construction. Quantity 0 deletes a level. When a side is full the deepest level is dropped (and
 * counted) rather than failing: the top of the book, which is what trading reads, stays exact.
 *
 * <p>Prices and quantities are the instrument's mantissas; the per-level decimals keep the venue's own text form
 * ({@link DecimalText}) for checksums and book output.
 */
public final class L2Book
{
    private final BookSide bids;
    private final BookSide asks;

    /** @param maxLevels levels per side */
    public L2Book(final int maxLevels)
    {
        this.bids = new BookSide(true, maxLevels);
        this.asks = new BookSide(false, maxLevels);
    }

    /** Bids, best (highest price) first. */
    public BookSide bids()
    {
        return bids;
    }

    /** Asks, best (lowest price) first. */
    public BookSide asks()
    {
        return asks;
    }

    /** Sets a bid level; {@code qty == 0} deletes it. Decimals: fraction digits as the venue wrote them, or -1. */
    public void setBid(final long price, final long qty, final int priceDecimals, final int qtyDecimals)
    {
        bids.set(price, qty, priceDecimals, qtyDecimals);
    }

    /** Sets an ask level; {@code qty == 0} deletes it. Decimals: fraction digits as the venue wrote them, or -1. */
    public void setAsk(final long price, final long qty, final int priceDecimals, final int qtyDecimals)
    {
        asks.set(price, qty, priceDecimals, qtyDecimals);
    }

    /** Empties both sides (the dropped-level counts are kept). */
    public void clear()
    {
        bids.clear();
        asks.clear();
    }

    /** Best bid price mantissa, or {@link BookSide#NO_PRICE} when there are no bids. */
    public long bestBidPrice()
    {
        return bids.bestPrice();
    }

    /** Quantity at the best bid, or 0 when there are no bids. */
    public long bestBidQty()
    {
        return bids.bestQty();
    }

    /** Best ask price mantissa, or {@link BookSide#NO_PRICE} when there are no asks. */
    public long bestAskPrice()
    {
        return asks.bestPrice();
    }

    /** Quantity at the best ask, or 0 when there are no asks. */
    public long bestAskQty()
    {
        return asks.bestQty();
    }

    /** True when both sides have levels and the best bid is at or above the best ask: the book cannot be right. */
    public boolean isCrossed()
    {
        return bids.depth() > 0 && asks.depth() > 0 && bids.bestPrice() >= asks.bestPrice();
    }

    /** Levels dropped on either side because it was full. */
    public long levelsDroppedAtCapacity()
    {
        return bids.levelsDropped() + asks.levelsDropped();
    }

    /** Levels per side this book holds at most. */
    public int maxLevels()
    {
        return bids.capacity();
    }
}
