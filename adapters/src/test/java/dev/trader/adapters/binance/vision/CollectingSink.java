package dev.trader.adapters.binance.vision;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test sink: checks every frame is a valid event, keeps a copy of its bytes and decodes it into a record. */
final class CollectingSink implements EventSink
{
    record KlineEvent(
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
        long tradeCount,
        long takerBuyVolume,
        long takerBuyQuoteVolume,
        boolean closed)
    {
    }

    record TradeEvent(
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

    record BboEvent(
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

    record RejectEvent(
        long exchangeTsNs,
        int instrumentId,
        String source,
        RejectReason reason,
        long reference,
        String detail,
        String raw)
    {
    }

    private final EventValidator validator = new EventValidator();
    private final KlineDecoder kline = new KlineDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
    private final InputRejectDecoder reject = new InputRejectDecoder();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<Object> events = new ArrayList<>();

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (!validator.isValid(buffer, offset, length))
        {
            throw new AssertionError("invalid event frame: " + validator.lastError());
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(copy);
        final UnsafeBuffer b = new UnsafeBuffer(copy);
        final int body = Events.HEADER_LENGTH;
        final int blockLength = Events.blockLength(b, 0);
        final int version = Events.version(b, 0);
        final EventType type = EventType.ofTemplateId(Events.templateId(b, 0));
        switch (type)
        {
            case KLINE:
                kline.wrap(b, body, blockLength, version);
                events.add(new KlineEvent(kline.exchangeTsNs(), kline.receiveTsNs(), kline.instrumentId(), kline.intervalNs(),
                    kline.openTimeNs(), kline.closeTimeNs(), kline.open(), kline.high(), kline.low(), kline.close(),
                    kline.volume(), kline.quoteVolume(), kline.tradeCount(), kline.takerBuyVolume(), kline.takerBuyQuoteVolume(),
                    kline.closed() == BooleanType.T));
                break;
            case TRADE:
                trade.wrap(b, body, blockLength, version);
                events.add(new TradeEvent(trade.exchangeTsNs(), trade.receiveTsNs(), trade.instrumentId(), trade.tradeId(),
                    trade.price(), trade.qty(), trade.aggressor(), trade.tradeType(), trade.firstTradeId(), trade.lastTradeId()));
                break;
            case BEST_BID_OFFER:
                bbo.wrap(b, body, blockLength, version);
                events.add(new BboEvent(bbo.exchangeTsNs(), bbo.receiveTsNs(), bbo.instrumentId(), bbo.updateId(), bbo.bidPrice(),
                    bbo.bidQty(), bbo.askPrice(), bbo.askQty()));
                break;
            case INPUT_REJECT:
                reject.wrap(b, body, blockLength, version);
                final long ts = reject.exchangeTsNs();
                final int instrumentId = reject.instrumentId();
                final String source = reject.source().trim();
                final RejectReason reason = reject.reason();
                final long reference = reject.reference();
                final String detail = reject.detail();
                final byte[] raw = new byte[reject.rawLength()];
                reject.getRaw(raw, 0, raw.length);
                events.add(new RejectEvent(ts, instrumentId, source, reason, reference, detail,
                    new String(raw, StandardCharsets.UTF_8)));
                break;
            default:
                throw new AssertionError("unexpected event type " + type);
        }
    }

    List<Object> events()
    {
        return events;
    }

    List<byte[]> frames()
    {
        return frames;
    }

    <T> List<T> ofType(final Class<T> type)
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

    List<KlineEvent> klines()
    {
        return ofType(KlineEvent.class);
    }

    List<TradeEvent> trades()
    {
        return ofType(TradeEvent.class);
    }

    List<BboEvent> bbos()
    {
        return ofType(BboEvent.class);
    }

    List<RejectEvent> rejects()
    {
        return ofType(RejectEvent.class);
    }
}
