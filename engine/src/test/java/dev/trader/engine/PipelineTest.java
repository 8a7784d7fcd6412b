package dev.trader.engine;

import dev.trader.codecs.EventType;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.DecisionEncoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.TestEvents;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline kernel with scripted stages. Every stage and sink writes to one shared log, entries such as
 * {@code "b<-Q#11"} (stage b saw BestBidOffer with update id 11) or {@code "out<-D#11"} (the output sink got Decision
 * 11), so a test can assert the exact interleaving. T = Trade (trade id), Q = BestBidOffer (update id), D = Decision
 * (decision id).
 */
class PipelineTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int ID = 1;
    private static final long EMITTED_TS_SHIFT = 777;

    private final List<String> log = new ArrayList<>();
    private final EventClock clock = new EventClock();
    private final UnsafeBuffer input = TestEvents.newBuffer();
    private final EventSink inputSink = (buffer, offset, length) -> log.add("in<-" + describe(buffer, offset));
    private final EventSink outputSink = (buffer, offset, length) -> log.add("out<-" + describe(buffer, offset));

    @Test
    void shouldRunStagesInOrderAndDispatchEmittedEventsDepthFirst()
    {
        final Pipeline pipeline = pipeline(
            new ScriptedStage("a", PipelineTest::quotesForTrade),
            new ScriptedStage("b", PipelineTest::decisionForQuote),
            new ScriptedStage("c", null));

        trade(pipeline, 1, T0);

        assertEquals(List.of(
            "in<-T#1",
            "a<-T#1",
            "out<-Q#11", "b<-Q#11", "out<-D#11", "c<-D#11", "c<-Q#11",
            "out<-Q#12", "b<-Q#12", "out<-D#12", "c<-D#12", "c<-Q#12",
            "b<-T#1",
            "c<-T#1"), log);
    }

    @Test
    void shouldPassEmittedEventOnlyToLaterStagesAndOutput()
    {
        final ScriptedStage first = new ScriptedStage("first", null);
        final ScriptedStage emitter = new ScriptedStage("a", PipelineTest::quotesForTrade);
        final ScriptedStage later = new ScriptedStage("later", null);
        final Pipeline pipeline = pipeline(first, emitter, later);

        trade(pipeline, 1, T0);
        trade(pipeline, 2, T0 + 1);

        assertEquals(List.of("T#1", "T#2"), first.seen, "a stage before the emitter never sees its events");
        assertEquals(List.of("T#1", "T#2"), emitter.seen, "the emitter never sees its own events");
        assertEquals(List.of("Q#11", "Q#12", "T#1", "Q#21", "Q#22", "T#2"), later.seen);
        assertEquals(List.of("Q#11", "Q#12", "Q#21", "Q#22"), entries("out<-"));
    }

    @Test
    void shouldGiveInputSinkEveryInputBeforeAnyStage()
    {
        final CollectingSink in = new CollectingSink();
        final CollectingSink out = new CollectingSink();
        final ScriptedStage a = new ScriptedStage("a", PipelineTest::quotesForTrade);
        final Pipeline pipeline = new Pipeline(
            List.of(a),
            (buffer, offset, length) ->
            {
                assertEquals(in.size(), a.seen.size(), "no stage has seen this input yet");
                in.onEvent(buffer, offset, length);
            },
            out, clock, 4096, false);

        final List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
        {
            final int length = TestEvents.trade(input, 0, T0 + i, T0 + i, ID, i, 100, 1, Side.BUY);
            sent.add(TestEvents.copy(input, 0, length));
            pipeline.onInput(input, 0, length, System.nanoTime());
        }
        final int bboLength = TestEvents.bestBidOffer(input, 0, T0 + 4, T0 + 4, ID, 9, 99, 1, 101, 1);
        sent.add(TestEvents.copy(input, 0, bboLength));
        pipeline.onInput(input, 0, bboLength, System.nanoTime());

        assertEquals(sent.size(), in.size(), "inputs only: emitted events do not reach the input sink");
        for (int i = 0; i < sent.size(); i++)
        {
            assertTrue(Arrays.equals(sent.get(i), in.events().get(i)), "input " + i + " copied byte for byte");
        }
        assertEquals(6, out.size());
    }

    @Test
    void shouldSetClockToInputReceiveTimeWhileStagesRun()
    {
        final ScriptedStage a = new ScriptedStage("a", PipelineTest::quotesForTrade);
        final ScriptedStage b = new ScriptedStage("b", PipelineTest::decisionForQuote);
        final Pipeline pipeline = pipeline(a, b);

        final long[] receive = {T0 + 5, T0 + 1_000, T0 + 1_000, T0 + 2_000_000};
        for (int i = 0; i < receive.length; i++)
        {
            final int length = TestEvents.trade(input, 0, T0, receive[i], ID, i + 1, 100, 1, Side.BUY);
            pipeline.onInput(input, 0, length, System.nanoTime());
            assertEquals(receive[i], clock.nanos());
        }

        assertEquals(List.of(T0 + 5, T0 + 1_000, T0 + 1_000, T0 + 2_000_000), a.clockAtEvent);
        // b sees two emitted quotes (receive ts = input + EMITTED_TS_SHIFT) then the input: the clock stays on the input
        final List<Long> expected = new ArrayList<>();
        for (final long r : receive)
        {
            expected.add(r);
            expected.add(r);
            expected.add(r);
        }
        assertEquals(expected, b.clockAtEvent);
        assertEquals(T0 + 5, pipeline.firstInputTsNs());
        assertEquals(T0 + 2_000_000, pipeline.lastInputTsNs());
    }

    @Test
    void shouldCountInputsAndOutputsPerTemplate()
    {
        final Pipeline pipeline = pipeline(
            new ScriptedStage("a", PipelineTest::quotesForTrade),
            new ScriptedStage("b", PipelineTest::decisionForQuote));

        trade(pipeline, 1, T0);
        trade(pipeline, 2, T0 + 1);
        trade(pipeline, 3, T0 + 2);
        final int length = TestEvents.bestBidOffer(input, 0, T0 + 3, T0 + 3, ID, 7, 99, 1, 101, 1);
        pipeline.onInput(input, 0, length, System.nanoTime());

        assertEquals(4, pipeline.inputEvents());
        assertEquals(3, pipeline.inputCount(TradeDecoder.TEMPLATE_ID));
        assertEquals(1, pipeline.inputCount(BestBidOfferDecoder.TEMPLATE_ID));
        assertEquals(0, pipeline.inputCount(DecisionDecoder.TEMPLATE_ID));
        // 3 trades x 2 quotes, each quote -> 1 decision; the input quote -> 1 decision from b
        assertEquals(6, pipeline.outputCount(BestBidOfferDecoder.TEMPLATE_ID));
        assertEquals(7, pipeline.outputCount(DecisionDecoder.TEMPLATE_ID));
        assertEquals(0, pipeline.outputCount(TradeDecoder.TEMPLATE_ID));
        assertEquals(13, pipeline.outputEvents());
        assertEquals(13, entries("out<-").size());
    }

    @Test
    void shouldContainAStageThatClaimsWithoutCommit()
    {
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(new ScriptedStage("leaky", (view, emitter) -> emitter.claim(64))),
            EventSink.NONE, out, clock, 4096, false);

        trade(pipeline, 1, T0);
        trade(pipeline, 2, T0 + 1);

        // the claim is dropped, so the second input claims again from a clean arena
        assertEquals(List.of(InputRejectDecoder.TEMPLATE_ID, InputRejectDecoder.TEMPLATE_ID), out.templateIds());
        final InputRejectDecoder reject = new InputRejectDecoder().wrap(out.event(0), Events.HEADER_LENGTH,
            InputRejectDecoder.BLOCK_LENGTH, InputRejectDecoder.SCHEMA_VERSION);
        assertEquals(RejectReason.INTERNAL_ERROR, reject.reason());
        assertEquals("leaky", reject.source());
        assertEquals("java.lang.IllegalStateException: stage leaky claimed space and did not commit", reject.detail());
        assertEquals(2, pipeline.internalErrors(0));
    }

    @Test
    void shouldThrowOnCommitWithoutClaimAndOnSecondClaim()
    {
        final Pipeline pipeline = pipeline();

        assertThrows(IllegalStateException.class, () -> pipeline.commit(10));
        pipeline.claim(10);
        assertThrows(IllegalStateException.class, () -> pipeline.claim(10));
    }

    @Test
    void shouldContainEmitArenaOverflowAndCountTheRejectThatDoesNotFit()
    {
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(
            List.of(new ScriptedStage("flood", (view, emitter) ->
            {
                for (int i = 0; i < 10; i++)
                {
                    quote(emitter, view.receiveTsNs(), i);
                }
            })),
            EventSink.NONE, out, clock, 256, false);

        trade(pipeline, 1, T0);

        // what the stage emitted before the overflow is dropped; an InputReject does not fit 256 bytes either
        assertEquals(0, out.size());
        assertEquals(1, pipeline.internalErrors(0));
        assertEquals(1, pipeline.internalErrorsNotJournaled());
    }

    @Test
    void shouldReuseArenaForEveryInput()
    {
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(
            List.of(new ScriptedStage("a", PipelineTest::quotesForTrade)), EventSink.NONE, out, clock, 256, false);

        for (int i = 1; i <= 1_000; i++)
        {
            trade(pipeline, i, T0 + i);
        }

        assertEquals(2_000, out.size(), "two quotes per input fit the 256-byte arena every time");
    }

    @Test
    void shouldRecordLatencyForJournalInEachStageAndJournalOut()
    {
        final Pipeline pipeline = new Pipeline(
            List.of(new ScriptedStage("a", PipelineTest::quotesForTrade), new ScriptedStage("b", null)),
            EventSink.NONE, EventSink.NONE, clock, 4096, true);

        trade(pipeline, 1, T0);
        trade(pipeline, 2, T0 + 1);

        final LatencyRecorder latency = pipeline.latency();
        assertEquals(List.of(Pipeline.JOURNAL_IN, "a", "b", Pipeline.JOURNAL_OUT), latency.stageNames());
        for (int i = 0; i < latency.stageNames().size(); i++)
        {
            assertTrue(latency.stage(i).getTotalCount() > 0, latency.stageNames().get(i) + " recorded nothing");
        }
        assertEquals(2, latency.stage(0).getTotalCount(), "journal-in: once per input");
        assertEquals(2, latency.stage(1).getTotalCount(), "a: once per input");
        assertEquals(6, latency.stage(2).getTotalCount(), "b: two inputs and four quotes");
        assertEquals(4, latency.stage(3).getTotalCount(), "journal-out: once per emitted event");
        final Map<String, Histogram> paths = byName(latency);
        assertEquals(4, paths.get(LatencyRecorder.INGRESS_TO_OUTPUT).getTotalCount());
        assertEquals(2, paths.get(LatencyRecorder.END_TO_END).getTotalCount());
        assertEquals(
            List.of("stage.journal-in", "stage.a", "stage.b", "stage.journal-out",
                LatencyRecorder.INGRESS_TO_OUTPUT, LatencyRecorder.INGRESS_TO_DECISION, LatencyRecorder.END_TO_END),
            new ArrayList<>(paths.keySet()));
    }

    @Test
    void shouldNotTimeStagesWhenTimingIsOff()
    {
        final Pipeline pipeline = new Pipeline(
            List.of(new ScriptedStage("a", PipelineTest::quotesForTrade)), EventSink.NONE, EventSink.NONE, clock, 4096, false);

        trade(pipeline, 1, T0);

        for (int i = 0; i < pipeline.latency().stageNames().size(); i++)
        {
            assertEquals(0, pipeline.latency().stage(i).getTotalCount());
        }
        assertEquals(1, byName(pipeline.latency()).get(LatencyRecorder.END_TO_END).getTotalCount(), "paths are always recorded");
    }

    @Test
    void shouldRecordIngressToDecisionOnlyWhenDecisionIsEmitted()
    {
        final Pipeline pipeline = new Pipeline(
            List.of(new ScriptedStage("a", PipelineTest::quotesForTrade), new ScriptedStage("b", PipelineTest::decisionForQuote)),
            EventSink.NONE, EventSink.NONE, clock, 4096, true);
        final Histogram toDecision = byName(pipeline.latency()).get(LatencyRecorder.INGRESS_TO_DECISION);
        final Histogram toOutput = byName(pipeline.latency()).get(LatencyRecorder.INGRESS_TO_OUTPUT);

        final int bbo = TestEvents.bestBidOffer(input, 0, T0, T0, ID, 5, 99, 1, 101, 1);
        final int length = TestEvents.trade(input, bbo, T0, T0, ID, 1, 100, 1, Side.BUY);
        final Pipeline quotesOnly = new Pipeline(
            List.of(new ScriptedStage("a", PipelineTest::quotesForTrade)), EventSink.NONE, EventSink.NONE, clock, 4096, true);
        quotesOnly.onInput(input, bbo, length, System.nanoTime());
        assertEquals(2, byName(quotesOnly.latency()).get(LatencyRecorder.INGRESS_TO_OUTPUT).getTotalCount());
        assertEquals(0, byName(quotesOnly.latency()).get(LatencyRecorder.INGRESS_TO_DECISION).getTotalCount(), "no Decision");

        pipeline.onInput(input, bbo, length, System.nanoTime());
        assertEquals(2, toDecision.getTotalCount(), "one per Decision (two quotes -> two decisions)");
        assertEquals(4, toOutput.getTotalCount());

        pipeline.onInput(input, 0, bbo, System.nanoTime());
        assertEquals(3, toDecision.getTotalCount(), "the input quote made one more");
    }

    @Test
    void shouldLetStagesEmitAtEndOfStreamAndFlushSinksOnce()
    {
        final CollectingSink in = new CollectingSink();
        final CollectingSink out = new CollectingSink();
        final ScriptedStage b = new ScriptedStage("b", PipelineTest::decisionForQuote);
        final ScriptedStage a = new ScriptedStage("a", null)
        {
            @Override
            public void onEndOfStream(final Emitter emitter)
            {
                quote(emitter, T0, 99);
            }
        };
        final Pipeline pipeline = new Pipeline(List.of(a, b), in, out, clock, 4096, false);
        trade(pipeline, 1, T0);

        pipeline.onEndOfStream();
        pipeline.onEndOfStream();

        assertEquals(List.of(BestBidOfferDecoder.TEMPLATE_ID, DecisionDecoder.TEMPLATE_ID), out.templateIds(),
            "a's end-of-stream quote reaches the output and b, whose decision reaches the output");
        assertEquals(List.of("T#1", "Q#99"), b.seen);
        assertEquals(1, in.endOfStreamCalls());
        assertEquals(1, out.endOfStreamCalls());
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> trade(pipeline, 2, T0 + 1));
        assertTrue(ex.getMessage().contains("end of stream"), ex.getMessage());
    }

    @Test
    void shouldExposeStagesAndClock()
    {
        final ScriptedStage a = new ScriptedStage("a", null);
        final Pipeline pipeline = pipeline(a);

        assertEquals(List.of(a), pipeline.stages());
        assertSame(clock, pipeline.clock());
    }

    // ---------------------------------------------------------------- helpers

    private Pipeline pipeline(final Stage... stages)
    {
        return new Pipeline(List.of(stages), inputSink, outputSink, clock, 4096, false);
    }

    private void trade(final Pipeline pipeline, final long tradeId, final long receiveTsNs)
    {
        final int length = TestEvents.trade(input, 0, receiveTsNs, receiveTsNs, ID, tradeId, 100, 1, Side.BUY);
        pipeline.onInput(input, 0, length, System.nanoTime());
    }

    private List<String> entries(final String prefix)
    {
        return log.stream().filter(s -> s.startsWith(prefix)).map(s -> s.substring(prefix.length())).collect(Collectors.toList());
    }

    private static Map<String, Histogram> byName(final LatencyRecorder latency)
    {
        return latency.all().stream().collect(Collectors.toMap(
            LatencyRecorder.Named::name, LatencyRecorder.Named::histogram, (x, y) -> x, LinkedHashMap::new));
    }

    /** On a Trade with id n: emits quotes 10n+1 and 10n+2. */
    private static void quotesForTrade(final EventView view, final Emitter emitter)
    {
        if (view.templateId() == TradeDecoder.TEMPLATE_ID)
        {
            final long tradeId = new TradeDecoder().wrap(view.buffer(), view.bodyOffset(), view.blockLength(), view.version()).tradeId();
            quote(emitter, view.receiveTsNs() + EMITTED_TS_SHIFT, tradeId * 10 + 1);
            quote(emitter, view.receiveTsNs() + EMITTED_TS_SHIFT, tradeId * 10 + 2);
        }
    }

    /** On a BestBidOffer with update id n: emits Decision n. */
    private static void decisionForQuote(final EventView view, final Emitter emitter)
    {
        if (view.templateId() == BestBidOfferDecoder.TEMPLATE_ID)
        {
            final long updateId = new BestBidOfferDecoder()
                .wrap(view.buffer(), view.bodyOffset(), view.blockLength(), view.version()).updateId();
            final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + DecisionEncoder.BLOCK_LENGTH + 4);
            final DecisionEncoder decision = new DecisionEncoder()
                .wrapAndApplyHeader(emitter.buffer(), offset, new MessageHeaderEncoder())
                .exchangeTsNs(view.exchangeTsNs())
                .receiveTsNs(view.receiveTsNs() + EMITTED_TS_SHIFT)
                .instrumentId(view.instrumentId())
                .strategyId(1)
                .decisionId(updateId)
                .action(DecisionAction.HOLD)
                .reasonCode(0)
                .price(0)
                .qty(0);
            decision.inputsCount(0);
            emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + decision.encodedLength());
        }
    }

    private static void quote(final Emitter emitter, final long receiveTsNs, final long updateId)
    {
        final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + BestBidOfferEncoder.BLOCK_LENGTH);
        final int length = TestEvents.bestBidOffer(emitter.buffer(), offset, receiveTsNs, receiveTsNs, ID, updateId, 99, 1, 101, 1);
        emitter.commit(length);
    }

    private static String describe(final DirectBuffer buffer, final int offset)
    {
        final int templateId = Events.templateId(buffer, offset);
        final int body = offset + Events.HEADER_LENGTH;
        final int blockLength = Events.blockLength(buffer, offset);
        final int version = Events.version(buffer, offset);
        if (templateId == TradeDecoder.TEMPLATE_ID)
        {
            return "T#" + new TradeDecoder().wrap(buffer, body, blockLength, version).tradeId();
        }
        if (templateId == BestBidOfferDecoder.TEMPLATE_ID)
        {
            return "Q#" + new BestBidOfferDecoder().wrap(buffer, body, blockLength, version).updateId();
        }
        if (templateId == DecisionDecoder.TEMPLATE_ID)
        {
            return "D#" + new DecisionDecoder().wrap(buffer, body, blockLength, version).decisionId();
        }
        return EventType.ofTemplateId(templateId).displayName();
    }

    /** Logs what it sees (to the shared log and its own list) and the clock at that moment; optionally emits. */
    private class ScriptedStage implements Stage
    {
        final String name;
        final Reaction reaction;
        final List<String> seen = new ArrayList<>();
        final List<Long> clockAtEvent = new ArrayList<>();

        ScriptedStage(final String name, final Reaction reaction)
        {
            this.name = name;
            this.reaction = reaction;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            final String what = describe(event.buffer(), event.offset());
            seen.add(what);
            log.add(name + "<-" + what);
            clockAtEvent.add(clock.nanos());
            if (reaction != null)
            {
                reaction.react(event, emitter);
            }
        }
    }

    @FunctionalInterface
    private interface Reaction
    {
        void react(EventView event, Emitter emitter);
    }
}
