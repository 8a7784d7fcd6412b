package dev.trader.bench;

import dev.trader.engine.Engine;
import dev.trader.engine.Pipeline;
import org.agrona.DirectBuffer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap bytes allocated per event on the steady-state trade path, per thread, measured with {@code
 * com.sun.management.ThreadMXBean#getThreadAllocatedBytes} around a run of N events after a warm-up of N events:
 * <ul>
 *   <li>the synchronous {@link Pipeline} (the calling thread runs everything);</li>
 *   <li>the {@link Engine}: the {@code trader-engine} thread (which runs the pipeline) and, separately, the producer.</li>
 * </ul>
 * Each with {@code sinks=none} and {@code sinks=journal}, the same rigs and trade tape as the JMH benchmarks; then
 * the trading plan ({@link TradingRig}, sinks none, the {@link BookTape}: the strategy trades every ~130 events)
 * synchronously and through the ring, as in {@link TradingBenchmark}. Exits
 * with status 1 when any figure exceeds {@code --max-bytes-per-event} (default 0.5). Usage: {@code AllocationCheck
 * [events] [--max-bytes-per-event X]}; {@code bench/run.sh alloc [...]} runs it with the right JVM flags.
 */
public final class AllocationCheck
{
    private static final String ENGINE_THREAD = "trader-engine";

    private final com.sun.management.ThreadMXBean threads;
    private final long events;
    private final List<String> failures = new ArrayList<>();
    private final double maxBytesPerEvent;

    private AllocationCheck(final long events, final double maxBytesPerEvent)
    {
        this.threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        if (!threads.isThreadAllocatedMemorySupported())
        {
            throw new IllegalStateException("this JVM cannot measure per-thread allocation");
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        this.events = events;
        this.maxBytesPerEvent = maxBytesPerEvent;
    }

    public static void main(final String[] args) throws InterruptedException
    {
        long events = 1_000_000;
        double max = 0.5;
        for (int i = 0; i < args.length; i++)
        {
            if ("--max-bytes-per-event".equals(args[i]) && i + 1 < args.length)
            {
                max = Double.parseDouble(args[++i]);
            }
            else
            {
                events = Long.parseLong(args[i].replace("_", "").replace(",", ""));
            }
        }
        final AllocationCheck check = new AllocationCheck(events, max);
        System.out.printf("AllocationCheck: JDK %s, %d cores, %,d warm-up + %,d measured trade events per case%n",
            Runtime.version(), Runtime.getRuntime().availableProcessors(), events, events);
        for (final String sinks : new String[]{BenchRig.SINKS_NONE, BenchRig.SINKS_JOURNAL})
        {
            check.pipeline(sinks);
            check.ring(sinks);
        }
        check.tradingPipeline();
        check.tradingRing();
        if (!check.failures.isEmpty())
        {
            System.out.println("FAIL: above " + max + " B/event: " + check.failures);
            System.exit(1);
        }
        System.out.println("OK: every case at or below " + max + " B/event");
    }

    private void pipeline(final String sinks)
    {
        try (BenchRig rig = BenchRig.create(sinks, true))
        {
            final Pipeline pipeline = rig.pipeline();
            final TradeTape tape = TradeTape.generate(rig.instrument(), TradeTape.DEFAULT_TRADES);
            final Feeder feeder = new Feeder(tape);
            feeder.feed(pipeline, events);
            final long self = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(self);
            feeder.feed(pipeline, events);
            final long after = threads.getThreadAllocatedBytes(self);
            report("pipeline", sinks, "caller (runs the pipeline)", after - before, pipeline.outputEvents());
        }
    }

    private void ring(final String sinks) throws InterruptedException
    {
        try (BenchRig rig = BenchRig.create(sinks, true))
        {
            final TradeTape tape = TradeTape.generate(rig.instrument(), TradeTape.DEFAULT_TRADES);
            final List<Long> existing = engineThreadIds();
            final Engine engine = new Engine(rig.engineSettings(), rig.pipeline(), false).start();
            try
            {
                final Feeder feeder = new Feeder(tape);
                feeder.publish(engine, events);
                final long engineThread = newEngineThread(existing);
                final long self = Thread.currentThread().getId();
                final long engineBefore = threads.getThreadAllocatedBytes(engineThread);
                final long selfBefore = threads.getThreadAllocatedBytes(self);
                feeder.publish(engine, events);
                final long selfAfter = threads.getThreadAllocatedBytes(self);
                final long engineAfter = threads.getThreadAllocatedBytes(engineThread);
                report("ring", sinks, ENGINE_THREAD + " thread", engineAfter - engineBefore, rig.pipeline().outputEvents());
                report("ring", sinks, "producer", selfAfter - selfBefore, rig.pipeline().outputEvents());
                engine.publishEndOfStream();
                engine.awaitEndOfStream(30, TimeUnit.SECONDS);
            }
            finally
            {
                engine.close();
            }
        }
    }

    /** The trading plan ({@link TradingRig}: book, bars, risk-pre, strategy, risk, paper venue, accounting) on a book tape. */
    private void tradingPipeline()
    {
        try (TradingRig rig = TradingRig.create(true, true))
        {
            final TradingRig.Feeder feeder = new TradingRig.Feeder(BookTape.generate(BookTape.DEFAULT_EVENTS, 42));
            feeder.feed(rig.pipeline(), events);
            final long self = Thread.currentThread().getId();
            final String warm = rig.activity();
            final long before = threads.getThreadAllocatedBytes(self);
            feeder.feed(rig.pipeline(), events);
            final long after = threads.getThreadAllocatedBytes(self);
            report("trading", BenchRig.SINKS_NONE, "caller (runs the pipeline)", after - before, rig.pipeline().outputEvents());
            System.out.println("    after warm-up: " + warm + "; at the end: " + rig.activity());
        }
    }

    private void tradingRing() throws InterruptedException
    {
        try (TradingRig rig = TradingRig.create(true, true))
        {
            final List<Long> existing = engineThreadIds();
            final Engine engine = new Engine(rig.engineSettings(), rig.pipeline(), false).start();
            try
            {
                final TradingRig.Feeder feeder = new TradingRig.Feeder(BookTape.generate(BookTape.DEFAULT_EVENTS, 42));
                feeder.publish(engine, events);
                final long engineThread = newEngineThread(existing);
                final String warm = rig.activity();
                final long before = threads.getThreadAllocatedBytes(engineThread);
                feeder.publish(engine, events);
                final long after = threads.getThreadAllocatedBytes(engineThread);
                report("trading", BenchRig.SINKS_NONE, ENGINE_THREAD + " thread", after - before, rig.pipeline().outputEvents());
                System.out.println("    after warm-up: " + warm + "; at the end: " + rig.activity());
                engine.publishEndOfStream();
                engine.awaitEndOfStream(30, TimeUnit.SECONDS);
            }
            finally
            {
                engine.close();
            }
        }
    }

    private void report(final String path, final String sinks, final String thread, final long bytes, final long bars)
    {
        final double perEvent = (double)bytes / events;
        System.out.printf("  %-8s sinks=%-7s %-28s %,14d B over %,d events = %.4f B/event (%,d events emitted in total)%n",
            path, sinks, thread, bytes, events, perEvent, bars);
        if (perEvent > maxBytesPerEvent)
        {
            failures.add(path + "/" + sinks + "/" + thread);
        }
    }

    private static List<Long> engineThreadIds()
    {
        final List<Long> ids = new ArrayList<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (ENGINE_THREAD.equals(t.getName()))
            {
                ids.add(t.getId());
            }
        }
        return ids;
    }

    private static long newEngineThread(final List<Long> existing)
    {
        for (final long id : engineThreadIds())
        {
            if (!existing.contains(id))
            {
                return id;
            }
        }
        throw new IllegalStateException("no new thread named " + ENGINE_THREAD);
    }

    /** Cycles through a tape exactly as the benchmarks do. */
    private static final class Feeder
    {
        private final TradeTape tape;
        private final DirectBuffer buffer;
        private final int mask;
        private int cursor;

        Feeder(final TradeTape tape)
        {
            this.tape = tape;
            this.buffer = tape.buffer();
            this.mask = tape.size() - 1;
        }

        void feed(final Pipeline pipeline, final long n)
        {
            for (long k = 0; k < n; k++)
            {
                final int i = cursor;
                pipeline.onInput(buffer, tape.offset(i), tape.length(i), System.nanoTime());
                tape.advance(i);
                cursor = (i + 1) & mask;
            }
        }

        void publish(final Engine engine, final long n)
        {
            for (long k = 0; k < n; k++)
            {
                final int i = cursor;
                engine.publish(buffer, tape.offset(i), tape.length(i));
                tape.advance(i);
                cursor = (i + 1) & mask;
            }
            final long target = engine.publishedSequence();
            while (engine.processedSequence() < target)
            {
                Thread.yield();
            }
        }
    }
}
