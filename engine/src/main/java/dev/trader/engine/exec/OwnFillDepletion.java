package dev.trader.engine.exec;

import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;

/**
 * The displayed liquidity the paper venue's own taker fills consumed (seed 004 section 4 "execution realism": a
 * simulated order must not take the same displayed size twice). Per instrument, side and price level it keeps the
 * qty our fills took and the displayed qty the level had when they took it; while the level still shows that qty,
 * the venue sees {@code max(0, displayed - consumed)} there.
 *
 * <p>Forgetting is per level: a level whose displayed qty differs from the one recorded has been changed by the
 * book stage (an update, a delete, a snapshot), and its consumption is forgotten: the venue's view of the level is
 * again the market's. The comparison is done for the instrument's tracked levels at each of its book events and
 * again lazily on each read, so the cost is O(tracked levels of the instrument) per book event and nothing when no
 * level is tracked. Known limit: a level changed and changed back to the exact same qty between two book events
 * looks unchanged and stays depleted (conservative: it only ever hides liquidity our fills took).
 *
 * <p>Fixed capacity, preallocated arrays, no allocation. When every slot is taken, a new consumption is not
 * recorded (that level stays fully visible) and {@link #overflows()} counts it. Slot order never reaches an output:
 * every access is by (instrument, side, price), and a level has at most one slot.
 */
final class OwnFillDepletion
{
    private final int[] instrument;
    private final boolean[] bid;
    private final long[] price;
    private final long[] shown;
    private final long[] consumed;
    private int count;
    private int countMax;
    private long consumptions;
    private long forgotten;
    private long overflows;

    /** @param capacity levels tracked at once, across instruments and sides (>= 1) */
    OwnFillDepletion(final int capacity)
    {
        instrument = new int[capacity];
        bid = new boolean[capacity];
        price = new long[capacity];
        shown = new long[capacity];
        consumed = new long[capacity];
    }

    /** Levels tracked now. */
    int size()
    {
        return count;
    }

    /**
     * What is left for us at a level that displays {@code displayed}: {@code max(0, displayed - consumed)} while the
     * level is unchanged since our fills took from it, else {@code displayed} (and the consumption is forgotten).
     */
    long available(final int instrumentId, final boolean bidSide, final long levelPrice, final long displayed)
    {
        if (count == 0)
        {
            return displayed;
        }
        final int at = find(instrumentId, bidSide, levelPrice);
        if (at < 0)
        {
            return displayed;
        }
        if (shown[at] != displayed)
        {
            forget(at);
            return displayed;
        }
        return Math.max(0, displayed - consumed[at]);
    }

    /** Our taker fill took {@code qty} from a level displaying {@code displayed}. */
    void consume(final int instrumentId, final boolean bidSide, final long levelPrice, final long displayed, final long qty)
    {
        if (qty <= 0)
        {
            return;
        }
        consumptions++;
        final int at = find(instrumentId, bidSide, levelPrice);
        if (at >= 0)
        {
            if (shown[at] == displayed)
            {
                consumed[at] += qty;
            }
            else
            {
                forgotten++;
                shown[at] = displayed;
                consumed[at] = qty;
            }
            return;
        }
        if (count == instrument.length)
        {
            overflows++;
            return;
        }
        final int n = count++;
        instrument[n] = instrumentId;
        bid[n] = bidSide;
        price[n] = levelPrice;
        shown[n] = displayed;
        consumed[n] = qty;
        countMax = Math.max(countMax, count);
    }

    /** After a book event of the instrument: forgets every tracked level of it whose displayed qty changed. */
    void refresh(final int instrumentId, final BookView book)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            if (instrument[i] != instrumentId)
            {
                continue;
            }
            final BookSide side = bid[i] ? book.bids() : book.asks();
            final int rank = side.rankOf(price[i]);
            final long now = rank < 0 ? 0 : side.qty(rank);
            if (now != shown[i])
            {
                forget(i);
            }
        }
    }

    /** Consumption recorded at a level, 0 when none is tracked (for tests and reports). */
    long consumedAt(final int instrumentId, final boolean bidSide, final long levelPrice)
    {
        final int at = find(instrumentId, bidSide, levelPrice);
        return at < 0 ? 0 : consumed[at];
    }

    int capacity()
    {
        return instrument.length;
    }

    int countMax()
    {
        return countMax;
    }

    long consumptions()
    {
        return consumptions;
    }

    long forgotten()
    {
        return forgotten;
    }

    long overflows()
    {
        return overflows;
    }

    private int find(final int instrumentId, final boolean bidSide, final long levelPrice)
    {
        for (int i = 0; i < count; i++)
        {
            if (price[i] == levelPrice && instrument[i] == instrumentId && bid[i] == bidSide)
            {
                return i;
            }
        }
        return -1;
    }

    /** Removes slot {@code at} by moving the last slot into it. */
    private void forget(final int at)
    {
        forgotten++;
        final int last = --count;
        instrument[at] = instrument[last];
        bid[at] = bid[last];
        price[at] = price[last];
        shown[at] = shown[last];
        consumed[at] = consumed[last];
    }
}
