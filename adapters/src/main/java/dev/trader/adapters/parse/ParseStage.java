package dev.trader.adapters.parse;

import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first stage when the input is raw wire: each RawMessage (bytes as received, with their receive time) is handed
 * to its venue's {@link VenueParser}, whose events flow on to the book, bars and the rest. Because the raw bytes are
 * what the input journal holds, replaying a recorded live session re-parses it on this identical path.
 */
public final class ParseStage implements Stage
{
    // indexed by the venue code byte, so a code this build does not know is a lookup miss, not an exception
    private final VenueParser[] parsers = new VenueParser[256];
    private final RawMessageDecoder raw = new RawMessageDecoder();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private long rawMessages;
    private long noParser;

    public ParseStage(final Map<VenueCode, VenueParser> parsersByVenue)
    {
        for (final Map.Entry<VenueCode, VenueParser> e : new EnumMap<>(parsersByVenue).entrySet())
        {
            parsers[e.getKey().value()] = e.getValue();
        }
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
        parser.parse(payload, 0, payload.capacity(), receiveTsNs, instrumentIdHint, isRest, emitter);
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("rawMessages", rawMessages);
        m.put("noParserForVenue", noParser);
        return m;
    }
}
