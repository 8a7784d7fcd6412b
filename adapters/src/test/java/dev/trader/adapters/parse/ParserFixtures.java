package dev.trader.adapters.parse;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.engine.testing.RepoPaths;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.VenueCode;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parser test fixtures: the project's instrument registry plus the instruments the single-message fixtures name,
 * the shared data folder (tests skip when it is absent) and the exact text of fixture messages.
 */
public final class ParserFixtures
{
    /** Receive time given to every parsed message in tests. */
    public static final long RECEIVE_TS_NS = 1_700_000_000_123_456_789L;

    private ParserFixtures()
    {
    }

    /**
     * {@code configs/instruments.yaml} plus test-only instruments (ids from 9001) for the symbols of the
     * tardis-dev single-message fixtures; exponents chosen to fit the strings in those messages.
     */
    public static InstrumentRegistry registry()
    {
        final List<Instrument> all = new ArrayList<>(InstrumentRegistry.load(RepoPaths.instrumentsFile()).all());
        int id = 9001;
        // OKX (spot, swap, futures)
        all.add(instrument(id++, Venue.OKX, "CRV-USDT", -3, -6));
        all.add(instrument(id++, Venue.OKX, "BTC-DAI", -1, -8));
        all.add(instrument(id++, Venue.OKX, "ETC-ETH", -6, -3));
        all.add(instrument(id++, Venue.OKX, "ACT-USDT", -5, -6));
        all.add(instrument(id++, Venue.OKX, "BSV-USDT", -2, -4));
        all.add(instrument(id++, Venue.OKX, "REN-USDT-SWAP", -5, 0));
        all.add(instrument(id++, Venue.OKX, "WNCG-USDT-SWAP", -4, 0));
        all.add(instrument(id++, Venue.OKX, "SOS-USDT-SWAP", -8, 0));
        all.add(instrument(id++, Venue.OKX, "ADA-USDT-211224", -5, 0));
        all.add(instrument(id++, Venue.OKX, "FIL-USD-220325", -3, 0));
        all.add(instrument(id++, Venue.OKX, "FIL-USDT-220325", -3, 0));
        all.add(instrument(id++, Venue.OKX, "LTC-USDT-220624", -2, 0));
        // Bybit (inverse, linear, USDC perpetual, inverse future)
        id = 9101;
        all.add(instrument(id++, Venue.BYBIT, "BTCUSD", -2, 0));
        all.add(instrument(id++, Venue.BYBIT, "LTCUSDT", -2, -1));
        all.add(instrument(id++, Venue.BYBIT, "BTCPERP", -2, -3));
        all.add(instrument(id++, Venue.BYBIT, "BTCUSDU23", -2, 0));
        all.add(instrument(id++, Venue.BYBIT, "GALAUSDT", -5, 0));
        return new InstrumentRegistry(all);
    }

    private static Instrument instrument(final int id, final Venue venue, final String symbol, final int pe, final int qe)
    {
        final String tick = pe == 0 ? "1" : "0." + "0".repeat(-pe - 1) + "1";
        final String lot = qe == 0 ? "1" : "0." + "0".repeat(-qe - 1) + "1";
        return new Instrument(id, venue, symbol, tick, lot, pe, qe, pe + qe);
    }

    /** {@code <trader.shared.dir>/data}; the calling test is skipped when it is not there. */
    public static Path sharedData()
    {
        final Path data = SharedFixtures.require("data");
        return data;
    }

    /** A file under the shared data folder; the calling test is skipped when it is not there. */
    public static Path sharedFile(final String relative)
    {
        final Path file = SharedFixtures.require("data/" + relative);
        return file;
    }

    /**
     * The exact text of every message in the array {@code key} of a {@code single-messages/map_*.json} file (the
     * file is an object whose values are arrays of messages).
     */
    public static List<String> singleMessages(final String file, final String key) throws IOException
    {
        final String text = Files.readString(sharedFile("single-messages/" + file), StandardCharsets.UTF_8);
        final List<String> messages = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(text))
        {
            if (p.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IOException(file + ": not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = p.currentName();
                final JsonToken value = p.nextToken();
                if (!name.equals(key) || value != JsonToken.START_ARRAY)
                {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY)
                {
                    final int from = (int)p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    final int to = (int)p.currentLocation().getCharOffset();
                    messages.add(text.substring(from, to));
                }
                return messages;
            }
        }
        throw new IOException(file + ": no array '" + key + "'");
    }

    public static UnsafeBuffer bytes(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses {@code text} as one message received at {@link #RECEIVE_TS_NS}. */
    public static void parse(final VenueParser parser, final String text, final CollectingEmitter emitter)
    {
        final UnsafeBuffer b = bytes(text);
        parser.parse(b, 0, b.capacity(), RECEIVE_TS_NS, 0, false, emitter);
    }

    /** Encodes {@code text} as a live RawMessage (connection 1, sequence 1) at offset 0. @return its encoded length */
    public static int rawMessage(final MutableDirectBuffer buffer, final VenueCode venue, final String text, final long receiveTsNs)
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final RawMessageEncoder encoder = new RawMessageEncoder();
        encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(0)
            .receiveTsNs(receiveTsNs)
            .instrumentId(0)
            .venue(venue)
            .connectionId(1)
            .sequence(1)
            .isRest(BooleanType.F)
            .putPayload(payload, 0, payload.length);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }
}
