package dev.trader.adapters.bybit;

import dev.trader.adapters.json.JsonTokens;
import dev.trader.adapters.parse.JsonVenueParser;
import dev.trader.adapters.parse.SymbolTable;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Map;

import static dev.trader.adapters.json.JsonTokens.ascii;

/**
 * Bybit v5 public WebSocket messages ({@code {"topic":..,"type":..,"ts":..,"data":..}}) to engine events. Zero
 * allocation on the success path; never throws (bad input becomes an InputReject with source {@code "bybit"}).
 *
 * <table>
 *   <caption>Topic mapping</caption>
 *   <tr><th>topic</th><th>event</th></tr>
 *   <tr><td>{@code orderbook.<depth>.<symbol>}</td><td>{@code snapshot} -> DepthSnapshot ({@code lastUpdateId = u});
 *       {@code delta} -> DepthUpdate ({@code firstUpdateId = lastUpdateId = u}, {@code prevUpdateId = -1}: the book
 *       rule is u continuity, {@code u == previous u + 1}). A {@code delta} with {@code u == 1} is Bybit's "service
 *       restarted, overwrite your book" and becomes a DepthSnapshot. {@code seq} (a cross-topic matching engine
 *       sequence) is not carried; nor is there a checksum.</td></tr>
 *   <tr><td>{@code publicTrade.<symbol>}</td><td>Trade per row, booked on the topic's instrument: a row's
 *       {@code s} must name the topic's symbol (else the message is MALFORMED, counted in {@code symbolMismatches},
 *       as is a data {@code s}/{@code symbol} of the other topics); {@code S} is the taker side, {@code BT:true}
 *       (block trade) -> BLOCK. The trade id {@code i} is a UUID-like string on derivatives: an all-digit id that fits
 *       an int64 (spot) is taken as is, anything else becomes the 64-bit FNV-1a hash of its exact bytes with the sign
 *       bit cleared (deterministic, so replays agree; equal ids give equal hashes).</td></tr>
 *   <tr><td>{@code tickers.<symbol>}</td><td>Linear/inverse tickers are a snapshot followed by deltas carrying only
 *       changed fields; the parser keeps the last known bid1/ask1 price and size, mark, index, funding rate and
 *       next funding time per instrument (preallocated). A message that carries any quote field emits a
 *       BestBidOffer ({@code updateId = cs}, else -1) once all four quote fields are known; one that carries any of
 *       mark/index/funding emits a MarkPrice once mark and index are known (funding rate 0e0 and funding time 0
 *       while unknown, e.g. dated futures send {@code ""}). An empty string clears a field. A snapshot resets the
 *       state. Spot tickers (no bid1/ask1) emit nothing.</td></tr>
 *   <tr><td>{@code kline.<interval>.<symbol>}</td><td>Kline per row: volume = {@code volume}, quoteVolume =
 *       {@code turnover}, closed = {@code confirm}. Monthly klines are refused (no fixed length).</td></tr>
 * </table>
 *
 * <p>Exchange time is the message {@code ts} (ms -> ns; 0 when absent), except trades, which use each row's
 * {@code T}.
 *
 * <p>Ignored and counted: operation responses ({@code {"success":true,"op":"subscribe",..}}; {@code success:false}
 * counted as failures) and pongs. Unknown topics and instruments, malformed JSON, values finer than the
 * instrument's exponents, non-positive prices and negative sizes are rejected; a message is published whole or not
 * at all (the ticker state is only updated by a message that is published).
 *
 * <p>Only WebSocket frames are expected: the depth channels carry their own snapshots, so REST responses are not
 * parsed (they are refused as unknown messages) and {@code instrumentIdHint} is not used.
 */
public final class BybitParser extends JsonVenueParser
{
    /** InputReject source. */
    public static final String SOURCE = "bybit";

    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] TYPE = ascii("type");
    private static final byte[] TS = ascii("ts");
    private static final byte[] DATA = ascii("data");
    private static final byte[] OP = ascii("op");
    private static final byte[] SUCCESS = ascii("success");
    private static final byte[] RET_MSG = ascii("ret_msg");
    private static final byte[] PONG = ascii("pong");
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] DELTA = ascii("delta");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] S = ascii("s");
    private static final byte[] B = ascii("b");
    private static final byte[] A = ascii("a");
    private static final byte[] U = ascii("u");
    private static final byte[] T = ascii("T");
    private static final byte[] SIDE = ascii("S");
    private static final byte[] V = ascii("v");
    private static final byte[] P = ascii("p");
    private static final byte[] I = ascii("i");
    private static final byte[] BT = ascii("BT");
    private static final byte[] BUY = ascii("Buy");
    private static final byte[] SELL = ascii("Sell");
    private static final byte[] CS = ascii("cs");
    private static final byte[] SYMBOL = ascii("symbol");
    private static final byte[] START = ascii("start");
    private static final byte[] END = ascii("end");
    private static final byte[] OPEN = ascii("open");
    private static final byte[] HIGH = ascii("high");
    private static final byte[] LOW = ascii("low");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] VOLUME = ascii("volume");
    private static final byte[] TURNOVER = ascii("turnover");
    private static final byte[] CONFIRM = ascii("confirm");
    private static final byte[] TIMESTAMP = ascii("timestamp");

    private static final byte[] T_ORDERBOOK = ascii("orderbook.");
    private static final byte[] T_PUBLIC_TRADE = ascii("publicTrade.");
    private static final byte[] T_TICKERS = ascii("tickers.");
    private static final byte[] T_KLINE = ascii("kline.");

    /** Ticker fields kept per instrument, in this order. */
    private static final byte[][] TICKER_FIELDS = {
        ascii("bid1Price"), ascii("bid1Size"), ascii("ask1Price"), ascii("ask1Size"),
        ascii("markPrice"), ascii("indexPrice"), ascii("fundingRate"), ascii("nextFundingTime")};
    private static final int BID_PX = 0;
    private static final int BID_SZ = 1;
    private static final int ASK_PX = 2;
    private static final int ASK_SZ = 3;
    private static final int MARK = 4;
    private static final int INDEX = 5;
    private static final int FUNDING = 6;
    private static final int NEXT_FUNDING = 7;
    private static final int QUOTE_MASK = 0b1111;
    private static final int MARK_INDEX_MASK = (1 << MARK) | (1 << INDEX);
    private static final int MARK_MASK = MARK_INDEX_MASK | (1 << FUNDING) | (1 << NEXT_FUNDING);

    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long DAY_NS = 1440 * MINUTE_NS;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final SymbolTable symbols;
    private final Int2ObjectHashMap<TickerState> tickers = new Int2ObjectHashMap<>();
    private final long[] tickerValues = new long[TICKER_FIELDS.length];
    private int fundingExponent;

    private long opAcks;
    private long opFailures;
    private long pongs;
    private long restartSnapshots;
    private long tickersIncomplete;
    private long symbolMismatches;

    /** Last known ticker fields of one instrument. */
    private static final class TickerState
    {
        final long[] values = new long[TICKER_FIELDS.length];
        int known;
        int fundingExponent;
    }

    /** A parser for the Bybit instruments of {@code registry}. */
    public BybitParser(final InstrumentRegistry registry)
    {
        super(SOURCE);
        this.symbols = new SymbolTable(registry, Venue.BYBIT);
        for (final Instrument i : registry.all())
        {
            if (i.venue() == Venue.BYBIT)
            {
                tickers.put(i.id(), new TickerState());
            }
        }
    }

    @Override
    protected boolean parseMessage(
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long receiveTsNs,
        final int instrumentIdHint,
        final boolean isRest)
    {
        if (!json.parse(payload, offset, length))
        {
            return fail(RejectReason.MALFORMED, "not JSON: " + json.error());
        }
        if (json.type(0) != JsonTokens.OBJECT)
        {
            return fail(RejectReason.MALFORMED, "not a JSON object");
        }
        final int topic = json.field(0, TOPIC);
        if (topic < 0)
        {
            return control();
        }
        if (requireString(topic, "topic") < 0)
        {
            return false;
        }
        if (json.textStartsWith(topic, T_ORDERBOOK))
        {
            final Instrument instrument = topicInstrument(topic);
            return instrument != null && orderbook(instrument, receiveTsNs);
        }
        if (json.textStartsWith(topic, T_PUBLIC_TRADE))
        {
            final Instrument instrument = topicInstrument(topic);
            return instrument != null && trades(instrument, receiveTsNs);
        }
        if (json.textStartsWith(topic, T_TICKERS))
        {
            final Instrument instrument = topicInstrument(topic);
            return instrument != null && ticker(instrument, receiveTsNs);
        }
        if (json.textStartsWith(topic, T_KLINE))
        {
            final long intervalNs = klineIntervalNs(topic);
            if (intervalNs <= 0)
            {
                return fail(RejectReason.UNKNOWN_MESSAGE, "unsupported kline topic '" + json.text(topic) + "'");
            }
            final Instrument instrument = topicInstrument(topic);
            return instrument != null && klines(instrument, intervalNs, receiveTsNs);
        }
        return fail(RejectReason.UNKNOWN_MESSAGE, "unknown topic '" + json.text(topic) + "'");
    }

    private boolean control()
    {
        final int op = json.field(0, OP);
        final int success = json.field(0, SUCCESS);
        if (op < 0 && success < 0)
        {
            return fail(RejectReason.UNKNOWN_MESSAGE, "neither a topic message nor an operation response");
        }
        final int retMsg = json.field(0, RET_MSG);
        if ((op >= 0 && json.textEquals(op, PONG)) || (retMsg >= 0 && json.textEquals(retMsg, PONG)))
        {
            pongs++;
        }
        else if (success >= 0 && json.textEquals(success, FALSE))
        {
            opFailures++;
        }
        else
        {
            opAcks++;
        }
        return true;
    }

    /** The instrument named after the topic's last dot; null after {@link #fail} when unknown. */
    private Instrument topicInstrument(final int topic)
    {
        final DirectBuffer b = json.buffer();
        final int end = json.end(topic);
        int dot = end - 1;
        while (dot >= json.start(topic) && b.getByte(dot) != '.')
        {
            dot--;
        }
        final Instrument instrument = symbols.lookup(b, dot + 1, end - dot - 1);
        if (instrument == null)
        {
            fail(RejectReason.UNKNOWN_INSTRUMENT, "unknown symbol in topic '" + json.text(topic) + "'");
            return null;
        }
        rejectInstrument(instrument.id());
        return instrument;
    }

    /** The message {@code ts} in ns, 0 when absent, {@link #FAILED} when bad. */
    private long messageTs()
    {
        final int ts = json.field(0, TS);
        return isAbsent(ts) ? 0 : millisAsNanos(ts, "ts");
    }

    /** -1 for snapshot, 1 for delta, 0 after {@link #fail}. */
    private int snapshotOrDelta()
    {
        final int type = json.field(0, TYPE);
        if (type >= 0 && json.textEquals(type, SNAPSHOT))
        {
            return -1;
        }
        if (type >= 0 && json.textEquals(type, DELTA))
        {
            return 1;
        }
        fail(RejectReason.MALFORMED, type < 0 ? "missing type" : "unknown type '" + json.text(type) + "'");
        return 0;
    }

    /**
     * True when the symbol a data object or row names (absent: nothing to check) is the topic's; otherwise a
     * MALFORMED reject, counted in {@link #symbolMismatches()}: an event is only ever booked on the topic's
     * instrument, so a row naming another one (known or not) makes the message inconsistent.
     */
    private boolean symbolMatches(final Instrument instrument, final int symbolToken, final String what)
    {
        if (symbolToken < 0)
        {
            return true;
        }
        if (symbols.lookup(json, symbolToken) != instrument)
        {
            symbolMismatches++;
            return fail(RejectReason.MALFORMED, what + " symbol '" + json.text(symbolToken) + "' is not the topic's '"
                + instrument.symbol() + "'");
        }
        return true;
    }

    // ------------------------------------------------------------------ orderbook

    private boolean orderbook(final Instrument instrument, final long receiveTsNs)
    {
        final int type = snapshotOrDelta();
        if (type == 0)
        {
            return false;
        }
        final int data = requireObject(json.field(0, DATA), "data");
        if (data < 0 || !symbolMatches(instrument, json.field(data, S), "data"))
        {
            return false;
        }
        final long ts = messageTs();
        if (ts == FAILED)
        {
            return false;
        }
        final long u = wholeNumber(json.field(data, U), "u");
        if (u == FAILED)
        {
            return false;
        }
        if (u < 0)
        {
            return fail(RejectReason.BAD_VALUE, "negative u " + u);
        }
        final int bids = json.field(data, B);
        final int asks = json.field(data, A);
        if (type < 0)
        {
            return stageDepthSnapshot(instrument, ts, receiveTsNs, u, 0, false, bids, asks);
        }
        if (u == 1)
        {
            // "u = 1": the order book service restarted; this delta is a full image that replaces the book
            if (!stageDepthSnapshot(instrument, ts, receiveTsNs, u, 0, false, bids, asks))
            {
                return false;
            }
            restartSnapshots++;
            return true;
        }
        return stageDepthUpdate(instrument, ts, receiveTsNs, u, u, NONE, 0, false, bids, asks);
    }

    // ------------------------------------------------------------------ trades

    private boolean trades(final Instrument instrument, final long receiveTsNs)
    {
        final int data = requireArray(json.field(0, DATA), "data");
        if (data < 0)
        {
            return false;
        }
        for (int row = json.firstElement(data); row >= 0 && row < json.next(data); row = json.next(row))
        {
            if (!trade(instrument, row, receiveTsNs))
            {
                return false;
            }
        }
        return true;
    }

    private boolean trade(final Instrument instrument, final int row, final long receiveTsNs)
    {
        if (requireObject(row, "trade row") < 0 || !symbolMatches(instrument, json.field(row, S), "trade row"))
        {
            return false;
        }
        final long ts = millisAsNanos(json.field(row, T), "T");
        if (ts == FAILED)
        {
            return false;
        }
        final long price = price(json.field(row, P), instrument, "p");
        if (price == FAILED)
        {
            return false;
        }
        final long qty = qty(json.field(row, V), instrument, "v");
        if (qty == FAILED)
        {
            return false;
        }
        if (qty == 0)
        {
            return fail(RejectReason.BAD_VALUE, "trade size v is 0");
        }
        final int side = json.field(row, SIDE);
        final Side aggressor;
        if (side >= 0 && json.textEquals(side, BUY))
        {
            aggressor = Side.BUY;
        }
        else if (side >= 0 && json.textEquals(side, SELL))
        {
            aggressor = Side.SELL;
        }
        else
        {
            return fail(RejectReason.BAD_VALUE, side < 0 ? "missing side S" : "unknown side '" + json.text(side) + "'");
        }
        final int id = json.field(row, I);
        if (id < 0 || (json.type(id) != JsonTokens.STRING && json.type(id) != JsonTokens.PRIMITIVE) || json.length(id) == 0)
        {
            return fail(RejectReason.MALFORMED, "missing trade id i");
        }
        final long tradeId = tradeId(json.buffer(), json.start(id), json.length(id));
        final TradeType type = json.isTrue(json.field(row, BT)) ? TradeType.BLOCK : TradeType.TRADE;
        stageTrade(instrument, ts, receiveTsNs, tradeId, price, qty, aggressor, type, tradeId, tradeId);
        return true;
    }

    /**
     * A Bybit trade id as an int64: all-digit ids that fit an int64 as their value, anything else (the UUID-like
     * ids of derivatives) as the FNV-1a 64-bit hash of the exact bytes with the sign bit cleared.
     */
    public static long tradeId(final DirectBuffer buffer, final int offset, final int length)
    {
        boolean digits = length > 0 && length <= 19;
        long value = 0;
        for (int i = 0; i < length && digits; i++)
        {
            final int d = buffer.getByte(offset + i) - '0';
            digits = d >= 0 && d <= 9 && value <= (Long.MAX_VALUE - d) / 10;
            value = value * 10 + d;
        }
        if (digits)
        {
            return value;
        }
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++)
        {
            h ^= buffer.getByte(offset + i) & 0xFF;
            h *= FNV_PRIME;
        }
        return h & Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ tickers

    private boolean ticker(final Instrument instrument, final long receiveTsNs)
    {
        final int type = snapshotOrDelta();
        if (type == 0)
        {
            return false;
        }
        final int data = requireObject(json.field(0, DATA), "data");
        if (data < 0 || !symbolMatches(instrument, json.field(data, SYMBOL), "data"))
        {
            return false;
        }
        final long ts = messageTs();
        if (ts == FAILED)
        {
            return false;
        }
        final long cs = optionalWholeNumber(json.field(0, CS), NONE, "cs");
        if (cs == FAILED)
        {
            return false;
        }
        // parse every field first: the state changes only when the whole message is good
        int present = 0;
        int cleared = 0;
        for (int f = 0; f < TICKER_FIELDS.length; f++)
        {
            final int token = json.field(data, TICKER_FIELDS[f]);
            if (token < 0)
            {
                continue;
            }
            if (isAbsent(token))
            {
                cleared |= 1 << f;
                continue;
            }
            final long v = tickerField(f, token, instrument);
            if (v == FAILED)
            {
                return false;
            }
            tickerValues[f] = v;
            present |= 1 << f;
        }
        final TickerState state = tickers.get(instrument.id());
        if (type < 0)
        {
            state.known = 0;
        }
        for (int f = 0; f < TICKER_FIELDS.length; f++)
        {
            if ((present & (1 << f)) != 0)
            {
                state.values[f] = tickerValues[f];
            }
        }
        if ((present & (1 << FUNDING)) != 0)
        {
            state.fundingExponent = fundingExponent;
        }
        state.known = (state.known | present) & ~cleared;
        final int touched = present | cleared;
        boolean incomplete = false;
        if ((touched & QUOTE_MASK) != 0)
        {
            if ((state.known & QUOTE_MASK) == QUOTE_MASK)
            {
                stageBestBidOffer(instrument, ts, receiveTsNs, cs, state.values[BID_PX], state.values[BID_SZ],
                    state.values[ASK_PX], state.values[ASK_SZ]);
            }
            else
            {
                incomplete = true;
            }
        }
        if ((touched & MARK_MASK) != 0)
        {
            if ((state.known & MARK_INDEX_MASK) == MARK_INDEX_MASK)
            {
                final boolean funding = (state.known & (1 << FUNDING)) != 0;
                final boolean next = (state.known & (1 << NEXT_FUNDING)) != 0;
                stageMarkPrice(instrument, ts, receiveTsNs, state.values[MARK], state.values[INDEX],
                    funding ? state.values[FUNDING] : 0, funding ? state.fundingExponent : 0,
                    next ? state.values[NEXT_FUNDING] : 0);
            }
            else
            {
                incomplete = true;
            }
        }
        if (incomplete)
        {
            tickersIncomplete++;
        }
        return true;
    }

    private long tickerField(final int field, final int token, final Instrument instrument)
    {
        switch (field)
        {
            case BID_PX:
            case ASK_PX:
            case MARK:
            case INDEX:
                return price(token, instrument, "ticker price");
            case BID_SZ:
            case ASK_SZ:
                return qty(token, instrument, "ticker size");
            case FUNDING:
            {
                final int decimals = writtenDecimals(token, "fundingRate");
                if (decimals < 0)
                {
                    return FAILED;
                }
                final long rate = json.decimal(token, -decimals);
                if (!Decimals.isValid(rate))
                {
                    return failValue(RejectReason.BAD_VALUE, "fundingRate '" + json.text(token) + "' is not a decimal number");
                }
                fundingExponent = -decimals;
                return rate;
            }
            default:
                return millisAsNanos(token, "nextFundingTime");
        }
    }

    // ------------------------------------------------------------------ klines

    private boolean klines(final Instrument instrument, final long intervalNs, final long receiveTsNs)
    {
        final int data = requireArray(json.field(0, DATA), "data");
        if (data < 0)
        {
            return false;
        }
        final long messageTs = messageTs();
        if (messageTs == FAILED)
        {
            return false;
        }
        for (int row = json.firstElement(data); row >= 0 && row < json.next(data); row = json.next(row))
        {
            if (!kline(instrument, intervalNs, row, messageTs, receiveTsNs))
            {
                return false;
            }
        }
        return true;
    }

    private boolean kline(
        final Instrument instrument,
        final long intervalNs,
        final int row,
        final long messageTs,
        final long receiveTsNs)
    {
        if (requireObject(row, "kline row") < 0)
        {
            return false;
        }
        final long start = millisAsNanos(json.field(row, START), "start");
        if (start == FAILED)
        {
            return false;
        }
        if (start > Long.MAX_VALUE - intervalNs)
        {
            return fail(RejectReason.BAD_VALUE, "kline start out of range");
        }
        final int endToken = json.field(row, END);
        if (endToken >= 0)
        {
            final long end = millisAsNanos(endToken, "end");
            if (end == FAILED)
            {
                return false;
            }
            if (end != start + intervalNs - NANOS_PER_MILLI)
            {
                return fail(RejectReason.BAD_VALUE, "kline end does not match start + interval of the topic");
            }
        }
        final long open = price(json.field(row, OPEN), instrument, "open");
        final long high = open == FAILED ? FAILED : price(json.field(row, HIGH), instrument, "high");
        final long low = high == FAILED ? FAILED : price(json.field(row, LOW), instrument, "low");
        final long close = low == FAILED ? FAILED : price(json.field(row, CLOSE), instrument, "close");
        final long volume = close == FAILED ? FAILED : qty(json.field(row, VOLUME), instrument, "volume");
        final long turnover = volume == FAILED ? FAILED : quote(json.field(row, TURNOVER), instrument, "turnover");
        if (turnover == FAILED || !candleShape(open, high, low, close))
        {
            return false;
        }
        long ts = messageTs;
        if (ts == 0)
        {
            final int rowTs = json.field(row, TIMESTAMP);
            ts = isAbsent(rowTs) ? 0 : millisAsNanos(rowTs, "timestamp");
            if (ts == FAILED)
            {
                return false;
            }
        }
        stageKline(instrument, ts, receiveTsNs, intervalNs, start, open, high, low, close, volume, turnover,
            json.isTrue(json.field(row, CONFIRM)));
        return true;
    }

    /** {@code kline.<interval>.<symbol>}: minutes (1..720), D or W -> nanoseconds; -1 otherwise (M: months). */
    private long klineIntervalNs(final int topic)
    {
        final DirectBuffer b = json.buffer();
        final int from = json.start(topic) + T_KLINE.length;
        final int end = json.end(topic);
        int dot = from;
        while (dot < end && b.getByte(dot) != '.')
        {
            dot++;
        }
        final int len = dot - from;
        if (dot >= end || len == 0 || len > 4)
        {
            return -1;
        }
        final byte first = b.getByte(from);
        if (len == 1 && first == 'D')
        {
            return DAY_NS;
        }
        if (len == 1 && first == 'W')
        {
            return 7 * DAY_NS;
        }
        long minutes = 0;
        for (int p = from; p < dot; p++)
        {
            final byte c = b.getByte(p);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            minutes = minutes * 10 + (c - '0');
        }
        return minutes > 0 ? minutes * MINUTE_NS : -1;
    }

    // ------------------------------------------------------------------ counters

    /** Successful operation responses (subscribe, unsubscribe, auth). */
    public long opAcks()
    {
        return opAcks;
    }

    /** Operation responses with {@code success:false}. */
    public long opFailures()
    {
        return opFailures;
    }

    /** Pong responses. */
    public long pongs()
    {
        return pongs;
    }

    /** Deltas with {@code u == 1} emitted as DepthSnapshot (order book service restarts). */
    public long restartSnapshots()
    {
        return restartSnapshots;
    }

    /** Ticker messages that could not yet emit a complete BestBidOffer or MarkPrice (fields still unknown). */
    public long tickersIncomplete()
    {
        return tickersIncomplete;
    }

    /** Messages rejected because a data object or trade row names another symbol than the topic. */
    public long symbolMismatches()
    {
        return symbolMismatches;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = super.counters();
        m.put("opAcks", opAcks);
        m.put("opFailures", opFailures);
        m.put("pongs", pongs);
        m.put("restartSnapshots", restartSnapshots);
        m.put("tickersIncomplete", tickersIncomplete);
        m.put("symbolMismatches", symbolMismatches);
        return m;
    }
}
