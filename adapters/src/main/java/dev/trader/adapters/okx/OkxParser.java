package dev.trader.adapters.okx;

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

import java.util.Map;

import static dev.trader.adapters.json.JsonTokens.ascii;

/**
 * OKX v5 public WebSocket messages ({@code {"arg":{"channel":..,"instId":..},"action":..,"data":[..]}}) to engine
 * events. Zero allocation on the success path; never throws (bad input becomes an InputReject with source
 * {@code "okx"}).
 *
 * <table>
 *   <caption>Channel mapping</caption>
 *   <tr><th>channel</th><th>event</th></tr>
 *   <tr><td>{@code books}, {@code books-l2-tbt}, {@code books50-l2-tbt}</td>
 *       <td>{@code action:"snapshot"} -> DepthSnapshot ({@code lastUpdateId = seqId});
 *       {@code action:"update"} -> DepthUpdate ({@code firstUpdateId = lastUpdateId = seqId},
 *       {@code prevUpdateId = prevSeqId}). Without seqId/prevSeqId (older messages, e.g. the 2022 capture) the ids are -1.
 *       {@code checksum} (signed CRC32 of the top 25 levels over the exact strings) -> {@code hasChecksum = T}.
 *       Levels are {@code [px, sz, liqOrders, numOrders]}; only px and sz are used, with their written fraction
 *       digits.</td></tr>
 *   <tr><td>{@code books5}</td><td>DepthSnapshot: OKX pushes the whole top-5 image each time (no action field),
 *       so every message replaces the book; do not subscribe books5 together with another depth channel of the same
 *       instrument.</td></tr>
 *   <tr><td>{@code bbo-tbt}</td><td>BestBidOffer from the single level of each side ({@code updateId = seqId},
 *       else -1): it is top of book, not depth, and must not reset a book built from {@code books}. An empty
 *       side is price 0, qty 0.</td></tr>
 *   <tr><td>{@code trades}, {@code trades-all}</td><td>Trade: {@code side} is the taker side; {@code tradeId}
 *       numeric. A {@code trades} row with {@code count > 1} aggregates several fills of one taker order:
 *       AGG_TRADE with {@code lastTradeId = tradeId} and {@code firstTradeId = -1} (OKX sends only the last
 *       id).</td></tr>
 *   <tr><td>{@code tickers}</td><td>BestBidOffer from bidPx/bidSz/askPx/askSz ({@code updateId = -1}); an empty
 *       side ({@code ""}) is price 0, qty 0.</td></tr>
 *   <tr><td>{@code funding-rate}</td><td>MarkPrice with {@code fundingRate} as Decimal64 (exponent = minus the
 *       fraction digits written), {@code nextFundingTimeNs = fundingTime} (the settlement the rate applies to),
 *       mark/index 0.</td></tr>
 *   <tr><td>{@code mark-price}</td><td>MarkPrice with {@code markPx}; index, funding rate (0e0) and funding time
 *       0.</td></tr>
 *   <tr><td>{@code candle<n><s|m|H|D|W>[utc]}</td><td>Kline per row {@code [ts,o,h,l,c,vol,volCcy,volCcyQuote,
 *       confirm]}: volume = vol (instrument quantity units), quoteVolume = volCcyQuote, closed = confirm "1".
 *       Month candles are refused (no fixed length).</td></tr>
 * </table>
 *
 * <p>Exchange time is the row's {@code ts} (ms -> ns); rows without one (older funding-rate pushes) carry 0. Candle
 * rows carry only their open time: exchange time is the close time for a confirmed candle, the open time otherwise.
 *
 * <p>Ignored and counted: {@code {"event":"subscribe"|"unsubscribe",..}} acks, {@code {"event":"error",..}}
 * (errors), other events (login, notice, channel-conn-count) and the text frame {@code pong}. Unknown channels and
 * instruments, malformed JSON, values finer than the instrument's exponents, non-positive prices and negative sizes
 * are rejected; a message is published whole or not at all.
 *
 * <p>Only WebSocket frames are expected: the depth channels carry their own snapshots, so REST responses are not
 * parsed (they are refused as unknown messages) and {@code instrumentIdHint} is not used.
 */
public final class OkxParser extends JsonVenueParser
{
    /** InputReject source. */
    public static final String SOURCE = "okx";

    private static final byte[] EVENT = ascii("event");
    private static final byte[] ARG = ascii("arg");
    private static final byte[] CHANNEL = ascii("channel");
    private static final byte[] INST_ID = ascii("instId");
    private static final byte[] DATA = ascii("data");
    private static final byte[] ACTION = ascii("action");
    private static final byte[] SNAPSHOT = ascii("snapshot");
    private static final byte[] UPDATE = ascii("update");
    private static final byte[] SUBSCRIBE = ascii("subscribe");
    private static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] ASKS = ascii("asks");
    private static final byte[] BIDS = ascii("bids");
    private static final byte[] TS = ascii("ts");
    private static final byte[] CHECKSUM = ascii("checksum");
    private static final byte[] SEQ_ID = ascii("seqId");
    private static final byte[] PREV_SEQ_ID = ascii("prevSeqId");
    private static final byte[] TRADE_ID = ascii("tradeId");
    private static final byte[] PX = ascii("px");
    private static final byte[] SZ = ascii("sz");
    private static final byte[] SIDE = ascii("side");
    private static final byte[] COUNT = ascii("count");
    private static final byte[] BUY = ascii("buy");
    private static final byte[] SELL = ascii("sell");
    private static final byte[] BID_PX = ascii("bidPx");
    private static final byte[] BID_SZ = ascii("bidSz");
    private static final byte[] ASK_PX = ascii("askPx");
    private static final byte[] ASK_SZ = ascii("askSz");
    private static final byte[] FUNDING_RATE = ascii("fundingRate");
    private static final byte[] FUNDING_TIME = ascii("fundingTime");
    private static final byte[] MARK_PX = ascii("markPx");
    private static final byte[] ONE = ascii("1");
    private static final byte[] PONG = ascii("pong");

    private static final byte[] CH_BOOKS = ascii("books");
    private static final byte[] CH_BOOKS5 = ascii("books5");
    private static final byte[] CH_BBO_TBT = ascii("bbo-tbt");
    private static final byte[] CH_BOOKS_L2_TBT = ascii("books-l2-tbt");
    private static final byte[] CH_BOOKS50_L2_TBT = ascii("books50-l2-tbt");
    private static final byte[] CH_TRADES = ascii("trades");
    private static final byte[] CH_TRADES_ALL = ascii("trades-all");
    private static final byte[] CH_TICKERS = ascii("tickers");
    private static final byte[] CH_FUNDING_RATE = ascii("funding-rate");
    private static final byte[] CH_MARK_PRICE = ascii("mark-price");
    private static final byte[] CH_CANDLE = ascii("candle");
    private static final byte[] UTC = ascii("utc");

    private static final int UNKNOWN = 0;
    private static final int BOOKS = 1;
    private static final int BOOKS5 = 2;
    private static final int BBO_TBT = 3;
    private static final int TRADES = 4;
    private static final int TICKERS = 5;
    private static final int FUNDING = 6;
    private static final int MARK = 7;
    private static final int CANDLE = 8;

    private static final long SECOND_NS = 1_000_000_000L;

    private final SymbolTable symbols;

    private long subscribeAcks;
    private long errorEvents;
    private long otherEvents;
    private long pongs;

    /** A parser for the OKX instruments of {@code registry}. */
    public OkxParser(final InstrumentRegistry registry)
    {
        super(SOURCE);
        this.symbols = new SymbolTable(registry, Venue.OKX);
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
        if (isPong(payload, offset, length))
        {
            pongs++;
            return true;
        }
        if (!json.parse(payload, offset, length))
        {
            return fail(RejectReason.MALFORMED, "not JSON: " + json.error());
        }
        if (json.type(0) != JsonTokens.OBJECT)
        {
            return fail(RejectReason.MALFORMED, "not a JSON object");
        }
        final int event = json.field(0, EVENT);
        if (event >= 0)
        {
            if (json.textEquals(event, ERROR))
            {
                errorEvents++;
            }
            else if (json.textEquals(event, SUBSCRIBE) || json.textEquals(event, UNSUBSCRIBE))
            {
                subscribeAcks++;
            }
            else
            {
                otherEvents++;
            }
            return true;
        }
        final int arg = json.field(0, ARG);
        final int data = json.field(0, DATA);
        if (arg < 0 || data < 0)
        {
            return fail(RejectReason.UNKNOWN_MESSAGE, "neither an event nor channel data");
        }
        if (requireObject(arg, "arg") < 0 || requireArray(data, "data") < 0)
        {
            return false;
        }
        final int channel = requireString(json.field(arg, CHANNEL), "arg.channel");
        if (channel < 0)
        {
            return false;
        }
        final int kind = channelKind(channel);
        if (kind == UNKNOWN)
        {
            return fail(RejectReason.UNKNOWN_MESSAGE, "unknown channel '" + json.text(channel) + "'");
        }
        final int instId = requireString(json.field(arg, INST_ID), "arg.instId");
        if (instId < 0)
        {
            return false;
        }
        final Instrument instrument = symbols.lookup(json, instId);
        if (instrument == null)
        {
            return fail(RejectReason.UNKNOWN_INSTRUMENT, "unknown instId '" + json.text(instId) + "'");
        }
        rejectInstrument(instrument.id());
        for (int row = json.firstElement(data); row >= 0 && row < json.next(data); row = json.next(row))
        {
            if (!parseRow(kind, channel, instId, instrument, row, receiveTsNs))
            {
                return false;
            }
        }
        return true;
    }

    private boolean parseRow(
        final int kind,
        final int channel,
        final int instId,
        final Instrument instrument,
        final int row,
        final long receiveTsNs)
    {
        if (kind == CANDLE)
        {
            return candle(channel, instrument, row, receiveTsNs);
        }
        if (requireObject(row, "data row") < 0)
        {
            return false;
        }
        final int rowInstId = json.field(row, INST_ID);
        if (rowInstId >= 0 && !sameText(rowInstId, instId))
        {
            return fail(RejectReason.MALFORMED, "data row instId '" + json.text(rowInstId) + "' is not arg.instId");
        }
        switch (kind)
        {
            case BOOKS:
                return books(instrument, row, receiveTsNs);
            case BOOKS5:
                return books5(instrument, row, receiveTsNs);
            case BBO_TBT:
                return bboTbt(instrument, row, receiveTsNs);
            case TRADES:
                return trade(instrument, row, receiveTsNs);
            case TICKERS:
                return ticker(instrument, row, receiveTsNs);
            case FUNDING:
                return fundingRate(instrument, row, receiveTsNs);
            case MARK:
                return markPrice(instrument, row, receiveTsNs);
            default:
                return fail(RejectReason.UNKNOWN_MESSAGE, "unknown channel");
        }
    }

    private int channelKind(final int channel)
    {
        if (json.textEquals(channel, CH_BOOKS) || json.textEquals(channel, CH_BOOKS_L2_TBT)
            || json.textEquals(channel, CH_BOOKS50_L2_TBT))
        {
            return BOOKS;
        }
        if (json.textEquals(channel, CH_BOOKS5))
        {
            return BOOKS5;
        }
        if (json.textEquals(channel, CH_BBO_TBT))
        {
            return BBO_TBT;
        }
        if (json.textEquals(channel, CH_TRADES) || json.textEquals(channel, CH_TRADES_ALL))
        {
            return TRADES;
        }
        if (json.textEquals(channel, CH_TICKERS))
        {
            return TICKERS;
        }
        if (json.textEquals(channel, CH_FUNDING_RATE))
        {
            return FUNDING;
        }
        if (json.textEquals(channel, CH_MARK_PRICE))
        {
            return MARK;
        }
        if (json.textStartsWith(channel, CH_CANDLE))
        {
            return CANDLE;
        }
        return UNKNOWN;
    }

    // ------------------------------------------------------------------ books

    private boolean books(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final int action = json.field(0, ACTION);
        final boolean snapshot;
        if (action >= 0 && json.textEquals(action, SNAPSHOT))
        {
            snapshot = true;
        }
        else if (action >= 0 && json.textEquals(action, UPDATE))
        {
            snapshot = false;
        }
        else
        {
            return fail(RejectReason.MALFORMED, action < 0 ? "book message without action"
                : "unknown book action '" + json.text(action) + "'");
        }
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        final int checksumToken = json.field(row, CHECKSUM);
        final boolean hasChecksum = !isAbsent(checksumToken);
        final long checksum = hasChecksum ? int32(checksumToken, "checksum") : 0;
        final long seqId = optionalWholeNumber(json.field(row, SEQ_ID), NONE, "seqId");
        final long prevSeqId = optionalWholeNumber(json.field(row, PREV_SEQ_ID), NONE, "prevSeqId");
        if (checksum == FAILED || seqId == FAILED || prevSeqId == FAILED)
        {
            return false;
        }
        final int bids = json.field(row, BIDS);
        final int asks = json.field(row, ASKS);
        if (snapshot)
        {
            return stageDepthSnapshot(instrument, ts, receiveTsNs, seqId, checksum, hasChecksum, bids, asks);
        }
        return stageDepthUpdate(instrument, ts, receiveTsNs, seqId, seqId, prevSeqId, checksum, hasChecksum, bids, asks);
    }

    private boolean books5(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        final int checksumToken = json.field(row, CHECKSUM);
        final boolean hasChecksum = !isAbsent(checksumToken);
        final long checksum = hasChecksum ? int32(checksumToken, "checksum") : 0;
        final long seqId = optionalWholeNumber(json.field(row, SEQ_ID), NONE, "seqId");
        if (checksum == FAILED || seqId == FAILED)
        {
            return false;
        }
        return stageDepthSnapshot(instrument, ts, receiveTsNs, seqId, checksum, hasChecksum, json.field(row, BIDS),
            json.field(row, ASKS));
    }

    private boolean bboTbt(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        final long seqId = optionalWholeNumber(json.field(row, SEQ_ID), NONE, "seqId");
        if (seqId == FAILED)
        {
            return false;
        }
        final int bids = requireArray(json.field(row, BIDS), "bids");
        if (bids < 0)
        {
            return false;
        }
        final int asks = requireArray(json.field(row, ASKS), "asks");
        if (asks < 0)
        {
            return false;
        }
        final int bid = json.firstElement(bids);
        final int ask = json.firstElement(asks);
        long bidPx = 0;
        long bidSz = 0;
        long askPx = 0;
        long askSz = 0;
        if (bid >= 0)
        {
            if (!isLevel(bid))
            {
                return fail(RejectReason.MALFORMED, "bids[0] is not a [price, size, ...] array");
            }
            bidPx = price(json.firstElement(bid), instrument, "bids[0] price");
            if (bidPx == FAILED)
            {
                return false;
            }
            bidSz = qty(json.next(json.firstElement(bid)), instrument, "bids[0] size");
            if (bidSz == FAILED)
            {
                return false;
            }
        }
        if (ask >= 0)
        {
            if (!isLevel(ask))
            {
                return fail(RejectReason.MALFORMED, "asks[0] is not a [price, size, ...] array");
            }
            askPx = price(json.firstElement(ask), instrument, "asks[0] price");
            if (askPx == FAILED)
            {
                return false;
            }
            askSz = qty(json.next(json.firstElement(ask)), instrument, "asks[0] size");
            if (askSz == FAILED)
            {
                return false;
            }
        }
        stageBestBidOffer(instrument, ts, receiveTsNs, seqId, bidPx, bidSz, askPx, askSz);
        return true;
    }

    private boolean isLevel(final int level)
    {
        return json.type(level) == JsonTokens.ARRAY && json.elementCount(level) >= 2;
    }

    // ------------------------------------------------------------------ trades, tickers, funding, mark

    private boolean trade(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        final long tradeId = wholeNumber(json.field(row, TRADE_ID), "tradeId");
        if (tradeId == FAILED)
        {
            return false;
        }
        final long px = price(json.field(row, PX), instrument, "px");
        if (px == FAILED)
        {
            return false;
        }
        final long sz = qty(json.field(row, SZ), instrument, "sz");
        if (sz == FAILED)
        {
            return false;
        }
        final long count = optionalWholeNumber(json.field(row, COUNT), 1, "count");
        if (count == FAILED)
        {
            return false;
        }
        if (sz == 0)
        {
            return fail(RejectReason.BAD_VALUE, "trade sz is 0");
        }
        if (tradeId < 0 || count < 1)
        {
            return fail(RejectReason.BAD_VALUE, "negative tradeId or count below 1");
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
            return fail(RejectReason.BAD_VALUE, side < 0 ? "missing side" : "unknown side '" + json.text(side) + "'");
        }
        final boolean aggregated = count > 1;
        stageTrade(instrument, ts, receiveTsNs, tradeId, px, sz, aggressor, aggregated ? TradeType.AGG_TRADE : TradeType.TRADE,
            aggregated ? NONE : tradeId, tradeId);
        return true;
    }

    private boolean ticker(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        long bidPx = 0;
        long bidSz = 0;
        long askPx = 0;
        long askSz = 0;
        final int bidPxToken = json.field(row, BID_PX);
        if (!isAbsent(bidPxToken))
        {
            bidPx = price(bidPxToken, instrument, "bidPx");
            if (bidPx == FAILED)
            {
                return false;
            }
            bidSz = qty(json.field(row, BID_SZ), instrument, "bidSz");
            if (bidSz == FAILED)
            {
                return false;
            }
        }
        final int askPxToken = json.field(row, ASK_PX);
        if (!isAbsent(askPxToken))
        {
            askPx = price(askPxToken, instrument, "askPx");
            if (askPx == FAILED)
            {
                return false;
            }
            askSz = qty(json.field(row, ASK_SZ), instrument, "askSz");
            if (askSz == FAILED)
            {
                return false;
            }
        }
        stageBestBidOffer(instrument, ts, receiveTsNs, NONE, bidPx, bidSz, askPx, askSz);
        return true;
    }

    private boolean fundingRate(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final int rateToken = json.field(row, FUNDING_RATE);
        if (isAbsent(rateToken))
        {
            return fail(RejectReason.MALFORMED, "funding-rate row without fundingRate");
        }
        final int decimals = writtenDecimals(rateToken, "fundingRate");
        if (decimals < 0)
        {
            return false;
        }
        final long rate = json.decimal(rateToken, -decimals);
        if (!Decimals.isValid(rate))
        {
            return fail(RejectReason.BAD_VALUE, "fundingRate '" + json.text(rateToken) + "' is not a decimal number");
        }
        final long fundingTime = optionalMillis(json.field(row, FUNDING_TIME), "fundingTime");
        if (fundingTime == FAILED)
        {
            return false;
        }
        final long ts = optionalMillis(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        stageMarkPrice(instrument, ts, receiveTsNs, 0, 0, rate, -decimals, fundingTime);
        return true;
    }

    private boolean markPrice(final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long ts = millisAsNanos(json.field(row, TS), "ts");
        if (ts == FAILED)
        {
            return false;
        }
        final long mark = price(json.field(row, MARK_PX), instrument, "markPx");
        if (mark == FAILED)
        {
            return false;
        }
        stageMarkPrice(instrument, ts, receiveTsNs, mark, 0, 0, 0, 0);
        return true;
    }

    private long optionalMillis(final int token, final String what)
    {
        return isAbsent(token) ? 0 : millisAsNanos(token, what);
    }

    // ------------------------------------------------------------------ candles

    private boolean candle(final int channel, final Instrument instrument, final int row, final long receiveTsNs)
    {
        final long intervalNs = candleIntervalNs(channel);
        if (intervalNs <= 0)
        {
            return fail(RejectReason.UNKNOWN_MESSAGE, "unsupported candle channel '" + json.text(channel) + "'");
        }
        if (json.type(row) != JsonTokens.ARRAY || json.elementCount(row) < 9)
        {
            return fail(RejectReason.MALFORMED, "candle row is not [ts,o,h,l,c,vol,volCcy,volCcyQuote,confirm]");
        }
        final int tsToken = json.firstElement(row);
        final int o = json.next(tsToken);
        final int h = json.next(o);
        final int l = json.next(h);
        final int c = json.next(l);
        final int vol = json.next(c);
        final int volCcy = json.next(vol);
        final int volCcyQuote = json.next(volCcy);
        final int confirm = json.next(volCcyQuote);
        final long openTime = millisAsNanos(tsToken, "candle ts");
        if (openTime == FAILED)
        {
            return false;
        }
        final long open = price(o, instrument, "candle open");
        final long high = open == FAILED ? FAILED : price(h, instrument, "candle high");
        final long low = high == FAILED ? FAILED : price(l, instrument, "candle low");
        final long close = low == FAILED ? FAILED : price(c, instrument, "candle close");
        final long volume = close == FAILED ? FAILED : qty(vol, instrument, "candle vol");
        final long quoteVolume = volume == FAILED ? FAILED : quote(volCcyQuote, instrument, "candle volCcyQuote");
        if (quoteVolume == FAILED || !candleShape(open, high, low, close))
        {
            return false;
        }
        if (openTime > Long.MAX_VALUE - intervalNs)
        {
            return fail(RejectReason.BAD_VALUE, "candle ts out of range");
        }
        final boolean closed = json.textEquals(confirm, ONE);
        final long exchangeTs = closed ? openTime + intervalNs : openTime;
        stageKline(instrument, exchangeTs, receiveTsNs, intervalNs, openTime, open, high, low, close, volume, quoteVolume,
            closed);
        return true;
    }

    /** {@code candle<n><unit>[utc]} -> nanoseconds; -1 for months, years or anything else. */
    private long candleIntervalNs(final int channel)
    {
        final DirectBuffer b = json.buffer();
        final int end = json.end(channel);
        int p = json.start(channel) + CH_CANDLE.length;
        long n = 0;
        final int digitsStart = p;
        while (p < end && b.getByte(p) >= '0' && b.getByte(p) <= '9' && p - digitsStart < 4)
        {
            n = n * 10 + (b.getByte(p) - '0');
            p++;
        }
        if (p == digitsStart || p >= end || n == 0)
        {
            return -1;
        }
        final long unitNs;
        switch (b.getByte(p))
        {
            case 's':
                unitNs = SECOND_NS;
                break;
            case 'm':
                unitNs = 60 * SECOND_NS;
                break;
            case 'H':
                unitNs = 3600 * SECOND_NS;
                break;
            case 'D':
                unitNs = 86_400 * SECOND_NS;
                break;
            case 'W':
                unitNs = 7 * 86_400 * SECOND_NS;
                break;
            default:
                return -1;
        }
        p++;
        if (p == end)
        {
            return n * unitNs;
        }
        if (end - p != UTC.length)
        {
            return -1;
        }
        for (int i = 0; i < UTC.length; i++)
        {
            if (b.getByte(p + i) != UTC[i])
            {
                return -1;
            }
        }
        return n * unitNs;
    }

    // ------------------------------------------------------------------ control

    private static boolean isPong(final DirectBuffer payload, final int offset, final int length)
    {
        int s = offset;
        int e = offset + length;
        while (s < e && isSpace(payload.getByte(s)))
        {
            s++;
        }
        while (e > s && isSpace(payload.getByte(e - 1)))
        {
            e--;
        }
        if (e - s != PONG.length)
        {
            return false;
        }
        for (int i = 0; i < PONG.length; i++)
        {
            if (payload.getByte(s + i) != PONG[i])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(final byte b)
    {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** {@code {"event":"subscribe"|"unsubscribe"}} acks seen. */
    public long subscribeAcks()
    {
        return subscribeAcks;
    }

    /** {@code {"event":"error"}} messages seen. */
    public long errorEvents()
    {
        return errorEvents;
    }

    /** Other {@code event} messages seen (login, notice, channel-conn-count). */
    public long otherEvents()
    {
        return otherEvents;
    }

    /** {@code pong} frames seen. */
    public long pongs()
    {
        return pongs;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = super.counters();
        m.put("subscribeAcks", subscribeAcks);
        m.put("errorEvents", errorEvents);
        m.put("otherEvents", otherEvents);
        m.put("pongs", pongs);
        return m;
    }
}
