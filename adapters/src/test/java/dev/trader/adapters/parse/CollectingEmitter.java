package dev.trader.adapters.parse;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Emitter;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test {@link Emitter}: claim/commit into a byte[]-backed buffer; every committed frame is checked to be one valid
 * event of the schema, then decoded into a record.
 */
public final class CollectingEmitter implements Emitter
{
    public record Level(long price, long qty, int priceDecimals, int qtyDecimals)
    {
    }

    /** DepthSnapshot ({@code snapshot}: first = last update id, prev = -1) or DepthUpdate. */
    public record Depth(
        boolean snapshot,
        long exchangeTsNs,
        long receiveTsNs,
        int instrumentId,
        long firstUpdateId,
        long lastUpdateId,
        long prevUpdateId,
        int checksum,
        boolean hasChecksum,
        List<Level> bids,
        List<Level> asks)
    {
    }

    public record TradeEvent(
        long exchangeTsNs,
        long receiveTsNs,
        int instrumentId,
        long tradeId,
        long price,
        long qty,
        Side aggressor,
        TradeType tradeType,
        long firstTradeId,
        long lastTradeId)
    {
    }

    public record Bbo(
        long exchangeTsNs,
        long receiveTsNs,
        int instrumentId,
        long updateId,
        long bidPrice,
        long bidQty,
        long askPrice,
        long askQty)
    {
    }

    public record Mark(
        long exchangeTsNs,
        long receiveTsNs,
        int instrumentId,
        long markPrice,
        long indexPrice,
        long fundingRateMantissa,
        int fundingRateExponent,
        long nextFundingTimeNs)
    {
    }

    public record KlineEvent(
        long exchangeTsNs,
        long receiveTsNs,
        int instrumentId,
        long intervalNs,
        long openTimeNs,
        long closeTimeNs,
        long open,
        long high,
        long low,
        long close,
        long volume,
        long quoteVolume,
        boolean closed)
    {
    }

    public record Reject(
        long receiveTsNs,
        int instrumentId,
        String source,
        RejectReason reason,
        long reference,
        String detail,
        byte[] raw)
    {
        public String rawText()
        {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4 << 20]);
    private final EventValidator validator = new EventValidator();
    private final TradeDecoder trade = new TradeDecoder();
    private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
    private final DepthUpdateDecoder update = new DepthUpdateDecoder();
    private final DepthSnapshotDecoder snapshot = new DepthSnapshotDecoder();
    private final MarkPriceDecoder mark = new MarkPriceDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private final InputRejectDecoder reject = new InputRejectDecoder();
    private final List<Object> events = new ArrayList<>();
    private int position;
    private int claimedAt = -1;
    private int claimedMax;

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimedAt >= 0)
        {
            throw new AssertionError("claim while a claim is open");
        }
        if (position + maxLength > buffer.capacity())
        {
            position = 0;
        }
        claimedAt = position;
        claimedMax = maxLength;
        return position;
    }

    @Override
    public void commit(final int length)
    {
        if (claimedAt < 0)
        {
            throw new AssertionError("commit without claim");
        }
        if (length > claimedMax)
        {
            throw new AssertionError("committed " + length + " bytes into a claim of " + claimedMax);
        }
        final int at = claimedAt;
        claimedAt = -1;
        if (!validator.isValid(buffer, at, length))
        {
            throw new AssertionError("invalid event frame: " + validator.lastError());
        }
        decode(at);
        position = at + length;
    }

    private void decode(final int at)
    {
        final int body = at + Events.HEADER_LENGTH;
        final int blockLength = Events.blockLength(buffer, at);
        final int version = Events.version(buffer, at);
        final EventType type = EventType.ofTemplateId(Events.templateId(buffer, at));
        switch (type)
        {
            case TRADE:
                trade.wrap(buffer, body, blockLength, version);
                events.add(new TradeEvent(trade.exchangeTsNs(), trade.receiveTsNs(), trade.instrumentId(), trade.tradeId(),
                    trade.price(), trade.qty(), trade.aggressor(), trade.tradeType(), trade.firstTradeId(), trade.lastTradeId()));
                break;
            case BEST_BID_OFFER:
                bbo.wrap(buffer, body, blockLength, version);
                events.add(new Bbo(bbo.exchangeTsNs(), bbo.receiveTsNs(), bbo.instrumentId(), bbo.updateId(), bbo.bidPrice(),
                    bbo.bidQty(), bbo.askPrice(), bbo.askQty()));
                break;
            case DEPTH_UPDATE:
            {
                update.wrap(buffer, body, blockLength, version);
                final long ex = update.exchangeTsNs();
                final long rx = update.receiveTsNs();
                final int id = update.instrumentId();
                final long first = update.firstUpdateId();
                final long last = update.lastUpdateId();
                final long prev = update.prevUpdateId();
                final int checksum = update.checksum();
                final boolean has = update.hasChecksum() == BooleanType.T;
                final List<Level> bids = new ArrayList<>();
                for (final DepthUpdateDecoder.BidsDecoder b : update.bids())
                {
                    bids.add(new Level(b.price(), b.qty(), b.priceDecimals(), b.qtyDecimals()));
                }
                final List<Level> asks = new ArrayList<>();
                for (final DepthUpdateDecoder.AsksDecoder a : update.asks())
                {
                    asks.add(new Level(a.price(), a.qty(), a.priceDecimals(), a.qtyDecimals()));
                }
                events.add(new Depth(false, ex, rx, id, first, last, prev, checksum, has, bids, asks));
                break;
            }
            case DEPTH_SNAPSHOT:
            {
                snapshot.wrap(buffer, body, blockLength, version);
                final long ex = snapshot.exchangeTsNs();
                final long rx = snapshot.receiveTsNs();
                final int id = snapshot.instrumentId();
                final long last = snapshot.lastUpdateId();
                final int checksum = snapshot.checksum();
                final boolean has = snapshot.hasChecksum() == BooleanType.T;
                final List<Level> bids = new ArrayList<>();
                for (final DepthSnapshotDecoder.BidsDecoder b : snapshot.bids())
                {
                    bids.add(new Level(b.price(), b.qty(), b.priceDecimals(), b.qtyDecimals()));
                }
                final List<Level> asks = new ArrayList<>();
                for (final DepthSnapshotDecoder.AsksDecoder a : snapshot.asks())
                {
                    asks.add(new Level(a.price(), a.qty(), a.priceDecimals(), a.qtyDecimals()));
                }
                events.add(new Depth(true, ex, rx, id, last, last, -1, checksum, has, bids, asks));
                break;
            }
            case MARK_PRICE:
                mark.wrap(buffer, body, blockLength, version);
                events.add(new Mark(mark.exchangeTsNs(), mark.receiveTsNs(), mark.instrumentId(), mark.markPrice().mantissa(),
                    mark.indexPrice().mantissa(), mark.fundingRate().mantissa(), mark.fundingRate().exponent(), mark.nextFundingTimeNs()));
                break;
            case KLINE:
                kline.wrap(buffer, body, blockLength, version);
                events.add(new KlineEvent(kline.exchangeTsNs(), kline.receiveTsNs(), kline.instrumentId(), kline.intervalNs(),
                    kline.openTimeNs(), kline.closeTimeNs(), kline.open(), kline.high(), kline.low(), kline.close(),
                    kline.volume(), kline.quoteVolume(), kline.closed() == BooleanType.T));
                break;
            case INPUT_REJECT:
            {
                reject.wrap(buffer, body, blockLength, version);
                final long rx = reject.receiveTsNs();
                final int id = reject.instrumentId();
                final String source = reject.source().trim();
                final RejectReason reason = reject.reason();
                final long reference = reject.reference();
                final String detail = reject.detail();
                final byte[] raw = new byte[reject.rawLength()];
                reject.getRaw(raw, 0, raw.length);
                events.add(new Reject(rx, id, source, reason, reference, detail, raw));
                break;
            }
            default:
                throw new AssertionError("unexpected event type " + type);
        }
    }

    /** Every event so far, decoded, in order. */
    public List<Object> events()
    {
        return events;
    }

    public void clear()
    {
        events.clear();
        position = 0;
    }

    public <T> List<T> ofType(final Class<T> type)
    {
        final List<T> result = new ArrayList<>();
        for (final Object e : events)
        {
            if (type.isInstance(e))
            {
                result.add(type.cast(e));
            }
        }
        return result;
    }

    public List<TradeEvent> trades()
    {
        return ofType(TradeEvent.class);
    }

    public List<Bbo> bbos()
    {
        return ofType(Bbo.class);
    }

    public List<Depth> depths()
    {
        return ofType(Depth.class);
    }

    public List<Mark> marks()
    {
        return ofType(Mark.class);
    }

    public List<KlineEvent> klines()
    {
        return ofType(KlineEvent.class);
    }

    public List<Reject> rejects()
    {
        return ofType(Reject.class);
    }

    /** The only event so far, of the given type. */
    public <T> T single(final Class<T> type)
    {
        if (events.size() != 1 || !type.isInstance(events.get(0)))
        {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + ", got " + events);
        }
        return type.cast(events.get(0));
    }
}
