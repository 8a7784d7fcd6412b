package dev.trader.adapters.binance;

import dev.trader.adapters.binance.Decoded.Bbo;
import dev.trader.adapters.binance.Decoded.Candle;
import dev.trader.adapters.binance.Decoded.Depth;
import dev.trader.adapters.binance.Decoded.Level;
import dev.trader.adapters.binance.Decoded.Mark;
import dev.trader.adapters.binance.Decoded.Reject;
import dev.trader.adapters.binance.Decoded.Trade;
import dev.trader.adapters.parse.VenueParser;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Binance parser on real payloads (tardis-node fixtures, hftbacktest and cryptofeed captures, read in place from
 * the shared data folder; skipped when absent) with exact field assertions, and every reject path.
 */
class BinanceParserTest
{
    private static final long RECEIVE_TS = 1_700_000_000_123_456_789L;
    private static final long MS = 1_000_000L;

    private final InstrumentRegistry registry = RealPayloads.repositoryInstruments();
    private final BinanceParser usdm = new BinanceParser(Venue.BINANCE_USDM, registry);
    private final BinanceParser spot = new BinanceParser(Venue.BINANCE_SPOT, registry);
    private final RecordingEmitter emitter = new RecordingEmitter(4 << 20);

    // ------------------------------------------------------------------------------------------------ trades

    @Test
    void shouldParseFuturesTradeFromCaptureAsBuyerTakerTrade()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        // {"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1723161256322L * MS, RECEIVE_TS, 1, 5266583935L, 6180030, 6, Side.BUY, TradeType.TRADE,
            5266583935L, 5266583935L), t);
    }

    @Test
    void shouldParseInsuranceFundTradeWithSellerAggressor()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "INSURANCE_FUND");
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1596034530235L * MS, RECEIVE_TS, 2, 73701056, 236655, 70, Side.SELL, TradeType.INSURANCE_FUND,
            73701056, 73701056), t, "ETHUSDT t=73701056 p=2366.55 q=0.070 m=true T=1596034530235");
    }

    @Test
    void shouldParseTradeWithoutExecutionTypeAsPlainTrade()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"t\":10934580");
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1574381164086L * MS, RECEIVE_TS, 1, 10934580, 762760, 44, Side.BUY, TradeType.TRADE, 10934580,
            10934580), t);
    }

    @Test
    void shouldParseSpotTradeFromCapture()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        // {"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}
        final Trade t = only(parse(spot, json), Trade.class);

        assertEquals(new Trade(1723161255342L * MS, RECEIVE_TS, 11, 3735683259L, 6183763, 20_000, Side.SELL, TradeType.TRADE,
            3735683259L, 3735683259L), t);
    }

    @Test
    void shouldParseAggTradeWithItsTradeIdRange()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CRYPTOFEED, s -> s.contains("\"e\":\"aggTrade\""));
        // {"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false}
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1626992741421L * MS, RECEIVE_TS, 6, 16599292, 101100, 10, Side.BUY, TradeType.AGG_TRADE, 23961322,
            23961322), t);
    }

    @Test
    void shouldParseEarlyAggTradeWithoutAggregateIdAsTradeIdMinusOne()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"e\":\"aggTrade\"");
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1568693103463L * MS, RECEIVE_TS, 1, -1, 1022374, 236, Side.BUY, TradeType.AGG_TRADE, 181349,
            181349), t, "the 2019 payload has f/l but no a");
    }

    @Test
    void shouldParseForceOrderAsLiquidationAtAverageFillPrice()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "forceOrder");
        // "o":{"s":"BTCUSDT","S":"BUY",..,"q":"0.014","p":"4793.91","ap":"4706.04","X":"FILLED","l":"0.015","z":"0.014","T":1584059031421}
        final Trade t = only(parse(usdm, json), Trade.class);

        assertEquals(new Trade(1584059031421L * MS, RECEIVE_TS, 1, -1, 470604, 14, Side.BUY, TradeType.LIQUIDATION, -1, -1), t);
    }

    // ------------------------------------------------------------------------------------------------ top of book

    @Test
    void shouldParseFuturesBookTickerTimedByTransactionTime()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"e\":\"bookTicker\"");
        final Bbo b = only(parse(usdm, json), Bbo.class);

        assertEquals(new Bbo(1612137603568L * MS, RECEIVE_TS, 1, 185130926750L, 3313442, 170, 3313939, 380), b);
    }

    @Test
    void shouldRecogniseSpotBookTickerWithoutEventTypeAndTimeItByReceipt()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("@bookTicker"));
        // {"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}
        final Bbo b = only(parse(spot, json), Bbo.class);

        assertEquals(new Bbo(RECEIVE_TS, RECEIVE_TS, 11, 50093239212L, 6183763, 3_788_260, 6183764, 1_546_980), b);
    }

    @Test
    void shouldKeepAnEmptyBookTickerSideAsZeroPriceAndQuantity()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("@bookTicker"));
        // {"u":50093239212,"s":"BTCUSDT","b":"61837.63000000","B":"3.78826000","a":"61837.64000000","A":"1.54698000"}
        final String noBids = json.replace("\"b\":\"61837.63000000\",\"B\":\"3.78826000\"",
            "\"b\":\"0.00000000\",\"B\":\"0.00000000\"");
        assertEquals(new Bbo(RECEIVE_TS, RECEIVE_TS, 11, 50093239212L, 0, 0, 6183764, 1_546_980),
            only(parse(spot, noBids), Bbo.class), "an empty bid side is price 0, qty 0, and not a crossed book");

        final String noAsks = json.replace("\"a\":\"61837.64000000\",\"A\":\"1.54698000\"",
            "\"a\":\"0.00000000\",\"A\":\"0.00000000\"");
        assertEquals(new Bbo(RECEIVE_TS, RECEIVE_TS, 11, 50093239212L, 6183763, 3_788_260, 0, 0),
            only(parse(spot, noAsks), Bbo.class), "ask 0 below the bid is an empty side, not CROSSED_BOOK");

        final String empty = noBids.replace("\"a\":\"61837.64000000\",\"A\":\"1.54698000\"",
            "\"a\":\"0.00000000\",\"A\":\"0.00000000\"");
        assertEquals(new Bbo(RECEIVE_TS, RECEIVE_TS, 11, 50093239212L, 0, 0, 0, 0), only(parse(spot, empty), Bbo.class));

        final String futures = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"e\":\"bookTicker\"");
        final Bbo futuresEmptyAsk = only(parse(usdm, futures.replace("\"a\":\"33139.39\"", "\"a\":\"0.00\"")
            .replace("\"A\":\"0.380\"", "\"A\":\"0.000\"")), Bbo.class);
        assertEquals(new Bbo(1612137603568L * MS, RECEIVE_TS, 1, 185130926750L, 3313442, 170, 0, 0), futuresEmptyAsk);
        assertEquals(0, spot.rejected() + usdm.rejected());
    }

    @Test
    void shouldRejectANegativeOrNonEmptyZeroBookTickerSide()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("@bookTicker"));

        final Reject zeroWithQty = only(parse(spot, json.replace("\"b\":\"61837.63000000\"", "\"b\":\"0.00000000\"")),
            Reject.class);
        assertEquals(RejectReason.BAD_VALUE, zeroWithQty.reason());
        assertEquals(50093239212L, zeroWithQty.reference());
        assertEquals("bookTicker: b '0.00000000' is 0 but its quantity is not (an empty side is price 0, quantity 0)",
            zeroWithQty.detail());

        final Reject askZeroWithQty = only(parse(spot, json.replace("\"a\":\"61837.64000000\"", "\"a\":\"0\"")),
            Reject.class);
        assertEquals(RejectReason.BAD_VALUE, askZeroWithQty.reason());
        assertTrue(askZeroWithQty.detail().startsWith("bookTicker: a '0' is 0 but"), askZeroWithQty.detail());

        final Reject negative = only(parse(spot, json.replace("\"b\":\"61837.63000000\"", "\"b\":\"-61837.63000000\"")),
            Reject.class);
        assertEquals(RejectReason.BAD_VALUE, negative.reason());
        assertEquals("bookTicker: b '-61837.63000000' is negative", negative.detail());

        final Reject negativeQty = only(parse(spot, json.replace("\"A\":\"1.54698000\"", "\"A\":\"-1.54698000\"")),
            Reject.class);
        assertEquals(RejectReason.BAD_VALUE, negativeQty.reason());

        final Reject malformed = only(parse(spot, json.replace("\"b\":\"61837.63000000\"", "\"b\":\"0.0.0\"")),
            Reject.class);
        assertEquals(RejectReason.MALFORMED, malformed.reason());
        assertEquals(5, spot.rejected(), "counted: 4 BAD_VALUE + 1 MALFORMED");
        assertEquals(4, spot.rejected(RejectReason.BAD_VALUE));
    }

    // ------------------------------------------------------------------------------------------------ depth

    @Test
    void shouldParseFuturesDepthUpdateWithPreviousUpdateIdAndWrittenDecimals()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("depthUpdate"));
        final Depth d = only(parse(usdm, json), Depth.class);

        assertFalse(d.snapshot());
        assertEquals(1723161256298L * MS, d.exchangeTsNs(), "T, not E");
        assertEquals(1, d.instrumentId());
        assertEquals(5123107832006L, d.firstUpdateId());
        assertEquals(5123107837557L, d.lastUpdateId());
        assertEquals(5123107831937L, d.prevUpdateId());
        assertEquals(new Level(5871020, 14, 2, 3), d.bids().get(0), "[\"58710.20\",\"0.014\"]");
        assertEquals(new Level(6151090, 0, 2, 3), d.bids().get(2), "[\"61510.90\",\"0.000\"] removes the level");
        assertEquals(new Level(6588070, 15918, 2, 3), d.asks().get(d.asks().size() - 1), "[\"65880.70\",\"15.918\"]");
    }

    @Test
    void shouldParseSpotDepthUpdateWithoutPreviousUpdateId()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("depthUpdate"));
        final Depth d = only(parse(spot, json), Depth.class);

        assertEquals(1723161255208L * MS, d.exchangeTsNs(), "E: spot has no T");
        assertEquals(50093239189L, d.firstUpdateId());
        assertEquals(50093239202L, d.lastUpdateId());
        assertEquals(-1, d.prevUpdateId());
        assertEquals(3, d.bids().size());
        assertEquals(9, d.asks().size());
        assertEquals(new Level(6173763, 0, 8, 8), d.bids().get(0), "[\"61737.63000000\",\"0.00000000\"]");
        assertEquals(new Level(6183764, 1_546_980, 8, 8), d.asks().get(0), "[\"61837.64000000\",\"1.54698000\"]");
    }

    @Test
    void shouldParseRestSnapshotForTheHintInstrument()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.startsWith("{\"lastUpdateId\""));
        final Depth d = only(parse(usdm, json, 1, true), Depth.class);

        assertTrue(d.snapshot());
        assertEquals(1, d.instrumentId());
        assertEquals(5123107852948L, d.lastUpdateId());
        assertEquals(1723161256493L * MS, d.exchangeTsNs(), "T");
        assertEquals(1000, d.bids().size());
        assertEquals(1000, d.asks().size());
        assertEquals(new Level(6180020, 2909, 2, 3), d.bids().get(0), "[\"61800.20\",\"2.909\"]");
    }

    @Test
    void shouldTimeSpotRestSnapshotByReceiptBecauseItCarriesNoTime()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.startsWith("{\"lastUpdateId\""));
        final Depth d = only(parse(spot, json, 11, true), Depth.class);

        assertEquals(RECEIVE_TS, d.exchangeTsNs());
        assertEquals(50093239218L, d.lastUpdateId());
        assertEquals(new Level(6183763, 3_788_260, 8, 8), d.bids().get(0));
    }

    @Test
    void shouldParseCryptofeedRestSnapshotOfSmallTickInstrument()
    {
        final List<String> snapshots = RealPayloads.payloads(RealPayloads.USDM_CRYPTOFEED_HTTP, s -> true, 10);
        final Depth d = only(parse(usdm, snapshots.get(1), registry.find(Venue.BINANCE_USDM, "AKROUSDT").id(), true), Depth.class);

        assertEquals(600859605486L, d.lastUpdateId());
        assertEquals(1626992741238L * MS, d.exchangeTsNs());
        assertEquals(new Level(1731, 57618, 5, 0), d.bids().get(0), "[\"0.01731\",\"57618\"]");
    }

    @Test
    void shouldResolveSnapshotInEnvelopeByStreamName()
    {
        final String json = "{\"stream\":\"btcusdt@depthSnapshot\",\"data\":{\"lastUpdateId\":7,\"bids\":[[\"100.10\",\"1.000\"]],"
            + "\"asks\":[[\"100.20\",\"2\"]]}}";
        final Depth d = only(parse(usdm, json), Depth.class);

        assertEquals(1, d.instrumentId());
        assertEquals(List.of(new Level(10010, 1000, 2, 3)), d.bids());
        assertEquals(List.of(new Level(10020, 2000, 2, 0)), d.asks());
    }

    // ------------------------------------------------------------------------------------------------ mark price, kline

    @Test
    void shouldParseMarkPriceWithFundingRateAtItsWrittenDigits()
    {
        final BinanceParser fine = new BinanceParser(Venue.BINANCE_USDM, new InstrumentRegistry(List.of(
            new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -8, -3, -11))));
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "markPrice@1s");
        // {"e":"markPriceUpdate","E":1597536008000,"s":"BTCUSDT","p":"11857.56000000","i":"11851.86949091","r":"0.00015640","T":1597564800000}
        final Mark m = only(parse(fine, json), Mark.class);

        assertEquals(new Mark(1597536008000L * MS, RECEIVE_TS, 1, new BigDecimal("11857.56000000"),
            new BigDecimal("11851.86949091"), BigDecimal.valueOf(0, 8), 15640, -8, 1597564800000L * MS), m);
    }

    @Test
    void shouldParseMarkPriceWithoutIndexOrSettlePrice()
    {
        final BinanceParser fine = new BinanceParser(Venue.BINANCE_USDM, new InstrumentRegistry(List.of(
            new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -8, -3, -11))));
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"r\":\"0.00010000\"");
        final Mark m = only(parse(fine, json), Mark.class);

        assertEquals(new Mark(1569888003001L * MS, RECEIVE_TS, 1, BigDecimal.valueOf(829_134_697_815L, 8), BigDecimal.valueOf(0, 8),
            BigDecimal.valueOf(0, 8), 10000, -8, 1569916800000L * MS), m);
    }

    @Test
    void shouldKeepMarkAndIndexPricesAtTheirWrittenDigitsOffTheTradingGrid()
    {
        // the repository's BTCUSDT grid is 2 decimals; Binance prints mark and index prices with 8, off the tick grid:
        // they are computed prices, carried exactly as written (Decimal64), never refused or rounded
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "markPrice@1s");
        final Mark m = only(parse(usdm, json), Mark.class);

        assertEquals(new BigDecimal("11857.56000000"), m.markPrice());
        assertEquals(new BigDecimal("11851.86949091"), m.indexPrice());
        assertEquals(1, m.instrumentId());
    }

    @Test
    void shouldParseKlineWithExclusiveCloseTime()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CRYPTOFEED, s -> s.contains("ctkusdt@kline_1m"));
        // "E":1626992741424,"k":{"t":1626992700000,"T":1626992759999,"i":"1m","o":"1.01000","c":"1.01100","h":"1.01100",
        // "l":"1.01000","v":"3917","n":48,"x":false,"q":"3957.89900","V":"1729","Q":"1748.01900"}
        final Candle c = only(parse(usdm, json), Candle.class);

        assertEquals(new Candle(1626992741424L * MS, RECEIVE_TS, 6, 60_000L * MS, 1626992700000L * MS, 1626992760000L * MS,
            101000, 101100, 101000, 101100, 3917, 395_789_900, 48, 1729, 174_801_900, false), c);
    }

    @Test
    void shouldParseSpotKline()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CRYPTOFEED, s -> s.contains("nknusdt@kline_1m"));
        // "E":1633998523963,"k":{"t":1633998480000,"T":1633998539999,"i":"1m","o":"0.35270000","c":"0.35280000",
        // "h":"0.35280000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000"}
        final Candle c = only(parse(spot, json), Candle.class);

        assertEquals(new Candle(1633998523963L * MS, RECEIVE_TS, 13, 60_000L * MS, 1633998480000L * MS, 1633998540000L * MS,
            35270, 35280, 35220, 35280, 258_770, 9_116_046_000L, 30, 580, 20_462_400, false), c);
    }

    @Test
    void shouldParseOtherKlineIntervals()
    {
        final String hour = kline("4h", 1626992400000L, 1627006799999L, true);
        final Candle c = only(parse(usdm, hour), Candle.class);
        assertEquals(4 * 3_600_000L * MS, c.intervalNs());
        assertEquals(1627006800000L * MS, c.closeTimeNs());
        assertTrue(c.closed());

        final String month = kline("1M", 1625097600000L, 1627775999999L, true);
        final Candle m = only(parse(usdm, month), Candle.class);
        assertEquals(31L * 86_400_000L * MS, m.intervalNs(), "July 2021");
    }

    private static String kline(final String interval, final long open, final long close, final boolean closed)
    {
        return "{\"e\":\"kline\",\"E\":" + (close - 5) + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":" + open + ",\"T\":" + close
            + ",\"s\":\"BTCUSDT\",\"i\":\"" + interval + "\",\"f\":1,\"L\":2,\"o\":\"100.00\",\"c\":\"101.00\",\"h\":\"102.00\","
            + "\"l\":\"99.00\",\"v\":\"3.000\",\"n\":2,\"x\":" + closed + ",\"q\":\"300.50000\",\"V\":\"1.000\","
            + "\"Q\":\"100.00000\",\"B\":\"0\"}}";
    }

    // ------------------------------------------------------------------------------------------------ control

    @Test
    void shouldIgnoreAndCountSubscriptionAcksAndErrorResponses()
    {
        final String ack = RealPayloads.singleMessage(RealPayloads.DELIVERY_SINGLE, "\"result\"");
        assertTrue(parse(usdm, ack).isEmpty());
        assertTrue(parse(usdm, "{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":3}").isEmpty());

        assertEquals(2, usdm.ignored());
        assertEquals(0, usdm.rejected());
        final Map<String, Long> counters = usdm.counters();
        assertEquals(1L, counters.get("ignoredAcks"));
        assertEquals(1L, counters.get("ignoredControl"));
        assertEquals(2L, counters.get("messages"));
    }

    @Test
    void shouldBeRegisteredForBothBinanceVenues()
    {
        final Map<VenueCode, VenueParser> parsers = VenueParsers.forRegistry(registry);

        assertInstanceOf(BinanceParser.class, parsers.get(VenueCode.BINANCE_USDM));
        assertInstanceOf(BinanceParser.class, parsers.get(VenueCode.BINANCE_SPOT));
        assertEquals(Venue.BINANCE_SPOT, ((BinanceParser)parsers.get(VenueCode.BINANCE_SPOT)).venue());
        assertThrows(IllegalArgumentException.class, () -> new BinanceParser(Venue.OKX, registry));
    }

    @Test
    void shouldReadPayloadAtAnOffsetInsideALargerBuffer()
    {
        final String json = "{\"e\":\"trade\",\"E\":5,\"T\":4,\"s\":\"BTCUSDT\",\"t\":9,\"p\":\"1.5\",\"q\":\"2\",\"m\":true}";
        final byte[] bytes = ("garbage" + json + "trailing").getBytes(StandardCharsets.US_ASCII);
        emitter.clear();
        usdm.parse(new UnsafeBuffer(bytes), 7, json.length(), RECEIVE_TS, 0, false, emitter);

        final Trade t = (Trade)Decoded.decode(emitter.events().get(0));
        assertEquals(new Trade(4 * MS, RECEIVE_TS, 1, 9, 150, 2000, Side.SELL, TradeType.TRADE, 9, 9), t);
    }

    // ------------------------------------------------------------------------------------------------ rejects

    @Test
    void shouldRejectMalformedJsonKeepingTheRawBytes()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        final String truncated = json.substring(0, json.length() - 3);
        final Reject r = only(parse(usdm, truncated), Reject.class);

        assertEquals(RejectReason.MALFORMED, r.reason());
        assertEquals("binance", r.source());
        assertEquals(-1, r.reference());
        assertEquals(0, r.instrumentId());
        assertEquals(RECEIVE_TS, r.receiveTsNs());
        assertTrue(r.detail().startsWith("malformed JSON"), r.detail());
        assertEquals(truncated, r.rawText());
        assertEquals(1, usdm.rejected(RejectReason.MALFORMED));
        assertEquals(1L, usdm.counters().get("rejected.MALFORMED"));
    }

    @Test
    void shouldKeepOnlyTheFirst512BytesOfARejectedPayload()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.startsWith("{\"lastUpdateId\""));
        final Reject r = only(parse(usdm, json, 0, true), Reject.class);

        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, r.reason(), "a REST snapshot without hint names no instrument");
        assertEquals(5123107852948L, r.reference());
        assertArrayEquals(json.substring(0, 512).getBytes(StandardCharsets.US_ASCII), r.raw());
    }

    @Test
    void shouldRejectNonObjectAndEnvelopeWithoutObjectData()
    {
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, "[1,2,3]"), Reject.class).reason());
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, "{\"stream\":\"x\",\"data\":[1]}"), Reject.class).reason());
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, ""), Reject.class).reason());
    }

    @Test
    void shouldRejectUnknownEventTypes()
    {
        final Reject ticker = only(parse(usdm, RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "24hrTicker")), Reject.class);
        assertEquals(RejectReason.UNKNOWN_MESSAGE, ticker.reason());
        assertTrue(ticker.detail().contains("'24hrTicker'"), ticker.detail());

        final Reject openInterest = only(parse(usdm, RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "openInterest")),
            Reject.class);
        assertEquals(RejectReason.UNKNOWN_MESSAGE, openInterest.reason());
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, "{\"e\":7}"), Reject.class).reason(),
            "a non-string event type is malformed");
    }

    @Test
    void shouldRejectUnknownExecutionType()
    {
        final String adl = RealPayloads.singleMessage(RealPayloads.DELIVERY_SINGLE, "\"X\":\"ADL\"").replace("ETCUSDT", "BTCUSDT")
            .replace("\"852.722\"", "\"852.72\"").replace("\"ADL\"", "\"NA\"");
        final Reject r = only(parse(usdm, adl), Reject.class);

        assertEquals(RejectReason.UNKNOWN_MESSAGE, r.reason());
        assertEquals(84242137, r.reference());
    }

    @Test
    void shouldTakeAutoDeleveragingTradeAsLiquidation()
    {
        final String adl = RealPayloads.singleMessage(RealPayloads.DELIVERY_SINGLE, "\"X\":\"ADL\"").replace("ETCUSDT", "ETHUSDT")
            .replace("\"852.722\"", "\"852.72\"").replace("\"0.05\"", "\"0.050\"");
        final Trade t = only(parse(usdm, adl), Trade.class);

        assertEquals(TradeType.LIQUIDATION, t.tradeType());
        assertEquals(Side.SELL, t.aggressor());
    }

    @Test
    void shouldRejectUnknownSymbolWithTheTradeIdAsReference()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.DELIVERY_SINGLE, "\"t\":173906");
        final Reject r = only(parse(usdm, json), Reject.class);

        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, r.reason());
        assertEquals(173906, r.reference());
        assertEquals(0, r.instrumentId());
        assertTrue(r.detail().contains("'BTCUSD_200925'"), r.detail());
        assertTrue(r.detail().contains("binance-usdm"), r.detail());
    }

    @Test
    void shouldRejectSymbolOfTheOtherBinanceVenue()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CRYPTOFEED, s -> s.contains("depthUpdate"));
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, only(parse(usdm, json), Reject.class).reason(), "NKNUSDT is spot only");
    }

    @Test
    void shouldRejectQuantityFinerThanTheInstrumentWithTheUpdateIdAsReference()
    {
        // the fixture was edited to carry an 8-decimal level on BTCUSDT, whose quantities have 3
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"pu\":687687946");
        final Reject r = only(parse(usdm, json), Reject.class);

        assertEquals(RejectReason.PRECISION, r.reason());
        assertEquals(687687946, r.reference());
        assertEquals(1, r.instrumentId());
        assertEquals("depthUpdate: ask 0 qty '2.42541900' is finer than the instrument's exponent -3", r.detail());
    }

    @Test
    void shouldRejectPriceFinerThanTheInstrument()
    {
        final String json = "{\"e\":\"trade\",\"E\":5,\"T\":4,\"s\":\"BTCUSDT\",\"t\":9,\"p\":\"61800.305\",\"q\":\"2\",\"m\":true}";
        final Reject r = only(parse(usdm, json), Reject.class);

        assertEquals(RejectReason.PRECISION, r.reason());
        assertEquals(9, r.reference());
    }

    @Test
    void shouldRejectNonPositivePriceAndNegativeQuantity()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        final Reject zero = only(parse(usdm, json.replace("\"p\":\"61800.30\"", "\"p\":\"0.00\"")), Reject.class);
        assertEquals(RejectReason.BAD_VALUE, zero.reason());
        assertEquals(5266583935L, zero.reference());
        assertTrue(zero.detail().contains("p '0.00' is not positive"), zero.detail());

        final Reject negative = only(parse(usdm, json.replace("\"q\":\"0.006\"", "\"q\":\"-0.006\"")), Reject.class);
        assertEquals(RejectReason.BAD_VALUE, negative.reason());

        final String depth = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("depthUpdate"));
        final Reject level = only(parse(usdm, depth.replace("[\"61496.50\",\"0.010\"]", "[\"61496.50\",\"-0.010\"]")), Reject.class);
        assertEquals(RejectReason.BAD_VALUE, level.reason());
        assertEquals("depthUpdate: bid 1 qty '-0.010' is negative", level.detail());
        assertEquals(5123107837557L, level.reference());

        final Reject levelPrice = only(parse(usdm, depth.replace("[\"61496.50\",\"0.010\"]", "[\"-61496.50\",\"0.010\"]")),
            Reject.class);
        assertEquals(RejectReason.BAD_VALUE, levelPrice.reason());
    }

    @Test
    void shouldRejectAZeroDepthLevelPriceButDeleteOnAZeroQuantity()
    {
        // Binance: "If the quantity is 0, remove the price level"; an empty side is an empty array, so a level at
        // price 0 is never an empty side but a bogus level
        final String depth = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("depthUpdate"));
        final Depth d = only(parse(spot, depth), Depth.class);
        assertEquals(new Level(6173763, 0, 8, 8), d.bids().get(0), "[\"61737.63000000\",\"0.00000000\"] deletes 61737.63");

        final Reject zeroPrice = only(parse(spot, depth.replace("[\"61737.63000000\",\"0.00000000\"]",
            "[\"0.00000000\",\"0.00000000\"]")), Reject.class);
        assertEquals(RejectReason.BAD_VALUE, zeroPrice.reason());
        assertEquals("depthUpdate: bid 0 price '0.00000000' is not positive", zeroPrice.detail());

        final String snapshot = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("lastUpdateId"));
        final int firstBid = snapshot.indexOf("[\"", snapshot.indexOf("\"bids\""));
        final String zeroSnapshotLevel = snapshot.substring(0, firstBid + 2) + "0.00"
            + snapshot.substring(snapshot.indexOf('"', firstBid + 2));
        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, zeroSnapshotLevel, 1, true), Reject.class).reason());
    }

    @Test
    void shouldRejectMoreFractionDigitsThanALongMantissaHolds()
    {
        final String depth = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("depthUpdate"));
        // "58710.20" padded with zeros to 18 fraction digits: still exactly 58710.20, priceDecimals 18
        final String eighteen = "58710.20" + "0".repeat(16);
        final Depth d = only(parse(usdm, depth.replace("[\"58710.20\",", "[\"" + eighteen + "\",")), Depth.class);
        assertEquals(new Level(5871020, 14, 18, 3), d.bids().get(0));

        // 19 digits cannot be a long mantissa at exponent -19 for most prices: PRECISION, as OKX and Bybit
        final Reject price = only(parse(usdm, depth.replace("[\"58710.20\",", "[\"" + eighteen + "0\",")), Reject.class);
        assertEquals(RejectReason.PRECISION, price.reason());
        assertEquals("depthUpdate: bid 0 price '" + eighteen + "0' has more than 18 fraction digits", price.detail());

        final Reject qty = only(parse(usdm, depth.replace("\"0.014\"]", "\"0.014" + "0".repeat(16) + "\"]")), Reject.class);
        assertEquals(RejectReason.PRECISION, qty.reason(), qty.detail());

        final String mark = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "markPrice@1s");
        final Reject rate = only(parse(usdm, mark.replace("\"r\":\"0.00015640\"", "\"r\":\"0.00015640" + "0".repeat(11)
            + "\"")), Reject.class);
        assertEquals(RejectReason.PRECISION, rate.reason());
        assertEquals("markPriceUpdate: r '0.00015640" + "0".repeat(11) + "' has more than 18 fraction digits", rate.detail());
        assertEquals(3, usdm.rejected(RejectReason.PRECISION));
        assertEquals(18, dev.trader.codecs.Decimals.MAX_FRACTION_DIGITS);
    }

    @Test
    void shouldRejectMissingRequiredFields()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        final Reject noQty = only(parse(usdm, json.replace(",\"q\":\"0.006\"", "")), Reject.class);
        assertEquals(RejectReason.MALFORMED, noQty.reason());
        assertEquals("trade: q is missing", noQty.detail());

        final Reject noSymbol = only(parse(usdm, json.replace("\"s\":\"BTCUSDT\",", "")), Reject.class);
        assertEquals(RejectReason.MALFORMED, noSymbol.reason());

        final String depth = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.contains("depthUpdate"));
        final Reject noTime = only(parse(spot, depth.replace("\"E\":1723161255208,", "")), Reject.class);
        assertEquals(RejectReason.MALFORMED, noTime.reason(), "a depth update needs T or E");

        final Reject noBids = only(parse(spot, depth.replace("\"b\":", "\"x\":")), Reject.class);
        assertEquals(RejectReason.MALFORMED, noBids.reason());
        assertEquals(50093239202L, noBids.reference());

        final Reject badLevel = only(parse(spot, depth.replace("[\"61737.63000000\",\"0.00000000\"]", "[\"61737.63000000\"]")),
            Reject.class);
        assertEquals(RejectReason.MALFORMED, badLevel.reason());
    }

    @Test
    void shouldRejectValuesThatAreNotNumbersOrFlags()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("\"e\":\"trade\""));
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, json.replace("\"m\":false", "\"m\":\"no\"")), Reject.class).reason());
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, json.replace("\"61800.30\"", "\"61,800.30\"")), Reject.class).reason());
        assertEquals(RejectReason.MALFORMED, only(parse(usdm, json.replace("\"t\":5266583935", "\"t\":\"abc\"")), Reject.class)
            .reason());
        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, json.replace("\"T\":1723161256322", "\"T\":-5")), Reject.class)
            .reason());
    }

    @Test
    void shouldRejectCrossedBookTicker()
    {
        final String json = RealPayloads.singleMessage(RealPayloads.FUTURES_SINGLE, "\"e\":\"bookTicker\"")
            .replace("\"a\":\"33139.39\"", "\"a\":\"33134.42\"");
        final Reject r = only(parse(usdm, json), Reject.class);

        assertEquals(RejectReason.CROSSED_BOOK, r.reason());
        assertEquals(185130926750L, r.reference());
    }

    @Test
    void shouldRejectInconsistentUpdateIdsAndKlines()
    {
        final String depth = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.contains("depthUpdate"));
        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, depth.replace("\"U\":5123107832006", "\"U\":5123107837558")),
            Reject.class).reason());

        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, kline("1m", 1626992400000L, 1626992459998L, true)), Reject.class)
            .reason(), "T is not the last millisecond of a 1m kline");
        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, kline("7x", 1626992400000L, 1626992459999L, true)), Reject.class)
            .reason());
        assertEquals(RejectReason.BAD_VALUE, only(parse(usdm, kline("1m", 1626992400000L, 1626992459999L, true)
            .replace("\"h\":\"102.00\"", "\"h\":\"100.50\"")), Reject.class).reason(), "high below close");
    }

    @Test
    void shouldRejectRestSnapshotForInstrumentOfAnotherVenue()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.SPOT_CAPTURE, s -> s.startsWith("{\"lastUpdateId\""));
        final Reject r = only(parse(spot, json, 1, true), Reject.class);

        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, r.reason(), "id 1 is the USD-M BTCUSDT");
        assertTrue(r.detail().contains("hint 1"), r.detail());
    }

    @Test
    void shouldRejectNonSnapshotRestResponse()
    {
        final Reject r = only(parse(usdm, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", 1, true), Reject.class);
        assertEquals(RejectReason.UNKNOWN_MESSAGE, r.reason());
    }

    @Test
    void shouldRejectDepthTooLargeForTheEmitArenaWithoutFailing()
    {
        final String json = RealPayloads.firstPayload(RealPayloads.USDM_CAPTURE, s -> s.startsWith("{\"lastUpdateId\""));
        final RecordingEmitter small = new RecordingEmitter(16 << 10);
        final UnsafeBuffer payload = new UnsafeBuffer(json.getBytes(StandardCharsets.US_ASCII));
        usdm.parse(payload, 0, payload.capacity(), RECEIVE_TS, 1, true, small);

        final Reject r = (Reject)Decoded.decode(small.events().get(0));
        assertEquals(1, small.events().size());
        assertEquals(RejectReason.TOO_LARGE, r.reason());
        assertEquals(5123107852948L, r.reference());
        assertEquals(1, r.instrumentId());
        assertTrue(r.detail().contains("1000 bids and 1000 asks"), r.detail());
    }

    @Test
    void shouldCountRejectThatDoesNotFitEvenTheArena()
    {
        final RecordingEmitter tiny = new RecordingEmitter(256);
        final UnsafeBuffer payload = new UnsafeBuffer("{not json".getBytes(StandardCharsets.US_ASCII));
        usdm.parse(payload, 0, payload.capacity(), RECEIVE_TS, 0, false, tiny);

        assertTrue(tiny.events().isEmpty());
        assertFalse(tiny.claimOutstanding());
        assertEquals(1L, usdm.counters().get("rejectsNotEmitted"));
        assertEquals(1, usdm.rejected(RejectReason.MALFORMED));
    }

    @Test
    void shouldRejectMoreLevelsThanAnEventHolds()
    {
        final StringBuilder sb = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":2,\"T\":1,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[");
        for (int i = 0; i < BinanceParser.MAX_LEVELS_PER_SIDE + 1; i++)
        {
            sb.append(i == 0 ? "" : ",").append("[\"1.00\",\"1\"]");
        }
        sb.append("],\"a\":[]}");
        final RecordingEmitter huge = new RecordingEmitter(8 << 20);
        final UnsafeBuffer payload = new UnsafeBuffer(sb.toString().getBytes(StandardCharsets.US_ASCII));
        usdm.parse(payload, 0, payload.capacity(), RECEIVE_TS, 0, false, huge);

        final Reject r = (Reject)Decoded.decode(huge.events().get(0));
        assertEquals(RejectReason.TOO_LARGE, r.reason());
        assertEquals(2, r.reference());
    }

    // ------------------------------------------------------------------------------------------------ harness

    private List<Object> parse(final BinanceParser parser, final String json)
    {
        return parse(parser, json, 0, false);
    }

    private List<Object> parse(final BinanceParser parser, final String json, final int hint, final boolean rest)
    {
        emitter.clear();
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        parser.parse(new UnsafeBuffer(bytes), 0, bytes.length, RECEIVE_TS, hint, rest, emitter);
        assertFalse(emitter.claimOutstanding());
        final List<Object> events = new ArrayList<>();
        for (final byte[] e : emitter.events())
        {
            events.add(Decoded.decode(e));
        }
        return events;
    }

    private static <T> T only(final List<Object> events, final Class<T> type)
    {
        assertEquals(1, events.size(), events.toString());
        return assertInstanceOf(type, events.get(0), events.toString());
    }
}
