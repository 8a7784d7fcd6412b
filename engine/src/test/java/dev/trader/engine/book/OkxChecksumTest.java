package dev.trader.engine.book;

import dev.trader.codecs.Decimals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OkxChecksumTest
{
    private static void set(final L2Book book, final boolean bid, final String price, final String qty)
    {
        final long p = Decimals.parse(price, -1);
        final long q = Decimals.parse(qty, 0);
        if (bid)
        {
            book.setBid(p, q, BookEvents.decimalsOf(price), 0);
        }
        else
        {
            book.setAsk(p, q, BookEvents.decimalsOf(price), 0);
        }
    }

    @Test
    void shouldInterleaveBidsAndAsksAsInTheOkxDocumentation()
    {
        // OKX API v5, order book channel, "Calculate Checksum", example 1 (prices at exponent -1)
        final L2Book book = new L2Book(100);
        set(book, true, "3366.1", "7");
        set(book, true, "3366", "6");
        set(book, false, "3366.8", "9");
        set(book, false, "3368", "8");
        final OkxChecksum checksum = new OkxChecksum();
        assertEquals(-1881014294, checksum.compute(book, -1, 0));
        assertEquals("3366.1:7:3366.8:9:3366:6:3368:8", checksum.lastText());
    }

    @Test
    void shouldContinueTheLongerSideAloneWhenTheOtherHasFewerLevels()
    {
        // example 2: one bid, three asks
        final L2Book book = new L2Book(100);
        set(book, true, "3366.1", "7");
        set(book, false, "3366.8", "9");
        set(book, false, "3368", "8");
        set(book, false, "3372", "8");
        final OkxChecksum checksum = new OkxChecksum();
        assertEquals(831078360, checksum.compute(book, -1, 0));
        assertEquals("3366.1:7:3366.8:9:3368:8:3372:8", checksum.lastText());
    }

    @Test
    void shouldUseOnlyTheTop25LevelsPerSide()
    {
        final L2Book book = new L2Book(100);
        for (int i = 0; i < 30; i++)
        {
            book.setBid(1000 - i, 1, 0, 0);
            book.setAsk(2000 + i, 1, 0, 0);
        }
        final OkxChecksum checksum = new OkxChecksum();
        final int before = checksum.compute(book, 0, 0);
        book.setBid(1000 - 29, 5, 0, 0);
        book.setAsk(2000 + 25, 5, 0, 0);
        assertEquals(before, checksum.compute(book, 0, 0), "levels 26 and deeper do not count");
        book.setAsk(2000 + 24, 5, 0, 0);
        assertEquals(false, before == checksum.compute(book, 0, 0), "level 25 does");
        assertEquals(25 * 2 * 2 - 1, checksum.lastText().chars().filter(c -> c == ':').count());
    }
}
