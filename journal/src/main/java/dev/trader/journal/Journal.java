package dev.trader.journal;

import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A journal is a Chronicle Queue directory whose every excerpt is one SBE-framed event (message header included),
 * written in the order the engine saw it. Memory-mapped: an appended excerpt survives the death of the writing
 * process (kill -9), and a reader stops cleanly at an excerpt whose write never completed.
 */
public final class Journal
{
    private Journal()
    {
    }

    static SingleChronicleQueue openForWrite(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + dir, ex);
        }
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
    }

    static SingleChronicleQueue openForRead(final Path dir)
    {
        requireJournal(dir);
        return SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
    }

    /** @throws IllegalArgumentException when {@code dir} is not a journal (missing, or holds no queue files) */
    public static void requireJournal(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("journal directory " + dir + " does not exist");
        }
        if (!isJournal(dir))
        {
            throw new IllegalArgumentException(dir + " is not a journal: it holds no .cq4 queue files"
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
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4"));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
