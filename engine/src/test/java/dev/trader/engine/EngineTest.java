package dev.trader.engine;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Disruptor ring in front of the pipeline. Busy-spin is left out on purpose: CI machines have two cores and a
 * spinning consumer next to a spinning producer starves them. Timeouts below only guard against hangs.
 */
class EngineTest
{
    private static final int N = 10_000;
    private static final int ID = 1;
    private static final int OTHER_ID = 2;
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_040_000L * MS;
    private static final int SLOT_BYTES = 256;
    private static final long TIMEOUT_SECONDS = 60;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "TESTUSDT", "0.1", "0.001", -1, -3, -4),
        new Instrument(OTHER_ID, Venue.SYNTHETIC, "OTHERUSDT", "0.1", "0.001", -1, -3, -4)));

    @ParameterizedTest
    @EnumSource(value = WaitStrategyName.class, names = {"BLOCKING", "SLEEPING", "YIELDING"})
    void shouldDeliverEveryEventInOrderAndMatchDirectPipeline(final WaitStrategyName wait) throws InterruptedException
    {
        final List<byte[]> inputs = trades(N);
        final SequenceStage sequence = new SequenceStage();
        final CollectingSink in = new CollectingSink();
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(sequence, bars()), in, out, new EventClock(), 64 * 1024, true);

        try (Engine engine = new Engine(settings(256, wait), pipeline, false).start())
        {
            final UnsafeBuffer buffer = TestEvents.newBuffer();
            for (final byte[] event : inputs)
            {
                buffer.putBytes(0, event);
                engine.publish(buffer, 0, event.length);
            }
            engine.publishEndOfStream();
            engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertEquals(N + 1, engine.publishedSequence() + 1, "N trades and the end-of-stream marker");
        }

        assertEquals(List.of(), sequence.problems);
        assertEquals(N, sequence.seen);
        assertEquals(N, pipeline.inputEvents());
        assertEquals(N, pipeline.inputCount(TradeDecoder.TEMPLATE_ID));
        assertEquals(N, in.size());
        for (int i = 0; i < N; i++)
        {
            assertTrue(Arrays.equals(inputs.get(i), in.events().get(i)), "input " + i + " copied through the ring unchanged");
        }
        assertEquals(1, out.endOfStreamCalls());

        final CollectingSink direct = runDirectly(inputs);
        assertTrue(direct.size() > 300, "the inputs make hundreds of bars: " + direct.size());
        assertEquals(direct.size(), out.size());
        assertTrue(direct.sameEventsAs(out), "ring and direct pipeline emit identical bytes");
    }

    @Test
    void shouldKeepEachProducersOrderWithSeveralProducers() throws Exception
    {
        final SequenceStage sequence = new SequenceStage();
        final Pipeline pipeline = new Pipeline(List.of(sequence), EventSink.NONE, EventSink.NONE, new EventClock(), 4096, false);

        try (Engine engine = new Engine(settings(64, WaitStrategyName.BLOCKING), pipeline, true).start())
        {
            final List<Thread> producers = new ArrayList<>();
            final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            for (final int instrumentId : new int[] {ID, OTHER_ID})
            {
                final Thread t = new Thread(() ->
                {
                    final UnsafeBuffer buffer = TestEvents.newBuffer();
                    for (int i = 1; i <= N / 2; i++)
                    {
                        final int length = TestEvents.trade(buffer, 0, T0 + i, T0 + i, instrumentId, i, 10000, 1, Side.BUY);
                        engine.publish(buffer, 0, length);
                    }
                }, "producer-" + instrumentId);
                t.setUncaughtExceptionHandler((thread, ex) -> producerFailure.set(ex));
                producers.add(t);
                t.start();
            }
            for (final Thread t : producers)
            {
                t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
                assertTrue(!t.isAlive(), t.getName() + " finished");
            }
            assertEquals(null, producerFailure.get());
            engine.publishEndOfStream();
            engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        assertEquals(List.of(), sequence.problems, "each instrument's trade ids arrive in sequence");
        assertEquals(N, sequence.seen);
    }

    /**
     * A stage that throws is contained by the pipeline (issue #9: the engine thread never dies on data): the engine
     * goes on, the end of stream is reached, and no failure is reported.
     */
    @Test
    void shouldGoOnWhenAStageThrows() throws InterruptedException
    {
        final List<Long> seen = new ArrayList<>();
        final Stage failing = new NamedStage("failing")
        {
            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
                if (tradeId(event) == 3)
                {
                    throw new IllegalStateException("boom at trade 3");
                }
            }
        };
        final Stage after = new NamedStage("after")
        {
            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
                if (event.templateId() == TradeDecoder.TEMPLATE_ID)
                {
                    seen.add(tradeId(event));
                }
            }
        };
        final Pipeline pipeline = new Pipeline(List.of(failing, after), EventSink.NONE, EventSink.NONE, new EventClock(), 8192, false);
        final List<Throwable> failures = new ArrayList<>();
        try (Engine engine = new Engine(settings(64, WaitStrategyName.BLOCKING), pipeline, false))
        {
            engine.onFailure(failures::add);
            engine.start();
            publishTradesOneToFive(engine);
            engine.publishEndOfStream();
            engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seen, "every trade reached the stage after the failing one");
            assertEquals(1, pipeline.internalErrors(0));
            assertEquals(null, engine.failure());
            assertEquals(List.of(), failures);
        }
    }

    /**
     * What the pipeline cannot contain (here the input journal's append fails) stops the engine: the failure listener
     * hears it once, {@link Engine#awaitEndOfStream} rethrows it, and a publish after it is refused.
     */
    @Test
    void shouldStopAndRethrowWhenTheInputJournalFails() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final RuntimeException boom = new RuntimeException("journal append failed at trade 3");
        final TradeDecoder decoder = new TradeDecoder();
        final EventSink failingJournal = (buffer, offset, length) ->
        {
            awaitQuietly(release);
            if (decoder.wrap(buffer, offset + Events.HEADER_LENGTH, TradeDecoder.BLOCK_LENGTH, TradeDecoder.SCHEMA_VERSION).tradeId() == 3)
            {
                throw boom;
            }
        };
        final Pipeline pipeline = new Pipeline(List.of(), failingJournal, EventSink.NONE, new EventClock(), 4096, false);
        final List<Throwable> failures = new CopyOnWriteArrayList<>();

        try (Engine engine = new Engine(settings(64, WaitStrategyName.BLOCKING), pipeline, false))
        {
            engine.onFailure(failures::add);
            engine.start();
            final UnsafeBuffer buffer = publishTradesOneToFive(engine);
            engine.publishEndOfStream();
            release.countDown();

            final IllegalStateException ex = assertThrows(
                IllegalStateException.class, () -> engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertSame(boom, ex.getCause());
            assertEquals(3, pipeline.inputEvents(), "trades 1 to 3 entered the pipeline (3 failed); 4 and 5 never did");
            assertEquals(List.of(boom), failures, "the failure listener heard it once");
            assertSame(boom, engine.failure());

            final int length = TestEvents.trade(buffer, 0, T0 + 9, T0 + 9, ID, 9, 10000, 1, Side.BUY);
            final IllegalStateException late = assertThrows(IllegalStateException.class, () -> engine.publish(buffer, 0, length));
            assertSame(boom, late.getCause(), "a failed engine refuses input");
        }
    }

    @Test
    void shouldNotHangProducerWhenTheEngineFailsWhileRingIsFull()
    {
        final int ringSize = 16;
        final AtomicReference<Engine> engineRef = new AtomicReference<>();
        final IllegalStateException boom = new IllegalStateException("journal append failed");
        final EventSink failingJournal = (buffer, offset, length) ->
        {
            // fail only once the producer has filled the ring and must wait for a slot
            while (engineRef.get().publishedSequence() < ringSize - 1)
            {
                Thread.onSpinWait();
            }
            throw boom;
        };
        final Pipeline pipeline = new Pipeline(List.of(), failingJournal, EventSink.NONE, new EventClock(), 4096, false);

        try (Engine engine = new Engine(settings(ringSize, WaitStrategyName.BLOCKING), pipeline, false))
        {
            engineRef.set(engine);
            engine.start();
            final UnsafeBuffer buffer = TestEvents.newBuffer();
            final IllegalStateException refused = assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), () ->
                assertThrows(IllegalStateException.class, () ->
                {
                    for (int i = 1; i <= 1_000; i++)
                    {
                        final int length = TestEvents.trade(buffer, 0, T0 + i, T0 + i, ID, i, 10000, 1, Side.BUY);
                        engine.publish(buffer, 0, length);
                    }
                }), "publish must give up when the consumer has died");
            assertSame(boom, refused.getCause());

            final IllegalStateException atEnd = assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), () ->
                assertThrows(IllegalStateException.class, engine::publishEndOfStream));
            assertSame(boom, atEnd.getCause());
            final IllegalStateException awaited = assertThrows(
                IllegalStateException.class, () -> engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertSame(boom, awaited.getCause());
        }
    }

    @Test
    void shouldRejectEventLargerThanSlot() throws InterruptedException
    {
        final Pipeline pipeline = new Pipeline(List.of(), EventSink.NONE, EventSink.NONE, new EventClock(), 4096, false);

        try (Engine engine = new Engine(settings(64, WaitStrategyName.BLOCKING), pipeline, false).start())
        {
            assertEquals(SLOT_BYTES, engine.maxEventLength());
            final UnsafeBuffer big = TestEvents.newBuffer(SLOT_BYTES + 1);
            TestEvents.trade(big, 0, T0, T0, ID, 1, 10000, 1, Side.BUY);

            final IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class, () -> engine.publish(big, 0, SLOT_BYTES + 1));
            assertTrue(ex.getMessage().contains("slotBytes " + SLOT_BYTES), ex.getMessage());

            final int length = TestEvents.trade(big, 0, T0, T0, ID, 1, 10000, 1, Side.BUY);
            engine.publish(big, 0, length);
            engine.publishEndOfStream();
            engine.awaitEndOfStream(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertEquals(1, pipeline.inputEvents(), "the oversized event was not published; the next one was");
        }
    }

    @Test
    void shouldCloseEngineThatWasNeverStarted()
    {
        final Pipeline pipeline = new Pipeline(List.of(), EventSink.NONE, EventSink.NONE, new EventClock(), 4096, false);
        final Engine engine = new Engine(settings(64, WaitStrategyName.BLOCKING), pipeline, false);

        engine.close();

        assertSame(pipeline, engine.pipeline());
    }

    // ---------------------------------------------------------------- helpers

    private static EngineSettings settings(final int ringSize, final WaitStrategyName wait)
    {
        return new EngineSettings(ringSize, SLOT_BYTES, 64 * 1024, wait, true);
    }

    private static BarStage bars()
    {
        return new BarStage(REGISTRY, List.of(Duration.ofSeconds(1), Duration.ofMinutes(1)), BarStage.Source.AUTO);
    }

    /** Trades 1..n, 37 ms apart (so ~370 1 s bars and 6 1 m bars), with varied prices, sizes and aggressors. */
    private static List<byte[]> trades(final int n)
    {
        final UnsafeBuffer buffer = TestEvents.newBuffer();
        final Side[] sides = {Side.BUY, Side.SELL, Side.NONE};
        final List<byte[]> result = new ArrayList<>(n);
        for (int i = 1; i <= n; i++)
        {
            final long ts = T0 + i * 37L * MS;
            final long price = 10_000 + (i * 7_919L) % 201 - 100;
            final long qty = 1 + (i * 31L) % 500;
            final int length = TestEvents.trade(buffer, 0, ts, ts + MS, ID, i, price, qty, sides[i % 3]);
            result.add(TestEvents.copy(buffer, 0, length));
        }
        return result;
    }

    private static CollectingSink runDirectly(final List<byte[]> inputs)
    {
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(bars()), EventSink.NONE, out, new EventClock(), 64 * 1024, false);
        for (final byte[] event : inputs)
        {
            pipeline.onInput(new UnsafeBuffer(event), 0, event.length, System.nanoTime());
        }
        pipeline.onEndOfStream();
        return out;
    }

    /** Trades with ids 1 to 5; returns the buffer they were encoded in. */
    private static UnsafeBuffer publishTradesOneToFive(final Engine engine)
    {
        final UnsafeBuffer buffer = TestEvents.newBuffer();
        for (int i = 1; i <= 5; i++)
        {
            final int length = TestEvents.trade(buffer, 0, T0 + i, T0 + i, ID, i, 10000, 1, Side.BUY);
            engine.publish(buffer, 0, length);
        }
        return buffer;
    }

    private static long tradeId(final EventView event)
    {
        return new TradeDecoder().wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version()).tradeId();
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                fail("latch not released");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Checks that each instrument's trade ids arrive as 1, 2, 3, ... (runs on the engine thread). */
    private static final class SequenceStage extends NamedStage
    {
        final long[] lastTradeId = new long[OTHER_ID + 1];
        final List<String> problems = new ArrayList<>();
        int seen;

        SequenceStage()
        {
            super("sequence");
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() != TradeDecoder.TEMPLATE_ID)
            {
                return;
            }
            seen++;
            final long id = tradeId(event);
            final int instrument = event.instrumentId();
            if (id != lastTradeId[instrument] + 1 && problems.size() < 10)
            {
                problems.add("instrument " + instrument + ": trade " + id + " after " + lastTradeId[instrument]);
            }
            lastTradeId[instrument] = id;
        }
    }

    private abstract static class NamedStage implements Stage
    {
        private final String name;

        NamedStage(final String name)
        {
            this.name = name;
        }

        @Override
        public String name()
        {
            return name;
        }
    }
}
