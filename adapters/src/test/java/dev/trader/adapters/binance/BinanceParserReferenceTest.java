package dev.trader.adapters.binance;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.adapters.binance.Decoded.Bbo;
import dev.trader.adapters.binance.Decoded.Candle;
import dev.trader.adapters.binance.Decoded.Depth;
import dev.trader.adapters.binance.Decoded.Level;
import dev.trader.adapters.binance.Decoded.Trade;
import dev.trader.adapters.binance.ParserCorpus.Message;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every real message of the captures (the cryptofeed logs whole, the first lines of the hftbacktest captures, the
 * REST snapshots) parses to exactly the event a straightforward reference decoder (Jackson + BigDecimal) derives from
 * the same JSON: ids, times, prices, quantities, the digits written per level.
 */
class BinanceParserReferenceTest
{
    private static final long RECEIVE_TS = 1_650_000_000_000_000_007L;
    private static final long MS = 1_000_000L;

    private final ObjectMapper mapper = new ObjectMapper();
    private final InstrumentRegistry registry = RealPayloads.repositoryInstruments();
    private final BinanceParser usdm = new BinanceParser(Venue.BINANCE_USDM, registry);
    private final BinanceParser spot = new BinanceParser(Venue.BINANCE_SPOT, registry);
    private final RecordingEmitter emitter = new RecordingEmitter(4 << 20);

    @Test
    void shouldAgreeWithReferenceDecoderOnEveryRealMessage() throws Exception
    {
        SharedFixtures.requireAll("data/" + RealPayloads.USDM_CAPTURE, "data/" + RealPayloads.SPOT_CAPTURE,
            "data/" + RealPayloads.USDM_CRYPTOFEED_HTTP, "data/" + RealPayloads.SPOT_CRYPTOFEED_HTTP);
        final List<Message> all = new ArrayList<>();
        addAll(all, Venue.BINANCE_USDM, RealPayloads.USDM_CAPTURE, 3000);
        addAll(all, Venue.BINANCE_SPOT, RealPayloads.SPOT_CAPTURE, 3000);
        addAll(all, Venue.BINANCE_USDM, RealPayloads.USDM_CRYPTOFEED, Integer.MAX_VALUE);
        addAll(all, Venue.BINANCE_SPOT, RealPayloads.SPOT_CRYPTOFEED, Integer.MAX_VALUE);
        addRest(all, Venue.BINANCE_USDM, RealPayloads.USDM_CRYPTOFEED_HTTP);
        addRest(all, Venue.BINANCE_SPOT, RealPayloads.SPOT_CRYPTOFEED_HTTP);

        int compared = 0;
        for (final Message m : all)
        {
            final Object expected = reference(m);
            if (expected == null)
            {
                continue;
            }
            emitter.clear();
            final byte[] bytes = m.json().getBytes(StandardCharsets.UTF_8);
            (m.venue() == Venue.BINANCE_USDM ? usdm : spot).parse(new UnsafeBuffer(bytes), 0, bytes.length, RECEIVE_TS,
                m.instrumentIdHint(), m.isRest(), emitter);
            assertEquals(1, emitter.events().size(), m.json());
            assertEquals(expected, Decoded.decode(emitter.events().get(0)), m.json());
            compared++;
        }
        assertTrue(compared >= 7_800, "compared " + compared);
        assertEquals(0, usdm.rejected() + spot.rejected(), usdm.counters() + " " + spot.counters());
    }

    private static void addAll(final List<Message> all, final Venue venue, final String file, final int limit)
    {
        for (final String json : RealPayloads.payloads(file, s -> !s.startsWith("{\"lastUpdateId\""), limit))
        {
            all.add(new Message(venue, json, 0, false));
        }
    }

    private void addRest(final List<Message> all, final Venue venue, final String file)
    {
        for (final String[] response : RealPayloads.restResponses(file))
        {
            all.add(new Message(venue, response[1], registry.find(venue, response[0]).id(), true));
        }
    }

    /** The expected event for a message of a kind the captures hold; null for other kinds. */
    private Object reference(final Message m) throws Exception
    {
        final JsonNode root = mapper.readTree(m.json());
        final JsonNode data = root.has("stream") && root.has("data") ? root.get("data") : root;
        if (data.has("lastUpdateId"))
        {
            final Instrument i = registry.byId(m.instrumentIdHint());
            final long ts = data.has("T") ? data.get("T").asLong() * MS : data.has("E") ? data.get("E").asLong() * MS : RECEIVE_TS;
            return new Depth(true, ts, RECEIVE_TS, i.id(), -1, data.get("lastUpdateId").asLong(), -1, levels(data.get("bids"), i),
                levels(data.get("asks"), i));
        }
        final String e = data.has("e") ? data.get("e").asText() : "bookTicker";
        final Instrument i = registry.find(m.venue(), e.equals("kline") ? data.get("k").get("s").asText() : data.get("s").asText());
        switch (e)
        {
            case "trade":
            {
                final long id = data.get("t").asLong();
                final TradeType type = "INSURANCE_FUND".equals(data.path("X").asText()) ? TradeType.INSURANCE_FUND : TradeType.TRADE;
                return new Trade(data.get("T").asLong() * MS, RECEIVE_TS, i.id(), id, scaled(data.get("p"), i.priceExponent()),
                    scaled(data.get("q"), i.qtyExponent()), data.get("m").asBoolean() ? Side.SELL : Side.BUY, type, id, id);
            }
            case "aggTrade":
                return new Trade(data.get("T").asLong() * MS, RECEIVE_TS, i.id(), data.get("a").asLong(),
                    scaled(data.get("p"), i.priceExponent()), scaled(data.get("q"), i.qtyExponent()),
                    data.get("m").asBoolean() ? Side.SELL : Side.BUY, TradeType.AGG_TRADE, data.get("f").asLong(),
                    data.get("l").asLong());
            case "bookTicker":
            {
                final long ts = data.has("T") ? data.get("T").asLong() * MS : data.has("E") ? data.get("E").asLong() * MS : RECEIVE_TS;
                return new Bbo(ts, RECEIVE_TS, i.id(), data.get("u").asLong(), scaled(data.get("b"), i.priceExponent()),
                    scaled(data.get("B"), i.qtyExponent()), scaled(data.get("a"), i.priceExponent()),
                    scaled(data.get("A"), i.qtyExponent()));
            }
            case "depthUpdate":
            {
                final long ts = data.has("T") ? data.get("T").asLong() * MS : data.get("E").asLong() * MS;
                return new Depth(false, ts, RECEIVE_TS, i.id(), data.get("U").asLong(), data.get("u").asLong(),
                    data.has("pu") ? data.get("pu").asLong() : -1, levels(data.get("b"), i), levels(data.get("a"), i));
            }
            case "kline":
            {
                final JsonNode k = data.get("k");
                final long open = k.get("t").asLong() * MS;
                final long close = (k.get("T").asLong() + 1) * MS;
                return new Candle(data.get("E").asLong() * MS, RECEIVE_TS, i.id(), close - open, open, close,
                    scaled(k.get("o"), i.priceExponent()), scaled(k.get("h"), i.priceExponent()), scaled(k.get("l"), i.priceExponent()),
                    scaled(k.get("c"), i.priceExponent()), scaled(k.get("v"), i.qtyExponent()), scaled(k.get("q"), i.quoteExponent()),
                    k.get("n").asLong(), scaled(k.get("V"), i.qtyExponent()), scaled(k.get("Q"), i.quoteExponent()),
                    k.get("x").asBoolean());
            }
            default:
                return null;
        }
    }

    private static List<Level> levels(final JsonNode array, final Instrument i)
    {
        final List<Level> levels = new ArrayList<>();
        for (final JsonNode level : array)
        {
            final String p = level.get(0).asText();
            final String q = level.get(1).asText();
            levels.add(new Level(scaled(level.get(0), i.priceExponent()), scaled(level.get(1), i.qtyExponent()), digits(p), digits(q)));
        }
        return levels;
    }

    private static long scaled(final JsonNode value, final int exponent)
    {
        return new BigDecimal(value.asText()).movePointRight(-exponent).longValueExact();
    }

    private static int digits(final String text)
    {
        final int dot = text.indexOf('.');
        return dot < 0 ? 0 : text.length() - dot - 1;
    }
}
