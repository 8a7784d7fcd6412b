package dev.trader.bench;

import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.Engine;
import dev.trader.engine.EngineSettings;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.OutputDir;
import dev.trader.replay.RunStages;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trading path as one synchronous {@link Pipeline}, built by replay's {@link RunStages} from a config written to a
 * scratch directory: parse (idle: no RawMessage on the tape) -> book -> bars (1 s, 1 m) -> [risk-pre -> strategy
 * ({@code momentum_short} on 1 s bars, thresholds tiny so that it trades every few bars) -> risk -> paper venue (book
 * fill model) -> accounting], fed by a {@link BookTape} (the synthetic instrument id 100, 20 ms per event, cycled).
 * Without {@code trading} the plan stops after the bars: the baseline. Trading settings (seed 002 section 3 rules,
 * thresholds scaled down to the tape's small moves): rolling return over 3 bars below -0.002 % enters short,
 * stop-loss / take-profit 0.005 %, max hold 10 bars, fixed qty 0.01, up to 3 open positions, equity 10 M (so fees
 * never drain it to the equity floor in a long run), loss cooldown and streak halving off (they would pause
 * entries for long stretches, which would make the benchmark measure an idle strategy).
 */
final class TradingRig implements AutoCloseable
{
    /** Book, bars and no features: the baseline plan. */
    static final String MARKET_YAML = String.join("\n",
        "book:",
        "  enabled: true",
        "  maxLevels: 1000",
        "bars:",
        "  intervals: [1s, 1m]",
        "  source: auto",
        "features:",
        "  enabled: false",
        "");

    static final String TRADING_YAML = String.join("\n",
        "strategies:",
        "  - type: momentum_short",
        "    id: 1",
        "    instrument: synthetic:BTCUSDT",
        "    barInterval: 1s",
        "    rollingBars: 3",
        "    downsideThreshold: -0.000003",
        "    requireHazard: false",
        "    stopLoss: 0.000005",
        "    takeProfit: 0.000005",
        "    maxHoldBars: 5",
        "    qty: 0.01",
        "risk:",
        "  barInterval: 1m",
        "  maxOpenPositions: 3",
        "  lossCooldown: { afterLosses: 0 }",
        "  streakHalving: { afterLosses: 0 }",
        "paper:",
        "  fillModel: book",
        "accounting:",
        "  initialEquity: 10000000",
        "");

    private final Path dir;
    private final EngineSettings engineSettings;
    private final Pipeline pipeline;

    private TradingRig(final boolean trading, final boolean timeStages, final boolean meterStages)
    {
        dir = BenchRig.newScratchDir("trading-");
        final TraderConfig config = BenchRig.writeConfig(dir, "trading.yaml", timeStages, MARKET_YAML + (trading ? TRADING_YAML : ""));
        engineSettings = config.engine();
        final EventClock clock = new EventClock();
        final List<Stage> stages = new ArrayList<>(RunStages.build(config, config.instruments(), clock));
        if (meterStages)
        {
            stages.replaceAll(MeteredStage::new);
        }
        pipeline = new Pipeline(stages, EventSink.NONE, EventSink.NONE, clock, config.engine().arenaBytes(), config.engine().timeStages());
    }

    /**
     * @param trading    with the trading stages (else the plan ends at the bars)
     * @param timeStages per-stage latency histograms
     */
    static TradingRig create(final boolean trading, final boolean timeStages)
    {
        return new TradingRig(trading, timeStages, false);
    }

    EngineSettings engineSettings()
    {
        return engineSettings;
    }

    Pipeline pipeline()
    {
        return pipeline;
    }

    long decisions()
    {
        return pipeline.outputCount(DecisionDecoder.TEMPLATE_ID);
    }

    long orders()
    {
        return pipeline.outputCount(OrderDecoder.TEMPLATE_ID);
    }

    long fills()
    {
        return pipeline.outputCount(FillDecoder.TEMPLATE_ID);
    }

    long tradesClosed()
    {
        return pipeline.outputCount(TradeClosedDecoder.TEMPLATE_ID);
    }

    /** Decisions, orders, fills and closed trades so far, e.g. for a report. */
    String activity()
    {
        return String.format("%,d decisions, %,d orders, %,d fills, %,d trades closed", decisions(), orders(), fills(), tradesClosed());
    }

    String stageNames()
    {
        final StringBuilder b = new StringBuilder();
        for (final Stage s : pipeline.stages())
        {
            b.append(b.length() == 0 ? "" : " -> ").append(s.name());
        }
        return b.toString();
    }

    @Override
    public void close()
    {
        try
        {
            OutputDir.deleteTree(dir);
        }
        catch (final IOException ex)
        {
            System.err.println("bench: could not delete " + dir + ": " + ex);
        }
    }

    /** Cycles a {@link BookTape} through a pipeline, moving times (and update ids) forward after each event. */
    static final class Feeder
    {
        private final BookTape tape;
        private final DirectBuffer buffer;
        private int cursor;

        Feeder(final BookTape tape)
        {
            this.tape = tape;
            this.buffer = tape.buffer();
        }

        void feed(final Pipeline pipeline, final long n)
        {
            for (long k = 0; k < n; k++)
            {
                final int i = cursor;
                pipeline.onInput(buffer, tape.offset(i), tape.length(i), 0);
                tape.advance(i);
                cursor = tape.next(i);
            }
        }

        /** Publishes {@code n} events into the engine's ring, then waits (yielding) until the engine processed them. */
        void publish(final Engine engine, final long n)
        {
            for (long k = 0; k < n; k++)
            {
                final int i = cursor;
                engine.publish(buffer, tape.offset(i), tape.length(i));
                tape.advance(i);
                cursor = tape.next(i);
            }
            final long target = engine.publishedSequence();
            while (engine.processedSequence() < target)
            {
                Thread.yield();
            }
        }
    }

    /**
     * Quick look: {@code TradingRig [events] [false]} runs the plan (with the trading stages unless {@code false}) for
     * {@code events} warm-up and again {@code events} measured events, printing ns/event, heap bytes allocated by
     * this thread during the measured part, the trading activity and every stage's counters.
     */
    public static void main(final String[] args)
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        final boolean trading = args.length <= 1 || Boolean.parseBoolean(args[1]);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final boolean meter = args.length > 2 && "meter".equals(args[2]);
        final boolean timed = args.length > 2 && "time".equals(args[2]);
        try (TradingRig rig = new TradingRig(trading, timed, meter))
        {
            System.out.println(rig.stageNames());
            final Feeder feeder = new Feeder(BookTape.generate(BookTape.DEFAULT_EVENTS, 42));
            feeder.feed(rig.pipeline(), events);
            final String warm = rig.activity();
            final long self = Thread.currentThread().getId();
            final long b0 = threads.getThreadAllocatedBytes(self);
            final long t0 = System.nanoTime();
            feeder.feed(rig.pipeline(), events);
            final long ns = System.nanoTime() - t0;
            final long bytes = threads.getThreadAllocatedBytes(self) - b0;
            System.out.printf("warm-up: %s%nmeasured %,d events in %.1f ms (%.0f ns/event), %,d B allocated (%.4f B/event); "
                + "total: %s%n", warm, events, ns / 1e6, (double)ns / events, bytes, (double)bytes / events, rig.activity());
            for (final Stage s : rig.pipeline().stages())
            {
                System.out.println("  " + s.name() + " " + s.counters());
            }
            for (final dev.trader.engine.LatencyRecorder.Named n : rig.pipeline().latency().all())
            {
                if (n.histogram().getTotalCount() > 0)
                {
                    System.out.printf("  latency %-20s count %,12d  mean %,8.0f ns  total %,10.1f ms%n", n.name(),
                        n.histogram().getTotalCount(), n.histogram().getMean(), n.histogram().getMean() * n.histogram().getTotalCount() / 1e6);
                }
            }
        }
    }

    /**
     * Diagnostics ({@code TradingRig N true meter}): a stage wrapped to add up the heap bytes its own {@code onEvent}
     * allocates on this thread (the pipeline dispatches emitted events after {@code onEvent} returns, so there is no
     * nesting). Includes the warm-up.
     */
    private static final class MeteredStage implements Stage
    {
        private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        private final Stage stage;
        private long bytes;
        private long events;

        MeteredStage(final Stage stage)
        {
            this.stage = stage;
        }

        @Override
        public String name()
        {
            return stage.name();
        }

        @Override
        public void onEvent(final dev.trader.engine.EventView event, final dev.trader.engine.Emitter emitter)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            stage.onEvent(event, emitter);
            bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
            events++;
        }

        @Override
        public void onEndOfStream(final dev.trader.engine.Emitter emitter)
        {
            stage.onEndOfStream(emitter);
        }

        @Override
        public java.util.Map<String, Long> counters()
        {
            final java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
            m.put("metered.allocatedBytes", bytes);
            m.put("metered.events", events);
            m.putAll(stage.counters());
            return m;
        }
    }
}
