package dev.trader.engine.book;

import dev.trader.codecs.sbe.BookState;
import dev.trader.engine.Instrument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only view of one instrument's book as {@link OrderBookStage} keeps it: levels, trust state, update id and
 * the best bid/offer cross-check. Read it on the engine thread (or after the run): the stage changes the book in
 * place.
 */
public final class BookView
{
    private final InstrumentBook book;

    BookView(final InstrumentBook book)
    {
        this.book = book;
    }

    /** The instrument whose book this is (its exponents give the mantissas their scale). */
    public Instrument instrument()
    {
        return book.instrument;
    }

    /** SYNCING before the first bridge or snapshot, TRUSTED while in step, UNTRUSTED after a detected fault. */
    public BookState state()
    {
        return book.state;
    }

    /** True when the book follows the venue's stream without a known gap, checksum mismatch or crossing. */
    public boolean isTrusted()
    {
        return book.state == BookState.TRUSTED;
    }

    /** The book's update id (snapshot lastUpdateId, then each applied diff's); -1 before any snapshot. */
    public long lastUpdateId()
    {
        return book.lastUpdateId;
    }

    /** Bids, best (highest) first. */
    public BookSide bids()
    {
        return book.book.bids();
    }

    /** Asks, best (lowest) first. */
    public BookSide asks()
    {
        return book.book.asks();
    }

    /** Best bid price mantissa, or {@link BookSide#NO_PRICE}. */
    public long bestBidPrice()
    {
        return book.book.bestBidPrice();
    }

    /** Quantity at the best bid, or 0. */
    public long bestBidQty()
    {
        return book.book.bestBidQty();
    }

    /** Best ask price mantissa, or {@link BookSide#NO_PRICE}. */
    public long bestAskPrice()
    {
        return book.book.bestAskPrice();
    }

    /** Quantity at the best ask, or 0. */
    public long bestAskQty()
    {
        return book.book.bestAskQty();
    }

    /** True when the best bid is at or above the best ask. */
    public boolean isCrossed()
    {
        return book.book.isCrossed();
    }

    /** Levels this book dropped because a side was full. */
    public long levelsDroppedAtCapacity()
    {
        return book.book.levelsDroppedAtCapacity();
    }

    /** Best bid/offer events compared with this book (trusted, and not older than the book). */
    public long bboChecks()
    {
        return book.bboChecks;
    }

    /** Compared best bid/offer events whose bid or ask price differed from the book's. */
    public long bboMismatches()
    {
        return book.bboMismatches;
    }

    /** Whether the last compared best bid/offer had the book's best bid and ask prices. */
    public boolean lastBboMatched()
    {
        return book.lastBboMatched;
    }

    /** The price of level {@code i} (0 = best) of a side, written as the venue wrote it. */
    public String priceText(final BookSide side, final int i)
    {
        return DecimalText.toString(side.price(i), book.instrument.priceExponent(), side.priceDecimals(i));
    }

    /** The quantity of level {@code i} (0 = best) of a side, written as the venue wrote it. */
    public String qtyText(final BookSide side, final int i)
    {
        return DecimalText.toString(side.qty(i), book.instrument.qtyExponent(), side.qtyDecimals(i));
    }

    /** Up to {@code depth} levels of a side, best first, each {@code [price, qty]} as the venue wrote them. */
    public List<List<String>> levels(final BookSide side, final int depth)
    {
        final int n = Math.min(depth, side.depth());
        final List<List<String>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            out.add(List.of(priceText(side, i), qtyText(side, i)));
        }
        return out;
    }

    /**
     * The book as a JSON-ready structure (allocates; for {@code trader book} and reports):
     * {@code {"symbol":S,"trusted":true,"lastUpdateId":N,"bids":[["price","qty"],...],"asks":[...]}}.
     */
    public Map<String, Object> toJson(final int depth)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("symbol", book.instrument.symbol());
        m.put("trusted", isTrusted());
        m.put("lastUpdateId", book.lastUpdateId);
        m.put("bids", levels(bids(), depth));
        m.put("asks", levels(asks(), depth));
        return m;
    }
}
