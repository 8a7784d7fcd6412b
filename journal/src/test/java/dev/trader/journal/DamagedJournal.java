package dev.trader.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test fixture: damages a single-file journal the way disks and copies do (zeroed bytes, a cut tail, a flipped bit)
 * and works out what a reader must then report. Each frame's excerpt is located by searching the queue file for the
 * event's exact bytes (read once while the journal is intact), not by walking headers the way the reader does, so
 * the expectations do not share the reader's logic.
 */
public final class DamagedJournal
{
    private final Path file;
    private final long[] header;
    private final int[] excerpt;

    private DamagedJournal(final Path file, final long[] header, final int[] excerpt)
    {
        this.file = file;
        this.header = header;
        this.excerpt = excerpt;
    }

    /** What a reader must report after the damage: counts and the first damaged frame and its position. */
    public record Expected(long framesRead, long corruptFrames, long missingFrames, boolean truncatedTail, JournalDamage.Kind firstKind,
        long firstIndex, String file, long firstByteOffset)
    {
    }

    /** Locates every frame of the (intact) journal in {@code dir}, which must have exactly one queue file. */
    public static DamagedJournal locate(final Path dir)
    {
        final List<byte[]> events = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy, 0, length);
                events.add(copy);
            });
        }
        final Path file = queueFile(dir);
        final byte[] bytes = read(file);
        final long[] header = new long[events.size()];
        final int[] excerpt = new int[events.size()];
        int from = 0;
        for (int i = 0; i < events.size(); i++)
        {
            final byte[] event = events.get(i);
            final int at = indexOf(bytes, event, from);
            if (at < 0)
            {
                throw new IllegalStateException("event " + i + " not found in " + file + " after byte " + from);
            }
            header[i] = at - JournalFrame.PREFIX_BYTES - JournalFrame.HEADER_BYTES;
            excerpt[i] = JournalFrame.PREFIX_BYTES + event.length;
            from = at + event.length;
        }
        return new DamagedJournal(file, header, excerpt);
    }

    public int frames()
    {
        return header.length;
    }

    public Path file()
    {
        return file;
    }

    /** The position of frame {@code i}'s excerpt header in the file. */
    public long header(final int i)
    {
        return header[i];
    }

    /** The position just after frame {@code i}'s last byte. */
    public long end(final int i)
    {
        return header[i] + JournalFrame.HEADER_BYTES + excerpt[i];
    }

    /** The middle of the bytes the frames occupy (between the first header and the last frame's end). */
    public long middle()
    {
        return (header[0] + end(header.length - 1)) / 2;
    }

    /** Writes {@code count} zero bytes from {@code from}. */
    public Expected zero(final long from, final int count)
    {
        final byte[] before = new byte[count];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.seek(from);
            f.readFully(before);
            f.seek(from);
            f.write(new byte[count]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return zeroed(before, from);
    }

    /** Cuts the file at {@code length} bytes. */
    public Expected cut(final long length)
    {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.setLength(length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        int first = 0;
        while (first < header.length && end(first) <= length)
        {
            first++;
        }
        if (first == header.length)
        {
            throw new IllegalArgumentException("a cut at " + length + " leaves every frame whole");
        }
        return new Expected(first, 0, header.length - first, true, JournalDamage.Kind.TRUNCATED_TAIL, first, file.getFileName().toString(),
            header[first]);
    }

    /** Flips the lowest bit of byte {@code at} of frame {@code i}'s event. */
    public Expected flipEventBit(final int i, final int at)
    {
        if (at >= excerpt[i] - JournalFrame.PREFIX_BYTES)
        {
            throw new IllegalArgumentException("frame " + i + " holds " + (excerpt[i] - JournalFrame.PREFIX_BYTES) + " event bytes");
        }
        final long position = header[i] + JournalFrame.HEADER_BYTES + JournalFrame.PREFIX_BYTES + at;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw"))
        {
            f.seek(position);
            final int b = f.read();
            f.seek(position);
            f.write(b ^ 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new Expected(header.length - 1, 1, 0, false, JournalDamage.Kind.CORRUPT_FRAME, i, file.getFileName().toString(), header[i]);
    }

    /**
     * The expectation for one zeroed stretch ({@code before} held its bytes, from {@code from}): a frame none of whose
     * bytes changed is read; the first changed frame is CORRUPT when its header survived (the reader reaches it from
     * the intact frame before and fails its checksum); every other changed frame is MISSING (the reader finds the next
     * intact frame by its checksum and sequence).
     */
    private Expected zeroed(final byte[] before, final long from)
    {
        long intact = 0;
        int first = -1;
        for (int i = 0; i < header.length; i++)
        {
            if (!changed(before, from, header[i], end(i)))
            {
                intact++;
            }
            else if (first < 0)
            {
                first = i;
            }
        }
        if (first < 0)
        {
            throw new IllegalStateException("the damage changed no frame");
        }
        final boolean corrupt = !changed(before, from, header[first], header[first] + JournalFrame.HEADER_BYTES);
        final long changed = header.length - intact;
        return new Expected(intact, corrupt ? 1 : 0, changed - (corrupt ? 1 : 0), false,
            corrupt ? JournalDamage.Kind.CORRUPT_FRAME : JournalDamage.Kind.MISSING_FRAMES, first, file.getFileName().toString(),
            header[first]);
    }

    /** Whether zeroing {@code before} (the bytes from {@code from}) changed a byte in {@code [start, end)}. */
    private static boolean changed(final byte[] before, final long from, final long start, final long end)
    {
        for (long p = Math.max(start, from); p < Math.min(end, from + before.length); p++)
        {
            if (before[(int)(p - from)] != 0)
            {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(final byte[] haystack, final byte[] needle, final int from)
    {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Path queueFile(final Path dir)
    {
        try (Stream<Path> list = Files.list(dir))
        {
            final List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(Journal.QUEUE_FILE_SUFFIX))
                .collect(Collectors.toList());
            if (files.size() != 1)
            {
                throw new IllegalStateException(dir + " holds " + files.size() + " queue files, expected 1: " + files);
            }
            return files.get(0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] read(final Path file)
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
