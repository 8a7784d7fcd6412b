package dev.trader.bench;

import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.stages.BarStage;
import org.agrona.DirectBuffer;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Per-event cost of the {@link MicrostructureStage}: one operation = one event of a {@link BookTape} (about 70 %
 * depth updates of 1 to 3 levels, 30 % trades, a 100-level book, 20 ms apart, cycled forever) through a synchronous
 * {@link Pipeline} of book -> bars (1 s, 1 m) [-> microstructure, default settings: 1 m bars, top-20 level OFI], no
 * sinks, no stage timing. {@code micro=false} is the same pipeline without the stage, so the difference of the two
 * is the stage's cost per event (per depth update: the top 20 levels of both sides compared and copied; per trade:
 * the VPIN buckets; per 1 m bar: the windows, the 24 h spread rank's up to 1,440 bars). Expected allocation: 0 B/op
 * (the per-instrument state is allocated on the first events, in warm-up).
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
public class MicrostructureBenchmark
{
    /** With the microstructure stage ({@code true}) or without it (the baseline). */
    @Param({"false", "true"})
    public boolean micro;

    private Pipeline pipeline;
    private MicrostructureStage stage;
    private BookTape tape;
    private DirectBuffer tapeBuffer;
    private int cursor;

    @Setup(Level.Trial)
    public void setup()
    {
        final InstrumentRegistry registry = new InstrumentRegistry(List.of(BookTape.INSTRUMENT));
        final OrderBookStage book = new OrderBookStage(registry, 1000, 1000);
        final List<Stage> stages = new ArrayList<>();
        stages.add(book);
        stages.add(new BarStage(registry, List.of(Duration.ofSeconds(1), Duration.ofMinutes(1)), BarStage.Source.TRADES));
        if (micro)
        {
            stage = new MicrostructureStage(registry, book, MicrostructureSettings.defaults());
            stages.add(stage);
        }
        pipeline = new Pipeline(stages, EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 20, false);
        tape = BookTape.generate(BookTape.DEFAULT_EVENTS, 42);
        tapeBuffer = tape.buffer();
    }

    /** One tape event through the synchronous pipeline. */
    @Benchmark
    public void onEvent()
    {
        final int i = cursor;
        pipeline.onInput(tapeBuffer, tape.offset(i), tape.length(i), 0);
        tape.advance(i);
        cursor = tape.next(i);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (micro && stage.counters().get("bars") == 0)
        {
            throw new IllegalStateException("no bar reached the stage: the benchmark did not exercise it");
        }
        if (micro && stage.counters().get("unusableObservations") > 1)
        {
            throw new IllegalStateException("the book was untrusted during the run: " + stage.counters());
        }
    }
}
