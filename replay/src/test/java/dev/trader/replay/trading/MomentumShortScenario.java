package dev.trader.replay.trading;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.testing.TestEvents;
import dev.trader.engine.testing.TradingEvents;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayFixtures;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand-built market of the momentum_short golden tests (seed 002 section 3): instrument synthetic:BTCUSDT (id
 * 100, tick 0.1, lot 0.001, price exponent -1, qty exponent -3), one trade per 5 s bar at the bar's open (so each
 * bar's close is that trade's price and the bar is emitted by the next bar's trade), and a depth update in the middle
 * of each bar that re-centres the book on the bar's close: bids {@code close - 1.0} and {@code close - 2.0}, asks
 * {@code close + 1.0} and {@code close + 2.0}, 0.050 each, except bar 2 whose best bid holds only 0.010 (so the first
 * entry walks two levels). Hazard minutes: 10:00 0.9, 10:01 0.8, 10:02 0.1 (closed), 10:03 0.7 (threshold 0.5).
 */
final class MomentumShortScenario
{
    static final int INSTRUMENT = 100;
    /** 2024-01-01T10:00:00Z. */
    static final long T0 = 1_704_103_200_000_000_000L;
    static final long BAR_NS = 5_000_000_000L;

    /** Close of each 5 s bar (price units); bar i = [T0 + 5 i s, T0 + 5 (i + 1) s). Bar 48 is never completed. */
    static final double[] CLOSES = {
        // minute 10:00 (gate open, p 0.9): bars 0-11
        50000.0, 50000.0, 49800.0, 49900.0, 50000.0, 50000.0, 50000.0, 49750.0, 49860.0, 49760.0, 49720.0, 49620.0,
        // minute 10:01 (gate open, p 0.8): bars 12-23
        49580.0, 49580.0, 49580.0, 49580.0, 49580.0, 49580.0, 49580.0, 49580.0, 49580.0, 49400.0, 49450.0, 49450.0,
        // minute 10:02 (gate closed, p 0.1): bars 24-35
        49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0, 49250.0,
        // minute 10:03 (gate open, p 0.7): bars 36-48
        49250.0, 49050.0, 49150.0, 49100.0, 49100.0, 49100.0, 49100.0, 49100.0, 49100.0, 48900.0, 49000.0, 49000.0,
        49000.0,
    };

    static final String HAZARD_CSV = "timestamp,prob\n"
        + "1704103200,0.9\n"
        + "1704103260,0.8\n"
        + "1704103320,0.1\n"
        + "1704103380,0.7\n";

    private MomentumShortScenario()
    {
    }

    static long px(final double price)
    {
        return Math.round(price * 10);
    }

    /** Writes the journal into {@code dir}. */
    static void writeJournal(final Path dir)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (JournalWriter w = new JournalWriter(dir))
        {
            // snapshot L = 1000 at T0 - 2 s, then the bridging diff [1000, 1001] centred on 50000.0
            final int snapshot = TradingEvents.depthSnapshot(buffer, 0, T0 - 2_000_000_000L, T0 - 2_000_000_000L,
                INSTRUMENT, 1000, new long[][]{{px(49990.0), 50}}, new long[][]{{px(50010.0), 50}}, 1, 3);
            w.onEvent(buffer, 0, snapshot);
            final Book book = new Book();
            book.bids.put(px(49990.0), 50L);
            book.asks.put(px(50010.0), 50L);
            long u = 1000;
            long prev = 999;
            long first = 1000;
            writeBook(w, buffer, book, T0 - 1_000_000_000L, first, u + 1, prev, 50000.0, 50);
            prev = u + 1;
            u = u + 1;
            for (int i = 0; i < CLOSES.length; i++)
            {
                final long open = T0 + i * BAR_NS;
                final int len = TestEvents.trade(buffer, 0, open, open, INSTRUMENT, 1 + i, px(CLOSES[i]), 1, Side.SELL);
                w.onEvent(buffer, 0, len);
                writeBook(w, buffer, book, open + BAR_NS / 2, u + 1, u + 1, prev, CLOSES[i], i == 2 ? 10 : 50);
                prev = u + 1;
                u = u + 1;
            }
        }
    }

    /** The levels the book holds, to write diffs that remove what is no longer there. */
    private static final class Book
    {
        final TreeMap<Long, Long> bids = new TreeMap<>();
        final TreeMap<Long, Long> asks = new TreeMap<>();
    }

    private static void writeBook(final JournalWriter w, final UnsafeBuffer buffer, final Book book, final long ts,
        final long firstId, final long lastId, final long prevId, final double centre,
        final long bestBidQty)
    {
        final TreeMap<Long, Long> bids = new TreeMap<>();
        bids.put(px(centre - 1.0), bestBidQty);
        bids.put(px(centre - 2.0), 50L);
        final TreeMap<Long, Long> asks = new TreeMap<>();
        asks.put(px(centre + 1.0), 50L);
        asks.put(px(centre + 2.0), 50L);
        final List<long[]> bidDiff = diff(book.bids, bids);
        final List<long[]> askDiff = diff(book.asks, asks);
        final int length = TradingEvents.depthUpdate(buffer, 0, ts, ts, INSTRUMENT, firstId, lastId, prevId,
            bidDiff.toArray(new long[0][]), askDiff.toArray(new long[0][]), 1, 3);
        w.onEvent(buffer, 0, length);
        book.bids.clear();
        book.bids.putAll(bids);
        book.asks.clear();
        book.asks.putAll(asks);
    }

    private static List<long[]> diff(final TreeMap<Long, Long> old, final TreeMap<Long, Long> next)
    {
        final List<long[]> out = new ArrayList<>();
        for (final Long p : old.keySet())
        {
            if (!next.containsKey(p))
            {
                out.add(new long[]{p, 0});
            }
        }
        for (final Map.Entry<Long, Long> e : next.entrySet())
        {
            if (!e.getValue().equals(old.get(e.getKey())))
            {
                out.add(new long[]{e.getKey(), e.getValue()});
            }
        }
        return out;
    }

    /** Writes hazard.csv and config.yaml into {@code dir}; returns the loaded config. */
    static TraderConfig writeConfig(final Path dir)
    {
        return writeConfig(dir, "accounting: { initialEquity: 100000.0, equityInterval: 1m, fundingSource: none }\n");
    }

    /** As {@link #writeConfig(Path)} with another {@code accounting} section (one line of YAML). */
    static TraderConfig writeConfig(final Path dir, final String accounting)
    {
        try
        {
            Files.writeString(dir.resolve("hazard.csv"), HAZARD_CSV);
            final Path instruments = ReplayFixtures.rootDir().resolve("configs").resolve("instruments.yaml");
            final String yaml = "instruments: " + instruments.toAbsolutePath() + "\n"
                + "engine: { timeStages: false }\n"
                + "bars: { intervals: [5s, 1m] }\n"
                + "features: { enabled: false }\n"
                + "hazard: { enabled: true, source: csv, file: hazard.csv, threshold: 0.5, barInterval: 5s,"
                + " instrument: \"synthetic:BTCUSDT\" }\n"
                + "strategies:\n"
                + "  - type: momentum_short\n"
                + "    id: 1\n"
                + "    instrument: \"synthetic:BTCUSDT\"\n"
                + "    barInterval: 5s\n"
                + "    rollingBars: 2\n"
                + "    downsideThreshold: -0.003\n"
                + "    stopLoss: 0.004\n"
                + "    takeProfit: 0.003\n"
                + "    maxHoldBars: 6\n"
                + "risk:\n"
                + "  barInterval: 1m\n"
                + "  reboundKillPct: 0\n"
                + "  lossCooldown: { afterLosses: 0 }\n"
                + "  streakHalving: { afterLosses: 0 }\n"
                + "  sizing: { mode: fixed_qty, qty: 0.015 }\n"
                + "costs: { takerFee: 0.0004, makerFee: 0.0002 }\n"
                + "paper: { fillModel: book, orderLatency: 0ms, feedLatency: 0ms }\n"
                + accounting;
            final Path file = dir.resolve("config.yaml");
            Files.writeString(file, yaml);
            return TraderConfig.load(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    // ------------------------------------------------------------------ reading the output journal

    record Decision(long exchangeTsNs, long decisionId, String action, int reason, long price, long qty, long positionId)
    {
    }

    record Fill(long receiveTsNs, long orderId, long fillId, Side side, String liquidity, long price, long qty, long fee,
        long slippage, long positionId, int reason, boolean reduceOnly)
    {
    }

    record Closed(long exitTsNs, long positionId, Side side, long entryTsNs, long qty, double entryPrice, double exitPrice,
        long gross, long fees, long funding, long slippage, long net, int entryReason, int exitReason, long notional)
    {
    }

    record Account(long tsNs, long cash, long equity, long realized, long fees, int open)
    {
    }

    /** The trading events of an output journal, in journal order. */
    static final class Out
    {
        final List<Decision> decisions = new ArrayList<>();
        final List<Fill> fills = new ArrayList<>();
        final List<Closed> closed = new ArrayList<>();
        final List<Account> accounts = new ArrayList<>();
    }

    static Out read(final Path journal)
    {
        final Out out = new Out();
        final DecisionDecoder d = new DecisionDecoder();
        final FillDecoder f = new FillDecoder();
        final TradeClosedDecoder t = new TradeClosedDecoder();
        final AccountDecoder a = new AccountDecoder();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final int body = offset + Events.HEADER_LENGTH;
                final int block = Events.blockLength(buffer, offset);
                final int version = Events.version(buffer, offset);
                switch (Events.templateId(buffer, offset))
                {
                    case DecisionDecoder.TEMPLATE_ID:
                        d.wrap(buffer, body, block, version);
                        out.decisions.add(new Decision(d.exchangeTsNs(), d.decisionId(), d.action().name(), d.reasonCode(),
                            d.price(), d.qty(), d.positionId()));
                        break;
                    case FillDecoder.TEMPLATE_ID:
                        f.wrap(buffer, body, block, version);
                        out.fills.add(new Fill(f.receiveTsNs(), f.orderId(), f.fillId(), f.side(), f.liquidity().name(),
                            f.price(), f.qty(), f.fee(), f.slippage(), f.positionId(), f.reasonCode(),
                            f.reduceOnly() == BooleanType.T));
                        break;
                    case TradeClosedDecoder.TEMPLATE_ID:
                        t.wrap(buffer, body, block, version);
                        out.closed.add(new Closed(t.exchangeTsNs(), t.positionId(), t.side(), t.entryTsNs(), t.qty(),
                            t.entryPrice(), t.exitPrice(), t.grossPnl(), t.fees(), t.funding(), t.slippage(), t.netPnl(),
                            t.entryReason(), t.exitReason(), t.notional()));
                        break;
                    case AccountDecoder.TEMPLATE_ID:
                        a.wrap(buffer, body, block, version);
                        out.accounts.add(new Account(a.exchangeTsNs(), a.cash(), a.equity(), a.realizedPnl(), a.fees(),
                            a.openPositions()));
                        break;
                    default:
                        break;
                }
            });
        }
        return out;
    }
}
