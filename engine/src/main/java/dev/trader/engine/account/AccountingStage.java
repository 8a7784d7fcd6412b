package dev.trader.engine.account;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.AccountEncoder;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FundingEncoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.PositionEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedEncoder;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.PortfolioView;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounting stage (stage name {@value #NAME}): books every Fill into hedging-style positions, marks them, settles
 * funding and emits the account's event series; it is also the {@link PortfolioView} the strategy and risk stages
 * read. Seed 002 section 3 (positions, trades.csv / equity.csv rows, several concurrent shorts per symbol), section 4
 * (equity series for the drawdown {@code equity / cummax(equity) - 1}), seed 004 section 4 (fees, funding, slippage
 * as separate cost components) and docs/trading.md (ids, money grid).
 *
 * <h2>Positions</h2>
 * A Fill (template 25) goes to the position named by its {@code positionId}. The first fill opens it (BUY = long,
 * SELL = short); a fill on the same side increases it; an opposite fill reduces it. Entry cost is kept exactly as
 * {@code sum(price mantissa x qty mantissa)} in a long at exponent priceExponent + qtyExponent ("raw"). A reduction
 * of {@code c} out of an open {@code q} takes the entry share {@code entryRaw x c / q} (rounded half-even; the last
 * close takes whatever remains, so a position's total realized PnL is exactly exit proceeds - entry cost) and books
 * {@code realized = (exitRaw - share) x sign}, rescaled to money once. Fees come from the Fill's {@code fee},
 * slippage from its {@code slippage} (an attribution already inside the prices: reported, never subtracted again).
 * So {@code cash = initial + realized - fees - funding} holds exactly, in money mantissas ({@link Money}).
 * After each fill a Position event is emitted; when the qty reaches 0 a TradeClosed follows (entry/exit reasons of the
 * opening / closing fill, qty = the largest absolute qty held, average entry / exit prices, gross, fees, funding,
 * slippage, {@code net = gross - fees - funding}, entry notional) and the position goes back to the pool.
 *
 * <h2>Bad fills</h2>
 * Never an exception: a fill with a bad side, non-positive price or qty, id 0, an unknown instrument, an overflowing
 * notional, a position id already closed this run, a reduce-only fill without an open position, a fill whose
 * instrument or strategy differ from its position's, or one that would open a position beyond the pool
 * ({@code accounting.maxOpenPositions}, default 4096) is counted as an anomaly and not booked. A fill that would
 * flip a position past zero closes it (its whole fee is booked, the venue charged it) and the excess qty is counted
 * as an anomaly ({@code flipExcess}); the venue never does this (reduce-only clamps).
 *
 * <h2>Time and marks</h2>
 * Event time is the event's {@code receiveTsNs} (the engine clock). The mark of an instrument is the book's mid when
 * the book stage is wired and the instrument's book is trusted with both sides, else the last Trade (template 1)
 * price, else the last Bar (template 20) close of the finest interval seen. Marks are held at one decimal finer than
 * the price grid so a mid is exact. Unrealized PnL, equity and exposure use the mark; with no mark yet a position is
 * carried at its entry cost (unrealized 0).
 *
 * <h2>Funding (seed 004 section 4)</h2>
 * <ul>
 *   <li>events: a MarkPrice (template 5) announces {@code fundingRate} and {@code nextFundingTimeNs}; the first event
 *       at or after that time settles every position open on the instrument at that moment:
 *       {@code amount = signed qty x markPrice x rate} (the MarkPrice's mark, the exchange's basis; long pays when
 *       the rate is positive, short receives), one Funding event per position, {@code configured = F}.</li>
 *   <li>config: every epoch-aligned {@code fundingInterval} boundary crossed by event time settles
 *       {@code qty x mark x fundingRate}, {@code configured = T}; when one silence crosses n boundaries they are settled
 *       together (rate n x fundingRate, stamped at the latest boundary).</li>
 *   <li>auto (default): events for an instrument once it has had a MarkPrice with a funding time, config before.</li>
 * </ul>
 * Funding is added to the position's and the account's funding (paid = positive), i.e. taken from cash.
 *
 * <h2>Account series</h2>
 * One Account event on the first event (stamped with its time, so the curve starts at the initial equity), then one
 * whenever event time crosses an epoch-aligned {@code equityInterval} boundary (one per crossing, stamped with the
 * latest boundary crossed, emitted before the crossing event is booked), and one at end of stream.
 *
 * <h2>Hot path</h2>
 * No allocation in steady state: positions come from a preallocated pool, open ids are a sorted {@code long[]},
 * per-(strategy, instrument) tallies and per-strategy slots live in Agrona primitive maps that are never iterated.
 * Closed position ids are remembered for {@link #positionStrategy(long)} / {@link #positionInstrument(long)} after the
 * close and for the id-reuse check ({@code fillForClosedPosition}) only for the last {@link #CLOSED_HISTORY} closes
 * (a bounded ring; an unbounded map resized itself every doubling of the closed count: 512 KiB at 10,650 trades).
 */
public final class AccountingStage implements Stage, PortfolioView
{
    public static final String NAME = "accounting";
    /** Most distinct strategies tracked (per-strategy statistics). */
    public static final int MAX_STRATEGIES = 256;
    /** Closed positions remembered for {@link #positionStrategy} / {@link #positionInstrument} and id-reuse checks. */
    public static final int CLOSED_HISTORY = 8192;

    private static final long NO_MARK = 0;
    private static final long NONE = Long.MAX_VALUE;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Largest money amount a single fill's notional, fee or slippage may have: 10^8 quote units. */
    private static final long MAX_FILL_MONEY = 10_000_000_000_000_000L;

    private final AccountingSettings settings;
    private final OrderBookStage books;
    private final long initialCash;
    private final long equityIntervalNs;
    private final long fundingIntervalNs;
    private final double fundingRate;
    private final AccountingSettings.FundingSource fundingSource;

    // instruments, by dense slot (registry order)
    private final Instrument[] instrumentBySlot;
    private final Int2IntHashMap slotOf = new Int2IntHashMap(-1);
    private final long[] lastTradeX10;
    private final long[] lastBarCloseX10;
    private final long[] barIntervalNs;
    private final long[] netQty;
    private final long[] signedEntryRaw;
    private final long[] absQty;
    private final long[] absEntryRaw;
    private final boolean[] hasEventFunding;
    private final long[] fundingDueNs;
    private final double[] fundingRateDue;
    private final long[] fundingMarkMantissa;
    private final int[] fundingMarkExponent;
    private long nextEventFundingNs = NONE;

    // positions
    private final Position[] pool;
    private int free;
    private final Long2ObjectHashMap<Position> open = new Long2ObjectHashMap<>();
    private final long[] openIds;
    private int openCount;
    private final Long2LongHashMap openByStrategyInstrument = new Long2LongHashMap(0);
    private final Long2LongHashMap netByStrategyInstrument = new Long2LongHashMap(0);
    /**
     * The last {@link #CLOSED_HISTORY} closed positions (id -> strategy/instrument key), oldest evicted first through
     * the ring {@code closedRing}: bounded so that a long run neither grows memory per closed trade nor allocates
     * when the map would resize (the map's capacity holds CLOSED_HISTORY entries below its load factor).
     */
    private final Long2LongHashMap closedInfo = new Long2LongHashMap(1 << 14, 0.65f, 0);
    private final long[] closedRing = new long[CLOSED_HISTORY];
    private long closedSeq;

    // strategies
    private final Int2IntHashMap strategySlot = new Int2IntHashMap(-1);
    private int strategies;
    private final int[] consecutiveLosses = new int[MAX_STRATEGIES];
    private final long[] lastNetPnl = new long[MAX_STRATEGIES];
    private final long[] wins = new long[MAX_STRATEGIES];
    private final long[] losses = new long[MAX_STRATEGIES];
    private final long[] sumWinPnl = new long[MAX_STRATEGIES];
    private final long[] sumLossPnl = new long[MAX_STRATEGIES];

    // account
    private long realized;
    private long fees;
    private long funding;
    private long slippage;
    private long turnover;
    private boolean started;
    private long lastTsNs = Long.MIN_VALUE;
    private long equityBoundaryNs;
    private long fundingBoundaryNs;

    // codecs
    private final FillDecoder fill = new FillDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final MarkPriceDecoder markPrice = new MarkPriceDecoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PositionEncoder positionOut = new PositionEncoder();
    private final TradeClosedEncoder closedOut = new TradeClosedEncoder();
    private final FundingEncoder fundingOut = new FundingEncoder();
    private final AccountEncoder accountOut = new AccountEncoder();

    // counters
    private long fills;
    private long positionsOpened;
    private long positionsIncreased;
    private long positionsReduced;
    private long fundingEvents;
    private long accountEvents;
    private long badFills;
    private long unknownInstrument;
    private long fillForClosedPosition;
    private long reduceWithoutPosition;
    private long positionMismatch;
    private long flipExcess;
    private long poolExhausted;
    private long strategySlotsExhausted;
    private long badMarkPrices;

    /**
     * @param instruments the registry (instruments outside it are refused, counted)
     * @param settings    the {@code accounting:} section
     * @param books       the book stage for mid marks, or null (marks from trades and bars only)
     */
    public AccountingStage(final InstrumentRegistry instruments, final AccountingSettings settings, final OrderBookStage books)
    {
        settings.validate();
        this.settings = settings;
        this.books = books;
        this.initialCash = Money.of(settings.initialEquity());
        this.equityIntervalNs = settings.equityInterval().toNanos();
        this.fundingIntervalNs = settings.fundingInterval().toNanos();
        this.fundingRate = settings.fundingRate();
        this.fundingSource = settings.fundingSource();

        final List<Instrument> all = instruments.all();
        final int n = all.size();
        instrumentBySlot = all.toArray(new Instrument[0]);
        for (int i = 0; i < n; i++)
        {
            slotOf.put(instrumentBySlot[i].id(), i);
        }
        lastTradeX10 = new long[n];
        lastBarCloseX10 = new long[n];
        barIntervalNs = new long[n];
        Arrays.fill(barIntervalNs, Long.MAX_VALUE);
        netQty = new long[n];
        signedEntryRaw = new long[n];
        absQty = new long[n];
        absEntryRaw = new long[n];
        hasEventFunding = new boolean[n];
        fundingDueNs = new long[n];
        Arrays.fill(fundingDueNs, NONE);
        fundingRateDue = new double[n];
        fundingMarkMantissa = new long[n];
        fundingMarkExponent = new int[n];

        final int capacity = settings.maxOpenPositions();
        pool = new Position[capacity];
        for (int i = 0; i < capacity; i++)
        {
            pool[i] = new Position();
            pool[i].clear();
        }
        free = capacity;
        openIds = new long[capacity];
    }

    @Override
    public String name()
    {
        return NAME;
    }

    public AccountingSettings settings()
    {
        return settings;
    }

    // ------------------------------------------------------------------ events

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final long ts = event.receiveTsNs();
        if (!started)
        {
            started = true;
            equityBoundaryNs = Math.floorDiv(ts, equityIntervalNs) * equityIntervalNs;
            fundingBoundaryNs = Math.floorDiv(ts, fundingIntervalNs) * fundingIntervalNs;
            lastTsNs = ts;
            emitAccount(emitter, ts, ts);
        }
        else
        {
            if (ts > lastTsNs)
            {
                lastTsNs = ts;
            }
            settleFunding(emitter, ts);
            final long boundary = Math.floorDiv(ts, equityIntervalNs) * equityIntervalNs;
            if (boundary > equityBoundaryNs)
            {
                equityBoundaryNs = boundary;
                emitAccount(emitter, boundary, ts);
            }
        }
        switch (event.templateId())
        {
            case FillDecoder.TEMPLATE_ID:
                fill.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                onFill(emitter);
                break;
            case TradeDecoder.TEMPLATE_ID:
                trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                onTrade();
                break;
            case BarDecoder.TEMPLATE_ID:
                bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                onBar();
                break;
            case MarkPriceDecoder.TEMPLATE_ID:
                markPrice.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                onMarkPrice();
                break;
            default:
                break;
        }
    }

    @Override
    public void onEndOfStream(final Emitter emitter)
    {
        if (started)
        {
            emitAccount(emitter, lastTsNs, lastTsNs);
        }
    }

    private void onTrade()
    {
        final int slot = slotOf.get(trade.instrumentId());
        final long price = trade.price();
        if (slot >= 0 && price > 0 && price < Long.MAX_VALUE / 10)
        {
            lastTradeX10[slot] = price * 10;
        }
    }

    private void onBar()
    {
        final int slot = slotOf.get(bar.instrumentId());
        final long close = bar.close();
        final long interval = bar.intervalNs();
        if (slot >= 0 && close > 0 && close < Long.MAX_VALUE / 10 && interval > 0 && interval <= barIntervalNs[slot])
        {
            barIntervalNs[slot] = interval;
            lastBarCloseX10[slot] = close * 10;
        }
    }

    private void onMarkPrice()
    {
        final int slot = slotOf.get(markPrice.instrumentId());
        if (slot < 0)
        {
            return;
        }
        final long rateMantissa = markPrice.fundingRate().mantissa();
        final int rateExponent = markPrice.fundingRate().exponent();
        final long markMantissa = markPrice.markPrice().mantissa();
        final int markExponent = markPrice.markPrice().exponent();
        final long next = markPrice.nextFundingTimeNs();
        if (next <= 0)
        {
            return; // no funding announced (spot, or a venue that sends none)
        }
        if (rateExponent > 0 || rateExponent < -18 || markExponent > 0 || markExponent < -18 || markMantissa <= 0
            || rateMantissa == Long.MIN_VALUE || Math.abs(rateMantissa) > 1_000_000_000_000_000L)
        {
            badMarkPrices++;
            return;
        }
        final double rate = Decimals.toDouble(rateMantissa, rateExponent);
        if (!(Math.abs(rate) < 0.1))
        {
            badMarkPrices++;
            return;
        }
        hasEventFunding[slot] = true;
        fundingDueNs[slot] = next;
        fundingRateDue[slot] = rate;
        fundingMarkMantissa[slot] = markMantissa;
        fundingMarkExponent[slot] = markExponent;
        if (next < nextEventFundingNs)
        {
            nextEventFundingNs = next;
        }
    }

    // ------------------------------------------------------------------ fills

    private void onFill(final Emitter emitter)
    {
        fills++;
        final int instrumentId = fill.instrumentId();
        final int slot = slotOf.get(instrumentId);
        if (slot < 0)
        {
            unknownInstrument++;
            return;
        }
        final Instrument instrument = instrumentBySlot[slot];
        final Side side = fill.side();
        final long price = fill.price();
        final long qty = fill.qty();
        final long positionId = fill.positionId();
        final long fee = fill.fee();
        final long slip = fill.slippage();
        if ((side != Side.BUY && side != Side.SELL) || price <= 0 || qty <= 0 || positionId == 0
            || fee < -MAX_FILL_MONEY || fee > MAX_FILL_MONEY || slip < -MAX_FILL_MONEY || slip > MAX_FILL_MONEY)
        {
            badFills++;
            return;
        }
        final long fillRaw = price * qty;
        final long fillMoney = toMoney(fillRaw, instrument.priceExponent() + instrument.qtyExponent());
        if (Math.multiplyHigh(price, qty) != 0 || fillRaw < 0 || fillMoney < 0 || fillMoney > MAX_FILL_MONEY)
        {
            badFills++;
            return;
        }
        final int strategyId = fill.strategyId();
        final int sign = side == Side.BUY ? 1 : -1;
        final long ts = fill.receiveTsNs();

        Position p = open.get(positionId);
        if (p == null)
        {
            if (closedInfo.containsKey(positionId))
            {
                fillForClosedPosition++;
                    return;
            }
            if (fill.reduceOnly() == BooleanType.T)
            {
                reduceWithoutPosition++;
                    return;
            }
            if (free == 0)
            {
                poolExhausted++;
                    return;
            }
            if (strategySlotFor(strategyId) < 0)
            {
                strategySlotsExhausted++;
                    return;
            }
            p = pool[--free];
            p.clear();
            p.id = positionId;
            p.strategyId = strategyId;
            p.instrumentId = instrumentId;
            p.slot = slot;
            p.sign = sign;
            p.entryReason = fill.reasonCode();
            p.entryTsNs = ts;
            open.put(positionId, p);
            insertOpenId(positionId);
            final long key = key(strategyId, instrumentId);
            addTo(openByStrategyInstrument, key, 1);
            positionsOpened++;
            increase(p, qty, fillRaw);
        }
        else if (p.instrumentId != instrumentId || p.strategyId != strategyId)
        {
            positionMismatch++;
            return;
        }
        else if (p.sign == sign)
        {
            positionsIncreased++;
            increase(p, qty, fillRaw);
        }
        else
        {
            final long closeQty = Math.min(qty, p.qty);
            if (qty > p.qty)
            {
                flipExcess++;
                }
            positionsReduced++;
            reduce(p, closeQty, price * closeQty);
        }
        p.fees += fee;
        p.slippage += slip;
        fees += fee;
        slippage += slip;
        turnover += fillMoney;

        emitPosition(emitter, p);
        if (p.qty == 0)
        {
            close(emitter, p, ts);
        }
    }

    private void increase(final Position p, final long qty, final long raw)
    {
        p.qty += qty;
        p.entryRaw += raw;
        p.totalEntryRaw += raw;
        p.totalEntryQty += qty;
        if (p.qty > p.maxQty)
        {
            p.maxQty = p.qty;
        }
        final int s = p.slot;
        netQty[s] += p.sign * qty;
        signedEntryRaw[s] += p.sign * raw;
        absQty[s] += qty;
        absEntryRaw[s] += raw;
        final long key = key(p.strategyId, p.instrumentId);
        addTo(netByStrategyInstrument, key, p.sign * qty);
    }

    private void reduce(final Position p, final long closeQty, final long exitRaw)
    {
        final long share = closeQty == p.qty ? p.entryRaw : mulDiv(p.entryRaw, closeQty, p.qty);
        final Instrument instrument = instrumentBySlot[p.slot];
        final long pnl = toMoney(p.sign * (exitRaw - share), instrument.priceExponent() + instrument.qtyExponent());
        p.realized += pnl;
        realized += pnl;
        p.qty -= closeQty;
        p.entryRaw -= share;
        p.totalExitRaw += exitRaw;
        final int s = p.slot;
        netQty[s] -= p.sign * closeQty;
        signedEntryRaw[s] -= p.sign * share;
        absQty[s] -= closeQty;
        absEntryRaw[s] -= share;
        final long key = key(p.strategyId, p.instrumentId);
        addTo(netByStrategyInstrument, key, -p.sign * closeQty);
    }

    private void close(final Emitter emitter, final Position p, final long ts)
    {
        final Instrument instrument = instrumentBySlot[p.slot];
        final int e = instrument.priceExponent() + instrument.qtyExponent();
        final long net = p.realized - p.fees - p.funding;
        final int offset = emitter.claim(HEADER + TradeClosedEncoder.BLOCK_LENGTH);
        closedOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(ts)
            .receiveTsNs(ts)
            .instrumentId(p.instrumentId)
            .strategyId(p.strategyId)
            .positionId(p.id)
            .side(p.sign > 0 ? Side.BUY : Side.SELL)
            .entryTsNs(p.entryTsNs)
            .qty(p.maxQty)
            .entryPrice(price(p.totalEntryRaw, p.totalEntryQty, instrument.priceExponent()))
            .exitPrice(price(p.totalExitRaw, p.totalEntryQty, instrument.priceExponent()))
            .grossPnl(p.realized)
            .fees(p.fees)
            .funding(p.funding)
            .slippage(p.slippage)
            .netPnl(net)
            .entryReason(p.entryReason)
            .exitReason(fill.reasonCode())
            .notional(toMoney(p.totalEntryRaw, e));
        emitter.commit(HEADER + closedOut.encodedLength());

        final int s = strategySlot.get(p.strategyId);
        lastNetPnl[s] = net;
        if (net > 0)
        {
            wins[s]++;
            sumWinPnl[s] += net;
            consecutiveLosses[s] = 0;
        }
        else
        {
            losses[s]++;
            sumLossPnl[s] -= net;
            consecutiveLosses[s]++;
        }

        final long key = key(p.strategyId, p.instrumentId);
        addTo(openByStrategyInstrument, key, -1);
        final int slot = (int)(closedSeq++ & (CLOSED_HISTORY - 1));
        if (closedSeq > CLOSED_HISTORY)
        {
            closedInfo.remove(closedRing[slot]);
        }
        closedRing[slot] = p.id;
        closedInfo.put(p.id, key);
        open.remove(p.id);
        removeOpenId(p.id);
        p.clear();
        pool[free++] = p;
    }

    private int strategySlotFor(final int strategyId)
    {
        int s = strategySlot.get(strategyId);
        if (s < 0)
        {
            if (strategies == MAX_STRATEGIES)
            {
                return -1;
            }
            s = strategies++;
            strategySlot.put(strategyId, s);
        }
        return s;
    }

    // ------------------------------------------------------------------ funding

    private void settleFunding(final Emitter emitter, final long ts)
    {
        if (fundingSource == AccountingSettings.FundingSource.NONE)
        {
            return;
        }
        if (fundingSource != AccountingSettings.FundingSource.CONFIG && ts >= nextEventFundingNs)
        {
            long next = NONE;
            for (int s = 0; s < fundingDueNs.length; s++)
            {
                final long due = fundingDueNs[s];
                if (due == NONE)
                {
                    continue;
                }
                if (ts >= due)
                {
                    fundingDueNs[s] = NONE;
                    settleInstrument(emitter, s, due, ts, fundingRateDue[s], false);
                }
                else if (due < next)
                {
                    next = due;
                }
            }
            nextEventFundingNs = next;
        }
        if (fundingSource != AccountingSettings.FundingSource.EVENTS)
        {
            final long boundary = Math.floorDiv(ts, fundingIntervalNs) * fundingIntervalNs;
            if (boundary > fundingBoundaryNs)
            {
                final long crossed = (boundary - fundingBoundaryNs) / fundingIntervalNs;
                fundingBoundaryNs = boundary;
                for (int s = 0; s < instrumentBySlot.length; s++)
                {
                    if (fundingSource == AccountingSettings.FundingSource.CONFIG || !hasEventFunding[s])
                    {
                        settleInstrument(emitter, s, boundary, ts, fundingRate * crossed, true);
                    }
                }
            }
        }
    }

    /** Settles one funding of every open position of an instrument, in ascending position id order. */
    private void settleInstrument(
        final Emitter emitter, final int slot, final long fundingTsNs, final long ts, final double rate, final boolean configured)
    {
        if (absQty[slot] == 0)
        {
            return;
        }
        final Instrument instrument = instrumentBySlot[slot];
        final int qe = instrument.qtyExponent();
        final long markX10 = markX10(slot);
        for (int i = 0; i < openCount; i++)
        {
            final Position p = open.get(openIds[i]);
            if (p.slot != slot)
            {
                continue;
            }
            final long signedQty = p.sign * p.qty;
            final long notional;
            final double markUsed;
            if (!configured)
            {
                notional = toMoney(fundingMarkMantissa[slot] * signedQty, fundingMarkExponent[slot] + qe);
                markUsed = Decimals.toDouble(fundingMarkMantissa[slot], fundingMarkExponent[slot]);
            }
            else if (markX10 != NO_MARK)
            {
                notional = toMoney(markX10 * signedQty, instrument.priceExponent() - 1 + qe);
                markUsed = Decimals.toDouble(markX10, instrument.priceExponent() - 1);
            }
            else
            {
                notional = toMoney(p.sign * p.entryRaw, instrument.priceExponent() + qe);
                markUsed = price(p.entryRaw, p.qty, instrument.priceExponent());
            }
            final long amount = Money.times(notional, rate);
            p.funding += amount;
            funding += amount;
            fundingEvents++;
            final int offset = emitter.claim(HEADER + FundingEncoder.BLOCK_LENGTH);
            fundingOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
                .exchangeTsNs(fundingTsNs)
                .receiveTsNs(ts)
                .instrumentId(p.instrumentId)
                .strategyId(p.strategyId)
                .positionId(p.id)
                .rate(rate)
                .markPrice(markUsed)
                .positionQty(signedQty)
                .amount(amount)
                .configured(configured ? BooleanType.T : BooleanType.F);
            emitter.commit(HEADER + fundingOut.encodedLength());
        }
    }

    // ------------------------------------------------------------------ emitted events

    private void emitPosition(final Emitter emitter, final Position p)
    {
        final Instrument instrument = instrumentBySlot[p.slot];
        final int offset = emitter.claim(HEADER + PositionEncoder.BLOCK_LENGTH);
        final int avgExponent = instrument.priceExponent() - 4;
        positionOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(fill.exchangeTsNs())
            .receiveTsNs(fill.receiveTsNs())
            .instrumentId(p.instrumentId)
            .strategyId(p.strategyId)
            .qty(p.sign * p.qty)
            .realizedPnl(p.realized)
            .unrealizedPnl(unrealized(p))
            .fees(p.fees)
            .funding(p.funding)
            .positionId(p.id);
        positionOut.avgEntryPrice()
            .mantissa(p.totalEntryQty == 0 ? 0 : mulDiv(p.totalEntryRaw, 10_000, p.totalEntryQty))
            .exponent((byte)avgExponent);
        emitter.commit(HEADER + positionOut.encodedLength());
    }

    private void emitAccount(final Emitter emitter, final long stampNs, final long ts)
    {
        final long unrealized = unrealizedTotal();
        final long cash = cash();
        final int offset = emitter.claim(HEADER + AccountEncoder.BLOCK_LENGTH);
        accountOut.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(stampNs)
            .receiveTsNs(ts)
            .instrumentId(0)
            .cash(cash)
            .equity(cash + unrealized)
            .unrealizedPnl(unrealized)
            .realizedPnl(realized)
            .fees(fees)
            .funding(funding)
            .slippage(slippage)
            .grossExposure(grossExposure())
            .openPositions(openCount)
            .turnover(turnover);
        emitter.commit(HEADER + accountOut.encodedLength());
        accountEvents++;
    }

    // ------------------------------------------------------------------ marks and valuation

    /** The mark of an instrument slot at one decimal finer than its price grid (exponent priceExponent - 1), or 0. */
    private long markX10(final int slot)
    {
        if (books != null)
        {
            final BookView book = books.book(instrumentBySlot[slot].id());
            if (book != null && book.isTrusted())
            {
                final long bid = book.bestBidPrice();
                final long ask = book.bestAskPrice();
                if (bid != BookSide.NO_PRICE && ask != BookSide.NO_PRICE && bid > 0 && ask > 0)
                {
                    return (bid + ask) * 5;
                }
            }
        }
        if (lastTradeX10[slot] != NO_MARK)
        {
            return lastTradeX10[slot];
        }
        return lastBarCloseX10[slot];
    }

    private long unrealized(final Position p)
    {
        final long m = markX10(p.slot);
        if (m == NO_MARK)
        {
            return 0;
        }
        final Instrument instrument = instrumentBySlot[p.slot];
        return toMoney(p.sign * (m * p.qty - 10 * p.entryRaw), instrument.priceExponent() + instrument.qtyExponent() - 1);
    }

    private long unrealizedSlot(final int slot)
    {
        if (absQty[slot] == 0)
        {
            return 0;
        }
        final long m = markX10(slot);
        if (m == NO_MARK)
        {
            return 0;
        }
        final Instrument instrument = instrumentBySlot[slot];
        return toMoney(m * netQty[slot] - 10 * signedEntryRaw[slot],
            instrument.priceExponent() + instrument.qtyExponent() - 1);
    }

    private long unrealizedTotal()
    {
        long sum = 0;
        for (int s = 0; s < instrumentBySlot.length; s++)
        {
            sum += unrealizedSlot(s);
        }
        return sum;
    }

    private long exposureSlot(final int slot)
    {
        if (absQty[slot] == 0)
        {
            return 0;
        }
        final Instrument instrument = instrumentBySlot[slot];
        final long m = markX10(slot);
        if (m == NO_MARK)
        {
            return toMoney(absEntryRaw[slot], instrument.priceExponent() + instrument.qtyExponent());
        }
        return toMoney(m * absQty[slot], instrument.priceExponent() + instrument.qtyExponent() - 1);
    }

    // ------------------------------------------------------------------ PortfolioView

    @Override
    public long initialCash()
    {
        return initialCash;
    }

    public long cash()
    {
        return initialCash + realized - fees - funding;
    }

    @Override
    public long equity()
    {
        return cash() + unrealizedTotal();
    }

    @Override
    public int openPositions()
    {
        return openCount;
    }

    @Override
    public int openPositions(final int strategyId, final int instrumentId)
    {
        return (int)openByStrategyInstrument.get(key(strategyId, instrumentId));
    }

    @Override
    public long openPositionId(final int index)
    {
        return openIds[index];
    }

    @Override
    public int positionStrategy(final long positionId)
    {
        final Position p = open.get(positionId);
        if (p != null)
        {
            return p.strategyId;
        }
        return (int)(closedInfo.get(positionId) >>> 32);
    }

    @Override
    public int positionInstrument(final long positionId)
    {
        final Position p = open.get(positionId);
        if (p != null)
        {
            return p.instrumentId;
        }
        return (int)closedInfo.get(positionId);
    }

    public long netQty(final int strategyId, final int instrumentId)
    {
        return netByStrategyInstrument.get(key(strategyId, instrumentId));
    }

    @Override
    public long positionQty(final long positionId)
    {
        final Position p = open.get(positionId);
        return p == null ? 0 : p.sign * p.qty;
    }

    @Override
    public double positionEntryPrice(final long positionId)
    {
        final Position p = open.get(positionId);
        return p == null ? Double.NaN : price(p.totalEntryRaw, p.totalEntryQty, instrumentBySlot[p.slot].priceExponent());
    }

    @Override
    public long positionEntryTsNs(final long positionId)
    {
        final Position p = open.get(positionId);
        return p == null ? Long.MIN_VALUE : p.entryTsNs;
    }

    @Override
    public long exposure(final int instrumentId)
    {
        final int slot = slotOf.get(instrumentId);
        return slot < 0 ? 0 : exposureSlot(slot);
    }

    @Override
    public long grossExposure()
    {
        long sum = 0;
        for (int s = 0; s < instrumentBySlot.length; s++)
        {
            sum += exposureSlot(s);
        }
        return sum;
    }

    @Override
    public double mark(final int instrumentId)
    {
        final int slot = slotOf.get(instrumentId);
        if (slot < 0)
        {
            return Double.NaN;
        }
        final long m = markX10(slot);
        return m == NO_MARK ? Double.NaN : Decimals.toDouble(m, instrumentBySlot[slot].priceExponent() - 1);
    }

    @Override
    public long closedTrades(final int strategyId)
    {
        final int s = strategySlot.get(strategyId);
        return s < 0 ? 0 : wins[s] + losses[s];
    }

    @Override
    public int consecutiveLosses(final int strategyId)
    {
        final int s = strategySlot.get(strategyId);
        return s < 0 ? 0 : consecutiveLosses[s];
    }

    public long lastNetPnl(final int strategyId)
    {
        return ofStrategy(lastNetPnl, strategyId);
    }

    /** Closed positions with net PnL > 0 (a net PnL <= 0, including exactly 0, is a loss). */
    @Override
    public long wins(final int strategyId)
    {
        return ofStrategy(wins, strategyId);
    }

    /** Closed positions with net PnL <= 0. */
    @Override
    public long losses(final int strategyId)
    {
        return ofStrategy(losses, strategyId);
    }

    @Override
    public long sumWinPnl(final int strategyId)
    {
        return ofStrategy(sumWinPnl, strategyId);
    }

    @Override
    public long sumLossPnl(final int strategyId)
    {
        return ofStrategy(sumLossPnl, strategyId);
    }

    /** {@code values} of one strategy's slot; 0 for a strategy that never traded. */
    private long ofStrategy(final long[] values, final int strategyId)
    {
        final int s = strategySlot.get(strategyId);
        return s < 0 ? 0 : values[s];
    }

    /** Realized gross PnL of the account so far (money mantissa). */
    public long realizedPnl()
    {
        return realized;
    }

    public long fees()
    {
        return fees;
    }

    public long funding()
    {
        return funding;
    }

    public long slippage()
    {
        return slippage;
    }

    /** Cumulative traded notional (money mantissa). */
    public long turnover()
    {
        return turnover;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("fills", fills);
        m.put("positionsOpened", positionsOpened);
        m.put("positionsIncreased", positionsIncreased);
        m.put("positionsReduced", positionsReduced);
        m.put("positionsClosed", positionsOpened - openCount);
        m.put("openPositions", (long)openCount);
        m.put("fundingEvents", fundingEvents);
        m.put("accountEvents", accountEvents);
        m.put("anomalies", badFills + unknownInstrument + fillForClosedPosition + reduceWithoutPosition
            + positionMismatch + flipExcess + poolExhausted + strategySlotsExhausted);
        m.put("badFills", badFills);
        m.put("unknownInstrument", unknownInstrument);
        m.put("fillForClosedPosition", fillForClosedPosition);
        m.put("reduceWithoutPosition", reduceWithoutPosition);
        m.put("positionMismatch", positionMismatch);
        m.put("flipExcess", flipExcess);
        m.put("poolExhausted", poolExhausted);
        m.put("strategySlotsExhausted", strategySlotsExhausted);
        m.put("badMarkPrices", badMarkPrices);
        return m;
    }

    // ------------------------------------------------------------------ helpers

    private void insertOpenId(final long id)
    {
        int lo = 0;
        int hi = openCount - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (openIds[mid] < id)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        System.arraycopy(openIds, lo, openIds, lo + 1, openCount - lo);
        openIds[lo] = id;
        openCount++;
    }

    private void removeOpenId(final long id)
    {
        int lo = 0;
        int hi = openCount - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (openIds[mid] < id)
            {
                lo = mid + 1;
            }
            else if (openIds[mid] > id)
            {
                hi = mid - 1;
            }
            else
            {
                System.arraycopy(openIds, mid + 1, openIds, mid, openCount - mid - 1);
                openCount--;
                return;
            }
        }
    }

    /** Adds to a tally; a tally of 0 is removed (Agrona maps refuse their missing value 0 as a value). */
    private static void addTo(final Long2LongHashMap map, final long key, final long delta)
    {
        final long v = map.get(key) + delta;
        if (v == 0)
        {
            map.remove(key);
        }
        else
        {
            map.put(key, v);
        }
    }

    private static long key(final int strategyId, final int instrumentId)
    {
        return ((long)strategyId << 32) | (instrumentId & 0xFFFF_FFFFL);
    }

    /** {@code raw / qty} as a price (raw at price + qty exponent, so the quotient is at the price exponent). */
    private static double price(final long raw, final long qty, final int priceExponent)
    {
        if (qty == 0)
        {
            return Double.NaN;
        }
        final double perQty = (double)raw / qty;
        return priceExponent <= 0 ? perQty / Decimals.pow10(-priceExponent) : perQty * Decimals.pow10(priceExponent);
    }

    /** {@code a x b / c} rounded half-even (c > 0): exact when {@code a x b} fits a long, else in double. */
    static long mulDiv(final long a, final long b, final long c)
    {
        final long hi = Math.multiplyHigh(a, b);
        final long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0))
        {
            final long q = Math.floorDiv(lo, c);
            final long r = lo - q * c;
            final long twice = 2 * r;
            if (twice > c || (twice == c && (q & 1) != 0))
            {
                return q + 1;
            }
            return q;
        }
        return (long)Math.rint((double)a * (double)b / c);
    }

    /**
     * A mantissa at exponent {@code e} as a money mantissa (10^-8), half-even: {@link Money#rescale} where it cannot
     * throw, never an exception here. Going finer is exact, {@link Decimals#INVALID} ({@code Long.MIN_VALUE}, refused
     * by the fill checks as negative) on overflow; more than 18 digits coarser goes through a double.
     */
    static long toMoney(final long mantissa, final int e)
    {
        if (e >= Money.EXPONENT)
        {
            return Decimals.rescale(mantissa, e, Money.EXPONENT);
        }
        if (Money.EXPONENT - e > 18)
        {
            return (long)Math.rint(mantissa / StrictMath.pow(10, Money.EXPONENT - e));
        }
        return Money.rescale(mantissa, e);
    }
}
