package dev.trader.adapters.binance.vision;

import java.nio.file.Path;

/**
 * A Binance Vision file whose SHA-256 differs from the one its {@code .CHECKSUM} companion states: the download is
 * truncated or corrupt, and nothing from it was imported.
 */
public final class ChecksumMismatchException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String expectedSha256;
    private final String actualSha256;

    /**
     * @param file           the data file that was hashed
     * @param expectedSha256 the hex digest stated in {@code <file>.CHECKSUM}
     * @param actualSha256   the hex digest of the file's bytes
     */
    public ChecksumMismatchException(final Path file, final String expectedSha256, final String actualSha256)
    {
        super("checksum mismatch for " + file.getFileName() + ": expected SHA-256 " + expectedSha256 + " (from "
            + file.getFileName() + ".CHECKSUM), actual " + actualSha256 + " (" + file + ")");
        this.file = file;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** @return the data file whose digest did not match */
    public Path file()
    {
        return file;
    }

    /** @return the lowercase hex digest stated by the {@code .CHECKSUM} file */
    public String expectedSha256()
    {
        return expectedSha256;
    }

    /** @return the lowercase hex digest of the file as found on disk */
    public String actualSha256()
    {
        return actualSha256;
    }
}
