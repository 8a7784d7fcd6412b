package dev.trader.adapters.parse;

import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.InputRejects;
import dev.trader.engine.MarketSanity;
import dev.trader.engine.Stage;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first stage when the input is raw wire: each RawMessage (bytes as received, with their receive time) is handed
 * to its venue's {@link VenueParser}, whose events flow on to the book, bars and the rest. Because the raw bytes are
 * what the input journal holds, replaying a recorded live session re-parses it on this identical path.
 *
 * <p>Boundary sanity: the parser emits into a scratch emitter, and every market event it produced is checked by
 * {@link MarketSanity} before any reaches the pipeline. A message with one event the engine cannot represent or believe
 * (overflow, off the tick grid, out of range, clock skew) is refused whole, like a parser refuses a message: one
 * InputReject (source {@value MarketSanity#SOURCE}, the reason, a detail naming the value and the limit, the first
 * payload bytes) replaces its events.
 */
public final class ParseStage implements Stage
{
    // indexed by the venue code byte, so a code this build does not know is a lookup miss, not an exception
    private final VenueParser[] parsers = new VenueParser[256];
    private final VenueParser[] distinct;
    private final MarketSanity sanity;
    private final RawMessageDecoder raw = new RawMessageDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final ScratchEmitter scratch = new ScratchEmitter();
    private final InputRejects rejects = new InputRejects();
    private final byte[] rawScratch = new byte[InputRejects.MAX_RAW_BYTES];
    private long rawMessages;
    private long noParser;

    public ParseStage(final Map<VenueCode, VenueParser> parsersByVenue, final MarketSanity sanity)
    {
        final Map<VenueCode, VenueParser> sorted = new EnumMap<>(parsersByVenue);
        for (final Map.Entry<VenueCode, VenueParser> e : sorted.entrySet())
        {
            parsers[e.getKey().value()] = e.getValue();
        }
        this.distinct = sorted.values().stream().distinct().toArray(VenueParser[]::new);
        this.sanity = sanity;
    }

    @Override
    public String name()
    {
        return "parse";
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != RawMessageDecoder.TEMPLATE_ID)
        {
            return;
        }
        rawMessages++;
        raw.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final VenueParser parser = parsers[raw.venueRaw() & 0xFF];
        final long receiveTsNs = raw.receiveTsNs();
        final int instrumentIdHint = raw.instrumentId();
        final boolean isRest = raw.isRestRaw() == 1;
        raw.wrapPayload(payload);
        if (parser == null)
        {
            noParser++;
            return;
        }
        scratch.reset(emitter.buffer().capacity());
        parser.parse(payload, 0, payload.capacity(), receiveTsNs, instrumentIdHint, isRest, scratch);
        if (scratch.claimOpen())
        {
            throw new IllegalStateException("parser for venue " + raw.venueRaw() + " claimed space and did not commit");
        }
        for (int i = 0, n = scratch.count(); i < n; i++)
        {
            if (sanity.check(scratch.buffer(), scratch.offset(i), scratch.length(i)) != null)
            {
                refuse(emitter, receiveTsNs);
                return;
            }
        }
        scratch.publishTo(emitter);
    }

    private void refuse(final Emitter emitter, final long receiveTsNs)
    {
        final int n = Math.min(payload.capacity(), InputRejects.MAX_RAW_BYTES);
        payload.getBytes(0, rawScratch, 0, n);
        final int at = emitter.claim(InputRejects.maxLength());
        final int length = rejects.encode(emitter.buffer(), at, 0, receiveTsNs, sanity.instrumentId(), MarketSanity.SOURCE,
            sanity.reason(), sanity.reference(), sanity.detail(), rawScratch, 0, n);
        emitter.commit(length);
    }

    /** The boundary checks every parsed event passes through. */
    public MarketSanity sanity()
    {
        return sanity;
    }

    /**
     * {@code rawMessages}, {@code noParserForVenue}, {@code rejected} (messages refused, by a parser or by the sanity
     * checks) with {@code rejected.<REASON>} per reason seen, {@code internalErrors} (parser bugs caught and refused
     * as INTERNAL_ERROR; 0 in every test), {@code sanityChecked} (market events checked) and
     * {@code sanity.<REASON>} for each sanity reason (always listed).
     */
    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("rawMessages", rawMessages);
        m.put("noParserForVenue", noParser);
        long rejected = sanity.rejected();
        long internalErrors = 0;
        final long[] byReason = new long[RejectReason.values().length];
        for (final VenueParser p : distinct)
        {
            internalErrors += p.internalErrors();
            for (final RejectReason r : RejectReason.values())
            {
                if (r != RejectReason.NULL_VAL)
                {
                    final long k = p.rejected(r);
                    byReason[r.ordinal()] += k;
                    rejected += k;
                }
            }
        }
        for (final RejectReason r : MarketSanity.REASONS)
        {
            byReason[r.ordinal()] += sanity.rejected(r);
        }
        m.put("rejected", rejected);
        for (final RejectReason r : RejectReason.values())
        {
            if (r != RejectReason.NULL_VAL && byReason[r.ordinal()] > 0)
            {
                m.put("rejected." + r.name(), byReason[r.ordinal()]);
            }
        }
        m.put("internalErrors", internalErrors);
        m.put("sanityChecked", sanity.checked());
        for (final RejectReason r : MarketSanity.REASONS)
        {
            m.put("sanity." + r.name(), sanity.rejected(r));
        }
        return m;
    }
}
