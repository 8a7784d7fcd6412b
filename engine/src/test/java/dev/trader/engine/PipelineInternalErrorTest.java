package dev.trader.engine;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine thread never dies on data (issue #9): a stage that throws is contained by the pipeline. What it emitted
 * for that event is dropped and an INTERNAL_ERROR InputReject takes its place, every stage hears that the instrument is
 * untrusted, the later stages still see the event, and the next events flow as before.
 */
class PipelineInternalErrorTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int BTC = 1;
    private static final int ETH = 2;

    private final UnsafeBuffer input = TestEvents.newBuffer();

    /** Throws on trade id 3 after emitting one quote for it (the quote must not survive). */
    private static final class Exploding implements Stage
    {
        final List<Integer> untrusted = new ArrayList<>();

        @Override
        public String name()
        {
            return "exploding";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() != TradeDecoder.TEMPLATE_ID)
            {
                return;
            }
            final long id = new TradeDecoder().wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version()).tradeId();
            final int at = emitter.claim(128);
            final int length = TestEvents.bestBidOffer(emitter.buffer(), at, event.exchangeTsNs(), event.receiveTsNs(),
                event.instrumentId(), id, 100, 1, 101, 1);
            emitter.commit(length);
            if (id == 3)
            {
                emitter.claim(64); // left open: the pipeline must clean it up
                throw new ArithmeticException("long overflow");
            }
        }

        @Override
        public void onInstrumentUntrusted(final int instrumentId)
        {
            untrusted.add(instrumentId);
        }
    }

    /** Records the trade ids and emitted quotes it sees. */
    private static class Recorder implements Stage
    {
        final List<String> seen = new ArrayList<>();
        final List<Integer> untrusted = new ArrayList<>();

        @Override
        public String name()
        {
            return "recorder";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() == TradeDecoder.TEMPLATE_ID)
            {
                seen.add("trade " + new TradeDecoder().wrap(event.buffer(), event.bodyOffset(), event.blockLength(),
                    event.version()).tradeId());
            }
            else if (event.templateId() == BestBidOfferDecoder.TEMPLATE_ID)
            {
                seen.add("quote " + new BestBidOfferDecoder().wrap(event.buffer(), event.bodyOffset(), event.blockLength(),
                    event.version()).updateId());
            }
            else if (event.templateId() == InputRejectDecoder.TEMPLATE_ID)
            {
                seen.add("reject");
            }
        }

        @Override
        public void onInstrumentUntrusted(final int instrumentId)
        {
            untrusted.add(instrumentId);
        }
    }

    @Test
    void shouldJournalAnInternalErrorAndGoOnWithTheNextStageAndEvent()
    {
        final Exploding exploding = new Exploding();
        final Recorder recorder = new Recorder();
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(exploding, recorder), EventSink.NONE, out, new EventClock(), 1 << 16, false);

        for (int id = 1; id <= 5; id++)
        {
            trade(pipeline, id, id == 3 ? ETH : BTC);
        }
        pipeline.onEndOfStream();

        assertEquals(List.of("quote 1", "trade 1", "quote 2", "trade 2", "reject", "trade 3", "quote 4", "trade 4", "quote 5",
            "trade 5"), recorder.seen, "trade 3's quote is dropped, the reject replaces it, and trade 3 still reaches later stages");
        assertEquals(List.of(ETH), exploding.untrusted);
        assertEquals(List.of(ETH), recorder.untrusted, "every stage hears the instrument is untrusted");
        assertEquals(1, pipeline.internalErrors(0));
        assertEquals(0, pipeline.internalErrors(1));
        assertEquals(1, pipeline.internalErrors());
        assertEquals(0, pipeline.internalErrorsNotJournaled());

        assertEquals(5, out.size());
        final UnsafeBuffer reject = out.event(2);
        final InputRejectDecoder d = new InputRejectDecoder().wrap(reject, Events.HEADER_LENGTH, InputRejectDecoder.BLOCK_LENGTH,
            InputRejectDecoder.SCHEMA_VERSION);
        assertEquals(T0 + 3, d.exchangeTsNs());
        assertEquals(T0 + 13, d.receiveTsNs());
        assertEquals(ETH, d.instrumentId());
        assertEquals("exploding", d.source());
        assertEquals(RejectReason.INTERNAL_ERROR, d.reason());
        assertEquals(3, d.reference(), "the input's position in the run");
        assertEquals("java.lang.ArithmeticException: long overflow", d.detail());
        final byte[] raw = new byte[d.rawLength()];
        d.getRaw(raw, 0, raw.length);
        final int length = TestEvents.trade(input, 0, T0 + 3, T0 + 13, ETH, 3, 4_200_000, 1_000, Side.BUY);
        assertArrayEquals(TestEvents.copy(input, 0, length), raw, "the event the stage failed on");
    }

    @Test
    void shouldBeDeterministic()
    {
        assertEquals(run(), run());
    }

    @Test
    void shouldContainAStageThatThrowsAtEndOfStream()
    {
        final Recorder recorder = new Recorder();
        final Stage failingAtEnd = new Stage()
        {
            @Override
            public String name()
            {
                return "end";
            }

            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
            }

            @Override
            public void onEndOfStream(final Emitter emitter)
            {
                throw new IllegalStateException("no end");
            }
        };
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(failingAtEnd, recorder), EventSink.NONE, out, new EventClock(), 1 << 16, false);
        trade(pipeline, 1, BTC);
        pipeline.onEndOfStream();

        assertEquals(List.of("trade 1", "reject"), recorder.seen);
        assertEquals(List.of(0), recorder.untrusted, "no event: every instrument");
        assertEquals(1, out.endOfStreamCalls(), "the sinks still flush");
    }

    @Test
    void shouldNotAllocateWhenNoStageThrows()
    {
        final BestBidOfferEncoder bbo = new BestBidOfferEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final Recorder quiet = new Recorder()
        {
            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
                final int at = emitter.claim(128);
                bbo.wrapAndApplyHeader(emitter.buffer(), at, header).exchangeTsNs(event.exchangeTsNs())
                    .receiveTsNs(event.receiveTsNs()).instrumentId(BTC).updateId(1).bidPrice(100).bidQty(1).askPrice(101).askQty(1);
                emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + bbo.encodedLength());
            }
        };
        final Pipeline pipeline = new Pipeline(List.of(quiet, new Stage()
        {
            @Override
            public String name()
            {
                return "sink";
            }

            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
            }
        }), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);
        final int length = TestEvents.trade(input, 0, T0, T0, BTC, 1, 4_200_000, 1_000, Side.BUY);
        // warm up until the JIT has compiled the path (a deoptimisation mid-measurement may allocate)
        for (int i = 0; i < 300_000; i++)
        {
            pipeline.onInput(input, 0, length, System.nanoTime());
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long self = Thread.currentThread().getId();
        // the least of five rounds: a per-input allocation shows in every round, a one-off JIT transition on a loaded
        // machine in one at most
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 100_000; i++)
            {
                pipeline.onInput(input, 0, length, System.nanoTime());
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(self) - before);
        }
        // one allocation per input would be at least 16 bytes each (1.6 MB); allow a few stray bytes of the measurement
        assertTrue(allocated < 1024, allocated + " bytes allocated by 100,000 inputs");
        assertEquals(0, pipeline.internalErrors());
    }

    private List<String> run()
    {
        final Exploding exploding = new Exploding();
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(exploding, new Recorder()), EventSink.NONE, out, new EventClock(), 1 << 16,
            false);
        for (int id = 1; id <= 5; id++)
        {
            trade(pipeline, id, BTC);
        }
        pipeline.onEndOfStream();
        final List<String> hex = new ArrayList<>();
        for (final byte[] e : out.events())
        {
            hex.add(java.util.HexFormat.of().formatHex(e));
        }
        return hex;
    }

    private void trade(final Pipeline pipeline, final long id, final int instrumentId)
    {
        final int length = TestEvents.trade(input, 0, T0 + id, T0 + 10 + id, instrumentId, id, 4_200_000, 1_000, Side.BUY);
        pipeline.onInput(input, 0, length, 0);
    }
}
