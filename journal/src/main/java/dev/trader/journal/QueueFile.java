package dev.trader.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Chronicle Queue data file read through a window of positional reads, never memory-mapped: a file cut short
 * (or cut while it is read) ends the data instead of faulting, and nothing past {@link #size()} is ever touched.
 */
final class QueueFile implements AutoCloseable
{
    private final Path path;
    private final String name;
    private final FileChannel channel;
    private final long size;
    private byte[] bytes;
    private ByteBuffer view;
    private long start;
    private int loaded;

    /** @param window the initial window, reused from the previous file */
    QueueFile(final Path path, final byte[] window)
    {
        this.path = path;
        this.name = path.getFileName().toString();
        try
        {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
            this.size = channel.size();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal file " + path, ex);
        }
        this.bytes = window;
        this.view = ByteBuffer.wrap(window);
    }

    String name()
    {
        return name;
    }

    long size()
    {
        return size;
    }

    /** The window's bytes: valid until the next {@link #load}. */
    byte[] array()
    {
        return bytes;
    }

    /**
     * Makes {@code [position, position + count)} readable in {@link #array()}.
     *
     * @return the offset of {@code position} in the array
     * @throws IllegalArgumentException when the range is not inside the file (callers check against {@link #size()})
     */
    int load(final long position, final int count)
    {
        if (position >= start && position + count <= start + loaded)
        {
            return (int)(position - start);
        }
        if (position < 0 || count < 0 || position + count > size)
        {
            throw new IllegalArgumentException(name + ": bytes " + position + "+" + count + " are outside the file (" + size + " bytes)");
        }
        if (bytes.length < count)
        {
            bytes = new byte[Math.max(count, bytes.length * 2)];
            view = ByteBuffer.wrap(bytes);
        }
        view.clear();
        view.limit((int)Math.min(bytes.length, size - position));
        try
        {
            while (view.hasRemaining())
            {
                if (channel.read(view, position + view.position()) < 0)
                {
                    break;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal file " + path, ex);
        }
        start = position;
        loaded = view.position();
        if (loaded < count)
        {
            throw new UncheckedIOException(new IOException(path + " shrank while it was read (" + loaded + " of " + count
                + " bytes at " + position + ")"));
        }
        return 0;
    }

    /** The little-endian int at {@code position} ({@code position + 4 <= size()}). */
    int intAt(final long position)
    {
        return intAt(bytes, load(position, 4));
    }

    static int intAt(final byte[] array, final int at)
    {
        return (array[at] & 0xFF) | (array[at + 1] & 0xFF) << 8 | (array[at + 2] & 0xFF) << 16 | array[at + 3] << 24;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
