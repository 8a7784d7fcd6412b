package dev.trader.engine.exec;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.OrderUpdateDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.Venue;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.testing.TestEvents;
import dev.trader.engine.testing.TradingEvents;
import dev.trader.engine.trading.FeeSchedule;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Book stage + paper venue in a real {@link Pipeline}, fed hand-built events; every Fill and OrderUpdate the venue
 * emits is decoded into a record. Instrument 1 is a BTCUSDT-like perpetual on a venue whose snapshot makes the book
 * trusted at once (Bybit rule): tick 0.10 (price mantissa at 1e-2, so 10), lot 0.001 (qty mantissa at 1e-3, so 1).
 */
final class VenueHarness
{
    static final int INSTRUMENT = 1;
    static final long T0 = 1_723_075_200_000_000_000L;
    static final long MS = 1_000_000L;

    record FillRec(long exchangeTsNs, long receiveTsNs, long orderId, long fillId, Side side, Liquidity liquidity,
        long price, long qty, long fee, long leavesQty, int strategyId, long positionId, int reasonCode,
        boolean reduceOnly, long slippage, double feeRate)
    {
    }

    record UpdateRec(long exchangeTsNs, long receiveTsNs, long orderId, OrderStatus status, int rejectCode,
        long filledQty, long leavesQty, String detail)
    {
    }

    final Instrument instrument = new Instrument(INSTRUMENT, Venue.BYBIT, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    final InstrumentRegistry registry = new InstrumentRegistry(List.of(instrument));
    final OrderBookStage books = new OrderBookStage(registry, 100, 100);
    final PaperVenueStage venue;
    final List<FillRec> fills = new ArrayList<>();
    final List<UpdateRec> updates = new ArrayList<>();
    /** Every venue event in emission order: "F<orderId>" for a fill, the status name + orderId for an update. */
    final List<String> sequence = new ArrayList<>();
    private final Pipeline pipeline;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private long updateId;
    private long tradeId;

    VenueHarness(final PaperSettings settings)
    {
        this(settings, true);
    }

    VenueHarness(final PaperSettings settings, final boolean withBookStage)
    {
        venue = new PaperVenueStage(registry, settings, FeeSchedule.SEED_000, withBookStage ? books : null);
        final List<Stage> stages = withBookStage ? List.of(books, venue) : List.of(venue);
        pipeline = new Pipeline(stages, EventSink.NONE, this::collect, new EventClock(), 1 << 20, false);
    }

    private void collect(final DirectBuffer b, final int offset, final int length)
    {
        final int template = Events.templateId(b, offset);
        final int body = offset + Events.HEADER_LENGTH;
        if (template == FillDecoder.TEMPLATE_ID)
        {
            final FillDecoder d = new FillDecoder().wrap(b, body, Events.blockLength(b, offset), Events.version(b, offset));
            fills.add(new FillRec(d.exchangeTsNs(), d.receiveTsNs(), d.orderId(), d.fillId(), d.side(), d.liquidity(),
                d.price(), d.qty(), d.fee(), d.leavesQty(), d.strategyId(), d.positionId(), d.reasonCode(),
                d.reduceOnly() == BooleanType.T, d.slippage(), d.feeRate()));
            sequence.add("F" + d.orderId());
        }
        else if (template == OrderUpdateDecoder.TEMPLATE_ID)
        {
            final OrderUpdateDecoder d = new OrderUpdateDecoder().wrap(b, body, Events.blockLength(b, offset),
                Events.version(b, offset));
            final UpdateRec u = new UpdateRec(d.exchangeTsNs(), d.receiveTsNs(), d.orderId(), d.status(), d.rejectCode(),
                d.filledQty(), d.leavesQty(), d.detail());
            updates.add(u);
            sequence.add(u.status().name() + u.orderId());
        }
    }

    private void feed(final int length)
    {
        pipeline.onInput(buffer, 0, length, System.nanoTime());
    }

    void end()
    {
        pipeline.onEndOfStream();
    }

    /** Depth levels: {price, qty} mantissa pairs. */
    static long[][] levels(final long... priceQty)
    {
        final long[][] out = new long[priceQty.length / 2][];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = new long[]{priceQty[2 * i], priceQty[2 * i + 1]};
        }
        return out;
    }

    /** A full book image (trusted at once). */
    void snapshot(final long ts, final long[][] bids, final long[][] asks)
    {
        feed(TradingEvents.depthSnapshot(buffer, 0, ts, ts, INSTRUMENT, ++updateId, bids, asks, -1, -1));
    }

    /** A diff (qty 0 deletes); {@code gap} skips update ids, which makes the book untrusted. */
    void diff(final long ts, final long[][] bids, final long[][] asks, final boolean gap)
    {
        if (gap)
        {
            updateId += 5;
        }
        final long id = ++updateId;
        feed(TradingEvents.depthUpdate(buffer, 0, ts, ts, INSTRUMENT, id, id, -1, bids, asks, -1, -1));
    }

    void trade(final long ts, final long price, final long qty, final Side aggressor)
    {
        tradeId++;
        feed(TestEvents.trade(buffer, 0, ts, ts, INSTRUMENT, tradeId, price, qty, aggressor));
    }

    /** An event the venue does not use (a best bid/offer): only moves time. */
    void tick(final long ts)
    {
        feed(TestEvents.bestBidOffer(buffer, 0, ts, ts, INSTRUMENT, 0, 1, 1, 2, 1));
    }

    /** A completed bar closing at {@code closeTs} (its exchange time), received then. */
    void bar(final long closeTs, final long intervalNs, final long open, final long high, final long low, final long close)
    {
        feed(TradingEvents.bar(buffer, 0, closeTs, closeTs, INSTRUMENT, intervalNs, closeTs - intervalNs, open, high, low,
            close, 0, 0, 0, 0, 0, 0, 0, Double.NaN, false));
    }

    OrderBuilder order(final long orderId)
    {
        return new OrderBuilder(orderId);
    }

    void cancel(final long ts, final long orderId, final int strategyId, final int instrumentId)
    {
        feed(TradingEvents.order(buffer, 0, ts, ts, instrumentId, orderId, strategyId, 0, OrderAction.CANCEL, Side.NONE,
            OrderType.MARKET, TimeInForce.GTC, false, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    List<FillRec> fillsOf(final long orderId)
    {
        return fills.stream().filter(f -> f.orderId() == orderId).toList();
    }

    List<UpdateRec> updatesOf(final long orderId)
    {
        return updates.stream().filter(u -> u.orderId() == orderId).toList();
    }

    UpdateRec lastUpdate(final long orderId)
    {
        final List<UpdateRec> u = updatesOf(orderId);
        return u.isEmpty() ? null : u.get(u.size() - 1);
    }

    /** A NEW order; defaults: strategy 1, BUY MARKET GTC, qty 0.001, position = orderId, reason 201. */
    final class OrderBuilder
    {
        private final long orderId;
        private int strategyId = 1;
        private Side side = Side.BUY;
        private OrderType type = OrderType.MARKET;
        private TimeInForce tif = TimeInForce.GTC;
        private boolean reduceOnly;
        private long price;
        private long qty = 1;
        private long positionId;
        private int reasonCode = 201;
        private long stopPrice;
        private long referencePrice;
        private long stopLoss;

        private OrderBuilder(final long orderId)
        {
            this.orderId = orderId;
            this.positionId = orderId;
        }

        OrderBuilder strategy(final int v)
        {
            strategyId = v;
            return this;
        }

        OrderBuilder sell()
        {
            side = Side.SELL;
            return this;
        }

        OrderBuilder limit(final long p)
        {
            type = OrderType.LIMIT;
            price = p;
            return this;
        }

        OrderBuilder stop(final long p)
        {
            type = OrderType.STOP_MARKET;
            stopPrice = p;
            return this;
        }

        OrderBuilder tif(final TimeInForce v)
        {
            tif = v;
            return this;
        }

        OrderBuilder reduceOnly(final long position)
        {
            reduceOnly = true;
            positionId = position;
            return this;
        }

        OrderBuilder qty(final long v)
        {
            qty = v;
            return this;
        }

        OrderBuilder reason(final int v)
        {
            reasonCode = v;
            return this;
        }

        OrderBuilder reference(final long v)
        {
            referencePrice = v;
            return this;
        }

        OrderBuilder stopLoss(final long v)
        {
            stopLoss = v;
            return this;
        }

        void send(final long ts)
        {
            feed(TradingEvents.order(buffer, 0, ts, ts, INSTRUMENT, orderId, strategyId, positionId, OrderAction.NEW, side,
                type, tif, reduceOnly, price, qty, positionId, reasonCode, stopPrice, stopLoss, 0, referencePrice));
        }
    }
}
