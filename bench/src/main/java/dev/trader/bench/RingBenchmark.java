package dev.trader.bench;

import dev.trader.engine.Engine;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-event cost of the same trade path as {@link PipelineBenchmark}, but through the real Disruptor {@link Engine}:
 * the benchmark thread is the single producer (copying each Trade into a ring slot, stamping ingress with
 * {@code nanoTime}), the {@code trader-engine} thread runs the pipeline; ring 1,024 x 64 KiB, yielding wait strategy,
 * as in the shipped configs. One invocation publishes {@value #BATCH} trades back to back and then waits until the
 * engine has processed all of them ({@link Engine#processedSequence()}), so the score is the per-event cost of a
 * pipelined stream (producer and consumer overlapping on the machine's cores), not a one-in-flight round trip.
 *
 * <p>JMH 1.37's {@code -prof gc} counts the allocation of every live thread of the fork (on JDK 17 it sums {@code
 * getThreadAllocatedBytes} over all threads present at both ends of an iteration; on JDK 21+ it reads {@code
 * getTotalThreadAllocatedBytes}), so {@code gc.alloc.rate.norm} includes the engine thread; {@code AllocationCheck}
 * reports the engine thread alone. Expected allocation: ~0 B/op.
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
public class RingBenchmark
{
    /** Trades published per invocation before waiting for the engine to drain. */
    public static final int BATCH = 1_000;

    @Param({BenchRig.SINKS_NONE, BenchRig.SINKS_JOURNAL})
    public String sinks;

    /** Per-stage latency histograms (the configs' {@code engine.timeStages}); {@code -p timeStages=false} to compare. */
    @Param({"true"})
    public boolean timeStages;

    private BenchRig rig;
    private Engine engine;
    private TradeTape tape;
    private DirectBuffer tapeBuffer;
    private int mask;
    private int cursor;

    @Setup(Level.Trial)
    public void setup()
    {
        rig = BenchRig.create(sinks, timeStages);
        tape = TradeTape.generate(rig.instrument(), TradeTape.DEFAULT_TRADES);
        tapeBuffer = tape.buffer();
        mask = tape.size() - 1;
        engine = new Engine(rig.engineSettings(), rig.pipeline(), false).start();
    }

    /** {@value #BATCH} Trades published, then a wait until the engine thread has run them all through the pipeline. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishBatch()
    {
        final Engine e = engine;
        for (int k = 0; k < BATCH; k++)
        {
            final int i = cursor;
            e.publish(tapeBuffer, tape.offset(i), tape.length(i));
            tape.advance(i);
            cursor = (i + 1) & mask;
        }
        final long target = e.publishedSequence();
        while (e.processedSequence() < target)
        {
            // yield rather than spin: on 2 cores a spinning producer starves the engine thread it waits for
            Thread.yield();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException
    {
        try
        {
            engine.publishEndOfStream();
            engine.awaitEndOfStream(30, TimeUnit.SECONDS);
            if (rig.pipeline().outputEvents() == 0)
            {
                throw new IllegalStateException("no bars were emitted: the benchmark did not exercise the stage");
            }
        }
        finally
        {
            engine.close();
            rig.close();
        }
    }
}
