package dev.trader.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A journal is a Chronicle Queue directory whose every excerpt is one frame ({@link JournalFrame}: CRC32C, sequence
 * number, then the SBE-framed event, message header included), written in the order the engine saw it, plus a
 * {@link JournalManifest} counting the frames committed. Memory-mapped: an appended frame survives the death of the
 * writing process (kill -9), and a reader stops cleanly at an excerpt whose write never completed.
 */
public final class Journal
{
    /** The queue's metadata file, created as soon as a writer opens the journal. */
    static final String METADATA_FILE = "metadata.cq4t";
    /** Chronicle Queue's data files, one per roll cycle, named so that name order is time order. */
    static final String QUEUE_FILE_SUFFIX = ".cq4";

    private Journal()
    {
    }

    static SingleChronicleQueue openForWrite(final Path dir, final TimeProvider time)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + dir, ex);
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY);
        return (time == null ? builder : builder.timeProvider(time)).build();
    }

    /** @throws IllegalArgumentException when {@code dir} is not a journal (missing, or holds no queue files at all) */
    public static void requireJournal(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("journal directory " + dir + " does not exist");
        }
        if (!isJournal(dir))
        {
            throw new IllegalArgumentException(dir + " is not a journal: it holds no Chronicle Queue files (*.cq4, metadata.cq4t)"
                + (Files.isDirectory(dir.resolve("input")) ? " (did you mean " + dir.resolve("input") + " or " + dir.resolve("output") + "?)" : ""));
        }
    }

    public static boolean isJournal(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            // a journal that was opened but never written to (e.g. the output of a run that emitted nothing) holds
            // only the queue's metadata file: it is an empty journal, not "no journal"
            return files.anyMatch(p -> p.getFileName().toString().endsWith(QUEUE_FILE_SUFFIX)
                || p.getFileName().toString().equals(METADATA_FILE) || p.getFileName().toString().equals(JournalManifest.FILE));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
