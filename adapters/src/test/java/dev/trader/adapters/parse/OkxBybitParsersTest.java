package dev.trader.adapters.parse;

import dev.trader.adapters.bybit.BybitParser;
import dev.trader.adapters.okx.OkxParser;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.ClockSkew;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.InstrumentRegistry;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OKX and Bybit parsers behind the ParseStage, and their allocation behaviour. */
class OkxBybitParsersTest
{
    /** Well-formed messages of every kind both parsers handle (events and control messages). */
    static final List<String> OKX_MESSAGES = List.of(
        "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"30243.5\",\"1.2112\","
            + "\"0\",\"5\"],[\"30244\",\"0\",\"0\",\"0\"]],\"bids\":[[\"30228.6\",\"0.23393\",\"0\",\"1\"]],\"ts\":\"1652459225703\","
            + "\"checksum\":-1200119424,\"prevSeqId\":1,\"seqId\":2}]}",
        "{\"arg\":{\"channel\":\"books5\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[[\"30243.5\",\"1.44679\",\"0\",\"6\"]],"
            + "\"bids\":[[\"30243.4\",\"0.1\",\"0\",\"1\"]],\"instId\":\"BTC-USDT\",\"ts\":\"1670324386802\",\"seqId\":363996337}]}",
        "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"asks\":[[\"38632.4\",\"727\",\"0\",\"22\"]],"
            + "\"bids\":[[\"38632.3\",\"990\",\"0\",\"22\"]],\"ts\":\"1651761120004\"}]}",
        "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\",\"tradeId\":\"338476307\","
            + "\"px\":\"30236\",\"sz\":\"0.0002\",\"side\":\"buy\",\"ts\":\"1652459224818\"}]}",
        "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instType\":\"SPOT\",\"instId\":\"BTC-USDT\","
            + "\"last\":\"30236\",\"askPx\":\"30228.7\",\"askSz\":\"1.55896972\",\"bidPx\":\"30228.6\",\"bidSz\":\"0.23393\","
            + "\"ts\":\"1652459224956\"}]}",
        "{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"fundingRate\":\"0.00048105\","
            + "\"fundingTime\":\"1640131200000\",\"instId\":\"BTC-USDT-SWAP\",\"ts\":\"1640131100000\"}]}",
        "{\"arg\":{\"channel\":\"mark-price\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\","
            + "\"markPx\":\"38632.3\",\"ts\":\"1640131259180\"}]}",
        "{\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1652459220000\",\"30236.1\",\"30250\",\"30200.5\","
            + "\"30240\",\"1.23456789\",\"37333.21\",\"37333.2100\",\"1\"]]}",
        "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}}",
        "pong");

    static final List<String> BYBIT_MESSAGES = List.of(
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1680673821591,\"data\":{\"s\":\"BTCUSDT\","
            + "\"b\":[[\"28555.20\",\"0.597\"]],\"a\":[[\"28555.30\",\"0.225\"]],\"u\":20683568,\"seq\":10916156551}}",
        "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1680673821651,\"data\":{\"s\":\"BTCUSDT\","
            + "\"b\":[[\"28555.20\",\"0.677\"]],\"a\":[[\"28555.30\",\"0\"]],\"u\":20683569,\"seq\":10916156553},\"cts\":1680673821648}",
        "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1680673823566,\"data\":[{\"T\":1680673823564,"
            + "\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"28560.50\",\"L\":\"PlusTick\","
            + "\"i\":\"0cbf2330-952d-5d03-a462-4bf826c867af\",\"BT\":false}]}",
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"28552.81\","
            + "\"indexPrice\":\"28562.25\",\"nextFundingTime\":\"1680681600000\",\"fundingRate\":\"0.0001\",\"bid1Price\":\"28550.70\","
            + "\"bid1Size\":\"2.049\",\"ask1Price\":\"28550.80\",\"ask1Size\":\"15.328\"},\"cs\":50193544280,\"ts\":1680673821770}",
        "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"fundingRate\":\"0.0001\","
            + "\"bid1Price\":\"28550.70\",\"bid1Size\":\"2.049\"},\"cs\":50193544281,\"ts\":1680673821870}",
        "{\"topic\":\"kline.5.BTCUSDT\",\"data\":[{\"start\":1672324800000,\"end\":1672325099999,\"interval\":\"5\","
            + "\"open\":\"16649.5\",\"close\":\"16677\",\"high\":\"16677\",\"low\":\"16608\",\"volume\":\"2.081\","
            + "\"turnover\":\"34666.4005\",\"confirm\":false,\"timestamp\":1672324988882}],\"ts\":1672324988882,\"type\":\"snapshot\"}",
        "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817\",\"op\":\"ping\"}");

    private final InstrumentRegistry registry = ParserFixtures.registry();

    @Test
    void shouldParseRawMessagesOfBothVenuesInTheParseStage()
    {
        // real payloads from 2022-2023 under one fixed receive time: the clock skew check would refuse them, so this
        // test's registry allows a century either way (the parse stage's sanity checks are tested in ParseStageSanityTest)
        final InstrumentRegistry anyClock = new InstrumentRegistry(registry.all(),
            new ClockSkew(Duration.ofDays(36_500).toNanos(), Duration.ofDays(36_500).toNanos()));
        final ParseStage stage = VenueParsers.parseStage(anyClock);
        final CollectingEmitter out = new CollectingEmitter();
        final UnsafeBuffer raw = new UnsafeBuffer(new byte[1 << 16]);
        final EventView view = new EventView();
        int expectedEvents = 0;
        for (final String text : OKX_MESSAGES)
        {
            final int length = ParserFixtures.rawMessage(raw, VenueCode.OKX, text, ParserFixtures.RECEIVE_TS_NS);
            stage.onEvent(view.wrap(raw, 0, length), out);
            expectedEvents += text.startsWith("{\"arg\"") ? 1 : 0;
        }
        assertEquals(expectedEvents, out.events().size());
        out.clear();
        for (final String text : BYBIT_MESSAGES)
        {
            stage.onEvent(view.wrap(raw, 0, ParserFixtures.rawMessage(raw, VenueCode.BYBIT, text, ParserFixtures.RECEIVE_TS_NS)), out);
        }
        // snapshot, delta, trade, ticker snapshot (BBO + mark), ticker delta (BBO + mark), kline
        assertEquals(8, out.events().size());
        assertTrue(out.rejects().isEmpty());
        assertEquals(Long.valueOf(OKX_MESSAGES.size() + BYBIT_MESSAGES.size()), stage.counters().get("rawMessages"));
        assertEquals(Long.valueOf(0), stage.counters().get("noParserForVenue"));
    }


    /** Claims into one fixed buffer and forgets: measures the parser alone. */
    private static final class DiscardingEmitter implements Emitter
    {
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
        long committed;

        @Override
        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        @Override
        public int claim(final int maxLength)
        {
            return 0;
        }

        @Override
        public void commit(final int length)
        {
            committed++;
        }
    }

    @Test
    @Tag("allocation") // measured by the JVM: not run under the mutation profile's coverage agent
    void shouldNotAllocateOnTheSuccessPath()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        final OkxParser okx = new OkxParser(registry);
        final BybitParser bybit = new BybitParser(registry);
        final UnsafeBuffer[] okxPayloads = buffers(OKX_MESSAGES);
        final UnsafeBuffer[] bybitPayloads = buffers(BYBIT_MESSAGES);
        final DiscardingEmitter emitter = new DiscardingEmitter();
        final int rounds = 20_000;
        run(okx, bybit, okxPayloads, bybitPayloads, emitter, rounds);
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(okx, bybit, okxPayloads, bybitPayloads, emitter, rounds);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(0, okx.rejected() + bybit.rejected());
        assertEquals(0, okx.internalErrors() + bybit.internalErrors());
        final long messages = (long)rounds * (okxPayloads.length + bybitPayloads.length);
        // one allocation per message would be at least 16 bytes each; allow a few stray bytes of the measurement itself
        assertTrue(allocated < 1024, allocated + " bytes allocated over " + messages + " messages");
    }

    private static void run(
        final OkxParser okx,
        final BybitParser bybit,
        final UnsafeBuffer[] okxPayloads,
        final UnsafeBuffer[] bybitPayloads,
        final DiscardingEmitter emitter,
        final int rounds)
    {
        for (int r = 0; r < rounds; r++)
        {
            for (final UnsafeBuffer b : okxPayloads)
            {
                okx.parse(b, 0, b.capacity(), r, 0, false, emitter);
            }
            for (final UnsafeBuffer b : bybitPayloads)
            {
                bybit.parse(b, 0, b.capacity(), r, 0, false, emitter);
            }
        }
    }

    private static UnsafeBuffer[] buffers(final List<String> texts)
    {
        final UnsafeBuffer[] result = new UnsafeBuffer[texts.size()];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = ParserFixtures.bytes(texts.get(i));
        }
        return result;
    }
}
