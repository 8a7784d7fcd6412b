package dev.trader.adapters.bybit;

import dev.trader.adapters.parse.CollectingEmitter;
import dev.trader.adapters.parse.CollectingEmitter.Bbo;
import dev.trader.adapters.parse.CollectingEmitter.Depth;
import dev.trader.adapters.parse.CollectingEmitter.KlineEvent;
import dev.trader.adapters.parse.CollectingEmitter.Level;
import dev.trader.adapters.parse.CollectingEmitter.Mark;
import dev.trader.adapters.parse.CollectingEmitter.Reject;
import dev.trader.adapters.parse.CollectingEmitter.TradeEvent;
import dev.trader.adapters.parse.ParserFixtures;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static dev.trader.adapters.parse.ParserFixtures.RECEIVE_TS_NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitParserTest
{
    private static final long MS = 1_000_000L;

    private final InstrumentRegistry registry = ParserFixtures.registry();
    private final BybitParser parser = new BybitParser(registry);
    private final CollectingEmitter out = new CollectingEmitter();

    private int id(final String symbol)
    {
        return registry.find(Venue.BYBIT, symbol).id();
    }

    private void parse(final String text)
    {
        ParserFixtures.parse(parser, text, out);
    }

    /** The 50 lines of the official history file: 1 snapshot + 49 deltas, u consecutive. */
    static List<String> ob500Lines() throws Exception
    {
        final Path zip = ParserFixtures.sharedFile("bybit/xrpusdt-ob500.data.zip");
        final List<String> lines = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile()))
        {
            final ZipEntry entry = z.entries().nextElement();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(z.getInputStream(entry), StandardCharsets.UTF_8)))
            {
                for (String line = r.readLine(); line != null; line = r.readLine())
                {
                    if (!line.isBlank())
                    {
                        lines.add(line);
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void shouldParseTheOb500HistoryFileIntoOneSnapshotAndConsecutiveDeltas() throws Exception
    {
        final List<String> lines = ob500Lines();
        assertEquals(50, lines.size());
        for (final String line : lines)
        {
            parse(line);
        }
        assertTrue(out.rejects().isEmpty(), () -> out.rejects().toString());
        final List<Depth> depths = out.depths();
        assertEquals(50, depths.size());
        assertEquals(50, out.events().size());
        final Depth snapshot = depths.get(0);
        assertTrue(snapshot.snapshot());
        assertEquals(id("XRPUSDT"), snapshot.instrumentId());
        assertEquals(20254869L, snapshot.lastUpdateId());
        assertEquals(1733011200691L * MS, snapshot.exchangeTsNs());
        assertEquals(500, snapshot.bids().size());
        assertEquals(500, snapshot.asks().size());
        assertEquals(new Level(19531L, 62030L, 4, 0), snapshot.bids().get(0));
        assertFalse(snapshot.hasChecksum());
        long u = snapshot.lastUpdateId();
        for (int i = 1; i < depths.size(); i++)
        {
            final Depth d = depths.get(i);
            assertFalse(d.snapshot(), "line " + (i + 1));
            assertEquals(u + 1, d.firstUpdateId(), "line " + (i + 1));
            assertEquals(d.firstUpdateId(), d.lastUpdateId());
            assertEquals(-1L, d.prevUpdateId());
            assertFalse(d.hasChecksum());
            for (final Level l : d.bids())
            {
                assertEquals(4, l.priceDecimals());
                assertEquals(0, l.qtyDecimals());
            }
            u = d.lastUpdateId();
        }
        final Depth second = depths.get(1);
        assertEquals(20254870L, second.lastUpdateId());
        assertEquals(1733011200693L * MS, second.exchangeTsNs());
        assertEquals(new Level(19531L, 61980L, 4, 0), second.bids().get(0));
        assertEquals(new Level(19535L, 84150L, 4, 0), second.asks().get(0));
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldParseV5Fixtures() throws Exception
    {
        final List<String> m = ParserFixtures.singleMessages("map_bybit_messages.json", "messagesV5");
        assertEquals(15, m.size());

        parse(m.get(0));
        final List<TradeEvent> trades = out.trades();
        assertEquals(3, trades.size());
        assertEquals(new TradeEvent(1680673823564L * MS, RECEIVE_TS_NS, id("BTCUSD"), 5366978983722562616L, 2856050L, 5823L,
            Side.BUY, TradeType.TRADE, 5366978983722562616L, 5366978983722562616L), trades.get(0));
        assertEquals(6072133583312757138L, trades.get(1).tradeId());
        assertEquals(3L, trades.get(1).qty());
        assertEquals(5033101802346245787L, trades.get(2).tradeId());
        out.clear();

        parse(m.get(1));
        assertEquals(new TradeEvent(1680688979983L * MS, RECEIVE_TS_NS, id("LTCUSDT"), 2155461438213564709L, 9453L, 4L,
            Side.BUY, TradeType.TRADE, 2155461438213564709L, 2155461438213564709L), out.single(TradeEvent.class));
        out.clear();

        parse(m.get(2));
        assertEquals(new Depth(true, 1680673820717L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 7003305L, 7003305L, -1L, 0, false,
            List.of(new Level(2855200L, 47L, 2, 3)), List.of(new Level(2855210L, 25433L, 2, 3))), out.single(Depth.class));
        out.clear();

        parse(m.get(3));
        assertEquals(new Depth(false, 1680673821137L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 7003306L, 7003306L, -1L, 0, false,
            List.of(new Level(2855200L, 12L, 2, 3)), List.of()), out.single(Depth.class));
        out.clear();

        parse(m.get(4));
        assertEquals(20683568L, out.single(Depth.class).lastUpdateId());
        assertTrue(out.single(Depth.class).snapshot());
        out.clear();
        parse(m.get(5));
        assertEquals(List.of(new Level(2855530L, 29L, 2, 3)), out.single(Depth.class).asks());
        out.clear();

        // inverse perpetual ticker snapshot: BBO + mark/index/funding
        parse(m.get(6));
        assertEquals(List.of(
            new Bbo(1680673822577L * MS, RECEIVE_TS_NS, id("BTCUSD"), 20856433578L, 2856000L, 340549L, 2856050L, 70817L),
            new Mark(1680673822577L * MS, RECEIVE_TS_NS, id("BTCUSD"), 2856000L, 2856694L, 1L, -4, 1680681600000L * MS)),
            out.events());
        out.clear();

        // its delta carries quotes and the funding rate only: mark and index come from the kept state
        parse(m.get(7));
        assertEquals(List.of(
            new Bbo(1680673822776L * MS, RECEIVE_TS_NS, id("BTCUSD"), 20856433603L, 2856000L, 340549L, 2856050L, 70817L),
            new Mark(1680673822776L * MS, RECEIVE_TS_NS, id("BTCUSD"), 2856000L, 2856694L, 1L, -4, 1680681600000L * MS)),
            out.events());
        out.clear();

        // dated future: fundingRate and nextFundingTime are "" (unknown -> 0)
        parse(m.get(8));
        assertEquals(List.of(
            new Bbo(1680673822099L * MS, RECEIVE_TS_NS, id("BTCUSDU23"), 12321470232L, 2902500L, 3100L, 2902700L, 3095L),
            new Mark(1680673822099L * MS, RECEIVE_TS_NS, id("BTCUSDU23"), 2902360L, 2856694L, 0L, 0, 0L)), out.events());
        out.clear();

        parse(m.get(9));
        assertEquals(new Bbo(1680673822199L * MS, RECEIVE_TS_NS, id("BTCUSDU23"), 12321470236L, 2902500L, 3100L, 2902700L, 3095L),
            out.single(Bbo.class));
        out.clear();

        parse(m.get(10));
        assertEquals(List.of(
            new Bbo(1680673821770L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 50193544280L, 2855070L, 2049L, 2855080L, 15328L),
            new Mark(1680673821770L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 2855281L, 2856225L, 1L, -4, 1680681600000L * MS)),
            out.events());
        out.clear();

        for (final int liquidation : new int[] {11, 12, 14})
        {
            parse(m.get(liquidation));
            assertEquals(RejectReason.UNKNOWN_MESSAGE, out.single(Reject.class).reason(), m.get(liquidation));
            out.clear();
        }

        // edited delta: deletions (size 0) on both sides
        parse(m.get(13));
        final Depth delta = out.single(Depth.class);
        assertEquals(1188472L, delta.lastUpdateId());
        assertEquals(List.of(new Level(2799460L, 0L, 2, 0), new Level(2799170L, 777L, 2, 3)), delta.bids());
        assertEquals(List.of(new Level(2799440L, 58L, 2, 3), new Level(2799480L, 0L, 2, 0)), delta.asks());
        assertEquals(0, parser.internalErrors());
        assertEquals(0, parser.tickersIncomplete());
    }

    /** v1/v2 (pre-v5) fixture messages are refused, except the subscribe response, which is an ack. */
    @Test
    void shouldRefuseLegacyMessages() throws Exception
    {
        final List<String> all = new ArrayList<>();
        all.addAll(ParserFixtures.singleMessages("map_bybit_messages.json", "messages"));
        all.addAll(ParserFixtures.singleMessages("map_bybit_messages.json", "messagesIncludingOrderBook200"));
        for (final String text : all)
        {
            parse(text);
        }
        assertEquals(1, parser.opAcks());
        assertEquals(all.size() - 1, out.rejects().size());
        assertEquals(all.size() - 1, out.events().size());
        for (final Reject r : out.rejects())
        {
            assertTrue(r.reason() == RejectReason.UNKNOWN_MESSAGE || r.reason() == RejectReason.UNKNOWN_INSTRUMENT, r.detail());
            assertEquals("bybit", r.source());
        }
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldTurnADeltaWithUEqualOneIntoASnapshot()
    {
        parse("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1680673821651,\"data\":{\"s\":\"BTCUSDT\","
            + "\"b\":[[\"28555.20\",\"0.677\"]],\"a\":[[\"28555.30\",\"0.029\"]],\"u\":1,\"seq\":10916156553},\"cts\":1680673821648}");
        final Depth d = out.single(Depth.class);
        assertTrue(d.snapshot());
        assertEquals(1L, d.lastUpdateId());
        assertEquals(List.of(new Level(2855520L, 677L, 2, 3)), d.bids());
        assertEquals(1, parser.restartSnapshots());
    }

    @Test
    void shouldKeepTickerStateAcrossDeltasAndOnlyEmitCompleteEvents()
    {
        // delta before any snapshot: nothing complete yet
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"bid1Price\":\"28550.70\","
            + "\"markPrice\":\"28552.81\"},\"cs\":1,\"ts\":1680673821000}");
        assertTrue(out.events().isEmpty());
        assertEquals(1, parser.tickersIncomplete());

        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"28550.70\","
            + "\"markPrice\":\"28552.81\",\"indexPrice\":\"28562.25\",\"nextFundingTime\":\"1680681600000\",\"fundingRate\":\"0.0001\","
            + "\"bid1Price\":\"28550.70\",\"bid1Size\":\"2.049\",\"ask1Price\":\"28550.80\",\"ask1Size\":\"15.328\"},\"cs\":2,"
            + "\"ts\":1680673821770}");
        assertEquals(2, out.events().size());
        out.clear();

        // only the ask size changed: a complete BBO from the kept bid and ask price
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"ask1Size\":\"1.000\"},"
            + "\"cs\":3,\"ts\":1680673821870}");
        assertEquals(new Bbo(1680673821870L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 3L, 2855070L, 2049L, 2855080L, 1000L),
            out.single(Bbo.class));
        out.clear();

        // a field that is neither quote nor mark: nothing to emit
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"openInterest\":\"52774.528\"},"
            + "\"cs\":4,\"ts\":1680673821970}");
        assertTrue(out.events().isEmpty());

        // only the funding rate changed: a complete MarkPrice with the kept mark, index and funding time
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"fundingRate\":\"-0.000125\"},"
            + "\"cs\":5,\"ts\":1680673822070}");
        assertEquals(new Mark(1680673822070L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 2855281L, 2856225L, -125L, -6,
            1680681600000L * MS), out.single(Mark.class));
        out.clear();

        // a bad delta is rejected and does not touch the state
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"bid1Price\":\"1.001\","
            + "\"markPrice\":\"1\"},\"cs\":6,\"ts\":1680673822170}");
        assertEquals(RejectReason.PRECISION, out.single(Reject.class).reason());
        out.clear();
        parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"indexPrice\":\"28562.30\"},"
            + "\"cs\":7,\"ts\":1680673822270}");
        assertEquals(new Mark(1680673822270L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 2855281L, 2856230L, -125L, -6,
            1680681600000L * MS), out.single(Mark.class));
        assertEquals(1, parser.tickersIncomplete());
    }

    @Test
    void shouldEmitNothingForSpotTickers()
    {
        parse("{\"topic\":\"tickers.BTCUSDT\",\"ts\":1673853746003,\"type\":\"snapshot\",\"cs\":2588407389,\"data\":{"
            + "\"symbol\":\"BTCUSDT\",\"lastPrice\":\"21109.77\",\"highPrice24h\":\"21426.99\",\"lowPrice24h\":\"20575\","
            + "\"prevPrice24h\":\"20704.93\",\"volume24h\":\"6780.866843\",\"turnover24h\":\"141946527.22907118\","
            + "\"price24hPcnt\":\"0.0196\",\"usdIndexPrice\":\"21120.2400136\"}}");
        assertTrue(out.events().isEmpty());
        assertEquals(0, parser.rejected());
    }

    @Test
    void shouldMarkBlockTradesAndKeepNumericTradeIds()
    {
        parse("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":[{\"T\":1672304486865,"
            + "\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"0.001\",\"p\":\"16578.50\",\"L\":\"PlusTick\",\"i\":\"2290000000036455162\","
            + "\"BT\":true,\"RPI\":false,\"seq\":1}]}");
        assertEquals(new TradeEvent(1672304486865L * MS, RECEIVE_TS_NS, id("BTCUSDT"), 2290000000036455162L, 1657850L, 1L,
            Side.SELL, TradeType.BLOCK, 2290000000036455162L, 2290000000036455162L), out.single(TradeEvent.class));
    }

    @Test
    void shouldHashTradeIdsDeterministically()
    {
        final UnsafeBuffer a = ParserFixtures.bytes("0cbf2330-952d-5d03-a462-4bf826c867af");
        final UnsafeBuffer b = ParserFixtures.bytes("0cbf2330-952d-5d03-a462-4bf826c867ae");
        final long ha = BybitParser.tradeId(a, 0, a.capacity());
        assertEquals(5366978983722562616L, ha);
        assertEquals(ha, BybitParser.tradeId(a, 0, a.capacity()));
        assertNotEquals(ha, BybitParser.tradeId(b, 0, b.capacity()));
        assertTrue(BybitParser.tradeId(b, 0, b.capacity()) >= 0);
        final UnsafeBuffer digits = ParserFixtures.bytes("123456789012345678");
        assertEquals(123456789012345678L, BybitParser.tradeId(digits, 0, digits.capacity()));
        final UnsafeBuffer max = ParserFixtures.bytes("9223372036854775807");
        assertEquals(Long.MAX_VALUE, BybitParser.tradeId(max, 0, max.capacity()));
        final UnsafeBuffer tooLong = ParserFixtures.bytes("9223372036854775808");
        assertTrue(BybitParser.tradeId(tooLong, 0, tooLong.capacity()) >= 0);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 60000000000, false",
        "5, 300000000000, true",
        "60, 3600000000000, true",
        "D, 86400000000000, true",
        "W, 604800000000000, true"})
    void shouldParseKlines(final String interval, final long intervalNs, final boolean confirm)
    {
        final long start = 1672324800000L;
        final long end = start + intervalNs / MS - 1;
        parse("{\"topic\":\"kline." + interval + ".BTCUSDT\",\"data\":[{\"start\":" + start + ",\"end\":" + end + ",\"interval\":\""
            + interval + "\",\"open\":\"16649.5\",\"close\":\"16677\",\"high\":\"16677\",\"low\":\"16608\",\"volume\":\"2.081\","
            + "\"turnover\":\"34666.4005\",\"confirm\":" + confirm + ",\"timestamp\":1672324988882}],\"ts\":1672324988882,"
            + "\"type\":\"snapshot\"}");
        assertEquals(new KlineEvent(1672324988882L * MS, RECEIVE_TS_NS, id("BTCUSDT"), intervalNs, start * MS,
            start * MS + intervalNs, 1664950L, 1667700L, 1660800L, 1667700L, 2081L, 3466640050L, confirm), out.single(KlineEvent.class));
    }

    @Test
    void shouldCountOperationResponses()
    {
        parse("{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"d5phu6rboasumi7uds7g-223s\",\"req_id\":\"100001\",\"op\":\"subscribe\"}");
        parse("{\"success\":false,\"ret_msg\":\"error:handler not found,topic:orderbook.x\",\"conn_id\":\"x\",\"op\":\"subscribe\"}");
        parse("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817-426e-429a-a679-ff7f55e0b16a\",\"op\":\"ping\"}");
        parse("{\"req_id\":\"test\",\"op\":\"pong\",\"args\":[\"1675418560633\"],\"conn_id\":\"cfcb4ocsvfriu23r3er0-1b\"}");
        assertTrue(out.events().isEmpty());
        assertEquals(1, parser.opAcks());
        assertEquals(1, parser.opFailures());
        assertEquals(2, parser.pongs());
        assertEquals(Long.valueOf(2), parser.counters().get("pongs"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json | MALFORMED | {\"topic\":",
        "string root | MALFORMED | \"x\"",
        "neither topic nor op | UNKNOWN_MESSAGE | {\"x\":1}",
        "unknown topic | UNKNOWN_MESSAGE | {\"topic\":\"insurance.USDT\",\"data\":[]}",
        "unknown symbol | UNKNOWN_INSTRUMENT | {\"topic\":\"orderbook.50.ETHUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"ETHUSDT\",\"b\":[],\"a\":[],\"u\":5}}",
        "data symbol differs | MALFORMED | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"XRPUSDT\",\"b\":[],\"a\":[],\"u\":5}}",
        "unknown type | MALFORMED | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"partial\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[],\"u\":5}}",
        "missing u | MALFORMED | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[]}}",
        "negative u | BAD_VALUE | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[],\"u\":-2}}",
        "too precise price | PRECISION | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"28552.001\",\"1\"]],\"a\":[],\"u\":5}}",
        "negative size | BAD_VALUE | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[],\"a\":[[\"28552\",\"-1\"]],\"u\":5}}",
        "zero price | BAD_VALUE | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"0.00\",\"1\"]],\"a\":[],\"u\":5}}",
        "level too short | MALFORMED | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"1\"]],\"a\":[],\"u\":5}}",
        "bids not an array | MALFORMED | {\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":{},\"a\":[],\"u\":5}}",
        "trade side | BAD_VALUE | {\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"buy\",\"v\":\"0.001\",\"p\":\"1.00\",\"i\":\"x\"}]}",
        "trade without id | MALFORMED | {\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"1.00\"}]}",
        "trade size zero | BAD_VALUE | {\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0\",\"p\":\"1.00\",\"i\":\"x\"}]}",
        "trade row of a symbol not in the registry | MALFORMED | {\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"DOGEUSDT\",\"S\":\"Buy\",\"v\":\"1\",\"p\":\"1.00\",\"i\":\"x\"}]}",
        "ticker funding not a number | BAD_VALUE | {\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"symbol\":\"BTCUSDT\",\"fundingRate\":\"abc\"}}",
        "month kline | UNKNOWN_MESSAGE | {\"topic\":\"kline.M.BTCUSDT\",\"data\":[],\"ts\":1}",
        "kline end mismatch | BAD_VALUE | {\"topic\":\"kline.1.BTCUSDT\",\"data\":[{\"start\":0,\"end\":59998,\"open\":\"1\",\"close\":\"1\",\"high\":\"1\",\"low\":\"1\",\"volume\":\"1\",\"turnover\":\"1\",\"confirm\":true}],\"ts\":1}",
        "kline turnover too precise | PRECISION | {\"topic\":\"kline.1.BTCUSDT\",\"data\":[{\"start\":0,\"end\":59999,\"open\":\"1\",\"close\":\"1\",\"high\":\"1\",\"low\":\"1\",\"volume\":\"1\",\"turnover\":\"0.000001\",\"confirm\":true}],\"ts\":1}"})
    void shouldRejectBadInput(final String name, final RejectReason reason, final String text)
    {
        parse(text);
        final Reject reject = out.single(Reject.class);
        assertEquals(reason, reject.reason(), reject.detail());
        assertEquals("bybit", reject.source());
        assertEquals(RECEIVE_TS_NS, reject.receiveTsNs());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), reject.raw());
        assertEquals(1, parser.rejected());
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldRejectATradeRowOfAnotherSymbolThanTheTopic() throws Exception
    {
        // the real v5 publicTrade.BTCUSD batch (3 rows); its second row edited to name another known instrument
        final String real = ParserFixtures.singleMessages("map_bybit_messages.json", "messagesV5").stream()
            .filter(m -> m.contains("\"topic\":\"publicTrade.BTCUSD\"")).findFirst().orElseThrow();
        parse(real);
        assertEquals(3, out.events().size(), "the real batch is 3 trades on BTCUSD");
        out.clear();

        final int second = real.indexOf("\"s\":\"BTCUSD\"", real.indexOf("\"s\":\"BTCUSD\"") + 1);
        final String mixed = real.substring(0, second) + "\"s\":\"LTCUSDT\""
            + real.substring(second + "\"s\":\"BTCUSD\"".length());
        parse(mixed);
        final Reject reject = out.single(Reject.class);
        assertEquals(RejectReason.MALFORMED, reject.reason());
        assertEquals("trade row symbol 'LTCUSDT' is not the topic's 'BTCUSD'", reject.detail());
        assertEquals(id("BTCUSD"), reject.instrumentId(), "the reject names the topic's instrument");
        assertEquals(1, out.events().size(), "nothing of the batch is booked, on BTCUSD or LTCUSDT");
        out.clear();

        // the reviewed case: publicTrade.BTCUSDT with a row of ETHUSDT (not even in the registry)
        parse("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":[{\"T\":1672304486865,"
            + "\"s\":\"ETHUSDT\",\"S\":\"Sell\",\"v\":\"0.001\",\"p\":\"1657.85\",\"L\":\"PlusTick\","
            + "\"i\":\"2290000000036455162\",\"BT\":false}]}");
        final Reject eth = out.single(Reject.class);
        assertEquals(RejectReason.MALFORMED, eth.reason());
        assertEquals("trade row symbol 'ETHUSDT' is not the topic's 'BTCUSDT'", eth.detail());
        assertEquals(id("BTCUSDT"), eth.instrumentId());
        out.clear();

        // a row without s is the topic's
        parse(real.replace("\"s\":\"BTCUSD\",", ""));
        assertEquals(3, out.events().size());
        assertTrue(out.rejects().isEmpty());

        assertEquals(2, parser.symbolMismatches());
        assertEquals(Long.valueOf(2), parser.counters().get("symbolMismatches"));
        assertEquals(2, parser.rejected(RejectReason.MALFORMED));
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldRejectMoreLevelFractionDigitsThanALongMantissaHolds()
    {
        // 18 fraction digits (trailing zeros: the value is still on the tick grid) is the most an event records
        final String eighteen = "28552.00" + "0".repeat(16);
        parse("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\""
            + eighteen + "\",\"1\"]],\"a\":[],\"u\":5}}");
        assertEquals(new Level(2855200L, 1000L, 18, 0), out.single(Depth.class).bids().get(0));
        out.clear();

        parse("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\""
            + eighteen + "0\",\"1\"]],\"a\":[],\"u\":6}}");
        final Reject reject = out.single(Reject.class);
        assertEquals(RejectReason.PRECISION, reject.reason());
        assertEquals("bids[0] price '" + eighteen + "0' has more than 18 fraction digits", reject.detail());
    }

    @Test
    void shouldRejectATradeBatchWholeWhenOneRowIsBad()
    {
        parse("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\","
            + "\"v\":\"0.001\",\"p\":\"1.00\",\"i\":\"a\"},{\"T\":1,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.0001\",\"p\":\"1.00\","
            + "\"i\":\"b\"}]}");
        final Reject reject = out.single(Reject.class);
        assertEquals(RejectReason.PRECISION, reject.reason());
        assertEquals(id("BTCUSDT"), reject.instrumentId());
    }

    @Test
    void shouldBeRegisteredForBybit()
    {
        assertTrue(VenueParsers.forRegistry(registry).get(VenueCode.BYBIT) instanceof BybitParser);
    }
}
