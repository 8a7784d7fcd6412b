package dev.trader.replay.synthetic;

import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MarkPriceEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A deterministic synthetic market for the built-in demo and benchmarks: the same seed always yields the same
 * byte-identical event sequence. Trades arrive as a self-exciting (Hawkes-like) process, so they cluster in bursts
 * that push the price one way; a book of {@code depthLevels} per side is diffed every {@code depthInterval} with
 * Binance USD-M style update ids (snapshot first, bridging diff {@code U <= lastUpdateId <= u}, then
 * {@code pu == previous u}); best bid/offer on every top-of-book change; mark price and funding each
 * {@code markInterval}. Receive time = exchange time + a seeded 0.8 ms-plus-jitter latency, never decreasing.
 * Only exactly specified arithmetic (SplittableRandom.nextDouble, StrictMath) decides what is generated, so the
 * market is the same on every JDK.
 */
public final class SyntheticMarket
{
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long EIGHT_HOURS_NS = 8L * 3600 * NS_PER_S;

    private final SyntheticMarketSettings settings;
    private final Instrument instrument;
    private final EventSink sink;
    private final SplittableRandom rng;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BestBidOfferEncoder bbo = new BestBidOfferEncoder();
    private final DepthUpdateEncoder depth = new DepthUpdateEncoder();
    private final DepthSnapshotEncoder snapshot = new DepthSnapshotEncoder();
    private final MarkPriceEncoder mark = new MarkPriceEncoder();

    private final int levels;
    private final long tick;
    // the synthetic venue writes prices and quantities with exactly the instrument's decimals
    private final byte priceDecimals;
    private final byte qtyDecimals;
    private long[] bidPx;
    private long[] bidQty;
    private long[] askPx;
    private long[] askQty;
    // the book as the depth stream last described it: diffs are taken against this, so snapshot + diffs rebuild it
    private long[] publishedBidPx;
    private long[] publishedBidQty;
    private long[] publishedAskPx;
    private long[] publishedAskQty;
    private double midTicks;
    private double excitation;
    private int burstSign;
    private long tradeId = 1_000_000;
    private long updateId = 5_000_000;
    private long lastU;
    private long lastReceiveNs;
    private long lastBboBidPx = -1;
    private long lastBboBidQty = -1;
    private long lastBboAskPx = -1;
    private long lastBboAskQty = -1;
    private final Stats stats = new Stats();

    /** Events written, by kind. */
    public static final class Stats
    {
        public long trades;
        public long bestBidOffers;
        public long depthUpdates;
        public long snapshots;
        public long markPrices;
        public long bursts;

        public long total()
        {
            return trades + bestBidOffers + depthUpdates + snapshots + markPrices;
        }

        @Override
        public String toString()
        {
            return total() + " events: " + trades + " trades, " + bestBidOffers + " best bid/offer, " + depthUpdates
                + " depth updates, " + snapshots + " snapshot, " + markPrices + " mark prices (" + bursts + " bursts)";
        }
    }

    public SyntheticMarket(final SyntheticMarketSettings settings, final Instrument instrument, final EventSink sink)
    {
        this.settings = settings;
        this.instrument = instrument;
        this.sink = sink;
        this.rng = new SplittableRandom(settings.seed);
        this.levels = settings.depthLevels;
        this.tick = instrument.tickMantissa();
        this.priceDecimals = (byte)-instrument.priceExponent();
        this.qtyDecimals = (byte)-instrument.qtyExponent();
        this.midTicks = Math.round(settings.startPrice / tickValue());
    }

    private double tickValue()
    {
        return dev.trader.codecs.Decimals.toDouble(tick, instrument.priceExponent());
    }

    /** Generates the whole market into the sink. */
    public Stats generate()
    {
        return generate(Long.MAX_VALUE);
    }

    /** Generates until the configured duration ends or about {@code maxEvents} events were written. */
    public Stats generate(final long maxEvents)
    {
        final long startNs = settings.start.getEpochSecond() * NS_PER_S + settings.start.getNano();
        final long endNs = startNs + settings.duration.toNanos();
        final long stepNs = settings.depthInterval.toNanos();
        final long markNs = settings.markInterval.toNanos();
        final double dt = stepNs / 1e9;

        buildBook(1.0, null, null, null, null);
        // the REST snapshot arrives first; the first diff bridges it (U <= lastUpdateId <= u)
        final long snapshotId = updateId;
        writeSnapshot(startNs, snapshotId);
        markPublished();
        lastU = snapshotId - 2;
        updateId = snapshotId - 1;
        long nextMarkNs = startNs + markNs;

        for (long t = startNs; t < endNs && stats.total() < maxEvents; t += stepNs)
        {
            excitation *= StrictMath.exp(-settings.excitationDecayPerSecond * dt);
            if (excitation < 1.0)
            {
                burstSign = 0;
            }
            if (rng.nextDouble() < settings.burstProbability)
            {
                excitation += settings.burstIntensity;
                burstSign = rng.nextBoolean() ? 1 : -1;
                stats.bursts++;
            }
            final double intensity = Math.min(400.0, settings.baseTradeRate + excitation);
            final int n = poisson(intensity * dt);
            final double pressure = burstSign * Math.min(1.0, excitation / Math.max(1.0, settings.burstIntensity));
            for (int j = 0; j < n; j++)
            {
                final long ts = t + (j + 1) * stepNs / (n + 1);
                final boolean buy = rng.nextDouble() < 0.5 + 0.35 * pressure;
                final long qty = instrument.lotMantissa() * Math.max(1, Math.round(StrictMath.exp(StrictMath.log(20) + 1.2 * gaussian())));
                writeTrade(ts, buy, qty);
                excitation += settings.excitationPerTrade;
                midTicks += (buy ? 1 : -1) * 0.05;
            }
            midTicks += settings.volatilityTicks * gaussian() + 0.6 * pressure;
            final double spreadTicks = 1 + Math.floor(Math.min(4.0, excitation / 15.0) * rng.nextDouble());
            final long endOfStep = t + stepNs;
            rebook(endOfStep, spreadTicks);
            while (nextMarkNs <= endOfStep && nextMarkNs < endNs)
            {
                writeMark(nextMarkNs);
                nextMarkNs += markNs;
            }
        }
        sink.onEndOfStream();
        return stats;
    }

    private boolean haveSpareGaussian;
    private double spareGaussian;

    /**
     * A standard normal draw by Marsaglia's polar method over {@code nextDouble()} with StrictMath, so the same seed
     * gives the same market on every JDK ({@code nextGaussian()} and the Math intrinsics are not specified bit for bit).
     */
    private double gaussian()
    {
        if (haveSpareGaussian)
        {
            haveSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do
        {
            u = 2.0 * rng.nextDouble() - 1.0;
            v = 2.0 * rng.nextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        final double m = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
        spareGaussian = v * m;
        haveSpareGaussian = true;
        return u * m;
    }

    private int poisson(final double mean)
    {
        // Knuth: fine for the small means of one 100 ms step
        final double l = StrictMath.exp(-mean);
        int k = 0;
        double p = 1.0;
        do
        {
            k++;
            p *= rng.nextDouble();
        }
        while (p > l && k < 1000);
        return k - 1;
    }

    private long levelQty()
    {
        return instrument.lotMantissa() * Math.max(1, Math.round(StrictMath.exp(StrictMath.log(800) + 0.8 * gaussian())));
    }

    /** Fills the book around the mid; keeps quantities of levels that survive (perturbing some). */
    private void buildBook(final double spreadTicks, final long[] oldBidPx, final long[] oldBidQty, final long[] oldAskPx, final long[] oldAskQty)
    {
        final long bestBidTicks = (long)Math.floor(midTicks - spreadTicks / 2.0);
        final long bestAskTicks = bestBidTicks + Math.max(1, Math.round(spreadTicks));
        final long[] bp = new long[levels];
        final long[] bq = new long[levels];
        final long[] ap = new long[levels];
        final long[] aq = new long[levels];
        for (int i = 0; i < levels; i++)
        {
            bp[i] = (bestBidTicks - i) * tick;
            ap[i] = (bestAskTicks + i) * tick;
            bq[i] = carry(bp[i], oldBidPx, oldBidQty);
            aq[i] = carry(ap[i], oldAskPx, oldAskQty);
        }
        bidPx = bp;
        bidQty = bq;
        askPx = ap;
        askQty = aq;
    }

    private long carry(final long price, final long[] oldPx, final long[] oldQty)
    {
        if (oldPx != null)
        {
            for (int i = 0; i < oldPx.length; i++)
            {
                if (oldPx[i] == price && oldQty[i] > 0)
                {
                    if (rng.nextDouble() < 0.25)
                    {
                        return Math.max(instrument.lotMantissa(), Math.round(oldQty[i] * (0.6 + 0.8 * rng.nextDouble())));
                    }
                    return oldQty[i];
                }
            }
        }
        return levelQty();
    }

    private void rebook(final long ts, final double spreadTicks)
    {
        buildBook(spreadTicks, bidPx, bidQty, askPx, askQty);
        writeDepthDiff(ts, publishedBidPx, publishedBidQty, publishedAskPx, publishedAskQty);
        markPublished();
        maybeWriteBbo(ts);
    }

    private void markPublished()
    {
        publishedBidPx = bidPx.clone();
        publishedBidQty = bidQty.clone();
        publishedAskPx = askPx.clone();
        publishedAskQty = askQty.clone();
    }

    private void writeTrade(final long ts, final boolean buy, final long wantQty)
    {
        // a market order takes liquidity from the touch; it cannot take more than the level holds
        final long[] px = buy ? askPx : bidPx;
        final long[] qty = buy ? askQty : bidQty;
        final long fill = Math.min(wantQty, qty[0]);
        final long price = px[0];
        qty[0] -= fill;
        if (qty[0] == 0)
        {
            // the level is gone: the next one becomes the touch, a fresh level appears at the back
            System.arraycopy(px, 1, px, 0, levels - 1);
            System.arraycopy(qty, 1, qty, 0, levels - 1);
            px[levels - 1] = px[levels - 2] + (buy ? tick : -tick);
            qty[levels - 1] = levelQty();
        }
        tradeId++;
        final long recv = receiveTime(ts);
        final int offset = 0;
        trade.wrapAndApplyHeader(buffer, offset, header)
            .exchangeTsNs(ts)
            .receiveTsNs(recv)
            .instrumentId(instrument.id())
            .tradeId(tradeId)
            .price(price)
            .qty(fill)
            .aggressor(buy ? Side.BUY : Side.SELL)
            .tradeType(TradeType.TRADE)
            .firstTradeId(tradeId)
            .lastTradeId(tradeId);
        sink.onEvent(buffer, offset, MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength());
        stats.trades++;
        maybeWriteBbo(ts);
    }

    private void maybeWriteBbo(final long ts)
    {
        if (bidPx[0] == lastBboBidPx && bidQty[0] == lastBboBidQty && askPx[0] == lastBboAskPx && askQty[0] == lastBboAskQty)
        {
            return;
        }
        lastBboBidPx = bidPx[0];
        lastBboBidQty = bidQty[0];
        lastBboAskPx = askPx[0];
        lastBboAskQty = askQty[0];
        bbo.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(receiveTime(ts))
            .instrumentId(instrument.id())
            .updateId(updateId)
            .bidPrice(bidPx[0])
            .bidQty(bidQty[0])
            .askPrice(askPx[0])
            .askQty(askQty[0]);
        sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bbo.encodedLength());
        stats.bestBidOffers++;
    }

    private void writeSnapshot(final long ts, final long lastUpdateId)
    {
        snapshot.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(receiveTime(ts))
            .instrumentId(instrument.id())
            .lastUpdateId(lastUpdateId)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder bids = snapshot.bidsCount(levels);
        for (int i = 0; i < levels; i++)
        {
            bids.next().price(bidPx[i]).qty(bidQty[i]).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
        }
        final DepthSnapshotEncoder.AsksEncoder asks = snapshot.asksCount(levels);
        for (int i = 0; i < levels; i++)
        {
            asks.next().price(askPx[i]).qty(askQty[i]).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
        }
        sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + snapshot.encodedLength());
        stats.snapshots++;
    }

    private void writeDepthDiff(final long ts, final long[] obp, final long[] obq, final long[] oap, final long[] oaq)
    {
        final int bidChanges = changes(obp, obq, bidPx, bidQty, null);
        final int askChanges = changes(oap, oaq, askPx, askQty, null);
        if (bidChanges + askChanges == 0)
        {
            return;
        }
        final long first = updateId;
        final long last = first + 1 + rng.nextInt(4);
        updateId = last + 1;
        depth.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(receiveTime(ts))
            .instrumentId(instrument.id())
            .firstUpdateId(first)
            .lastUpdateId(last)
            .prevUpdateId(lastU)
            .checksum(0)
            .hasChecksum(BooleanType.F);
        lastU = last;
        final DepthUpdateEncoder.BidsEncoder bids = depth.bidsCount(bidChanges);
        changes(obp, obq, bidPx, bidQty, bids);
        final DepthUpdateEncoder.AsksEncoder asks = depth.asksCount(askChanges);
        changesAsks(oap, oaq, askPx, askQty, asks);
        sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + depth.encodedLength());
        stats.depthUpdates++;
    }

    /** Counts (and, with an encoder, writes) the level changes from old to new: removals as qty 0, then new/changed. */
    private int changes(final long[] oldPx, final long[] oldQty, final long[] newPx, final long[] newQty,
        final DepthUpdateEncoder.BidsEncoder out)
    {
        int n = 0;
        for (int i = 0; i < oldPx.length; i++)
        {
            if (indexOf(newPx, oldPx[i]) < 0)
            {
                n++;
                if (out != null)
                {
                    out.next().price(oldPx[i]).qty(0).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
                }
            }
        }
        for (int i = 0; i < newPx.length; i++)
        {
            final int o = indexOf(oldPx, newPx[i]);
            if (o < 0 || oldQty[o] != newQty[i])
            {
                n++;
                if (out != null)
                {
                    out.next().price(newPx[i]).qty(newQty[i]).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
                }
            }
        }
        return n;
    }

    private void changesAsks(final long[] oldPx, final long[] oldQty, final long[] newPx, final long[] newQty,
        final DepthUpdateEncoder.AsksEncoder out)
    {
        for (int i = 0; i < oldPx.length; i++)
        {
            if (indexOf(newPx, oldPx[i]) < 0)
            {
                out.next().price(oldPx[i]).qty(0).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
            }
        }
        for (int i = 0; i < newPx.length; i++)
        {
            final int o = indexOf(oldPx, newPx[i]);
            if (o < 0 || oldQty[o] != newQty[i])
            {
                out.next().price(newPx[i]).qty(newQty[i]).priceDecimals(priceDecimals).qtyDecimals(qtyDecimals);
            }
        }
    }

    private static int indexOf(final long[] px, final long price)
    {
        for (int i = 0; i < px.length; i++)
        {
            if (px[i] == price)
            {
                return i;
            }
        }
        return -1;
    }

    private void writeMark(final long ts)
    {
        final long markPx = Math.round(midTicks) * tick;
        final long indexPx = markPx + Math.round(gaussian() * 2) * tick;
        final long nextFunding = (ts / EIGHT_HOURS_NS + 1) * EIGHT_HOURS_NS;
        mark.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(ts)
            .receiveTsNs(receiveTime(ts))
            .instrumentId(instrument.id())
            .nextFundingTimeNs(nextFunding);
        final byte pe = (byte)instrument.priceExponent();
        mark.markPrice().mantissa(markPx).exponent(pe);
        mark.indexPrice().mantissa(indexPx).exponent(pe);
        mark.estimatedSettlePrice().mantissa(markPx).exponent(pe);
        mark.fundingRate().mantissa(10_000 + rng.nextInt(2_000) - 1_000).exponent((byte)-8);
        sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + mark.encodedLength());
        stats.markPrices++;
    }

    private long receiveTime(final long exchangeTs)
    {
        final long latency = 800_000 + (long)(-300_000 * StrictMath.log(1.0 - rng.nextDouble()));
        lastReceiveNs = Math.max(lastReceiveNs, exchangeTs + latency);
        return lastReceiveNs;
    }
}
