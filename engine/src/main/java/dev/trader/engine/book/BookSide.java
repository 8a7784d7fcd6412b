package dev.trader.engine.book;

/**
 * One side of an {@link L2Book}: up to {@code capacity} price levels in preallocated primitive arrays, each level a
 * price mantissa, a quantity mantissa and the fraction digits the venue wrote them with.
 *
 * <p>Storage is sorted deepest first, so the best level sits at the end of the arrays: most updates touch the top of
 * the book, where inserting or deleting shifts only the few levels better than the one changed. Lookups are binary
 * searches. Readers index levels from the best: {@code price(0)} is the best price.
 *
 * <p>Reading is public; changing is done through {@link L2Book} (or the book stage in this package).
 */
public final class BookSide
{
    /** Returned by {@link #bestPrice()} when the side is empty. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final boolean bid;
    private final int capacity;
    private final long[] prices;
    private final long[] qtys;
    private final byte[] priceDecimals;
    private final byte[] qtyDecimals;
    private int count;
    private long levelsDropped;

    BookSide(final boolean bid, final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("book side capacity must be >= 1, got " + capacity);
        }
        this.bid = bid;
        this.capacity = capacity;
        this.prices = new long[capacity];
        this.qtys = new long[capacity];
        this.priceDecimals = new byte[capacity];
        this.qtyDecimals = new byte[capacity];
    }

    /** True for the bid side (best = highest price), false for asks (best = lowest). */
    public boolean isBid()
    {
        return bid;
    }

    /** Number of levels held. */
    public int depth()
    {
        return count;
    }

    /** Most levels this side holds; beyond it the deepest level is dropped. */
    public int capacity()
    {
        return capacity;
    }

    /** Levels dropped because the side was full (the deepest one each time); the book below them may be incomplete. */
    public long levelsDropped()
    {
        return levelsDropped;
    }

    /** Price mantissa of the {@code i}-th best level (0 = best). */
    public long price(final int i)
    {
        return prices[slot(i)];
    }

    /** Quantity mantissa of the {@code i}-th best level (0 = best). */
    public long qty(final int i)
    {
        return qtys[slot(i)];
    }

    /** Fraction digits the venue wrote the price of level {@code i} with; -1 when not known. */
    public int priceDecimals(final int i)
    {
        return priceDecimals[slot(i)];
    }

    /** Fraction digits the venue wrote the quantity of level {@code i} with; -1 when not known. */
    public int qtyDecimals(final int i)
    {
        return qtyDecimals[slot(i)];
    }

    /** Best price mantissa, or {@link #NO_PRICE} when empty. */
    public long bestPrice()
    {
        return count == 0 ? NO_PRICE : prices[count - 1];
    }

    /** Quantity at the best price, or 0 when empty. */
    public long bestQty()
    {
        return count == 0 ? 0 : qtys[count - 1];
    }

    /** @return the rank (0 = best) of the level at {@code price}, or -1 when there is none. */
    public int rankOf(final long price)
    {
        final int at = search(price);
        return at >= 0 ? count - 1 - at : -1;
    }

    private int slot(final int i)
    {
        if (i < 0 || i >= count)
        {
            throw new IndexOutOfBoundsException("level " + i + " of " + count);
        }
        return count - 1 - i;
    }

    /** Ordering key: ascending from the deepest level to the best one. */
    private long key(final long price)
    {
        return bid ? price : -price;
    }

    /** @return the storage index of {@code price}, or {@code -(insertionPoint + 1)}. */
    private int search(final long price)
    {
        final long k = key(price);
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long m = key(prices[mid]);
            if (m < k)
            {
                lo = mid + 1;
            }
            else if (m > k)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Sets the level at {@code price}; quantity 0 deletes it (deleting a level not held is a no-op). */
    void set(final long price, final long qty, final int pDecimals, final int qDecimals)
    {
        final int at = search(price);
        if (at >= 0)
        {
            if (qty == 0)
            {
                final int tail = count - 1 - at;
                if (tail > 0)
                {
                    System.arraycopy(prices, at + 1, prices, at, tail);
                    System.arraycopy(qtys, at + 1, qtys, at, tail);
                    System.arraycopy(priceDecimals, at + 1, priceDecimals, at, tail);
                    System.arraycopy(qtyDecimals, at + 1, qtyDecimals, at, tail);
                }
                count--;
            }
            else
            {
                qtys[at] = qty;
                priceDecimals[at] = (byte)pDecimals;
                qtyDecimals[at] = (byte)qDecimals;
            }
            return;
        }
        if (qty == 0)
        {
            return;
        }
        final int pos = -(at + 1);
        if (count < capacity)
        {
            final int tail = count - pos;
            if (tail > 0)
            {
                System.arraycopy(prices, pos, prices, pos + 1, tail);
                System.arraycopy(qtys, pos, qtys, pos + 1, tail);
                System.arraycopy(priceDecimals, pos, priceDecimals, pos + 1, tail);
                System.arraycopy(qtyDecimals, pos, qtyDecimals, pos + 1, tail);
            }
            put(pos, price, qty, pDecimals, qDecimals);
            count++;
            return;
        }
        levelsDropped++;
        if (pos == 0)
        {
            // full, and the new level would be the deepest: it is the one dropped
            return;
        }
        // full: drop the deepest level (storage index 0) and shift the deeper part down to make room
        final int moved = pos - 1;
        if (moved > 0)
        {
            System.arraycopy(prices, 1, prices, 0, moved);
            System.arraycopy(qtys, 1, qtys, 0, moved);
            System.arraycopy(priceDecimals, 1, priceDecimals, 0, moved);
            System.arraycopy(qtyDecimals, 1, qtyDecimals, 0, moved);
        }
        put(pos - 1, price, qty, pDecimals, qDecimals);
    }

    void clear()
    {
        count = 0;
    }

    /**
     * Starts loading {@code levels} levels that arrive best first, strictly ordered (a venue snapshot): they are
     * placed directly, with no shifting. Levels past the capacity are dropped and counted.
     */
    void beginSortedLoad(final int levels)
    {
        count = Math.min(levels, capacity);
        if (levels > capacity)
        {
            levelsDropped += levels - capacity;
        }
    }

    /** Places the level of rank {@code rank} (0 = best) of a load begun with {@link #beginSortedLoad(int)}. */
    void putSorted(final int rank, final long price, final long qty, final int pDecimals, final int qDecimals)
    {
        if (rank < count)
        {
            put(count - 1 - rank, price, qty, pDecimals, qDecimals);
        }
    }

    /** True when {@code next} may follow {@code previous} in a best-first, strictly ordered listing of this side. */
    boolean isBetterFirst(final long previous, final long next)
    {
        return bid ? previous > next : previous < next;
    }

    private void put(final int index, final long price, final long qty, final int pDecimals, final int qDecimals)
    {
        prices[index] = price;
        qtys[index] = qty;
        priceDecimals[index] = (byte)pDecimals;
        qtyDecimals[index] = (byte)qDecimals;
    }
}
