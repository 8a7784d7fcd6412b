package dev.trader.engine.stages;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time bars per instrument (default 5 s, 1 m, 5 m, 15 m, 1 h; seed 002 section 2 and seed 000 section 4) built from
 * trades or taken from the venue's closed klines, with the 1 m stream validated and repaired (seed 000 section 4.A)
 * and the higher timeframes aggregated from that repaired 1 m stream.
 *
 * <h2>Sources</h2>
 * <ul>
 *   <li>Trades are bucketed by exchange timestamp into {@code [floor(ts / interval) * interval, + interval)}. A bar is
 *       emitted only when it is complete: the first trade of a later interval closes it. A bar still open at the end
 *       of the input is not emitted. A trade older than the open bar (out of order across streams) is folded into
 *       the open bar, never lost, and counted.</li>
 *   <li>One bogus exchange timestamp must not stop the bars (a trade stamped in 2100 would open a bar no later trade
 *       closes). A trade more than {@code maxTimeJump} (default 1 h) after the instrument's latest trade is held back;
 *       the instrument's next trade decides: when it is also past that mark the jump was real (a gap in the data) and
 *       both are applied in order, otherwise the held trade was a lone outlier and is dropped ({@code timeOutliers}).
 *       A real jump therefore closes the bar before it one trade later; deterministic either way. A trade still held
 *       at the end of the input is not applied. The boundary ({@code MarketSanity}, CLOCK_SKEW) refuses such stamps
 *       first; this is the defence in depth.</li>
 *   <li>A closed kline whose interval equals a bar interval becomes that bar directly (flag {@code fromKline}), so
 *       replaying imported 1 m klines yields the same 1 m bars. With {@code source: auto} the first source to
 *       deliver data for an (instrument, interval) owns it for the run, so trades and klines never double-count.</li>
 *   <li>When 1 m is one of the intervals, every longer interval that is a whole number of minutes (5 m, 15 m, 1 h)
 *       is <b>aggregated from the emitted (repaired) 1 m bars</b>, whatever built those (trades or klines), as the seed
 *       resamples the repaired 1 m frame ({@code resample_htf_safely} after {@code validate_repair}, seed 000
 *       section 6 steps 3-4). Such an interval is never fed by trades or by klines of its own interval.</li>
 * </ul>
 *
 * <h2>When a higher-timeframe (HTF) bar is emitted</h2>
 * Only when complete (seed 000 section 0: "HTF features must be LAGGED (completed bar)"): right after the 1 m bar
 * that ends at the HTF boundary ({@code openTime + 1m == htfOpen + htfInterval}), or, when that last minute is
 * missing (a gap longer than the repair fills), just <em>before</em> the first 1 m bar of a later HTF interval; such an
 * HTF bar is partial and counted in {@code htfIncomplete}. An HTF bar with no 1 m bar at all is not emitted. So every
 * HTF bar reaches later stages before any 1 m bar that opens at or after its close, and after every 1 m bar it
 * contains. An HTF bar's flags are the OR of its minutes' flags; its trade count and volumes are sums.
 *
 * <h2>1 m validation and repair (seed 000 section 4.A, {@code validate_repair})</h2>
 * Done here rather than in a later stage because a stage cannot change a bar once emitted, and the HTF bars must be
 * built from the repaired stream. With {@code repair} on (the default), per instrument:
 * <ol>
 *   <li>a 1 m bar for a minute already emitted is dropped (keep first) and counted ({@code duplicateBars}); one
 *       older than the last emitted minute is dropped and counted ({@code outOfOrderBars}); the next emitted 1 m bar
 *       carries flag {@code dupe} / {@code outOfOrder}. A stream cannot sort: where the seed would re-insert a late
 *       row, the engine has already decided that minute (filled or left as a gap).</li>
 *   <li>a run of {@code k} missing minutes before a bar is a gap. {@code k <= 2}: {@code k} synthetic bars are emitted
 *       first, open = high = low = close = previous close, volumes and trade count 0, VWAP 0, flag
 *       {@code repairedSmallGap}. {@code k > 2}: nothing is filled and the next {@code 3 k} real bars carry
 *       {@code regimeBreak} (the longest pending embargo wins when gaps overlap, exactly as the seed's repeated
 *       {@code regime_break = 1} assignments; synthetic bars never count toward it).</li>
 *   <li>every gap is logged (first and last missing minute, length, filled or not) for the run's gap report
 *       ({@link #gapReport()}); the log holds {@link #GAP_LOG_CAPACITY} gaps, later ones are only counted.</li>
 * </ol>
 * Kline open times are snapped down to the interval grid (seed step 1). The seed's trailing rule "drop remaining NaN
 * rows" is implicit: a stream never emits a missing minute.
 *
 * <h2>Fields</h2>
 * VWAP = quote volume / volume, carried as a Decimal64 at {@code priceExponent - 4} (0 when volume is 0).
 * {@code quoteVolume} is the dollar volume of seed 002 section 2. {@code ret} = close / previous close - 1 of the same
 * instrument and interval (seed 002 section 2 {@code return_5s}; pandas {@code pct_change}), NaN for the first bar;
 * after an unfilled gap the previous close is the last bar before the gap, as in the seed's frame after its NaN rows
 * are dropped.
 */
public final class BarStage implements Stage
{
    /** Where bars come from. */
    public enum Source
    {
        AUTO, TRADES, KLINES;

        public static Source parse(final String text)
        {
            try
            {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("unknown bar source '" + text + "'; known: auto, trades, klines", ex);
            }
        }
    }

    public static final int VWAP_EXTRA_DIGITS = 4;
    /** The interval of the validated and repaired base stream (seed 000 section 4.A: 1-minute OHLCV). */
    public static final long MINUTE_NS = 60_000_000_000L;
    /** Gaps of at most this many missing 1 m bars are forward-filled (seed 000 section 4.A step 3). */
    public static final int MAX_FILLED_GAP_BARS = 2;
    /** After a longer gap of {@code k} bars, the next {@code REGIME_BREAK_MULTIPLIER * k} real bars carry regimeBreak. */
    public static final int REGIME_BREAK_MULTIPLIER = 3;
    /** Gaps listed in the gap report; more are counted ({@code gapsNotListed}). */
    public static final int GAP_LOG_CAPACITY = 4096;
    /** The repair rule, as written into the gap report. */
    /** Default {@code bars.maxTimeJump}: a later trade must confirm a jump of more than this. */
    public static final long DEFAULT_MAX_TIME_JUMP_NS = 3_600_000_000_000L;
    public static final String REPAIR_RULE = "seed 000 section 4.A on the 1m stream: duplicates dropped (keep first), "
        + "out-of-order bars dropped, gaps of <= 2 bars forward-filled (OHLC = previous close, volume 0, repairedSmallGap), "
        + "longer gaps not filled and regimeBreak set on the next 3 x gap real bars";

    static final int FLAG_FROM_KLINE = 1;
    static final int FLAG_REPAIRED = 1 << 1;
    static final int FLAG_REGIME_BREAK = 1 << 2;
    static final int FLAG_DUPE = 1 << 3;
    static final int FLAG_OUT_OF_ORDER = 1 << 4;

    private static final byte OWNER_NONE = 0;
    private static final byte OWNER_TRADES = 1;
    private static final byte OWNER_KLINES = 2;
    private static final long NONE = Long.MIN_VALUE;

    private final InstrumentRegistry instruments;
    private final long[] intervalsNs;
    private final int minuteIndex;
    private final boolean[] fromMinutes;
    private final Source source;
    private final boolean repair;
    private final long maxTimeJumpNs;
    private final Int2ObjectHashMap<InstrumentBars> byInstrument = new Int2ObjectHashMap<>();
    private final TradeDecoder trade = new TradeDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private final BarEncoder bar = new BarEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private final int[] gapInstrument = new int[GAP_LOG_CAPACITY];
    private final long[] gapStart = new long[GAP_LOG_CAPACITY];
    private final long[] gapEnd = new long[GAP_LOG_CAPACITY];
    private final long[] gapLength = new long[GAP_LOG_CAPACITY];
    private final boolean[] gapFilled = new boolean[GAP_LOG_CAPACITY];
    private int gapCount;
    private long gapsNotListed;

    private long barsFromTrades;
    private long barsFromKlines;
    private long barsFromMinutes;
    private long outOfOrderTrades;
    private long tradesIgnored;
    private long klinesIgnored;
    private long duplicateBars;
    private long outOfOrderBars;
    private long repairedBars;
    private long gapsFilled;
    private long gapsUnfilled;
    private long missingBarsUnfilled;
    private long regimeBreakBars;
    private long htfIncomplete;
    private long unknownInstrument;
    private long timeJumpsHeld;
    private long timeOutliers;

    /** Bars with the 1 m repair on. */
    public BarStage(final InstrumentRegistry instruments, final List<Duration> intervals, final Source source)
    {
        this(instruments, intervals, source, true);
    }

    /**
     * @param intervals each divides a day (checked by {@link BarSettings}); sorted and deduplicated here
     * @param repair    validate and repair the 1 m stream (seed 000 section 4.A); off: only duplicates and late bars
     *                  are dropped
     */
    public BarStage(final InstrumentRegistry instruments, final List<Duration> intervals, final Source source, final boolean repair)
    {
        this(instruments, intervals, source, repair, DEFAULT_MAX_TIME_JUMP_NS);
    }

    /**
     * @param maxTimeJumpNs a trade more than this after the instrument's latest one is applied only when the next trade
     *                      confirms the jump (see the class comment)
     */
    public BarStage(final InstrumentRegistry instruments, final List<Duration> intervals, final Source source, final boolean repair,
        final long maxTimeJumpNs)
    {
        if (maxTimeJumpNs <= 0)
        {
            throw new IllegalArgumentException("bars.maxTimeJump must be positive, got " + maxTimeJumpNs + " ns");
        }
        this.maxTimeJumpNs = maxTimeJumpNs;
        this.instruments = instruments;
        this.intervalsNs = intervals.stream().mapToLong(Duration::toNanos).sorted().distinct().toArray();
        if (intervalsNs.length == 0 || intervalsNs[0] <= 0)
        {
            throw new IllegalArgumentException("bars.intervals: at least one positive interval");
        }
        this.source = source;
        this.repair = repair;
        int minute = -1;
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (intervalsNs[k] == MINUTE_NS)
            {
                minute = k;
            }
        }
        this.minuteIndex = minute;
        this.fromMinutes = new boolean[intervalsNs.length];
        for (int k = 0; k < intervalsNs.length; k++)
        {
            fromMinutes[k] = minute >= 0 && intervalsNs[k] > MINUTE_NS && intervalsNs[k] % MINUTE_NS == 0;
        }
    }

    @Override
    public String name()
    {
        return "bars";
    }

    /** The bar intervals in nanoseconds, ascending. */
    public long[] intervalsNs()
    {
        return intervalsNs.clone();
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final int templateId = event.templateId();
        if (templateId == TradeDecoder.TEMPLATE_ID)
        {
            onTrade(event, emitter);
        }
        else if (templateId == KlineDecoder.TEMPLATE_ID)
        {
            onKline(event, emitter);
        }
    }

    private InstrumentBars state(final int instrumentId)
    {
        InstrumentBars s = byInstrument.get(instrumentId);
        if (s == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                return null;
            }
            s = new InstrumentBars(instrument, intervalsNs);
            byInstrument.put(instrumentId, s);
        }
        return s;
    }

    private void onTrade(final EventView event, final Emitter emitter)
    {
        if (source == Source.KLINES)
        {
            tradesIgnored++;
            return;
        }
        final InstrumentBars s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final long ts = trade.exchangeTsNs();
        final long price = trade.price();
        final long qty = trade.qty();
        final Side aggressor = trade.aggressor();
        final long receiveTsNs = event.receiveTsNs();
        final long jump = ts - s.lastTradeTsNs;
        // (a difference that overflows is a jump too)
        if (s.lastTradeTsNs != NONE && ts > s.lastTradeTsNs && (jump > maxTimeJumpNs || jump < 0))
        {
            if (!s.held)
            {
                // a jump: held until the next trade says whether it was real
                s.hold(ts, price, qty, aggressor);
                timeJumpsHeld++;
                return;
            }
            // confirmed: the held trade first, then this one
            s.held = false;
            apply(s, emitter, s.heldTs, s.heldPrice, s.heldQty, s.heldAggressor, receiveTsNs);
        }
        else if (s.held)
        {
            s.held = false;
            timeOutliers++;
        }
        apply(s, emitter, ts, price, qty, aggressor, receiveTsNs);
    }

    private void apply(
        final InstrumentBars s,
        final Emitter emitter,
        final long ts,
        final long price,
        final long qty,
        final Side aggressor,
        final long receiveTsNs)
    {
        if (s.lastTradeTsNs == NONE || ts > s.lastTradeTsNs)
        {
            s.lastTradeTsNs = ts;
        }
        final long quote = s.instrument.quoteOf(price, qty);
        boolean outOfOrder = false;
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (fromMinutes[k])
            {
                continue;
            }
            if (s.owner[k] == OWNER_KLINES)
            {
                tradesIgnored++;
                continue;
            }
            s.owner[k] = OWNER_TRADES;
            final BarBuilder b = s.builders[k];
            if (b.active && ts >= b.openTimeNs + b.intervalNs)
            {
                barsFromTrades++;
                if (k == minuteIndex)
                {
                    onMinuteBar(emitter, s, b, receiveTsNs);
                }
                else
                {
                    emitDirect(emitter, s.instrument, b, receiveTsNs);
                }
                b.active = false;
            }
            if (!b.active)
            {
                b.start(Math.floorDiv(ts, b.intervalNs) * b.intervalNs, price);
            }
            else if (ts < b.openTimeNs)
            {
                outOfOrder = true;
            }
            b.add(ts, price, qty, quote, aggressor);
        }
        if (outOfOrder)
        {
            outOfOrderTrades++;
        }
    }

    private void onKline(final EventView event, final Emitter emitter)
    {
        if (source == Source.TRADES)
        {
            klinesIgnored++;
            return;
        }
        kline.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (kline.closed() != BooleanType.T)
        {
            klinesIgnored++;
            return;
        }
        final InstrumentBars s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        final long interval = kline.intervalNs();
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (intervalsNs[k] != interval || fromMinutes[k])
            {
                continue;
            }
            if (s.owner[k] == OWNER_TRADES)
            {
                klinesIgnored++;
                return;
            }
            s.owner[k] = OWNER_KLINES;
            final BarBuilder b = s.builders[k];
            final long openTime = Math.floorDiv(kline.openTimeNs(), interval) * interval;
            b.openTimeNs = openTime;
            b.open = kline.open();
            b.high = kline.high();
            b.low = kline.low();
            b.close = kline.close();
            b.volume = kline.volume();
            b.quoteVolume = kline.quoteVolume();
            b.tradeCount = kline.tradeCount();
            b.buyVolume = kline.takerBuyVolume();
            b.sellVolume = b.volume - b.buyVolume;
            b.flags = FLAG_FROM_KLINE;
            b.active = false;
            if (k == minuteIndex)
            {
                if (onMinuteBar(emitter, s, b, event.receiveTsNs()))
                {
                    barsFromKlines++;
                }
                return;
            }
            if (b.lastEmittedOpenTimeNs != NONE && openTime <= b.lastEmittedOpenTimeNs)
            {
                if (openTime == b.lastEmittedOpenTimeNs)
                {
                    duplicateBars++;
                }
                else
                {
                    outOfOrderBars++;
                }
                return;
            }
            emitDirect(emitter, s.instrument, b, event.receiveTsNs());
            barsFromKlines++;
            return;
        }
        klinesIgnored++;
    }

    /**
     * A completed 1 m bar from data, in {@code b}: validate, repair the gap before it, emit it, aggregate it.
     *
     * @return true when emitted, false when dropped (duplicate or late)
     */
    private boolean onMinuteBar(final Emitter emitter, final InstrumentBars s, final BarBuilder b, final long receiveTsNs)
    {
        final MinuteState m = s.minute;
        final long openTime = b.openTimeNs;
        if (m.lastOpenTimeNs != NONE && openTime <= m.lastOpenTimeNs)
        {
            if (openTime == m.lastOpenTimeNs)
            {
                duplicateBars++;
                m.duplicates++;
                m.pendingFlags |= FLAG_DUPE;
            }
            else
            {
                outOfOrderBars++;
                m.outOfOrder++;
                m.pendingFlags |= FLAG_OUT_OF_ORDER;
            }
            return false;
        }
        if (repair && m.lastOpenTimeNs != NONE)
        {
            final long missing = (openTime - m.lastOpenTimeNs) / MINUTE_NS - 1;
            if (missing > 0)
            {
                final boolean fill = missing <= MAX_FILLED_GAP_BARS;
                logGap(s.instrument.id(), m.lastOpenTimeNs + MINUTE_NS, openTime - MINUTE_NS, missing, fill);
                if (fill)
                {
                    gapsFilled++;
                    m.filledGaps++;
                    final BarBuilder f = s.fill;
                    final long price = m.lastClose;
                    for (long i = 1; i <= missing; i++)
                    {
                        f.openTimeNs = m.lastOpenTimeNs + MINUTE_NS;
                        f.open = price;
                        f.high = price;
                        f.low = price;
                        f.close = price;
                        f.volume = 0;
                        f.quoteVolume = 0;
                        f.tradeCount = 0;
                        f.buyVolume = 0;
                        f.sellVolume = 0;
                        f.flags = FLAG_REPAIRED;
                        emitMinute(emitter, s, f, receiveTsNs);
                        repairedBars++;
                        m.repairedBars++;
                    }
                }
                else
                {
                    gapsUnfilled++;
                    m.unfilledGaps++;
                    missingBarsUnfilled += missing;
                    m.missingBarsUnfilled += missing;
                    m.embargo = Math.max(m.embargo, REGIME_BREAK_MULTIPLIER * missing);
                }
            }
        }
        int flags = b.flags | m.pendingFlags;
        m.pendingFlags = 0;
        if (m.embargo > 0)
        {
            m.embargo--;
            flags |= FLAG_REGIME_BREAK;
            regimeBreakBars++;
            m.regimeBreakBars++;
        }
        b.flags = flags;
        m.realBars++;
        emitMinute(emitter, s, b, receiveTsNs);
        return true;
    }

    /** Emits one 1 m bar (real or synthetic) with the HTF bars it completes, in the documented order. */
    private void emitMinute(final Emitter emitter, final InstrumentBars s, final BarBuilder b, final long receiveTsNs)
    {
        final MinuteState m = s.minute;
        final long openTime = b.openTimeNs;
        // HTF bars whose interval ended before this minute and whose last minute never came: complete, partial
        for (int k = 0; k < intervalsNs.length; k++)
        {
            final BarBuilder h = s.builders[k];
            if (fromMinutes[k] && h.active && openTime >= h.openTimeNs + h.intervalNs)
            {
                emitAggregated(emitter, s.instrument, h, receiveTsNs);
            }
        }
        final double ret = m.lastClose == NONE ? Double.NaN : (double)b.close / (double)m.lastClose - 1.0;
        encode(emitter, s.instrument, MINUTE_NS, b, ret, receiveTsNs);
        if (m.firstOpenTimeNs == NONE)
        {
            m.firstOpenTimeNs = openTime;
        }
        m.lastOpenTimeNs = openTime;
        m.lastClose = b.close;
        for (int k = 0; k < intervalsNs.length; k++)
        {
            if (!fromMinutes[k])
            {
                continue;
            }
            final BarBuilder h = s.builders[k];
            if (!h.active)
            {
                h.startFrom(Math.floorDiv(openTime, h.intervalNs) * h.intervalNs, b);
            }
            else
            {
                h.merge(b);
            }
            if (openTime + MINUTE_NS == h.openTimeNs + h.intervalNs)
            {
                emitAggregated(emitter, s.instrument, h, receiveTsNs);
            }
        }
    }

    private void emitAggregated(final Emitter emitter, final Instrument instrument, final BarBuilder h, final long receiveTsNs)
    {
        if (h.parts != h.intervalNs / MINUTE_NS)
        {
            htfIncomplete++;
        }
        emitDirect(emitter, instrument, h, receiveTsNs);
        barsFromMinutes++;
        h.active = false;
    }

    private void emitDirect(final Emitter emitter, final Instrument instrument, final BarBuilder b, final long receiveTsNs)
    {
        final double ret = b.prevClose == NONE ? Double.NaN : (double)b.close / (double)b.prevClose - 1.0;
        encode(emitter, instrument, b.intervalNs, b, ret, receiveTsNs);
        b.prevClose = b.close;
        b.lastEmittedOpenTimeNs = b.openTimeNs;
    }

    private void encode(
        final Emitter emitter,
        final Instrument instrument,
        final long intervalNs,
        final BarBuilder b,
        final double ret,
        final long receiveTsNs)
    {
        final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + BarEncoder.BLOCK_LENGTH);
        bar.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(b.openTimeNs + intervalNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .intervalNs(intervalNs)
            .openTimeNs(b.openTimeNs)
            .open(b.open)
            .high(b.high)
            .low(b.low)
            .close(b.close)
            .volume(b.volume)
            .quoteVolume(b.quoteVolume)
            .tradeCount(b.tradeCount)
            .buyVolume(b.buyVolume)
            .sellVolume(b.sellVolume)
            .ret(ret);
        final int vwapExponent = instrument.priceExponent() - VWAP_EXTRA_DIGITS;
        final int shift = instrument.quoteExponent() - instrument.qtyExponent() - vwapExponent;
        bar.vwap().mantissa(Decimals.ratio(b.quoteVolume, b.volume, shift)).exponent((byte)vwapExponent);
        final int f = b.flags;
        bar.flags().clear()
            .fromKline((f & FLAG_FROM_KLINE) != 0)
            .repairedSmallGap((f & FLAG_REPAIRED) != 0)
            .regimeBreak((f & FLAG_REGIME_BREAK) != 0)
            .dupe((f & FLAG_DUPE) != 0)
            .outOfOrder((f & FLAG_OUT_OF_ORDER) != 0);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
    }

    private void logGap(final int instrumentId, final long startNs, final long endNs, final long length, final boolean filled)
    {
        if (gapCount == GAP_LOG_CAPACITY)
        {
            gapsNotListed++;
            return;
        }
        gapInstrument[gapCount] = instrumentId;
        gapStart[gapCount] = startNs;
        gapEnd[gapCount] = endNs;
        gapLength[gapCount] = length;
        gapFilled[gapCount] = filled;
        gapCount++;
    }

    /** The 1 m stream's gap report so far (allocates: call off the hot path, e.g. after a replay). */
    public GapReport gapReport()
    {
        final List<GapReport.Gap> gaps = new ArrayList<>(gapCount);
        for (int i = 0; i < gapCount; i++)
        {
            gaps.add(new GapReport.Gap(gapInstrument[i], gapStart[i], gapEnd[i], gapLength[i], gapFilled[i]));
        }
        final List<GapReport.InstrumentGaps> perInstrument = new ArrayList<>();
        final int[] ids = byInstrument.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        for (final int id : ids)
        {
            final MinuteState m = byInstrument.get(id).minute;
            if (m.firstOpenTimeNs == NONE && m.duplicates == 0 && m.outOfOrder == 0)
            {
                continue;
            }
            perInstrument.add(new GapReport.InstrumentGaps(id, m.realBars, m.repairedBars, m.duplicates, m.outOfOrder,
                m.filledGaps, m.unfilledGaps, m.missingBarsUnfilled, m.regimeBreakBars, m.firstOpenTimeNs, m.lastOpenTimeNs));
        }
        return new GapReport(repair ? REPAIR_RULE : "repair off: duplicates and out-of-order 1m bars dropped, gaps left as they are",
            List.copyOf(perInstrument), List.copyOf(gaps), gapsNotListed);
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("barsFromTrades", barsFromTrades);
        m.put("barsFromKlines", barsFromKlines);
        m.put("barsFromMinutes", barsFromMinutes);
        m.put("outOfOrderTrades", outOfOrderTrades);
        m.put("tradesIgnored", tradesIgnored);
        m.put("klinesIgnored", klinesIgnored);
        m.put("duplicateBars", duplicateBars);
        m.put("outOfOrderBars", outOfOrderBars);
        m.put("repairedBars", repairedBars);
        m.put("gapsFilled", gapsFilled);
        m.put("gapsUnfilled", gapsUnfilled);
        m.put("missingBarsUnfilled", missingBarsUnfilled);
        m.put("regimeBreakBars", regimeBreakBars);
        m.put("htfIncomplete", htfIncomplete);
        m.put("gapsNotListed", gapsNotListed);
        m.put("unknownInstrument", unknownInstrument);
        m.put("timeJumpsHeld", timeJumpsHeld);
        m.put("timeOutliers", timeOutliers);
        return m;
    }

    private static final class InstrumentBars
    {
        final Instrument instrument;
        final BarBuilder[] builders;
        final byte[] owner;
        final MinuteState minute = new MinuteState();
        final BarBuilder fill = new BarBuilder(MINUTE_NS);
        long lastTradeTsNs = NONE;
        boolean held;
        long heldTs;
        long heldPrice;
        long heldQty;
        Side heldAggressor;

        void hold(final long ts, final long price, final long qty, final Side aggressor)
        {
            held = true;
            heldTs = ts;
            heldPrice = price;
            heldQty = qty;
            heldAggressor = aggressor;
        }

        InstrumentBars(final Instrument instrument, final long[] intervalsNs)
        {
            this.instrument = instrument;
            this.builders = new BarBuilder[intervalsNs.length];
            this.owner = new byte[intervalsNs.length];
            for (int i = 0; i < intervalsNs.length; i++)
            {
                builders[i] = new BarBuilder(intervalsNs[i]);
                owner[i] = OWNER_NONE;
            }
        }
    }

    /** Validation and repair state of one instrument's 1 m stream, and its gap-report counts. */
    private static final class MinuteState
    {
        long lastOpenTimeNs = NONE;
        long lastClose = NONE;
        long firstOpenTimeNs = NONE;
        long embargo;
        int pendingFlags;
        long realBars;
        long repairedBars;
        long duplicates;
        long outOfOrder;
        long filledGaps;
        long unfilledGaps;
        long missingBarsUnfilled;
        long regimeBreakBars;
    }

    private static final class BarBuilder
    {
        final long intervalNs;
        boolean active;
        long openTimeNs;
        long open;
        long high;
        long low;
        long close;
        long volume;
        long quoteVolume;
        long tradeCount;
        long buyVolume;
        long sellVolume;
        int flags;
        int parts;
        long prevClose = NONE;
        long lastEmittedOpenTimeNs = NONE;

        BarBuilder(final long intervalNs)
        {
            this.intervalNs = intervalNs;
        }

        long lastTradeTsNs = Long.MIN_VALUE;

        void start(final long openTimeNs, final long price)
        {
            this.lastTradeTsNs = Long.MIN_VALUE;
            this.active = true;
            this.openTimeNs = openTimeNs;
            this.open = price;
            this.high = price;
            this.low = price;
            this.close = price;
            this.volume = 0;
            this.quoteVolume = 0;
            this.tradeCount = 0;
            this.buyVolume = 0;
            this.sellVolume = 0;
            this.flags = 0;
        }

        /** Folds a trade in; only a trade at least as recent as the latest one sets the close (a late print must not). */
        void add(final long ts, final long price, final long qty, final long quote, final Side aggressor)
        {
            if (ts >= lastTradeTsNs)
            {
                close = price;
                lastTradeTsNs = ts;
            }
            if (price > high)
            {
                high = price;
            }
            if (price < low)
            {
                low = price;
            }
            volume += qty;
            quoteVolume += quote;
            tradeCount++;
            if (aggressor == Side.BUY)
            {
                buyVolume += qty;
            }
            else if (aggressor == Side.SELL)
            {
                sellVolume += qty;
            }
        }

        /** Starts an aggregated bar with its first 1 m bar. */
        void startFrom(final long openTimeNs, final BarBuilder minute)
        {
            this.active = true;
            this.openTimeNs = openTimeNs;
            this.open = minute.open;
            this.high = minute.high;
            this.low = minute.low;
            this.close = minute.close;
            this.volume = minute.volume;
            this.quoteVolume = minute.quoteVolume;
            this.tradeCount = minute.tradeCount;
            this.buyVolume = minute.buyVolume;
            this.sellVolume = minute.sellVolume;
            this.flags = minute.flags;
            this.parts = 1;
        }

        /** Adds the next 1 m bar to an aggregated bar. */
        void merge(final BarBuilder minute)
        {
            if (minute.high > high)
            {
                high = minute.high;
            }
            if (minute.low < low)
            {
                low = minute.low;
            }
            close = minute.close;
            volume += minute.volume;
            quoteVolume += minute.quoteVolume;
            tradeCount += minute.tradeCount;
            buyVolume += minute.buyVolume;
            sellVolume += minute.sellVolume;
            flags |= minute.flags;
            parts++;
        }
    }
}
