package dev.trader.adapters.binance;

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
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Emitted events decoded into records, for exact assertions. */
final class Decoded
{
    record Trade(long exchangeTsNs, long receiveTsNs, int instrumentId, long tradeId, long price, long qty, Side aggressor,
                 TradeType tradeType, long firstTradeId, long lastTradeId)
    {
    }

    record Bbo(long exchangeTsNs, long receiveTsNs, int instrumentId, long updateId, long bidPrice, long bidQty, long askPrice,
               long askQty)
    {
    }

    record Level(long price, long qty, int priceDecimals, int qtyDecimals)
    {
    }

    /** A DepthUpdate ({@code snapshot} false) or DepthSnapshot (first and prev update ids -1). */
    record Depth(boolean snapshot, long exchangeTsNs, long receiveTsNs, int instrumentId, long firstUpdateId, long lastUpdateId,
                 long prevUpdateId, List<Level> bids, List<Level> asks)
    {
    }

    record Mark(long exchangeTsNs, long receiveTsNs, int instrumentId, java.math.BigDecimal markPrice,
                java.math.BigDecimal indexPrice, java.math.BigDecimal settlePrice,
                long fundingMantissa, int fundingExponent, long nextFundingTimeNs)
    {
    }

    record Candle(long exchangeTsNs, long receiveTsNs, int instrumentId, long intervalNs, long openTimeNs, long closeTimeNs,
                  long open, long high, long low, long close, long volume, long quoteVolume, long tradeCount,
                  long takerBuyVolume, long takerBuyQuoteVolume, boolean closed)
    {
    }

    record Reject(long exchangeTsNs, long receiveTsNs, int instrumentId, String source, RejectReason reason, long reference,
                  String detail, byte[] raw)
    {
        String rawText()
        {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private Decoded()
    {
    }

    static Object decode(final byte[] bytes)
    {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        final int body = Events.HEADER_LENGTH;
        final int blockLength = Events.blockLength(b, 0);
        final int version = Events.version(b, 0);
        final int templateId = Events.templateId(b, 0);
        switch (templateId)
        {
            case TradeDecoder.TEMPLATE_ID:
            {
                final TradeDecoder d = new TradeDecoder().wrap(b, body, blockLength, version);
                return new Trade(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.tradeId(), d.price(), d.qty(), d.aggressor(),
                    d.tradeType(), d.firstTradeId(), d.lastTradeId());
            }
            case BestBidOfferDecoder.TEMPLATE_ID:
            {
                final BestBidOfferDecoder d = new BestBidOfferDecoder().wrap(b, body, blockLength, version);
                return new Bbo(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.updateId(), d.bidPrice(), d.bidQty(),
                    d.askPrice(), d.askQty());
            }
            case DepthUpdateDecoder.TEMPLATE_ID:
            {
                final DepthUpdateDecoder d = new DepthUpdateDecoder().wrap(b, body, blockLength, version);
                final List<Level> bids = new ArrayList<>();
                final List<Level> asks = new ArrayList<>();
                final long exchangeTs = d.exchangeTsNs();
                final long receiveTs = d.receiveTsNs();
                final int instrumentId = d.instrumentId();
                final long first = d.firstUpdateId();
                final long last = d.lastUpdateId();
                final long prev = d.prevUpdateId();
                for (final DepthUpdateDecoder.BidsDecoder l : d.bids())
                {
                    bids.add(new Level(l.price(), l.qty(), l.priceDecimals(), l.qtyDecimals()));
                }
                for (final DepthUpdateDecoder.AsksDecoder l : d.asks())
                {
                    asks.add(new Level(l.price(), l.qty(), l.priceDecimals(), l.qtyDecimals()));
                }
                return new Depth(false, exchangeTs, receiveTs, instrumentId, first, last, prev, bids, asks);
            }
            case DepthSnapshotDecoder.TEMPLATE_ID:
            {
                final DepthSnapshotDecoder d = new DepthSnapshotDecoder().wrap(b, body, blockLength, version);
                final List<Level> bids = new ArrayList<>();
                final List<Level> asks = new ArrayList<>();
                final long exchangeTs = d.exchangeTsNs();
                final long receiveTs = d.receiveTsNs();
                final int instrumentId = d.instrumentId();
                final long last = d.lastUpdateId();
                for (final DepthSnapshotDecoder.BidsDecoder l : d.bids())
                {
                    bids.add(new Level(l.price(), l.qty(), l.priceDecimals(), l.qtyDecimals()));
                }
                for (final DepthSnapshotDecoder.AsksDecoder l : d.asks())
                {
                    asks.add(new Level(l.price(), l.qty(), l.priceDecimals(), l.qtyDecimals()));
                }
                return new Depth(true, exchangeTs, receiveTs, instrumentId, -1, last, -1, bids, asks);
            }
            case MarkPriceDecoder.TEMPLATE_ID:
            {
                final MarkPriceDecoder d = new MarkPriceDecoder().wrap(b, body, blockLength, version);
                return new Mark(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), decimal(d.markPrice()), decimal(d.indexPrice()),
                    decimal(d.estimatedSettlePrice()), d.fundingRate().mantissa(), d.fundingRate().exponent(), d.nextFundingTimeNs());
            }
            case KlineDecoder.TEMPLATE_ID:
            {
                final KlineDecoder d = new KlineDecoder().wrap(b, body, blockLength, version);
                return new Candle(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.intervalNs(), d.openTimeNs(),
                    d.closeTimeNs(), d.open(), d.high(), d.low(), d.close(), d.volume(), d.quoteVolume(), d.tradeCount(),
                    d.takerBuyVolume(), d.takerBuyQuoteVolume(), d.closed() == BooleanType.T);
            }
            case InputRejectDecoder.TEMPLATE_ID:
            {
                final InputRejectDecoder d = new InputRejectDecoder().wrap(b, body, blockLength, version);
                final long exchangeTs = d.exchangeTsNs();
                final long receiveTs = d.receiveTsNs();
                final int instrumentId = d.instrumentId();
                final String source = d.source().trim();
                final RejectReason reason = d.reason();
                final long reference = d.reference();
                final String detail = d.detail();
                final byte[] raw = new byte[d.rawLength()];
                d.getRaw(raw, 0, raw.length);
                return new Reject(exchangeTs, receiveTs, instrumentId, source, reason, reference, detail, raw);
            }
            default:
                throw new AssertionError("unexpected template " + templateId);
        }
    }

    static java.math.BigDecimal decimal(final dev.trader.codecs.sbe.Decimal64Decoder d)
    {
        return java.math.BigDecimal.valueOf(d.mantissa(), -d.exponent());
    }
}
