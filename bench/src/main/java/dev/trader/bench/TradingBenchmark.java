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
 * Per market event cost of the trading stages (issue #5, acceptance 6; docs/trading.md): one operation = one event of
 * a {@link BookTape} (a 100-level book, ~70 % depth updates, ~30 % trades, 20 ms apart, cycled) through the
 * synchronous {@link Pipeline} that replay's {@code RunStages} builds from {@link TradingRig}'s config: parse (idle)
 * -> book -> bars (1 s, 1 m) [-> risk-pre -> strategy ({@code momentum_short}, seed 002 section 3, thresholds scaled
 * to the tape so it trades every ~130 events) -> risk -> paper venue (book fill model) -> accounting]. {@code
 * trading=false} is the same plan without the trading stages, so the difference is their cost per market event
 * (averaged over the events that trade and the many that only mark). No sinks, no stage timing. Each iteration
 * prints the decisions and fills per op, so a run that stopped trading shows; the trial fails if nothing filled.
 * Expected allocation: 0 B/op (positions, orders and closed-trade history are preallocated or bounded).
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
public class TradingBenchmark
{
    /** With the trading stages ({@code true}) or without them (the baseline: book + bars). */
    @Param({"false", "true"})
    public boolean trading;

    private TradingRig rig;
    private Pipeline pipeline;
    private BookTape tape;
    private DirectBuffer tapeBuffer;
    private int cursor;
    private long ops;
    private long opsAtIteration;
    private long decisionsAtIteration;
    private long fillsAtIteration;

    @Setup(Level.Trial)
    public void setup()
    {
        rig = TradingRig.create(trading, false);
        pipeline = rig.pipeline();
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
        ops++;
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        opsAtIteration = ops;
        decisionsAtIteration = rig.decisions();
        fillsAtIteration = rig.fills();
    }

    @TearDown(Level.Iteration)
    public void endIteration()
    {
        final long n = ops - opsAtIteration;
        if (trading && n > 0)
        {
            final long d = rig.decisions() - decisionsAtIteration;
            final long f = rig.fills() - fillsAtIteration;
            System.out.printf("  [%,d events: %,d decisions (1 per %,.0f events), %,d fills (1 per %,.0f events)] ",
                n, d, d == 0 ? Double.NaN : (double)n / d, f, f == 0 ? Double.NaN : (double)n / f);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (trading && (rig.fills() == 0 || rig.tradesClosed() == 0))
            {
                throw new IllegalStateException("the strategy did not trade: the benchmark did not exercise the trading stages: "
                    + rig.activity());
            }
            if (trading)
            {
                System.out.println("  trial: " + ops + " events, " + rig.activity());
            }
        }
        finally
        {
            rig.close();
        }
    }
}
