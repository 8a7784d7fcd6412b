package dev.trader.engine;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.DirectBuffer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that decides whether a parsed market event (Trade, BestBidOffer, DepthUpdate, DepthSnapshot, Kline,
 * MarkPrice) is something the engine can represent and believe, by its instrument's limits ({@link Instrument},
 * {@link ClockSkew}). Every boundary that produces market events asks it before publishing: the parse stage (after the
 * venue parsers), the history importers that write parsed events, and the journal reader for journals of parsed
 * events. A refused event becomes an InputReject at that boundary with the reason and {@link #detail()} given here.
 *
 * <ul>
 *   <li>OUT_OF_RANGE: a price not positive, a quantity negative (zero only where it deletes a level or marks an empty
 *       side) or above {@code maxQty}, a notional ({@code price x qty}) above {@code maxNotional};</li>
 *   <li>OFF_TICK: a traded, quoted or book price, or a kline's open/high/low/close, that is not a whole number of
 *       ticks, when the instrument's venue guarantees the grid ({@code tickGrid}); liquidation, insurance-fund and
 *       block trades (average or bankruptcy prices) and mark/index prices (computed) are not held to it;</li>
 *   <li>OVERFLOW: a {@code price x qty} that does not fit a long at the quote exponent;</li>
 *   <li>CLOCK_SKEW: an exchange time more than {@code maxClockAhead} after, or {@code maxClockBehind} before, the
 *       reference (the event's receive time, or a history file's period); a kline that opens after its exchange time
 *       or closed long before it. An exchange time of 0 means the venue sent none and is not judged.</li>
 * </ul>
 * Events of other templates and of instruments the registry does not know pass (the parsers refuse unknown symbols).
 * Engine thread or one importer thread; no allocation unless an event is refused.
 */
public final class MarketSanity
{
    /** The {@code source} of InputRejects the parse stage writes for events refused here. */
    public static final String SOURCE = "sanity";
    /** The reasons this class refuses for, in a stable order (for counters). */
    public static final RejectReason[] REASONS = {
        RejectReason.OVERFLOW, RejectReason.OFF_TICK, RejectReason.OUT_OF_RANGE, RejectReason.CLOCK_SKEW};

    private final InstrumentRegistry registry;
    private final long maxAheadNs;
    private final long maxBehindNs;
    private final TradeDecoder trade = new TradeDecoder();
    private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
    private final DepthUpdateDecoder depthUpdate = new DepthUpdateDecoder();
    private final DepthSnapshotDecoder depthSnapshot = new DepthSnapshotDecoder();
    private final KlineDecoder kline = new KlineDecoder();
    private final MarkPriceDecoder markPrice = new MarkPriceDecoder();

    private RejectReason reason;
    private String detail;
    private int instrumentId;
    private long reference;
    private Instrument instrument;

    private long checked;
    private final long[] rejects = new long[RejectReason.values().length];

    public MarketSanity(final InstrumentRegistry registry)
    {
        this.registry = registry;
        this.maxAheadNs = registry.clockSkew().maxAheadNs();
        this.maxBehindNs = registry.clockSkew().maxBehindNs();
    }

    /**
     * Checks one encoded event (header included), judging its exchange time against its own receive time.
     *
     * @return null when the event passes (or is not a market event); otherwise the reason, with {@link #detail()},
     * {@link #instrumentId()} and {@link #reference()} describing the refused event
     */
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length)
    {
        final long receiveTsNs = Events.receiveTsNs(buffer, offset);
        return check(buffer, offset, length, receiveTsNs, receiveTsNs);
    }

    /**
     * Checks one encoded event (header included), judging its exchange time against the period {@code [fromNs, toNs]}
     * (history whose receive time is its exchange time: the period its file covers).
     */
    public RejectReason check(final DirectBuffer buffer, final int offset, final int length, final long fromNs, final long toNs)
    {
        reason = null;
        detail = null;
        reference = -1;
        final int templateId = Events.templateId(buffer, offset);
        final int body = offset + Events.HEADER_LENGTH;
        final int blockLength = Events.blockLength(buffer, offset);
        final int version = Events.version(buffer, offset);
        if (templateId == TradeDecoder.TEMPLATE_ID)
        {
            trade.wrap(buffer, body, blockLength, version);
            return begin(trade.instrumentId()) ? trade(fromNs, toNs) : null;
        }
        if (templateId == BestBidOfferDecoder.TEMPLATE_ID)
        {
            bbo.wrap(buffer, body, blockLength, version);
            return begin(bbo.instrumentId()) ? bestBidOffer(fromNs, toNs) : null;
        }
        if (templateId == DepthUpdateDecoder.TEMPLATE_ID)
        {
            depthUpdate.wrap(buffer, body, blockLength, version);
            return begin(depthUpdate.instrumentId()) ? depthUpdate(fromNs, toNs) : null;
        }
        if (templateId == DepthSnapshotDecoder.TEMPLATE_ID)
        {
            depthSnapshot.wrap(buffer, body, blockLength, version);
            return begin(depthSnapshot.instrumentId()) ? depthSnapshot(fromNs, toNs) : null;
        }
        if (templateId == KlineDecoder.TEMPLATE_ID)
        {
            kline.wrap(buffer, body, blockLength, version);
            return begin(kline.instrumentId()) ? kline(fromNs, toNs) : null;
        }
        if (templateId == MarkPriceDecoder.TEMPLATE_ID)
        {
            markPrice.wrap(buffer, body, blockLength, version);
            return begin(markPrice.instrumentId()) ? clock("mark price", markPrice.exchangeTsNs(), fromNs, toNs) : null;
        }
        return null;
    }

    private boolean begin(final int id)
    {
        instrumentId = id;
        instrument = registry.byId(id);
        if (instrument == null)
        {
            return false;
        }
        checked++;
        return true;
    }

    private RejectReason trade(final long fromNs, final long toNs)
    {
        reference = trade.tradeId();
        final TradeType type = trade.tradeType();
        final boolean onGrid = type == TradeType.TRADE || type == TradeType.AGG_TRADE;
        final RejectReason r = level("trade", -1, trade.price(), trade.qty(), false, onGrid);
        return r != null ? r : clock("trade", trade.exchangeTsNs(), fromNs, toNs);
    }

    private RejectReason bestBidOffer(final long fromNs, final long toNs)
    {
        reference = bbo.updateId();
        RejectReason r = quote("bid", bbo.bidPrice(), bbo.bidQty());
        if (r == null)
        {
            r = quote("ask", bbo.askPrice(), bbo.askQty());
        }
        return r != null ? r : clock("best bid/offer", bbo.exchangeTsNs(), fromNs, toNs);
    }

    /** One side of a best bid/offer: price 0 with quantity 0 is an empty side. */
    private RejectReason quote(final String side, final long price, final long qty)
    {
        if (price == 0 && qty == 0)
        {
            return null;
        }
        return level(side, -1, price, qty, false, true);
    }

    private RejectReason depthUpdate(final long fromNs, final long toNs)
    {
        reference = depthUpdate.lastUpdateId();
        int i = 0;
        for (final DepthUpdateDecoder.BidsDecoder level : depthUpdate.bids())
        {
            final RejectReason r = level("bid", i++, level.price(), level.qty(), true, true);
            if (r != null)
            {
                return r;
            }
        }
        i = 0;
        for (final DepthUpdateDecoder.AsksDecoder level : depthUpdate.asks())
        {
            final RejectReason r = level("ask", i++, level.price(), level.qty(), true, true);
            if (r != null)
            {
                return r;
            }
        }
        return clock("depth update", depthUpdate.exchangeTsNs(), fromNs, toNs);
    }

    private RejectReason depthSnapshot(final long fromNs, final long toNs)
    {
        reference = depthSnapshot.lastUpdateId();
        int i = 0;
        for (final DepthSnapshotDecoder.BidsDecoder level : depthSnapshot.bids())
        {
            final RejectReason r = level("snapshot bid", i++, level.price(), level.qty(), true, true);
            if (r != null)
            {
                return r;
            }
        }
        i = 0;
        for (final DepthSnapshotDecoder.AsksDecoder level : depthSnapshot.asks())
        {
            final RejectReason r = level("snapshot ask", i++, level.price(), level.qty(), true, true);
            if (r != null)
            {
                return r;
            }
        }
        return clock("depth snapshot", depthSnapshot.exchangeTsNs(), fromNs, toNs);
    }

    private RejectReason kline(final long fromNs, final long toNs)
    {
        RejectReason r = klinePrice("open", kline.open());
        r = r != null ? r : klinePrice("high", kline.high());
        r = r != null ? r : klinePrice("low", kline.low());
        r = r != null ? r : klinePrice("close", kline.close());
        if (r != null)
        {
            return r;
        }
        final long ts = kline.exchangeTsNs();
        if (ts != 0 && kline.openTimeNs() > saturatedAdd(ts, maxAheadNs))
        {
            return fail(RejectReason.CLOCK_SKEW, "kline opens at " + time(kline.openTimeNs()) + ", after its exchange time "
                + time(ts) + " + maxClockAhead");
        }
        if (ts != 0 && kline.closeTimeNs() < saturatedAdd(ts, -maxBehindNs))
        {
            return fail(RejectReason.CLOCK_SKEW, "kline closed at " + time(kline.closeTimeNs()) + ", long before its exchange "
                + "time " + time(ts) + " (maxClockBehind)");
        }
        return clock("kline", ts, fromNs, toNs);
    }

    private RejectReason klinePrice(final String name, final long price)
    {
        if (price <= 0)
        {
            return fail(RejectReason.OUT_OF_RANGE, "kline " + name + " " + price(price) + " is not positive");
        }
        if (instrument.tickGrid() && !instrument.onTick(price))
        {
            return fail(RejectReason.OFF_TICK, "kline " + name + " " + price(price) + " is off the tick grid " + instrument.tickSize());
        }
        return null;
    }

    /**
     * A price and quantity: price positive and (when {@code onGrid}) on the tick grid, quantity within {@code maxQty}
     * (zero only for a book level, where it deletes the level), notional representable and within {@code maxNotional}.
     */
    private RejectReason level(
        final String what,
        final int index,
        final long price,
        final long qty,
        final boolean zeroQtyAllowed,
        final boolean onGrid)
    {
        if (price <= 0)
        {
            return fail(RejectReason.OUT_OF_RANGE, label(what, index) + " price " + price(price) + " is not positive");
        }
        if (qty < 0 || (qty == 0 && !zeroQtyAllowed))
        {
            return fail(RejectReason.OUT_OF_RANGE, label(what, index) + " qty " + qty(qty) + " is not positive");
        }
        if (qty > instrument.maxQty())
        {
            return fail(RejectReason.OUT_OF_RANGE, label(what, index) + " qty " + qty(qty) + " exceeds maxQty "
                + qty(instrument.maxQty()));
        }
        if (onGrid && instrument.tickGrid() && !instrument.onTick(price))
        {
            return fail(RejectReason.OFF_TICK, label(what, index) + " price " + price(price) + " is off the tick grid "
                + instrument.tickSize());
        }
        if (!instrument.quoteFits(price, qty))
        {
            return fail(RejectReason.OVERFLOW, label(what, index) + " price x qty " + price(price) + " x " + qty(qty)
                + " does not fit a long at quoteExponent " + instrument.quoteExponent());
        }
        final long notional = instrument.quoteOf(price, qty);
        if (notional > instrument.maxNotional())
        {
            return fail(RejectReason.OUT_OF_RANGE, label(what, index) + " notional " + quote(notional) + " exceeds maxNotional "
                + quote(instrument.maxNotional()));
        }
        return null;
    }

    private RejectReason clock(final String what, final long exchangeTsNs, final long fromNs, final long toNs)
    {
        if (exchangeTsNs == 0)
        {
            return null;
        }
        if (exchangeTsNs > saturatedAdd(toNs, maxAheadNs))
        {
            return fail(RejectReason.CLOCK_SKEW, what + " exchange time " + time(exchangeTsNs) + " is "
                + seconds(exchangeTsNs - toNs) + " s after " + reference(fromNs, toNs) + " (maxClockAhead "
                + seconds(maxAheadNs) + " s)");
        }
        if (exchangeTsNs < saturatedAdd(fromNs, -maxBehindNs))
        {
            return fail(RejectReason.CLOCK_SKEW, what + " exchange time " + time(exchangeTsNs) + " is "
                + seconds(fromNs - exchangeTsNs) + " s before " + reference(fromNs, toNs) + " (maxClockBehind "
                + seconds(maxBehindNs) + " s)");
        }
        return null;
    }

    private RejectReason fail(final RejectReason why, final String text)
    {
        reason = why;
        detail = instrument.key() + " " + text;
        rejects[why.ordinal()]++;
        return why;
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    private static String label(final String what, final int index)
    {
        return index < 0 ? what : what + " " + index;
    }

    private String price(final long mantissa)
    {
        return Decimals.toString(mantissa, instrument.priceExponent());
    }

    private String qty(final long mantissa)
    {
        return Decimals.toString(mantissa, instrument.qtyExponent());
    }

    private String quote(final long mantissa)
    {
        return Decimals.toString(mantissa, instrument.quoteExponent());
    }

    private static String reference(final long fromNs, final long toNs)
    {
        return fromNs == toNs ? "the receive time " + time(toNs) : "the period " + time(fromNs) + " .. " + time(toNs);
    }

    private static String time(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).toString();
    }

    private static String seconds(final long ns)
    {
        return Decimals.toString(ns / 1_000_000L, -3);
    }

    /** Why the last refused event was refused (allocated only when one is). */
    public String detail()
    {
        return detail;
    }

    /** The reason of the last check, null when it passed. */
    public RejectReason reason()
    {
        return reason;
    }

    /** The instrument of the last checked event. */
    public int instrumentId()
    {
        return instrumentId;
    }

    /** The trade or update id of the last checked event, -1 when it has none. */
    public long reference()
    {
        return reference;
    }

    /** Market events of known instruments checked. */
    public long checked()
    {
        return checked;
    }

    /** Events refused for {@code why}. */
    public long rejected(final RejectReason why)
    {
        return rejects[why.ordinal()];
    }

    /** Events refused for any reason. */
    public long rejected()
    {
        long n = 0;
        for (final RejectReason r : REASONS)
        {
            n += rejects[r.ordinal()];
        }
        return n;
    }

    /** {@code checked}, {@code rejected} and one {@code rejected.<REASON>} per reason, in a stable order (allocates). */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("checked", checked);
        m.put("rejected", rejected());
        for (final RejectReason r : REASONS)
        {
            m.put("rejected." + r.name(), rejects[r.ordinal()]);
        }
        return m;
    }
}
