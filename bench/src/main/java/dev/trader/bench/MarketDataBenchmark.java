package dev.trader.bench;

import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.adapters.parse.ParseStage;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.Venue;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parse + book update per real Binance USD-M message: the hftbacktest capture
 * {@code <shared>/data/binance-usdm/capture-btcusdt-20240808.gz} (BTCUSDT, ~94k lines: 6,551 {@code depth@0ms} diffs,
 * 66,089 bookTickers, trades, one REST snapshot) is imported in {@code @Setup} with {@link CaptureImporter} into
 * encoded RawMessage frames (copied to heap arrays), exactly what {@code trader import capture} writes to a journal.
 * One operation = one RawMessage through a synchronous {@link Pipeline} of [{@link ParseStage} (JSON -> SBE),
 * {@link OrderBookStage} ({@code -p maxLevels=5000,1000})], sinks {@link EventSink#NONE}, no stage
 * timing:
 * <ul>
 *   <li>{@link #depthMessage}: one {@code depthUpdate} (median ~50 levels) parsed and applied to the book;</li>
 *   <li>{@link #bookTicker}: one {@code bookTicker} parsed to a BestBidOffer and checked against the book.</li>
 * </ul>
 *
 * <p>Keeping the book in step while the 6,551-diff tape cycles (hundreds of times per 1 s iteration): setup feeds the
 * snapshot and the depth diffs in capture order once (stale diffs dropped, the first one after the snapshot bridges
 * it; the book must be TRUSTED then, else setup fails), remembering the book right after the bridge (state A) and at
 * the end (state B). The measured tape is [R, d_b+1 .. d_n]: R is one synthetic depthUpdate that takes the book from
 * B back to A (B's extra levels set to 0 first, then A's levels), the rest are the real diffs after the bridge. Their
 * {@code U}/{@code u}/{@code pu} texts (13 digits, fixed width) are moved forward by one tape span after each is fed
 * (three in-place digit rewrites, ~10-20 ns, inside the op, as {@link BookTape#advance}), so the {@code pu} chain
 * never breaks and every diff is really parsed and applied (never dropped as stale). Setup checks one full cycle
 * returns the book to exactly B; each iteration's teardown fails the run if a gap, a crossed book or a stale drop
 * happened or the book is not TRUSTED. R (thousands of levels) is 1 op in 6,551, included in the average (its cost
 * is printed in setup).
 *
 * <p>The bookTicker pipeline's book is primed to state A only (last update id = the bridging diff's {@code u}), so
 * every bookTicker after the snapshot is compared with the book ({@code bboChecks}), not skipped as older.
 *
 * <p>Shared folder: {@code -Dtrader.shared.dir} (in {@code BENCH_JAVA_OPTS}), else {@code ../shared} or
 * {@code ../../shared} from the working directory. Expected allocation: 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    JvmFlags.EXPORTS_MISC, JvmFlags.EXPORTS_REF, JvmFlags.EXPORTS_NIO_CH, JvmFlags.EXPORTS_SUN_MISC, JvmFlags.EXPORTS_JAVAC_FILE,
    JvmFlags.OPENS_JAVAC, JvmFlags.OPENS_LANG, JvmFlags.OPENS_REFLECT, JvmFlags.OPENS_IO, JvmFlags.OPENS_UTIL, JvmFlags.OPENS_NIO,
    JvmFlags.OPENS_NIO_CH, JvmFlags.OPENS_MISC, JvmFlags.NO_ANALYTICS, JvmFlags.NO_ANNOUNCER, JvmFlags.QUIET_LOG})
public class MarketDataBenchmark
{
    /** System property naming the shared fixtures folder (the one holding {@code data/}). */
    public static final String SHARED_DIR_PROPERTY = "trader.shared.dir";
    static final String CAPTURE = "data/binance-usdm/capture-btcusdt-20240808.gz";
    static final Instrument INSTRUMENT = new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    private static final int MAX_BUFFERED = 10_000;
    private static final int ARENA_BYTES = 4 << 20;

    private static final byte[] DEPTH_UPDATE = ascii("\"depthUpdate\"");
    private static final byte[] BOOK_TICKER = ascii("\"bookTicker\"");
    private static final byte[] LAST_UPDATE_ID = ascii("\"lastUpdateId\"");
    private static final byte[] K_FIRST = ascii("\"U\":");
    private static final byte[] K_LAST = ascii("\"u\":");
    private static final byte[] K_PREV = ascii("\"pu\":");

    /** Levels per book side ({@code configs/replay.yaml}: 5,000; the REST snapshot holds 1,000 per side). */
    @Param({"5000", "1000"})
    public int maxLevels;

    // depth
    private Pipeline depthPipeline;
    private OrderBookStage depthBook;
    private UnsafeBuffer[] depthTape;
    private int[] idPositions;   // per tape frame: U, u, pu digit start
    private int[] idWidths;
    private long[] idValues;     // the ids the frame currently holds
    private long shift;
    private int depthCursor;
    private Map<String, Long> depthCountersBefore;

    // bookTicker
    private Pipeline tickerPipeline;
    private OrderBookStage tickerBook;
    private UnsafeBuffer[] tickerTape;
    private int tickerCursor;

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        final Path capture = sharedDir().resolve(CAPTURE);
        final InstrumentRegistry registry = new InstrumentRegistry(List.of(INSTRUMENT));
        final List<byte[]> frames = new ArrayList<>();
        final CaptureImportResult imported = new CaptureImporter().importFile(capture, Venue.BINANCE_USDM, registry, INSTRUMENT,
            (buffer, offset, length) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                frames.add(copy);
            });
        if (imported.rejects() > 0)
        {
            throw new IllegalStateException("capture import refused lines: " + imported);
        }

        // prime the depth book: snapshot + diffs in capture order
        depthBook = new OrderBookStage(registry, maxLevels, MAX_BUFFERED);
        depthPipeline = pipeline(registry, depthBook);
        tickerBook = new OrderBookStage(registry, maxLevels, MAX_BUFFERED);
        tickerPipeline = pipeline(registry, tickerBook);
        final List<byte[]> diffs = new ArrayList<>();
        final List<byte[]> tickers = new ArrayList<>();
        int bridge = -1;
        Map<Boolean, List<String[]>> stateA = null;
        for (final byte[] f : frames)
        {
            if (indexOf(f, BOOK_TICKER, 0) >= 0)
            {
                tickers.add(f);
                continue;
            }
            final boolean diff = indexOf(f, DEPTH_UPDATE, 0) >= 0;
            if (!diff && indexOf(f, LAST_UPDATE_ID, 0) < 0)
            {
                continue;
            }
            feed(depthPipeline, f);
            if (bridge < 0)
            {
                feed(tickerPipeline, f);
            }
            if (diff)
            {
                diffs.add(f);
                if (bridge < 0 && view(depthBook).isTrusted())
                {
                    bridge = diffs.size() - 1;
                    stateA = levels(view(depthBook));
                }
            }
        }
        final BookView book = view(depthBook);
        if (bridge < 0 || !book.isTrusted() || depthBook.counters().get("gaps") > 0)
        {
            throw new IllegalStateException("the book is not TRUSTED after priming with the capture's snapshot and "
                + diffs.size() + " diffs: " + depthBook.counters());
        }
        if (!view(tickerBook).isTrusted())
        {
            throw new IllegalStateException("the bookTicker pipeline's book is not TRUSTED after priming: " + tickerBook.counters());
        }
        final Map<Boolean, List<String[]>> stateB = levels(book);
        final long bridgeU = lastId(diffs.get(bridge));
        final long lastU = book.lastUpdateId();

        // the depth tape: [R, d_bridge+1 .. d_n]; ids of the real diffs one span ahead, R's as they are
        final byte[] last = diffs.get(diffs.size() - 1);
        final byte[] restore = restoreFrame(stateA, stateB, lastU, receiveTs(last) + 1, ascii(field(last, "\"E\":")),
            ascii(field(last, "\"T\":")));
        final List<byte[]> tape = new ArrayList<>();
        tape.add(restore);
        tape.addAll(diffs.subList(bridge + 1, diffs.size()));
        shift = lastU + 1 - bridgeU;
        final int n = tape.size();
        depthTape = new UnsafeBuffer[n];
        idPositions = new int[3 * n];
        idWidths = new int[3 * n];
        idValues = new long[3 * n];
        for (int i = 0; i < n; i++)
        {
            final byte[] f = tape.get(i);
            depthTape[i] = new UnsafeBuffer(f);
            final byte[][] keys = {K_FIRST, K_LAST, K_PREV};
            for (int k = 0; k < 3; k++)
            {
                final int at = indexOf(f, keys[k], 0);
                if (at < 0)
                {
                    throw new IllegalStateException("diff " + i + " has no " + new String(keys[k], StandardCharsets.US_ASCII));
                }
                int p = at + keys[k].length;
                final int start = p;
                long v = 0;
                while (f[p] >= '0' && f[p] <= '9')
                {
                    v = v * 10 + (f[p] - '0');
                    p++;
                }
                idPositions[3 * i + k] = start;
                idWidths[3 * i + k] = p - start;
                idValues[3 * i + k] = v;
                if (i > 0)
                {
                    writeId(3 * i + k, v + shift);
                }
            }
        }

        // one full cycle in setup: R must restore A, the cycle must end at B again, in step
        final long t0 = System.nanoTime();
        depthMessage();
        final long restoreNs = System.nanoTime() - t0;
        if (!sameLevels(levels(book), stateA))
        {
            throw new IllegalStateException("the restore diff did not bring the book back to its state after the bridge");
        }
        for (int i = 1; i < n; i++)
        {
            depthMessage();
        }
        if (!book.isTrusted() || !sameLevels(levels(book), stateB) || depthBook.counters().get("gaps") > 0)
        {
            throw new IllegalStateException("one cycle of the depth tape did not end at the same book: " + depthBook.counters());
        }
        tickerTape = new UnsafeBuffer[tickers.size()];
        for (int i = 0; i < tickers.size(); i++)
        {
            tickerTape[i] = new UnsafeBuffer(tickers.get(i));
        }
        int restoreLevels = 0;
        for (final List<String[]> side : stateB.values())
        {
            restoreLevels += side.size();
        }
        System.out.printf("%nMarketDataBenchmark: %s; depth tape %,d frames (restore diff: %,d bytes, %,d levels, %,d ns "
                + "cold, i.e. <= %.1f ns per op of the cycle); book %d bids / %d asks; bookTicker tape %,d frames%n",
            imported, n, restore.length, restoreLevels, restoreNs, (double)restoreNs / n, book.bids().depth(),
            book.asks().depth(), tickerTape.length);
    }

    /** One real depthUpdate RawMessage: parse (JSON -> DepthUpdate) + apply to the book. */
    @Benchmark
    public void depthMessage()
    {
        final int i = depthCursor;
        final UnsafeBuffer frame = depthTape[i];
        depthPipeline.onInput(frame, 0, frame.capacity(), 0);
        final int base = 3 * i;
        writeId(base, idValues[base] + shift);
        writeId(base + 1, idValues[base + 1] + shift);
        writeId(base + 2, idValues[base + 2] + shift);
        depthCursor = i + 1 == depthTape.length ? 0 : i + 1;
    }

    /** One real bookTicker RawMessage: parse (JSON -> BestBidOffer) + the book's BBO check. */
    @Benchmark
    public void bookTicker()
    {
        final int i = tickerCursor;
        final UnsafeBuffer frame = tickerTape[i];
        tickerPipeline.onInput(frame, 0, frame.capacity(), 0);
        tickerCursor = i + 1 == tickerTape.length ? 0 : i + 1;
    }

    @Setup(Level.Iteration)
    public void beforeIteration()
    {
        depthCountersBefore = new HashMap<>(depthBook.counters());
    }

    @TearDown(Level.Iteration)
    public void afterIteration()
    {
        final Map<String, Long> now = depthBook.counters();
        for (final String bad : new String[]{"gaps", "crossed", "badLevels", "updatesDroppedStale", "updatesBuffered"})
        {
            if (!now.get(bad).equals(depthCountersBefore.get(bad)))
            {
                throw new IllegalStateException("depth book lost step during the iteration (" + bad + "): " + now);
            }
        }
        if (!view(depthBook).isTrusted() || !view(tickerBook).isTrusted())
        {
            throw new IllegalStateException("a book is not TRUSTED: " + now + " / " + tickerBook.counters());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        System.out.printf("%nMarketDataBenchmark counters: depth %s%n  bookTicker %s%n", depthBook.counters(), tickerBook.counters());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Pipeline pipeline(final InstrumentRegistry registry, final OrderBookStage book)
    {
        final List<Stage> stages = List.of(VenueParsers.parseStage(registry), book);
        return new Pipeline(stages, EventSink.NONE, EventSink.NONE, new EventClock(), ARENA_BYTES, false);
    }

    private static void feed(final Pipeline pipeline, final byte[] frame)
    {
        pipeline.onInput(new UnsafeBuffer(frame), 0, frame.length, 0);
    }

    private static BookView view(final OrderBookStage stage)
    {
        final BookView v = stage.book(INSTRUMENT.id());
        if (v == null)
        {
            throw new IllegalStateException("no book for " + INSTRUMENT.key() + ": " + stage.counters());
        }
        return v;
    }

    /** Writes {@code value} over id slot {@code slot}, right-aligned in its fixed width (no allocation). */
    private void writeId(final int slot, final long value)
    {
        idValues[slot] = value;
        final UnsafeBuffer frame = depthTape[slot / 3];
        final int start = idPositions[slot];
        long v = value;
        for (int p = start + idWidths[slot] - 1; p >= start; p--)
        {
            frame.putByte(p, (byte)('0' + (v % 10)));
            v /= 10;
        }
        if (v != 0)
        {
            throw new IllegalStateException("update id " + value + " no longer fits its " + idWidths[slot] + " digits; restart");
        }
    }

    /** Both sides, best first, as [price text, qty text]; key true = bids. */
    private static Map<Boolean, List<String[]>> levels(final BookView book)
    {
        final Map<Boolean, List<String[]>> m = new LinkedHashMap<>();
        for (final boolean bid : new boolean[]{true, false})
        {
            final BookSide side = bid ? book.bids() : book.asks();
            final List<String[]> l = new ArrayList<>();
            for (int i = 0; i < side.depth(); i++)
            {
                l.add(new String[]{book.priceText(side, i), book.qtyText(side, i)});
            }
            m.put(bid, l);
        }
        return m;
    }

    private static boolean sameLevels(final Map<Boolean, List<String[]>> a, final Map<Boolean, List<String[]>> b)
    {
        for (final boolean bid : new boolean[]{true, false})
        {
            final List<String[]> x = a.get(bid);
            final List<String[]> y = b.get(bid);
            if (x.size() != y.size())
            {
                return false;
            }
            for (int i = 0; i < x.size(); i++)
            {
                if (!x.get(i)[0].equals(y.get(i)[0]) || !x.get(i)[1].equals(y.get(i)[1]))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** A depthUpdate RawMessage (pu = the tape's last u) that takes the book from state B back to state A. */
    private static byte[] restoreFrame(
        final Map<Boolean, List<String[]>> stateA,
        final Map<Boolean, List<String[]>> stateB,
        final long lastU,
        final long receiveTsNs,
        final byte[] eventTime,
        final byte[] tradeTime)
    {
        final StringBuilder json = new StringBuilder(1 << 16);
        json.append("{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":")
            .append(new String(eventTime, StandardCharsets.US_ASCII)).append(",\"T\":")
            .append(new String(tradeTime, StandardCharsets.US_ASCII)).append(",\"s\":\"BTCUSDT\",\"U\":").append(lastU + 1)
            .append(",\"u\":").append(lastU + 1).append(",\"pu\":").append(lastU);
        for (final boolean bid : new boolean[]{true, false})
        {
            json.append(bid ? ",\"b\":[" : ",\"a\":[");
            final Map<String, String> a = new LinkedHashMap<>();
            for (final String[] l : stateA.get(bid))
            {
                a.put(l[0], l[1]);
            }
            boolean first = true;
            // B's levels that A lacks go first (to 0), so the side never holds more than it must
            for (final String[] l : stateB.get(bid))
            {
                if (!a.containsKey(l[0]))
                {
                    json.append(first ? "" : ",").append("[\"").append(l[0]).append("\",\"0.000\"]");
                    first = false;
                }
            }
            for (final Map.Entry<String, String> e : a.entrySet())
            {
                json.append(first ? "" : ",").append("[\"").append(e.getKey()).append("\",\"").append(e.getValue()).append("\"]");
                first = false;
            }
            json.append(']');
        }
        json.append("}}");
        final byte[] payload = json.toString().getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[payload.length + 256]);
        final RawMessageEncoder raw = new RawMessageEncoder();
        raw.wrapAndApplyHeader(out, 0, new MessageHeaderEncoder())
            .exchangeTsNs(0).receiveTsNs(receiveTsNs).instrumentId(0).venue(VenueCode.BINANCE_USDM)
            .connectionId(1).sequence(0).isRest(BooleanType.F).putPayload(payload, 0, payload.length);
        final byte[] frame = new byte[MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength()];
        out.getBytes(0, frame);
        return frame;
    }

    private static long lastId(final byte[] frame)
    {
        return Long.parseLong(field(frame, "\"u\":"));
    }

    private static String field(final byte[] frame, final String key)
    {
        final byte[] k = ascii(key);
        final int at = indexOf(frame, k, 0);
        if (at < 0)
        {
            throw new IllegalStateException("no " + key + " in a depth diff");
        }
        int p = at + k.length;
        final int start = p;
        while (frame[p] >= '0' && frame[p] <= '9')
        {
            p++;
        }
        return new String(frame, start, p - start, StandardCharsets.US_ASCII);
    }

    private static long receiveTs(final byte[] frame)
    {
        return new dev.trader.engine.EventView().wrap(new UnsafeBuffer(frame), 0, frame.length).receiveTsNs();
    }

    private static int indexOf(final byte[] hay, final byte[] needle, final int from)
    {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (hay[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static Path sharedDir()
    {
        final String property = System.getProperty(SHARED_DIR_PROPERTY);
        final List<Path> candidates = property != null ? List.of(Path.of(property))
            : List.of(Path.of("../shared"), Path.of("../../shared"));
        for (final Path c : candidates)
        {
            if (Files.isRegularFile(c.resolve(CAPTURE)))
            {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("MarketDataBenchmark needs the capture " + CAPTURE + " under the shared folder; "
            + "not found under " + candidates + " (working directory " + Path.of("").toAbsolutePath()
            + "): pass -D" + SHARED_DIR_PROPERTY + "=<shared> in BENCH_JAVA_OPTS");
    }
}
