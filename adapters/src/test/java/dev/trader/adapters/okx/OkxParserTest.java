package dev.trader.adapters.okx;

import dev.trader.adapters.parse.CollectingEmitter;
import dev.trader.adapters.parse.CollectingEmitter.Bbo;
import dev.trader.adapters.parse.CollectingEmitter.Depth;
import dev.trader.adapters.parse.CollectingEmitter.KlineEvent;
import dev.trader.adapters.parse.CollectingEmitter.Level;
import dev.trader.adapters.parse.CollectingEmitter.Mark;
import dev.trader.adapters.parse.CollectingEmitter.Reject;
import dev.trader.adapters.parse.CollectingEmitter.TradeEvent;
import dev.trader.adapters.parse.ParserFixtures;
import dev.trader.adapters.parse.VenueParser;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import static dev.trader.adapters.parse.ParserFixtures.RECEIVE_TS_NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OkxParserTest
{
    private static final long MS = 1_000_000L;
    private static final Pattern LOG_LINE = Pattern.compile("^(\\d+\\.\\d+): (\\{.*)$");

    private final InstrumentRegistry registry = ParserFixtures.registry();
    private final OkxParser parser = new OkxParser(registry);
    private final CollectingEmitter out = new CollectingEmitter();

    private int id(final String symbol)
    {
        return registry.find(Venue.OKX, symbol).id();
    }

    private void parse(final String text)
    {
        ParserFixtures.parse(parser, text, out);
    }

    private List<String> v5(final String file, final String key) throws Exception
    {
        return ParserFixtures.singleMessages(file, key);
    }

    @Test
    void shouldParseSpotV5Fixtures() throws Exception
    {
        final List<String> m = v5("map_okex_messages.json", "okexV5Messages");
        assertEquals(6, m.size());

        parse(m.get(0));
        assertTrue(out.events().isEmpty());
        assertEquals(1, parser.subscribeAcks());

        parse(m.get(1));
        assertEquals(new TradeEvent(1639999319938L * MS, RECEIVE_TS_NS, id("CRV-USDT"), 21300150L, 3973L, 13491146L, Side.BUY,
            TradeType.TRADE, 21300150L, 21300150L), out.single(TradeEvent.class));
        out.clear();

        parse(m.get(2));
        final Depth snapshot = out.single(Depth.class);
        assertTrue(snapshot.snapshot());
        assertEquals(1639999305247L * MS, snapshot.exchangeTsNs());
        assertEquals(RECEIVE_TS_NS, snapshot.receiveTsNs());
        assertEquals(id("BTC-DAI"), snapshot.instrumentId());
        assertEquals(-1L, snapshot.lastUpdateId());
        assertEquals(-1971869027, snapshot.checksum());
        assertTrue(snapshot.hasChecksum());
        assertEquals(List.of(new Level(461678L, 2250534L, 1, 8), new Level(461679L, 455491L, 1, 8)), snapshot.asks());
        assertEquals(List.of(new Level(460434L, 375882L, 1, 8), new Level(460433L, 238905L, 1, 8),
            new Level(459068L, 4357960L, 1, 7)), snapshot.bids());
        out.clear();

        parse(m.get(3));
        final Depth update = out.single(Depth.class);
        assertFalse(update.snapshot());
        assertEquals(1639999318695L * MS, update.exchangeTsNs());
        assertEquals(id("ETC-ETH"), update.instrumentId());
        assertEquals(-1L, update.firstUpdateId());
        assertEquals(-1L, update.lastUpdateId());
        assertEquals(-1L, update.prevUpdateId());
        assertEquals(386150553, update.checksum());
        assertTrue(update.hasChecksum());
        assertEquals(List.of(new Level(8950L, 3500L, 5, 1)), update.bids());
        assertEquals(List.of(), update.asks());
        out.clear();

        parse(m.get(4));
        assertEquals(new Bbo(1639999318686L * MS, RECEIVE_TS_NS, id("ACT-USDT"), -1L, 713L, 4092326000L, 720L, 54969407534L),
            out.single(Bbo.class));
        out.clear();

        parse(m.get(5));
        assertEquals(new TradeEvent(1697760012017L * MS, RECEIVE_TS_NS, id("BSV-USDT"), 84834539L, 4252L, 37500L, Side.BUY,
            TradeType.TRADE, 84834539L, 84834539L), out.single(TradeEvent.class));
        assertEquals(0, parser.rejected());
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldParseSwapV5Fixtures() throws Exception
    {
        final List<String> m = v5("map_okex_swap_messages.json", "okexSwapV5Messages");
        assertEquals(9, m.size());

        parse(m.get(0));
        final Depth update = out.single(Depth.class);
        assertFalse(update.snapshot());
        assertEquals(1640131236035L * MS, update.exchangeTsNs());
        assertEquals(id("REN-USDT-SWAP"), update.instrumentId());
        assertEquals(2017579879, update.checksum());
        assertEquals(List.of(new Level(65442L, 14L, 5, 0)), update.asks());
        assertEquals(List.of(new Level(65441L, 1L, 5, 0), new Level(65418L, 0L, 5, 0)), update.bids());
        out.clear();

        parse(m.get(1));
        // no ts in this 2021 push: exchange time unknown (0); the rate settles at fundingTime
        assertEquals(new Mark(0L, RECEIVE_TS_NS, id("WNCG-USDT-SWAP"), 0L, 0L, 48105L, -8, 1640131200000L * MS),
            out.single(Mark.class));
        out.clear();

        parse(m.get(2));
        assertEquals(new TradeEvent(1640131236050L * MS, RECEIVE_TS_NS, id("BTC-USDT-SWAP"), 148266905L, 489385L, 500L,
            Side.BUY, TradeType.TRADE, 148266905L, 148266905L), out.single(TradeEvent.class));
        out.clear();

        parse(m.get(3));
        assertEquals(new Bbo(1640131263109L * MS, RECEIVE_TS_NS, id("WNCG-USDT-SWAP"), -1L, 21737L, 2L, 21738L, 168L),
            out.single(Bbo.class));
        out.clear();

        parse(m.get(4));
        assertReject(RejectReason.UNKNOWN_MESSAGE, 0, "index-tickers");

        parse(m.get(5));
        assertEquals(new Mark(1640131259180L * MS, RECEIVE_TS_NS, id("WNCG-USDT-SWAP"), 21729L, 0L, 0L, 0, 0L),
            out.single(Mark.class));
        out.clear();

        parse(m.get(6));
        assertReject(RejectReason.UNKNOWN_MESSAGE, 0, "open-interest");

        // edited fixture: a funding-rate row without fundingRate
        parse(m.get(7));
        assertReject(RejectReason.MALFORMED, id("SOS-USDT-SWAP"), "fundingRate");

        parse(m.get(8));
        assertEquals(new Bbo(1651761120004L * MS, RECEIVE_TS_NS, id("BTC-USDT-SWAP"), -1L, 386323L, 99000L, 386324L, 72700L),
            out.single(Bbo.class));
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldParseFuturesV5Fixtures() throws Exception
    {
        final List<String> m = v5("map_okex_futures_messages.json", "okexFuturesV5Messages");
        assertEquals(14, m.size());

        parse(m.get(0));
        assertTrue(out.events().isEmpty());

        parse(m.get(1));
        final Depth snapshot = out.single(Depth.class);
        assertTrue(snapshot.snapshot());
        assertEquals(id("ADA-USDT-211224"), snapshot.instrumentId());
        assertEquals(-44519492, snapshot.checksum());
        assertEquals(List.of(new Level(127898L, 65L, 5, 0)), snapshot.asks());
        assertEquals(List.of(new Level(127803L, 2L, 5, 0), new Level(127802L, 65L, 5, 0)), snapshot.bids());
        out.clear();

        parse(m.get(2));
        assertEquals(new TradeEvent(1640131185600L * MS, RECEIVE_TS_NS, id("FIL-USD-220325"), 1271987L, 36239L, 11L, Side.BUY,
            TradeType.TRADE, 1271987L, 1271987L), out.single(TradeEvent.class));
        out.clear();

        parse(m.get(3));
        assertEquals(new Mark(1640131204676L * MS, RECEIVE_TS_NS, id("FIL-USDT-220325"), 36232L, 0L, 0L, 0, 0L),
            out.single(Mark.class));
        out.clear();

        for (final int unknownChannel : new int[] {4, 5, 8, 9, 10, 12, 13})
        {
            parse(m.get(unknownChannel));
            assertEquals(RejectReason.UNKNOWN_MESSAGE, out.single(Reject.class).reason(), m.get(unknownChannel));
            out.clear();
        }

        parse(m.get(6));
        assertEquals(new Bbo(1640131209045L * MS, RECEIVE_TS_NS, id("FIL-USDT-220325"), -1L, 36214L, 240L, 36251L, 900L),
            out.single(Bbo.class));
        out.clear();

        parse(m.get(7));
        final Depth update = out.single(Depth.class);
        assertEquals(-465502296, update.checksum());
        assertEquals(List.of(new Level(16126L, 6L, 2, 0), new Level(16124L, 0L, 2, 0)), update.bids());
        out.clear();

        parse(m.get(11));
        assertEquals(36662L, out.single(Mark.class).markPrice());
        assertEquals(0, parser.internalErrors());
    }

    /** Pre-v5 (v3 "table") messages in the fixtures are not OKX v5: each is refused, none throws. */
    @Test
    void shouldRejectLegacyV3Messages() throws Exception
    {
        final List<String> all = new ArrayList<>();
        all.addAll(v5("map_okex_messages.json", "messages"));
        all.addAll(v5("map_okex_swap_messages.json", "messages"));
        all.addAll(v5("map_okex_futures_messages.json", "messages"));
        all.addAll(v5("map_okex_futures_messages.json", "messagesTickByTick"));
        for (final String text : all)
        {
            parse(text);
            assertEquals(RejectReason.UNKNOWN_MESSAGE, out.single(Reject.class).reason(), text);
            out.clear();
        }
        assertEquals(all.size(), parser.rejected());
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldParseTheWholeCryptofeedLogAndReproduceEveryBookChecksum() throws Exception
    {
        final Path log = ParserFixtures.sharedFile("okx/cryptofeed-btc-usdt.ws.log");
        final Instrument btc = registry.find(Venue.OKX, "BTC-USDT");
        final TreeMap<Long, Level> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Level> asks = new TreeMap<>();
        int jsonLines = 0;
        int bookMessages = 0;
        int snapshots = 0;
        int checked = 0;
        for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8))
        {
            final Matcher matcher = LOG_LINE.matcher(line);
            if (!matcher.matches())
            {
                continue;
            }
            jsonLines++;
            final long receiveTsNs = Math.round(Double.parseDouble(matcher.group(1)) * 1e9);
            final byte[] payload = matcher.group(2).getBytes(StandardCharsets.UTF_8);
            out.clear();
            parser.parse(new UnsafeBuffer(payload), 0, payload.length, receiveTsNs, 0, false, out);
            assertTrue(out.rejects().isEmpty(), () -> line + " -> " + out.rejects());
            for (final Object e : out.events())
            {
                assertEquals(btc.id(), instrumentOf(e));
            }
            if (line.contains("\"channel\":\"books\"") && !line.contains("\"event\""))
            {
                bookMessages++;
                final Depth depth = out.single(Depth.class);
                assertTrue(depth.hasChecksum());
                assertEquals(-1L, depth.lastUpdateId());
                if (depth.snapshot())
                {
                    snapshots++;
                    bids.clear();
                    asks.clear();
                }
                apply(bids, depth.bids());
                apply(asks, depth.asks());
                assertEquals(depth.checksum(), okxChecksum(btc, bids, asks), line);
                checked++;
            }
        }
        assertEquals(198, jsonLines);
        assertEquals(98, bookMessages);
        assertEquals(1, snapshots);
        assertEquals(98, checked);
        assertEquals(6, parser.subscribeAcks());
        assertEquals(0, parser.rejected());
        assertEquals(0, parser.internalErrors());
    }

    private static int instrumentOf(final Object e)
    {
        if (e instanceof Depth d)
        {
            return d.instrumentId();
        }
        if (e instanceof TradeEvent t)
        {
            return t.instrumentId();
        }
        if (e instanceof Bbo b)
        {
            return b.instrumentId();
        }
        throw new AssertionError("unexpected " + e);
    }

    private static void apply(final TreeMap<Long, Level> side, final List<Level> levels)
    {
        for (final Level l : levels)
        {
            if (l.qty() == 0)
            {
                side.remove(l.price());
            }
            else
            {
                side.put(l.price(), l);
            }
        }
    }

    /** OKX's checksum: CRC32 (signed) of bid:size:ask:size... over the top 25 levels, in the exact strings sent. */
    static int okxChecksum(final Instrument instrument, final TreeMap<Long, Level> bids, final TreeMap<Long, Level> asks)
    {
        final List<Level> b = new ArrayList<>(bids.values());
        final List<Level> a = new ArrayList<>(asks.values());
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++)
        {
            if (i < b.size())
            {
                append(sb, instrument, b.get(i));
            }
            if (i < a.size())
            {
                append(sb, instrument, a.get(i));
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    private static void append(final StringBuilder sb, final Instrument instrument, final Level level)
    {
        if (sb.length() > 0)
        {
            sb.append(':');
        }
        sb.append(written(level.price(), instrument.priceExponent(), level.priceDecimals())).append(':')
            .append(written(level.qty(), instrument.qtyExponent(), level.qtyDecimals()));
    }

    /** The decimal exactly as the venue wrote it, from the mantissa and the written fraction digits. */
    static String written(final long mantissa, final int exponent, final int decimals)
    {
        final long rescaled = Decimals.rescale(mantissa, exponent, -decimals);
        assertTrue(Decimals.isValid(rescaled));
        return Decimals.toString(rescaled, -decimals);
    }

    @Test
    void shouldMapBooks5ToSnapshotsAndCarrySeqIds()
    {
        parse("{\"arg\":{\"channel\":\"books5\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[[\"30243.5\",\"1.44679\",\"0\",\"6\"]],"
            + "\"bids\":[[\"30243.4\",\"0.1\",\"0\",\"1\"],[\"30243\",\"2\",\"0\",\"1\"]],\"instId\":\"BTC-USDT\",\"ts\":\"1670324386802\","
            + "\"seqId\":363996337}]}");
        final Depth books5 = out.single(Depth.class);
        assertTrue(books5.snapshot());
        assertEquals(363996337L, books5.lastUpdateId());
        assertFalse(books5.hasChecksum());
        assertEquals(List.of(new Level(302434L, 10000000L, 1, 1), new Level(302430L, 200000000L, 0, 0)), books5.bids());
        out.clear();

        parse("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],"
            + "\"bids\":[[\"30243.4\",\"0\",\"0\",\"0\"]],\"ts\":\"1670324386902\",\"checksum\":-855196043,"
            + "\"prevSeqId\":363996337,\"seqId\":363996340}]}");
        final Depth update = out.single(Depth.class);
        assertEquals(363996340L, update.firstUpdateId());
        assertEquals(363996340L, update.lastUpdateId());
        assertEquals(363996337L, update.prevUpdateId());
        assertEquals(-855196043, update.checksum());
        out.clear();

        parse("{\"arg\":{\"channel\":\"books-l2-tbt\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[{\"asks\":[],"
            + "\"bids\":[],\"ts\":\"1670324386802\",\"checksum\":0,\"prevSeqId\":-1,\"seqId\":123}]}");
        final Depth tbt = out.single(Depth.class);
        assertTrue(tbt.snapshot());
        assertEquals(123L, tbt.lastUpdateId());
        assertTrue(tbt.hasChecksum());
    }

    @Test
    void shouldMapBboTbtToBestBidOfferWithSeqId()
    {
        parse("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[[\"30243.5\",\"1.44679\",\"0\",\"6\"]],"
            + "\"bids\":[],\"ts\":\"1670324386802\",\"seqId\":42}]}");
        assertEquals(new Bbo(1670324386802L * MS, RECEIVE_TS_NS, id("BTC-USDT"), 42L, 0L, 0L, 302435L, 144679000L),
            out.single(Bbo.class));
    }

    @Test
    void shouldRejectMoreLevelFractionDigitsThanALongMantissaHolds()
    {
        // 18 written fraction digits (the value still on the 0.1 tick) is the most an event records; 19 is PRECISION
        final String eighteen = "30243.5" + "0".repeat(17);
        parse("{\"arg\":{\"channel\":\"books5\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[[\"" + eighteen
            + "\",\"1.44679\",\"0\",\"6\"]],\"bids\":[],\"instId\":\"BTC-USDT\",\"ts\":\"1670324386802\",\"seqId\":1}]}");
        assertEquals(new Level(302435L, 144679000L, 18, 5), out.single(Depth.class).asks().get(0));
        out.clear();

        parse("{\"arg\":{\"channel\":\"books5\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[[\"30243.5\",\"1.44679"
            + "0".repeat(14) + "\",\"0\",\"6\"]],\"bids\":[],\"instId\":\"BTC-USDT\",\"ts\":\"1670324386802\",\"seqId\":2}]}");
        assertReject(RejectReason.PRECISION, id("BTC-USDT"),
            "size '1.44679" + "0".repeat(14) + "' has more than 18 fraction digits");
        assertEquals(1, parser.rejected(RejectReason.PRECISION));
    }

    @Test
    void shouldAggregateTradesWithCount()
    {
        parse("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\",\"tradeId\":\"130639474\","
            + "\"px\":\"42219.9\",\"sz\":\"0.12060306\",\"side\":\"sell\",\"ts\":\"1630048897897\",\"count\":\"3\"}]}");
        assertEquals(new TradeEvent(1630048897897L * MS, RECEIVE_TS_NS, id("BTC-USDT"), 130639474L, 422199L, 12060306L, Side.SELL,
            TradeType.AGG_TRADE, -1L, 130639474L), out.single(TradeEvent.class));
    }

    @Test
    void shouldParseFundingRateWithTsAndNegativeRate()
    {
        parse("{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[{\"fundingRate\":\"-0.0000125\","
            + "\"fundingTime\":\"1703059200000\",\"instId\":\"BTC-USDT-SWAP\",\"instType\":\"SWAP\",\"method\":\"next_period\","
            + "\"nextFundingRate\":\"0.0001\",\"nextFundingTime\":\"1703088000000\",\"ts\":\"1703032800000\"}]}");
        assertEquals(new Mark(1703032800000L * MS, RECEIVE_TS_NS, id("BTC-USDT-SWAP"), 0L, 0L, -125L, -7, 1703059200000L * MS),
            out.single(Mark.class));
    }

    @ParameterizedTest
    @CsvSource({
        "candle1m, 60000000000",
        "candle3m, 180000000000",
        "candle1H, 3600000000000",
        "candle4H, 14400000000000",
        "candle1D, 86400000000000",
        "candle1Dutc, 86400000000000",
        "candle1W, 604800000000000",
        "candle1s, 1000000000"})
    void shouldParseCandles(final String channel, final long intervalNs)
    {
        parse("{\"arg\":{\"channel\":\"" + channel + "\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1652459220000\",\"30236.1\","
            + "\"30250\",\"30200.5\",\"30240\",\"1.23456789\",\"37333.21\",\"37333.2100\",\"1\"],[\"1652459280000\",\"30240\","
            + "\"30240\",\"30240\",\"30240\",\"0\",\"0\",\"0\",\"0\"]]}");
        final List<KlineEvent> k = out.klines();
        assertEquals(2, k.size());
        final long open = 1652459220000L * MS;
        assertEquals(new KlineEvent(open + intervalNs, RECEIVE_TS_NS, id("BTC-USDT"), intervalNs, open, open + intervalNs,
            302361L, 302500L, 302005L, 302400L, 123456789L, 37333210000000L, true), k.get(0));
        assertFalse(k.get(1).closed());
        assertEquals(1652459280000L * MS, k.get(1).exchangeTsNs());
    }

    @Test
    void shouldCountControlMessages()
    {
        parse("pong");
        parse(" pong\n");
        parse("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}");
        parse("{\"event\":\"unsubscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}");
        parse("{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request: {\\\"op\\\": \\\"subscribe\\\"}\",\"connId\":\"a4d3ae55\"}");
        parse("{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a service upgrade.\"}");
        assertTrue(out.events().isEmpty());
        assertEquals(2, parser.pongs());
        assertEquals(2, parser.subscribeAcks());
        assertEquals(1, parser.errorEvents());
        assertEquals(1, parser.otherEvents());
        assertEquals(6, parser.messages());
        assertEquals(0, parser.eventsOut());
        assertEquals(Long.valueOf(2), parser.counters().get("pongs"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json | MALFORMED | {\"arg\":",
        "array root | MALFORMED | [1,2]",
        "no arg, no event | UNKNOWN_MESSAGE | {\"data\":[]}",
        "unknown channel | UNKNOWN_MESSAGE | {\"arg\":{\"channel\":\"opt-summary\",\"instId\":\"BTC-USDT\"},\"data\":[{}]}",
        "unknown instId | UNKNOWN_INSTRUMENT | {\"arg\":{\"channel\":\"trades\",\"instId\":\"ETH-USDT\"},\"data\":[]}",
        "too precise price | PRECISION | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"30243.55\",\"1\",\"0\",\"1\"]],\"bids\":[],\"ts\":\"1\",\"checksum\":1}]}",
        "too precise size | PRECISION | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"30243.5\",\"0.000000001\",\"0\",\"1\"]],\"bids\":[],\"ts\":\"1\",\"checksum\":1}]}",
        "zero price | BAD_VALUE | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[[\"0\",\"1\",\"0\",\"1\"]],\"ts\":\"1\",\"checksum\":1}]}",
        "negative price | BAD_VALUE | {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"-5\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}",
        "negative size | BAD_VALUE | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[[\"1\",\"-1\",\"0\",\"1\"]],\"ts\":\"1\",\"checksum\":1}]}",
        "not a number | BAD_VALUE | {\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"bidPx\":\"1e5\",\"bidSz\":\"1\",\"askPx\":\"2\",\"askSz\":\"1\",\"ts\":\"1\"}]}",
        "unknown side | BAD_VALUE | {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"5\",\"sz\":\"1\",\"side\":\"hold\",\"ts\":\"1\"}]}",
        "checksum over 32 bits | BAD_VALUE | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"1\",\"checksum\":4294967296}]}",
        "book without action | MALFORMED | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"1\"}]}",
        "level not an array | MALFORMED | {\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[{\"asks\":[\"1\"],\"bids\":[],\"ts\":\"1\"}]}",
        "missing ts | MALFORMED | {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"5\",\"sz\":\"1\",\"side\":\"buy\"}]}",
        "negative ts | BAD_VALUE | {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"tradeId\":\"1\",\"px\":\"5\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"-1\"}]}",
        "row for another instrument | MALFORMED | {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\",\"tradeId\":\"1\",\"px\":\"5\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}",
        "month candle | UNKNOWN_MESSAGE | {\"arg\":{\"channel\":\"candle1M\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",\"1\"]]}",
        "short candle row | MALFORMED | {\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1\",\"1\",\"1\",\"1\",\"1\",\"1\",\"1\"]]}",
        "candle low above high | BAD_VALUE | {\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1\",\"2\",\"2\",\"3\",\"2\",\"1\",\"1\",\"1\",\"1\"]]}"})
    void shouldRejectBadInput(final String name, final RejectReason reason, final String text)
    {
        parse(text);
        final Reject reject = out.single(Reject.class);
        assertEquals(reason, reject.reason(), reject.detail());
        assertEquals("okx", reject.source());
        assertEquals(-1L, reject.reference());
        assertEquals(RECEIVE_TS_NS, reject.receiveTsNs());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), reject.raw());
        assertEquals(1, parser.rejected(reason));
        assertEquals(0, parser.internalErrors());
    }

    @Test
    void shouldRejectAWholeMessageWhenOneRowIsBadAndKeepOnly512RawBytes()
    {
        final StringBuilder sb = new StringBuilder("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[");
        for (int i = 0; i < 10; i++)
        {
            sb.append("{\"instId\":\"BTC-USDT\",\"tradeId\":\"").append(i + 1).append("\",\"px\":\"30000.1\",\"sz\":\"0.5\","
                + "\"side\":\"buy\",\"ts\":\"1652459224818\"},");
        }
        sb.append("{\"instId\":\"BTC-USDT\",\"tradeId\":\"11\",\"px\":\"30000.15\",\"sz\":\"0.5\",\"side\":\"buy\",\"ts\":\"1\"}]}");
        final String text = sb.toString();
        assertTrue(text.length() > 512);
        parse(text);
        final Reject reject = out.single(Reject.class);
        assertEquals(RejectReason.PRECISION, reject.reason());
        assertEquals(id("BTC-USDT"), reject.instrumentId());
        assertEquals(text.substring(0, 512), reject.rawText());
        assertTrue(reject.detail().contains("30000.15"), reject.detail());
    }

    private void assertReject(final RejectReason reason, final int instrumentId, final String detailPart)
    {
        final Reject reject = out.single(Reject.class);
        assertEquals(reason, reject.reason());
        assertEquals(instrumentId, reject.instrumentId());
        assertTrue(reject.detail().contains(detailPart), reject.detail());
        out.clear();
    }

    @Test
    void shouldBeRegisteredForOkx()
    {
        final Map<VenueCode, VenueParser> parsers = VenueParsers.forRegistry(registry);
        assertTrue(parsers.get(VenueCode.OKX) instanceof OkxParser);
    }
}
