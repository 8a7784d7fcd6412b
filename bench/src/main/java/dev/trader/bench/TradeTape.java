package dev.trader.bench;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.Arrays;

/**
 * A precomputed tape of encoded Trade events from the seeded {@link SyntheticMarket} (its other events are dropped),
 * packed back to back into one byte array. Benchmarks cycle through it forever; after an event is fed, {@link
 * #advance(int)} moves its exchange and receive timestamps one tape span forward, in place, so the next cycle
 * continues in time instead of going backwards (bars never see time reverse; nothing is folded as out of order).
 */
final class TradeTape
{
    static final int DEFAULT_TRADES = 65_536;

    private static final int EXCHANGE_TS = Events.HEADER_LENGTH + Events.EXCHANGE_TS_OFFSET;
    private static final int RECEIVE_TS = Events.HEADER_LENGTH + Events.RECEIVE_TS_OFFSET;
    private static final long GAP_NS = Duration.ofMinutes(1).toNanos();

    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private final long spanNs;

    private TradeTape(final UnsafeBuffer buffer, final int[] offsets, final int[] lengths, final long spanNs)
    {
        this.buffer = buffer;
        this.offsets = offsets;
        this.lengths = lengths;
        this.spanNs = spanNs;
    }

    /**
     * @param trades how many trades to collect; a power of two, so callers can cycle with a mask
     */
    static TradeTape generate(final Instrument instrument, final int trades)
    {
        if (trades <= 0 || Integer.bitCount(trades) != 1)
        {
            throw new IllegalArgumentException("trades must be a power of two, got " + trades);
        }
        final Collector collector = new Collector(trades);
        final SyntheticMarketSettings settings = SyntheticMarketSettings.defaults().duration(Duration.ofDays(3650));
        try
        {
            new SyntheticMarket(settings, instrument, collector).generate();
        }
        catch (final Full ignored)
        {
            // enough trades
        }
        if (collector.count < trades)
        {
            throw new IllegalStateException("the synthetic market produced only " + collector.count + " trades");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(collector.bytes, 0, collector.position);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < trades; i++)
        {
            final int o = collector.offsets[i];
            first = Math.min(first, Math.min(buffer.getLong(o + EXCHANGE_TS, Events.ORDER), buffer.getLong(o + RECEIVE_TS, Events.ORDER)));
            last = Math.max(last, Math.max(buffer.getLong(o + EXCHANGE_TS, Events.ORDER), buffer.getLong(o + RECEIVE_TS, Events.ORDER)));
        }
        return new TradeTape(buffer, collector.offsets, collector.lengths, last - first + GAP_NS);
    }

    int size()
    {
        return offsets.length;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    int offset(final int index)
    {
        return offsets[index];
    }

    int length(final int index)
    {
        return lengths[index];
    }

    /** How far each cycle moves time forward: the tape's time span plus a minute. */
    long spanNs()
    {
        return spanNs;
    }

    /** Moves event {@code index}'s exchange and receive timestamps one span forward, for its next cycle. */
    void advance(final int index)
    {
        final int o = offsets[index];
        buffer.putLong(o + EXCHANGE_TS, buffer.getLong(o + EXCHANGE_TS, Events.ORDER) + spanNs, Events.ORDER);
        buffer.putLong(o + RECEIVE_TS, buffer.getLong(o + RECEIVE_TS, Events.ORDER) + spanNs, Events.ORDER);
    }

    /** Stops the generator once the tape is full. */
    private static final class Full extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Full()
        {
            super("tape full", null, false, false);
        }
    }

    private static final class Collector implements EventSink
    {
        final int[] offsets;
        final int[] lengths;
        byte[] bytes = new byte[1 << 20];
        int position;
        int count;

        Collector(final int trades)
        {
            offsets = new int[trades];
            lengths = new int[trades];
        }

        @Override
        public void onEvent(final DirectBuffer buffer, final int offset, final int length)
        {
            if (Events.templateId(buffer, offset) != TradeDecoder.TEMPLATE_ID)
            {
                return;
            }
            if (position + length > bytes.length)
            {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            buffer.getBytes(offset, bytes, position, length);
            offsets[count] = position;
            lengths[count] = length;
            position += length;
            count++;
            if (count == offsets.length)
            {
                throw new Full();
            }
        }
    }
}
