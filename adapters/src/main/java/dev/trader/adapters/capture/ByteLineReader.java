package dev.trader.adapters.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a stream as the exact bytes written (no charset decoding), without the {@code \n} or {@code \r\n} that
 * ends them. A line longer than the limit is consumed whole but reported as {@link #tooLong()} with only its first
 * bytes kept, so one runaway line cannot exhaust memory.
 */
final class ByteLineReader implements Closeable
{
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPosition;
    private int chunkLength;
    private byte[] line = new byte[1 << 12];
    private int lineLength;
    private boolean tooLong;
    private long lineNumber;

    ByteLineReader(final InputStream in, final int maxLineBytes)
    {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads the next line; false at the end of the stream. */
    boolean next() throws IOException
    {
        lineLength = 0;
        tooLong = false;
        boolean any = false;
        while (true)
        {
            if (chunkPosition == chunkLength)
            {
                final int n = in.read(chunk);
                chunkPosition = 0;
                chunkLength = Math.max(n, 0);
                if (n <= 0)
                {
                    if (!any)
                    {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            final int start = chunkPosition;
            int i = start;
            while (i < chunkLength && chunk[i] != '\n')
            {
                i++;
            }
            append(start, i - start);
            if (i < chunkLength)
            {
                chunkPosition = i + 1;
                break;
            }
            chunkPosition = chunkLength;
        }
        if (!tooLong && lineLength > 0 && line[lineLength - 1] == '\r')
        {
            lineLength--;
        }
        lineNumber++;
        return true;
    }

    private void append(final int from, final int n)
    {
        if (tooLong || n == 0)
        {
            return;
        }
        if ((long)lineLength + n > maxLineBytes)
        {
            tooLong = true;
            final int keep = Math.min(n, Math.max(0, line.length - lineLength));
            System.arraycopy(chunk, from, line, lineLength, keep);
            lineLength += keep;
            return;
        }
        if (lineLength + n > line.length)
        {
            line = Arrays.copyOf(line, (int)Math.min(maxLineBytes, Math.max((long)lineLength + n, line.length * 2L)));
        }
        System.arraycopy(chunk, from, line, lineLength, n);
        lineLength += n;
    }

    /** The current line's bytes, valid until the next call to {@link #next()}. */
    byte[] line()
    {
        return line;
    }

    int length()
    {
        return lineLength;
    }

    /** True when the current line exceeded the limit: {@link #line()} then holds only its beginning. */
    boolean tooLong()
    {
        return tooLong;
    }

    /** 1-based number of the current line. */
    long lineNumber()
    {
        return lineNumber;
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }
}
