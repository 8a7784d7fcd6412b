package dev.trader.engine.exec;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.FillEncoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.OrderUpdateEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.trading.Bracket;
import dev.trader.engine.trading.BracketPolicy;
import dev.trader.engine.trading.FeeSchedule;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.OrderView;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper venue (stage "execution"): one implementation for paper trading and backtest, fed only by journaled
 * events, so a replay reproduces its fills byte for byte (docs/trading.md "Venue rules"; seed 004 section 4
 * execution realism: latency, queue position, maker/taker, partial fills; seed 000 "entry at next bar, next_close"
 * for kline-only data; seed 002 section 5 protective exits).
 *
 * <h2>Orders</h2>
 * Consumes {@code Order} events (NEW, CANCEL) from the risk stage and emits {@code OrderUpdate} (ACKED, REJECTED
 * with a {@link PaperReject} code and constant detail, CANCELED, EXPIRED, FILLED) and {@code Fill} events. Every
 * emitted event carries the exchange and receive times of the event that caused it.
 *
 * <h2>Latency</h2>
 * A NEW order reaches the venue at its event time (receive time) + {@code orderLatency} + {@code feedLatency}: the
 * feed latency adds because the decision was taken on market data already that old, so the order lands that much
 * later relative to the market state it reacted to. Until then it is pending (visible through {@link OrderView});
 * it is activated (checked, ACKED or REJECTED, executed) on the first event whose receive time reaches that moment,
 * before that event is used (the book, updated by the book stage earlier in the plan, already includes it). With
 * zero latency it is handled at once on its Order event. At end of stream, pending orders are activated against the
 * last known state (last book, last event's times): nothing new can arrive, and leaving them silent would hide them.
 * A CANCEL takes effect at once, on working and pending orders alike (the kill switch must not race its orders).
 *
 * <h2>Book fill model</h2>
 * <ul>
 *   <li>MARKET walks the opposite side from the best level, one TAKER Fill per level at its price, qty =
 *       min(remaining, level qty); when depth runs out the remainder is EXPIRED.</li>
 *   <li>LIMIT: the marketable part executes like a market order up to the limit price (TAKER); the remainder rests
 *       (GTC) or is EXPIRED (IOC). POST_ONLY that would cross is REJECTED. A resting order's queue ahead is the
 *       displayed qty at its price on its side on arrival ({@code queuePosition: back}) or 0 ({@code front}). A
 *       trade at its price hitting its side consumes the queue ahead, the excess fills it (MAKER); a trade strictly
 *       through its price fills the whole remainder at its price (MAKER); after each book change the queue ahead is
 *       capped at the displayed qty (cancels ahead of us), and an opposite best crossing its price fills the
 *       remainder at its price (MAKER). Trades with an unknown aggressor count as hitting either side.</li>
 *   <li>STOP_MARKET triggers on a trade at or through the stop (sell: price <= stop, buy: >= stop) or when the best
 *       price it would take crosses it (sell: best bid <= stop, buy: best ask >= stop), then executes as a market
 *       order (TAKER). A stop triggered while the book is not trusted executes at the next trusted book change.</li>
 *   <li>Book mode fails closed: no trusted book on arrival = REJECTED ({@link PaperReject#NO_BOOK}).</li>
 *   <li>Own-fill depletion ({@link OwnFillDepletion}): our TAKER fills reduce the liquidity the venue sees. A level
 *       our fills took from shows {@code max(0, displayed - consumed)} to every later market, limit and triggered
 *       stop execution, to the cross check of resting and post-only limits and to the queue ahead of a new resting
 *       order, until the book stage changes that level's displayed qty (per-level change detection: the qty the
 *       level displayed when we took from it is recorded and compared at each book event of the instrument). So two
 *       market orders at the same moment do not take the same level, and the rest of a marketable GTC limit does
 *       not fill again at its limit against the levels it took. Up to {@code maxDepletedLevels} levels are tracked
 *       (preallocated); beyond, a consumption is not recorded and {@code depletionOverflows} counts it. Stop
 *       triggers watch the market's own prices, which paper fills do not move. MAKER fills (our resting orders
 *       being taken) do not deplete the book.</li>
 * </ul>
 *
 * <h2>Bars fill model</h2>
 * {@code fillModel: bars}, or {@code auto} when the instrument has no book with both sides: orders fill against
 * the next completed Bar of {@code barInterval} whose close time is after the order reached the venue (a bar that
 * closed before or at the order's time is never used: seed 000 "entry at next bar"). MARKET fills at the close,
 * moved {@code barSlippageBps} against the order and rounded to the tick against it (TAKER); LIMIT fills at its price
 * when the bar's range reaches it (MAKER); STOP_MARKET fills at its stop, or at the open when the open already gapped
 * through it (TAKER). In one bar, market orders go first, then stops and limits in the order {@code sameBar} says
 * ({@code stop_first}: conservative, seed 000), so a position's stop and take-profit reached by the same bar fill
 * only one; the other is canceled by the OCO rule. The range of the bar before the order's arrival is counted.
 * At end of stream no next bar comes, so a market order still working (an END_OF_DATA exit decided on the last bar)
 * fills at the last completed bar's close of its instrument, slipped like any bar-mode market fill.
 *
 * <h2>Positions</h2>
 * The venue tracks each position's signed qty from its own fills. A reduce-only order is clamped to what is left
 * (on arrival and at each fill) and REJECTED when nothing is left in its direction; when a position's qty reaches 0
 * its other working reduce-only orders are CANCELED (OCO by position). Orders with bracket prices are REJECTED
 * ({@link PaperReject#BRACKETS_UNSUPPORTED}).
 *
 * <h2>Brackets by strategy policy</h2>
 * A strategy registered with {@link #bracketPolicy(int, BracketPolicy)} has its exits attached by the venue at fill
 * time, with no lag (the strategy stage runs before the venue, so exits it sent itself would go out one event, in
 * bars mode one bar, late; seed 000 scans for the take-profit and liquidation from the bar after the entry). When an
 * entry (non reduce-only) order of such a strategy is done with a filled qty (FILLED, or its remainder EXPIRED or
 * CANCELED), the venue calls the policy with the position, the order's volume-weighted average fill price and its
 * filled qty, then creates, at that moment and with that event's times, a reduce-only GTC LIMIT at the take-profit
 * price and a reduce-only STOP_MARKET at the stop price (each only when its price is not 0), on the opposite side, for
 * the filled qty, ids {@code (1L << 40) + seq} (seq from 1), the strategy, position and the policy's reason codes,
 * referencePrice = the limit / trigger price. Each child goes through the same checks as an order arriving (tick
 * grid, reduce-only clamp) and is announced with an OrderUpdate ACKED (or REJECTED). In book mode the take-profit
 * rests with a queue position like any resting limit and the stop watches trades and the book; in bars mode both are
 * eligible from the bar after the fill's bar (their time is the fill's time), and {@code sameBar} applies. The OCO
 * rule makes them one-cancels-other, and cancels both when another exit (a MARKET at end of data, a forced risk
 * exit) closes the position. A child the pool has no room for is REJECTED ({@link PaperReject#TOO_MANY_ORDERS}).
 *
 * <h2>Money</h2>
 * Fee = {@code Money.times(Money.notional(instrument, price, qty), rate)}, rate from the {@link FeeSchedule} by
 * liquidity. Slippage = money cost against the order's referencePrice, positive = worse: BUY (price - ref) x qty,
 * SELL (ref - price) x qty; 0 when the reference is 0.
 *
 * <p>Steady state allocates nothing: orders come from a preallocated pool of {@code maxWorkingOrders}, live orders
 * are kept in an array in ascending orderId order, and every iteration that reaches an output follows that order.
 * Positions live in a primitive map sized at construction for {@code maxPositions} open positions, so it never
 * grows: a non-reduce-only order that would open a new position while that many are open is REJECTED
 * ({@link PaperReject#TOO_MANY_POSITIONS}); a fill that would still open one beyond the capacity (orders accepted
 * while there was room) goes out but its position is not tracked, counted in {@code positionsUntracked}.
 */
public final class PaperVenueStage implements Stage, OrderView
{
    public static final String NAME = "execution";

    private static final int BUY = 1;
    private static final int SELL = 2;
    private static final int MARKET = 1;
    private static final int LIMIT = 2;
    private static final int STOP_MARKET = 3;
    private static final int GTC = 1;
    private static final int IOC = 2;
    private static final int POST_ONLY = 4;
    private static final int ACTION_NEW = 1;
    private static final int ACTION_CANCEL = 2;
    private static final byte PENDING = 1;
    private static final byte WORKING = 2;
    private static final byte DONE = 3;
    private static final long NO_LIMIT = Long.MIN_VALUE;
    private static final float POSITION_LOAD = 0.65f;
    private static final int UPDATE_MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + OrderUpdateEncoder.BLOCK_LENGTH
        + OrderUpdateEncoder.detailHeaderLength() + 64;
    private static final int FILL_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + FillEncoder.BLOCK_LENGTH;

    private final InstrumentRegistry instruments;
    private final FeeSchedule fees;
    private final OrderBookStage books;
    private final PaperSettings.FillModel fillModel;
    private final boolean stopFirst;
    private final boolean queueFront;
    private final double barSlippageBps;
    private final long barIntervalNs;
    private final long latencyNs;

    private final Order[] pool;
    private int free;
    private final Order[] live;
    private int liveCount;
    private boolean needsCompact;
    private final int maxPositions;
    private final Long2LongHashMap positions;
    private final OwnFillDepletion depletion;
    /** Bars mode: the last {@code barInterval} bar close per instrument (end-of-stream market fills). */
    private final Long2LongHashMap lastBarClose = new Long2LongHashMap(64, 0.65f, 0L);
    /** Bracket policies by strategy id (set up before the run, only looked up). */
    private final Int2ObjectHashMap<BracketPolicy> policies = new Int2ObjectHashMap<>();
    private final Bracket bracket = new Bracket();
    private long nextChildSeq = 1;

    private final OrderDecoder orderIn = new OrderDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final OrderUpdateEncoder updateOut = new OrderUpdateEncoder();
    private final FillEncoder fillOut = new FillEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    // times of the event being handled: every event emitted carries them
    private long exchangeTsNs;
    private long receiveTsNs;
    private long nextFillId = 1;

    private int pending;
    private long pendingMax;
    private long orders;
    private long cancelRequests;
    private long cancelUnknown;
    private long badInstructions;
    private long duplicateOrderIds;
    private long acked;
    private final long[] rejectedBy = new long[PaperReject.COUNT];
    private long canceled;
    private long ocoCanceled;
    private long expired;
    private long filledOrders;
    private long makerFills;
    private long takerFills;
    private long partialFills;
    private long bookModeFills;
    private long barModeFills;
    private long stopsTriggered;
    private long reduceOnlyClamped;
    private long queueAdvances;
    private long tradeThroughFills;
    private long crossFills;
    private long activatedAtEnd;
    private long positionsMax;
    private long positionsUntracked;
    private long barMarketsFilledAtEnd;
    private long bracketsAttached;
    private long bracketChildren;

    /**
     * @param instruments the registry (tick and lot grids, exponents for notional)
     * @param settings    the {@code paper} section (validated here)
     * @param fees        taker and maker rates (the {@code costs} section)
     * @param books       the book stage, which must run before this stage; null when the plan has none (bars only)
     */
    public PaperVenueStage(
        final InstrumentRegistry instruments,
        final PaperSettings settings,
        final FeeSchedule fees,
        final OrderBookStage books)
    {
        settings.validate();
        this.instruments = instruments;
        this.fees = fees;
        this.books = books;
        this.fillModel = settings.fillModel();
        this.stopFirst = settings.sameBar() == PaperSettings.SameBar.STOP_FIRST;
        this.queueFront = settings.queuePosition() == PaperSettings.QueuePosition.FRONT;
        this.barSlippageBps = settings.barSlippageBps();
        this.barIntervalNs = settings.barInterval().toNanos();
        this.latencyNs = settings.orderLatency().toNanos() + settings.feedLatency().toNanos();
        final int capacity = settings.maxWorkingOrders();
        this.pool = new Order[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pool[i] = new Order();
        }
        this.free = capacity;
        this.live = new Order[capacity];
        this.maxPositions = settings.maxPositions();
        // sized so maxPositions entries stay under the load factor: the map never resizes
        this.positions = new Long2LongHashMap((int)Math.ceil(maxPositions / POSITION_LOAD) + 1, POSITION_LOAD, 0L);
        this.depletion = new OwnFillDepletion(settings.maxDepletedLevels());
    }

    /**
     * Registers the bracket policy of a strategy (setup time, before the run): its entries get venue-attached
     * take-profit and stop children at fill time (see the class doc). A second call for the same id replaces it.
     *
     * @param strategyId the strategy's id (>= 1)
     * @param policy     computes the children's prices and reasons from the fill
     */
    public void bracketPolicy(final int strategyId, final BracketPolicy policy)
    {
        if (strategyId <= 0 || policy == null)
        {
            throw new IllegalArgumentException("bracketPolicy: strategy id >= 1 and a policy are required, got "
                + strategyId + ", " + policy);
        }
        policies.put(strategyId, policy);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        exchangeTsNs = event.exchangeTsNs();
        receiveTsNs = event.receiveTsNs();
        if (pending > 0)
        {
            activateDue(receiveTsNs, emitter);
        }
        switch (event.templateId())
        {
            case OrderDecoder.TEMPLATE_ID:
                orderIn.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                onOrder(emitter);
                break;
            case TradeDecoder.TEMPLATE_ID:
                if (liveCount > 0)
                {
                    trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                    onTrade(event.instrumentId(), emitter);
                }
                break;
            case DepthUpdateDecoder.TEMPLATE_ID:
            case DepthSnapshotDecoder.TEMPLATE_ID:
            case BookStatusDecoder.TEMPLATE_ID:
                if (books != null && (liveCount > 0 || depletion.size() > 0))
                {
                    onBookChange(event.instrumentId(), emitter);
                }
                break;
            case BarDecoder.TEMPLATE_ID:
                bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                if (bar.intervalNs() == barIntervalNs)
                {
                    if (bar.close() > 0)
                    {
                        lastBarClose.put(bar.instrumentId(), bar.close());
                    }
                    if (liveCount > 0)
                    {
                        onBar(bar.instrumentId(), emitter);
                    }
                }
                break;
            default:
                break;
        }
        if (needsCompact)
        {
            compact();
        }
    }

    /** Pending orders are activated against the last known state, with the last event's times (see the class doc). */
    @Override
    public void onEndOfStream(final Emitter emitter)
    {
        if (pending > 0)
        {
            final long before = pending;
            activateDue(Long.MAX_VALUE, emitter);
            activatedAtEnd += before - pending;
        }
        // bars mode: no next bar will come, so a market order still working (e.g. an END_OF_DATA exit decided on the
        // last bar) fills at the last completed bar's close of its instrument, the last price known
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state == WORKING && o.bars && o.type == MARKET)
            {
                final long close = lastBarClose.get(o.instrumentId);
                if (close > 0)
                {
                    barMarketsFilledAtEnd++;
                    fill(o, slipped(close, o.side == BUY, o.instrument), o.leaves(), false, emitter);
                    expireRest(o, emitter);
                }
            }
        }
        if (needsCompact)
        {
            compact();
        }
    }

    // ------------------------------------------------------------------ instructions

    private void onOrder(final Emitter emitter)
    {
        final short action = orderIn.actionRaw();
        if (action == ACTION_CANCEL)
        {
            onCancel(orderIn.orderId(), orderIn.strategyId(), orderIn.instrumentId(), emitter);
            return;
        }
        orders++;
        final long orderId = orderIn.orderId();
        if (action != ACTION_NEW)
        {
            badInstructions++;
            if (orderId > 0 && find(orderId) < 0)
            {
                updateRaw(orderId, orderIn.instrumentId(), OrderStatus.REJECTED, PaperReject.BAD_ORDER, 0, 0, emitter);
                countReject(PaperReject.BAD_ORDER);
            }
            return;
        }
        if (orderId <= 0 || find(orderId) >= 0)
        {
            // no id to answer to (or the id of a live order): counted, never a second life for an id
            duplicateOrderIds++;
            return;
        }
        if (free == 0)
        {
            updateRaw(orderId, orderIn.instrumentId(), OrderStatus.REJECTED, PaperReject.TOO_MANY_ORDERS, 0, 0, emitter);
            countReject(PaperReject.TOO_MANY_ORDERS);
            return;
        }
        final Order o = pool[--free];
        o.load(orderIn, instruments.byId(orderIn.instrumentId()));
        o.state = PENDING;
        o.activeAtNs = saturatedAdd(receiveTsNs, latencyNs);
        o.activeExchangeNs = saturatedAdd(exchangeTsNs, latencyNs);
        insert(o);
        if (latencyNs == 0)
        {
            activate(o, emitter);
        }
        else
        {
            pending++;
            pendingMax = Math.max(pendingMax, pending);
        }
    }

    private void onCancel(final long orderId, final int strategyId, final int instrumentId, final Emitter emitter)
    {
        cancelRequests++;
        if (orderId != 0)
        {
            final int at = find(orderId);
            if (at < 0 || live[at].state == DONE)
            {
                cancelUnknown++;
                return;
            }
            cancel(live[at], emitter);
            return;
        }
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && (strategyId == 0 || o.strategyId == strategyId)
                && (instrumentId == 0 || o.instrumentId == instrumentId))
            {
                cancel(o, emitter);
            }
        }
    }

    private void activateDue(final long nowNs, final Emitter emitter)
    {
        for (int i = 0; i < liveCount && pending > 0; i++)
        {
            final Order o = live[i];
            if (o.state == PENDING && o.activeAtNs <= nowNs)
            {
                pending--;
                activate(o, emitter);
            }
        }
    }

    /** The order reaches the venue: check, ACK or REJECT, then execute what can execute now. */
    private void activate(final Order o, final Emitter emitter)
    {
        o.state = WORKING;
        final int code = check(o);
        if (code != PaperReject.NONE)
        {
            reject(o, code, emitter);
            return;
        }
        if (o.reduceOnly)
        {
            final long left = reducible(o);
            if (left <= 0)
            {
                reject(o, PaperReject.NO_POSITION, emitter);
                return;
            }
            if (o.qty > left)
            {
                o.qty = left;
                reduceOnlyClamped++;
            }
        }
        else if (positions.size() >= maxPositions && !positions.containsKey(o.positionId))
        {
            reject(o, PaperReject.TOO_MANY_POSITIONS, emitter);
            return;
        }
        final BookView book = books == null ? null : books.book(o.instrumentId);
        if (fillModel == PaperSettings.FillModel.BARS)
        {
            o.bars = true;
        }
        else if (fillModel == PaperSettings.FillModel.AUTO && book == null)
        {
            o.bars = true;
        }
        else if (book == null || !book.isTrusted())
        {
            reject(o, PaperReject.NO_BOOK, emitter);
            return;
        }
        else
        {
            o.bars = fillModel == PaperSettings.FillModel.AUTO && (book.bids().depth() == 0 || book.asks().depth() == 0);
        }
        if (!o.bars && o.type == LIMIT && o.tif == POST_ONLY && crosses(o, book))
        {
            reject(o, PaperReject.POST_ONLY_WOULD_CROSS, emitter);
            return;
        }
        acked++;
        update(o, OrderStatus.ACKED, PaperReject.NONE, emitter);
        if (o.bars)
        {
            return;
        }
        switch (o.type)
        {
            case MARKET:
                walk(o, NO_LIMIT, book, emitter);
                expireRest(o, emitter);
                break;
            case LIMIT:
                if (crosses(o, book))
                {
                    walk(o, o.price, book, emitter);
                }
                if (o.state == WORKING)
                {
                    if (o.tif == IOC)
                    {
                        expireRest(o, emitter);
                    }
                    else
                    {
                        o.queueAhead = queueFront ? 0 : displayedAt(o, book);
                    }
                }
                break;
            default:
                if (stopReachedByBook(o, book))
                {
                    trigger(o, book, emitter);
                }
                break;
        }
    }

    private int check(final Order o)
    {
        final Instrument instrument = o.instrument;
        if (instrument == null)
        {
            return PaperReject.UNKNOWN_INSTRUMENT;
        }
        if ((o.side != BUY && o.side != SELL) || o.type < MARKET || o.type > STOP_MARKET)
        {
            return PaperReject.BAD_ORDER;
        }
        if (o.tif == POST_ONLY ? o.type != LIMIT : o.tif != GTC && o.tif != IOC)
        {
            return PaperReject.BAD_ORDER;
        }
        if (o.qty <= 0 || o.qty % instrument.lotMantissa() != 0)
        {
            return PaperReject.BAD_QTY;
        }
        if (o.type == LIMIT && (o.price <= 0 || o.price % instrument.tickMantissa() != 0))
        {
            return PaperReject.BAD_PRICE;
        }
        if (o.type == STOP_MARKET && (o.stopPrice <= 0 || o.stopPrice % instrument.tickMantissa() != 0))
        {
            return PaperReject.BAD_PRICE;
        }
        if (o.stopLossPrice != 0 || o.takeProfitPrice != 0)
        {
            return PaperReject.BRACKETS_UNSUPPORTED;
        }
        return PaperReject.NONE;
    }

    // ------------------------------------------------------------------ market data

    private void onTrade(final int instrumentId, final Emitter emitter)
    {
        final long price = trade.price();
        final long qty = trade.qty();
        final short aggressor = trade.aggressorRaw();
        if (qty <= 0)
        {
            return;
        }
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != WORKING || o.bars || o.instrumentId != instrumentId)
            {
                continue;
            }
            if (o.type == LIMIT)
            {
                final boolean buy = o.side == BUY;
                if (buy ? price < o.price : price > o.price)
                {
                    tradeThroughFills++;
                    fillPassive(o, o.leaves(), emitter);
                }
                else if (price == o.price && aggressor != (buy ? BUY : SELL))
                {
                    queueAdvances++;
                    if (qty <= o.queueAhead)
                    {
                        o.queueAhead -= qty;
                    }
                    else
                    {
                        final long excess = qty - o.queueAhead;
                        o.queueAhead = 0;
                        fillPassive(o, Math.min(excess, o.leaves()), emitter);
                    }
                }
            }
            else if (o.type == STOP_MARKET)
            {
                if (!o.triggered && (o.side == BUY ? price >= o.stopPrice : price <= o.stopPrice))
                {
                    trigger(o, books == null ? null : books.book(instrumentId), emitter);
                }
            }
        }
    }

    /** A book event of the instrument: forgets changed depleted levels, then re-checks its working orders. */
    private void onBookChange(final int instrumentId, final Emitter emitter)
    {
        final BookView book = books.book(instrumentId);
        if (book == null)
        {
            return;
        }
        if (depletion.size() > 0)
        {
            depletion.refresh(instrumentId, book);
        }
        if (!book.isTrusted())
        {
            return;
        }
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != WORKING || o.bars || o.instrumentId != instrumentId)
            {
                continue;
            }
            if (o.type == LIMIT)
            {
                final long displayed = displayedAt(o, book);
                if (o.queueAhead > displayed)
                {
                    o.queueAhead = displayed;
                }
                if (crosses(o, book))
                {
                    crossFills++;
                    fillPassive(o, o.leaves(), emitter);
                }
            }
            else if (o.type == STOP_MARKET)
            {
                if (o.triggered)
                {
                    walk(o, NO_LIMIT, book, emitter);
                    expireRest(o, emitter);
                }
                else if (stopReachedByBook(o, book))
                {
                    trigger(o, book, emitter);
                }
            }
        }
    }

    private void onBar(final int instrumentId, final Emitter emitter)
    {
        final long closeTime = bar.exchangeTsNs();
        // market orders first, then stops and limits in the order sameBar says
        barPass(instrumentId, closeTime, MARKET, emitter);
        barPass(instrumentId, closeTime, stopFirst ? STOP_MARKET : LIMIT, emitter);
        barPass(instrumentId, closeTime, stopFirst ? LIMIT : STOP_MARKET, emitter);
    }

    private void barPass(final int instrumentId, final long closeTime, final int type, final Emitter emitter)
    {
        final long open = bar.open();
        final long high = bar.high();
        final long low = bar.low();
        final long close = bar.close();
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != WORKING || !o.bars || o.type != type || o.instrumentId != instrumentId
                || closeTime <= o.activeExchangeNs)
            {
                continue;
            }
            final boolean buy = o.side == BUY;
            if (type == MARKET)
            {
                fill(o, slipped(close, buy, o.instrument), o.leaves(), false, emitter);
                expireRest(o, emitter);
            }
            else if (type == LIMIT)
            {
                if (buy ? low <= o.price : high >= o.price)
                {
                    fill(o, o.price, o.leaves(), true, emitter);
                }
            }
            else if (buy ? high >= o.stopPrice : low <= o.stopPrice)
            {
                stopsTriggered++;
                final boolean gapped = buy ? open >= o.stopPrice : open <= o.stopPrice;
                fill(o, gapped ? open : o.stopPrice, o.leaves(), false, emitter);
                expireRest(o, emitter);
            }
        }
    }

    // ------------------------------------------------------------------ execution

    private void trigger(final Order o, final BookView book, final Emitter emitter)
    {
        o.triggered = true;
        stopsTriggered++;
        if (book != null && book.isTrusted())
        {
            walk(o, NO_LIMIT, book, emitter);
            expireRest(o, emitter);
        }
    }

    /** Takes the opposite side level by level (TAKER), up to {@code limit} when given. */
    private void walk(final Order o, final long limit, final BookView book, final Emitter emitter)
    {
        final boolean buy = o.side == BUY;
        final BookSide side = buy ? book.asks() : book.bids();
        final int depth = side.depth();
        for (int i = 0; i < depth && o.state == WORKING && o.leaves() > 0; i++)
        {
            final long price = side.price(i);
            if (limit != NO_LIMIT && (buy ? price > limit : price < limit))
            {
                break;
            }
            final long displayed = side.qty(i);
            final long available = depletion.available(o.instrumentId, !buy, price, displayed);
            if (available > 0)
            {
                // recorded before the Fill goes out, so a bracket child created by this fill sees the level as taken
                final long wanted = Math.min(o.leaves(), available);
                final long takes = o.reduceOnly ? Math.min(wanted, reducible(o)) : wanted;
                depletion.consume(o.instrumentId, !buy, price, displayed, takes);
                fill(o, price, wanted, false, emitter);
            }
        }
    }

    private void fillPassive(final Order o, final long qty, final Emitter emitter)
    {
        if (qty > 0)
        {
            fill(o, o.price, qty, true, emitter);
        }
    }

    /** One Fill (qty clamped for reduce-only), then position, OCO and FILLED bookkeeping. */
    private void fill(final Order o, final long price, final long wanted, final boolean maker, final Emitter emitter)
    {
        long qty = wanted;
        if (o.reduceOnly)
        {
            final long left = reducible(o);
            if (left <= 0)
            {
                cancel(o, emitter);
                return;
            }
            qty = Math.min(qty, left);
        }
        if (qty <= 0)
        {
            return;
        }
        final Instrument instrument = o.instrument;
        o.filled += qty;
        o.fillRaw += price * qty;
        final long leaves = o.leaves();
        final double rate = fees.rate(maker);
        final long notional = Money.notional(instrument, price, qty);
        final long fee = Money.times(notional, rate);
        final long slippage;
        if (o.referencePrice == 0)
        {
            slippage = 0;
        }
        else
        {
            slippage = Money.notional(instrument, o.side == BUY ? price - o.referencePrice : o.referencePrice - price, qty);
        }
        final int offset = emitter.claim(FILL_LENGTH);
        fillOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(o.instrumentId)
            .orderId(o.orderId)
            .fillId(nextFillId++)
            .side(o.side == BUY ? Side.BUY : Side.SELL)
            .liquidity(maker ? Liquidity.MAKER : Liquidity.TAKER)
            .price(price)
            .qty(qty)
            .fee(fee)
            .leavesQty(leaves)
            .strategyId(o.strategyId)
            .positionId(o.positionId)
            .reasonCode(o.reasonCode)
            .reduceOnly(o.reduceOnly ? BooleanType.T : BooleanType.F)
            .slippage(slippage)
            .feeRate(rate);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + fillOut.encodedLength());
        if (maker)
        {
            makerFills++;
        }
        else
        {
            takerFills++;
        }
        if (o.bars)
        {
            barModeFills++;
        }
        else
        {
            bookModeFills++;
        }
        if (leaves > 0)
        {
            partialFills++;
        }
        else
        {
            filledOrders++;
            done(o);
            update(o, OrderStatus.FILLED, PaperReject.NONE, emitter);
        }
        final long position = positions.get(o.positionId) + (o.side == BUY ? qty : -qty);
        if (position == 0)
        {
            positions.remove(o.positionId);
            cancelExits(o.positionId, emitter);
        }
        else if (positions.size() < maxPositions || positions.containsKey(o.positionId))
        {
            positions.put(o.positionId, position);
            positionsMax = Math.max(positionsMax, positions.size());
        }
        else
        {
            positionsUntracked++;
        }
        if (leaves == 0 && !o.reduceOnly)
        {
            attachBracket(o, emitter);
        }
    }

    /** OCO by position: the position is flat, its other working reduce-only orders are canceled. */
    private void cancelExits(final long positionId, final Emitter emitter)
    {
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && o.reduceOnly && o.positionId == positionId)
            {
                ocoCanceled++;
                cancel(o, emitter);
            }
        }
    }

    private void expireRest(final Order o, final Emitter emitter)
    {
        if (o.state == WORKING && o.leaves() > 0)
        {
            expired++;
            done(o);
            update(o, OrderStatus.EXPIRED, PaperReject.NONE, emitter);
            if (!o.reduceOnly && o.filled > 0)
            {
                attachBracket(o, emitter);
            }
        }
    }

    private void cancel(final Order o, final Emitter emitter)
    {
        if (o.state == PENDING)
        {
            pending--;
        }
        canceled++;
        done(o);
        update(o, OrderStatus.CANCELED, PaperReject.NONE, emitter);
        if (!o.reduceOnly && o.filled > 0)
        {
            attachBracket(o, emitter);
        }
    }

    /**
     * The entry is done with a filled qty: its strategy's policy (if any) gives the bracket, whose children are
     * created and activated now, take-profit first. The stop is skipped when the take-profit already closed the
     * position (book mode, a take-profit at or through the opposite best).
     */
    private void attachBracket(final Order entry, final Emitter emitter)
    {
        if (policies.isEmpty())
        {
            return;
        }
        final BracketPolicy policy = policies.get(entry.strategyId);
        if (policy == null)
        {
            return;
        }
        final int exponent = entry.instrument.priceExponent();
        // as accounting's entry price: sum(price x qty) / qty, scaled to price units
        final double avg = exponent <= 0
            ? (double)entry.fillRaw / entry.filled / Decimals.pow10(-exponent)
            : (double)entry.fillRaw / entry.filled * Decimals.pow10(exponent);
        policy.onEntryFilled(entry.positionId, entry.instrumentId, avg, entry.filled, bracket.clear());
        bracketsAttached++;
        final long tp = bracket.takeProfitPrice();
        final int tpReason = bracket.takeProfitReason();
        final long stop = bracket.stopPrice();
        final int stopReason = bracket.stopReason();
        if (tp != 0)
        {
            child(entry, LIMIT, tp, tpReason, emitter);
        }
        if (stop != 0 && positions.get(entry.positionId) != 0)
        {
            child(entry, STOP_MARKET, stop, stopReason, emitter);
        }
    }

    private void child(final Order entry, final int type, final long price, final int reasonCode, final Emitter emitter)
    {
        final long childId = (1L << 40) + nextChildSeq++;
        bracketChildren++;
        if (free == 0)
        {
            updateRaw(childId, entry.instrumentId, OrderStatus.REJECTED, PaperReject.TOO_MANY_ORDERS, 0, 0, emitter);
            countReject(PaperReject.TOO_MANY_ORDERS);
            return;
        }
        final Order c = pool[--free];
        c.loadChild(entry, childId, type, price, reasonCode);
        c.state = PENDING;
        c.activeAtNs = receiveTsNs;
        c.activeExchangeNs = exchangeTsNs;
        insert(c);
        activate(c, emitter);
    }

    private void reject(final Order o, final int code, final Emitter emitter)
    {
        countReject(code);
        done(o);
        update(o, OrderStatus.REJECTED, code, emitter);
    }

    private void countReject(final int code)
    {
        rejectedBy[code]++;
    }

    private void done(final Order o)
    {
        o.state = DONE;
        needsCompact = true;
    }

    // ------------------------------------------------------------------ prices

    /**
     * True when the order's limit would take liquidity now: the best opposite level with qty left after our own
     * fills' depletion is at or through its price.
     */
    private boolean crosses(final Order o, final BookView book)
    {
        if (o.side == BUY)
        {
            final long ask = bestAvailable(o.instrumentId, book.asks());
            return ask != BookSide.NO_PRICE && ask <= o.price;
        }
        final long bid = bestAvailable(o.instrumentId, book.bids());
        return bid != BookSide.NO_PRICE && bid >= o.price;
    }

    /** The best price of a side with qty left after depletion, or {@link BookSide#NO_PRICE}. */
    private long bestAvailable(final int instrumentId, final BookSide side)
    {
        if (depletion.size() == 0)
        {
            return side.bestPrice();
        }
        final int depth = side.depth();
        for (int i = 0; i < depth; i++)
        {
            final long price = side.price(i);
            if (depletion.available(instrumentId, side.isBid(), price, side.qty(i)) > 0)
            {
                return price;
            }
        }
        return BookSide.NO_PRICE;
    }

    /** True when the best price the stop would take is at or through it ({@code book} trusted). */
    private static boolean stopReachedByBook(final Order o, final BookView book)
    {
        if (o.side == BUY)
        {
            final long ask = book.bestAskPrice();
            return ask != BookSide.NO_PRICE && ask >= o.stopPrice;
        }
        final long bid = book.bestBidPrice();
        return bid != BookSide.NO_PRICE && bid <= o.stopPrice;
    }

    /** Displayed qty at the order's price on its own side, less our own fills' depletion; 0 when there is no level. */
    private long displayedAt(final Order o, final BookView book)
    {
        final BookSide side = o.side == BUY ? book.bids() : book.asks();
        final int rank = side.rankOf(o.price);
        return rank < 0 ? 0 : depletion.available(o.instrumentId, side.isBid(), o.price, side.qty(rank));
    }

    /** The bar close moved barSlippageBps against the order, rounded to the tick against it. */
    private long slipped(final long close, final boolean buy, final Instrument instrument)
    {
        if (barSlippageBps == 0.0)
        {
            return close;
        }
        final long tick = instrument.tickMantissa();
        final double moved = close * (buy ? 1.0 + barSlippageBps / 10_000.0 : 1.0 - barSlippageBps / 10_000.0);
        final double ticks = moved / tick;
        final long rounded = buy ? (long)Math.ceil(ticks - 1e-9) : (long)Math.floor(ticks + 1e-9);
        return rounded * tick;
    }

    /** What a reduce-only order may still trade: the position's qty in the direction it reduces, or <= 0. */
    private long reducible(final Order o)
    {
        final long position = positions.get(o.positionId);
        return o.side == SELL ? position : -position;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    // ------------------------------------------------------------------ events out

    private void update(final Order o, final OrderStatus status, final int code, final Emitter emitter)
    {
        final long leaves = status == OrderStatus.ACKED ? o.leaves() : 0;
        updateRaw(o.orderId, o.instrumentId, status, code, o.filled, leaves, emitter);
    }

    private void updateRaw(
        final long orderId,
        final int instrumentId,
        final OrderStatus status,
        final int code,
        final long filledQty,
        final long leavesQty,
        final Emitter emitter)
    {
        final byte[] detail = PaperReject.detailBytes(code);
        final int offset = emitter.claim(UPDATE_MAX_LENGTH);
        updateOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .venueOrderId(orderId)
            .status(status)
            .rejectCode(code)
            .filledQty(filledQty)
            .leavesQty(leavesQty)
            .putDetail(detail, 0, detail.length);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + updateOut.encodedLength());
    }

    // ------------------------------------------------------------------ order array

    /** Index of a live order by id (binary search over ascending ids), or -1. */
    private int find(final long orderId)
    {
        int lo = 0;
        int hi = liveCount - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long id = live[mid].orderId;
            if (id < orderId)
            {
                lo = mid + 1;
            }
            else if (id > orderId)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    private void insert(final Order o)
    {
        int at = liveCount;
        while (at > 0 && live[at - 1].orderId > o.orderId)
        {
            at--;
        }
        System.arraycopy(live, at, live, at + 1, liveCount - at);
        live[at] = o;
        liveCount++;
    }

    /** Removes done orders, keeping ascending ids, and returns them to the pool. */
    private void compact()
    {
        int w = 0;
        for (int r = 0; r < liveCount; r++)
        {
            final Order o = live[r];
            if (o.state == DONE)
            {
                o.clear();
                pool[free++] = o;
            }
            else
            {
                live[w++] = o;
            }
        }
        for (int i = w; i < liveCount; i++)
        {
            live[i] = null;
        }
        liveCount = w;
        needsCompact = false;
    }

    // ------------------------------------------------------------------ OrderView and reads

    @Override
    public int workingEntries(final int strategyId, final int instrumentId)
    {
        int n = 0;
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && !o.reduceOnly && o.strategyId == strategyId && o.instrumentId == instrumentId)
            {
                n++;
            }
        }
        return n;
    }

    @Override
    public long workingEntryQty(final int strategyId, final int instrumentId)
    {
        long qty = 0;
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && !o.reduceOnly && o.strategyId == strategyId && o.instrumentId == instrumentId)
            {
                qty += Math.abs(o.leaves());
            }
        }
        return qty;
    }

    @Override
    public boolean exitWorking(final long positionId)
    {
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && o.reduceOnly && o.positionId == positionId)
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean marketExitWorking(final long positionId)
    {
        for (int i = 0; i < liveCount; i++)
        {
            final Order o = live[i];
            if (o.state != DONE && o.reduceOnly && o.positionId == positionId && (o.type == MARKET || o.triggered))
            {
                return true;
            }
        }
        return false;
    }

    /** Signed qty mantissa of a position as the venue's own fills made it; 0 when flat or unknown. */
    public long positionQty(final long positionId)
    {
        return positions.get(positionId);
    }

    /** Qty our own taker fills took from a level and the venue still withholds (0 when none is tracked). */
    public long depletedAt(final int instrumentId, final boolean bidSide, final long price)
    {
        return depletion.consumedAt(instrumentId, bidSide, price);
    }

    /** Positions the venue tracks now (non-zero qty). */
    public int openPositions()
    {
        return positions.size();
    }

    /** Orders working or in flight (not yet filled, canceled, expired or rejected). */
    public int openOrders()
    {
        int n = 0;
        for (int i = 0; i < liveCount; i++)
        {
            if (live[i].state != DONE)
            {
                n++;
            }
        }
        return n;
    }

    /** Orders in flight under the configured latency. */
    public int pendingOrders()
    {
        return pending;
    }

    /** Queue ahead of a resting limit order (qty mantissa), or -1 when the order is not working. */
    public long queueAhead(final long orderId)
    {
        final int at = find(orderId);
        return at < 0 || live[at].state != WORKING ? -1 : live[at].queueAhead;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("orders", orders);
        m.put("acked", acked);
        long rejected = 0;
        for (final long n : rejectedBy)
        {
            rejected += n;
        }
        m.put("rejected", rejected);
        for (int code = 1; code < PaperReject.COUNT; code++)
        {
            m.put("rejected." + PaperReject.label(code), rejectedBy[code]);
        }
        m.put("canceled", canceled);
        m.put("ocoCanceled", ocoCanceled);
        m.put("expired", expired);
        m.put("filled", filledOrders);
        m.put("fills", makerFills + takerFills);
        m.put("makerFills", makerFills);
        m.put("takerFills", takerFills);
        m.put("partialFills", partialFills);
        m.put("bookModeFills", bookModeFills);
        m.put("barModeFills", barModeFills);
        m.put("stopsTriggered", stopsTriggered);
        m.put("reduceOnlyClamped", reduceOnlyClamped);
        m.put("queueAdvances", queueAdvances);
        m.put("tradeThroughFills", tradeThroughFills);
        m.put("crossFills", crossFills);
        m.put("cancelRequests", cancelRequests);
        m.put("cancelUnknown", cancelUnknown);
        m.put("badInstructions", badInstructions);
        m.put("duplicateOrderIds", duplicateOrderIds);
        m.put("pendingMax", pendingMax);
        m.put("activatedAtEnd", activatedAtEnd);
        m.put("positionsMax", positionsMax);
        m.put("positionsUntracked", positionsUntracked);
        m.put("depletionConsumptions", depletion.consumptions());
        m.put("depletionForgotten", depletion.forgotten());
        m.put("depletionLevelsMax", (long)depletion.countMax());
        m.put("depletionOverflows", depletion.overflows());
        m.put("barMarketsFilledAtEnd", barMarketsFilledAtEnd);
        m.put("bracketsAttached", bracketsAttached);
        m.put("bracketChildren", bracketChildren);
        return m;
    }

    /** A pooled order: everything the venue needs from the Order event, and its progress. */
    private static final class Order
    {
        long orderId;
        int strategyId;
        int instrumentId;
        Instrument instrument;
        int side;
        int type;
        int tif;
        boolean reduceOnly;
        long price;
        long stopPrice;
        long qty;
        long filled;
        /** Sum of price x qty mantissas of the fills (the average fill price for a bracket policy). */
        long fillRaw;
        long positionId;
        int reasonCode;
        long referencePrice;
        long stopLossPrice;
        long takeProfitPrice;
        long activeAtNs;
        long activeExchangeNs;
        byte state;
        boolean bars;
        boolean triggered;
        long queueAhead;

        void load(final OrderDecoder d, final Instrument instrument)
        {
            orderId = d.orderId();
            strategyId = d.strategyId();
            instrumentId = d.instrumentId();
            this.instrument = instrument;
            side = d.sideRaw();
            type = d.orderTypeRaw();
            tif = d.timeInForceRaw();
            reduceOnly = d.reduceOnlyRaw() == BooleanType.T.value();
            price = d.price();
            stopPrice = d.stopPrice();
            qty = d.qty();
            positionId = d.positionId();
            reasonCode = d.reasonCode();
            referencePrice = d.referencePrice();
            stopLossPrice = d.stopLossPrice();
            takeProfitPrice = d.takeProfitPrice();
            resetProgress();
        }

        /** A venue-created reduce-only child of a filled entry: opposite side, GTC, for the entry's filled qty. */
        void loadChild(final Order entry, final long id, final int childType, final long childPrice, final int reason)
        {
            orderId = id;
            strategyId = entry.strategyId;
            instrumentId = entry.instrumentId;
            instrument = entry.instrument;
            side = entry.side == BUY ? SELL : BUY;
            type = childType;
            tif = GTC;
            reduceOnly = true;
            price = childType == LIMIT ? childPrice : 0;
            stopPrice = childType == STOP_MARKET ? childPrice : 0;
            qty = entry.filled;
            positionId = entry.positionId;
            reasonCode = reason;
            referencePrice = childPrice;
            stopLossPrice = 0;
            takeProfitPrice = 0;
            resetProgress();
        }

        private void resetProgress()
        {
            filled = 0;
            fillRaw = 0;
            bars = false;
            triggered = false;
            queueAhead = 0;
        }

        long leaves()
        {
            return qty - filled;
        }

        void clear()
        {
            instrument = null;
            state = 0;
        }
    }
}
