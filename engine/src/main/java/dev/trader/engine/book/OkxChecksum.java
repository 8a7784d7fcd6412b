package dev.trader.engine.book;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * OKX's order book checksum (OKX API v5, WebSocket order book channel, "Checksum"): the first 25 bids and asks of
 * the merged book form the string {@code bid1px:bid1sz:ask1px:ask1sz:bid2px:...}, alternating bid and ask; when
 * one side has fewer than 25 levels its missing levels are left out and the other side's continue alone. The
 * checksum is the CRC32 of that string as a signed 32-bit integer. Prices and sizes must be the strings OKX sent;
 * they are rebuilt from each level's mantissa and decimals ({@link DecimalText}).
 *
 * <p>Documentation examples: {@code "3366.1:7:3366.8:9:3366:6:3368:8"} gives -1881014294 and
 * {@code "3366.1:7:3366.8:9:3368:8:3372:8"} gives 831078360.
 *
 * <p>Reuses one byte buffer and one {@link CRC32}: no allocation per call. Not thread safe.
 */
public final class OkxChecksum
{
    /** Levels per side that enter the checksum. */
    public static final int LEVELS = 25;

    private final byte[] text = new byte[2 * LEVELS * 2 * (DecimalText.MAX_LENGTH + 1)];
    private final CRC32 crc = new CRC32();
    private int length;

    /** The checksum of {@code book}'s top 25 levels per side, prices and sizes rendered at the given exponents. */
    public int compute(final L2Book book, final int priceExponent, final int qtyExponent)
    {
        final BookSide bids = book.bids();
        final BookSide asks = book.asks();
        final int nb = Math.min(LEVELS, bids.depth());
        final int na = Math.min(LEVELS, asks.depth());
        final int n = Math.max(nb, na);
        int p = 0;
        for (int i = 0; i < n; i++)
        {
            if (i < nb)
            {
                p = level(bids, i, p, priceExponent, qtyExponent);
            }
            if (i < na)
            {
                p = level(asks, i, p, priceExponent, qtyExponent);
            }
        }
        length = p;
        crc.reset();
        crc.update(text, 0, p);
        return (int)crc.getValue();
    }

    private int level(final BookSide side, final int i, final int pos, final int priceExponent, final int qtyExponent)
    {
        int p = pos;
        if (p > 0)
        {
            text[p++] = ':';
        }
        p = DecimalText.write(text, p, side.price(i), priceExponent, side.priceDecimals(i));
        text[p++] = ':';
        return DecimalText.write(text, p, side.qty(i), qtyExponent, side.qtyDecimals(i));
    }

    /** The string the last {@link #compute} hashed (allocates: diagnostics and tests). */
    public String lastText()
    {
        return new String(text, 0, length, StandardCharsets.US_ASCII);
    }
}
