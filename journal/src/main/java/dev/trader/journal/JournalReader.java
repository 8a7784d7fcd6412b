package dev.trader.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Reads a journal from the start, one frame at a time, into a reused buffer. Frames are handed over raw: callers
 * at a trust boundary validate them ({@link dev.trader.codecs.EventValidator}) before use.
 */
public final class JournalReader implements AutoCloseable
{
    /** Receives one frame; the buffer is reused after the call returns. */
    @FunctionalInterface
    public interface FrameHandler
    {
        void onFrame(DirectBuffer buffer, int offset, int length, long index);
    }

    private final SingleChronicleQueue queue;
    private final ExcerptTailer tailer;
    private byte[] frame = new byte[64 * 1024];
    private final UnsafeBuffer buffer = new UnsafeBuffer(frame);
    private long read;

    public JournalReader(final Path dir)
    {
        this.queue = Journal.openForRead(dir);
        this.tailer = queue.createTailer().toStart();
    }

    /** @return true when a frame was read and handed to {@code handler}; false at the end of the journal. */
    public boolean readNext(final FrameHandler handler)
    {
        final int length;
        final long index;
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            length = (int)bytes.readRemaining();
            if (frame.length < length)
            {
                frame = new byte[Math.max(length, frame.length * 2)];
                buffer.wrap(frame);
            }
            bytes.read(frame, 0, length);
            index = dc.index();
        }
        read++;
        handler.onFrame(buffer, 0, length, index);
        return true;
    }

    /** Reads every remaining frame. @return the number read */
    public long readAll(final FrameHandler handler)
    {
        long n = 0;
        while (readNext(handler))
        {
            n++;
        }
        return n;
    }

    public long framesRead()
    {
        return read;
    }

    @Override
    public void close()
    {
        tailer.close();
        queue.close();
    }
}
