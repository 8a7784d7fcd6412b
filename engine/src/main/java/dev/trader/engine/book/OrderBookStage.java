package dev.trader.engine.book;

import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusEncoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 1: an L2 book per instrument from DepthSnapshot and DepthUpdate events, kept in step with the venue's
 * sequence rules ({@link SequenceRule}: Binance USD-M and the synthetic market, Binance spot, OKX, Bybit) and, for
 * OKX, its CRC32 checksum ({@link OkxChecksum}).
 *
 * <ul>
 *   <li>A book starts SYNCING. Diffs are buffered (at most {@code maxBufferedUpdates}; when full the oldest is
 *       dropped and counted) until a snapshot arrives.</li>
 *   <li>Binance-style venues fetch the snapshot separately: it is loaded, stale buffered diffs are dropped and the
 *       first applicable diff must bridge it; the book becomes TRUSTED (BRIDGED) then. OKX and Bybit send the
 *       snapshot in the stream: everything buffered before it is stale and the book is TRUSTED (SNAPSHOT_APPLIED)
 *       at once. A Bybit delta with {@code u == 1} is a fresh snapshot too.</li>
 *   <li>A sequence gap, an OKX checksum mismatch, a crossed book after an applied update (best bid >= best ask) or
 *       an impossible level (price <= 0, quantity < 0) makes the book UNTRUSTED. It then buffers diffs again
 *       (including the one that failed) until a new snapshot can bridge them. The stage only reacts to events: the
 *       adapter sees the BookStatus and fetches or resubscribes.</li>
 *   <li>Every change of state emits a BookStatus event with the reason, the book's update id and, for gaps, the id
 *       expected and the id received. A failure is reported even when the book was already untrusted (a snapshot
 *       that cannot be bridged asks for another one).</li>
 *   <li>A BestBidOffer for a trusted book whose updateId is not older than the book is compared with the book's best
 *       bid and ask prices and counted ({@code bboChecks}, {@code bboMismatches}). A BestBidOffer side with price 0
 *       is an empty side (every venue parser writes a side without orders as price 0, qty 0): it matches an empty
 *       book side ({@link BookSide#NO_PRICE}) and never becomes a level.</li>
 * </ul>
 *
 * Applying a diff allocates nothing; BookStatus detail texts are built only on state changes.
 */
public final class OrderBookStage implements Stage
{
    public static final String NAME = "book";
    private static final boolean CONTINUE = true;
    private static final boolean STOP = false;

    private final InstrumentRegistry instruments;
    private final int maxLevels;
    private final int maxBufferedUpdates;
    private final Int2ObjectHashMap<InstrumentBook> books = new Int2ObjectHashMap<>();
    private final DepthUpdateDecoder update = new DepthUpdateDecoder();
    private final DepthSnapshotDecoder snapshot = new DepthSnapshotDecoder();
    private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
    private final BookStatusEncoder status = new BookStatusEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final EventView pendingView = new EventView();
    private final OkxChecksum okxChecksum = new OkxChecksum();

    // timestamps of the input being handled: the BookStatus events it causes carry them
    private long exchangeTsNs;
    private long receiveTsNs;

    private long updatesApplied;
    private long updatesBuffered;
    private long updatesDroppedStale;
    private long updatesDroppedBufferFull;
    private long gaps;
    private long checksumMismatches;
    private long crossed;
    private long badLevels;
    private long snapshots;
    private long snapshotsIgnored;
    private long unknownInstrument;
    private long bboChecks;
    private long bboMismatches;
    private long bboSkipped;

    public OrderBookStage(final InstrumentRegistry instruments, final BookSettings settings)
    {
        this(instruments, settings.maxLevels(), settings.maxBufferedUpdates());
    }

    /**
     * @param maxLevels          levels per side of each book; beyond it the deepest level is dropped
     * @param maxBufferedUpdates diffs held per instrument while waiting for a snapshot
     */
    public OrderBookStage(final InstrumentRegistry instruments, final int maxLevels, final int maxBufferedUpdates)
    {
        // validates both limits
        new BookSettings(true, maxLevels, maxBufferedUpdates);
        this.instruments = instruments;
        this.maxLevels = maxLevels;
        this.maxBufferedUpdates = maxBufferedUpdates;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    /** The book of an instrument, or null when no depth event for it has been seen. */
    public BookView book(final int instrumentId)
    {
        final InstrumentBook b = books.get(instrumentId);
        return b == null ? null : b.view;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        final int templateId = event.templateId();
        if (templateId == DepthUpdateDecoder.TEMPLATE_ID)
        {
            onDepthUpdate(event, emitter);
        }
        else if (templateId == DepthSnapshotDecoder.TEMPLATE_ID)
        {
            onDepthSnapshot(event, emitter);
        }
        else if (templateId == BestBidOfferDecoder.TEMPLATE_ID)
        {
            onBestBidOffer(event);
        }
    }

    private InstrumentBook state(final int instrumentId)
    {
        InstrumentBook b = books.get(instrumentId);
        if (b == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                return null;
            }
            b = new InstrumentBook(instrument, maxLevels, maxBufferedUpdates);
            books.put(instrumentId, b);
        }
        return b;
    }

    private void onDepthUpdate(final EventView event, final Emitter emitter)
    {
        final InstrumentBook b = state(event.instrumentId());
        if (b == null)
        {
            unknownInstrument++;
            return;
        }
        exchangeTsNs = event.exchangeTsNs();
        receiveTsNs = event.receiveTsNs();
        update.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (b.rule == SequenceRule.BYBIT && update.lastUpdateId() == 1)
        {
            // Bybit: u == 1 means the service restarted and this message is a full snapshot
            snapshots++;
            final boolean hasChecksum = update.hasChecksum() == BooleanType.T;
            final int checksum = update.checksum();
            b.book.clear();
            final int bad = applyLevels(b.book);
            b.lastUpdateId = 1;
            onBookLoaded(b, 1, hasChecksum, checksum, bad, emitter);
            return;
        }
        if (b.state == BookState.TRUSTED || b.awaitingBridge)
        {
            if (applyDiff(b, emitter) == STOP)
            {
                // the diff that broke the chain may be the one a new snapshot bridges with
                buffer(b, event);
            }
            return;
        }
        buffer(b, event);
    }

    private void buffer(final InstrumentBook b, final EventView event)
    {
        if (b.pending.add(event.buffer(), event.offset(), event.length()))
        {
            updatesDroppedBufferFull++;
        }
        updatesBuffered++;
    }

    /**
     * Applies the diff {@link #update} is wrapped on, if the sequence rule allows.
     *
     * @return {@link #STOP} when the book stopped being trusted (or bridgeable) because of this diff.
     */
    private boolean applyDiff(final InstrumentBook b, final Emitter emitter)
    {
        final long firstId = update.firstUpdateId();
        final long lastId = update.lastUpdateId();
        final long prevId = update.prevUpdateId();
        final boolean first = b.awaitingBridge;
        final long last = b.lastUpdateId;
        final int verdict = b.rule.classify(firstId, lastId, prevId, last, first);
        if (verdict == SequenceRule.STALE)
        {
            updatesDroppedStale++;
            return CONTINUE;
        }
        if (verdict == SequenceRule.GAP)
        {
            gaps++;
            distrust(b, BookStatusReason.SEQUENCE_GAP, b.rule.expected(last),
                b.rule.received(firstId, lastId, prevId, first), b.rule.describeGap(firstId, lastId, prevId, last, first), emitter);
            return STOP;
        }
        final boolean hasChecksum = update.hasChecksum() == BooleanType.T;
        final int checksum = update.checksum();
        final int bad = applyLevels(b.book);
        updatesApplied++;
        b.lastUpdateId = lastId;
        b.awaitingBridge = false;
        if (!verify(b, hasChecksum, checksum, bad, lastId, emitter))
        {
            return STOP;
        }
        if (first)
        {
            emit(b, BookState.TRUSTED, BookStatusReason.BRIDGED, -1, lastId,
                "snapshot " + last + " bridged by diff [" + firstId + ", " + lastId + "]", emitter);
        }
        return CONTINUE;
    }

    /** Applies the bids then the asks of {@link #update}; @return the number of impossible levels skipped. */
    private int applyLevels(final L2Book book)
    {
        int bad = 0;
        final DepthUpdateDecoder.BidsDecoder bids = update.bids();
        while (bids.hasNext())
        {
            bids.next();
            final long price = bids.price();
            final long qty = bids.qty();
            if (price <= 0 || qty < 0)
            {
                bad++;
                continue;
            }
            book.setBid(price, qty, bids.priceDecimals(), bids.qtyDecimals());
        }
        final DepthUpdateDecoder.AsksDecoder asks = update.asks();
        while (asks.hasNext())
        {
            asks.next();
            final long price = asks.price();
            final long qty = asks.qty();
            if (price <= 0 || qty < 0)
            {
                bad++;
                continue;
            }
            book.setAsk(price, qty, asks.priceDecimals(), asks.qtyDecimals());
        }
        return bad;
    }

    /** Checks after a change: impossible levels, OKX checksum, crossing. @return false when the book became untrusted. */
    private boolean verify(
        final InstrumentBook b,
        final boolean hasChecksum,
        final int checksum,
        final int bad,
        final long receivedId,
        final Emitter emitter)
    {
        if (bad > 0)
        {
            badLevels += bad;
            distrust(b, BookStatusReason.BAD_LEVEL, -1, receivedId, bad + " level(s) with price <= 0 or quantity < 0", emitter);
            return false;
        }
        if (hasChecksum && b.rule == SequenceRule.OKX)
        {
            final int computed = okxChecksum.compute(b.book, b.instrument.priceExponent(), b.instrument.qtyExponent());
            if (computed != checksum)
            {
                checksumMismatches++;
                distrust(b, BookStatusReason.CHECKSUM_MISMATCH, -1, receivedId,
                    "checksum of the top " + OkxChecksum.LEVELS + " levels " + computed + " != venue's " + checksum, emitter);
                return false;
            }
        }
        if (b.book.isCrossed())
        {
            crossed++;
            final BookSide bids = b.book.bids();
            final BookSide asks = b.book.asks();
            distrust(b, BookStatusReason.CROSSED_BOOK, -1, receivedId, "best bid " + b.view.priceText(bids, 0)
                + " >= best ask " + b.view.priceText(asks, 0), emitter);
            return false;
        }
        return true;
    }

    private void onDepthSnapshot(final EventView event, final Emitter emitter)
    {
        final InstrumentBook b = state(event.instrumentId());
        if (b == null)
        {
            unknownInstrument++;
            return;
        }
        exchangeTsNs = event.exchangeTsNs();
        receiveTsNs = event.receiveTsNs();
        snapshot.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final long lastUpdateId = snapshot.lastUpdateId();
        snapshots++;
        if (!b.rule.snapshotInStream() && b.state == BookState.TRUSTED && lastUpdateId <= b.lastUpdateId)
        {
            // a fetched snapshot no newer than a book that is in step: nothing to learn from it
            snapshotsIgnored++;
            return;
        }
        final boolean hasChecksum = snapshot.hasChecksum() == BooleanType.T;
        final int checksum = snapshot.checksum();
        final int bad = loadSnapshot(b.book, event);
        if (!b.rule.snapshotInStream() && b.state == BookState.TRUSTED)
        {
            emit(b, BookState.SYNCING, BookStatusReason.SNAPSHOT_RESET, -1, lastUpdateId,
                "snapshot " + lastUpdateId + " replaces the book at " + b.lastUpdateId + "; waiting for a bridging diff", emitter);
        }
        b.lastUpdateId = lastUpdateId;
        onBookLoaded(b, lastUpdateId, hasChecksum, checksum, bad, emitter);
    }

    private void onBookLoaded(
        final InstrumentBook b,
        final long lastUpdateId,
        final boolean hasChecksum,
        final int checksum,
        final int bad,
        final Emitter emitter)
    {
        if (b.rule.snapshotInStream())
        {
            // everything buffered came before this snapshot in the same stream
            updatesDroppedStale += b.pending.size();
            b.pending.clear();
            b.awaitingBridge = false;
            if (verify(b, hasChecksum, checksum, bad, lastUpdateId, emitter) && b.state != BookState.TRUSTED)
            {
                emit(b, BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, -1, lastUpdateId,
                    "snapshot " + lastUpdateId + " applied", emitter);
            }
            return;
        }
        b.awaitingBridge = true;
        if (!verify(b, hasChecksum, checksum, bad, lastUpdateId, emitter))
        {
            return;
        }
        drain(b, emitter);
    }

    /** Applies buffered diffs while the book is trusted or waiting for its bridge; a failing diff stays buffered. */
    private void drain(final InstrumentBook b, final Emitter emitter)
    {
        final PendingDiffs pending = b.pending;
        while (pending.size() > 0 && (b.state == BookState.TRUSTED || b.awaitingBridge))
        {
            pendingView.wrap(pending.buffer(), pending.firstOffset(), pending.firstLength());
            update.wrap(pendingView.buffer(), pendingView.bodyOffset(), pendingView.blockLength(), pendingView.version());
            if (applyDiff(b, emitter) == STOP)
            {
                return;
            }
            pending.removeFirst();
        }
    }

    /**
     * Loads the snapshot into an empty book. Venues list snapshot levels best first; when a side is strictly ordered
     * that way it is placed directly (no shifting), otherwise level by level.
     *
     * @return the number of impossible levels skipped.
     */
    private int loadSnapshot(final L2Book book, final EventView event)
    {
        boolean bidsSorted = true;
        boolean asksSorted = true;
        final DepthSnapshotDecoder.BidsDecoder scanBids = snapshot.bids();
        final int bidCount = scanBids.count();
        long previous = 0;
        for (int i = 0; scanBids.hasNext(); i++)
        {
            scanBids.next();
            final long price = scanBids.price();
            bidsSorted &= price > 0 && scanBids.qty() > 0 && (i == 0 || book.bids().isBetterFirst(previous, price));
            previous = price;
        }
        final DepthSnapshotDecoder.AsksDecoder scanAsks = snapshot.asks();
        final int askCount = scanAsks.count();
        for (int i = 0; scanAsks.hasNext(); i++)
        {
            scanAsks.next();
            final long price = scanAsks.price();
            asksSorted &= price > 0 && scanAsks.qty() > 0 && (i == 0 || book.asks().isBetterFirst(previous, price));
            previous = price;
        }

        snapshot.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        book.clear();
        int bad = 0;
        final DepthSnapshotDecoder.BidsDecoder bids = snapshot.bids();
        if (bidsSorted)
        {
            book.bids().beginSortedLoad(bidCount);
        }
        for (int rank = 0; bids.hasNext(); rank++)
        {
            bids.next();
            final long price = bids.price();
            final long qty = bids.qty();
            if (bidsSorted)
            {
                book.bids().putSorted(rank, price, qty, bids.priceDecimals(), bids.qtyDecimals());
            }
            else if (price <= 0 || qty < 0)
            {
                bad++;
            }
            else
            {
                book.setBid(price, qty, bids.priceDecimals(), bids.qtyDecimals());
            }
        }
        final DepthSnapshotDecoder.AsksDecoder asks = snapshot.asks();
        if (asksSorted)
        {
            book.asks().beginSortedLoad(askCount);
        }
        for (int rank = 0; asks.hasNext(); rank++)
        {
            asks.next();
            final long price = asks.price();
            final long qty = asks.qty();
            if (asksSorted)
            {
                book.asks().putSorted(rank, price, qty, asks.priceDecimals(), asks.qtyDecimals());
            }
            else if (price <= 0 || qty < 0)
            {
                bad++;
            }
            else
            {
                book.setAsk(price, qty, asks.priceDecimals(), asks.qtyDecimals());
            }
        }
        return bad;
    }

    private void onBestBidOffer(final EventView event)
    {
        final InstrumentBook b = books.get(event.instrumentId());
        if (b == null)
        {
            if (instruments.byId(event.instrumentId()) == null)
            {
                unknownInstrument++;
            }
            else
            {
                bboSkipped++;
            }
            return;
        }
        bbo.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (b.state != BookState.TRUSTED || bbo.updateId() < b.lastUpdateId)
        {
            bboSkipped++;
            return;
        }
        bboChecks++;
        b.bboChecks++;
        final boolean match = bboPrice(bbo.bidPrice()) == b.book.bestBidPrice()
            && bboPrice(bbo.askPrice()) == b.book.bestAskPrice();
        b.lastBboMatched = match;
        if (!match)
        {
            bboMismatches++;
            b.bboMismatches++;
        }
    }

    /** A BestBidOffer price as a book price: the parsers write an empty side as price 0 (qty 0), the book as NO_PRICE. */
    private static long bboPrice(final long price)
    {
        return price == 0 ? BookSide.NO_PRICE : price;
    }

    private void distrust(
        final InstrumentBook b,
        final BookStatusReason reason,
        final long expectedId,
        final long receivedId,
        final String detail,
        final Emitter emitter)
    {
        b.awaitingBridge = false;
        emit(b, BookState.UNTRUSTED, reason, expectedId, receivedId, detail, emitter);
    }

    private void emit(
        final InstrumentBook b,
        final BookState state,
        final BookStatusReason reason,
        final long expectedId,
        final long receivedId,
        final String detail,
        final Emitter emitter)
    {
        b.state = state;
        final int maxLength = MessageHeaderEncoder.ENCODED_LENGTH + BookStatusEncoder.BLOCK_LENGTH
            + BookStatusEncoder.detailHeaderLength() + 3 * detail.length();
        final int offset = emitter.claim(maxLength);
        status.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(exchangeTsNs)
            .receiveTsNs(receiveTsNs)
            .instrumentId(b.instrument.id())
            .state(state)
            .reason(reason)
            .lastUpdateId(b.lastUpdateId)
            .expectedUpdateId(expectedId)
            .receivedUpdateId(receivedId)
            .detail(detail);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength());
    }

    @Override
    public Map<String, Long> counters()
    {
        long levelsDropped = 0;
        for (final InstrumentBook b : books.values())
        {
            levelsDropped += b.book.levelsDroppedAtCapacity();
        }
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("updatesApplied", updatesApplied);
        m.put("updatesBuffered", updatesBuffered);
        m.put("updatesDroppedStale", updatesDroppedStale);
        m.put("updatesDroppedBufferFull", updatesDroppedBufferFull);
        m.put("gaps", gaps);
        m.put("checksumMismatches", checksumMismatches);
        m.put("crossed", crossed);
        m.put("badLevels", badLevels);
        m.put("snapshots", snapshots);
        m.put("snapshotsIgnored", snapshotsIgnored);
        m.put("levelsDroppedAtCapacity", levelsDropped);
        m.put("unknownInstrument", unknownInstrument);
        m.put("bboChecks", bboChecks);
        m.put("bboMismatches", bboMismatches);
        m.put("bboSkipped", bboSkipped);
        return m;
    }
}
