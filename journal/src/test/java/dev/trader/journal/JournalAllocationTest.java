package dev.trader.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer runs on the engine thread (journal-in, journal-out) and the reader feeds a replay: in steady state
 * neither allocates per event, checksums and manifest included.
 */
class JournalAllocationTest
{
    private static final long START_NS = 1_704_067_200_000_000_000L;
    private static final int WARM_UP = 150_000;
    private static final int MEASURED = 30_000;

    @TempDir
    Path tmp;

    @Test
    void shouldAllocateNothingPerEventWhenWritingAndReading()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long self = Thread.currentThread().getId();
        final List<byte[]> events = TestEvents.mixed(START_NS, 60);
        final UnsafeBuffer[] heap = new UnsafeBuffer[events.size()];
        final UnsafeBuffer[] direct = new UnsafeBuffer[events.size()];
        for (int i = 0; i < events.size(); i++)
        {
            heap[i] = new UnsafeBuffer(events.get(i));
            direct[i] = new UnsafeBuffer(ByteBuffer.allocateDirect(events.get(i).length));
            direct[i].putBytes(0, events.get(i));
        }

        final Path dir = tmp.resolve("journal");
        final long writeAllocated;
        try (JournalWriter writer = new JournalWriter(dir))
        {
            for (int i = 0; i < WARM_UP; i++)
            {
                append(writer, i, heap, direct);
            }
            final long before = threads.getThreadAllocatedBytes(self);
            for (int i = WARM_UP; i < WARM_UP + MEASURED; i++)
            {
                append(writer, i, heap, direct);
            }
            writeAllocated = threads.getThreadAllocatedBytes(self) - before;
        }

        final long[] sum = {0};
        final JournalReader.FrameHandler handler = (buffer, offset, length, index) -> sum[0] += length + buffer.getByte(offset);
        final long readAllocated;
        try (JournalReader reader = new JournalReader(dir))
        {
            for (int i = 0; i < WARM_UP; i++)
            {
                reader.readNext(handler);
            }
            final long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < MEASURED; i++)
            {
                reader.readNext(handler);
            }
            readAllocated = threads.getThreadAllocatedBytes(self) - before;
            assertEquals(WARM_UP + MEASURED, reader.framesRead());
        }
        // one allocation per event would be at least 16 bytes each; Chronicle's own appender (measured bare, without
        // this writer) still allocates a few hundred bytes now and then while the JIT settles, so the bound is less
        // than one byte per event rather than zero
        assertTrue(writeAllocated < MEASURED, writeAllocated + " bytes allocated writing " + MEASURED + " events");
        assertTrue(readAllocated < MEASURED, readAllocated + " bytes allocated reading " + MEASURED + " events");
        System.out.println("JournalAllocationTest: " + writeAllocated + " bytes writing, " + readAllocated + " bytes reading "
            + MEASURED + " events");
    }

    private static void append(final JournalWriter writer, final int i, final UnsafeBuffer[] heap, final UnsafeBuffer[] direct)
    {
        final UnsafeBuffer b = (i & 1) == 0 ? heap[i % heap.length] : direct[i % direct.length];
        writer.onEvent(b, 0, b.capacity());
    }
}
