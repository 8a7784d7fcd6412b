package dev.trader.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputDirTest
{
    @TempDir
    Path tmp;

    private static List<String> entries(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldShowNothingAtTheTargetUntilCommittedAndMarkTheRun() throws IOException
    {
        final Path target = tmp.resolve("runs").resolve("a");
        try (OutputDir out = OutputDir.forRun("--out", target, false))
        {
            assertEquals(tmp.resolve("runs").resolve(".a.partial"), out.staging());
            Files.writeString(out.staging().resolve("summary.json"), "{}");
            assertFalse(Files.exists(target), "nothing at the target while writing");
            assertEquals(target.resolve("market"), out.shown(out.staging().resolve("market")));
            out.commit();
        }
        assertEquals(List.of(OutputDir.MARKER_FILE, "summary.json"), entries(target), "the lock file is gone");
        assertEquals(List.of("a"), entries(tmp.resolve("runs")));
    }

    @Test
    void shouldLeaveNothingBehindWhenNotCommitted() throws IOException
    {
        final Path target = tmp.resolve("new").resolve("deeper").resolve("run");
        try (OutputDir out = OutputDir.forJournal("--journal", target, false))
        {
            Files.writeString(out.staging().resolve("metadata.cq4t"), "partial");
        }
        assertEquals(List.of(), entries(tmp), "staging and the parents the claim created are removed");
    }

    @Test
    void shouldReplaceARunButRefuseWhatTraderDidNotWriteUnlessForced() throws IOException
    {
        final Path target = tmp.resolve("out");
        try (OutputDir first = OutputDir.forRun("--out", target, false))
        {
            Files.writeString(first.staging().resolve("old.txt"), "1");
            first.commit();
        }
        try (OutputDir second = OutputDir.forRun("--out", target, false))
        {
            Files.writeString(second.staging().resolve("new.txt"), "2");
            second.commit();
        }
        assertEquals(List.of(OutputDir.MARKER_FILE, "new.txt"), entries(target), "replaced as a whole");

        final Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "keep");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> OutputDir.forRun("--out", mine, false));
        assertEquals("--out " + mine + " already holds 1 entry (notes.txt), which trader did not write as a replaceable run; "
            + "choose another --out, or pass --force to replace it", ex.getMessage());
        assertEquals(List.of("mine", "out"), entries(tmp), "refused before anything was created");

        try (OutputDir forced = OutputDir.forRun("--out", mine, true))
        {
            forced.commit();
        }
        assertEquals(List.of(OutputDir.MARKER_FILE), entries(mine));
    }

    @Test
    void shouldNeverReplaceAPathBeingReadNorTheWorkingDirectory() throws IOException
    {
        final Path rec = tmp.resolve("rec");
        Files.createDirectories(rec.resolve("input"));
        final IllegalArgumentException holds = assertThrows(IllegalArgumentException.class,
            () -> OutputDir.forRun("--out", rec, true, rec.resolve("input")));
        assertEquals("--out " + rec + " holds " + rec.resolve("input") + ", which this command reads; choose another --out "
            + "(--force does not override this)", holds.getMessage());
        final IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
            () -> OutputDir.forRun("--out", rec.resolve("input").resolve("x"), true, rec));
        assertTrue(inside.getMessage().contains("lies inside " + rec), inside.getMessage());
        // the working directory, the user's home and trader's home are guarded alike; trader.home is the one a test
        // may point at a throw-away folder
        final String previous = System.getProperty("trader.home");
        final Path home = tmp.resolve("rec").resolve("home");
        System.setProperty("trader.home", home.toString());
        try
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> OutputDir.forRun("--out", rec, true));
            assertEquals("--out " + rec + " holds " + home + " (trader.home); choose another --out (--force does not override this)",
                ex.getMessage());
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty("trader.home");
            }
            else
            {
                System.setProperty("trader.home", previous);
            }
        }
        assertEquals(List.of("rec"), entries(tmp));
        assertEquals(List.of("input"), entries(rec));
    }

    /** Runs written before the marker existed are told by their summary: a replay's, not a recording's (it has "live"). */
    @Test
    void shouldTellARunWrittenBeforeTheMarkerFromARecording() throws IOException
    {
        final Path oldRun = tmp.resolve("old-run");
        Files.createDirectories(oldRun.resolve("input"));
        Files.writeString(oldRun.resolve("summary.json"), "{\"journal\": \"x\", \"outputSha256\": \"ab\"}");
        final Path recording = tmp.resolve("recording");
        Files.createDirectories(recording.resolve("input"));
        Files.writeString(recording.resolve("summary.json"), "{\"outputSha256\": \"ab\", \"live\": {}}");

        assertTrue(OutputDir.isRun(oldRun));
        assertFalse(OutputDir.isRun(recording));
        assertFalse(OutputDir.isRun(recording.resolve("input")));
        try (OutputDir out = OutputDir.forRun("--out", oldRun, false))
        {
            out.commit();
        }
        assertEquals(List.of(OutputDir.MARKER_FILE), entries(oldRun));
        assertThrows(IllegalArgumentException.class, () -> OutputDir.forRun("--out", recording, false));
    }

    /** A kill -9 leaves the staging directory; its lock died with the process, so the next claim removes it. */
    @Test
    void shouldRemoveAStaleStagingDirectory() throws IOException
    {
        final Path target = tmp.resolve("run");
        final Path stale = tmp.resolve(".run.partial");
        Files.createDirectories(stale.resolve("input"));
        Files.writeString(stale.resolve("input").resolve("metadata.cq4t"), "zeroed");
        Files.createFile(stale.resolve(OutputDir.LOCK_FILE));
        try (OutputDir out = OutputDir.forRun("--out", target, false))
        {
            assertEquals(List.of(OutputDir.LOCK_FILE, OutputDir.MARKER_FILE), entries(out.staging()), "a fresh staging directory");
            out.commit();
        }
        assertEquals(List.of("run"), entries(tmp));
    }

    @Test
    void shouldRefuseWhileAnotherClaimWritesTheSameTarget() throws IOException
    {
        final Path target = tmp.resolve("run");
        try (OutputDir first = OutputDir.forRun("--out", target, false))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> OutputDir.forRun("--out", target, false));
            assertEquals("another trader command is writing " + target + " (" + first.staging() + " is locked); wait for it to "
                + "finish or choose another --out", ex.getMessage());
            assertTrue(Files.isDirectory(first.staging()), "the refused claim leaves the running one alone");
            first.commit();
        }
        assertEquals(List.of("run"), entries(tmp));
    }

    /** A commit killed between its two renames (old output aside, new not yet in place): the next claim puts the old back. */
    @Test
    void shouldPutBackAnOutputSetAsideByAKilledCommit() throws IOException
    {
        final Path target = tmp.resolve("run");
        final Path aside = tmp.resolve(".run.replaced");
        Files.createDirectories(aside);
        Files.writeString(aside.resolve("summary.json"), "old");
        Files.createFile(aside.resolve(OutputDir.MARKER_FILE));
        try (OutputDir out = OutputDir.forRun("--out", target, false))
        {
            assertEquals("old", Files.readString(target.resolve("summary.json")));
        }
        assertEquals(List.of("run"), entries(tmp));
        assertEquals("old", Files.readString(target.resolve("summary.json")));
    }

    @Test
    void shouldLeaveTheTargetAloneWhenScratchIsClosed() throws IOException
    {
        final Path target = tmp.resolve("bench");
        Files.createDirectories(target);
        Files.writeString(target.resolve("mine.txt"), "keep");
        try (OutputDir scratch = OutputDir.scratchBeside(target))
        {
            Files.writeString(scratch.staging().resolve("market"), "x");
            assertThrows(IllegalStateException.class, scratch::commit);
        }
        assertEquals(List.of("bench"), entries(tmp));
        assertEquals(List.of("mine.txt"), entries(target));
    }

    @Test
    void shouldRequireARecordingDirectoryToBeNewOrEmpty() throws IOException
    {
        final Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        OutputDir.requireAbsentOrEmpty("--journal", empty, "choose a new directory");
        OutputDir.requireAbsentOrEmpty("--journal", tmp.resolve("absent"), "choose a new directory");
        Files.writeString(empty.resolve("a.txt"), "");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OutputDir.requireAbsentOrEmpty("--journal", empty, "choose a new directory"));
        assertEquals("--journal " + empty + " already holds 1 entry (a.txt); choose a new directory", ex.getMessage());
    }
}
