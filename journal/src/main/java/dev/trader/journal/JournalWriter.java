package dev.trader.journal;

import dev.trader.engine.EventSink;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * Appends events to a journal, one excerpt each. Single writer (the engine thread, or an importer); no allocation
 * per event in steady state. Used as the pipeline's journal-in and journal-out sinks.
 */
public final class JournalWriter implements EventSink, AutoCloseable
{
    private final Path dir;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private byte[] scratch = new byte[4096];
    private long written;
    private boolean closed;

    public JournalWriter(final Path dir)
    {
        this.dir = dir;
        this.queue = Journal.openForWrite(dir);
        this.appender = queue.createAppender();
        // Created here, written on the engine thread, closed here again: one writer at a time, handed over through
        // the ring's happens-before edges, so Chronicle's same-thread assertion does not apply.
        this.appender.singleThreadedCheckDisabled(true);
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(array, (int)buffer.wrapAdjustment() + offset, length);
            }
            else
            {
                if (scratch.length < length)
                {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                buffer.getBytes(offset, scratch, 0, length);
                bytes.write(scratch, 0, length);
            }
        }
        written++;
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
        }
    }
}
