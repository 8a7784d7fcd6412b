package dev.trader.adapters.parse;

import dev.trader.adapters.json.JsonTokens;
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
import org.agrona.DirectBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shared machinery of the JSON venue parsers: tokenizing with {@link JsonTokens}, exact decimal fields at the
 * instrument's exponents, staging of the market events of one message in {@link PendingEvents}, and the reject path.
 *
 * <p>A message is all or nothing: the subclass stages every event of the message and returns true, or calls
 * {@link #fail} and returns false, in which case nothing staged is published and a single InputReject (source,
 * reason, detail, the first {@value InputRejects#MAX_RAW_BYTES} bytes) is emitted instead. Control messages
 * (acks, pongs) return true with nothing staged.
 *
 * <p>Value rules applied by the helpers: prices must be positive, quantities and quote amounts non-negative, every
 * decimal must fit the exponent exactly ({@link RejectReason#PRECISION} otherwise), timestamps are non-negative
 * epoch milliseconds (converted to nanoseconds). The per-level {@code priceDecimals}/{@code qtyDecimals} of depth
 * events are the fraction digits exactly as the venue wrote them, so venue checksums over the original strings can
 * be recomputed downstream.
 *
 * <p>Single threaded (the engine thread); zero allocation on the success path once the scratch space has grown to
 * the largest message seen. The reject path may allocate.
 */
public abstract class JsonVenueParser implements VenueParser
{
    /** Sentinel returned by the value helpers after {@link #fail}. */
    protected static final long FAILED = Long.MIN_VALUE;
    /** Update id, sequence or checksum the venue did not send. */
    protected static final long NONE = -1;

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long MAX_MILLIS = Long.MAX_VALUE / NANOS_PER_MILLI;
    private static final int MAX_GROUP_COUNT = 65534;

    protected final JsonTokens json = new JsonTokens();
    protected final PendingEvents pending = new PendingEvents();

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BestBidOfferEncoder bbo = new BestBidOfferEncoder();
    private final DepthUpdateEncoder depthUpdate = new DepthUpdateEncoder();
    private final DepthSnapshotEncoder depthSnapshot = new DepthSnapshotEncoder();
    private final MarkPriceEncoder markPrice = new MarkPriceEncoder();
    private final KlineEncoder kline = new KlineEncoder();
    private final InputRejects rejects = new InputRejects();
    private final byte[] rawScratch = new byte[InputRejects.MAX_RAW_BYTES];
    private final String source;

    private RejectReason failReason;
    private String failDetail;
    private int failInstrumentId;

    private long levelPrice;
    private long levelQty;
    private byte levelPriceDecimals;
    private byte levelQtyDecimals;

    private long messages;
    private long eventsOut;
    private long rejected;
    private long internalErrors;
    private final long[] rejectsByReason = new long[RejectReason.values().length];

    /**
     * @param source the InputReject source name, e.g. {@code "okx"}
     */
    protected JsonVenueParser(final String source)
    {
        this.source = source;
    }

    @Override
    public final void parse(
        final DirectBuffer payload,
        final int offset,
        final int length,
        final long receiveTsNs,
        final int instrumentIdHint,
        final boolean isRest,
        final Emitter emitter)
    {
        messages++;
        pending.clear();
        failReason = null;
        failDetail = null;
        failInstrumentId = 0;
        boolean ok;
        try
        {
            ok = parseMessage(payload, offset, length, receiveTsNs, instrumentIdHint, isRest);
        }
        catch (final RuntimeException ex)
        {
            // a parser bug, never bad input: tests assert this counter stays 0
            internalErrors++;
            failReason = RejectReason.INTERNAL_ERROR;
            failDetail = "parser error: " + ex;
            ok = false;
        }
        // the parse stage runs first, so the whole emit arena is free: staged events (plus a 4-byte frame each) must fit
        if (ok && (long)pending.position() + 4L * pending.count() > emitter.buffer().capacity())
        {
            ok = fail(RejectReason.TOO_LARGE, pending.position() + " bytes of events from one message exceed the emit arena ("
                + emitter.buffer().capacity() + " bytes, engine.arenaBytes)");
        }
        if (ok)
        {
            eventsOut += pending.publishTo(emitter);
        }
        else
        {
            pending.clear();
            reject(emitter, payload, offset, length, receiveTsNs);
        }
    }

    /**
     * Parses one message: stage its events and return true, or {@link #fail} and return false.
     */
    protected abstract boolean parseMessage(
        DirectBuffer payload,
        int offset,
        int length,
        long receiveTsNs,
        int instrumentIdHint,
        boolean isRest);

    /** Records why the message is refused. @return false */
    protected final boolean fail(final RejectReason reason, final String detail)
    {
        if (failReason == null)
        {
            failReason = reason;
            failDetail = detail;
        }
        return false;
    }

    /** Records why the message is refused. @return {@link #FAILED} */
    protected final long failValue(final RejectReason reason, final String detail)
    {
        fail(reason, detail);
        return FAILED;
    }

    /** The instrument a reject names (0 until the message's instrument is known). */
    protected final void rejectInstrument(final int instrumentId)
    {
        failInstrumentId = instrumentId;
    }

    private void reject(final Emitter emitter, final DirectBuffer payload, final int offset, final int length, final long receiveTsNs)
    {
        final RejectReason reason = failReason == null ? RejectReason.MALFORMED : failReason;
        final String detail = failDetail == null ? "rejected" : failDetail;
        rejected++;
        rejectsByReason[reason.ordinal()]++;
        int n = Math.min(Math.max(length, 0), InputRejects.MAX_RAW_BYTES);
        n = Math.max(0, Math.min(n, payload.capacity() - offset));
        if (n > 0)
        {
            payload.getBytes(offset, rawScratch, 0, n);
        }
        final int at = emitter.claim(InputRejects.maxLength());
        final int encoded = rejects.encode(emitter.buffer(), at, 0L, receiveTsNs, failInstrumentId, source, reason, NONE,
            detail, rawScratch, 0, n);
        emitter.commit(encoded);
    }

    // ------------------------------------------------------------------ values

    /** A price: positive, exact at the instrument's price exponent. */
    protected final long price(final int token, final Instrument instrument, final String what)
    {
        final long m = exact(token, instrument.priceExponent(), what, "priceExponent");
        if (m != FAILED && m <= 0)
        {
            return failValue(RejectReason.BAD_VALUE, what + " '" + json.text(token) + "' is not positive");
        }
        return m;
    }

    /** A quantity: non-negative, exact at the instrument's quantity exponent. */
    protected final long qty(final int token, final Instrument instrument, final String what)
    {
        final long m = exact(token, instrument.qtyExponent(), what, "qtyExponent");
        if (m != FAILED && m < 0)
        {
            return failValue(RejectReason.BAD_VALUE, what + " '" + json.text(token) + "' is negative");
        }
        return m;
    }

    /** A money amount (quote volume): non-negative, exact at the instrument's quote exponent. */
    protected final long quote(final int token, final Instrument instrument, final String what)
    {
        final long m = exact(token, instrument.quoteExponent(), what, "quoteExponent");
        if (m != FAILED && m < 0)
        {
            return failValue(RejectReason.BAD_VALUE, what + " '" + json.text(token) + "' is negative");
        }
        return m;
    }

    private long exact(final int token, final int exponent, final String what, final String exponentName)
    {
        if (token < 0)
        {
            return failValue(RejectReason.MALFORMED, "missing " + what);
        }
        final long m = json.decimal(token, exponent);
        if (m == Decimals.TOO_PRECISE)
        {
            return failValue(RejectReason.PRECISION, what + " '" + json.text(token) + "' is finer than " + exponentName + " "
                + exponent);
        }
        if (m == Decimals.INVALID)
        {
            return failValue(RejectReason.BAD_VALUE, what + " '" + json.text(token) + "' is not a decimal number");
        }
        return m;
    }

    /**
     * Fraction digits of a decimal as written (for Decimal64 values and per-level decimals).
     *
     * @return 0..{@link Decimals#MAX_FRACTION_DIGITS}, or -1 after {@link #fail} (PRECISION)
     */
    protected final int writtenDecimals(final int token, final String what)
    {
        final int d = json.fractionDigits(token);
        if (d > Decimals.MAX_FRACTION_DIGITS)
        {
            fail(RejectReason.PRECISION, what + " '" + json.text(token) + "' has more than " + Decimals.MAX_FRACTION_DIGITS
                + " fraction digits");
            return -1;
        }
        return d;
    }

    /** A whole number (plain digits, optionally signed or quoted). */
    protected final long wholeNumber(final int token, final String what)
    {
        if (token < 0)
        {
            return failValue(RejectReason.MALFORMED, "missing " + what);
        }
        final long v = json.integer(token);
        if (!Decimals.isValid(v))
        {
            return failValue(RejectReason.BAD_VALUE, what + " '" + json.text(token) + "' is not a whole number");
        }
        return v;
    }

    /** An optional non-negative whole number: {@code absent} when the token is missing, null or an empty string. */
    protected final long optionalWholeNumber(final int token, final long absent, final String what)
    {
        if (isAbsent(token))
        {
            return absent;
        }
        return wholeNumber(token, what);
    }

    /** A signed 32-bit checksum. */
    protected final long int32(final int token, final String what)
    {
        final long v = wholeNumber(token, what);
        if (v != FAILED && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE))
        {
            return failValue(RejectReason.BAD_VALUE, what + " " + v + " does not fit 32 bits");
        }
        return v;
    }

    /** Epoch milliseconds as nanoseconds; non-negative. */
    protected final long millisAsNanos(final int token, final String what)
    {
        final long ms = wholeNumber(token, what);
        if (ms == FAILED)
        {
            return FAILED;
        }
        if (ms < 0 || ms > MAX_MILLIS)
        {
            return failValue(RejectReason.BAD_VALUE, what + " " + ms + " is not an epoch time in milliseconds");
        }
        return ms * NANOS_PER_MILLI;
    }

    /** True when the token is missing, JSON null or an empty string (venues use "" for "no value"). */
    protected final boolean isAbsent(final int token)
    {
        return token < 0 || json.isNull(token) || (json.type(token) == JsonTokens.STRING && json.length(token) == 0);
    }

    /** True when both tokens have the same text. */
    protected final boolean sameText(final int a, final int b)
    {
        final int len = json.length(a);
        if (len != json.length(b))
        {
            return false;
        }
        final DirectBuffer buffer = json.buffer();
        final int sa = json.start(a);
        final int sb = json.start(b);
        for (int i = 0; i < len; i++)
        {
            if (buffer.getByte(sa + i) != buffer.getByte(sb + i))
            {
                return false;
            }
        }
        return true;
    }

    /** The token when it is an object, else -1 after {@link #fail}. */
    protected final int requireObject(final int token, final String what)
    {
        if (token < 0 || json.type(token) != JsonTokens.OBJECT)
        {
            fail(RejectReason.MALFORMED, (token < 0 ? "missing " : "not an object: ") + what);
            return -1;
        }
        return token;
    }

    /** The token when it is an array, else -1 after {@link #fail}. */
    protected final int requireArray(final int token, final String what)
    {
        if (token < 0 || json.type(token) != JsonTokens.ARRAY)
        {
            fail(RejectReason.MALFORMED, (token < 0 ? "missing " : "not an array: ") + what);
            return -1;
        }
        return token;
    }

    /** The token when it is a string, else -1 after {@link #fail}. */
    protected final int requireString(final int token, final String what)
    {
        if (token < 0 || json.type(token) != JsonTokens.STRING)
        {
            fail(RejectReason.MALFORMED, (token < 0 ? "missing " : "not a string: ") + what);
            return -1;
        }
        return token;
    }

    // ------------------------------------------------------------------ levels

    /**
     * Reads one book level {@code [price, size, ...]}: price positive, size non-negative (0 deletes the level),
     * both exact, with their written fraction digits.
     */
    private boolean readLevel(final int level, final Instrument instrument, final String side, final int index)
    {
        if (json.type(level) != JsonTokens.ARRAY || json.elementCount(level) < 2)
        {
            return fail(RejectReason.MALFORMED, side + "[" + index + "] is not a [price, size, ...] array");
        }
        final int px = json.firstElement(level);
        final int sz = json.next(px);
        levelPrice = price(px, instrument, "price");
        levelQty = levelPrice == FAILED ? FAILED : qty(sz, instrument, "size");
        final int pd = levelQty == FAILED ? -1 : writtenDecimals(px, "price");
        final int qd = pd < 0 ? -1 : writtenDecimals(sz, "size");
        if (qd < 0)
        {
            failDetail = side + "[" + index + "] " + failDetail;
            return false;
        }
        levelPriceDecimals = (byte)pd;
        levelQtyDecimals = (byte)qd;
        return true;
    }

    private boolean levelCounts(final int bids, final int asks)
    {
        if (requireArray(bids, "bids") < 0 || requireArray(asks, "asks") < 0)
        {
            return false;
        }
        if (json.elementCount(bids) > MAX_GROUP_COUNT || json.elementCount(asks) > MAX_GROUP_COUNT)
        {
            return fail(RejectReason.TOO_LARGE, "more than " + MAX_GROUP_COUNT + " levels on one side");
        }
        return true;
    }

    /** Stages a DepthSnapshot with the levels of the {@code bids} and {@code asks} arrays. */
    protected final boolean stageDepthSnapshot(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long lastUpdateId,
        final long checksum,
        final boolean hasChecksum,
        final int bids,
        final int asks)
    {
        if (!levelCounts(bids, asks))
        {
            return false;
        }
        depthSnapshot.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .lastUpdateId(lastUpdateId)
            .checksum(hasChecksum ? (int)checksum : 0)
            .hasChecksum(hasChecksum ? BooleanType.T : BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder b = depthSnapshot.bidsCount(json.elementCount(bids));
        int i = 0;
        for (int e = json.firstElement(bids); e >= 0 && e < json.next(bids); e = json.next(e))
        {
            if (!readLevel(e, instrument, "bids", i++))
            {
                return false;
            }
            b.next().price(levelPrice).qty(levelQty).priceDecimals(levelPriceDecimals).qtyDecimals(levelQtyDecimals);
        }
        final DepthSnapshotEncoder.AsksEncoder a = depthSnapshot.asksCount(json.elementCount(asks));
        i = 0;
        for (int e = json.firstElement(asks); e >= 0 && e < json.next(asks); e = json.next(e))
        {
            if (!readLevel(e, instrument, "asks", i++))
            {
                return false;
            }
            a.next().price(levelPrice).qty(levelQty).priceDecimals(levelPriceDecimals).qtyDecimals(levelQtyDecimals);
        }
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + depthSnapshot.encodedLength());
        return true;
    }

    /** Stages a DepthUpdate with the levels of the {@code bids} and {@code asks} arrays. */
    protected final boolean stageDepthUpdate(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long firstUpdateId,
        final long lastUpdateId,
        final long prevUpdateId,
        final long checksum,
        final boolean hasChecksum,
        final int bids,
        final int asks)
    {
        if (!levelCounts(bids, asks))
        {
            return false;
        }
        depthUpdate.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .firstUpdateId(firstUpdateId)
            .lastUpdateId(lastUpdateId)
            .prevUpdateId(prevUpdateId)
            .checksum(hasChecksum ? (int)checksum : 0)
            .hasChecksum(hasChecksum ? BooleanType.T : BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder b = depthUpdate.bidsCount(json.elementCount(bids));
        int i = 0;
        for (int e = json.firstElement(bids); e >= 0 && e < json.next(bids); e = json.next(e))
        {
            if (!readLevel(e, instrument, "bids", i++))
            {
                return false;
            }
            b.next().price(levelPrice).qty(levelQty).priceDecimals(levelPriceDecimals).qtyDecimals(levelQtyDecimals);
        }
        final DepthUpdateEncoder.AsksEncoder a = depthUpdate.asksCount(json.elementCount(asks));
        i = 0;
        for (int e = json.firstElement(asks); e >= 0 && e < json.next(asks); e = json.next(e))
        {
            if (!readLevel(e, instrument, "asks", i++))
            {
                return false;
            }
            a.next().price(levelPrice).qty(levelQty).priceDecimals(levelPriceDecimals).qtyDecimals(levelQtyDecimals);
        }
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + depthUpdate.encodedLength());
        return true;
    }

    // ------------------------------------------------------------------ other events

    /** Stages a Trade. */
    protected final void stageTrade(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long tradeId,
        final long price,
        final long qty,
        final Side aggressor,
        final TradeType tradeType,
        final long firstTradeId,
        final long lastTradeId)
    {
        trade.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .tradeId(tradeId)
            .price(price)
            .qty(qty)
            .aggressor(aggressor)
            .tradeType(tradeType)
            .firstTradeId(firstTradeId)
            .lastTradeId(lastTradeId);
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength());
    }

    /** Stages a BestBidOffer. */
    protected final void stageBestBidOffer(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long updateId,
        final long bidPrice,
        final long bidQty,
        final long askPrice,
        final long askQty)
    {
        bbo.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .updateId(updateId)
            .bidPrice(bidPrice)
            .bidQty(bidQty)
            .askPrice(askPrice)
            .askQty(askQty);
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + bbo.encodedLength());
    }

    /** Stages a MarkPrice (mark and index at the instrument's price exponent); fields the venue did not send are 0. */
    protected final void stageMarkPrice(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long markPriceMantissa,
        final long indexPriceMantissa,
        final long fundingRateMantissa,
        final int fundingRateExponent,
        final long nextFundingTimeNs)
    {
        markPrice.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id());
        final byte priceExponent = (byte)instrument.priceExponent();
        markPrice.markPrice().mantissa(markPriceMantissa).exponent(priceExponent);
        markPrice.indexPrice().mantissa(indexPriceMantissa).exponent(priceExponent);
        markPrice.estimatedSettlePrice().mantissa(0L).exponent(priceExponent);
        markPrice.fundingRate().mantissa(fundingRateMantissa).exponent((byte)fundingRateExponent);
        markPrice.nextFundingTimeNs(nextFundingTimeNs);
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + markPrice.encodedLength());
    }

    /** Stages a Kline; trade count and taker-buy volumes are 0 (the venues do not send them). */
    protected final void stageKline(
        final Instrument instrument,
        final long exchangeTsNs,
        final long receiveTsNs,
        final long intervalNs,
        final long openTimeNs,
        final long open,
        final long high,
        final long low,
        final long close,
        final long volume,
        final long quoteVolume,
        final boolean closed)
    {
        kline.wrapAndApplyHeader(pending.buffer(), pending.position(), header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(instrument.id())
            .intervalNs(intervalNs)
            .openTimeNs(openTimeNs)
            .closeTimeNs(openTimeNs + intervalNs)
            .open(open)
            .high(high)
            .low(low)
            .close(close)
            .volume(volume)
            .quoteVolume(quoteVolume)
            .tradeCount(0L)
            .takerBuyVolume(0L)
            .takerBuyQuoteVolume(0L)
            .closed(closed ? BooleanType.T : BooleanType.F);
        pending.add(MessageHeaderEncoder.ENCODED_LENGTH + kline.encodedLength());
    }

    /** Checks {@code low <= open, close <= high}. */
    protected final boolean candleShape(final long open, final long high, final long low, final long close)
    {
        if (low > high || open > high || close > high || open < low || close < low)
        {
            return fail(RejectReason.BAD_VALUE, "candle high/low do not bound open/close");
        }
        return true;
    }

    // ------------------------------------------------------------------ counters

    /** Messages handed to {@link #parse}. */
    public final long messages()
    {
        return messages;
    }

    /** Market events published. */
    public final long eventsOut()
    {
        return eventsOut;
    }

    /** Messages refused with an InputReject. */
    public final long rejected()
    {
        return rejected;
    }

    /** Rejects of one reason. */
    public final long rejected(final RejectReason reason)
    {
        return rejectsByReason[reason.ordinal()];
    }

    /** Unexpected exceptions caught inside the parser (a bug if ever non-zero; the message was rejected). */
    public final long internalErrors()
    {
        return internalErrors;
    }

    /** Counters for reports (allocates). */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("messages", messages);
        m.put("eventsOut", eventsOut);
        m.put("rejected", rejected);
        m.put("internalErrors", internalErrors);
        return m;
    }
}
