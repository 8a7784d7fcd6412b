package dev.trader.replay.micro;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.book.BookSettings;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.micro.MicrostructureCatalog;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.stages.BarStage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The microstructure stage on the real Binance USD-M capture (BTCUSDT, 2024-08-08, 345 s; shared data, skipped when
 * absent), imported with {@link CaptureImporter} and run synchronously through parse -> book -> bars ->
 * microstructure -> a recorder, as {@code BookQuery} does.
 *
 * <ul>
 *   <li>Parity: the recorder copies every book state the stage saw (top 20 levels, trusted or not), every trade and
 *       every bar with the stage's vector; an independent batch computation over those recordings (bucket tables
 *       first, then each feature from the tables; long arithmetic for the order flow and depths, the seed's
 *       {@code micro / mid - 1} for the basis, normal equations for Kyle) must give the same readiness and values
 *       within {@code 1e-9 * max(1, |value|)} (relative 1e-9, absolute 1e-9 below 1: the basis, the gap and Kyle are
 *       differences computed in another order). Run with 1 s bars (windows 1/3/5/15 s, so every feature warms up
 *       within the capture) and with the default 1 m settings.</li>
 *   <li>No look-ahead: every event whose exchange time is at or after a time T is perturbed (trade and depth
 *       quantities scaled); the vector of every bar closing at or before T is bit-for-bit unchanged, and some later
 *       one changes.</li>
 * </ul>
 */
class MicrostructureParityTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();
    private static final String CAPTURE = "data/binance-usdm/capture-btcusdt-20240808.gz";
    private static final int LEVELS = 20;
    private static final double TOLERANCE = 1e-9;

    private static MicrostructureSettings oneSecond()
    {
        final Duration s1 = Duration.ofSeconds(1);
        return new MicrostructureSettings(true, s1,
            List.of(s1, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(15)),
            List.of(s1, Duration.ofSeconds(5)), Duration.ofSeconds(60), 10, Duration.ofSeconds(30), 200_000.0, 10);
    }

    // ------------------------------------------------------------------------------------------------------------
    // the runs

    private static InstrumentRegistry registry()
    {
        return TraderConfig.load(ROOT.resolve("configs/replay.yaml")).instruments();
    }

    private static Path capture()
    {
        final Path file = SHARED.resolve(CAPTURE);
        SharedFixtures.require(file);
        return file;
    }

    /** The stages after parsing, with the recorder last. */
    private static List<Stage> stages(final InstrumentRegistry registry, final MicrostructureSettings settings, final Recorder[] recorder)
    {
        final Instrument btc = registry.resolve("binance-usdm:BTCUSDT");
        final OrderBookStage book = new OrderBookStage(registry, BookSettings.defaults());
        final MicrostructureStage micro = new MicrostructureStage(registry, book, settings);
        recorder[0] = new Recorder(book, micro, btc, settings.intervalNs());
        final List<Duration> intervals = settings.interval().equals(Duration.ofMinutes(1))
            ? List.of(Duration.ofSeconds(1), Duration.ofMinutes(1))
            : List.of(settings.interval(), Duration.ofMinutes(1));
        return List.of(book, new BarStage(registry, intervals, BarStage.Source.AUTO), micro, recorder[0]);
    }

    /** Raw capture -> ParseStage -> the stages; @return the recorder. */
    private static Recorder runFromRaw(final MicrostructureSettings settings) throws Exception
    {
        final InstrumentRegistry registry = registry();
        final Recorder[] recorder = new Recorder[1];
        final List<Stage> stages = new ArrayList<>();
        stages.add(VenueParsers.parseStage(registry));
        stages.addAll(stages(registry, settings, recorder));
        final Pipeline pipeline = new Pipeline(stages, EventSink.NONE, EventSink.NONE, new EventClock(), 4 << 20, false);
        new CaptureImporter().importFile(capture(), Venue.BINANCE_USDM, registry, registry.resolve("binance-usdm:BTCUSDT"),
            (buffer, offset, length) -> pipeline.onInput(buffer, offset, length, 0));
        pipeline.onEndOfStream();
        return recorder[0];
    }

    /** The market events ParseStage makes of the capture, each copied. */
    private static List<byte[]> parsed() throws Exception
    {
        final InstrumentRegistry registry = registry();
        final List<byte[]> events = new ArrayList<>();
        final EventSink collect = (buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            events.add(copy);
        };
        final Pipeline parse = new Pipeline(List.of(VenueParsers.parseStage(registry)), EventSink.NONE, collect,
            new EventClock(), 4 << 20, false);
        new CaptureImporter().importFile(capture(), Venue.BINANCE_USDM, registry, registry.resolve("binance-usdm:BTCUSDT"),
            (buffer, offset, length) -> parse.onInput(buffer, offset, length, 0));
        parse.onEndOfStream();
        return events;
    }

    private static Recorder runParsed(final List<byte[]> events, final MicrostructureSettings settings)
    {
        final Recorder[] recorder = new Recorder[1];
        final Pipeline pipeline = new Pipeline(stages(registry(), settings, recorder), EventSink.NONE, EventSink.NONE,
            new EventClock(), 4 << 20, false);
        for (final byte[] e : events)
        {
            pipeline.onInput(new UnsafeBuffer(e), 0, e.length, 0);
        }
        pipeline.onEndOfStream();
        return recorder[0];
    }

    // ------------------------------------------------------------------------------------------------------------
    // tests

    @Test
    void shouldEqualTheBatchReferenceOnOneSecondBars() throws Exception
    {
        final MicrostructureSettings settings = oneSecond();
        final Recorder r = runFromRaw(settings);
        final int[] readyCounts = assertParity(r, settings);

        final MicrostructureCatalog catalog = r.micro.catalog();
        for (int f = 0; f < catalog.size(); f++)
        {
            assertTrue(readyCounts[f] >= 50, catalog.feature(f).name() + " ready on only " + readyCounts[f] + " bars");
        }
        assertTrue(r.bars.size() >= 250, "bars: " + r.bars.size());
        assertEquals(0L, r.micro.counters().get("unusableObservations") - countUnusable(r), "every unusable state recorded");
    }

    @Test
    void shouldEqualTheBatchReferenceWithTheDefaultMinuteSettings() throws Exception
    {
        final MicrostructureSettings settings = MicrostructureSettings.defaults();
        final Recorder r = runFromRaw(settings);
        final int[] readyCounts = assertParity(r, settings);

        assertTrue(r.bars.size() >= 4, "bars: " + r.bars.size());
        assertTrue(readyCounts[r.micro.catalog().indexOf("ofi_l1_1m")] >= 3, Arrays.toString(readyCounts));
        assertTrue(readyCounts[r.micro.catalog().indexOf("ofi_l1_3m")] >= 1, Arrays.toString(readyCounts));
    }

    @Test
    void shouldNotLetEventsAfterTimeTChangeAnyFeatureAtOrBeforeT() throws Exception
    {
        final MicrostructureSettings settings = oneSecond();
        final List<byte[]> events = parsed();
        final Recorder baseline = runParsed(events, settings);
        final long firstClose = baseline.bars.get(0).closeNs;
        final long t = firstClose + 150_000_000_000L + 500_000_000L;

        final List<byte[]> perturbed = new ArrayList<>();
        int changed = 0;
        for (final byte[] e : events)
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            if (Events.exchangeTsNs(b, 0) < t)
            {
                perturbed.add(e);
                continue;
            }
            final int templateId = Events.templateId(b, 0);
            if (templateId == TradeDecoder.TEMPLATE_ID)
            {
                perturbed.add(scaleTrade(e));
                changed++;
            }
            else if (templateId == DepthUpdateDecoder.TEMPLATE_ID)
            {
                perturbed.add(scaleDepth(e));
                changed++;
            }
            else
            {
                perturbed.add(e);
            }
        }
        assertTrue(changed > 1000, "perturbed " + changed);
        final Recorder after = runParsed(perturbed, settings);

        assertEquals(baseline.bars.size(), after.bars.size());
        int before = 0;
        int differing = 0;
        for (int i = 0; i < baseline.bars.size(); i++)
        {
            final BarOut a = baseline.bars.get(i);
            final BarOut b = after.bars.get(i);
            assertEquals(a.k, b.k);
            if (a.closeNs <= t)
            {
                before++;
                assertArrayEquals(a.ready, b.ready, "readiness of bar " + a.k);
                for (int f = 0; f < a.values.length; f++)
                {
                    assertEquals(Double.doubleToLongBits(a.values[f]), Double.doubleToLongBits(b.values[f]),
                        baseline.micro.catalog().feature(f).name() + " of bar " + a.k + " changed by events after T");
                }
            }
            else if (!Arrays.equals(a.values, b.values))
            {
                differing++;
            }
        }
        assertTrue(before >= 100, "bars before T: " + before);
        assertTrue(differing >= 50, "the perturbation changes later bars: " + differing);
    }

    private static long countUnusable(final Recorder r)
    {
        long n = 0;
        for (final Object e : r.entries)
        {
            if (e instanceof BookObs && !((BookObs)e).usable)
            {
                n++;
            }
        }
        return n;
    }

    private static byte[] scaleTrade(final byte[] e)
    {
        final byte[] copy = e.clone();
        final UnsafeBuffer b = new UnsafeBuffer(copy);
        final TradeDecoder d = new TradeDecoder().wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0), Events.version(b, 0));
        new TradeEncoder().wrap(b, Events.HEADER_LENGTH).qty(d.qty() * 3);
        return copy;
    }

    private static byte[] scaleDepth(final byte[] e)
    {
        final UnsafeBuffer in = new UnsafeBuffer(e);
        final DepthUpdateDecoder d = new DepthUpdateDecoder().wrap(in, Events.HEADER_LENGTH, Events.blockLength(in, 0),
            Events.version(in, 0));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[e.length + 64]);
        final DepthUpdateEncoder enc = new DepthUpdateEncoder().wrapAndApplyHeader(out, 0, new MessageHeaderEncoder())
            .exchangeTsNs(d.exchangeTsNs()).receiveTsNs(d.receiveTsNs()).instrumentId(d.instrumentId())
            .firstUpdateId(d.firstUpdateId()).lastUpdateId(d.lastUpdateId()).prevUpdateId(d.prevUpdateId())
            .checksum(d.checksum()).hasChecksum(d.hasChecksum());
        final DepthUpdateDecoder.BidsDecoder bids = d.bids();
        final DepthUpdateEncoder.BidsEncoder eb = enc.bidsCount(bids.count());
        for (final DepthUpdateDecoder.BidsDecoder l : bids)
        {
            eb.next().price(l.price()).qty(l.qty() * 2).priceDecimals(l.priceDecimals()).qtyDecimals(l.qtyDecimals());
        }
        final DepthUpdateDecoder.AsksDecoder asks = d.asks();
        final DepthUpdateEncoder.AsksEncoder ea = enc.asksCount(asks.count());
        for (final DepthUpdateDecoder.AsksDecoder l : asks)
        {
            ea.next().price(l.price()).qty(l.qty() * 2).priceDecimals(l.priceDecimals()).qtyDecimals(l.qtyDecimals());
        }
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + enc.encodedLength();
        return Arrays.copyOf(out.byteArray(), length);
    }

    // ------------------------------------------------------------------------------------------------------------
    // parity

    /** Compares every recorded vector with the batch reference; @return per feature, the bars it was ready on. */
    private static int[] assertParity(final Recorder r, final MicrostructureSettings settings)
    {
        final MicrostructureCatalog catalog = r.micro.catalog();
        final List<double[]> expected = Batch.compute(r.entries, catalog, settings, r.instrument);
        assertEquals(r.bars.size(), expected.size());
        final int[] readyCounts = new int[catalog.size()];
        for (int i = 0; i < r.bars.size(); i++)
        {
            final BarOut bar = r.bars.get(i);
            final double[] want = expected.get(i);
            for (int f = 0; f < catalog.size(); f++)
            {
                final String what = catalog.feature(f).name() + " of bar " + bar.k;
                assertEquals(!Double.isNaN(want[f]), bar.ready[f], what + " readiness (batch " + want[f] + ", stage "
                    + bar.values[f] + ")");
                if (bar.ready[f])
                {
                    readyCounts[f]++;
                    assertEquals(want[f], bar.values[f], TOLERANCE * Math.max(1.0, Math.abs(want[f])), what);
                }
            }
        }
        return readyCounts;
    }

    /** One book state as the stage saw it. */
    record BookObs(long ts, boolean usable, long[] bp, long[] bq, long[] ap, long[] aq)
    {
    }

    /** One trade: its quote amount (quote exponent) and side (+1 buy, -1 sell, 0 unknown). */
    record TradeObs(long quote, int sign)
    {
    }

    /** One bar of the interval and the stage's vector right after it. */
    record BarOut(long k, long closeNs, double[] values, boolean[] ready)
    {
    }

    /** Records what the microstructure stage saw (it runs right after it) and what it computed on each bar. */
    static final class Recorder implements Stage
    {
        final OrderBookStage books;
        final MicrostructureStage micro;
        final Instrument instrument;
        final long intervalNs;
        final List<Object> entries = new ArrayList<>();
        final List<BarOut> bars = new ArrayList<>();
        private final TradeDecoder trade = new TradeDecoder();
        private final BarDecoder bar = new BarDecoder();

        Recorder(final OrderBookStage books, final MicrostructureStage micro, final Instrument instrument, final long intervalNs)
        {
            this.books = books;
            this.micro = micro;
            this.instrument = instrument;
            this.intervalNs = intervalNs;
        }

        @Override
        public String name()
        {
            return "recorder";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.instrumentId() != instrument.id())
            {
                return;
            }
            final int templateId = event.templateId();
            if (templateId == DepthUpdateDecoder.TEMPLATE_ID || templateId == DepthSnapshotDecoder.TEMPLATE_ID
                || templateId == BookStatusDecoder.TEMPLATE_ID)
            {
                final BookView view = books.book(instrument.id());
                final boolean usable = view != null && view.isTrusted() && view.bids().depth() > 0 && view.asks().depth() > 0;
                entries.add(new BookObs(event.exchangeTsNs(), usable,
                    view == null ? new long[0] : prices(view.bids()), view == null ? new long[0] : qtys(view.bids()),
                    view == null ? new long[0] : prices(view.asks()), view == null ? new long[0] : qtys(view.asks())));
            }
            else if (templateId == TradeDecoder.TEMPLATE_ID)
            {
                trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                final int sign = trade.aggressor() == Side.BUY ? 1 : trade.aggressor() == Side.SELL ? -1 : 0;
                entries.add(new TradeObs(instrument.quoteOf(trade.price(), trade.qty()), sign));
            }
            else if (templateId == BarDecoder.TEMPLATE_ID)
            {
                bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                if (bar.intervalNs() != intervalNs)
                {
                    return;
                }
                final int n = micro.catalog().size();
                final double[] values = new double[n];
                final boolean[] ready = new boolean[n];
                for (int f = 0; f < n; f++)
                {
                    ready[f] = micro.ready(instrument.id(), f);
                    values[f] = micro.value(instrument.id(), f);
                }
                final BarOut out = new BarOut(Math.floorDiv(bar.openTimeNs(), intervalNs), event.exchangeTsNs(), values, ready);
                bars.add(out);
                entries.add(out);
            }
        }

        private static long[] prices(final BookSide side)
        {
            final long[] a = new long[Math.min(LEVELS, side.depth())];
            for (int i = 0; i < a.length; i++)
            {
                a[i] = side.price(i);
            }
            return a;
        }

        private static long[] qtys(final BookSide side)
        {
            final long[] a = new long[Math.min(LEVELS, side.depth())];
            for (int i = 0; i < a.length; i++)
            {
                a[i] = side.qty(i);
            }
            return a;
        }
    }

    /**
     * The batch reference: tables per bucket from the whole recording, then each feature of each bar from the
     * tables, written from the catalogue's formulas without the stage's code.
     */
    static final class Batch
    {
        /** One bucket of the book clock. */
        static final class Bucket
        {
            boolean valid;
            int run;
            long ofi1;
            long ofi5;
            long ofi20;
            long depth1;
            long depth5;
            long depth20;
            long spread;
            double mid;
            double midOpen;
            double basis;
            long consumed;
            long restored;
            long signedQuote;
            boolean closeUsable;
        }

        static List<double[]> compute(
            final List<Object> entries,
            final MicrostructureCatalog catalog,
            final MicrostructureSettings settings,
            final Instrument instrument)
        {
            final long interval = settings.intervalNs();
            // 1. the bucket of each book state: its own, or the latest bucket already reached (the clock never goes back;
            //    a bar of bucket k moves it to k + 1)
            final List<BookObs> obs = new ArrayList<>();
            final List<Long> obsBucket = new ArrayList<>();
            long clock = Long.MIN_VALUE;
            long firstBucket = Long.MAX_VALUE;
            for (final Object e : entries)
            {
                if (e instanceof BookObs)
                {
                    final BookObs o = (BookObs)e;
                    clock = Math.max(clock, Math.floorDiv(o.ts(), interval));
                    obs.add(o);
                    obsBucket.add(clock);
                    firstBucket = Math.min(firstBucket, clock);
                }
                else if (e instanceof BarOut)
                {
                    clock = Math.max(clock, ((BarOut)e).k() + 1);
                    firstBucket = Math.min(firstBucket, ((BarOut)e).k() + 1);
                }
            }
            // 2. the bucket table
            final Map<Long, Bucket> buckets = new HashMap<>();
            int j = 0;
            int previousRun = 0;
            for (long b = firstBucket; b <= clock; b++)
            {
                final int before = j - 1;
                final int start = j;
                while (j < obs.size() && obsBucket.get(j) == b)
                {
                    j++;
                }
                final Bucket k = new Bucket();
                boolean allUsable = true;
                for (int i = start; i < j; i++)
                {
                    allUsable &= obs.get(i).usable();
                    if (i > 0 && obs.get(i).usable() && obs.get(i - 1).usable())
                    {
                        final long[] flow = flow(obs.get(i - 1), obs.get(i));
                        k.ofi1 += flow[0];
                        k.ofi5 += flow[1];
                        k.ofi20 += flow[2];
                    }
                }
                k.valid = before >= 0 && obs.get(before).usable() && allUsable;
                k.run = k.valid ? previousRun + 1 : 0;
                previousRun = k.run;
                final BookObs close = j > 0 ? obs.get(j - 1) : null;
                k.closeUsable = close != null && close.usable();
                if (k.closeUsable)
                {
                    k.depth1 = depth(close.bp(), close.bq(), 1) + depth(close.ap(), close.aq(), 1);
                    k.depth5 = depth(close.bp(), close.bq(), 5) + depth(close.ap(), close.aq(), 5);
                    k.depth20 = depth(close.bp(), close.bq(), 20) + depth(close.ap(), close.aq(), 20);
                    final long bid = close.bp()[0];
                    final long ask = close.ap()[0];
                    final long qb = close.bq()[0];
                    final long qa = close.aq()[0];
                    k.spread = ask - bid;
                    k.mid = (bid + ask) / 2.0;
                    final double micro = ((double)bid * qa + (double)ask * qb) / ((double)qb + qa);
                    k.basis = (micro / k.mid - 1.0) * 10_000.0;
                }
                if (k.valid)
                {
                    final BookObs open = obs.get(before);
                    k.midOpen = (open.bp()[0] + open.ap()[0]) / 2.0;
                    long minBid = depth(open.bp(), open.bq(), 5);
                    long minAsk = depth(open.ap(), open.aq(), 5);
                    for (int i = start; i < j; i++)
                    {
                        minBid = Math.min(minBid, depth(obs.get(i).bp(), obs.get(i).bq(), 5));
                        minAsk = Math.min(minAsk, depth(obs.get(i).ap(), obs.get(i).aq(), 5));
                    }
                    k.consumed = depth(open.bp(), open.bq(), 5) - minBid + depth(open.ap(), open.aq(), 5) - minAsk;
                    k.restored = depth(close.bp(), close.bq(), 5) - minBid + depth(close.ap(), close.aq(), 5) - minAsk;
                }
                buckets.put(b, k);
            }
            // 3. the trades of each bar, and the VPIN buckets filled up to each bar
            final long vpinSize = Math.round(settings.vpinBucketQuote() * Math.pow(10, -instrument.quoteExponent()));
            final int vpinK = settings.vpinBuckets();
            final List<long[]> vpinFilled = new ArrayList<>(); // {buy, sell} per bucket
            long cumulative = 0;
            long signed = 0;
            final List<double[]> out = new ArrayList<>();
            for (final Object e : entries)
            {
                if (e instanceof TradeObs)
                {
                    final TradeObs t = (TradeObs)e;
                    if (t.sign() == 0)
                    {
                        continue;
                    }
                    signed += t.sign() * t.quote();
                    long pos = cumulative;
                    final long end = cumulative + t.quote();
                    while (pos < end)
                    {
                        final int index = (int)(pos / vpinSize);
                        while (vpinFilled.size() <= index)
                        {
                            vpinFilled.add(new long[2]);
                        }
                        final long take = Math.min(end, (index + 1) * vpinSize) - pos;
                        vpinFilled.get(index)[t.sign() > 0 ? 0 : 1] += take;
                        pos += take;
                    }
                    cumulative = end;
                }
                else if (e instanceof BarOut)
                {
                    final BarOut bar = (BarOut)e;
                    final Bucket own = buckets.get(bar.k());
                    if (own != null)
                    {
                        own.signedQuote = signed;
                    }
                    signed = 0;
                    final int complete = (int)(cumulative / vpinSize);
                    double vpin = Double.NaN;
                    if (complete >= vpinK)
                    {
                        long sum = 0;
                        for (int i = complete - vpinK; i < complete; i++)
                        {
                            sum += Math.abs(vpinFilled.get(i)[0] - vpinFilled.get(i)[1]);
                        }
                        vpin = (double)sum / ((double)vpinK * vpinSize);
                    }
                    out.add(vector(bar.k(), buckets, catalog, settings, instrument, vpin));
                }
            }
            return out;
        }

        private static double[] vector(
            final long k,
            final Map<Long, Bucket> buckets,
            final MicrostructureCatalog catalog,
            final MicrostructureSettings settings,
            final Instrument instrument,
            final double vpin)
        {
            final double[] v = new double[catalog.size()];
            Arrays.fill(v, Double.NaN);
            final Bucket now = buckets.get(k);
            final int run = now == null ? 0 : now.run;
            for (final MicrostructureCatalog.Feature f : catalog.features())
            {
                final int w = f.windowBars();
                final int i = f.index();
                switch (f.kind())
                {
                    case OFI_L1:
                    case MLOFI_L5:
                    case MLOFI_L20:
                        if (run >= w)
                        {
                            v[i] = normalised(buckets, k, w, f.kind());
                        }
                        break;
                    case MLOFI_GAP:
                        if (run >= w)
                        {
                            v[i] = normalised(buckets, k, w, MicrostructureCatalog.Kind.MLOFI_L5)
                                - normalised(buckets, k, w, MicrostructureCatalog.Kind.MLOFI_L20);
                        }
                        break;
                    case MICROPRICE_BASIS:
                        if (run >= 1)
                        {
                            v[i] = now.basis;
                        }
                        break;
                    case MICROPRICE_BASIS_CHANGE:
                        if (run >= w)
                        {
                            v[i] = now.basis - buckets.get(k - w).basis;
                        }
                        break;
                    case SPREAD_TICKS:
                        if (run >= 1)
                        {
                            v[i] = now.spread / (double)instrument.tickMantissa();
                        }
                        break;
                    case SPREAD_BPS:
                        if (run >= 1)
                        {
                            v[i] = 10_000.0 * now.spread / now.mid;
                        }
                        break;
                    case SPREAD_RANK:
                    {
                        final int n = Math.min(run, w);
                        if (n >= settings.spreadRankMinBars())
                        {
                            final List<Long> window = new ArrayList<>();
                            for (long b = k - n + 1; b <= k; b++)
                            {
                                window.add(buckets.get(b).spread);
                            }
                            final long current = now.spread;
                            final long less = window.stream().filter(x -> x < current).count();
                            final long equal = window.stream().filter(x -> x == current).count();
                            v[i] = (less + (equal + 1) / 2.0) / n;
                        }
                        break;
                    }
                    case KYLE_LAMBDA:
                    case KYLE_R2:
                        if (run >= w)
                        {
                            v[i] = kyle(buckets, k, w, instrument, f.kind() == MicrostructureCatalog.Kind.KYLE_R2);
                        }
                        break;
                    case VPIN:
                        v[i] = vpin;
                        break;
                    case REPLENISHMENT:
                        if (run >= w)
                        {
                            long consumed = 0;
                            long restored = 0;
                            for (long b = k - w + 1; b <= k; b++)
                            {
                                consumed += buckets.get(b).consumed;
                                restored += buckets.get(b).restored;
                            }
                            v[i] = consumed > 0 ? (double)restored / consumed : 1.0;
                        }
                        break;
                    default:
                        throw new IllegalStateException(f.kind().toString());
                }
            }
            return v;
        }

        private static double normalised(final Map<Long, Bucket> buckets, final long k, final int w, final MicrostructureCatalog.Kind kind)
        {
            long flow = 0;
            long depth = 0;
            for (long b = k - w + 1; b <= k; b++)
            {
                final Bucket x = buckets.get(b);
                flow += kind == MicrostructureCatalog.Kind.OFI_L1 ? x.ofi1 : kind == MicrostructureCatalog.Kind.MLOFI_L5 ? x.ofi5 : x.ofi20;
                depth += kind == MicrostructureCatalog.Kind.OFI_L1 ? x.depth1 : kind == MicrostructureCatalog.Kind.MLOFI_L5 ? x.depth5 : x.depth20;
            }
            final double meanDepth = (double)depth / w;
            return flow / meanDepth;
        }

        /** Kyle's slope (or R^2) by the normal equations. */
        private static double kyle(final Map<Long, Bucket> buckets, final long k, final int w, final Instrument instrument, final boolean r2)
        {
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            double syy = 0;
            boolean allEqual = true;
            for (long b = k - w + 1; b <= k; b++)
            {
                final Bucket x = buckets.get(b);
                allEqual &= x.signedQuote == buckets.get(k).signedQuote;
                final double xi = x.signedQuote / 1e6 * Math.pow(10, instrument.quoteExponent());
                final double yi = 10_000.0 * Math.log(x.mid / x.midOpen);
                sx += xi;
                sy += yi;
                sxx += xi * xi;
                sxy += xi * yi;
                syy += yi * yi;
            }
            final double n = w;
            final double covXY = sxy - sx * sy / n;
            final double varX = sxx - sx * sx / n;
            final double varY = syy - sy * sy / n;
            if (allEqual)
            {
                return Double.NaN;
            }
            if (r2)
            {
                return varY > 0 ? covXY * covXY / (varX * varY) : 0.0;
            }
            return covXY / varX;
        }

        /** Order flow of the change prev -> cur at levels < 1, < 5, < 20 (Cont-Kukanov-Stoikov per level, notional). */
        private static long[] flow(final BookObs prev, final BookObs cur)
        {
            final long[] sums = new long[3];
            side(prev.bp(), prev.bq(), cur.bp(), cur.bq(), true, sums);
            side(prev.ap(), prev.aq(), cur.ap(), cur.aq(), false, sums);
            return sums;
        }

        private static void side(
            final long[] pp, final long[] pq, final long[] cp, final long[] cq, final boolean bid, final long[] sums)
        {
            for (int i = 0; i < Math.max(pp.length, cp.length); i++)
            {
                // a level missing on one side of the comparison: the other's price with size 0
                final long p = i < cp.length ? cp[i] : pp[i];
                final long q = i < cp.length ? cq[i] : 0;
                final long p0 = i < pp.length ? pp[i] : p;
                final long q0 = i < pp.length ? pq[i] : 0;
                final long e;
                if (bid)
                {
                    e = p > p0 ? p * q : p == p0 ? p * q - p0 * q0 : -p0 * q0;
                }
                else
                {
                    e = p < p0 ? -p * q : p == p0 ? -(p * q - p0 * q0) : p0 * q0;
                }
                sums[2] += e;
                if (i < 5)
                {
                    sums[1] += e;
                }
                if (i == 0)
                {
                    sums[0] += e;
                }
            }
        }

        private static long depth(final long[] prices, final long[] qtys, final int levels)
        {
            long sum = 0;
            for (int i = 0; i < Math.min(levels, prices.length); i++)
            {
                sum += prices[i] * qtys[i];
            }
            return sum;
        }
    }
}
