package dev.trader.adapters.binance;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole messages to feed the parser: real ones from the shared data folder (every kind the parser reads, from each
 * source) when it is present, else a few written here in Binance's documented formats so the properties still run.
 */
final class ParserCorpus
{
    /** One message with how it arrives. */
    record Message(Venue venue, String json, int instrumentIdHint, boolean isRest)
    {
    }

    private ParserCorpus()
    {
    }

    /** Real messages, or the written fallback when the shared data folder is absent. */
    static List<Message> messages(final InstrumentRegistry registry)
    {
        final List<Message> real = real(registry);
        return real.isEmpty() ? written() : real;
    }

    /** Real messages only; empty when the shared data folder is absent. */
    static List<Message> real(final InstrumentRegistry registry)
    {
        final List<Message> list = new ArrayList<>();
        for (final String f : new String[] {RealPayloads.USDM_CAPTURE, RealPayloads.SPOT_CAPTURE,
            RealPayloads.USDM_CRYPTOFEED, RealPayloads.SPOT_CRYPTOFEED, RealPayloads.FUTURES_SINGLE})
        {
            if (!SharedFixtures.realOrFallback("data/" + f, "the hand-written Binance messages"))
            {
                return list;
            }
        }
        final int usdmBtc = registry.find(Venue.BINANCE_USDM, "BTCUSDT").id();
        final int spotBtc = registry.find(Venue.BINANCE_SPOT, "BTCUSDT").id();
        for (final String json : RealPayloads.payloads(RealPayloads.USDM_CAPTURE, s -> true, 400))
        {
            final boolean rest = json.startsWith("{\"lastUpdateId\"");
            list.add(new Message(Venue.BINANCE_USDM, json, rest ? usdmBtc : 0, rest));
        }
        for (final String json : RealPayloads.payloads(RealPayloads.SPOT_CAPTURE, s -> true, 200))
        {
            final boolean rest = json.startsWith("{\"lastUpdateId\"");
            list.add(new Message(Venue.BINANCE_SPOT, json, rest ? spotBtc : 0, rest));
        }
        for (final String json : RealPayloads.payloads(RealPayloads.USDM_CRYPTOFEED, s -> true, 300))
        {
            list.add(new Message(Venue.BINANCE_USDM, json, 0, false));
        }
        for (final String json : RealPayloads.payloads(RealPayloads.SPOT_CRYPTOFEED, s -> true, 300))
        {
            list.add(new Message(Venue.BINANCE_SPOT, json, 0, false));
        }
        final int sushi = registry.find(Venue.BINANCE_USDM, "SUSHIUSDT").id();
        list.add(new Message(Venue.BINANCE_USDM, RealPayloads.payloads(RealPayloads.USDM_CRYPTOFEED_HTTP, s -> true, 1).get(0), sushi,
            true));
        for (final String json : RealPayloads.singleMessages(RealPayloads.FUTURES_SINGLE))
        {
            list.add(new Message(Venue.BINANCE_USDM, json, 0, false));
        }
        return list;
    }

    /** Messages in Binance's documented formats with made-up values. */
    static List<Message> written()
    {
        return List.of(
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1700000000100,"
                + "\"T\":1700000000099,\"s\":\"BTCUSDT\",\"t\":42,\"p\":\"35000.10\",\"q\":\"0.004\",\"X\":\"MARKET\",\"m\":true}}", 0,
                false),
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1700000000200,"
                + "\"a\":7,\"s\":\"BTCUSDT\",\"p\":\"35000.20\",\"q\":\"0.010\",\"f\":43,\"l\":45,\"T\":1700000000199,\"m\":false}}",
                0, false),
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":99,"
                + "\"s\":\"BTCUSDT\",\"b\":\"35000.10\",\"B\":\"1.500\",\"a\":\"35000.20\",\"A\":\"0.200\",\"T\":1700000000300,"
                + "\"E\":1700000000301}}", 0, false),
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\","
                + "\"E\":1700000000400,\"T\":1700000000398,\"s\":\"BTCUSDT\",\"U\":100,\"u\":104,\"pu\":99,"
                + "\"b\":[[\"35000.10\",\"1.500\"],[\"34999.00\",\"0.000\"]],\"a\":[[\"35000.20\",\"0.200\"]]}}", 0, false),
            new Message(Venue.BINANCE_USDM, "{\"lastUpdateId\":103,\"E\":1700000000350,\"T\":1700000000349,"
                + "\"bids\":[[\"35000.10\",\"1.400\"]],\"asks\":[[\"35000.20\",\"0.100\"],[\"35001.00\",\"3.000\"]]}", 1, true),
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1700000000500,"
                + "\"s\":\"BTCUSDT\",\"k\":{\"t\":1699999980000,\"T\":1700000039999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":1,"
                + "\"L\":3,\"o\":\"35000.00\",\"c\":\"35000.20\",\"h\":\"35000.30\",\"l\":\"34999.90\",\"v\":\"0.020\",\"n\":3,"
                + "\"x\":false,\"q\":\"700.00400\",\"V\":\"0.010\",\"Q\":\"350.00200\",\"B\":\"0\"}}}", 0, false),
            new Message(Venue.BINANCE_USDM, "{\"stream\":\"btcusdt@forceOrder\",\"data\":{\"e\":\"forceOrder\","
                + "\"E\":1700000000600,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.010\","
                + "\"p\":\"34900.00\",\"ap\":\"34950.00\",\"X\":\"FILLED\",\"l\":\"0.010\",\"z\":\"0.010\",\"T\":1700000000599}}}",
                0, false),
            new Message(Venue.BINANCE_SPOT, "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":12,\"s\":\"BTCUSDT\","
                + "\"b\":\"35000.10000000\",\"B\":\"0.50000000\",\"a\":\"35000.11000000\",\"A\":\"0.25000000\"}}", 0, false),
            new Message(Venue.BINANCE_USDM, "{\"result\":null,\"id\":1}", 0, false));
    }
}
