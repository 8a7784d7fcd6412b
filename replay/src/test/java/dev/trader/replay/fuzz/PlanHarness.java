package dev.trader.replay.fuzz;

import dev.trader.adapters.parse.ParseStage;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.RunStages;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs fuzz sessions through the real plan a replay builds ({@link RunStages}: parse, book, bars, features,
 * microstructure and, with a {@code strategies} section, risk-pre, strategy, risk, paper venue, accounting) as one
 * synchronous {@link Pipeline} without journals, and accounts for every input:
 * <ul>
 *   <li>refused before the plan when its frame is larger than {@code engine.slotBytes} (what the journal reader and the
 *       ring do), or routed to no parser (a venue code this build has none for; the parse stage counts it);</li>
 *   <li>else accepted with market events, accepted without (a control message), or rejected with an InputReject;</li>
 *   <li>an escape when anything is thrown out of the pipeline, an InputReject says INTERNAL_ERROR, or a parser counts
 *       an internal error: the pipeline is then rebuilt (its state is not to be trusted) and the session goes on.</li>
 * </ul>
 * The parse stage's own counters must agree: messages it was handed, those for no parser and (where it counts them)
 * its rejects. Only the plan's public surface is used, so the harness keeps working as the stages change.
 */
final class PlanHarness
{
    private static final FuzzInput NOTHING = FuzzInput.of(new SeedCorpus.Seed(0, VenueCode.UNKNOWN, 0, 0, 0, false, new byte[0]));
    /** Who refuses a message in the parse stage: the venue parsers and, once it exists, MarketSanity ("sanity"). */
    private static final java.util.Set<String> PARSE_SOURCES = java.util.Set.of("binance", "okx", "bybit", "sanity");
    /** The signature's tail for an exception the JIT threw preallocated, without message or stack trace. */
    static final String FAST_THROW = " without stack trace (the JIT's fast throw at a hot site: see the earlier ones)";
    private static final byte[] PARSER_ERROR = "parser error".getBytes(StandardCharsets.US_ASCII);

    private final TraderConfig config;
    private final InstrumentRegistry instruments;
    private final int slotBytes;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RawMessageEncoder raw = new RawMessageEncoder();
    private UnsafeBuffer frame = new UnsafeBuffer(new byte[1 << 16]);
    private final Outputs outputs = new Outputs();

    private final boolean[] parsedVenue = new boolean[256];

    private Pipeline pipeline;
    private ParseStage parse;
    // since the plan was (re)built: what its parse stage's own counters must equal
    private long handed;
    private long noParser;
    private long parseRejects;

    PlanHarness(final TraderConfig config)
    {
        this.config = config;
        this.instruments = config.instruments();
        this.slotBytes = config.engine().slotBytes();
        for (final VenueCode venue : VenueParsers.forRegistry(instruments).keySet())
        {
            parsedVenue[venue.value()] = true;
        }
    }

    /** Runs one session on a fresh plan into {@code tally}. */
    void run(final SeedCorpus corpus, final Session session, final FuzzTally tally)
    {
        tally.dropped += session.dropped();
        final List<Session.Step> steps = session.steps();
        run(session.seed(), steps.size(), steps::get, i -> steps.get(i).input(corpus), tally);
    }

    /** Runs the given inputs on a fresh plan into {@code tally} (a minimizer's candidate, a reproducer). */
    void run(final List<FuzzInput> inputs, final FuzzTally tally)
    {
        run(0, inputs.size(), i -> null, inputs::get, tally);
    }

    private void run(final long seed, final int count, final IntFunction<Session.Step> stepAt, final IntFunction<FuzzInput> inputAt,
        final FuzzTally tally)
    {
        tally.sessions++;
        outputs.tally = tally;
        final long b0 = System.nanoTime();
        build();
        tally.buildNs += System.nanoTime() - b0;
        FuzzInput in = null;
        Session.Step step = null;
        for (int i = 0; i < count; i++)
        {
            step = stepAt.apply(i);
            final long m0 = System.nanoTime();
            in = inputAt.apply(i);
            tally.mutateNs += System.nanoTime() - m0;
            tally.inputs++;
            if (step != null && step.edit() == Session.MUTATED)
            {
                tally.mutated++;
            }
            else if (step != null && step.edit() != Session.PLAIN)
            {
                tally.streamEdits++;
            }
            final int length = encode(in);
            if (length > slotBytes)
            {
                tally.rejectedByReader++;
                continue;
            }
            final boolean parsed = parsedVenue[in.venueCode() & 0xFF];
            outputs.begin();
            final long p0 = System.nanoTime();
            try
            {
                pipeline.onInput(frame, 0, length, p0);
                final long took = System.nanoTime() - p0;
                tally.planNs += took;
                if (took > tally.slowestNs)
                {
                    tally.slowestNs = took;
                    tally.slowest = in.mutation() + " | " + in.text(200);
                }
            }
            catch (final Throwable t)
            {
                tally.thrown++;
                tally.escape(t.getClass().getName(), signature(t), seed, i, step, in, t, null);
                build();
                continue;
            }
            handed++;
            noParser += parsed ? 0 : 1;
            parseRejects += outputs.parseRejects;
            classify(tally, seed, i, step, in, parsed);
        }
        outputs.begin();
        try
        {
            pipeline.onEndOfStream();
        }
        catch (final Throwable t)
        {
            tally.escape(t.getClass().getName(), "at end of stream: " + signature(t), seed, count, step,
                in == null ? NOTHING : in, t, null);
        }
        if (outputs.internalErrors > 0)
        {
            tally.internalErrorRejects += outputs.internalErrors;
            tally.escape("INTERNAL_ERROR", "INTERNAL_ERROR reject at end of stream: " + outputs.internalDetail, seed, count, step,
                in == null ? NOTHING : in, null, outputs.internalDetail);
        }
        checkParseCounters(tally);
    }

    private void classify(final FuzzTally tally, final long seed, final int i, final Session.Step step, final FuzzInput in,
        final boolean parsed)
    {
        if (outputs.internalErrors > 0)
        {
            tally.internalErrorRejects += outputs.internalErrors;
            tally.escape("INTERNAL_ERROR", "INTERNAL_ERROR reject: " + outputs.internalDetail, seed, i, step, in, null,
                outputs.internalDetail);
        }
        if (outputs.parserErrorDetail != null)
        {
            tally.parserInternalErrors++;
            tally.escape("parser error", "parser internal error: " + outputs.parserErrorDetail, seed, i, step, in, null,
                outputs.parserErrorDetail);
        }
        if (!parsed)
        {
            tally.noParser++;
            if (outputs.marketEvents > 0 || outputs.rejects > 0)
            {
                tally.mismatch("events from an input no parser reads", in);
            }
            return;
        }
        if (outputs.parseRejects > 1)
        {
            tally.mismatch("more than one parse-stage reject for one message", in);
        }
        if (outputs.parseRejects > 0 && outputs.marketEvents > 0)
        {
            tally.mismatch("market events and a parse-stage reject for one message", in);
        }
        if (outputs.rejects > 0)
        {
            tally.rejected++;
            tally.rejectsByReason[outputs.firstReason.ordinal()]++;
        }
        else if (outputs.marketEvents > 0)
        {
            tally.withEvents++;
        }
        else if (outputs.internalErrors == 0)
        {
            tally.withoutEvents++;
        }
        else
        {
            tally.rejected++;
            tally.rejectsByReason[RejectReason.INTERNAL_ERROR.ordinal()]++;
        }
    }

    /**
     * The parse stage's own counters against what was fed and seen since the plan was built: messages it was handed,
     * those for no parser and, where it counts them, its rejects (parsers and boundary checks) and parser internal errors.
     */
    private void checkParseCounters(final FuzzTally tally)
    {
        final Map<String, Long> c = parse.counters();
        final boolean rejectsAgree = !c.containsKey("rejected") || c.get("rejected") == parseRejects;
        if (c.get("rawMessages") != handed || c.get("noParserForVenue") != noParser || !rejectsAgree)
        {
            tally.mismatch("parse stage counters " + c + " vs " + handed + " handed, " + noParser + " for no parser, " + parseRejects
                + " rejects emitted", NOTHING);
        }
        if (c.getOrDefault("internalErrors", 0L) != 0)
        {
            tally.mismatch("parse stage counted internal errors " + c, NOTHING);
        }
    }

    private void build()
    {
        final EventClock clock = new EventClock();
        final List<Stage> stages = RunStages.build(config, instruments, clock);
        if (!(stages.get(0) instanceof ParseStage))
        {
            throw new IllegalStateException("the plan does not start with the parse stage: " + stages.get(0).name());
        }
        parse = (ParseStage)stages.get(0);
        pipeline = new Pipeline(stages, EventSink.NONE, outputs, clock, config.engine().arenaBytes(), false);
        handed = 0;
        noParser = 0;
        parseRejects = 0;
    }

    private int encode(final FuzzInput in)
    {
        final int needed = MessageHeaderEncoder.ENCODED_LENGTH + RawMessageEncoder.BLOCK_LENGTH
            + RawMessageEncoder.payloadHeaderLength() + in.payload().length;
        if (needed > frame.capacity())
        {
            frame = new UnsafeBuffer(new byte[Integer.highestOneBit(needed) * 2]);
        }
        raw.wrapAndApplyHeader(frame, 0, header)
            .exchangeTsNs(0)
            .receiveTsNs(in.receiveTsNs())
            .instrumentId(in.instrumentHint())
            .venue(VenueCode.UNKNOWN)
            .connectionId(in.connectionId())
            .sequence(in.sequence())
            .isRest(in.isRest() ? BooleanType.T : BooleanType.F)
            .putPayload(in.payload(), 0, in.payload().length);
        // the venue byte as drawn, including values the enum does not name
        frame.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RawMessageEncoder.venueEncodingOffset(), (byte)in.venueCode());
        return MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength();
    }

    /** Exception class, message shape (digits dropped) and the first frame in the project. */
    static String signature(final Throwable t)
    {
        if (t.getStackTrace().length == 0)
        {
            return t.getClass().getSimpleName() + FAST_THROW;
        }
        String where = "?";
        for (final StackTraceElement e : t.getStackTrace())
        {
            if (e.getClassName().startsWith("dev.trader.") && !e.getClassName().startsWith("dev.trader.replay.fuzz."))
            {
                where = e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "." + e.getMethodName();
                break;
            }
        }
        final String message = t.getMessage() == null ? "" : t.getMessage().replaceAll("[0-9]+", "N");
        return t.getClass().getSimpleName() + "(" + (message.length() > 60 ? message.substring(0, 60) : message) + ") at " + where;
    }

    /** Sees every event the plan emits: hashes it and counts, for the current input, what kind it is. */
    private static final class Outputs implements EventSink
    {
        private final InputRejectDecoder reject = new InputRejectDecoder();
        private final byte[] detail = new byte[256];
        private byte[] copy = new byte[4096];
        FuzzTally tally;
        int marketEvents;
        int rejects;
        int parseRejects;
        int internalErrors;
        RejectReason firstReason;
        String internalDetail;
        String parserErrorDetail;

        void begin()
        {
            marketEvents = 0;
            rejects = 0;
            parseRejects = 0;
            internalErrors = 0;
            firstReason = null;
            parserErrorDetail = null;
        }

        @Override
        public void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            if (copy.length < length)
            {
                copy = new byte[Math.max(length, copy.length * 2)];
            }
            buffer.getBytes(offset, copy, 0, length);
            tally.hash(copy, 0, length);
            tally.outputEvents++;
            final int template = Events.templateId(buffer, offset);
            switch (template)
            {
                case TradeDecoder.TEMPLATE_ID:
                case BestBidOfferDecoder.TEMPLATE_ID:
                case DepthUpdateDecoder.TEMPLATE_ID:
                case DepthSnapshotDecoder.TEMPLATE_ID:
                case MarkPriceDecoder.TEMPLATE_ID:
                case KlineDecoder.TEMPLATE_ID:
                    marketEvents++;
                    tally.marketEvents++;
                    break;
                case DecisionDecoder.TEMPLATE_ID:
                    tally.decisions++;
                    break;
                case FillDecoder.TEMPLATE_ID:
                    tally.fills++;
                    break;
                case InputRejectDecoder.TEMPLATE_ID:
                    onReject(buffer, offset);
                    break;
                default:
                    break;
            }
        }

        private void onReject(final DirectBuffer buffer, final int offset)
        {
            reject.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
            final RejectReason reason = reject.reason();
            final String source = reject.source().trim();
            final int n = reject.getDetail(detail, 0, detail.length);
            final boolean fromParseStage = PARSE_SOURCES.contains(source);
            if (fromParseStage)
            {
                parseRejects++;
            }
            if (reason == RejectReason.INTERNAL_ERROR)
            {
                internalErrors++;
                internalDetail = source + ": " + shape(detail, n);
                return;
            }
            rejects++;
            if (firstReason == null)
            {
                firstReason = reason;
            }
            if (fromParseStage && startsWith(detail, n, PARSER_ERROR))
            {
                parserErrorDetail = source + ": " + shape(detail, n);
            }
        }

        /** A detail text with its numbers blanked, cut to 120 characters: the signature of a failure. */
        private static String shape(final byte[] detail, final int n)
        {
            final String text = new String(detail, 0, n, StandardCharsets.UTF_8).replaceAll("[0-9]+", "N");
            return text.length() > 120 ? text.substring(0, 120) : text;
        }

        private static boolean startsWith(final byte[] b, final int n, final byte[] prefix)
        {
            if (n < prefix.length)
            {
                return false;
            }
            for (int i = 0; i < prefix.length; i++)
            {
                if (b[i] != prefix[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
