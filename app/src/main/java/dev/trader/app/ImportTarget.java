package dev.trader.app;

import dev.trader.journal.Journal;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.OutputDir;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where an import goes ({@code --journal}, {@code --append}, {@code --force}) and how it gets there: the importer
 * writes a scratch journal, and only a complete import that wrote market data reaches {@code --journal}, renamed into
 * place or appended to the journal already there. A failed, truncated, wholly rejected or killed import leaves nothing
 * behind and never blocks the next try (docs/architecture.md "Output directories").
 */
final class ImportTarget
{
    /** Chronicle Queue's data files (one per roll cycle); the journal's events live in them. */
    private static final String DATA_FILE_SUFFIX = ".cq4";

    @Option(names = "--journal", required = true, description = "journal directory to write (appears only when the import succeeds)")
    Path journal;

    @Option(names = "--append", description = "add to the journal already at --journal (once the import has succeeded on its own)")
    boolean append;

    @Option(names = "--force", description = "replace what --journal holds (a journal, a recording, your files)")
    boolean force;

    /** One importer run into a journal writer. */
    @FunctionalInterface
    interface Importer<R>
    {
        R importInto(JournalWriter writer) throws IOException;
    }

    /** Refuses what cannot be done, before any file is read. */
    void check()
    {
        if (append && force)
        {
            throw new IllegalArgumentException("--append and --force exclude each other: add to the journal, or replace it");
        }
        if (!append && !force && holdsEvents(journal))
        {
            throw new IllegalArgumentException("--journal " + journal + " already holds a journal; pass --append to add to it, "
                + "or --force to replace it");
        }
    }

    /**
     * Runs {@code importer} into a scratch journal and, when it completes and {@code refusal} finds nothing to refuse,
     * moves the result to {@code --journal}.
     *
     * @param source  the file being imported: never inside what {@code --force} replaces
     * @param refusal why the finished import must not be kept (e.g. every row rejected), or null to keep it
     * @return the importer's result
     * @throws IllegalArgumentException naming the failure, with nothing written to {@code --journal}
     */
    <R> R write(final Path source, final Importer<R> importer, final Function<R, String> refusal)
    {
        check();
        final boolean appending = append && holdsEvents(journal);
        // a journal without events (what an interrupted import of an earlier version left: a metadata file, maybe
        // zeroed, and no data file) has nothing to lose: it is replaced as if forced
        final boolean replace = force || (Journal.isJournal(journal) && !holdsEvents(journal));
        try (OutputDir dir = appending ? OutputDir.scratchBeside(journal) : OutputDir.forJournal("--journal", journal, replace, source))
        {
            final R result = importWhole(dir.staging(), importer, refusal);
            if (appending)
            {
                appendAll(dir.staging(), journal);
            }
            else
            {
                dir.commit();
            }
            return result;
        }
    }

    private <R> R importWhole(final Path staging, final Importer<R> importer, final Function<R, String> refusal)
    {
        try
        {
            final R result;
            try (JournalWriter writer = new JournalWriter(staging))
            {
                result = importer.importInto(writer);
            }
            final String why = refusal.apply(result);
            if (why != null)
            {
                throw new IllegalArgumentException(why);
            }
            return result;
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            throw new IllegalArgumentException(ex.getMessage() + "; nothing written to " + journal, ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read: " + ex + "; nothing written to " + journal, ex);
        }
    }

    /** A journal with at least one data file ({@code *.cq4}); its metadata file alone holds no event. */
    private static boolean holdsEvents(final Path dir)
    {
        if (!Journal.isJournal(dir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(DATA_FILE_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
    }

    /**
     * Copies a finished scratch journal's events to the end of {@code to}. Not atomic: a kill during the copy (which
     * parses nothing and is quick) leaves part of the events appended.
     */
    private static void appendAll(final Path from, final Path to)
    {
        try (JournalReader reader = new JournalReader(from);
             JournalWriter writer = new JournalWriter(to))
        {
            reader.readAll((buffer, offset, length, index) -> writer.onEvent(buffer, offset, length));
        }
    }
}
