package dev.trader.engine.book;

import dev.trader.engine.Venue;

/**
 * How a venue numbers its depth stream, and so when a diff applies, is stale or reveals a gap. {@code U}, {@code u}
 * and {@code pu} are the DepthUpdate's firstUpdateId, lastUpdateId and prevUpdateId; {@code last} is the book's
 * update id (the snapshot's lastUpdateId before the first diff is applied).
 */
enum SequenceRule
{
    /**
     * Binance USD-M futures ("How to manage a local order book correctly"): drop diffs with {@code u < L}; the first
     * applied diff has {@code U <= L <= u}; after it each diff has {@code pu == previous u}.
     */
    BINANCE_USDM(false),
    /**
     * Binance spot: drop diffs with {@code u <= L}; the first applied diff has {@code U <= L + 1 <= u}; after it each
     * diff has {@code U == previous u + 1} (spot diffs carry no {@code pu}).
     */
    BINANCE_SPOT(false),
    /**
     * OKX v5 books: the snapshot comes in the stream ({@code prevSeqId = -1}); each update's {@code prevSeqId} equals
     * the previous message's {@code seqId}. That one rule also covers OKX's two exceptions: a no-change heartbeat
     * ({@code prevSeqId == seqId ==} previous {@code seqId}) and a reset after maintenance ({@code seqId < prevSeqId},
     * {@code prevSeqId ==} previous {@code seqId}). Messages without sequence ids ({@code prevUpdateId < 0}, before
     * 2022) are guarded by the checksum only.
     */
    OKX(true),
    /** Bybit v5 orderbook: the snapshot comes in the stream; each delta has {@code u == previous u + 1}. */
    BYBIT(true);

    static final int APPLY = 0;
    static final int STALE = 1;
    static final int GAP = 2;

    private final boolean snapshotInStream;

    SequenceRule(final boolean snapshotInStream)
    {
        this.snapshotInStream = snapshotInStream;
    }

    static SequenceRule of(final Venue venue)
    {
        switch (venue)
        {
            case BINANCE_USDM:
            case SYNTHETIC:
                return BINANCE_USDM;
            case BINANCE_SPOT:
                return BINANCE_SPOT;
            case OKX:
                return OKX;
            case BYBIT:
                return BYBIT;
            default:
                throw new IllegalArgumentException("no depth sequence rule for venue " + venue);
        }
    }

    /**
     * True when snapshots arrive in the diff stream itself (OKX, Bybit): every diff buffered before one is older than
     * it. False when the snapshot is fetched separately (Binance REST) and buffered diffs bridge it.
     */
    boolean snapshotInStream()
    {
        return snapshotInStream;
    }

    /**
     * @param first true for the first diff after a snapshot ({@code last} is then the snapshot's lastUpdateId)
     * @return {@link #APPLY}, {@link #STALE} or {@link #GAP}
     */
    int classify(final long firstId, final long lastId, final long prevId, final long last, final boolean first)
    {
        switch (this)
        {
            case BINANCE_USDM:
                if (first)
                {
                    return lastId < last ? STALE : firstId <= last ? APPLY : GAP;
                }
                return lastId <= last ? STALE : prevId == last ? APPLY : GAP;
            case BINANCE_SPOT:
                if (first)
                {
                    return lastId <= last ? STALE : firstId <= last + 1 ? APPLY : GAP;
                }
                return lastId <= last ? STALE : firstId == last + 1 ? APPLY : GAP;
            case OKX:
                if (prevId < 0 || last < 0 || prevId == last)
                {
                    return APPLY;
                }
                return lastId <= last ? STALE : GAP;
            case BYBIT:
                return lastId <= last ? STALE : lastId == last + 1 ? APPLY : GAP;
            default:
                throw new IllegalStateException(name());
        }
    }

    /** For a gap: the id the rule expected (see {@link #received}). */
    long expected(final long last)
    {
        return this == BINANCE_SPOT || this == BYBIT ? last + 1 : last;
    }

    /** For a gap: the id the diff carried where {@link #expected} was wanted. */
    long received(final long firstId, final long lastId, final long prevId, final boolean first)
    {
        switch (this)
        {
            case BINANCE_USDM:
                return first ? firstId : prevId;
            case BINANCE_SPOT:
                return firstId;
            case OKX:
                return prevId;
            case BYBIT:
                return lastId;
            default:
                throw new IllegalStateException(name());
        }
    }

    /** A short explanation of a gap (allocates: state changes only). */
    String describeGap(final long firstId, final long lastId, final long prevId, final long last, final boolean first)
    {
        switch (this)
        {
            case BINANCE_USDM:
                return first
                    ? "first diff [" + firstId + ", " + lastId + "] does not contain snapshot lastUpdateId " + last
                    : "pu " + prevId + " != previous u " + last;
            case BINANCE_SPOT:
                return first
                    ? "first diff [" + firstId + ", " + lastId + "] does not contain snapshot lastUpdateId+1 " + (last + 1)
                    : "U " + firstId + " != previous u + 1 = " + (last + 1);
            case OKX:
                return "prevSeqId " + prevId + " != previous seqId " + last;
            case BYBIT:
                return "u " + lastId + " != previous u + 1 = " + (last + 1);
            default:
                throw new IllegalStateException(name());
        }
    }
}
