package dev.trader.engine.features.micro;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
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
import org.agrona.collections.Int2ObjectHashMap;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Book and trade microstructure features per instrument ({@link MicrostructureCatalog}: L1 and multi-level OFI,
 * microprice basis, spread and spread rank, Kyle lambda, VPIN, replenishment), computed on every completed bar of the
 * configured interval (default 1 m) from state kept incrementally per event. Runs after the book and bar stages and
 * reads the {@link BookView} of the {@link OrderBookStage} it was given; emits nothing. Consumers (model scoring)
 * read {@link #ready(int)} and {@link #copyInto(int, double[])} on the engine thread.
 *
 * <h2>Bars of the book clock</h2>
 * Book events (DepthUpdate, DepthSnapshot and the BookStatus the book stage emits) are bucketed by exchange time into
 * intervals {@code [k I, (k+1) I)}. The open bucket only moves forward: a book event older than it (another stream's
 * clock) is folded into it and counted ({@code lateBookEvents}). When an event of a later bucket arrives, the open
 * one is closed with the state before that event (its close), and every bucket skipped on the way is closed as quiet
 * (no flow, the same state). The Bar event of bucket {@code k} (emitted by the bar stage when the first trade of a
 * later interval arrives, and seen here before that trade) closes bucket {@code k} if it is still open and computes
 * the feature vector from the buckets ending at {@code k}: nothing at or after the bar's close time is used, even
 * when the book stream runs ahead of the trades. Trade-based inputs (Kyle's signed volume) are the trades seen since
 * the previous bar of the interval, which are exactly the bar's trades.
 *
 * <h2>Fail closed on an untrusted book</h2>
 * Only book events of a TRUSTED book with both sides non-empty ("usable") update book state. A book event (or
 * BookStatus) that finds the book not usable marks the open bucket invalid and forgets the previous state; every
 * book-based feature is marked not ready at once. A bucket is valid only when the book was usable at its start and
 * at every book event in it, so the bucket in which trust returns is still invalid (its start state is unknown) and
 * the first valid one begins at the next interval. A window feature of {@code w} bars is ready only when the last
 * {@code w} buckets are all valid ("windows refill"); the spread rank needs {@code spreadRankMinBars} valid buckets.
 * VPIN is trade-based and does not depend on the book.
 *
 * <h2>Cost</h2>
 * Per book event: the top 20 levels of both sides compared with the previous ones and copied (no allocation).
 * Per trade: a few additions (VPIN buckets). Per bar: loops over the windows (the spread rank over up to its window).
 * Per instrument, allocated when first seen: a ring of {@code max window + 2} bars (about 120 bytes each: 170 KB at the default 24 h spread rank).
 */
public final class MicrostructureStage implements Stage
{
    public static final String NAME = "microstructure";
    /** Levels compared per side: the deepest multi-level OFI. */
    public static final int LEVELS = 20;
    static final int MID_LEVELS = 5;
    private static final long NO_BUCKET = Long.MIN_VALUE;
    private static final double BPS = 10_000.0;
    private static final double MILLION = 1_000_000.0;

    private final InstrumentRegistry instruments;
    private final OrderBookStage books;
    private final MicrostructureSettings settings;
    private final MicrostructureCatalog catalog;
    private final MicrostructureCatalog.Feature[] features;
    private final long intervalNs;
    private final int capacity;
    private final int spreadRankBars;
    private final int spreadRankMinBars;
    private final Int2ObjectHashMap<InstrumentState> byInstrument = new Int2ObjectHashMap<>();
    private final TradeDecoder trade = new TradeDecoder();
    private final BarDecoder bar = new BarDecoder();

    private long bookObservations;
    private long unusableObservations;
    private long lateBookEvents;
    private long trades;
    private long tradesWithoutAggressor;
    private long vpinBucketsCompleted;
    private long bars;
    private long barsWithoutBucket;
    private long vectorsReady;
    private long unknownInstrument;

    /**
     * @param books    the book stage that runs before this one (its views are read, never changed)
     * @param settings the {@code microstructure:} section
     */
    public MicrostructureStage(final InstrumentRegistry instruments, final OrderBookStage books, final MicrostructureSettings settings)
    {
        this.instruments = Objects.requireNonNull(instruments, "instruments");
        this.books = Objects.requireNonNull(books, "books: the microstructure stage needs the book stage");
        this.settings = settings;
        this.catalog = MicrostructureCatalog.of(settings);
        this.features = catalog.features().toArray(new MicrostructureCatalog.Feature[0]);
        this.intervalNs = settings.intervalNs();
        int maxBars = 1;
        for (final MicrostructureCatalog.Feature f : features)
        {
            if (f.kind() != MicrostructureCatalog.Kind.VPIN)
            {
                maxBars = Math.max(maxBars, f.windowBars());
            }
        }
        // the basis change over w bars reads the close of bar t - w: w + 1 bars, plus one for a book running ahead
        this.capacity = maxBars + 2;
        this.spreadRankBars = settings.barsOf(settings.spreadRankWindow());
        this.spreadRankMinBars = settings.spreadRankMinBars();
    }

    @Override
    public String name()
    {
        return NAME;
    }

    public MicrostructureCatalog catalog()
    {
        return catalog;
    }

    public MicrostructureSettings settings()
    {
        return settings;
    }

    /** True when every feature of the instrument's latest bar is ready (false before its first bar). */
    public boolean ready(final int instrumentId)
    {
        final InstrumentState s = byInstrument.get(instrumentId);
        return s != null && s.readyCount == features.length;
    }

    /** True when feature {@code featureIndex} of the instrument's latest bar is ready. */
    public boolean ready(final int instrumentId, final int featureIndex)
    {
        final InstrumentState s = byInstrument.get(instrumentId);
        return s != null && s.ready[featureIndex];
    }

    /** The value of feature {@code featureIndex} at the instrument's latest bar; NaN when not ready. */
    public double value(final int instrumentId, final int featureIndex)
    {
        final InstrumentState s = byInstrument.get(instrumentId);
        return s != null && s.ready[featureIndex] ? s.values[featureIndex] : Double.NaN;
    }

    /**
     * Writes the instrument's vector (catalogue order) into {@code out}: NaN where a feature is not ready. No
     * allocation.
     *
     * @return {@link #ready(int)}
     */
    public boolean copyInto(final int instrumentId, final double[] out)
    {
        final InstrumentState s = byInstrument.get(instrumentId);
        if (s == null)
        {
            Arrays.fill(out, 0, features.length, Double.NaN);
            return false;
        }
        for (int i = 0; i < features.length; i++)
        {
            out[i] = s.ready[i] ? s.values[i] : Double.NaN;
        }
        return s.readyCount == features.length;
    }

    /** Open time of the instrument's latest bar the vector belongs to; Long.MIN_VALUE before the first. */
    public long lastBarOpenTimeNs(final int instrumentId)
    {
        final InstrumentState s = byInstrument.get(instrumentId);
        return s == null ? Long.MIN_VALUE : s.lastBarOpenTimeNs;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final int templateId = event.templateId();
        if (templateId == DepthUpdateDecoder.TEMPLATE_ID || templateId == DepthSnapshotDecoder.TEMPLATE_ID
            || templateId == BookStatusDecoder.TEMPLATE_ID)
        {
            onBook(event);
        }
        else if (templateId == TradeDecoder.TEMPLATE_ID)
        {
            onTrade(event);
        }
        else if (templateId == BarDecoder.TEMPLATE_ID)
        {
            onBar(event);
        }
    }

    private InstrumentState state(final int instrumentId)
    {
        InstrumentState s = byInstrument.get(instrumentId);
        if (s == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                return null;
            }
            s = new InstrumentState(instrument, capacity, features.length, settings);
            byInstrument.put(instrumentId, s);
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------------------
    // book events

    private void onBook(final EventView event)
    {
        final InstrumentState s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        bookObservations++;
        if (s.view == null)
        {
            s.view = books.book(s.instrument.id());
        }
        final BookView view = s.view;
        final long bucket = Math.floorDiv(event.exchangeTsNs(), intervalNs);
        if (s.openBucket == NO_BUCKET || bucket > s.openBucket)
        {
            roll(s, bucket);
        }
        else if (bucket < s.openBucket)
        {
            lateBookEvents++;
        }
        if (view == null || !view.isTrusted() || view.bids().depth() == 0 || view.asks().depth() == 0)
        {
            unusableObservations++;
            s.prevValid = false;
            s.openValid = false;
            s.markBookFeaturesNotReady(features);
            return;
        }
        observe(s, view.bids(), view.asks());
    }

    /**
     * Folds one usable book state into the open bucket: per-level order flow against the previous usable state
     * (when there is one), then that state becomes the previous one. Formulas: {@link MicrostructureCatalog}.
     */
    private static void observe(final InstrumentState s, final BookSide bids, final BookSide asks)
    {
        final boolean compare = s.prevValid;
        double ofi1 = 0;
        double ofi5 = 0;
        double ofi20 = 0;
        double depth1 = 0;
        double depth5Bid = 0;
        double depth5Ask = 0;
        double depth20 = 0;

        final int bidDepth = Math.min(LEVELS, bids.depth());
        final int bidLevels = Math.max(bidDepth, compare ? s.prevBidDepth : 0);
        for (int i = 0; i < bidLevels; i++)
        {
            final boolean now = i < bidDepth;
            final boolean before = compare && i < s.prevBidDepth;
            final long p = now ? bids.price(i) : s.prevBidPx[i];
            final long q = now ? bids.qty(i) : 0;
            if (compare)
            {
                final long pp = before ? s.prevBidPx[i] : p;
                final long pq = before ? s.prevBidQty[i] : 0;
                final double e = bidFlow(p, q, pp, pq);
                ofi20 += e;
                if (i < MID_LEVELS)
                {
                    ofi5 += e;
                    if (i == 0)
                    {
                        ofi1 += e;
                    }
                }
            }
            if (now)
            {
                final double notional = (double)p * q;
                depth20 += notional;
                if (i < MID_LEVELS)
                {
                    depth5Bid += notional;
                    if (i == 0)
                    {
                        depth1 += notional;
                    }
                }
                s.prevBidPx[i] = p;
                s.prevBidQty[i] = q;
            }
        }
        final int askDepth = Math.min(LEVELS, asks.depth());
        final int askLevels = Math.max(askDepth, compare ? s.prevAskDepth : 0);
        for (int i = 0; i < askLevels; i++)
        {
            final boolean now = i < askDepth;
            final boolean before = compare && i < s.prevAskDepth;
            final long a = now ? asks.price(i) : s.prevAskPx[i];
            final long q = now ? asks.qty(i) : 0;
            if (compare)
            {
                final long pa = before ? s.prevAskPx[i] : a;
                final long pq = before ? s.prevAskQty[i] : 0;
                final double e = askFlow(a, q, pa, pq);
                ofi20 += e;
                if (i < MID_LEVELS)
                {
                    ofi5 += e;
                    if (i == 0)
                    {
                        ofi1 += e;
                    }
                }
            }
            if (now)
            {
                final double notional = (double)a * q;
                depth20 += notional;
                if (i < MID_LEVELS)
                {
                    depth5Ask += notional;
                    if (i == 0)
                    {
                        depth1 += notional;
                    }
                }
                s.prevAskPx[i] = a;
                s.prevAskQty[i] = q;
            }
        }
        s.prevBidDepth = bidDepth;
        s.prevAskDepth = askDepth;
        s.prevValid = true;
        s.lastDepth1 = depth1;
        s.lastDepth5Bid = depth5Bid;
        s.lastDepth5Ask = depth5Ask;
        s.lastDepth20 = depth20;
        if (compare)
        {
            s.ofi1 += ofi1;
            s.ofi5 += ofi5;
            s.ofi20 += ofi20;
        }
        if (depth5Bid < s.minDepth5Bid)
        {
            s.minDepth5Bid = depth5Bid;
        }
        if (depth5Ask < s.minDepth5Ask)
        {
            s.minDepth5Ask = depth5Ask;
        }
    }

    /** The bid half of {@code e_i} (seed 003 l1_snapshot_diff_ofi_quote, bid_part). */
    static double bidFlow(final long p, final long q, final long pp, final long pq)
    {
        if (p > pp)
        {
            return (double)p * q;
        }
        if (p == pp)
        {
            return (double)p * (q - pq);
        }
        return -((double)pp * pq);
    }

    /** The ask half of {@code e_i} (seed 003 l1_snapshot_diff_ofi_quote, ask_part). */
    static double askFlow(final long a, final long q, final long pa, final long pq)
    {
        if (a < pa)
        {
            return -((double)a * q);
        }
        if (a == pa)
        {
            return -((double)a * (q - pq));
        }
        return (double)pa * pq;
    }

    /**
     * Closes the open bucket with the current previous state (the state before the event being handled), closes the
     * skipped buckets as quiet, and opens {@code target}.
     */
    private void roll(final InstrumentState s, final long target)
    {
        if (s.openBucket != NO_BUCKET)
        {
            final long open = s.openBucket;
            final int previous = s.slotOf(open - 1);
            final int runBefore = previous >= 0 ? s.run[previous] : 0;
            final boolean valid = s.openValid && s.prevValid;
            int run = valid ? Math.min(capacity, runBefore + 1) : 0;
            s.writeBucket(open, valid, run, s.ofi1, s.ofi5, s.ofi20,
                (s.openDepth5Bid - s.minDepth5Bid) + (s.openDepth5Ask - s.minDepth5Ask),
                (s.lastDepth5Bid - s.minDepth5Bid) + (s.lastDepth5Ask - s.minDepth5Ask), s.openMid);
            long k = open + 1;
            if (target - k > capacity)
            {
                run = s.prevValid ? capacity : 0;
                k = target - capacity;
            }
            for (; k < target; k++)
            {
                run = s.prevValid ? Math.min(capacity, run + 1) : 0;
                s.writeBucket(k, s.prevValid, run, 0, 0, 0, 0, 0, s.mid());
            }
        }
        s.openBucket = target;
        s.openValid = s.prevValid;
        s.ofi1 = 0;
        s.ofi5 = 0;
        s.ofi20 = 0;
        s.openDepth5Bid = s.lastDepth5Bid;
        s.openDepth5Ask = s.lastDepth5Ask;
        s.minDepth5Bid = s.lastDepth5Bid;
        s.minDepth5Ask = s.lastDepth5Ask;
        s.openMid = s.prevValid ? s.mid() : Double.NaN;
    }

    // ------------------------------------------------------------------------------------------------------------
    // trades

    private void onTrade(final EventView event)
    {
        final InstrumentState s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        trades++;
        trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final Side aggressor = trade.aggressor();
        if (aggressor != Side.BUY && aggressor != Side.SELL)
        {
            tradesWithoutAggressor++;
            return;
        }
        final long quote = s.instrument.quoteOf(trade.price(), trade.qty());
        final boolean buy = aggressor == Side.BUY;
        s.signedQuote += buy ? quote : -quote;
        vpinBucketsCompleted += s.fillVpin(quote, buy);
    }

    // ------------------------------------------------------------------------------------------------------------
    // bars

    private void onBar(final EventView event)
    {
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (bar.intervalNs() != intervalNs)
        {
            return;
        }
        final InstrumentState s = state(event.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        bars++;
        final long k = Math.floorDiv(bar.openTimeNs(), intervalNs);
        if (s.openBucket == NO_BUCKET || s.openBucket <= k)
        {
            roll(s, k + 1);
        }
        final int slot = s.slotOf(k);
        if (slot >= 0)
        {
            s.signedQuoteOf[slot] = s.signedQuote;
        }
        else
        {
            barsWithoutBucket++;
        }
        s.signedQuote = 0;
        s.lastBarOpenTimeNs = bar.openTimeNs();
        compute(s, k, slot);
        if (s.readyCount == features.length)
        {
            vectorsReady++;
        }
    }

    /** Computes every feature for bucket {@code k} (its ring slot, or -1 when it is no longer held). */
    private void compute(final InstrumentState s, final long k, final int slot)
    {
        final int run = slot >= 0 ? s.run[slot] : 0;
        int readyCount = 0;
        for (int f = 0; f < features.length; f++)
        {
            final MicrostructureCatalog.Feature feature = features[f];
            final int w = feature.windowBars();
            double v = Double.NaN;
            switch (feature.kind())
            {
                case OFI_L1:
                    v = run >= w ? normalisedFlow(s, k, w, s.ofi1Of, s.depth1Of) : Double.NaN;
                    break;
                case MLOFI_L5:
                    v = run >= w ? normalisedFlow(s, k, w, s.ofi5Of, s.depth5Of) : Double.NaN;
                    break;
                case MLOFI_L20:
                    v = run >= w ? normalisedFlow(s, k, w, s.ofi20Of, s.depth20Of) : Double.NaN;
                    break;
                case MLOFI_GAP:
                    v = run >= w
                        ? normalisedFlow(s, k, w, s.ofi5Of, s.depth5Of) - normalisedFlow(s, k, w, s.ofi20Of, s.depth20Of)
                        : Double.NaN;
                    break;
                case MICROPRICE_BASIS:
                    v = run >= 1 ? s.basisOf[slot] : Double.NaN;
                    break;
                case MICROPRICE_BASIS_CHANGE:
                    v = basisChange(s, k, w, run);
                    break;
                case SPREAD_TICKS:
                    v = run >= 1 ? (double)s.spreadOf[slot] / s.instrument.tickMantissa() : Double.NaN;
                    break;
                case SPREAD_BPS:
                    v = run >= 1 ? s.spreadBpsOf[slot] : Double.NaN;
                    break;
                case SPREAD_RANK:
                    v = spreadRank(s, k, run);
                    break;
                case KYLE_LAMBDA:
                    v = run >= w ? kyle(s, k, w, false) : Double.NaN;
                    break;
                case KYLE_R2:
                    v = run >= w ? kyle(s, k, w, true) : Double.NaN;
                    break;
                case VPIN:
                    v = s.vpin();
                    break;
                case REPLENISHMENT:
                    v = run >= w ? replenishment(s, k, w) : Double.NaN;
                    break;
                default:
                    break;
            }
            final boolean ok = !Double.isNaN(v);
            s.values[f] = v;
            s.ready[f] = ok;
            if (ok)
            {
                readyCount++;
            }
        }
        s.readyCount = readyCount;
    }

    /** Sum of the flow over the last {@code w} buckets / their mean close depth; NaN when one is not held. */
    private double normalisedFlow(final InstrumentState s, final long k, final int w, final double[] flow, final double[] depth)
    {
        double sumFlow = 0;
        double sumDepth = 0;
        for (long j = k - w + 1; j <= k; j++)
        {
            final int slot = s.slotOf(j);
            if (slot < 0)
            {
                return Double.NaN;
            }
            sumFlow += flow[slot];
            sumDepth += depth[slot];
        }
        return sumDepth > 0 ? sumFlow / (sumDepth / w) : Double.NaN;
    }

    private double basisChange(final InstrumentState s, final long k, final int w, final int run)
    {
        if (run < w)
        {
            return Double.NaN;
        }
        final int now = s.slotOf(k);
        final int then = s.slotOf(k - w);
        return now >= 0 && then >= 0 ? s.basisOf[now] - s.basisOf[then] : Double.NaN;
    }

    private double spreadRank(final InstrumentState s, final long k, final int run)
    {
        final int n = Math.min(run, spreadRankBars);
        if (n < spreadRankMinBars || n < 1)
        {
            return Double.NaN;
        }
        final long current = s.spreadOf[s.slotOf(k)];
        int less = 0;
        int equal = 0;
        for (long j = k - n + 1; j <= k; j++)
        {
            final int slot = s.slotOf(j);
            if (slot < 0)
            {
                return Double.NaN;
            }
            final long v = s.spreadOf[slot];
            if (v < current)
            {
                less++;
            }
            else if (v == current)
            {
                equal++;
            }
        }
        return (less + (equal + 1) / 2.0) / n;
    }

    /** Kyle's OLS over the last {@code w} buckets: the slope, or its R^2. Two passes (means first). */
    private double kyle(final InstrumentState s, final long k, final int w, final boolean r2)
    {
        final double quoteScale = StrictMath.pow(10, s.instrument.quoteExponent()) / MILLION;
        double sumX = 0;
        double sumY = 0;
        for (long j = k - w + 1; j <= k; j++)
        {
            final int slot = s.slotOf(j);
            if (slot < 0)
            {
                return Double.NaN;
            }
            sumX += s.signedQuoteOf[slot] * quoteScale;
            sumY += s.returnBpsOf[slot];
        }
        final double meanX = sumX / w;
        final double meanY = sumY / w;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (long j = k - w + 1; j <= k; j++)
        {
            final int slot = s.slotOf(j);
            final double dx = s.signedQuoteOf[slot] * quoteScale - meanX;
            final double dy = s.returnBpsOf[slot] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (!(sxx > 0))
        {
            return Double.NaN;
        }
        if (!r2)
        {
            return sxy / sxx;
        }
        return syy > 0 ? (sxy * sxy) / (sxx * syy) : 0.0;
    }

    private double replenishment(final InstrumentState s, final long k, final int w)
    {
        double consumed = 0;
        double restored = 0;
        for (long j = k - w + 1; j <= k; j++)
        {
            final int slot = s.slotOf(j);
            if (slot < 0)
            {
                return Double.NaN;
            }
            consumed += s.consumedOf[slot];
            restored += s.restoredOf[slot];
        }
        return consumed > 0 ? restored / consumed : 1.0;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("bookObservations", bookObservations);
        m.put("unusableObservations", unusableObservations);
        m.put("lateBookEvents", lateBookEvents);
        m.put("trades", trades);
        m.put("tradesWithoutAggressor", tradesWithoutAggressor);
        m.put("vpinBuckets", vpinBucketsCompleted);
        m.put("bars", bars);
        m.put("barsWithoutBucket", barsWithoutBucket);
        m.put("vectorsReady", vectorsReady);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Everything kept for one instrument: the previous book state, the open bucket, the ring of closed buckets. */
    private static final class InstrumentState
    {
        final Instrument instrument;
        BookView view;

        // the previous usable book state (top LEVELS of each side)
        final long[] prevBidPx = new long[LEVELS];
        final long[] prevBidQty = new long[LEVELS];
        final long[] prevAskPx = new long[LEVELS];
        final long[] prevAskQty = new long[LEVELS];
        int prevBidDepth;
        int prevAskDepth;
        boolean prevValid;
        double lastDepth1;
        double lastDepth5Bid;
        double lastDepth5Ask;
        double lastDepth20;

        // the open bucket
        long openBucket = NO_BUCKET;
        boolean openValid;
        double ofi1;
        double ofi5;
        double ofi20;
        double openDepth5Bid;
        double openDepth5Ask;
        double minDepth5Bid;
        double minDepth5Ask;
        double openMid = Double.NaN;

        // closed buckets, slot = bucket mod capacity
        final int capacity;
        final long[] bucketOf;
        final int[] run;
        final double[] ofi1Of;
        final double[] ofi5Of;
        final double[] ofi20Of;
        final double[] depth1Of;
        final double[] depth5Of;
        final double[] depth20Of;
        final double[] basisOf;
        final long[] spreadOf;
        final double[] spreadBpsOf;
        final double[] returnBpsOf;
        final double[] consumedOf;
        final double[] restoredOf;
        final long[] signedQuoteOf;

        // trades since the last bar, VPIN buckets
        long signedQuote;
        final long vpinBucket;
        final int vpinBuckets;
        final long[] vpinImbalance;
        long vpinFill;
        long vpinBuy;
        long vpinSell;
        long vpinDone;
        long vpinImbalanceSum;

        // the latest vector
        final double[] values;
        final boolean[] ready;
        int readyCount;
        long lastBarOpenTimeNs = Long.MIN_VALUE;

        InstrumentState(final Instrument instrument, final int capacity, final int featureCount, final MicrostructureSettings settings)
        {
            this.instrument = instrument;
            this.capacity = capacity;
            this.bucketOf = new long[capacity];
            Arrays.fill(bucketOf, NO_BUCKET);
            this.run = new int[capacity];
            this.ofi1Of = new double[capacity];
            this.ofi5Of = new double[capacity];
            this.ofi20Of = new double[capacity];
            this.depth1Of = new double[capacity];
            this.depth5Of = new double[capacity];
            this.depth20Of = new double[capacity];
            this.basisOf = new double[capacity];
            this.spreadOf = new long[capacity];
            this.spreadBpsOf = new double[capacity];
            this.returnBpsOf = new double[capacity];
            this.consumedOf = new double[capacity];
            this.restoredOf = new double[capacity];
            this.signedQuoteOf = new long[capacity];
            this.vpinBucket = quoteMantissa(settings.vpinBucketQuote(), instrument.quoteExponent());
            this.vpinBuckets = settings.vpinBuckets();
            this.vpinImbalance = new long[vpinBuckets];
            this.values = new double[featureCount];
            this.ready = new boolean[featureCount];
        }

        /** {@code amount} quote as a mantissa at the quote exponent, at least 1. */
        static long quoteMantissa(final double amount, final int quoteExponent)
        {
            final long m = new BigDecimal(Double.toString(amount)).movePointRight(-quoteExponent)
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
            return Math.max(1, m);
        }

        /** @return the slot holding bucket {@code k}, or -1 when the ring does not hold it. */
        int slotOf(final long k)
        {
            final int slot = (int)Math.floorMod(k, (long)capacity);
            return bucketOf[slot] == k ? slot : -1;
        }

        /** Mid (price mantissa units) of the previous usable state; NaN when there is none. */
        double mid()
        {
            return prevValid ? ((double)prevBidPx[0] + prevAskPx[0]) / 2.0 : Double.NaN;
        }

        /** Writes bucket {@code k} with the close = the previous usable state (when there is one). */
        void writeBucket(
            final long k,
            final boolean valid,
            final int runLength,
            final double ofi1Sum,
            final double ofi5Sum,
            final double ofi20Sum,
            final double consumed,
            final double restored,
            final double midAtOpen)
        {
            final int slot = (int)Math.floorMod(k, (long)capacity);
            bucketOf[slot] = k;
            run[slot] = valid ? runLength : 0;
            ofi1Of[slot] = ofi1Sum;
            ofi5Of[slot] = ofi5Sum;
            ofi20Of[slot] = ofi20Sum;
            consumedOf[slot] = consumed;
            restoredOf[slot] = restored;
            signedQuoteOf[slot] = 0;
            if (prevValid)
            {
                final long b = prevBidPx[0];
                final long a = prevAskPx[0];
                final long qb = prevBidQty[0];
                final long qa = prevAskQty[0];
                final double mid = ((double)b + a) / 2.0;
                depth1Of[slot] = lastDepth1;
                depth5Of[slot] = lastDepth5Bid + lastDepth5Ask;
                depth20Of[slot] = lastDepth20;
                spreadOf[slot] = a - b;
                spreadBpsOf[slot] = BPS * (a - b) / mid;
                basisOf[slot] = BPS * ((double)(a - b) * (double)(qb - qa)) / (((double)qb + qa) * ((double)a + b));
                returnBpsOf[slot] = BPS * StrictMath.log(mid / midAtOpen);
            }
            else
            {
                depth1Of[slot] = Double.NaN;
                depth5Of[slot] = Double.NaN;
                depth20Of[slot] = Double.NaN;
                spreadOf[slot] = 0;
                spreadBpsOf[slot] = Double.NaN;
                basisOf[slot] = Double.NaN;
                returnBpsOf[slot] = Double.NaN;
            }
        }

        /** Adds a classified trade of {@code quote} to the VPIN buckets. @return the buckets it completed. */
        int fillVpin(final long quote, final boolean buy)
        {
            int completed = 0;
            long remaining = quote;
            while (remaining > 0)
            {
                final long take = Math.min(remaining, vpinBucket - vpinFill);
                if (buy)
                {
                    vpinBuy += take;
                }
                else
                {
                    vpinSell += take;
                }
                vpinFill += take;
                remaining -= take;
                if (vpinFill == vpinBucket)
                {
                    final int slot = (int)(vpinDone % vpinBuckets);
                    final long imbalance = Math.abs(vpinBuy - vpinSell);
                    vpinImbalanceSum += imbalance - (vpinDone >= vpinBuckets ? vpinImbalance[slot] : 0);
                    vpinImbalance[slot] = imbalance;
                    vpinDone++;
                    vpinFill = 0;
                    vpinBuy = 0;
                    vpinSell = 0;
                    completed++;
                }
            }
            return completed;
        }

        /** VPIN over the last {@code vpinBuckets} complete buckets; NaN before that many. */
        double vpin()
        {
            return vpinDone >= vpinBuckets ? (double)vpinImbalanceSum / ((double)vpinBuckets * vpinBucket) : Double.NaN;
        }

        void markBookFeaturesNotReady(final MicrostructureCatalog.Feature[] features)
        {
            int count = 0;
            for (int f = 0; f < features.length; f++)
            {
                if (features[f].bookBased())
                {
                    ready[f] = false;
                }
                if (ready[f])
                {
                    count++;
                }
            }
            readyCount = count;
        }
    }
}
