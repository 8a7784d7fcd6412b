package dev.trader.engine.book;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BookSide} paths that the book-level tests leave loose: every level keeps its own quantity and decimals. */
class BookSideTest
{
    /**
     * A full side taking a better level drops the deepest one and shifts the levels between it and the new one down
     * by one slot: prices, quantities and decimals all move together. Kills the mutants that remove the quantity,
     * price-decimals or quantity-decimals shift ({@code System.arraycopy} calls in {@code set}, full branch), under
     * which each shifted level reports its neighbour's quantity (the older tests used quantity 1 everywhere).
     */
    @Test
    void shouldShiftQuantitiesAndDecimalsWithPricesWhenAFullSideTakesABetterLevel()
    {
        final L2Book book = new L2Book(4);
        book.setBid(100, 10, 1, 4);
        book.setBid(101, 20, 2, 5);
        book.setBid(102, 30, 3, 6);
        book.setBid(105, 50, 4, 8);
        // storage (deepest first): 100/10, 101/20, 102/30, 105/50: full
        book.setBid(104, 45, 5, 9);
        // 100 dropped; 101 and 102 shift down one slot; 104 placed below 105
        final BookSide bids = book.bids();
        assertEquals(4, bids.depth());
        assertEquals(1, bids.levelsDropped());
        final long[][] expected = {
            {105, 50, 4, 8},
            {104, 45, 5, 9},
            {102, 30, 3, 6},
            {101, 20, 2, 5},
        };
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i][0], bids.price(i), "price of level " + i);
            assertEquals(expected[i][1], bids.qty(i), "qty of level " + i);
            assertEquals(expected[i][2], bids.priceDecimals(i), "price decimals of level " + i);
            assertEquals(expected[i][3], bids.qtyDecimals(i), "qty decimals of level " + i);
        }
    }

    /**
     * The same on the ask side, where the new level becomes the best: every held level but the deepest shifts.
     */
    @Test
    void shouldShiftEveryLevelWhenAFullAskSideTakesANewBest()
    {
        final L2Book book = new L2Book(3);
        book.setAsk(12, 3, 1, 1);
        book.setAsk(11, 2, 2, 2);
        book.setAsk(10, 1, 3, 3);
        book.setAsk(9, 7, 4, 4);
        final BookSide asks = book.asks();
        assertEquals(9, asks.price(0));
        assertEquals(7, asks.qty(0));
        assertEquals(10, asks.price(1));
        assertEquals(1, asks.qty(1));
        assertEquals(3, asks.priceDecimals(1));
        assertEquals(11, asks.price(2));
        assertEquals(2, asks.qty(2));
        assertEquals(2, asks.qtyDecimals(2));
        assertEquals(1, book.levelsDroppedAtCapacity());
    }

    /** A one-level side works; its sides know which they are; reading past the depth names the level. */
    @Test
    void shouldHoldOneLevelAndNameTheLevelReadPastTheDepth()
    {
        final L2Book book = new L2Book(1);
        assertEquals(1, book.maxLevels());
        assertEquals(1, book.bids().capacity());
        assertTrue(book.bids().isBid());
        assertFalse(book.asks().isBid());
        book.setBid(100, 5, 0, 0);
        book.setBid(101, 6, 0, 0);
        assertEquals(101, book.bestBidPrice());
        assertEquals(6, book.bestBidQty());
        final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> book.bids().qty(1));
        assertEquals("level 1 of 1", e.getMessage());
        assertEquals("book side capacity must be >= 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> new L2Book(0)).getMessage());
    }

    /**
     * A best-first listing is strictly descending for bids and strictly ascending for asks; equal prices never are.
     * Kills the five {@code isBetterFirst} mutants (negated side test, negated and boundary-shifted comparisons).
     */
    @Test
    void shouldAcceptOnlyStrictlyBetterFirstOrder()
    {
        final L2Book book = new L2Book(2);
        assertTrue(book.bids().isBetterFirst(101, 100));
        assertFalse(book.bids().isBetterFirst(100, 100));
        assertFalse(book.bids().isBetterFirst(100, 101));
        assertTrue(book.asks().isBetterFirst(100, 101));
        assertFalse(book.asks().isBetterFirst(100, 100));
        assertFalse(book.asks().isBetterFirst(101, 100));
    }
}
