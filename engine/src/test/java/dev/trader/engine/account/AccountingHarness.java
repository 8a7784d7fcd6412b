package dev.trader.engine.account;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FillEncoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.PositionDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/** Inputs encoded by hand, and the accounting stage's outputs decoded, for driving the stage directly in tests. */
final class AccountingHarness implements Emitter
{
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    /** 2020-01-01T00:00:00Z (aligned to 8 h). */
    static final long T0 = 1_577_836_800L * SECOND;
    private static final int H = MessageHeaderEncoder.ENCODED_LENGTH;

    record PositionOut(long tsNs, int instrumentId, int strategyId, long positionId, long qty, long avgMantissa,
        int avgExponent, long realized, long unrealized, long fees, long funding)
    {
    }

    record ClosedOut(long exitTsNs, int instrumentId, int strategyId, long positionId, Side side, long entryTsNs,
        long qty, double entryPrice, double exitPrice, long gross, long fees, long funding, long slippage, long net,
        int entryReason, int exitReason, long notional)
    {
    }

    record FundingOut(long fundingTsNs, long receiveTsNs, int instrumentId, int strategyId, long positionId,
        double rate, double markPrice, long positionQty, long amount, boolean configured)
    {
    }

    record AccountOut(long stampNs, long receiveTsNs, long cash, long equity, long unrealized, long realized, long fees,
        long funding, long slippage, long grossExposure, int openPositions, long turnover)
    {
    }

    private final Stage stage;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 20]);
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final EventView view = new EventView();
    private final List<int[]> events = new ArrayList<>();
    private int position;
    private int claimed = -1;
    private long fillId;

    AccountingHarness(final Stage stage)
    {
        this.stage = stage;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return out;
    }

    @Override
    public int claim(final int maxLength)
    {
        if (claimed >= 0)
        {
            throw new IllegalStateException("claim without commit");
        }
        claimed = position;
        return position;
    }

    @Override
    public void commit(final int length)
    {
        events.add(new int[]{claimed, length});
        position = claimed + length;
        claimed = -1;
    }

    void clear()
    {
        events.clear();
        position = 0;
    }

    int count()
    {
        return events.size();
    }

    private void feed(final int length)
    {
        stage.onEvent(view.wrap(in, 0, length), this);
    }

    void end()
    {
        stage.onEndOfStream(this);
    }

    /** A fill: price/qty mantissas, fee/slippage money mantissas, at receive time {@code ts}. */
    void fill(final long ts, final int instrumentId, final int strategyId, final long positionId, final Side side,
        final long price, final long qty, final long fee, final long slippage, final int reason, final boolean reduceOnly)
    {
        final FillEncoder e = new FillEncoder();
        e.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .orderId(1)
            .fillId(++fillId)
            .side(side)
            .liquidity(Liquidity.TAKER)
            .price(price)
            .qty(qty)
            .fee(fee)
            .leavesQty(0)
            .strategyId(strategyId)
            .positionId(positionId)
            .reasonCode(reason)
            .reduceOnly(reduceOnly ? BooleanType.T : BooleanType.F)
            .slippage(slippage)
            .feeRate(0.00045);
        feed(H + e.encodedLength());
    }

    void trade(final long ts, final int instrumentId, final long price)
    {
        final TradeEncoder e = new TradeEncoder();
        e.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .tradeId(1)
            .price(price)
            .qty(1)
            .aggressor(Side.BUY)
            .tradeType(TradeType.TRADE)
            .firstTradeId(1)
            .lastTradeId(1);
        feed(H + e.encodedLength());
    }

    void bar(final long ts, final int instrumentId, final long intervalNs, final long close)
    {
        final BarEncoder e = new BarEncoder();
        e.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .openTimeNs(ts - intervalNs)
            .open(close)
            .high(close)
            .low(close)
            .close(close)
            .volume(1)
            .quoteVolume(1)
            .tradeCount(1)
            .buyVolume(1)
            .sellVolume(0)
            .ret(Double.NaN);
        e.vwap().mantissa(close).exponent((byte)-2);
        feed(H + e.encodedLength());
    }

    void markPrice(final long ts, final int instrumentId, final long markMantissa, final int markExponent,
        final long rateMantissa, final int rateExponent, final long nextFundingTimeNs)
    {
        final MarkPriceEncoder e = new MarkPriceEncoder();
        e.wrapAndApplyHeader(in, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .nextFundingTimeNs(nextFundingTimeNs);
        e.markPrice().mantissa(markMantissa).exponent((byte)markExponent);
        e.indexPrice().mantissa(markMantissa).exponent((byte)markExponent);
        e.estimatedSettlePrice().mantissa(0).exponent((byte)markExponent);
        e.fundingRate().mantissa(rateMantissa).exponent((byte)rateExponent);
        feed(H + e.encodedLength());
    }

    /** A one-level-per-side DepthSnapshot (price/qty mantissas), as an OKX stream sends it. */
    EventView snapshot(final long ts, final int instrumentId, final long bid, final long ask)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[512]);
        final DepthSnapshotEncoder e = new DepthSnapshotEncoder();
        e.wrapAndApplyHeader(b, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .lastUpdateId(10)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        e.bidsCount(1).next().price(bid).qty(1000).priceDecimals((byte)-1).qtyDecimals((byte)-1);
        e.asksCount(1).next().price(ask).qty(1000).priceDecimals((byte)-1).qtyDecimals((byte)-1);
        return new EventView().wrap(b, 0, H + e.encodedLength());
    }

    /** Feeds an already encoded event (e.g. one also given to the book stage). */
    void feed(final EventView event)
    {
        stage.onEvent(event, this);
    }

    private DirectBody body(final int[] e)
    {
        return new DirectBody(e[0] + Events.HEADER_LENGTH, Events.blockLength(out, e[0]), Events.version(out, e[0]));
    }

    private record DirectBody(int offset, int blockLength, int version)
    {
    }

    List<Integer> templates()
    {
        final List<Integer> t = new ArrayList<>();
        for (final int[] e : events)
        {
            t.add(Events.templateId(out, e[0]));
        }
        return t;
    }

    List<PositionOut> positions()
    {
        final List<PositionOut> r = new ArrayList<>();
        final PositionDecoder d = new PositionDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) == PositionDecoder.TEMPLATE_ID)
            {
                final DirectBody b = body(e);
                d.wrap(out, b.offset(), b.blockLength(), b.version());
                r.add(new PositionOut(d.receiveTsNs(), d.instrumentId(), d.strategyId(), d.positionId(), d.qty(),
                    d.avgEntryPrice().mantissa(), d.avgEntryPrice().exponent(), d.realizedPnl(), d.unrealizedPnl(),
                    d.fees(), d.funding()));
            }
        }
        return r;
    }

    List<ClosedOut> closed()
    {
        final List<ClosedOut> r = new ArrayList<>();
        final TradeClosedDecoder d = new TradeClosedDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) == TradeClosedDecoder.TEMPLATE_ID)
            {
                final DirectBody b = body(e);
                d.wrap(out, b.offset(), b.blockLength(), b.version());
                r.add(new ClosedOut(d.exchangeTsNs(), d.instrumentId(), d.strategyId(), d.positionId(), d.side(),
                    d.entryTsNs(), d.qty(), d.entryPrice(), d.exitPrice(), d.grossPnl(), d.fees(), d.funding(),
                    d.slippage(), d.netPnl(), d.entryReason(), d.exitReason(), d.notional()));
            }
        }
        return r;
    }

    List<FundingOut> fundings()
    {
        final List<FundingOut> r = new ArrayList<>();
        final FundingDecoder d = new FundingDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) == FundingDecoder.TEMPLATE_ID)
            {
                final DirectBody b = body(e);
                d.wrap(out, b.offset(), b.blockLength(), b.version());
                r.add(new FundingOut(d.exchangeTsNs(), d.receiveTsNs(), d.instrumentId(), d.strategyId(), d.positionId(),
                    d.rate(), d.markPrice(), d.positionQty(), d.amount(), d.configured() == BooleanType.T));
            }
        }
        return r;
    }

    List<AccountOut> accounts()
    {
        final List<AccountOut> r = new ArrayList<>();
        final AccountDecoder d = new AccountDecoder();
        for (final int[] e : events)
        {
            if (Events.templateId(out, e[0]) == AccountDecoder.TEMPLATE_ID)
            {
                final DirectBody b = body(e);
                d.wrap(out, b.offset(), b.blockLength(), b.version());
                r.add(new AccountOut(d.exchangeTsNs(), d.receiveTsNs(), d.cash(), d.equity(), d.unrealizedPnl(),
                    d.realizedPnl(), d.fees(), d.funding(), d.slippage(), d.grossExposure(), d.openPositions(),
                    d.turnover()));
            }
        }
        return r;
    }

    static final int FILL = FillDecoder.TEMPLATE_ID;
}
