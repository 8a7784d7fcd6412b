package dev.trader.journal;

import dev.trader.engine.EventSink;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Appends events to a journal, one frame each ({@link JournalFrame}: CRC32C, sequence, event), and counts every
 * committed frame in the journal's {@link JournalManifest}. Single writer (the engine thread, or an importer); no
 * allocation per event in steady state. Used as the pipeline's journal-in and journal-out sinks.
 *
 * <p>Opening a journal that already holds frames (an import with {@code --append}) reads it through first: a damaged
 * journal is refused, and numbering continues after the last frame found.
 */
public final class JournalWriter implements EventSink, AutoCloseable
{
    private final Path dir;
    private final JournalManifest manifest;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final CRC32C crc = new CRC32C();
    private final byte[] prefix = new byte[JournalFrame.PREFIX_BYTES];
    private byte[] scratch = new byte[4096];
    private long sequence;
    private long written;
    private boolean closed;

    public JournalWriter(final Path dir)
    {
        this(dir, null);
    }

    /** With a time provider for Chronicle's roll cycle (tests that make a journal span several queue files). */
    JournalWriter(final Path dir, final TimeProvider time)
    {
        this.dir = dir;
        this.sequence = existingFrames(dir);
        this.queue = Journal.openForWrite(dir, time);
        try
        {
            this.manifest = JournalManifest.openForWrite(dir);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        manifest.frames(sequence);
        this.appender = queue.createAppender();
        // Created here, written on the engine thread, closed here again: one writer at a time, handed over through
        // the ring's happens-before edges, so Chronicle's same-thread assertion does not apply.
        this.appender.singleThreadedCheckDisabled(true);
    }

    /** Frames already in {@code dir}: 0 for a new journal; refuses a legacy (checksum-less) or damaged one. */
    private static long existingFrames(final Path dir)
    {
        if (!Journal.isJournal(dir))
        {
            return 0;
        }
        try (JournalReader reader = new JournalReader(dir))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
            });
            return reader.nextIndex();
        }
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > JournalFrame.MAX_EVENT_BYTES)
        {
            throw new IllegalArgumentException("event of " + length + " bytes exceeds the journal's limit of "
                + JournalFrame.MAX_EVENT_BYTES);
        }
        final byte[] array;
        final int from;
        if (buffer.byteArray() != null)
        {
            array = buffer.byteArray();
            from = (int)buffer.wrapAdjustment() + offset;
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            buffer.getBytes(offset, scratch, 0, length);
            array = scratch;
            from = 0;
        }
        putIntLittleEndian(prefix, JournalFrame.SEQUENCE_OFFSET, (int)sequence);
        crc.reset();
        crc.update(prefix, JournalFrame.SEQUENCE_OFFSET, 4);
        crc.update(array, from, length);
        putIntLittleEndian(prefix, JournalFrame.CRC_OFFSET, (int)crc.getValue());
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.write(prefix, 0, JournalFrame.PREFIX_BYTES);
            bytes.write(array, from, length);
        }
        sequence++;
        manifest.frames(sequence);
        written++;
    }

    private static void putIntLittleEndian(final byte[] b, final int at, final int value)
    {
        b[at] = (byte)value;
        b[at + 1] = (byte)(value >>> 8);
        b[at + 2] = (byte)(value >>> 16);
        b[at + 3] = (byte)(value >>> 24);
    }

    /** Events appended by this writer. */
    public long written()
    {
        return written;
    }

    public Path dir()
    {
        return dir;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            appender.close();
            queue.close();
            manifest.close();
        }
    }
}
