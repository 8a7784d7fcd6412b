package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.ConnectionEventEncoder;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.InputRejects;
import okio.ByteString;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stamps and encodes what the venue connections receive and publishes it into the ring: RawMessage (payload bytes
 * exactly as received), ConnectionEvent (every state change) and, for a frame larger than a ring slot, InputReject
 * TOO_LARGE. One per live source, shared by its connections.
 *
 * <p>Stamp, encode and publish happen under one lock, so the ring order is the stamp order: engine time never steps
 * back in a live journal (a stamp is also never below the previous one), and each connection's {@code sequence}
 * increases in ring order. Contention is a handful of I/O threads; the ring itself serialises them anyway.
 *
 * <p>Never throws: a publish that fails (the engine stopped) is counted and reported by {@link #counters()}. After
 * {@link #close()} nothing more reaches the ring, which is what lets the runner publish the end of the stream.
 */
public final class LivePublisher
{
    private static final int MAX_DETAIL_CHARS = 1000;
    private static final int REJECT_SOURCE_MAX = 24;

    private final EventPublisher out;
    private final LiveClock clock;
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RawMessageEncoder raw = new RawMessageEncoder();
    private final ConnectionEventEncoder connection = new ConnectionEventEncoder();
    private final InputRejects rejects = new InputRejects();
    private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputRejects.maxLength()]);
    private final byte[] rejectRaw = new byte[InputRejects.MAX_RAW_BYTES];
    private final Object lock = new Object();

    private long lastStampNs;
    private boolean closed;
    private long frames;
    private long restResponses;
    private long connectionEvents;
    private long oversize;
    private final AtomicLong droppedAfterClose = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile String lastFailure;

    /**
     * @param out           the ring
     * @param clock         receive-time source
     * @param maxEventBytes largest event the ring takes (engine slotBytes)
     */
    public LivePublisher(final EventPublisher out, final LiveClock clock, final int maxEventBytes)
    {
        this.out = out;
        this.clock = clock;
        this.capacity = maxEventBytes;
        this.buffer = new UnsafeBuffer(new byte[maxEventBytes]);
    }

    /** A connection's publishing handle, with its own receive sequence. */
    public Channel channel(final VenueCode venue, final int connectionId, final String sourceName)
    {
        return new Channel(venue, connectionId, sourceName);
    }

    /** Stops publishing: whatever arrives afterwards is dropped (and counted). Idempotent. */
    public void close()
    {
        synchronized (lock)
        {
            closed = true;
        }
    }

    public boolean isClosed()
    {
        synchronized (lock)
        {
            return closed;
        }
    }

    private long stamp()
    {
        final long now = clock.epochNanos();
        final long ts = Math.max(now, lastStampNs);
        lastStampNs = ts;
        return ts;
    }

    private boolean emit(final int length)
    {
        try
        {
            out.publish(buffer, 0, length);
            return true;
        }
        catch (final RuntimeException ex)
        {
            publishFailures.incrementAndGet();
            lastFailure = ex.toString();
            return false;
        }
    }

    private int encodeRawHeader(
        final Channel channel,
        final long ts,
        final int instrumentId,
        final boolean isRest)
    {
        raw.wrapAndApplyHeader(buffer, 0, header)
            .exchangeTsNs(0)
            .receiveTsNs(ts)
            .instrumentId(instrumentId)
            .venue(channel.venue)
            .connectionId(channel.connectionId)
            .sequence(++channel.sequence)
            .isRest(isRest ? BooleanType.T : BooleanType.F);
        return raw.limit();
    }

    private boolean finishRaw(final int payloadAt, final int payloadLength)
    {
        buffer.putInt(payloadAt, payloadLength, ByteOrder.LITTLE_ENDIAN);
        raw.limit(payloadAt + RawMessageEncoder.payloadHeaderLength() + payloadLength);
        return emit(MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength());
    }

    private boolean rejectOversize(final Channel channel, final long ts, final int instrumentId, final int bytes, final byte[] head,
        final int headLength)
    {
        oversize++;
        final int len = rejects.encode(rejectBuffer, 0, ts, ts, instrumentId, channel.sourceName, RejectReason.TOO_LARGE,
            channel.sequence, channel.venue + " connection " + channel.connectionId + " message " + channel.sequence + " of "
                + bytes + " bytes exceeds engine.slotBytes " + capacity + " (raise engine.slotBytes)", head, 0, headLength);
        try
        {
            out.publish(rejectBuffer, 0, len);
            return true;
        }
        catch (final RuntimeException ex)
        {
            publishFailures.incrementAndGet();
            lastFailure = ex.toString();
            return false;
        }
    }

    /** Counters for run summaries (read from any thread; approximate while running). */
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        synchronized (lock)
        {
            m.put("frames", frames);
            m.put("restResponses", restResponses);
            m.put("connectionEvents", connectionEvents);
            m.put("oversizeRejected", oversize);
        }
        m.put("droppedAfterClose", droppedAfterClose.get());
        m.put("publishFailures", publishFailures.get());
        return m;
    }

    /** Frames published so far (text and binary). */
    public long frames()
    {
        synchronized (lock)
        {
            return frames;
        }
    }

    /** REST responses published so far. */
    public long restResponses()
    {
        synchronized (lock)
        {
            return restResponses;
        }
    }

    /** The last publish failure, or null. */
    public String lastFailure()
    {
        return lastFailure;
    }

    /** Bytes of {@code text} encoded as UTF-8, as {@link String#getBytes} would write them. */
    static int utf8Length(final String text)
    {
        int n = 0;
        final int len = text.length();
        for (int i = 0; i < len; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                n++;
            }
            else if (c < 0x800)
            {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                n += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                n++;
            }
            else
            {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code text} as UTF-8 at {@code at}; the caller checked the space with {@link #utf8Length}. */
    static int putUtf8(final UnsafeBuffer buffer, final int at, final String text)
    {
        int p = at;
        final int len = text.length();
        for (int i = 0; i < len; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(p++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(p++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer.putByte(p++, (byte)(0xF0 | (cp >> 18)));
                buffer.putByte(p++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.putByte(p++, (byte)'?');
            }
            else
            {
                buffer.putByte(p++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(p++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return p - at;
    }

    /** One connection's view of the publisher: its venue, id and receive sequence. */
    public final class Channel
    {
        private final VenueCode venue;
        private final int connectionId;
        private final String sourceName;
        private long sequence;

        private Channel(final VenueCode venue, final int connectionId, final String sourceName)
        {
            this.venue = venue;
            this.connectionId = connectionId;
            this.sourceName = sourceName.length() > REJECT_SOURCE_MAX ? sourceName.substring(0, REJECT_SOURCE_MAX) : sourceName;
        }

        public int connectionId()
        {
            return connectionId;
        }

        public VenueCode venue()
        {
            return venue;
        }

        /** Sequence of the last message published (0 before the first). */
        public long sequence()
        {
            synchronized (lock)
            {
                return sequence;
            }
        }

        /**
         * A text frame, stamped now. OkHttp hands text frames over decoded from UTF-8; re-encoding them gives back the
         * bytes received for every valid frame (an invalid sequence would already have become U+FFFD in OkHttp).
         */
        public boolean text(final String text)
        {
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                final long ts = stamp();
                final int at = encodeRawHeader(this, ts, 0, false);
                final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
                final int bytes = text.length() * 3L <= room ? -1 : utf8Length(text);
                if (bytes > room)
                {
                    final int n = Math.min(rejectRaw.length, text.length());
                    for (int i = 0; i < n; i++)
                    {
                        rejectRaw[i] = (byte)text.charAt(i);
                    }
                    return rejectOversize(this, ts, 0, bytes, rejectRaw, n);
                }
                frames++;
                final int written = putUtf8(buffer, at + RawMessageEncoder.payloadHeaderLength(), text);
                return finishRaw(at, written);
            }
        }

        /** A binary frame, stamped now, bytes as received. */
        public boolean binary(final ByteString bytes)
        {
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                final long ts = stamp();
                final int at = encodeRawHeader(this, ts, 0, false);
                final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
                if (bytes.size() > room)
                {
                    final int n = Math.min(rejectRaw.length, bytes.size());
                    for (int i = 0; i < n; i++)
                    {
                        rejectRaw[i] = bytes.getByte(i);
                    }
                    return rejectOversize(this, ts, 0, bytes.size(), rejectRaw, n);
                }
                frames++;
                final int payloadAt = at + RawMessageEncoder.payloadHeaderLength();
                for (int i = 0; i < bytes.size(); i++)
                {
                    buffer.putByte(payloadAt + i, bytes.getByte(i));
                }
                return finishRaw(at, bytes.size());
            }
        }

        /** A REST response body (a depth snapshot) for one instrument, stamped now. */
        public boolean rest(final int instrumentId, final byte[] body, final int length)
        {
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                final long ts = stamp();
                final int at = encodeRawHeader(this, ts, instrumentId, true);
                final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
                if (length > room)
                {
                    return rejectOversize(this, ts, instrumentId, length, body, Math.min(length, rejectRaw.length));
                }
                restResponses++;
                buffer.putBytes(at + RawMessageEncoder.payloadHeaderLength(), body, 0, length);
                return finishRaw(at, length);
            }
        }

        /** A state change of the connection (instrumentId 0) or of one instrument's snapshot. */
        public boolean state(
            final ConnectionState state,
            final int instrumentId,
            final int attempt,
            final long delayMs,
            final String detail)
        {
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                final long ts = stamp();
                connection.wrapAndApplyHeader(buffer, 0, header)
                    .exchangeTsNs(0)
                    .receiveTsNs(ts)
                    .instrumentId(instrumentId)
                    .venue(venue)
                    .connectionId(connectionId)
                    .state(state)
                    .attempt(attempt)
                    .delayMs(delayMs);
                final String d = detail == null ? "" : detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail;
                connection.detail(d);
                connectionEvents++;
                return emit(MessageHeaderEncoder.ENCODED_LENGTH + connection.encodedLength());
            }
        }
    }
}
