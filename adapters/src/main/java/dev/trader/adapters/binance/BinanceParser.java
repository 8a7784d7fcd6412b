package dev.trader.adapters.binance;

import dev.trader.adapters.json.JsonTokens;
import dev.trader.adapters.parse.SymbolTable;
import dev.trader.adapters.parse.VenueParser;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.KlineEncoder;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Emitter;
import dev.trader.engine.InputRejects;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Binance USD-M futures and spot market data, as received (WebSocket frames and REST depth snapshots), to engine
 * events. One instance per venue ({@link Venue#BINANCE_USDM} or {@link Venue#BINANCE_SPOT}); engine thread only.
 *
 * <p>Accepted: combined-stream envelopes {@code {"stream":..,"data":{..}}} and raw payloads. By event type {@code e}:
 * <ul>
 *   <li>{@code trade}: {@code Trade} (TRADE; {@code X=INSURANCE_FUND}: INSURANCE_FUND; {@code X=ADL}: LIQUIDATION,
 *       an auto-deleveraging fill is forced like one), exchange time {@code T}, aggressor SELL when the buyer was the
 *       maker ({@code m=true}), else BUY;</li>
 *   <li>{@code aggTrade}: {@code Trade} (AGG_TRADE, ids {@code a}, {@code f}, {@code l}; the earliest futures
 *       payloads carry no {@code a}: tradeId -1 then);</li>
 *   <li>{@code bookTicker} (futures, with {@code e/E/T}) and the spot bookTicker (no {@code e}: recognised by
 *       {@code u,s,b,B,a,A}): {@code BestBidOffer}, exchange time {@code T}, else {@code E}, else the receive time.
 *       A side without orders comes as price 0 and quantity 0 ({@code "0.00000000"}) and stays 0/0 in the event,
 *       as OKX and Bybit empty sides do (consumers read a 0 price as no price); a zero price with a non-zero
 *       quantity is BAD_VALUE, and a book is CROSSED_BOOK only when both sides have a price;</li>
 *   <li>{@code depthUpdate}: {@code DepthUpdate} with {@code U}, {@code u}, {@code pu} (spot sends no {@code pu}:
 *       -1); exchange time {@code T}, else {@code E}. A level's quantity 0 removes that price (Binance "How to
 *       manage a local order book correctly": "If the quantity is 0, remove the price level"); its price is always
 *       a real price level and must be positive (an empty side is an empty array, never a zero price);</li>
 *   <li>{@code markPriceUpdate}: {@code MarkPrice}: {@code p} mark, {@code i} index, {@code P} estimated settle
 *       (0 when absent), {@code r} funding rate as a Decimal64 at exactly the digits written, {@code T} next funding
 *       time, exchange time {@code E};</li>
 *   <li>{@code kline}: {@code Kline} from {@code k}; {@code closeTimeNs = t + interval} (exclusive; Binance's
 *       {@code T} is one millisecond before it), closed = {@code x};</li>
 *   <li>{@code forceOrder}: a liquidation {@code Trade} (LIQUIDATION, aggressor = the order's side {@code S}) at the
 *       average fill price {@code ap} for the filled quantity {@code z}; tradeId -1 (the stream has no id);</li>
 *   <li>a depth snapshot {@code {"lastUpdateId":..,"bids":..,"asks":..}} (the REST response, optionally with
 *       {@code E}/{@code T}): {@code DepthSnapshot} for the instrument hint (REST responses carry no symbol; without a
 *       hint, a {@code symbol} field or the envelope's stream name), exchange time {@code T}, else {@code E}, else the
 *       receive time.</li>
 * </ul>
 * Binance times are epoch milliseconds; events carry nanoseconds. Prices and quantities are parsed exactly at the
 * instrument's exponents; depth levels also record how many fraction digits the venue wrote.
 *
 * <p>Subscription acks ({@code {"result":null,"id":1}}) and error responses ({@code {"error":..,"id":1}}) are
 * ignored and counted. Everything else that cannot become an event is an {@code InputReject} (source
 * {@value #SOURCE}; reference = update or trade id when known, else -1; raw = the first
 * {@value InputRejects#MAX_RAW_BYTES} payload bytes): malformed JSON, an unknown event type, an unknown symbol, a
 * value finer than the instrument's exponent (PRECISION), a value written with more than
 * {@link Decimals#MAX_FRACTION_DIGITS} fraction digits (PRECISION), a non-positive price (bookTicker: a negative
 * price, or a zero price with a quantity) or a negative quantity, a missing
 * field, a depth message too large for the emit arena (TOO_LARGE). The parser never throws on input.
 *
 * <p>No allocation on the success path: a reused tokenizer and encoders, level scratch arrays that only grow.
 */
public final class BinanceParser implements VenueParser
{
    /** The {@code source} of the InputReject events this parser writes. */
    public static final String SOURCE = "binance";
    /** Most levels one side of a depth event holds (SBE group count limit). */
    public static final int MAX_LEVELS_PER_SIDE = 65_534;

    private static final long INVALID = Decimals.INVALID;
    private static final long NS_PER_MS = 1_000_000L;
    private static final long MAX_EPOCH_MS = Long.MAX_VALUE / NS_PER_MS;
    private static final int MAX_DETAIL_VALUE_CHARS = 64;
    /** Room left in the arena for the emitter's own framing when judging whether an event fits. */
    private static final int FRAMING_ALLOWANCE = 64;
    private static final int LEVEL_BYTES = DepthUpdateEncoder.BidsEncoder.sbeBlockLength();
    private static final int GROUP_HEADER_BYTES = DepthUpdateEncoder.BidsEncoder.sbeHeaderSize();

    private static final byte[] K_STREAM = JsonTokens.ascii("stream");
    private static final byte[] K_DATA = JsonTokens.ascii("data");
    private static final byte[] K_ID = JsonTokens.ascii("id");
    private static final byte[] K_RESULT = JsonTokens.ascii("result");
    private static final byte[] K_ERROR = JsonTokens.ascii("error");
    private static final byte[] K_EVENT_TYPE = JsonTokens.ascii("e");
    private static final byte[] K_EVENT_TIME = JsonTokens.ascii("E");
    private static final byte[] K_TIME = JsonTokens.ascii("T");
    private static final byte[] K_SYMBOL = JsonTokens.ascii("s");
    private static final byte[] K_SYMBOL_LONG = JsonTokens.ascii("symbol");
    private static final byte[] K_TRADE_ID = JsonTokens.ascii("t");
    private static final byte[] K_PRICE = JsonTokens.ascii("p");
    private static final byte[] K_QTY = JsonTokens.ascii("q");
    private static final byte[] K_BUYER_MAKER = JsonTokens.ascii("m");
    private static final byte[] K_EXECUTION = JsonTokens.ascii("X");
    private static final byte[] K_AGG_ID = JsonTokens.ascii("a");
    private static final byte[] K_FIRST_ID = JsonTokens.ascii("f");
    private static final byte[] K_LAST_ID = JsonTokens.ascii("l");
    private static final byte[] K_FIRST_UPDATE = JsonTokens.ascii("U");
    private static final byte[] K_LAST_UPDATE = JsonTokens.ascii("u");
    private static final byte[] K_PREV_UPDATE = JsonTokens.ascii("pu");
    private static final byte[] K_BIDS_SHORT = JsonTokens.ascii("b");
    private static final byte[] K_ASKS_SHORT = JsonTokens.ascii("a");
    private static final byte[] K_BID_QTY = JsonTokens.ascii("B");
    private static final byte[] K_ASK_QTY = JsonTokens.ascii("A");
    private static final byte[] K_INDEX = JsonTokens.ascii("i");
    private static final byte[] K_SETTLE = JsonTokens.ascii("P");
    private static final byte[] K_FUNDING = JsonTokens.ascii("r");
    private static final byte[] K_KLINE = JsonTokens.ascii("k");
    private static final byte[] K_OPEN = JsonTokens.ascii("o");
    private static final byte[] K_CLOSE = JsonTokens.ascii("c");
    private static final byte[] K_HIGH = JsonTokens.ascii("h");
    private static final byte[] K_LOW = JsonTokens.ascii("l");
    private static final byte[] K_VOLUME = JsonTokens.ascii("v");
    private static final byte[] K_COUNT = JsonTokens.ascii("n");
    private static final byte[] K_CLOSED = JsonTokens.ascii("x");
    private static final byte[] K_QUOTE_VOLUME = JsonTokens.ascii("q");
    private static final byte[] K_TAKER_VOLUME = JsonTokens.ascii("V");
    private static final byte[] K_TAKER_QUOTE_VOLUME = JsonTokens.ascii("Q");
    private static final byte[] K_ORDER = JsonTokens.ascii("o");
    private static final byte[] K_SIDE = JsonTokens.ascii("S");
    private static final byte[] K_AVG_PRICE = JsonTokens.ascii("ap");
    private static final byte[] K_FILLED = JsonTokens.ascii("z");
    private static final byte[] K_LAST_UPDATE_ID = JsonTokens.ascii("lastUpdateId");
    private static final byte[] K_BIDS = JsonTokens.ascii("bids");
    private static final byte[] K_ASKS = JsonTokens.ascii("asks");

    private static final byte[] E_TRADE = JsonTokens.ascii("trade");
    private static final byte[] E_AGG_TRADE = JsonTokens.ascii("aggTrade");
    private static final byte[] E_BOOK_TICKER = JsonTokens.ascii("bookTicker");
    private static final byte[] E_DEPTH_UPDATE = JsonTokens.ascii("depthUpdate");
    private static final byte[] E_MARK_PRICE = JsonTokens.ascii("markPriceUpdate");
    private static final byte[] E_KLINE = JsonTokens.ascii("kline");
    private static final byte[] E_FORCE_ORDER = JsonTokens.ascii("forceOrder");
    private static final byte[] X_MARKET = JsonTokens.ascii("MARKET");
    private static final byte[] X_INSURANCE_FUND = JsonTokens.ascii("INSURANCE_FUND");
    private static final byte[] X_ADL = JsonTokens.ascii("ADL");
    private static final byte[] SIDE_BUY = JsonTokens.ascii("BUY");
    private static final byte[] SIDE_SELL = JsonTokens.ascii("SELL");

    private static final String EV_TRADE = "trade";
    private static final String EV_AGG_TRADE = "aggTrade";
    private static final String EV_BOOK_TICKER = "bookTicker";
    private static final String EV_DEPTH_UPDATE = "depthUpdate";
    private static final String EV_MARK_PRICE = "markPriceUpdate";
    private static final String EV_KLINE = "kline";
    private static final String EV_FORCE_ORDER = "forceOrder";
    private static final String EV_SNAPSHOT = "depth snapshot";
    private static final String EV_MESSAGE = "message";

    private static final String MISSING = "is missing";
    private static final String NOT_INTEGER = "is not an integer";
    private static final String NEGATIVE = "is negative";
    private static final String NOT_POSITIVE = "is not positive";
    private static final String NOT_DECIMAL = "is not a decimal number (or is out of range)";
    private static final String TOO_FINE = "is finer than the instrument's exponent";
    private static final String NOT_EPOCH_MS = "is not an epoch time in milliseconds";
    private static final String NOT_BOOLEAN = "is not true or false";
    private static final String NOT_OBJECT = "is not an object";
    private static final String NOT_ARRAY = "is not an array";
    private static final String NOT_LEVEL = "is not a [price, qty] pair";
    private static final String NOT_STRING = "is not a string";
    private static final String TOO_MANY_DIGITS = "has more than " + Decimals.MAX_FRACTION_DIGITS + " fraction digits";
    private static final String ZERO_PRICE_WITH_QTY = "is 0 but its quantity is not (an empty side is price 0, quantity 0)";

    private final Venue venue;
    private final SymbolTable symbols;
    private final JsonTokens json = new JsonTokens();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BestBidOfferEncoder bbo = new BestBidOfferEncoder();
    private final DepthUpdateEncoder depthUpdate = new DepthUpdateEncoder();
    private final DepthSnapshotEncoder depthSnapshot = new DepthSnapshotEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();
    private final KlineEncoder kline = new KlineEncoder();
    private final InputRejects rejects = new InputRejects();
    private final byte[] rawScratch = new byte[InputRejects.MAX_RAW_BYTES];

    // depth levels of the message being parsed: bids at [0, bidCount), asks after them
    private long[] levelPrice = new long[256];
    private long[] levelQty = new long[256];
    private byte[] levelPriceDecimals = new byte[256];
    private byte[] levelQtyDecimals = new byte[256];

    // the message being parsed
    private DirectBuffer payload;
    private int payloadOffset;
    private int payloadLength;
    private long receiveTsNs;
    private Emitter emitter;

    // the first failure of the message being parsed; detail text is only built when it is rejected
    private RejectReason failReason;
    private String failEvent;
    private String failField;
    private int failToken;
    private String failProblem;
    private int failExponent;
    private String failSide;
    private int failLevel;
    private String failText;
    private long reference;
    private int rejectInstrumentId;

    private long messages;
    private long trades;
    private long aggTrades;
    private long liquidations;
    private long bestBidOffers;
    private long depthUpdates;
    private long depthSnapshots;
    private long markPrices;
    private long klines;
    private long ignoredAcks;
    private long ignoredControl;
    private long rejectsNotEmitted;
    private final long[] rejectCounts = new long[RejectReason.values().length];
    private long internalErrors;

    /**
     * @param venue    {@link Venue#BINANCE_USDM} or {@link Venue#BINANCE_SPOT}: whose instruments symbols resolve to
     * @param registry the instruments (their ids and exponents)
     */
    public BinanceParser(final Venue venue, final InstrumentRegistry registry)
    {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(registry, "registry");
        if (venue != Venue.BINANCE_USDM && venue != Venue.BINANCE_SPOT)
        {
            throw new IllegalArgumentException("BinanceParser speaks binance-usdm and binance-spot, not " + venue.cliName());
        }
        this.venue = venue;
        this.symbols = new SymbolTable(registry, venue);
    }

    /** @return the venue whose messages this parser reads */
    public Venue venue()
    {
        return venue;
    }

    @Override
    public void parse(
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long receiveTsNs,
        final int instrumentIdHint,
        final boolean isRest,
        final Emitter emitter)
    {
        try
        {
            parseMessage(payload, offset, length, receiveTsNs, instrumentIdHint, isRest, emitter);
        }
        catch (final RuntimeException ex)
        {
            // a parser bug, never bad input: nothing may escape onto the engine thread; tests assert this stays 0
            internalErrors++;
            failReason = RejectReason.INTERNAL_ERROR;
            failText = "parser error: " + ex;
            reject();
        }
    }

    /** Number of messages that hit a parser bug (an exception) and were rejected instead; 0 in every test. */
    public long internalErrors()
    {
        return internalErrors;
    }

    private void parseMessage(
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long receiveTsNs,
        final int instrumentIdHint,
        final boolean isRest,
        final Emitter emitter)
    {
        messages++;
        this.payload = payload;
        this.payloadOffset = offset;
        this.payloadLength = length;
        this.receiveTsNs = receiveTsNs;
        this.emitter = emitter;
        failReason = null;
        failEvent = EV_MESSAGE;
        failField = null;
        failToken = -1;
        failProblem = null;
        failExponent = 0;
        failSide = null;
        failLevel = -1;
        failText = null;
        reference = -1;
        rejectInstrumentId = 0;

        if (!json.parse(payload, offset, length))
        {
            failText = "malformed JSON: " + json.error();
            failReason = RejectReason.MALFORMED;
            reject();
            return;
        }
        final int root = 0;
        if (json.type(root) != JsonTokens.OBJECT)
        {
            failWhole(RejectReason.MALFORMED, "not a JSON object");
            reject();
            return;
        }
        int data = root;
        int stream = -1;
        final int envelopeData = json.field(root, K_DATA);
        final int envelopeStream = json.field(root, K_STREAM);
        if (envelopeData >= 0 && envelopeStream >= 0)
        {
            data = envelopeData;
            stream = envelopeStream;
        }
        else if (json.field(root, K_ID) >= 0)
        {
            if (json.field(root, K_RESULT) >= 0)
            {
                ignoredAcks++;
                return;
            }
            if (json.field(root, K_ERROR) >= 0)
            {
                ignoredControl++;
                return;
            }
        }
        if (json.type(data) != JsonTokens.OBJECT)
        {
            failWhole(RejectReason.MALFORMED, "envelope data is not a JSON object");
            reject();
            return;
        }

        final int eventType = json.field(data, K_EVENT_TYPE);
        if (eventType >= 0)
        {
            if (json.type(eventType) != JsonTokens.STRING)
            {
                fail(RejectReason.MALFORMED, "e", eventType, NOT_STRING);
                reject();
            }
            else if (json.textEquals(eventType, E_TRADE))
            {
                onTrade(data);
            }
            else if (json.textEquals(eventType, E_AGG_TRADE))
            {
                onAggTrade(data);
            }
            else if (json.textEquals(eventType, E_BOOK_TICKER))
            {
                onBookTicker(data);
            }
            else if (json.textEquals(eventType, E_DEPTH_UPDATE))
            {
                onDepthUpdate(data);
            }
            else if (json.textEquals(eventType, E_MARK_PRICE))
            {
                onMarkPrice(data);
            }
            else if (json.textEquals(eventType, E_KLINE))
            {
                onKline(data);
            }
            else if (json.textEquals(eventType, E_FORCE_ORDER))
            {
                onForceOrder(data);
            }
            else
            {
                fail(RejectReason.UNKNOWN_MESSAGE, "event type e", eventType, "is not one this parser reads");
                reject();
            }
        }
        else if (json.field(data, K_LAST_UPDATE_ID) >= 0 && json.field(data, K_BIDS) >= 0 && json.field(data, K_ASKS) >= 0)
        {
            onSnapshot(data, stream, instrumentIdHint);
        }
        else if (json.field(data, K_LAST_UPDATE) >= 0 && json.field(data, K_SYMBOL) >= 0 && json.field(data, K_BIDS_SHORT) >= 0
            && json.field(data, K_BID_QTY) >= 0 && json.field(data, K_ASKS_SHORT) >= 0 && json.field(data, K_ASK_QTY) >= 0)
        {
            // the spot bookTicker stream has no event type or times
            onBookTicker(data);
        }
        else
        {
            failWhole(RejectReason.UNKNOWN_MESSAGE, isRest ? "REST response is not a depth snapshot"
                : "no event type, and not a bookTicker or depth snapshot");
            reject();
        }
    }

    // ------------------------------------------------------------------------------------------------ event types

    private void onTrade(final int data)
    {
        failEvent = EV_TRADE;
        final long tradeId = id(required(data, K_TRADE_ID, "t"), "t");
        if (tradeId >= 0)
        {
            reference = tradeId;
        }
        final Instrument instrument = instrument(data);
        if (instrument == null)
        {
            reject();
            return;
        }
        final long price = price(required(data, K_PRICE, "p"), "p", instrument);
        final long qty = quantity(required(data, K_QTY, "q"), "q", instrument.qtyExponent(), true);
        final int buyerMaker = bool(required(data, K_BUYER_MAKER, "m"), "m");
        final long exchangeTsNs = exchangeTime(data, K_TIME, "T", K_EVENT_TIME, false);
        TradeType tradeType = TradeType.TRADE;
        final int execution = optional(data, K_EXECUTION);
        if (execution >= 0 && failReason == null)
        {
            if (json.type(execution) != JsonTokens.STRING)
            {
                fail(RejectReason.MALFORMED, "X", execution, NOT_STRING);
            }
            else if (json.textEquals(execution, X_INSURANCE_FUND))
            {
                tradeType = TradeType.INSURANCE_FUND;
            }
            else if (json.textEquals(execution, X_ADL))
            {
                tradeType = TradeType.LIQUIDATION;
            }
            else if (!json.textEquals(execution, X_MARKET))
            {
                fail(RejectReason.UNKNOWN_MESSAGE, "execution type X", execution, "is not MARKET, INSURANCE_FUND or ADL");
            }
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        emitTrade(exchangeTsNs, instrument.id(), tradeId, price, qty, buyerMaker == 1 ? Side.SELL : Side.BUY, tradeType,
            tradeId, tradeId);
        trades++;
    }

    private void onAggTrade(final int data)
    {
        failEvent = EV_AGG_TRADE;
        final int aggIdToken = optional(data, K_AGG_ID);
        final long aggId = aggIdToken < 0 ? -1 : id(aggIdToken, "a");
        if (aggId >= 0)
        {
            reference = aggId;
        }
        final Instrument instrument = instrument(data);
        if (instrument == null)
        {
            reject();
            return;
        }
        final long price = price(required(data, K_PRICE, "p"), "p", instrument);
        final long qty = quantity(required(data, K_QTY, "q"), "q", instrument.qtyExponent(), true);
        final long firstId = id(required(data, K_FIRST_ID, "f"), "f");
        final int lastIdToken = required(data, K_LAST_ID, "l");
        final long lastId = id(lastIdToken, "l");
        final int buyerMaker = bool(required(data, K_BUYER_MAKER, "m"), "m");
        final long exchangeTsNs = exchangeTime(data, K_TIME, "T", K_EVENT_TIME, false);
        if (failReason == null && lastId < firstId)
        {
            fail(RejectReason.BAD_VALUE, "l", lastIdToken, "is before the first trade id f");
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        emitTrade(exchangeTsNs, instrument.id(), aggId, price, qty, buyerMaker == 1 ? Side.SELL : Side.BUY,
            TradeType.AGG_TRADE, firstId, lastId);
        aggTrades++;
    }

    private void onForceOrder(final int data)
    {
        failEvent = EV_FORCE_ORDER;
        final int order = required(data, K_ORDER, "o");
        if (order >= 0 && json.type(order) != JsonTokens.OBJECT)
        {
            fail(RejectReason.MALFORMED, "o", order, NOT_OBJECT);
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        final Instrument instrument = instrument(order);
        if (instrument == null)
        {
            reject();
            return;
        }
        final int sideToken = required(order, K_SIDE, "S");
        Side side = Side.NONE;
        if (sideToken >= 0)
        {
            if (json.textEquals(sideToken, SIDE_BUY))
            {
                side = Side.BUY;
            }
            else if (json.textEquals(sideToken, SIDE_SELL))
            {
                side = Side.SELL;
            }
            else
            {
                fail(RejectReason.BAD_VALUE, "S", sideToken, "is not BUY or SELL");
            }
        }
        final int avgPrice = optional(order, K_AVG_PRICE);
        final long price = avgPrice >= 0 ? price(avgPrice, "ap", instrument)
            : price(required(order, K_PRICE, "p"), "p", instrument);
        final long qty = quantity(required(order, K_FILLED, "z"), "z", instrument.qtyExponent(), true);
        final long exchangeTsNs = optional(order, K_TIME) >= 0 ? epochNs(optional(order, K_TIME), "T", false)
            : epochNs(required(data, K_EVENT_TIME, "E"), "E", false);
        if (failReason != null)
        {
            reject();
            return;
        }
        emitTrade(exchangeTsNs, instrument.id(), -1, price, qty, side, TradeType.LIQUIDATION, -1, -1);
        liquidations++;
    }

    private void emitTrade(
        final long exchangeTsNs,
        final int instrumentId,
        final long tradeId,
        final long price,
        final long qty,
        final Side aggressor,
        final TradeType tradeType,
        final long firstTradeId,
        final long lastTradeId)
    {
        final int at = claim(MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return;
        }
        trade.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrumentId)
            .tradeId(tradeId)
            .price(price)
            .qty(qty)
            .aggressor(aggressor)
            .tradeType(tradeType)
            .firstTradeId(firstTradeId)
            .lastTradeId(lastTradeId);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength());
    }

    private void onBookTicker(final int data)
    {
        failEvent = EV_BOOK_TICKER;
        final long updateId = id(required(data, K_LAST_UPDATE, "u"), "u");
        if (updateId >= 0)
        {
            reference = updateId;
        }
        final Instrument instrument = instrument(data);
        if (instrument == null)
        {
            reject();
            return;
        }
        // a side without orders comes as price 0 and quantity 0: kept as such (the BestBidOffer convention of every
        // parser); a zero price with a quantity, or a negative value, is refused
        final int bidToken = required(data, K_BIDS_SHORT, "b");
        final long bidPrice = decimal(bidToken, "b", instrument.priceExponent(), false);
        final long bidQty = quantity(required(data, K_BID_QTY, "B"), "B", instrument.qtyExponent(), false);
        final int askToken = required(data, K_ASKS_SHORT, "a");
        final long askPrice = decimal(askToken, "a", instrument.priceExponent(), false);
        final long askQty = quantity(required(data, K_ASK_QTY, "A"), "A", instrument.qtyExponent(), false);
        final long exchangeTsNs = exchangeTime(data, K_TIME, "T", K_EVENT_TIME, true);
        if (failReason == null && bidPrice == 0 && bidQty != 0)
        {
            fail(RejectReason.BAD_VALUE, "b", bidToken, ZERO_PRICE_WITH_QTY);
        }
        if (failReason == null && askPrice == 0 && askQty != 0)
        {
            fail(RejectReason.BAD_VALUE, "a", askToken, ZERO_PRICE_WITH_QTY);
        }
        if (failReason == null && bidPrice > 0 && askPrice > 0 && bidPrice >= askPrice)
        {
            fail(RejectReason.CROSSED_BOOK, "a", askToken, "is not above the bid b");
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        final int at = claim(MessageHeaderEncoder.ENCODED_LENGTH + BestBidOfferEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return;
        }
        bbo.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .updateId(updateId)
            .bidPrice(bidPrice)
            .bidQty(bidQty)
            .askPrice(askPrice)
            .askQty(askQty);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + bbo.encodedLength());
        bestBidOffers++;
    }

    private void onDepthUpdate(final int data)
    {
        failEvent = EV_DEPTH_UPDATE;
        final int lastToken = required(data, K_LAST_UPDATE, "u");
        final long lastUpdateId = id(lastToken, "u");
        if (lastUpdateId >= 0)
        {
            reference = lastUpdateId;
        }
        final Instrument instrument = instrument(data);
        if (instrument == null)
        {
            reject();
            return;
        }
        final long firstUpdateId = id(required(data, K_FIRST_UPDATE, "U"), "U");
        final int prevToken = optional(data, K_PREV_UPDATE);
        final long prevUpdateId = prevToken < 0 ? -1 : id(prevToken, "pu");
        final long exchangeTsNs = exchangeTime(data, K_TIME, "T", K_EVENT_TIME, false);
        final int bids = levelArray(required(data, K_BIDS_SHORT, "b"), "b");
        final int asks = levelArray(required(data, K_ASKS_SHORT, "a"), "a");
        if (failReason == null && lastUpdateId < firstUpdateId)
        {
            fail(RejectReason.BAD_VALUE, "u", lastToken, "is below the first update id U");
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        final int bidCount = json.elementCount(bids);
        final int askCount = json.elementCount(asks);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + DepthUpdateEncoder.BLOCK_LENGTH + 2 * GROUP_HEADER_BYTES
            + (bidCount + askCount) * LEVEL_BYTES;
        if (!fits(bidCount, askCount, length) || !parseLevels(bids, asks, instrument))
        {
            reject();
            return;
        }
        final int at = claim(length);
        if (at < 0)
        {
            return;
        }
        depthUpdate.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .firstUpdateId(firstUpdateId)
            .lastUpdateId(lastUpdateId)
            .prevUpdateId(prevUpdateId)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder bidGroup = depthUpdate.bidsCount(bidCount);
        for (int i = 0; i < bidCount; i++)
        {
            bidGroup.next().price(levelPrice[i]).qty(levelQty[i])
                .priceDecimals(levelPriceDecimals[i]).qtyDecimals(levelQtyDecimals[i]);
        }
        final DepthUpdateEncoder.AsksEncoder askGroup = depthUpdate.asksCount(askCount);
        for (int i = bidCount, end = bidCount + askCount; i < end; i++)
        {
            askGroup.next().price(levelPrice[i]).qty(levelQty[i])
                .priceDecimals(levelPriceDecimals[i]).qtyDecimals(levelQtyDecimals[i]);
        }
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + depthUpdate.encodedLength());
        depthUpdates++;
    }

    private void onSnapshot(final int data, final int stream, final int instrumentIdHint)
    {
        failEvent = EV_SNAPSHOT;
        final long lastUpdateId = id(required(data, K_LAST_UPDATE_ID, "lastUpdateId"), "lastUpdateId");
        if (lastUpdateId >= 0)
        {
            reference = lastUpdateId;
        }
        final Instrument instrument = snapshotInstrument(data, stream, instrumentIdHint);
        if (instrument == null)
        {
            reject();
            return;
        }
        final long exchangeTsNs = exchangeTime(data, K_TIME, "T", K_EVENT_TIME, true);
        final int bids = levelArray(required(data, K_BIDS, "bids"), "bids");
        final int asks = levelArray(required(data, K_ASKS, "asks"), "asks");
        if (failReason != null)
        {
            reject();
            return;
        }
        final int bidCount = json.elementCount(bids);
        final int askCount = json.elementCount(asks);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + DepthSnapshotEncoder.BLOCK_LENGTH + 2 * GROUP_HEADER_BYTES
            + (bidCount + askCount) * LEVEL_BYTES;
        if (!fits(bidCount, askCount, length) || !parseLevels(bids, asks, instrument))
        {
            reject();
            return;
        }
        final int at = claim(length);
        if (at < 0)
        {
            return;
        }
        depthSnapshot.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .lastUpdateId(lastUpdateId)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder bidGroup = depthSnapshot.bidsCount(bidCount);
        for (int i = 0; i < bidCount; i++)
        {
            bidGroup.next().price(levelPrice[i]).qty(levelQty[i])
                .priceDecimals(levelPriceDecimals[i]).qtyDecimals(levelQtyDecimals[i]);
        }
        final DepthSnapshotEncoder.AsksEncoder askGroup = depthSnapshot.asksCount(askCount);
        for (int i = bidCount, end = bidCount + askCount; i < end; i++)
        {
            askGroup.next().price(levelPrice[i]).qty(levelQty[i])
                .priceDecimals(levelPriceDecimals[i]).qtyDecimals(levelQtyDecimals[i]);
        }
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + depthSnapshot.encodedLength());
        depthSnapshots++;
    }

    /**
     * The snapshot's instrument: the hint (a REST response carries no symbol), else a {@code symbol} or {@code s}
     * field, else the envelope's stream name before its first {@code @}.
     */
    private Instrument snapshotInstrument(final int data, final int stream, final int instrumentIdHint)
    {
        if (instrumentIdHint != 0)
        {
            final Instrument byHint = symbols.byId(instrumentIdHint);
            if (byHint == null)
            {
                failWhole(RejectReason.UNKNOWN_INSTRUMENT, "instrument hint " + instrumentIdHint + " is not a "
                    + venue.cliName() + " instrument");
                return null;
            }
            rejectInstrumentId = byHint.id();
            return byHint;
        }
        int symbol = json.field(data, K_SYMBOL_LONG);
        if (symbol < 0)
        {
            symbol = json.field(data, K_SYMBOL);
        }
        if (symbol >= 0)
        {
            return lookup(symbol, json.start(symbol), json.length(symbol));
        }
        if (stream >= 0 && json.type(stream) == JsonTokens.STRING)
        {
            final int start = json.start(stream);
            int end = start;
            while (end < json.end(stream) && json.buffer().getByte(end) != '@')
            {
                end++;
            }
            return lookup(stream, start, end - start);
        }
        failWhole(RejectReason.UNKNOWN_INSTRUMENT, "depth snapshot without an instrument hint or a symbol");
        return null;
    }

    private void onMarkPrice(final int data)
    {
        failEvent = EV_MARK_PRICE;
        final Instrument instrument = instrument(data);
        if (instrument == null)
        {
            reject();
            return;
        }
        // mark, index and settle prices are computed, not traded: Binance prints them with 8 decimals off the tick
        // grid, so they keep the digits as written (Decimal64) instead of the instrument's price exponent
        final int markToken = required(data, K_PRICE, "p");
        final long mark = asWritten(markToken, "p", true);
        final int markExponent = writtenExponent;
        final int indexToken = optionalValue(data, K_INDEX);
        final long index = indexToken < 0 ? 0 : asWritten(indexToken, "i", false);
        final int indexExponent = indexToken < 0 ? instrument.priceExponent() : writtenExponent;
        final int settleToken = optionalValue(data, K_SETTLE);
        final long settle = settleToken < 0 ? 0 : asWritten(settleToken, "P", false);
        final int settleExponent = settleToken < 0 ? instrument.priceExponent() : writtenExponent;
        final int fundingToken = optionalValue(data, K_FUNDING);
        long fundingMantissa = 0;
        int fundingExponent = 0;
        if (fundingToken >= 0 && failReason == null)
        {
            final int digits = json.fractionDigits(fundingToken);
            if (digits > Decimals.MAX_FRACTION_DIGITS)
            {
                fail(RejectReason.PRECISION, "r", fundingToken, TOO_MANY_DIGITS);
            }
            else
            {
                fundingExponent = -digits;
                fundingMantissa = json.decimal(fundingToken, fundingExponent);
                if (!Decimals.isValid(fundingMantissa))
                {
                    fail(RejectReason.MALFORMED, "r", fundingToken, NOT_DECIMAL);
                }
            }
        }
        final int nextFundingToken = optionalValue(data, K_TIME);
        final long nextFundingNs = nextFundingToken < 0 ? 0 : epochNs(nextFundingToken, "T", true);
        final long exchangeTsNs = epochNs(required(data, K_EVENT_TIME, "E"), "E", false);
        if (failReason != null)
        {
            reject();
            return;
        }
        final int at = claim(MessageHeaderEncoder.ENCODED_LENGTH + MarkPriceEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return;
        }
        markPrice.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .nextFundingTimeNs(nextFundingNs)
            .fundingRate().mantissa(fundingMantissa).exponent((byte)fundingExponent);
        markPrice.markPrice().mantissa(mark).exponent((byte)markExponent);
        markPrice.indexPrice().mantissa(index).exponent((byte)indexExponent);
        markPrice.estimatedSettlePrice().mantissa(settle).exponent((byte)settleExponent);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength());
        markPrices++;
    }

    private void onKline(final int data)
    {
        failEvent = EV_KLINE;
        final int k = required(data, K_KLINE, "k");
        if (k >= 0 && json.type(k) != JsonTokens.OBJECT)
        {
            fail(RejectReason.MALFORMED, "k", k, NOT_OBJECT);
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        final Instrument instrument = instrument(json.field(data, K_SYMBOL) >= 0 ? data : k);
        if (instrument == null)
        {
            reject();
            return;
        }
        final int pe = instrument.priceExponent();
        final int qe = instrument.qtyExponent();
        final int xe = instrument.quoteExponent();
        final int openToken = required(k, K_TRADE_ID, "t");
        final long openNs = epochNs(openToken, "t", false);
        final int closeToken = required(k, K_TIME, "T");
        final long binanceCloseNs = epochNs(closeToken, "T", false);
        final int intervalToken = required(k, K_INDEX, "i");
        final long open = price(required(k, K_OPEN, "o"), "o", instrument);
        final long close = price(required(k, K_CLOSE, "c"), "c", instrument);
        final int highToken = required(k, K_HIGH, "h");
        final long high = price(highToken, "h", instrument);
        final long low = price(required(k, K_LOW, "l"), "l", instrument);
        final long volume = quantity(required(k, K_VOLUME, "v"), "v", qe, false);
        final long tradeCount = id(required(k, K_COUNT, "n"), "n");
        final int closed = bool(required(k, K_CLOSED, "x"), "x");
        final long quoteVolume = quantity(required(k, K_QUOTE_VOLUME, "q"), "q", xe, false);
        final int takerToken = required(k, K_TAKER_VOLUME, "V");
        final long takerVolume = quantity(takerToken, "V", qe, false);
        final int takerQuoteToken = required(k, K_TAKER_QUOTE_VOLUME, "Q");
        final long takerQuoteVolume = quantity(takerQuoteToken, "Q", xe, false);
        final long exchangeTsNs = epochNs(required(data, K_EVENT_TIME, "E"), "E", false);
        long closeNs = INVALID;
        if (failReason == null)
        {
            closeNs = klineEndNs(intervalToken, openNs, binanceCloseNs, closeToken);
        }
        if (failReason == null)
        {
            if (high < low || open < low || open > high || close < low || close > high)
            {
                fail(RejectReason.BAD_VALUE, "h", highToken, "and l do not bound o and c");
            }
            else if (takerVolume > volume)
            {
                fail(RejectReason.BAD_VALUE, "V", takerToken, "exceeds the volume v");
            }
            else if (takerQuoteVolume > quoteVolume)
            {
                fail(RejectReason.BAD_VALUE, "Q", takerQuoteToken, "exceeds the quote volume q");
            }
        }
        if (failReason != null)
        {
            reject();
            return;
        }
        final int at = claim(MessageHeaderEncoder.ENCODED_LENGTH + KlineEncoder.BLOCK_LENGTH);
        if (at < 0)
        {
            return;
        }
        kline.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .intervalNs(closeNs - openNs)
            .openTimeNs(openNs)
            .closeTimeNs(closeNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(quoteVolume)
            .tradeCount(tradeCount)
            .takerBuyVolume(takerVolume)
            .takerBuyQuoteVolume(takerQuoteVolume)
            .closed(closed == 1 ? BooleanType.T : BooleanType.F);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + kline.encodedLength());
        klines++;
    }

    /**
     * The exclusive end of the kline: open + the interval {@code i} ({@code 1s}, {@code 15m}, {@code 4h}, {@code 1d},
     * {@code 1w}, or calendar months {@code 1M}, whose length is taken from Binance's close time). Binance's close
     * time {@code T} must be the last millisecond of the interval.
     */
    private long klineEndNs(final int intervalToken, final long openNs, final long binanceCloseNs, final int closeToken)
    {
        final long intervalMs = intervalMs(intervalToken);
        if (intervalMs < 0)
        {
            fail(RejectReason.BAD_VALUE, "i", intervalToken, "is not a kline interval");
            return INVALID;
        }
        final long endNs = binanceCloseNs + NS_PER_MS;
        if (intervalMs == 0)
        {
            final long days = (endNs - openNs) / (86_400_000L * NS_PER_MS);
            if (endNs <= openNs || days < 28 || days > 31 * (long)monthCount(intervalToken))
            {
                fail(RejectReason.BAD_VALUE, "T", closeToken, "does not end a monthly kline opening at t");
                return INVALID;
            }
            return endNs;
        }
        if (endNs - openNs != intervalMs * NS_PER_MS)
        {
            fail(RejectReason.BAD_VALUE, "T", closeToken, "does not end the kline interval i opening at t");
            return INVALID;
        }
        return endNs;
    }

    /** @return the interval in ms, 0 for calendar months ({@code M}), -1 when the text is not an interval */
    private long intervalMs(final int token)
    {
        if (json.type(token) != JsonTokens.STRING || json.length(token) < 2 || json.length(token) > 5)
        {
            return -1;
        }
        final DirectBuffer b = json.buffer();
        final int start = json.start(token);
        final int unitAt = json.end(token) - 1;
        long n = 0;
        for (int p = start; p < unitAt; p++)
        {
            final byte c = b.getByte(p);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        if (n <= 0)
        {
            return -1;
        }
        switch (b.getByte(unitAt))
        {
            case 's': return n * 1_000L;
            case 'm': return n * 60_000L;
            case 'h': return n * 3_600_000L;
            case 'd': return n * 86_400_000L;
            case 'w': return n * 604_800_000L;
            case 'M': return 0;
            default: return -1;
        }
    }

    private int monthCount(final int token)
    {
        int n = 0;
        for (int p = json.start(token), end = json.end(token) - 1; p < end; p++)
        {
            n = n * 10 + (json.buffer().getByte(p) - '0');
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------ fields

    /** The instrument named by the object's {@code s} field; records the failure and returns null otherwise. */
    private Instrument instrument(final int object)
    {
        final int symbol = required(object, K_SYMBOL, "s");
        if (symbol < 0)
        {
            return null;
        }
        if (json.type(symbol) != JsonTokens.STRING)
        {
            fail(RejectReason.MALFORMED, "s", symbol, NOT_STRING);
            return null;
        }
        return lookup(symbol, json.start(symbol), json.length(symbol));
    }

    private Instrument lookup(final int token, final int start, final int length)
    {
        final Instrument instrument = symbols.lookup(json.buffer(), start, length);
        if (instrument == null)
        {
            if (failReason == null)
            {
                failReason = RejectReason.UNKNOWN_INSTRUMENT;
                failText = failEvent + ": unknown symbol '" + abbreviate(json.buffer(), start, length) + "' on "
                    + venue.cliName();
            }
            return null;
        }
        rejectInstrumentId = instrument.id();
        return instrument;
    }

    private int required(final int object, final byte[] key, final String name)
    {
        final int token = json.field(object, key);
        if (token < 0)
        {
            fail(RejectReason.MALFORMED, name, -1, MISSING);
        }
        return token;
    }

    /** The field's token, or -1 when absent. */
    private int optional(final int object, final byte[] key)
    {
        return json.field(object, key);
    }

    /** The field's token, or -1 when absent, null or an empty string (fields some products leave blank). */
    private int optionalValue(final int object, final byte[] key)
    {
        final int token = json.field(object, key);
        if (token < 0 || json.isNull(token) || (json.type(token) == JsonTokens.STRING && json.length(token) == 0))
        {
            return -1;
        }
        return token;
    }

    /** A non-negative integer (an id or a count), or -1 after recording why not. */
    private long id(final int token, final String name)
    {
        if (token < 0)
        {
            return -1;
        }
        final long v = json.integer(token);
        if (!Decimals.isValid(v))
        {
            fail(RejectReason.MALFORMED, name, token, NOT_INTEGER);
            return -1;
        }
        if (v < 0)
        {
            fail(RejectReason.BAD_VALUE, name, token, NEGATIVE);
            return -1;
        }
        return v;
    }

    /** Epoch milliseconds as nanoseconds, or {@link Decimals#INVALID} after recording why not. */
    private long epochNs(final int token, final String name, final boolean zeroAllowed)
    {
        if (token < 0)
        {
            return INVALID;
        }
        final long ms = json.integer(token);
        if (!Decimals.isValid(ms))
        {
            fail(RejectReason.MALFORMED, name, token, NOT_INTEGER);
            return INVALID;
        }
        if (ms < 0 || (ms == 0 && !zeroAllowed) || ms > MAX_EPOCH_MS)
        {
            fail(RejectReason.BAD_VALUE, name, token, NOT_EPOCH_MS);
            return INVALID;
        }
        return ms * NS_PER_MS;
    }

    /** The first of two time fields present; neither: the receive time when allowed, else a missing-field failure. */
    private long exchangeTime(
        final int object,
        final byte[] first,
        final String firstName,
        final byte[] second,
        final boolean receiveTimeAllowed)
    {
        final int a = json.field(object, first);
        if (a >= 0)
        {
            return epochNs(a, firstName, false);
        }
        final int b = json.field(object, second);
        if (b >= 0)
        {
            return epochNs(b, "E", false);
        }
        if (receiveTimeAllowed)
        {
            return receiveTsNs;
        }
        fail(RejectReason.MALFORMED, firstName, -1, MISSING);
        return INVALID;
    }

    private int writtenExponent;

    /**
     * A decimal with exactly the digits it was written with: mantissa returned, exponent ({@code -fraction digits}) in
     * {@link #writtenExponent}; {@link Decimals#INVALID} after recording why not.
     */
    private long asWritten(final int token, final String name, final boolean positive)
    {
        if (token < 0)
        {
            writtenExponent = 0;
            return INVALID;
        }
        final int digits = json.fractionDigits(token);
        if (digits > Decimals.MAX_FRACTION_DIGITS)
        {
            fail(RejectReason.PRECISION, name, token, TOO_MANY_DIGITS);
            writtenExponent = 0;
            return INVALID;
        }
        writtenExponent = -digits;
        return decimal(token, name, -digits, positive);
    }

    private long price(final int token, final String name, final Instrument instrument)
    {
        return decimal(token, name, instrument.priceExponent(), true);
    }

    private long quantity(final int token, final String name, final int exponent, final boolean positive)
    {
        return decimal(token, name, exponent, positive);
    }

    /** A decimal at {@code exponent}, positive or non-negative, or {@link Decimals#INVALID} after recording why not. */
    private long decimal(final int token, final String name, final int exponent, final boolean positive)
    {
        if (token < 0)
        {
            return INVALID;
        }
        final long m = json.decimal(token, exponent);
        if (m == Decimals.TOO_PRECISE)
        {
            fail(RejectReason.PRECISION, name, token, TOO_FINE);
            failExponent = exponent;
            return INVALID;
        }
        if (m == INVALID)
        {
            fail(RejectReason.MALFORMED, name, token, NOT_DECIMAL);
            return INVALID;
        }
        if (positive ? m <= 0 : m < 0)
        {
            fail(RejectReason.BAD_VALUE, name, token, positive ? NOT_POSITIVE : NEGATIVE);
            return INVALID;
        }
        return m;
    }

    /** 1 for {@code true}, 0 for {@code false}, -1 after recording why not. */
    private int bool(final int token, final String name)
    {
        if (token < 0)
        {
            return -1;
        }
        if (json.type(token) == JsonTokens.PRIMITIVE)
        {
            final byte first = json.buffer().getByte(json.start(token));
            if (first == 't')
            {
                return 1;
            }
            if (first == 'f')
            {
                return 0;
            }
        }
        fail(RejectReason.MALFORMED, name, token, NOT_BOOLEAN);
        return -1;
    }

    private int levelArray(final int token, final String name)
    {
        if (token >= 0 && json.type(token) != JsonTokens.ARRAY)
        {
            fail(RejectReason.MALFORMED, name, token, NOT_ARRAY);
            return -1;
        }
        return token;
    }

    /** True when both sides fit an SBE group and the event fits the emit arena; else records TOO_LARGE. */
    private boolean fits(final int bidCount, final int askCount, final int length)
    {
        if (bidCount > MAX_LEVELS_PER_SIDE || askCount > MAX_LEVELS_PER_SIDE)
        {
            failWhole(RejectReason.TOO_LARGE, failEvent + ": " + bidCount + " bids and " + askCount + " asks; an event holds at most "
                + MAX_LEVELS_PER_SIDE + " levels per side");
            return false;
        }
        final int capacity = emitter.buffer().capacity();
        if ((long)length + FRAMING_ALLOWANCE > capacity)
        {
            failWhole(RejectReason.TOO_LARGE, failEvent + ": " + bidCount + " bids and " + askCount + " asks need " + length
                + " bytes; the emit arena holds " + capacity);
            return false;
        }
        return true;
    }

    /** Parses the bids, then the asks right after them, into the level scratch arrays; false after a failure. */
    private boolean parseLevels(final int bids, final int asks, final Instrument instrument)
    {
        final int bidCount = json.elementCount(bids);
        ensureLevelCapacity(bidCount + json.elementCount(asks));
        return parseSide(bids, 0, instrument, "bid") && parseSide(asks, bidCount, instrument, "ask");
    }

    private boolean parseSide(final int array, final int base, final Instrument instrument, final String side)
    {
        final int stop = json.next(array);
        int index = 0;
        for (int e = array + 1; e < stop; e = json.next(e), index++)
        {
            final int slot = base + index;
            if (json.type(e) != JsonTokens.ARRAY || json.elementCount(e) != 2)
            {
                failLevel(RejectReason.MALFORMED, side, index, "level", e, NOT_LEVEL);
                return false;
            }
            final int p = e + 1;
            final int q = json.next(p);
            final long price = json.decimal(p, instrument.priceExponent());
            if (!levelValue(price, true, side, index, "price", p, instrument.priceExponent()))
            {
                return false;
            }
            final long qty = json.decimal(q, instrument.qtyExponent());
            if (!levelValue(qty, false, side, index, "qty", q, instrument.qtyExponent()))
            {
                return false;
            }
            final int priceDigits = json.fractionDigits(p);
            final int qtyDigits = json.fractionDigits(q);
            if (priceDigits > Decimals.MAX_FRACTION_DIGITS)
            {
                failLevel(RejectReason.PRECISION, side, index, "price", p, TOO_MANY_DIGITS);
                return false;
            }
            if (qtyDigits > Decimals.MAX_FRACTION_DIGITS)
            {
                failLevel(RejectReason.PRECISION, side, index, "qty", q, TOO_MANY_DIGITS);
                return false;
            }
            levelPrice[slot] = price;
            levelQty[slot] = qty;
            levelPriceDecimals[slot] = (byte)priceDigits;
            levelQtyDecimals[slot] = (byte)qtyDigits;
        }
        return true;
    }

    private boolean levelValue(
        final long value,
        final boolean positive,
        final String side,
        final int index,
        final String name,
        final int token,
        final int exponent)
    {
        if (value == Decimals.TOO_PRECISE)
        {
            failLevel(RejectReason.PRECISION, side, index, name, token, TOO_FINE);
            failExponent = exponent;
            return false;
        }
        if (value == INVALID)
        {
            failLevel(RejectReason.MALFORMED, side, index, name, token, NOT_DECIMAL);
            return false;
        }
        if (positive ? value <= 0 : value < 0)
        {
            failLevel(RejectReason.BAD_VALUE, side, index, name, token, positive ? NOT_POSITIVE : NEGATIVE);
            return false;
        }
        return true;
    }

    private void ensureLevelCapacity(final int levels)
    {
        if (levels > levelPrice.length)
        {
            final int n = Math.max(levels, levelPrice.length * 2);
            levelPrice = Arrays.copyOf(levelPrice, n);
            levelQty = Arrays.copyOf(levelQty, n);
            levelPriceDecimals = Arrays.copyOf(levelPriceDecimals, n);
            levelQtyDecimals = Arrays.copyOf(levelQtyDecimals, n);
        }
    }

    // ------------------------------------------------------------------------------------------------ emit and reject

    /** Claims {@code length} bytes, or records TOO_LARGE, rejects and returns -1 when the emitter has no room. */
    private int claim(final int length)
    {
        try
        {
            return emitter.claim(length);
        }
        catch (final IllegalStateException ex)
        {
            failWhole(RejectReason.TOO_LARGE, failEvent + ": " + length + " bytes do not fit the emit arena: " + ex.getMessage());
            reject();
            return -1;
        }
    }

    private void fail(final RejectReason reason, final String field, final int token, final String problem)
    {
        if (failReason == null)
        {
            failReason = reason;
            failField = field;
            failToken = token;
            failProblem = problem;
        }
    }

    private void failLevel(
        final RejectReason reason,
        final String side,
        final int index,
        final String field,
        final int token,
        final String problem)
    {
        if (failReason == null)
        {
            fail(reason, field, token, problem);
            failSide = side;
            failLevel = index;
        }
    }

    /** A failure described by a ready text (rare paths only: the text is built by the caller). */
    private void failWhole(final RejectReason reason, final String text)
    {
        if (failReason == null)
        {
            failReason = reason;
            failText = text;
        }
    }

    private void reject()
    {
        final RejectReason reason = failReason == null ? RejectReason.MALFORMED : failReason;
        rejectCounts[reason.ordinal()]++;
        final int rawLength = Math.min(payloadLength, InputRejects.MAX_RAW_BYTES);
        payload.getBytes(payloadOffset, rawScratch, 0, rawLength);
        final int at;
        try
        {
            at = emitter.claim(InputRejects.maxLength());
        }
        catch (final IllegalStateException ex)
        {
            // not even a reject fits: counted, and the input journal still holds the raw message
            rejectsNotEmitted++;
            return;
        }
        final int length = rejects.encode(emitter.buffer(), at, 0, receiveTsNs, rejectInstrumentId, SOURCE, reason, reference,
            detail(), rawScratch, 0, rawLength);
        emitter.commit(length);
    }

    private String detail()
    {
        if (failText != null)
        {
            return failText;
        }
        final StringBuilder sb = new StringBuilder(96).append(failEvent).append(": ");
        if (failSide != null)
        {
            sb.append(failSide).append(' ').append(failLevel).append(' ');
        }
        sb.append(failField);
        if (failToken >= 0)
        {
            sb.append(" '").append(abbreviate(json.buffer(), json.start(failToken), json.length(failToken))).append('\'');
        }
        sb.append(' ').append(failProblem);
        if (failReason == RejectReason.PRECISION && failProblem == TOO_FINE)
        {
            sb.append(' ').append(failExponent);
        }
        return sb.toString();
    }

    private static String abbreviate(final DirectBuffer buffer, final int start, final int length)
    {
        final int n = Math.min(length, MAX_DETAIL_VALUE_CHARS);
        final String text = buffer.getStringWithoutLengthAscii(start, n);
        return n < length ? text + "..." : text;
    }

    // ------------------------------------------------------------------------------------------------ counters

    /** @return messages handed to {@link #parse} */
    public long messages()
    {
        return messages;
    }

    /** @return messages recognised as control (subscription acks, error responses) and ignored */
    public long ignored()
    {
        return ignoredAcks + ignoredControl;
    }

    /** @return messages refused for {@code reason} */
    public long rejected(final RejectReason reason)
    {
        return rejectCounts[reason.ordinal()];
    }

    /** @return messages refused for any reason */
    public long rejected()
    {
        long total = 0;
        for (final long n : rejectCounts)
        {
            total += n;
        }
        return total;
    }

    /**
     * What the parser saw, in a stable order: messages, events emitted per kind, ignored control messages, rejects
     * in total and per reason (reasons with none are left out). Allocates: read it off the hot path.
     */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("messages", messages);
        m.put("internalErrors", internalErrors);
        m.put("trades", trades);
        m.put("aggTrades", aggTrades);
        m.put("liquidations", liquidations);
        m.put("bestBidOffers", bestBidOffers);
        m.put("depthUpdates", depthUpdates);
        m.put("depthSnapshots", depthSnapshots);
        m.put("markPrices", markPrices);
        m.put("klines", klines);
        m.put("ignoredAcks", ignoredAcks);
        m.put("ignoredControl", ignoredControl);
        m.put("rejected", rejected());
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && rejectCounts[reason.ordinal()] > 0)
            {
                m.put("rejected." + reason.name(), rejectCounts[reason.ordinal()]);
            }
        }
        if (rejectsNotEmitted > 0)
        {
            m.put("rejectsNotEmitted", rejectsNotEmitted);
        }
        return m;
    }
}
