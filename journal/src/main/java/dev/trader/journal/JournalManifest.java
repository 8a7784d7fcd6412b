package dev.trader.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The journal's manifest ({@value #FILE}, 64 bytes, little-endian): what SHOULD be in the queue files. The writer
 * maps it and, after every committed frame, stores the number of frames committed (one ordered store into page
 * cache: survives kill -9 like the frames do); a clean close sets {@code closed}. A reader that finds fewer frames
 * than the manifest counts knows frames are missing, which the queue files alone cannot tell (a zeroed region looks
 * like the end of the data).
 *
 * <pre>
 *   0 int  magic 'TJNL'      4 int  journal format (2: frames carry CRC32C and sequence)
 *   8 long frames committed  16 int closed (1 after a clean close)
 * </pre>
 */
final class JournalManifest implements AutoCloseable
{
    static final String FILE = "journal.manifest";
    static final int FORMAT = 2;
    private static final int MAGIC = 0x4C4E4A54; // "TJNL" little-endian
    private static final int LENGTH = 64;
    private static final int MAGIC_OFFSET = 0;
    private static final int FORMAT_OFFSET = 4;
    private static final int FRAMES_OFFSET = 8;
    private static final int CLOSED_OFFSET = 16;

    private final UnsafeBuffer buffer;

    private JournalManifest(final MappedByteBuffer mapped)
    {
        this.buffer = new UnsafeBuffer(mapped);
    }

    /** What a reader learns from the manifest. */
    record State(long frames, boolean closed)
    {
    }

    static boolean exists(final Path dir)
    {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Creates a new manifest (0 frames, open) or maps an existing one for writing, marking it open. */
    static JournalManifest openForWrite(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        final boolean fresh = !Files.exists(file);
        if (!fresh)
        {
            read(dir); // refuses a damaged manifest before it is overwritten
        }
        final MappedByteBuffer mapped = fresh ? IoUtil.mapNewFile(file.toFile(), LENGTH) : IoUtil.mapExistingFile(file.toFile(), FILE);
        final JournalManifest manifest = new JournalManifest(mapped);
        if (fresh)
        {
            manifest.buffer.putInt(MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
            manifest.buffer.putInt(FORMAT_OFFSET, FORMAT, ByteOrder.LITTLE_ENDIAN);
        }
        manifest.buffer.putIntVolatile(CLOSED_OFFSET, 0);
        return manifest;
    }

    /** After the frame with sequence {@code frames - 1} is committed. No allocation, no system call. */
    void frames(final long frames)
    {
        buffer.putLongOrdered(FRAMES_OFFSET, frames);
    }

    /**
     * Marks the journal closed. The mapping is left to the garbage collector rather than unmapped here: a store into
     * an unmapped page would crash the JVM, and a writer closed on one thread may still be finishing on another.
     */
    @Override
    public void close()
    {
        buffer.putIntVolatile(CLOSED_OFFSET, 1);
    }

    /**
     * @throws IllegalArgumentException when the journal has no manifest (written before journal format 2, whose
     *                                  frames carry no checksum) or the manifest is not one
     */
    static State read(final Path dir)
    {
        final Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("journal " + dir + " has no " + FILE + ": it was written before journal format "
                + FORMAT + " (frames without checksums) or the file was lost; re-import or re-record it");
        }
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        if (bytes.length < LENGTH || b.getInt(MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN) != MAGIC)
        {
            throw new IllegalArgumentException(file + " is damaged (" + bytes.length + " bytes, no manifest magic)");
        }
        final int format = b.getInt(FORMAT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (format != FORMAT)
        {
            throw new IllegalArgumentException(file + ": journal format " + format + " is not supported (this trader reads format "
                + FORMAT + ")");
        }
        final long frames = b.getLong(FRAMES_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (frames < 0)
        {
            throw new IllegalArgumentException(file + " is damaged (frame count " + frames + ")");
        }
        return new State(frames, b.getInt(CLOSED_OFFSET, ByteOrder.LITTLE_ENDIAN) == 1);
    }
}
