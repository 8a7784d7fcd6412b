package dev.trader.engine.book;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class L2BookTest
{
    @Test
    void shouldKeepBidsDescendingAndAsksAscendingWithBestFirst()
    {
        final L2Book book = new L2Book(10);
        book.setBid(100, 5, 0, 0);
        book.setBid(102, 1, 0, 0);
        book.setBid(101, 2, 0, 0);
        book.setAsk(105, 7, 0, 0);
        book.setAsk(103, 3, 0, 0);
        book.setAsk(104, 4, 0, 0);

        assertEquals(3, book.bids().depth());
        assertEquals(102, book.bids().price(0));
        assertEquals(101, book.bids().price(1));
        assertEquals(100, book.bids().price(2));
        assertEquals(103, book.asks().price(0));
        assertEquals(105, book.asks().price(2));
        assertEquals(102, book.bestBidPrice());
        assertEquals(1, book.bestBidQty());
        assertEquals(103, book.bestAskPrice());
        assertEquals(3, book.bestAskQty());
        assertEquals(1, book.bids().rankOf(101));
        assertEquals(-1, book.bids().rankOf(99));
        assertFalse(book.isCrossed());
        assertThrows(IndexOutOfBoundsException.class, () -> book.bids().price(3));
    }

    @Test
    void shouldReplaceQuantityAndDeleteOnZero()
    {
        final L2Book book = new L2Book(10);
        book.setBid(100, 5, 1, 2);
        book.setBid(100, 9, 3, 4);
        assertEquals(1, book.bids().depth());
        assertEquals(9, book.bids().qty(0));
        assertEquals(3, book.bids().priceDecimals(0));
        assertEquals(4, book.bids().qtyDecimals(0));

        book.setBid(99, 0, 0, 0);
        assertEquals(1, book.bids().depth(), "deleting a level that is not there changes nothing");
        book.setBid(100, 0, 0, 0);
        assertEquals(0, book.bids().depth());
        assertEquals(BookSide.NO_PRICE, book.bestBidPrice());
        assertEquals(0, book.bestBidQty());
    }

    @Test
    void shouldDetectACrossedBook()
    {
        final L2Book book = new L2Book(10);
        book.setBid(100, 1, 0, 0);
        assertFalse(book.isCrossed(), "one side only");
        book.setAsk(101, 1, 0, 0);
        assertFalse(book.isCrossed());
        book.setBid(101, 1, 0, 0);
        assertTrue(book.isCrossed(), "bid == ask");
    }

    @Test
    void shouldDropTheDeepestLevelWhenFull()
    {
        final L2Book book = new L2Book(3);
        book.setBid(100, 1, 0, 0);
        book.setBid(99, 1, 0, 0);
        book.setBid(98, 1, 0, 0);

        book.setBid(97, 1, 0, 0);
        assertEquals(1, book.levelsDroppedAtCapacity(), "a new deepest level is the one dropped");
        assertEquals(98, book.bids().price(2));

        book.setBid(101, 1, 0, 0);
        assertEquals(2, book.levelsDroppedAtCapacity());
        assertEquals(3, book.bids().depth());
        assertEquals(101, book.bids().price(0));
        assertEquals(100, book.bids().price(1));
        assertEquals(99, book.bids().price(2));

        book.setAsk(10, 1, 0, 0);
        book.setAsk(11, 1, 0, 0);
        book.setAsk(12, 1, 0, 0);
        book.setAsk(9, 1, 0, 0);
        assertEquals(3, book.levelsDroppedAtCapacity());
        assertEquals(9, book.asks().price(0));
        assertEquals(11, book.asks().price(2));
    }

    @Test
    void shouldMatchASortedMapUnderRandomUpdates()
    {
        final SplittableRandom rng = new SplittableRandom(11);
        final L2Book book = new L2Book(10_000);
        final TreeMap<Long, Long> bids = new TreeMap<>();
        final TreeMap<Long, Long> asks = new TreeMap<>();
        for (int i = 0; i < 100_000; i++)
        {
            final boolean bid = rng.nextBoolean();
            final long price = bid ? rng.nextLong(1, 500) : rng.nextLong(500, 1000);
            final long qty = rng.nextInt(3) == 0 ? 0 : rng.nextLong(1, 100);
            if (bid)
            {
                book.setBid(price, qty, 0, 0);
                if (qty == 0)
                {
                    bids.remove(price);
                }
                else
                {
                    bids.put(price, qty);
                }
            }
            else
            {
                book.setAsk(price, qty, 0, 0);
                if (qty == 0)
                {
                    asks.remove(price);
                }
                else
                {
                    asks.put(price, qty);
                }
            }
        }
        assertEquals(bids.size(), book.bids().depth());
        assertEquals(asks.size(), book.asks().depth());
        int i = 0;
        for (final var e : bids.descendingMap().entrySet())
        {
            assertEquals(e.getKey(), book.bids().price(i));
            assertEquals(e.getValue(), book.bids().qty(i));
            i++;
        }
        i = 0;
        for (final var e : asks.entrySet())
        {
            assertEquals(e.getKey(), book.asks().price(i));
            assertEquals(e.getValue(), book.asks().qty(i));
            i++;
        }
    }

    @Test
    void shouldLoadASortedSnapshotWithoutShifting()
    {
        final L2Book book = new L2Book(3);
        book.bids().beginSortedLoad(4);
        book.bids().putSorted(0, 100, 1, 0, 0);
        book.bids().putSorted(1, 99, 2, 0, 0);
        book.bids().putSorted(2, 98, 3, 0, 0);
        book.bids().putSorted(3, 97, 4, 0, 0);
        assertEquals(3, book.bids().depth());
        assertEquals(1, book.levelsDroppedAtCapacity());
        assertEquals(100, book.bestBidPrice());
        assertEquals(98, book.bids().price(2));
        book.setBid(99, 0, 0, 0);
        assertEquals(98, book.bids().price(1));
    }

    @Test
    @Tag("allocation") // measured by the JVM: not run under the mutation profile's coverage agent
    void shouldNotAllocateWhenApplyingLevelsOrComputingTheChecksum()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final L2Book book = new L2Book(5000);
        final OkxChecksum checksum = new OkxChecksum();
        final long[] prices = new long[4096];
        final SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < prices.length; i++)
        {
            prices[i] = rng.nextLong(1, 2000);
        }
        int sink = 0;
        for (int round = 0; round < 3; round++)
        {
            // round 0 and 1 warm up (JIT, lazily initialised JDK internals); round 2 is measured
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++)
            {
                final long p = prices[i & (prices.length - 1)];
                if (p < 1000)
                {
                    book.setBid(p, (i % 5) * 7, 1, 3);
                }
                else
                {
                    book.setAsk(p, (i % 5) * 7, 1, 3);
                }
                if ((i & 63) == 0)
                {
                    sink += checksum.compute(book, -1, -3);
                }
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2)
            {
                assertEquals(0, allocated, "bytes allocated by 200,000 level updates and 3,125 checksums");
            }
        }
        assertTrue(sink != 1);
    }
}
