package dev.trader.replay;

import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OperatorCommandEncoder;
import dev.trader.engine.Engine;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Operator commands scheduled into a replay or backtest, in time order (seed 004 "Security and safety": kill switch;
 * docs/trading.md "Operator commands"). {@link ReplayRunner} publishes each one as an OperatorCommand event (template
 * 33, exchangeTsNs = receiveTsNs = its time) immediately before the first journal event whose receiveTsNs is at or
 * after its time, or before end of stream when the journal ends first; the run's {@code input/} journal therefore
 * holds them, and replaying it reproduces the run without the schedule.
 */
public final class OperatorSchedule
{
    /** No commands. */
    public static final OperatorSchedule NONE = new OperatorSchedule(List.of());

    private final List<ScheduledCommand> commands;

    private OperatorSchedule(final List<ScheduledCommand> commands)
    {
        this.commands = commands;
    }

    /**
     * @param commands in time order (equal times keep their order)
     * @throws IllegalArgumentException when a command is earlier than the one before it
     */
    public static OperatorSchedule of(final List<ScheduledCommand> commands)
    {
        final List<ScheduledCommand> copy = List.copyOf(commands);
        for (int i = 1; i < copy.size(); i++)
        {
            if (copy.get(i).timeNs() < copy.get(i - 1).timeNs())
            {
                throw new IllegalArgumentException("operator commands must be in time order: " + copy.get(i).describe()
                    + " comes after " + copy.get(i - 1).describe());
            }
        }
        return new OperatorSchedule(copy);
    }

    public List<ScheduledCommand> commands()
    {
        return commands;
    }

    public boolean isEmpty()
    {
        return commands.isEmpty();
    }

    /** The commands as encoded events (setup time), instruments resolved against {@code instruments}. */
    Encoded encode(final InstrumentRegistry instruments)
    {
        final int n = commands.size();
        final long[] times = new long[n];
        final UnsafeBuffer[] events = new UnsafeBuffer[n];
        final int[] lengths = new int[n];
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final OperatorCommandEncoder encoder = new OperatorCommandEncoder();
        for (int i = 0; i < n; i++)
        {
            final ScheduledCommand c = commands.get(i);
            final int instrumentId;
            if (c.instrument() == null)
            {
                instrumentId = 0;
            }
            else
            {
                final Instrument instrument;
                try
                {
                    instrument = instruments.resolve(c.instrument());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException("operator command " + c.describe() + ": " + ex.getMessage(), ex);
                }
                instrumentId = instrument.id();
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH
                + OperatorCommandEncoder.BLOCK_LENGTH + OperatorCommandEncoder.detailHeaderLength() + c.detail().length() * 4]);
            encoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(c.timeNs())
                .receiveTsNs(c.timeNs())
                .instrumentId(instrumentId)
                .command(c.command())
                .strategyId(c.strategyId())
                .detail(c.detail());
            times[i] = c.timeNs();
            events[i] = buffer;
            lengths[i] = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        }
        return new Encoded(times, events, lengths);
    }

    /** The encoded commands and a cursor over them (one replay's worth). */
    static final class Encoded
    {
        private final long[] times;
        private final UnsafeBuffer[] events;
        private final int[] lengths;
        private int next;

        Encoded(final long[] times, final UnsafeBuffer[] events, final int[] lengths)
        {
            this.times = times;
            this.events = events;
            this.lengths = lengths;
        }

        /** Publishes into {@code engine}, in order, every command due at or before {@code receiveTsNs}. */
        void publishDue(final long receiveTsNs, final Engine engine)
        {
            while (next < times.length && times[next] <= receiveTsNs)
            {
                engine.publish(events[next], 0, lengths[next]);
                next++;
            }
        }

        /** Publishes every command not yet published (the journal ended first). */
        void publishRest(final Engine engine)
        {
            publishDue(Long.MAX_VALUE, engine);
        }
    }
}
