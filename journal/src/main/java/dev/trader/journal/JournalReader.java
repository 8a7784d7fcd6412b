package dev.trader.journal;

import net.openhft.chronicle.wire.Wires;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads a journal from the start, one event at a time, into a reused buffer, checking every frame
 * ({@link JournalFrame}: CRC32C and sequence number) and the total against the journal's {@link JournalManifest}.
 * Events are handed over raw: callers at a trust boundary validate them ({@link dev.trader.codecs.EventValidator}).
 *
 * <p>The queue files are read directly (positional reads, in name order, Chronicle's excerpt headers walked, its
 * metadata excerpts skipped), not through a Chronicle tailer: a tailer takes a zeroed header for the end of the data
 * and faults on a file cut short. Damage is found, not assumed away:
 * <ul>
 *   <li>a frame whose checksum, length or sequence is wrong is a {@code CORRUPT_FRAME};</li>
 *   <li>when readable data stops (a zero header, an excerpt running past the end of the file) while the manifest
 *       counts more frames, the rest of the file is scanned for the next frame with a good checksum and a plausible
 *       sequence; the sequence numbers between are {@code MISSING_FRAMES};</li>
 *   <li>when the last file ends before the manifest's count, the rest is a {@code TRUNCATED_TAIL}.</li>
 * </ul>
 * A writer killed with kill -9 is not damage: every frame it committed is read back, the manifest is merely not
 * closed ({@link JournalIntegrity#writerClosed()}).
 *
 * <p>By default the first damage throws {@link JournalDamagedException} naming the position; with a
 * {@link DamageListener} each damaged stretch is reported in reading order and reading goes on.
 */
public final class JournalReader implements AutoCloseable
{
    /** Receives one event; the buffer is reused after the call returns. */
    @FunctionalInterface
    public interface FrameHandler
    {
        /** @param index the frame's sequence number in the journal: 0, 1, 2, ... in write order */
        void onFrame(DirectBuffer buffer, int offset, int length, long index);
    }

    /** Told of each damaged stretch, in reading order, before the next event is handed over. */
    @FunctionalInterface
    public interface DamageListener
    {
        /** @param raw the damaged frame's bytes as found (at most {@value #MAX_RAW_BYTES}; none for missing frames) */
        void onDamage(JournalDamage damage, DirectBuffer raw, int offset, int length);
    }

    /** At most this many bytes of a corrupt frame are handed to a {@link DamageListener}. */
    public static final int MAX_RAW_BYTES = 4096;
    private static final int WINDOW_BYTES = 1 << 20;

    private final Path dir;
    private final DamageListener listener;
    private final List<Path> files;
    private final JournalIntegrity integrity;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer raw = new UnsafeBuffer(new byte[0]);
    private byte[] window = new byte[WINDOW_BYTES];
    private int nextFile;
    private QueueFile file;
    private String lastFile = "(no queue file)";
    private long lastFileSize;
    private long position;
    private long nextIndex;
    /** Corrupt excerpts found since the last good frame: they stand for the sequence numbers after it. */
    private long corruptSinceFrame;
    /** Where readable data stopped early, until a later frame is found: the position a gap or a truncated tail names. */
    private String stopFile;
    private long stopPosition;
    private String stopReason;
    private boolean finished;

    /** Strict: the first damage throws {@link JournalDamagedException}. */
    public JournalReader(final Path dir)
    {
        this(dir, null);
    }

    /**
     * @param listener told of each damaged stretch, reading goes on; null for strict
     * @throws IllegalArgumentException when {@code dir} is not a journal, or one written before journal format 2
     */
    public JournalReader(final Path dir, final DamageListener listener)
    {
        Journal.requireJournal(dir);
        final JournalManifest.State manifest = JournalManifest.read(dir);
        this.dir = dir;
        this.listener = listener;
        this.files = queueFiles(dir);
        this.integrity = new JournalIntegrity(manifest.frames(), manifest.closed());
    }

    private static List<Path> queueFiles(final Path dir)
    {
        try (Stream<Path> list = Files.list(dir))
        {
            // Chronicle names cycle files so that name order is time order (FAST_DAILY: yyyyMMdd'F')
            return list.filter(p -> p.getFileName().toString().endsWith(Journal.QUEUE_FILE_SUFFIX) && Files.isRegularFile(p))
                .sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal " + dir, ex);
        }
    }

    /** @return true when an event was read and handed to {@code handler}; false at the end of the journal. */
    public boolean readNext(final FrameHandler handler)
    {
        while (!finished)
        {
            if (file == null)
            {
                if (nextFile == files.size())
                {
                    finish();
                    return false;
                }
                file = new QueueFile(files.get(nextFile++), window);
                position = 0;
            }
            if (step(handler))
            {
                return true;
            }
        }
        return false;
    }

    /** Reads every remaining event. @return the number read */
    public long readAll(final FrameHandler handler)
    {
        long n = 0;
        while (readNext(handler))
        {
            n++;
        }
        return n;
    }

    /** Events read intact so far. */
    public long framesRead()
    {
        return integrity.framesRead();
    }

    /** The sequence number the next frame should have: after a complete read, the frames the journal holds. */
    public long nextIndex()
    {
        return nextIndex;
    }

    /** What has been found so far; complete after {@link #readNext} returned false. */
    public JournalIntegrity integrity()
    {
        return integrity;
    }

    /** One excerpt at {@link #position}: @return true when it was an event handed to {@code handler}. */
    private boolean step(final FrameHandler handler)
    {
        final long pos = position;
        final long size = file.size();
        if (pos + JournalFrame.HEADER_BYTES > size)
        {
            return dataStops(pos, "the file ends");
        }
        final int header = file.intAt(pos);
        if (header == Wires.END_OF_DATA)
        {
            // the writer rolled to the next cycle's file: a clean end of this one
            endFile();
            return false;
        }
        if (header == 0 || (header & Wires.NOT_COMPLETE) != 0)
        {
            return dataStops(pos, header == 0 ? "no excerpt header" : "an excerpt whose write never completed");
        }
        final int length = header & Wires.LENGTH_MASK;
        if ((header & Wires.META_DATA) != 0)
        {
            if (JournalFrame.next(pos, length) > size)
            {
                return dataStops(pos, "a metadata excerpt of " + length + " bytes runs past the end of the file");
            }
            position = JournalFrame.next(pos, length);
            return false;
        }
        if (pos + JournalFrame.HEADER_BYTES + length > size)
        {
            return dataStops(pos, "a frame of " + length + " bytes runs past the end of the file at byte " + size);
        }
        if (length < JournalFrame.PREFIX_BYTES || length - JournalFrame.PREFIX_BYTES > JournalFrame.MAX_EVENT_BYTES)
        {
            corrupt(pos, length, "impossible frame length " + length);
            return false;
        }
        final int at = file.load(pos, JournalFrame.HEADER_BYTES + length) + JournalFrame.HEADER_BYTES;
        final byte[] bytes = file.array();
        if (!checksumMatches(bytes, at, length))
        {
            corrupt(pos, length, "checksum mismatch");
            return false;
        }
        final long index = plausibleIndex(QueueFile.intAt(bytes, at + JournalFrame.SEQUENCE_OFFSET));
        if (index < 0)
        {
            corrupt(pos, length, "out of sequence: holds sequence number (low 32 bits) "
                + Integer.toUnsignedString(QueueFile.intAt(bytes, at + JournalFrame.SEQUENCE_OFFSET)) + ", expected " + nextIndex);
            return false;
        }
        if (index > nextIndex + corruptSinceFrame)
        {
            missing(index, pos);
        }
        nextIndex = index + 1;
        corruptSinceFrame = 0;
        stopFile = null;
        position = JournalFrame.next(pos, length);
        integrity.frameRead();
        if (buffer.byteArray() != bytes)
        {
            buffer.wrap(bytes);
        }
        handler.onFrame(buffer, at + JournalFrame.PREFIX_BYTES, length - JournalFrame.PREFIX_BYTES, index);
        return true;
    }

    private boolean checksumMatches(final byte[] bytes, final int excerpt, final int length)
    {
        crc.reset();
        crc.update(bytes, excerpt + JournalFrame.SEQUENCE_OFFSET, length - JournalFrame.SEQUENCE_OFFSET);
        return (int)crc.getValue() == QueueFile.intAt(bytes, excerpt + JournalFrame.CRC_OFFSET);
    }

    /**
     * The full sequence number a frame holding {@code low} stands for: the next expected one or a later one up to the
     * manifest's count (which may lag the frames by one after a kill -9); -1 for any other.
     */
    private long plausibleIndex(final int low)
    {
        final long index = JournalFrame.sequenceAtOrAfter(nextIndex, low);
        return index == nextIndex || index <= integrity.expectedFrames() ? index : -1;
    }

    /** Readable data stops at {@code pos} in this file: look further when frames are still expected, else end the file. */
    private boolean dataStops(final long pos, final String reason)
    {
        if (stopFile == null)
        {
            stopFile = file.name();
            stopPosition = pos;
            stopReason = reason;
        }
        if (nextIndex + corruptSinceFrame < integrity.expectedFrames())
        {
            final long found = scan(pos + JournalFrame.HEADER_BYTES);
            if (found >= 0)
            {
                position = found;
                return false;
            }
        }
        endFile();
        return false;
    }

    private void corrupt(final long pos, final int length, final String detail)
    {
        final int n = (int)Math.max(0, Math.min(Math.min(length, MAX_RAW_BYTES), file.size() - pos - JournalFrame.HEADER_BYTES));
        final int at = file.load(pos + JournalFrame.HEADER_BYTES, n);
        raw.wrap(file.array(), at, n);
        report(new JournalDamage(JournalDamage.Kind.CORRUPT_FRAME, nextIndex + corruptSinceFrame, 1, file.name(), pos, detail), n);
        corruptSinceFrame++;
        if (stopFile == null)
        {
            stopFile = file.name();
            stopPosition = pos;
            stopReason = "a corrupt frame";
        }
        final long found = scan(pos + JournalFrame.HEADER_BYTES);
        if (found >= 0)
        {
            position = found;
        }
        else
        {
            endFile();
        }
    }

    /** The frame just read at {@code pos} has sequence {@code index}, later than the next one expected. */
    private void missing(final long index, final long pos)
    {
        final long first = nextIndex + corruptSinceFrame;
        final String detail = stopFile == null
            ? "the frame there is index " + index
            : "readable data stops there (" + stopReason + "); the next good frame is index " + index + " at " + file.name()
                + " byte offset " + pos;
        report(new JournalDamage(JournalDamage.Kind.MISSING_FRAMES, first, index - first, stopFile == null ? file.name() : stopFile,
            stopFile == null ? pos : stopPosition, detail), 0);
    }

    private void finish()
    {
        finished = true;
        final long first = nextIndex + corruptSinceFrame;
        final long expected = integrity.expectedFrames();
        if (first < expected)
        {
            final String detail = (stopFile == null ? "the journal's data ends there" : "readable data ends there (" + stopReason + ")")
                + "; its manifest counts " + expected + " frames";
            report(new JournalDamage(JournalDamage.Kind.TRUNCATED_TAIL, first, expected - first, stopFile == null ? lastFile : stopFile,
                stopFile == null ? lastFileSize : stopPosition, detail), 0);
        }
    }

    /**
     * The position of the next excerpt at or after {@code from} (4-byte aligned, like every excerpt) that is a whole
     * frame with a good checksum and a plausible sequence number; -1 when this file holds none.
     */
    private long scan(final long from)
    {
        final long size = file.size();
        for (long q = from; q + JournalFrame.HEADER_BYTES + JournalFrame.PREFIX_BYTES <= size; q += 4)
        {
            final int header = file.intAt(q);
            // a complete data excerpt: no flag bits set
            if (header < JournalFrame.PREFIX_BYTES || header - JournalFrame.PREFIX_BYTES > JournalFrame.MAX_EVENT_BYTES
                || (header & Wires.META_DATA) != 0 || q + JournalFrame.HEADER_BYTES + header > size)
            {
                continue;
            }
            if (plausibleIndex(file.intAt(q + JournalFrame.HEADER_BYTES + JournalFrame.SEQUENCE_OFFSET)) < 0)
            {
                continue;
            }
            final int at = file.load(q, JournalFrame.HEADER_BYTES + header) + JournalFrame.HEADER_BYTES;
            if (checksumMatches(file.array(), at, header))
            {
                return q;
            }
        }
        return -1;
    }

    private void report(final JournalDamage damage, final int rawLength)
    {
        integrity.record(damage);
        if (listener == null)
        {
            throw new JournalDamagedException(dir, damage);
        }
        listener.onDamage(damage, raw, 0, rawLength);
    }

    private void endFile()
    {
        lastFile = file.name();
        lastFileSize = file.size();
        window = file.array();
        file.close();
        file = null;
    }

    @Override
    public void close()
    {
        if (file != null)
        {
            file.close();
            file = null;
        }
    }
}
