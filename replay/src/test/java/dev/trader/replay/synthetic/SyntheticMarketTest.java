package dev.trader.replay.synthetic;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Instrument;
import dev.trader.replay.ReplayFixtures;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The seeded synthetic market is a sane market: uncrossed, ordered, with consistent depth diffs and bursts. */
class SyntheticMarketTest
{
    private static final long NS_PER_S = 1_000_000_000L;
    private static final Duration DURATION = Duration.ofMinutes(30);

    private static SyntheticMarketSettings settings;
    private static Instrument instrument;
    private static SyntheticMarket.Stats stats;
    private static final List<UnsafeBuffer> EVENTS = new ArrayList<>();

    @BeforeAll
    static void generate()
    {
        settings = SyntheticMarketSettings.defaults().duration(DURATION);
        instrument = ReplayFixtures.syntheticInstrument(settings);
        stats = new SyntheticMarket(settings, instrument, (buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy, 0, length);
            EVENTS.add(new UnsafeBuffer(copy));
        }).generate();
    }

    private static EventType type(final UnsafeBuffer e)
    {
        return EventType.ofTemplateId(Events.templateId(e, 0));
    }

    @Test
    void shouldWriteOnlyValidMarketEventsMatchingStatsWhenGenerated()
    {
        assertEquals(stats.total(), EVENTS.size());
        final EventValidator validator = new EventValidator();
        long trades = 0;
        long bbos = 0;
        long depth = 0;
        long snapshots = 0;
        long marks = 0;
        for (final UnsafeBuffer e : EVENTS)
        {
            assertTrue(validator.isValid(e, 0, e.capacity()), validator.lastError());
            assertEquals(instrument.id(), Events.instrumentId(e, 0));
            final EventType t = type(e);
            assertTrue(t.isMarket(), t.displayName());
            switch (t)
            {
                case TRADE: trades++; break;
                case BEST_BID_OFFER: bbos++; break;
                case DEPTH_UPDATE: depth++; break;
                case DEPTH_SNAPSHOT: snapshots++; break;
                case MARK_PRICE: marks++; break;
                default: fail("unexpected " + t);
            }
        }
        assertEquals(stats.trades, trades);
        assertEquals(stats.bestBidOffers, bbos);
        assertEquals(stats.depthUpdates, depth);
        assertEquals(1, snapshots);
        assertEquals(stats.snapshots, snapshots);
        assertEquals(stats.markPrices, marks);
        assertEquals(EventType.DEPTH_SNAPSHOT, type(EVENTS.get(0)), "the snapshot comes first");
        assertTrue(marks >= DURATION.toSeconds() - 1, "mark price every second: " + marks);
        assertTrue(depth > DURATION.toSeconds(), "depth updates: " + depth);
    }

    @Test
    void shouldNeverCrossBookWhenBestBidOfferEmitted()
    {
        final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
        int seen = 0;
        for (final UnsafeBuffer e : EVENTS)
        {
            if (type(e) == EventType.BEST_BID_OFFER)
            {
                bbo.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                assertTrue(bbo.bidPrice() < bbo.askPrice(), "crossed: " + bbo);
                assertTrue(bbo.bidPrice() > 0 && bbo.bidQty() > 0 && bbo.askQty() > 0, bbo.toString());
                assertEquals(0, bbo.bidPrice() % instrument.tickMantissa(), "bid off the tick grid");
                assertEquals(0, bbo.askPrice() % instrument.tickMantissa(), "ask off the tick grid");
                seen++;
            }
        }
        assertTrue(seen > 100, "best bid/offers: " + seen);
    }

    @Test
    void shouldHavePositiveTradesWithIncreasingIdsWhenGenerated()
    {
        final TradeDecoder trade = new TradeDecoder();
        long lastId = Long.MIN_VALUE;
        for (final UnsafeBuffer e : EVENTS)
        {
            if (type(e) == EventType.TRADE)
            {
                trade.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                assertTrue(trade.price() > 0, trade.toString());
                assertTrue(trade.qty() > 0, trade.toString());
                assertEquals(0, trade.price() % instrument.tickMantissa(), "price off the tick grid");
                assertEquals(0, trade.qty() % instrument.lotMantissa(), "qty off the lot grid");
                assertTrue(trade.tradeId() > lastId, "tradeId " + trade.tradeId() + " after " + lastId);
                assertEquals(trade.tradeId(), trade.firstTradeId());
                assertEquals(trade.tradeId(), trade.lastTradeId());
                lastId = trade.tradeId();
            }
        }
        assertTrue(lastId > Long.MIN_VALUE, "no trades");
    }

    @Test
    void shouldNeverDecreaseReceiveTimeNorReceiveBeforeExchangeWhenGenerated()
    {
        long lastReceive = Long.MIN_VALUE;
        for (int i = 0; i < EVENTS.size(); i++)
        {
            final UnsafeBuffer e = EVENTS.get(i);
            final long exchange = Events.exchangeTsNs(e, 0);
            final long receive = Events.receiveTsNs(e, 0);
            assertTrue(receive >= lastReceive, "event " + i + ": receive time went back from " + lastReceive + " to " + receive);
            assertTrue(exchange <= receive, "event " + i + ": exchange " + exchange + " after receive " + receive);
            lastReceive = receive;
        }
        final long startNs = settings.start().getEpochSecond() * NS_PER_S;
        assertTrue(Events.exchangeTsNs(EVENTS.get(0), 0) >= startNs);
        assertTrue(Events.exchangeTsNs(EVENTS.get(EVENTS.size() - 1), 0) <= startNs + DURATION.toNanos());
    }

    @Test
    void shouldChainDepthUpdateIdsFromSnapshotWhenGenerated()
    {
        final DepthSnapshotDecoder snapshot = new DepthSnapshotDecoder();
        final DepthUpdateDecoder depth = new DepthUpdateDecoder();
        long snapshotId = Long.MIN_VALUE;
        long previousU = Long.MIN_VALUE;
        int updates = 0;
        for (final UnsafeBuffer e : EVENTS)
        {
            if (type(e) == EventType.DEPTH_SNAPSHOT)
            {
                snapshot.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                snapshotId = snapshot.lastUpdateId();
            }
            else if (type(e) == EventType.DEPTH_UPDATE)
            {
                depth.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                assertTrue(depth.firstUpdateId() <= depth.lastUpdateId(), depth.toString());
                if (updates == 0)
                {
                    assertTrue(snapshotId != Long.MIN_VALUE, "a diff before the snapshot");
                    assertTrue(depth.firstUpdateId() <= snapshotId && snapshotId <= depth.lastUpdateId(),
                        "first diff U=" + depth.firstUpdateId() + " u=" + depth.lastUpdateId() + " does not bridge snapshot " + snapshotId);
                }
                else
                {
                    assertEquals(previousU, depth.prevUpdateId(), "pu of update " + updates);
                    assertTrue(depth.firstUpdateId() > previousU, "U of update " + updates + " not after previous u");
                }
                previousU = depth.lastUpdateId();
                updates++;
            }
        }
        assertTrue(updates > 100, "depth updates: " + updates);
    }

    @Test
    void shouldRebuildBestBidOfferFromSnapshotAndDiffsWhenBboFollowsDepthUpdate()
    {
        final DepthSnapshotDecoder snapshot = new DepthSnapshotDecoder();
        final DepthUpdateDecoder depth = new DepthUpdateDecoder();
        final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
        final NavigableMap<Long, Long> bids = new TreeMap<>(Collections.reverseOrder());
        final NavigableMap<Long, Long> asks = new TreeMap<>();
        final int levels = 20;
        int compared = 0;
        long lastDepthExchangeTs = Long.MIN_VALUE;
        EventType previous = null;
        for (final UnsafeBuffer e : EVENTS)
        {
            final EventType t = type(e);
            if (t == EventType.DEPTH_SNAPSHOT)
            {
                snapshot.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                for (final DepthSnapshotDecoder.BidsDecoder b : snapshot.bids())
                {
                    bids.put(b.price(), b.qty());
                }
                for (final DepthSnapshotDecoder.AsksDecoder a : snapshot.asks())
                {
                    asks.put(a.price(), a.qty());
                }
                assertEquals(levels, bids.size());
                assertEquals(levels, asks.size());
            }
            else if (t == EventType.DEPTH_UPDATE)
            {
                depth.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                for (final DepthUpdateDecoder.BidsDecoder b : depth.bids())
                {
                    apply(bids, b.price(), b.qty());
                }
                for (final DepthUpdateDecoder.AsksDecoder a : depth.asks())
                {
                    apply(asks, a.price(), a.qty());
                }
                assertEquals(levels, bids.size(), "bid levels after a diff");
                assertEquals(levels, asks.size(), "ask levels after a diff");
                assertTrue(bids.firstKey() < asks.firstKey(), "depth stream crossed the book");
                lastDepthExchangeTs = depth.exchangeTsNs();
            }
            else if (t == EventType.BEST_BID_OFFER && previous == EventType.DEPTH_UPDATE)
            {
                bbo.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                if (bbo.exchangeTsNs() == lastDepthExchangeTs)
                {
                    final Map.Entry<Long, Long> bestBid = bids.firstEntry();
                    final Map.Entry<Long, Long> bestAsk = asks.firstEntry();
                    assertNotNull(bestBid);
                    assertNotNull(bestAsk);
                    assertEquals(bestBid.getKey().longValue(), bbo.bidPrice(), "bid price at " + compared);
                    assertEquals(bestBid.getValue().longValue(), bbo.bidQty(), "bid qty at " + compared);
                    assertEquals(bestAsk.getKey().longValue(), bbo.askPrice(), "ask price at " + compared);
                    assertEquals(bestAsk.getValue().longValue(), bbo.askQty(), "ask qty at " + compared);
                    compared++;
                }
            }
            previous = t;
        }
        assertTrue(compared > 100, "best bid/offers compared with the rebuilt book: " + compared);
    }

    private static void apply(final NavigableMap<Long, Long> side, final long price, final long qty)
    {
        if (qty == 0)
        {
            assertNotNull(side.remove(price), "removal of absent level " + price);
        }
        else
        {
            assertTrue(qty > 0, "negative qty");
            side.put(price, qty);
        }
    }

    @Test
    void shouldClusterTradesInBurstsWhenGenerated()
    {
        final long startNs = settings.start().getEpochSecond() * NS_PER_S;
        final int seconds = (int)DURATION.toSeconds();
        final int[] perSecond = new int[seconds];
        long trades = 0;
        for (final UnsafeBuffer e : EVENTS)
        {
            if (type(e) == EventType.TRADE)
            {
                final int s = (int)((Events.exchangeTsNs(e, 0) - startNs) / NS_PER_S);
                perSecond[s]++;
                trades++;
            }
        }
        int busy = 0;
        int max = 0;
        for (final int n : perSecond)
        {
            if (n >= 20)
            {
                busy++;
            }
            max = Math.max(max, n);
        }
        final double average = trades / (double)seconds;
        assertTrue(stats.bursts > 0, "no exogenous burst started");
        assertTrue(busy > 0, "no one-second interval with >= 20 trades; busiest had " + max);
        assertTrue(average >= 2 && average <= 40, "average trades/s " + average);
    }
}
