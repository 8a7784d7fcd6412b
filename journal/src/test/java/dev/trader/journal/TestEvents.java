package dev.trader.journal;

import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.InputRejectEncoder;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Encodes test events with the generated encoders; each call returns a fresh copy of the frame. */
final class TestEvents
{
    static final int INSTRUMENT_ID = 100;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BestBidOfferEncoder bbo = new BestBidOfferEncoder();
    private final DepthUpdateEncoder depth = new DepthUpdateEncoder();
    private final MarkPriceEncoder mark = new MarkPriceEncoder();
    private final BarEncoder bar = new BarEncoder();
    private final InputRejectEncoder reject = new InputRejectEncoder();

    /** N events cycling through six types, with receive times increasing by 1 ms from {@code startNs}. */
    static List<byte[]> mixed(final long startNs, final int n)
    {
        final TestEvents enc = new TestEvents();
        final List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final long ts = startNs + i * 1_000_000L;
            switch (i % 6)
            {
                case 0: events.add(enc.trade(ts, i)); break;
                case 1: events.add(enc.bestBidOffer(ts, i)); break;
                case 2: events.add(enc.depthUpdate(ts, i, 1 + i % 40)); break;
                case 3: events.add(enc.markPrice(ts)); break;
                case 4: events.add(enc.bar(ts, ts - ts % 1_000_000_000L)); break;
                default: events.add(enc.inputReject(ts, "reject number " + i)); break;
            }
        }
        return events;
    }

    byte[] trade(final long ts, final long tradeId)
    {
        trade.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts - 500)
            .receiveTsNs(ts)
            .instrumentId(INSTRUMENT_ID)
            .tradeId(tradeId)
            .price(420_000 + tradeId % 100)
            .qty(1 + tradeId % 7)
            .aggressor(tradeId % 2 == 0 ? Side.BUY : Side.SELL)
            .tradeType(TradeType.TRADE)
            .firstTradeId(tradeId)
            .lastTradeId(tradeId);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength());
    }

    byte[] bestBidOffer(final long ts, final long updateId)
    {
        bbo.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts - 400)
            .receiveTsNs(ts)
            .instrumentId(INSTRUMENT_ID)
            .updateId(updateId)
            .bidPrice(419_990)
            .bidQty(5 + updateId % 3)
            .askPrice(420_010)
            .askQty(7);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + bbo.encodedLength());
    }

    byte[] depthUpdate(final long ts, final long updateId, final int levels)
    {
        depth.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts - 300)
            .receiveTsNs(ts)
            .instrumentId(INSTRUMENT_ID)
            .firstUpdateId(updateId)
            .lastUpdateId(updateId + 2)
            .prevUpdateId(updateId - 1)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder bids = depth.bidsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            bids.next().price(419_990 - i).qty(i == 0 ? 0 : 10 + i);
        }
        final DepthUpdateEncoder.AsksEncoder asks = depth.asksCount(levels + 1);
        for (int i = 0; i <= levels; i++)
        {
            asks.next().price(420_010 + i).qty(20 + i);
        }
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + depth.encodedLength());
    }

    byte[] markPrice(final long ts)
    {
        mark.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts - 200)
            .receiveTsNs(ts)
            .instrumentId(INSTRUMENT_ID)
            .nextFundingTimeNs(ts + 1_000_000_000L);
        mark.markPrice().mantissa(420_000).exponent((byte)-1);
        mark.indexPrice().mantissa(4_200_031_234L).exponent((byte)-5);
        mark.estimatedSettlePrice().mantissa(420_000).exponent((byte)-1);
        mark.fundingRate().mantissa(10_000).exponent((byte)-8);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + mark.encodedLength());
    }

    byte[] bar(final long ts, final long openTimeNs)
    {
        bar.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(openTimeNs + 1_000_000_000L)
            .receiveTsNs(ts)
            .instrumentId(INSTRUMENT_ID)
            .intervalNs(1_000_000_000L)
            .openTimeNs(openTimeNs)
            .open(420_000)
            .high(420_050)
            .low(419_950)
            .close(420_020)
            .volume(30)
            .quoteVolume(12_600_000)
            .tradeCount(4)
            .buyVolume(10)
            .sellVolume(20);
        bar.vwap().mantissa(4_200_000_000L).exponent((byte)-5);
        bar.flags().clear();
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
    }

    byte[] inputReject(final long ts, final String detail)
    {
        reject.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(0)
            .source("test")
            .reason(RejectReason.BAD_VALUE)
            .reference(-1)
            .detail(detail)
            .putRaw(new byte[]{1, 2, 3}, 0, 3);
        return copy(MessageHeaderEncoder.ENCODED_LENGTH + reject.encodedLength());
    }

    private byte[] copy(final int length)
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }
}
