package dev.trader.adapters.parse;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.MarketSanity;
import dev.trader.engine.Pipeline;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parse stage's own boundary: a raw message from a corrupt journal or capture is counted, never thrown. */
class ParseStageTest
{
    @Test
    void shouldCountAnUnknownVenueCodeInsteadOfThrowing()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        final RawMessageEncoder raw = new RawMessageEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(0).receiveTsNs(1).instrumentId(0).venue(VenueCode.OKX).connectionId(1).sequence(1).isRest(BooleanType.F);
        final byte[] payload = "{\"event\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);
        raw.putPayload(payload, 0, payload.length);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength();
        // corrupt the venue byte and the REST flag to values no enum constant has
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RawMessageEncoder.venueEncodingOffset(), (byte)77);
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + RawMessageEncoder.isRestEncodingOffset(), (byte)9);

        final Map<VenueCode, VenueParser> parsers = new EnumMap<>(VenueCode.class);
        final int[] calls = {0};
        parsers.put(VenueCode.OKX, (p, o, l, t, h, r, e) -> calls[0]++);
        final ParseStage stage = new ParseStage(parsers, new MarketSanity(new InstrumentRegistry(List.of())));
        final Pipeline pipeline = new Pipeline(List.of(stage), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 16, false);

        pipeline.onInput(buffer, 0, length, 0);

        assertEquals(0, calls[0]);
        assertEquals(1L, stage.counters().get("noParserForVenue"));
    }
}
