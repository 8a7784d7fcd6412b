package dev.trader.adapters.archive;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * A gzip or zip history file that ends early (a download cut short) or whose compressed data is damaged. The message
 * is one line naming the file and how far reading got, e.g. {@code truncated gzip: capture.gz ends unexpectedly after
 * 18306 lines}. What was imported before the failure is incomplete: the caller discards it.
 */
public final class CorruptArchiveException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long unitsRead;

    private CorruptArchiveException(final String message, final Path file, final long unitsRead, final IOException cause)
    {
        super(message, cause);
        this.file = file;
        this.unitsRead = unitsRead;
    }

    /**
     * Tells whether {@code failure}, raised while reading {@code file}, means the archive is truncated or corrupt.
     *
     * @param file      the file being read
     * @param failure   what reading it raised
     * @param unitsRead complete lines or rows read before the failure
     * @param unit      what {@code unitsRead} counts, e.g. {@code lines} or {@code rows}
     * @return the exception to throw, or null when {@code failure} says nothing about the archive (an I/O error)
     */
    public static CorruptArchiveException of(final Path file, final IOException failure, final long unitsRead, final String unit)
    {
        if (!(failure instanceof EOFException) && !(failure instanceof ZipException))
        {
            return null;
        }
        final String container = container(file);
        final String message;
        if (failure instanceof EOFException)
        {
            message = "truncated " + container + ": " + file + " ends unexpectedly after " + unitsRead + " " + unit;
        }
        else if ("zip".equals(container) && unitsRead == 0)
        {
            // a zip cut short loses its central directory, at the end: nothing can be read at all
            message = "truncated or corrupt zip: " + file + " (" + failure.getMessage() + ")";
        }
        else
        {
            message = "corrupt " + container + ": " + file + " after " + unitsRead + " " + unit + " (" + failure.getMessage() + ")";
        }
        return new CorruptArchiveException(message, file, unitsRead, failure);
    }

    /** @return the damaged file */
    public Path file()
    {
        return file;
    }

    /** @return complete lines or rows read before the damage */
    public long unitsRead()
    {
        return unitsRead;
    }

    /** gzip, zip or file, by the first bytes. */
    private static String container(final Path file)
    {
        final byte[] magic = new byte[4];
        int n = 0;
        try (InputStream in = Files.newInputStream(file))
        {
            for (int r; n < magic.length && (r = in.read(magic, n, magic.length - n)) > 0; )
            {
                n += r;
            }
        }
        catch (final IOException ex)
        {
            return "file";
        }
        if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b)
        {
            return "gzip";
        }
        return n >= 2 && magic[0] == 'P' && magic[1] == 'K' ? "zip" : "file";
    }
}
