package dev.trader.bench;

import dev.trader.engine.Pipeline;
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

import java.util.concurrent.TimeUnit;

/**
 * Per-event cost of the steady-state trade path through the {@link Pipeline}, synchronously on the benchmark thread
 * (no ring): journal-in, clock, the stages {@code StagePlan} builds (today {@code BarStage} with 1 s and 1 m bars,
 * emitting a Bar whenever a trade closes one), journal-out for each emitted Bar, and the per-stage latency histograms
 * ({@code timeStages}, on as in the shipped configs). One operation = one Trade from a precomputed tape of 65,536
 * synthetic trades, cycled with timestamps moved forward each cycle so time never goes back.
 *
 * <p>{@code sinks=none}: {@code EventSink.NONE} in and out (stage cost only). {@code sinks=journal}: Chronicle Queue
 * journals for input and output under {@code target/bench-work} plus the SHA-256 output hasher, as {@code trader
 * replay} runs. Expected allocation: ~0 B/op.
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
public class PipelineBenchmark
{
    @Param({BenchRig.SINKS_NONE, BenchRig.SINKS_JOURNAL})
    public String sinks;

    /** Per-stage latency histograms (the configs' {@code engine.timeStages}); {@code -p timeStages=false} to compare. */
    @Param({"true"})
    public boolean timeStages;

    private BenchRig rig;
    private Pipeline pipeline;
    private TradeTape tape;
    private DirectBuffer tapeBuffer;
    private int mask;
    private int cursor;

    @Setup(Level.Trial)
    public void setup()
    {
        rig = BenchRig.create(sinks, timeStages);
        pipeline = rig.pipeline();
        tape = TradeTape.generate(rig.instrument(), TradeTape.DEFAULT_TRADES);
        tapeBuffer = tape.buffer();
        mask = tape.size() - 1;
    }

    /** One Trade through the whole synchronous pipeline. */
    @Benchmark
    public void onTrade()
    {
        final int i = cursor;
        pipeline.onInput(tapeBuffer, tape.offset(i), tape.length(i), System.nanoTime());
        tape.advance(i);
        cursor = (i + 1) & mask;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (pipeline.outputEvents() == 0)
        {
            throw new IllegalStateException("no bars were emitted: the benchmark did not exercise the stage");
        }
        rig.close();
    }
}
