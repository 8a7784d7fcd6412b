package dev.trader.engine.book;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes depth events for tests the way an adapter would: prices and sizes given as the venue's strings, parsed to
 * mantissas at the instrument's exponents, with their fraction digits counted from the text.
 */
final class BookEvents
{
    private final Instrument instrument;
    private long exchangeTsNs = 1_700_000_000_000_000_000L;

    BookEvents(final Instrument instrument)
    {
        this.instrument = instrument;
    }

    /** Fraction digits of a decimal string as written: "41006.8" -> 1, "415" -> 0, "0.10" -> 2. */
    static int decimalsOf(final String text)
    {
        final int point = text.indexOf('.');
        return point < 0 ? 0 : text.length() - point - 1;
    }

    long mantissa(final String text, final int exponent)
    {
        final long m = Decimals.parse(text, exponent);
        if (!Decimals.isValid(m))
        {
            throw new IllegalArgumentException("'" + text + "' does not fit exponent " + exponent);
        }
        return m;
    }

    long price(final String text)
    {
        return mantissa(text, instrument.priceExponent());
    }

    long qty(final String text)
    {
        return mantissa(text, instrument.qtyExponent());
    }

    /** A DepthUpdate with firstUpdateId U, lastUpdateId u and prevUpdateId pu (-1: none). */
    Depth update(final long firstId, final long lastId, final long prevId)
    {
        return new Depth(false, firstId, lastId, prevId);
    }

    /** A DepthSnapshot with lastUpdateId L. */
    Depth snapshot(final long lastUpdateId)
    {
        return new Depth(true, -1, lastUpdateId, -1);
    }

    EventView bbo(final long updateId, final String bidPrice, final String askPrice)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final BestBidOfferEncoder e = new BestBidOfferEncoder();
        e.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(++exchangeTsNs)
            .receiveTsNs(exchangeTsNs + 1000)
            .instrumentId(instrument.id())
            .updateId(updateId)
            .bidPrice(price(bidPrice))
            .bidQty(qty("1"))
            .askPrice(price(askPrice))
            .askQty(qty("1"));
        return new EventView().wrap(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    final class Depth
    {
        private final boolean isSnapshot;
        private final long firstId;
        private final long lastId;
        private final long prevId;
        private final List<String[]> bids = new ArrayList<>();
        private final List<String[]> asks = new ArrayList<>();
        private boolean hasChecksum;
        private int checksum;
        private int instrumentId = instrument.id();

        private Depth(final boolean isSnapshot, final long firstId, final long lastId, final long prevId)
        {
            this.isSnapshot = isSnapshot;
            this.firstId = firstId;
            this.lastId = lastId;
            this.prevId = prevId;
        }

        Depth bid(final String price, final String qty)
        {
            bids.add(new String[]{price, qty});
            return this;
        }

        Depth ask(final String price, final String qty)
        {
            asks.add(new String[]{price, qty});
            return this;
        }

        Depth checksum(final int value)
        {
            hasChecksum = true;
            checksum = value;
            return this;
        }

        Depth instrumentId(final int id)
        {
            instrumentId = id;
            return this;
        }

        EventView view()
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 + 24 * (bids.size() + asks.size()) + 128]);
            final MessageHeaderEncoder header = new MessageHeaderEncoder();
            final long ts = ++exchangeTsNs;
            final int length;
            if (isSnapshot)
            {
                final DepthSnapshotEncoder e = new DepthSnapshotEncoder();
                e.wrapAndApplyHeader(buffer, 0, header)
                    .exchangeTsNs(ts)
                    .receiveTsNs(ts + 1000)
                    .instrumentId(instrumentId)
                    .lastUpdateId(lastId)
                    .checksum(checksum)
                    .hasChecksum(hasChecksum ? BooleanType.T : BooleanType.F);
                final DepthSnapshotEncoder.BidsEncoder b = e.bidsCount(bids.size());
                for (final String[] l : bids)
                {
                    b.next().price(price(l[0])).qty(qty(l[1]))
                        .priceDecimals((byte)decimalsOf(l[0])).qtyDecimals((byte)decimalsOf(l[1]));
                }
                final DepthSnapshotEncoder.AsksEncoder a = e.asksCount(asks.size());
                for (final String[] l : asks)
                {
                    a.next().price(price(l[0])).qty(qty(l[1]))
                        .priceDecimals((byte)decimalsOf(l[0])).qtyDecimals((byte)decimalsOf(l[1]));
                }
                length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            else
            {
                final DepthUpdateEncoder e = new DepthUpdateEncoder();
                e.wrapAndApplyHeader(buffer, 0, header)
                    .exchangeTsNs(ts)
                    .receiveTsNs(ts + 1000)
                    .instrumentId(instrumentId)
                    .firstUpdateId(firstId)
                    .lastUpdateId(lastId)
                    .prevUpdateId(prevId)
                    .checksum(checksum)
                    .hasChecksum(hasChecksum ? BooleanType.T : BooleanType.F);
                final DepthUpdateEncoder.BidsEncoder b = e.bidsCount(bids.size());
                for (final String[] l : bids)
                {
                    b.next().price(price(l[0])).qty(qty(l[1]))
                        .priceDecimals((byte)decimalsOf(l[0])).qtyDecimals((byte)decimalsOf(l[1]));
                }
                final DepthUpdateEncoder.AsksEncoder a = e.asksCount(asks.size());
                for (final String[] l : asks)
                {
                    a.next().price(price(l[0])).qty(qty(l[1]))
                        .priceDecimals((byte)decimalsOf(l[0])).qtyDecimals((byte)decimalsOf(l[1]));
                }
                length = MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            return new EventView().wrap(buffer, 0, length);
        }
    }
}
