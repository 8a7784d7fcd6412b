package dev.trader.engine.exec;

import dev.trader.engine.book.BookView;
import dev.trader.engine.trading.FeeSchedule;
import org.agrona.collections.Long2LongHashMap;

/**
 * Ex-ante round-trip cost of an order in bps of its notional, and the cost gate (seed 004 section 4 "Full Cost
 * Model"). The terms, each in bps:
 * <ul>
 *   <li><b>spread</b> = spread_bps / 2, where spread_bps = (best ask - best bid) / mid x 1e4 from the instrument's
 *       book when the book exists, is trusted and has both sides; otherwise {@code costs.assumedSpreadBps} (the
 *       assumed full spread, halved the same way);</li>
 *   <li><b>impact</b> = sqrt(participation) x {@code costs.impactBps}, participation = order qty / volume of the
 *       instrument's last completed bar of {@code costs.participationWindow} (fed by {@link #onBar}), capped at 1;
 *       with no bar volume known yet (or a bar of zero volume) participation counts as 1 (the conservative
 *       end);</li>
 *   <li><b>fees</b> = 2 x taker fee x 1e4 (entry and exit both taken, as seed 000 labels its trades);</li>
 *   <li><b>funding</b> = {@code costs.fundingBpsPer8h} x hours of {@code costs.expectedHold} / 8;</li>
 *   <li><b>latency</b> = {@code costs.latencyMs} / 10 x 0.1 bps.</li>
 * </ul>
 * The gate ({@link #passes}) rejects when {@code expectedEdgeBps - cost < costs.safetyMarginBps}; an unknown edge
 * (NaN) passes, and with {@code costs.enabled: false} everything passes. Allocation free after the first bar of
 * each instrument.
 */
public final class CostModel
{
    private static final double BPS = 10_000.0;

    private final CostSettings settings;
    private final FeeSchedule fees;
    private final long participationIntervalNs;
    private final double feeBps;
    private final double fundingBps;
    private final double latencyBps;
    /** Missing value -1: a bar of volume 0 (a repaired quiet minute) is a legal entry, not "absent" (Agrona refuses it). */
    private final Long2LongHashMap lastVolume = new Long2LongHashMap(64, 0.65f, -1L);

    public CostModel(final CostSettings settings)
    {
        settings.validate();
        this.settings = settings;
        this.fees = settings.fees();
        this.participationIntervalNs = settings.participationWindow().toNanos();
        this.feeBps = 2.0 * settings.takerFee() * BPS;
        this.fundingBps = settings.fundingBpsPer8h() * (settings.expectedHold().toNanos() / 3_600_000_000_000.0) / 8.0;
        this.latencyBps = settings.latencyMs() / 10.0 * 0.1;
    }

    public CostSettings settings()
    {
        return settings;
    }

    /** The fee schedule the venue charges (one instance for both, so they cannot drift). */
    public FeeSchedule fees()
    {
        return fees;
    }

    /** Records a completed bar; only bars of the participation window count. Call for every Bar (no allocation). */
    public void onBar(final int instrumentId, final long intervalNs, final long volumeMantissa)
    {
        if (intervalNs == participationIntervalNs)
        {
            lastVolume.put(instrumentId, Math.max(0L, volumeMantissa));
        }
    }

    /** Half the spread in bps: from a trusted two-sided book, else half of {@code costs.assumedSpreadBps}. */
    public double spreadBps(final BookView book)
    {
        if (book != null && book.isTrusted())
        {
            final long bid = book.bestBidPrice();
            final long ask = book.bestAskPrice();
            // an empty side is BookSide.NO_PRICE (Long.MIN_VALUE): bid > 0 and ask >= bid exclude it
            if (bid > 0 && ask >= bid)
            {
                final double mid = (bid + (double)ask) / 2.0;
                return (ask - bid) / mid * BPS / 2.0;
            }
        }
        return settings.assumedSpreadBps() / 2.0;
    }

    /** Participation of {@code qty} in the last completed bar's volume, in [0, 1]; 1 when no volume is known. */
    public double participation(final int instrumentId, final long qtyMantissa)
    {
        final long volume = lastVolume.get(instrumentId);
        if (volume <= 0)
        {
            return 1.0;
        }
        return Math.min(1.0, Math.abs((double)qtyMantissa) / volume);
    }

    /** sqrt(participation) x impactBps. */
    public double impactBps(final int instrumentId, final long qtyMantissa)
    {
        return Math.sqrt(participation(instrumentId, qtyMantissa)) * settings.impactBps();
    }

    /** 2 x taker fee in bps. */
    public double feeBps()
    {
        return feeBps;
    }

    /** Funding over the expected hold, in bps. */
    public double fundingBps()
    {
        return fundingBps;
    }

    /** Latency penalty in bps. */
    public double latencyBps()
    {
        return latencyBps;
    }

    /**
     * Total round-trip cost in bps for an order of {@code qtyMantissa} on {@code instrumentId}.
     *
     * @param book the instrument's book, or null when there is none
     */
    public double roundTripBps(final int instrumentId, final long qtyMantissa, final BookView book)
    {
        return spreadBps(book) + impactBps(instrumentId, qtyMantissa) + feeBps + fundingBps + latencyBps;
    }

    /** {@code costs.safetyMarginBps}. */
    public double safetyMarginBps()
    {
        return settings.safetyMarginBps();
    }

    /** The cost gate: true when the edge is unknown (NaN), the gate is disabled, or edge - cost >= margin. */
    public boolean passes(final double expectedEdgeBps, final double costBps)
    {
        if (!settings.enabled() || Double.isNaN(expectedEdgeBps))
        {
            return true;
        }
        return expectedEdgeBps - costBps >= settings.safetyMarginBps();
    }
}
