package dev.trader.bench;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Instrument;
import dev.trader.engine.Venue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A precomputed, seeded tape of book and trade events for one synthetic BTCUSDT-like instrument (tick 0.1, lot 0.001):
 * a 100-level snapshot, then depth updates (1 to 3 level changes each, mostly in the top 20: size changes,
 * deletions, new levels, the best price improving when the spread allows) and trades at the touch (about 30 % of the
 * events), 20 ms apart. The last event is a depth update that puts the book back to the snapshot's levels, so the
 * tape can cycle: after an event is fed, {@link #advance(int)} moves its timestamps, and a depth update's ids, one tape
 * span forward in place, and later cycles start after the snapshot ({@link #next(int)}). The book stays trusted and
 * uncrossed forever; bars (1 s, 1 m) keep closing.
 */
final class BookTape
{
    static final Instrument INSTRUMENT = new Instrument(100, Venue.SYNTHETIC, "BTCUSDT", "0.10", "0.001", -1, -3, -4);
    static final int DEFAULT_EVENTS = 1 << 16;

    private static final long T0 = 1_700_000_040L * 1_000_000_000L;
    private static final long STEP_NS = 20_000_000L;
    private static final long FIRST_ID = 1000;
    private static final int EXCHANGE_TS = Events.HEADER_LENGTH + Events.EXCHANGE_TS_OFFSET;
    private static final int RECEIVE_TS = Events.HEADER_LENGTH + Events.RECEIVE_TS_OFFSET;
    private static final int FIRST_UPDATE_ID = Events.HEADER_LENGTH + DepthUpdateDecoder.firstUpdateIdEncodingOffset();
    private static final int LAST_UPDATE_ID = Events.HEADER_LENGTH + DepthUpdateDecoder.lastUpdateIdEncodingOffset();
    private static final int PREV_UPDATE_ID = Events.HEADER_LENGTH + DepthUpdateDecoder.prevUpdateIdEncodingOffset();

    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final boolean[] isUpdate;
    private final long spanNs;
    private final long idSpan;

    private BookTape(final UnsafeBuffer buffer, final int[] offsets, final int[] lengths, final boolean[] isUpdate, final long idSpan)
    {
        this.buffer = buffer;
        this.offsets = offsets;
        this.lengths = lengths;
        this.isUpdate = isUpdate;
        this.spanNs = (offsets.length - 1) * STEP_NS;
        this.idSpan = idSpan;
    }

    static BookTape generate(final int events, final long seed)
    {
        final Random random = new Random(seed);
        final TreeMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        for (int k = 0; k < 100; k++)
        {
            bids.put(599_999L - k, 1L + random.nextInt(5000));
            asks.put(600_001L + k, 1L + random.nextInt(5000));
        }
        final Map<Long, Long> initialBids = new TreeMap<>(bids);
        final Map<Long, Long> initialAsks = new TreeMap<>(asks);

        final UnsafeBuffer out = new UnsafeBuffer(new byte[events * 128 + 64 * 1024]);
        final int[] offsets = new int[events];
        final int[] lengths = new int[events];
        final boolean[] isUpdate = new boolean[events];
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        int position = 0;
        long updates = 0;

        // 0: the snapshot
        final DepthSnapshotEncoder snapshot = new DepthSnapshotEncoder().wrapAndApplyHeader(out, position, header)
            .exchangeTsNs(T0).receiveTsNs(T0).instrumentId(INSTRUMENT.id()).lastUpdateId(FIRST_ID + 1)
            .checksum(0).hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder sb = snapshot.bidsCount(bids.size());
        bids.forEach((p, q) -> sb.next().price(p).qty(q).priceDecimals((byte)1).qtyDecimals((byte)3));
        final DepthSnapshotEncoder.AsksEncoder sa = snapshot.asksCount(asks.size());
        asks.forEach((p, q) -> sa.next().price(p).qty(q).priceDecimals((byte)1).qtyDecimals((byte)3));
        lengths[0] = MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength();
        position += lengths[0];

        final TradeEncoder trade = new TradeEncoder();
        final DepthUpdateEncoder update = new DepthUpdateEncoder();
        for (int i = 1; i < events; i++)
        {
            final long ts = T0 + i * STEP_NS;
            offsets[i] = position;
            final List<long[]> bidChanges = new ArrayList<>();
            final List<long[]> askChanges = new ArrayList<>();
            if (i == events - 1)
            {
                restore(bids, initialBids, bidChanges);
                restore(asks, initialAsks, askChanges);
            }
            else if (random.nextInt(10) < 3)
            {
                final boolean buy = random.nextBoolean();
                trade.wrapAndApplyHeader(out, position, header)
                    .exchangeTsNs(ts).receiveTsNs(ts).instrumentId(INSTRUMENT.id()).tradeId(i)
                    .price(buy ? asks.firstKey() : bids.firstKey()).qty(1 + random.nextInt(2000))
                    .aggressor(buy ? Side.BUY : Side.SELL).tradeType(TradeType.TRADE).firstTradeId(i).lastTradeId(i);
                lengths[i] = MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();
                position += lengths[i];
                continue;
            }
            else
            {
                final int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++)
                {
                    final boolean bid = random.nextBoolean();
                    change(random, bid ? bids : asks, bid ? asks : bids, bid, bid ? bidChanges : askChanges);
                }
            }
            updates++;
            isUpdate[i] = true;
            update.wrapAndApplyHeader(out, position, header)
                .exchangeTsNs(ts).receiveTsNs(ts).instrumentId(INSTRUMENT.id())
                .firstUpdateId(FIRST_ID + updates).lastUpdateId(FIRST_ID + updates).prevUpdateId(FIRST_ID + updates - 1)
                .checksum(0).hasChecksum(BooleanType.F);
            final DepthUpdateEncoder.BidsEncoder ub = update.bidsCount(bidChanges.size());
            for (final long[] l : bidChanges)
            {
                ub.next().price(l[0]).qty(l[1]).priceDecimals((byte)1).qtyDecimals((byte)3);
            }
            final DepthUpdateEncoder.AsksEncoder ua = update.asksCount(askChanges.size());
            for (final long[] l : askChanges)
            {
                ua.next().price(l[0]).qty(l[1]).priceDecimals((byte)1).qtyDecimals((byte)3);
            }
            lengths[i] = MessageHeaderEncoder.ENCODED_LENGTH + update.encodedLength();
            position += lengths[i];
        }
        return new BookTape(out, offsets, lengths, isUpdate, updates);
    }

    /** One level change on {@code side} (best first), never crossing {@code other}. */
    private static void change(
        final Random random,
        final TreeMap<Long, Long> side,
        final TreeMap<Long, Long> other,
        final boolean bid,
        final List<long[]> changes)
    {
        final List<Long> prices = new ArrayList<>(side.keySet());
        final int rank = Math.min(prices.size() - 1, (int)Math.abs(random.nextGaussian() * 6));
        final int kind = random.nextInt(10);
        final long best = side.firstKey();
        final long otherBest = other.firstKey();
        final long better = bid ? best + 1 : best - 1;
        if (kind < 2 && better != otherBest)
        {
            put(side, better, 1 + random.nextInt(3000), changes);
        }
        else if (kind < 4 && side.size() > 60)
        {
            put(side, prices.get(rank), 0, changes);
        }
        else if (kind < 5)
        {
            final long deeper = bid ? best - 1 - random.nextInt(20) : best + 1 + random.nextInt(20);
            put(side, deeper, 1 + random.nextInt(5000), changes);
        }
        else
        {
            put(side, prices.get(rank), 1 + random.nextInt(5000), changes);
        }
    }

    private static void put(final TreeMap<Long, Long> side, final long price, final long qty, final List<long[]> changes)
    {
        if (qty == 0)
        {
            side.remove(price);
        }
        else
        {
            side.put(price, qty);
        }
        changes.removeIf(l -> l[0] == price);
        changes.add(new long[]{price, qty});
    }

    /** The changes that put {@code side} back to {@code initial}. */
    private static void restore(final TreeMap<Long, Long> side, final Map<Long, Long> initial, final List<long[]> changes)
    {
        for (final Long price : new ArrayList<>(side.keySet()))
        {
            if (!initial.containsKey(price))
            {
                changes.add(new long[]{price, 0});
            }
        }
        initial.forEach((price, qty) ->
        {
            if (!qty.equals(side.get(price)))
            {
                changes.add(new long[]{price, qty});
            }
        });
        side.clear();
        side.putAll(initial);
    }

    int size()
    {
        return offsets.length;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int offset(final int i)
    {
        return offsets[i];
    }

    int length(final int i)
    {
        return lengths[i];
    }

    /** The event after {@code i}: the snapshot is only the first cycle's. */
    int next(final int i)
    {
        return i + 1 < offsets.length ? i + 1 : 1;
    }

    /** Moves event {@code i} one tape span forward in time (and, for a depth update, in update ids). */
    void advance(final int i)
    {
        final int o = offsets[i];
        shift(o + EXCHANGE_TS, spanNs);
        shift(o + RECEIVE_TS, spanNs);
        if (isUpdate[i])
        {
            shift(o + FIRST_UPDATE_ID, idSpan);
            shift(o + LAST_UPDATE_ID, idSpan);
            shift(o + PREV_UPDATE_ID, idSpan);
        }
    }

    private void shift(final int index, final long delta)
    {
        buffer.putLong(index, buffer.getLong(index, ByteOrder.LITTLE_ENDIAN) + delta, ByteOrder.LITTLE_ENDIAN);
    }
}
