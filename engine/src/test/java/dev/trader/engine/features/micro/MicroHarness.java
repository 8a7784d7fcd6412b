package dev.trader.engine.features.micro;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthSnapshotEncoder;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.List;

/**
 * A synchronous pipeline book -> bars (1 m) -> microstructure for one synthetic instrument (tick 0.10, lot 0.001,
 * price exponent -1, quantity exponent -3), fed with hand-made events. Prices and quantities are given in real units.
 */
final class MicroHarness
{
    static final Instrument INSTRUMENT = new Instrument(100, Venue.SYNTHETIC, "BTCUSDT", "0.10", "0.001", -1, -3, -4);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(INSTRUMENT));
    static final long MINUTE = Duration.ofMinutes(1).toNanos();
    static final long T0 = 1_700_000_040L * 1_000_000_000L; // a whole minute

    final OrderBookStage book = new OrderBookStage(REGISTRY, 1000, 1000);
    final MicrostructureStage micro;
    final Pipeline pipeline;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);
    private long tradeId;

    MicroHarness(final MicrostructureSettings settings)
    {
        micro = new MicrostructureStage(REGISTRY, book, settings);
        pipeline = new Pipeline(List.of(book, new BarStage(REGISTRY, List.of(Duration.ofMinutes(1)), BarStage.Source.TRADES), micro),
            EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 20, false);
    }

    static long px(final double price)
    {
        return Math.round(price * 10);
    }

    static long qty(final double qty)
    {
        return Math.round(qty * 1000);
    }

    /** ts = T0 + minute minutes + ms milliseconds. */
    static long at(final int minute, final long ms)
    {
        return T0 + minute * MINUTE + ms * 1_000_000L;
    }

    /** A snapshot; levels as {price, qty, price, qty, ...}. */
    void snapshot(final long ts, final long lastUpdateId, final double[] bids, final double[] asks)
    {
        final DepthSnapshotEncoder e = new DepthSnapshotEncoder();
        e.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(ts).receiveTsNs(ts).instrumentId(INSTRUMENT.id())
            .lastUpdateId(lastUpdateId).checksum(0).hasChecksum(BooleanType.F);
        final DepthSnapshotEncoder.BidsEncoder b = e.bidsCount(bids.length / 2);
        for (int i = 0; i < bids.length; i += 2)
        {
            b.next().price(px(bids[i])).qty(qty(bids[i + 1])).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        final DepthSnapshotEncoder.AsksEncoder a = e.asksCount(asks.length / 2);
        for (int i = 0; i < asks.length; i += 2)
        {
            a.next().price(px(asks[i])).qty(qty(asks[i + 1])).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        pipeline.onInput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength(), 0);
    }

    /** A diff [U, u] with previous u = pu; levels as {price, qty, ...}, qty 0 deletes. */
    void update(final long ts, final long firstId, final long lastId, final long prevId, final double[] bids, final double[] asks)
    {
        final DepthUpdateEncoder e = new DepthUpdateEncoder();
        e.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(ts).receiveTsNs(ts).instrumentId(INSTRUMENT.id())
            .firstUpdateId(firstId).lastUpdateId(lastId).prevUpdateId(prevId).checksum(0).hasChecksum(BooleanType.F);
        final DepthUpdateEncoder.BidsEncoder b = e.bidsCount(bids.length / 2);
        for (int i = 0; i < bids.length; i += 2)
        {
            b.next().price(px(bids[i])).qty(qty(bids[i + 1])).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        final DepthUpdateEncoder.AsksEncoder a = e.asksCount(asks.length / 2);
        for (int i = 0; i < asks.length; i += 2)
        {
            a.next().price(px(asks[i])).qty(qty(asks[i + 1])).priceDecimals((byte)1).qtyDecimals((byte)3);
        }
        pipeline.onInput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength(), 0);
    }

    void trade(final long ts, final double price, final double quantity, final Side aggressor)
    {
        final int length = TestEvents.trade(buffer, 0, ts, ts, INSTRUMENT.id(), ++tradeId, px(price), qty(quantity), aggressor);
        pipeline.onInput(buffer, 0, length, 0);
    }

    double value(final String name)
    {
        final int index = micro.catalog().indexOf(name);
        if (index < 0)
        {
            throw new IllegalArgumentException("no feature " + name + " in " + micro.catalog().names());
        }
        return micro.value(INSTRUMENT.id(), index);
    }

    boolean ready(final String name)
    {
        return micro.ready(INSTRUMENT.id(), micro.catalog().indexOf(name));
    }

    static double[] levels(final double... values)
    {
        return values;
    }
}
