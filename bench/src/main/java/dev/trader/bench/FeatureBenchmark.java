package dev.trader.bench;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.KlineEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.Venue;
import dev.trader.engine.features.FeatureCatalog;
import dev.trader.engine.features.FeatureStage;
import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-bar cost of the full lean_v1 feature set (seed 000 section 8, {@link FeatureStage}), one instrument, steady
 * state (every window warm, the vector ready):
 * <ul>
 *   <li>{@code featuresPerMinuteBar}: one completed 1 m Bar event into {@link FeatureStage#onEvent}, plus the 5 m /
 *       15 m / 1 h bars that follow it when it completes them (on average 0.28 per minute), then
 *       {@link FeatureStage#copyInto} of the vector, as the model stage will read it. The Bar events are recorded once
 *       in {@code @Setup} from {@link BarStage} (65,536 minutes of a seeded random walk with an occasional 3-minute
 *       gap, so regime breaks occur) and replayed with their times moved forward by the tape's span each cycle.</li>
 *   <li>{@code klineThroughBarsAndFeatures}: one closed 1 m Kline through {@code BarStage -> FeatureStage} in a
 *       synchronous {@link Pipeline} with no sinks (validation, repair, HTF aggregation, Bar encoding, features).</li>
 * </ul>
 * Expected allocation: 0 B/op.
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
public class FeatureBenchmark
{
    static final int MINUTES = 1 << 16;
    private static final long MINUTE = 60_000_000_000L;
    private static final long T0 = 1_704_067_200_000_000_000L;   // 2024-01-01T00:00:00Z
    private static final int ID = 100;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "BTCUSDT", "0.10", "0.001", -1, -3, -4)));

    // featuresPerMinuteBar
    private FeatureStage features;
    private UnsafeBuffer tape;
    private int[] eventOffset;
    private int[] eventLength;
    /** Index of the first tape event of each 1 m bar group (a 1 m bar and the HTF bars it completes). */
    private int[] groupStart;
    private int groups;
    private long tapeSpanNs;
    private final EventView view = new EventView();
    private final BarEncoder shift = new BarEncoder();
    private final BarDecoder read = new BarDecoder();
    private final double[] vector = new double[FeatureCatalog.COUNT];
    private int cursor;

    // klineThroughBarsAndFeatures
    private Pipeline pipeline;
    private FeatureStage pipelineFeatures;
    private final UnsafeBuffer kline = new UnsafeBuffer(new byte[256]);
    private final KlineEncoder klineEncoder = new KlineEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private long klineMinute;
    private long price = 420_000;
    private long seed = 42;

    @Setup(Level.Trial)
    public void setup()
    {
        recordTape();
        features = new FeatureStage(REGISTRY);
        for (int g = 0; g < groups; g++)
        {
            feedGroup(g);
        }
        if (!features.ready(ID))
        {
            throw new IllegalStateException("feature vector not ready after the warm-up tape");
        }

        final BarStage bars = new BarStage(REGISTRY, BarSettings.DEFAULT_INTERVALS, BarStage.Source.AUTO, true);
        pipelineFeatures = new FeatureStage(REGISTRY);
        pipeline = new Pipeline(List.of(bars, pipelineFeatures), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);
        for (int i = 0; i < 2_000; i++)
        {
            klineThroughBarsAndFeatures();
        }
    }

    /** One 1 m bar (and the HTF bars it completes) into the feature stage, then the vector read. */
    @Benchmark
    public void featuresPerMinuteBar(final Blackhole bh)
    {
        final int g = cursor;
        feedGroup(g);
        features.copyInto(ID, vector);
        bh.consume(vector[FeatureCatalog.RV_Z60]);
        cursor = g + 1 == groups ? 0 : g + 1;
        if (cursor == 0)
        {
            moveTapeForward();
        }
    }

    /** One closed 1 m Kline through bars (validation, repair, HTF) and features. */
    @Benchmark
    public void klineThroughBarsAndFeatures()
    {
        seed = seed * 6364136223846793005L + 1442695040888963407L;
        final long open = price;
        price = Math.max(10_000, price + (seed >>> 59) - 16);
        final long openTime = T0 + klineMinute * MINUTE;
        klineMinute += (seed & 0x3FF) == 0 ? 4 : 1;
        klineEncoder.wrapAndApplyHeader(kline, 0, header)
            .exchangeTsNs(openTime + MINUTE)
            .receiveTsNs(openTime + MINUTE)
            .instrumentId(ID)
            .intervalNs(MINUTE)
            .openTimeNs(openTime)
            .closeTimeNs(openTime + MINUTE)
            .open(open)
            .high(Math.max(open, price) + 5)
            .low(Math.min(open, price) - 5)
            .close(price)
            .volume(1_000)
            .quoteVolume(1_000 * price)
            .tradeCount(10)
            .takerBuyVolume(400)
            .takerBuyQuoteVolume(400 * price)
            .closed(BooleanType.T);
        pipeline.onInput(kline, 0, Events.HEADER_LENGTH + klineEncoder.encodedLength(), 0);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (!pipelineFeatures.ready(ID) || pipelineFeatures.counters().get("minuteBars") < 2_000)
        {
            throw new IllegalStateException("the pipeline benchmark did not reach a ready vector: " + pipelineFeatures.counters());
        }
    }

    private void feedGroup(final int g)
    {
        final int end = g + 1 < groups ? groupStart[g + 1] : eventOffset.length;
        for (int e = groupStart[g]; e < end; e++)
        {
            features.onEvent(view.wrap(tape, eventOffset[e], eventLength[e]), NO_EMIT);
        }
    }

    private void moveTapeForward()
    {
        for (int e = 0; e < eventOffset.length; e++)
        {
            final int body = eventOffset[e] + Events.HEADER_LENGTH;
            read.wrap(tape, body, BarDecoder.BLOCK_LENGTH, BarDecoder.SCHEMA_VERSION);
            final long exchangeTs = read.exchangeTsNs();
            final long openTime = read.openTimeNs();
            shift.wrap(tape, body).exchangeTsNs(exchangeTs + tapeSpanNs).openTimeNs(openTime + tapeSpanNs);
        }
    }

    /** Runs seeded klines through a BarStage once and keeps every Bar it emits (1 m, 5 m, 15 m, 1 h). */
    private void recordTape()
    {
        final List<byte[]> events = new ArrayList<>();
        final List<Integer> starts = new ArrayList<>();
        final Stage recorder = new Stage()
        {
            @Override
            public String name()
            {
                return "recorder";
            }

            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
                if (event.templateId() != BarDecoder.TEMPLATE_ID)
                {
                    return;
                }
                final byte[] copy = new byte[event.length()];
                event.buffer().getBytes(event.offset(), copy);
                read.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                if (read.intervalNs() == MINUTE)
                {
                    starts.add(events.size());
                }
                events.add(copy);
            }
        };
        final BarStage bars = new BarStage(REGISTRY, BarSettings.DEFAULT_INTERVALS, BarStage.Source.AUTO, true);
        final Pipeline recording = new Pipeline(List.of(bars, recorder), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);
        final long savedPrice = price;
        final long savedSeed = seed;
        final Pipeline saved = pipeline;
        pipeline = recording;
        for (int i = 0; i < MINUTES; i++)
        {
            klineThroughBarsAndFeatures();
        }
        pipeline = saved;
        price = savedPrice;
        seed = savedSeed;
        tapeSpanNs = klineMinute * MINUTE + 60 * MINUTE;   // whole hours: HTF boundaries stay aligned
        klineMinute = 0;

        // a 1 m group starts at its 1 m bar; a partial HTF bar emitted just before a 1 m bar belongs to that group
        int bytes = 0;
        for (final byte[] e : events)
        {
            bytes += e.length;
        }
        tape = new UnsafeBuffer(new byte[bytes]);
        eventOffset = new int[events.size()];
        eventLength = new int[events.size()];
        int at = 0;
        for (int e = 0; e < events.size(); e++)
        {
            tape.putBytes(at, events.get(e));
            eventOffset[e] = at;
            eventLength[e] = events.get(e).length;
            at += events.get(e).length;
        }
        groups = starts.size();
        groupStart = new int[groups];
        for (int g = 0; g < groups; g++)
        {
            groupStart[g] = starts.get(g);
        }
        groupStart[0] = 0;
    }

    private static final Emitter NO_EMIT = new Emitter()
    {
        @Override
        public MutableDirectBuffer buffer()
        {
            throw new UnsupportedOperationException("the feature stage emits nothing");
        }

        @Override
        public int claim(final int maxLength)
        {
            throw new UnsupportedOperationException("the feature stage emits nothing");
        }

        @Override
        public void commit(final int length)
        {
            throw new UnsupportedOperationException("the feature stage emits nothing");
        }
    };
}
