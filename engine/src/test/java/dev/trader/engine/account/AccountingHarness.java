package dev.trader.engine.account;

import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.PositionDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import dev.trader.engine.testing.CollectingEmitter;
import dev.trader.engine.testing.TestEvents;
import dev.trader.engine.testing.TradingEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/** Inputs encoded by hand, and the accounting stage's outputs decoded, for driving the stage directly in tests. */
final class AccountingHarness extends CollectingEmitter
{
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    /** 2020-01-01T00:00:00Z (aligned to 8 h). */
    static final long T0 = 1_577_836_800L * SECOND;

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
    private final UnsafeBuffer in = new UnsafeBuffer(new byte[4096]);
    private final EventView view = new EventView();
    private long fillId;

    AccountingHarness(final Stage stage)
    {
        this.stage = stage;
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
        feed(TradingEvents.fill(in, 0, ts, ts, instrumentId, 1, ++fillId, side, Liquidity.TAKER, price, qty, fee, 0,
            strategyId, positionId, reason, reduceOnly, slippage, 0.00045));
    }

    void trade(final long ts, final int instrumentId, final long price)
    {
        feed(TestEvents.trade(in, 0, ts, ts, instrumentId, 1, price, 1, Side.BUY));
    }

    void bar(final long ts, final int instrumentId, final long intervalNs, final long close)
    {
        feed(TradingEvents.bar(in, 0, ts, ts, instrumentId, intervalNs, ts - intervalNs, close, close, close, close,
            1, 1, 1, 1, 0, close, -2, Double.NaN, false));
    }

    void markPrice(final long ts, final int instrumentId, final long markMantissa, final int markExponent,
        final long rateMantissa, final int rateExponent, final long nextFundingTimeNs)
    {
        feed(TradingEvents.markPrice(in, 0, ts, ts, instrumentId, markMantissa, markExponent, rateMantissa,
            rateExponent, nextFundingTimeNs));
    }

    /** A one-level-per-side DepthSnapshot (price/qty mantissas), as an OKX stream sends it. */
    EventView snapshot(final long ts, final int instrumentId, final long bid, final long ask)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[512]);
        final int length = TradingEvents.depthSnapshot(b, 0, ts, ts, instrumentId, 10, new long[][]{{bid, 1000}},
            new long[][]{{ask, 1000}}, -1, -1);
        return new EventView().wrap(b, 0, length);
    }

    /** Feeds an already encoded event (e.g. one also given to the book stage). */
    void feed(final EventView event)
    {
        stage.onEvent(event, this);
    }

    List<Integer> templates()
    {
        return templateIds();
    }

    List<PositionOut> positions()
    {
        final List<PositionOut> r = new ArrayList<>();
        final PositionDecoder d = new PositionDecoder();
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == PositionDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == TradeClosedDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == FundingDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
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
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == AccountDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
                r.add(new AccountOut(d.exchangeTsNs(), d.receiveTsNs(), d.cash(), d.equity(), d.unrealizedPnl(),
                    d.realizedPnl(), d.fees(), d.funding(), d.slippage(), d.grossExposure(), d.openPositions(),
                    d.turnover()));
            }
        }
        return r;
    }

    static final int FILL = FillDecoder.TEMPLATE_ID;
}
