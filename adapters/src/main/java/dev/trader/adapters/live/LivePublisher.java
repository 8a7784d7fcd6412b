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
 * <p>Two locks. Each {@link Channel} (one per connection) encodes into its own buffer under its own monitor, so one
 * venue's I/O thread copying a large frame never holds up another's. Then, under the publisher's lock, only the
 * receive stamp and the channel sequence are patched in and the event is published: the ring order is the stamp
 * order (engine time never steps back in a live journal, a stamp is never below the previous one) and each
 * connection's {@code sequence} increases in ring order. That lock cannot go: the ring's multi-producer publish is
 * safe on its own, but stamping and publishing must be one step or two threads could publish stamps out of order.
 * Lock order: connection, channel, publisher.
 *
 * <p>A channel knows its connection's live socket generation ({@link Channel#generation(int)}); a frame of any
 * other generation is dropped and counted inside the channel's monitor, so a frame of a dead socket can never be
 * journaled after the DISCONNECTED that ended it.
 *
 * <p>Never throws: a publish that fails (the engine stopped) is counted and reported by {@link #counters()}. After
 * {@link #close()} nothing more reaches the ring, which is what lets the runner publish the end of the stream.
 */
public final class LivePublisher
{
    private static final int MAX_DETAIL_CHARS = 1000;
    private static final int REJECT_SOURCE_MAX = 24;
    /** No live socket: every frame is dropped. */
    public static final int NO_GENERATION = -1;

    private final EventPublisher out;
    private final LiveClock clock;
    private final int capacity;
    private final Object lock = new Object();

    // guarded by lock
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
    }

    /** A connection's publishing handle, with its own receive sequence and encode buffer. */
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

    /** Under {@code lock}. */
    private long stamp()
    {
        final long now = clock.epochNanos();
        final long ts = Math.max(now, lastStampNs);
        lastStampNs = ts;
        return ts;
    }

    /** Under {@code lock}. */
    private boolean emit(final UnsafeBuffer buffer, final int length)
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

    /**
     * One connection's view of the publisher: its venue, id, receive sequence, live socket generation and encode
     * buffer. Encoding happens under this object's monitor, publishing additionally under the publisher's lock.
     */
    public final class Channel
    {
        private static final int FRAME = 0;
        private static final int REST = 1;

        private final VenueCode venue;
        private final int connectionId;
        private final String sourceName;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[capacity]);
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final RawMessageEncoder raw = new RawMessageEncoder();
        private final ConnectionEventEncoder connection = new ConnectionEventEncoder();
        private final InputRejects rejects = new InputRejects();
        private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputRejects.maxLength()]);
        private final byte[] rejectRaw = new byte[InputRejects.MAX_RAW_BYTES];
        private final AtomicLong staleFrames = new AtomicLong();
        // guarded by this
        private int generation = NO_GENERATION;
        // guarded by the publisher's lock
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
         * The socket generation whose frames are published from now on ({@link #NO_GENERATION}: none). Set it before
         * publishing the CONNECTED of a new socket and the DISCONNECTED of a dead one: a frame publish either finished
         * before the change or sees it.
         */
        public synchronized void generation(final int generation)
        {
            this.generation = generation;
        }

        /** Frames dropped because their socket generation was no longer the live one. */
        public long staleFrames()
        {
            return staleFrames.get();
        }

        /** Under this monitor: false (and counted) when {@code gen} is not the live socket's. */
        private boolean live(final int gen)
        {
            if (gen != generation)
            {
                staleFrames.incrementAndGet();
                return false;
            }
            return true;
        }

        /** Under this monitor: the RawMessage block with stamp and sequence left to {@link #publishRaw}; returns the payload's offset. */
        private int encodeRawHeader(final int instrumentId, final boolean isRest)
        {
            raw.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(0)
                .receiveTsNs(0)
                .instrumentId(instrumentId)
                .venue(venue)
                .connectionId(connectionId)
                .sequence(0)
                .isRest(isRest ? BooleanType.T : BooleanType.F);
            return raw.limit();
        }

        /** Under this monitor: finish the RawMessage, then stamp, sequence and publish it under the publisher's lock. */
        private boolean publishRaw(final int payloadAt, final int payloadLength, final int kind)
        {
            buffer.putInt(payloadAt, payloadLength, ByteOrder.LITTLE_ENDIAN);
            raw.limit(payloadAt + RawMessageEncoder.payloadHeaderLength() + payloadLength);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength();
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                raw.receiveTsNs(stamp()).sequence(++sequence);
                if (kind == FRAME)
                {
                    frames++;
                }
                else
                {
                    restResponses++;
                }
                return emit(buffer, length);
            }
        }

        /** Under this monitor: an InputReject TOO_LARGE naming the sequence the dropped message takes. */
        private boolean rejectOversize(final int instrumentId, final int bytes, final byte[] head, final int headLength)
        {
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                oversize++;
                final long ts = stamp();
                final long seq = ++sequence;
                final int len = rejects.encode(rejectBuffer, 0, ts, ts, instrumentId, sourceName, RejectReason.TOO_LARGE,
                    seq, venue + " connection " + connectionId + " message " + seq + " of "
                        + bytes + " bytes exceeds engine.slotBytes " + capacity + " (raise engine.slotBytes)", head, 0, headLength);
                return emit(rejectBuffer, len);
            }
        }

        /**
         * A text frame of socket generation {@code gen}, stamped now; dropped (and counted) unless {@code gen} is the
         * live generation. OkHttp hands text frames over decoded from UTF-8; re-encoding them gives back the bytes
         * received for every valid frame (an invalid sequence would already have become U+FFFD in OkHttp).
         */
        public synchronized boolean text(final int gen, final String text)
        {
            if (!live(gen))
            {
                return false;
            }
            final int at = encodeRawHeader(0, false);
            final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
            final int bytes = text.length() * 3L <= room ? -1 : utf8Length(text);
            if (bytes > room)
            {
                final int n = Math.min(rejectRaw.length, text.length());
                for (int i = 0; i < n; i++)
                {
                    rejectRaw[i] = (byte)text.charAt(i);
                }
                return rejectOversize(0, bytes, rejectRaw, n);
            }
            final int written = putUtf8(buffer, at + RawMessageEncoder.payloadHeaderLength(), text);
            return publishRaw(at, written, FRAME);
        }

        /** A binary frame of socket generation {@code gen}, stamped now, bytes as received; as {@link #text}. */
        public synchronized boolean binary(final int gen, final ByteString bytes)
        {
            if (!live(gen))
            {
                return false;
            }
            final int at = encodeRawHeader(0, false);
            final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
            if (bytes.size() > room)
            {
                final int n = Math.min(rejectRaw.length, bytes.size());
                for (int i = 0; i < n; i++)
                {
                    rejectRaw[i] = bytes.getByte(i);
                }
                return rejectOversize(0, bytes.size(), rejectRaw, n);
            }
            final int payloadAt = at + RawMessageEncoder.payloadHeaderLength();
            for (int i = 0; i < bytes.size(); i++)
            {
                buffer.putByte(payloadAt + i, bytes.getByte(i));
            }
            return publishRaw(at, bytes.size(), FRAME);
        }

        /** A REST response body (a depth snapshot) for one instrument, stamped now. */
        public synchronized boolean rest(final int instrumentId, final byte[] body, final int length)
        {
            final int at = encodeRawHeader(instrumentId, true);
            final int room = capacity - at - RawMessageEncoder.payloadHeaderLength();
            if (length > room)
            {
                return rejectOversize(instrumentId, length, body, Math.min(length, rejectRaw.length));
            }
            buffer.putBytes(at + RawMessageEncoder.payloadHeaderLength(), body, 0, length);
            return publishRaw(at, length, REST);
        }

        /** A state change of the connection (instrumentId 0) or of one instrument's snapshot. */
        public synchronized boolean state(
            final ConnectionState state,
            final int instrumentId,
            final int attempt,
            final long delayMs,
            final String detail)
        {
            connection.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(0)
                .receiveTsNs(0)
                .instrumentId(instrumentId)
                .venue(venue)
                .connectionId(connectionId)
                .state(state)
                .attempt(attempt)
                .delayMs(delayMs);
            final String d = detail == null ? "" : detail.length() > MAX_DETAIL_CHARS ? detail.substring(0, MAX_DETAIL_CHARS) : detail;
            connection.detail(d);
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + connection.encodedLength();
            synchronized (lock)
            {
                if (closed)
                {
                    droppedAfterClose.incrementAndGet();
                    return false;
                }
                connection.receiveTsNs(stamp());
                connectionEvents++;
                return emit(buffer, length);
            }
        }
    }
}
