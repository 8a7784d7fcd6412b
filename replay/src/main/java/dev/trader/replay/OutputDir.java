package dev.trader.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.journal.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory a command produces as a whole (a run, an imported journal), written into a staging sibling on the same
 * file system ({@code .NAME.partial}) and renamed into place only when complete: a command that fails or is killed
 * never leaves anything at the target that looks finished, and what it leaves never blocks the next try (a staging
 * directory whose lock nobody holds is stale and removed). Rules (docs/architecture.md "Output directories"):
 * <ul>
 *   <li>an absent or empty target, or one trader wrote as a run (it holds {@value #MARKER_FILE}, written by replay,
 *       backtest and demo; or, from before the marker, a replay's {@code summary.json}), is replaced as a whole;</li>
 *   <li>anything else (a recording, an imported journal, the user's own files) only with {@code force};</li>
 *   <li>never, not even with {@code force}: a target that is, holds or lies inside a path the command reads (the
 *       journal being replayed), or that holds the working directory, the user's home or trader's home.</li>
 * </ul>
 * Replacing an existing target takes two renames (target aside to {@code .NAME.replaced}, staging in); a process
 * killed between them leaves the old output aside, and the next claim of the same target puts it back.
 */
public final class OutputDir implements AutoCloseable
{
    /** In every directory trader may replace without {@code --force}: runs of replay, backtest and demo. */
    public static final String MARKER_FILE = ".trader-output";
    /** Held (an OS file lock) in the staging directory while a command writes it. */
    static final String LOCK_FILE = ".trader-lock";
    static final String STAGING_SUFFIX = ".partial";
    static final String REPLACED_SUFFIX = ".replaced";
    private static final String MARKER_TEXT = "Written by trader as a run directory: the next run into it replaces it as a whole.\n";
    private static final int NAMES_IN_MESSAGE = 3;

    private final String option;
    private final Path target;
    private final Path staging;
    private final boolean marked;
    private final boolean committable;
    private final boolean force;
    private final List<Path> reading;
    private final List<Path> createdParents = new ArrayList<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean ownsStaging;
    private boolean committed;
    private boolean closed;

    private OutputDir(final String option, final Path target, final boolean marked, final boolean committable, final boolean force,
        final List<Path> reading)
    {
        this.option = option;
        this.target = target.toAbsolutePath().normalize();
        if (this.target.getParent() == null || this.target.getFileName() == null)
        {
            throw new IllegalArgumentException(option + " " + target + ": a file-system root cannot be an output directory");
        }
        this.staging = sibling(this.target, STAGING_SUFFIX);
        this.marked = marked;
        this.committable = committable;
        this.force = force;
        this.reading = reading;
    }

    /**
     * Claims {@code target} for a run (replay, backtest, demo): the run is written into {@link #staging()}, marked as
     * replaceable by the next run, and appears at {@code target} on {@link #commit()}.
     *
     * @param option  the command-line option that named the target, for messages (e.g. {@code --out})
     * @param force   replace the target even when trader did not write it as a run
     * @param reading paths the command reads (null entries ignored): the target may not be, hold or lie inside one
     * @throws IllegalArgumentException when the target may not be replaced, or another command is writing it
     */
    public static OutputDir forRun(final String option, final Path target, final boolean force, final Path... reading)
    {
        return new OutputDir(option, target, true, true, force, readPaths(reading)).claim();
    }

    /**
     * Claims {@code target} for an imported journal: as {@link #forRun} but not marked, so later commands replace it
     * only with {@code force}.
     */
    public static OutputDir forJournal(final String option, final Path target, final boolean force, final Path... reading)
    {
        return new OutputDir(option, target, false, true, force, readPaths(reading)).claim();
    }

    /**
     * A scratch directory beside {@code target} ({@code .NAME.partial}) that is never committed: {@link #close()}
     * removes it. {@code target} itself is not touched.
     */
    public static OutputDir scratchBeside(final Path target)
    {
        return new OutputDir("scratch", target, false, false, false, List.of()).claim();
    }

    /**
     * Refuses a {@code dir} that exists and is not an empty directory, for outputs that are written in place and never
     * replace anything (a live recording).
     *
     * @throws IllegalArgumentException naming what {@code dir} holds
     */
    public static void requireAbsentOrEmpty(final String option, final Path dir, final String advice)
    {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(dir))
        {
            throw new IllegalArgumentException(option + " " + dir + " already holds " + describe(dir) + "; " + advice);
        }
    }

    /** The directory the output appears at. */
    public Path path()
    {
        return target;
    }

    /** Where the output is written until {@link #commit()}. */
    public Path staging()
    {
        return staging;
    }

    /** {@code p} as it will be named after {@link #commit()}: paths under {@link #staging()} move to {@link #path()}. */
    public Path shown(final Path p)
    {
        final Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(staging) ? target.resolve(staging.relativize(abs)) : abs;
    }

    /**
     * Moves the staging directory into place, replacing what the target held; the output is now complete at
     * {@link #path()}.
     *
     * @throws IllegalArgumentException when the target changed since the claim and may no longer be replaced
     */
    public void commit()
    {
        if (!committable)
        {
            throw new IllegalStateException("a scratch directory is never committed");
        }
        if (committed || closed)
        {
            throw new IllegalStateException(target + ": already " + (committed ? "committed" : "closed"));
        }
        checkTarget();
        final Path replaced = sibling(target, REPLACED_SUFFIX);
        try
        {
            final boolean replacing = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (replacing)
            {
                Files.move(target, replaced, StandardCopyOption.ATOMIC_MOVE);
            }
            try
            {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex)
            {
                if (replacing)
                {
                    Files.move(replaced, target, StandardCopyOption.ATOMIC_MOVE);
                }
                throw ex;
            }
            committed = true;
            Files.deleteIfExists(target.resolve(LOCK_FILE));
            releaseLock();
            deleteTree(replaced);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move " + staging + " to " + target + ": " + ex, ex);
        }
    }

    /** Removes the staging directory (and parents the claim created) unless committed. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (!committed)
            {
                if (ownsStaging)
                {
                    deleteTree(staging);
                }
                releaseLock();
                for (final Path p : createdParents)
                {
                    if (isEmptyDirectory(p))
                    {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove " + staging + ": " + ex, ex);
        }
        finally
        {
            releaseLock();
        }
    }

    // ------------------------------------------------------------------------------------------------ claim

    private OutputDir claim()
    {
        checkReading();
        try
        {
            createParents(target.getParent());
            takeStaging();
            restoreReplaced();
            if (committable)
            {
                checkTarget();
            }
            if (marked)
            {
                Files.writeString(staging.resolve(MARKER_FILE), MARKER_TEXT, StandardCharsets.UTF_8);
            }
            return this;
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            if (ex instanceof IOException)
            {
                throw new UncheckedIOException("cannot prepare " + staging + ": " + ex, (IOException)ex);
            }
            throw (RuntimeException)ex;
        }
    }

    /** The target may never be, hold or lie inside a path being read, nor hold the working, home or trader directory. */
    private void checkReading()
    {
        final Path real = realTarget();
        for (final Path r : reading)
        {
            if (r.startsWith(target) || target.startsWith(r) || r.startsWith(real) || real.startsWith(r))
            {
                throw new IllegalArgumentException(option + " " + target + (r.startsWith(target) || r.startsWith(real)
                    ? " holds " : " lies inside ") + r + ", which this command reads; choose another " + option
                    + " (--force does not override this)");
            }
        }
        for (final String property : new String[]{"user.dir", "user.home", "trader.home"})
        {
            final String dir = System.getProperty(property);
            if (dir != null && !dir.isEmpty() && (Path.of(dir).toAbsolutePath().normalize().startsWith(target)
                || Path.of(dir).toAbsolutePath().normalize().startsWith(real)))
            {
                throw new IllegalArgumentException(option + " " + target + " holds " + dir + " (" + property + "); choose another "
                    + option + " (--force does not override this)");
            }
        }
    }

    /** The target with its existing ancestors' links resolved (itself, when none of them exists). */
    private Path realTarget()
    {
        for (Path p = target.getParent(); p != null; p = p.getParent())
        {
            if (Files.exists(p))
            {
                try
                {
                    return p.toRealPath().resolve(p.relativize(target));
                }
                catch (final IOException ex)
                {
                    return target;
                }
            }
        }
        return target;
    }

    /** May what is at the target now be replaced? */
    private void checkTarget()
    {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || force || isEmptyDirectory(target) || isRun(target))
        {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(target))
            {
                throw new IllegalArgumentException(option + " " + target + " is a file, not a directory; choose another " + option);
            }
            return;
        }
        throw new IllegalArgumentException(option + " " + target + " already holds " + describe(target)
            + ", which trader did not write as a replaceable run; choose another " + option + ", or pass --force to replace it");
    }

    /**
     * A directory trader wrote as a run: it holds the marker, or (written before the marker existed) a replay's
     * {@code summary.json}, one without the {@code live} section a recording's summary has.
     */
    static boolean isRun(final Path dir)
    {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        if (Files.isRegularFile(dir.resolve(MARKER_FILE)))
        {
            return true;
        }
        final Path summary = dir.resolve(ReplayRunner.SUMMARY_FILE);
        if (!Files.isRegularFile(summary))
        {
            return false;
        }
        try
        {
            final JsonNode json = new ObjectMapper().readTree(summary.toFile());
            return json != null && json.isObject() && json.has("outputSha256") && !json.has("live");
        }
        catch (final IOException ex)
        {
            return false; // not a summary trader wrote
        }
    }

    private void createParents(final Path dir) throws IOException
    {
        final List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent())
        {
            missing.add(p);
        }
        Files.createDirectories(dir);
        createdParents.addAll(missing); // deepest first: removed in this order when nothing was committed
    }

    /** Creates and locks the staging directory; a stale one (nobody holds its lock) is removed first. */
    private void takeStaging() throws IOException
    {
        if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS))
        {
            if (!Files.isDirectory(staging, LinkOption.NOFOLLOW_LINKS))
            {
                throw new IllegalArgumentException(staging + " is in the way (trader's staging name for " + target + "); remove it");
            }
            if (!tryLock())
            {
                throw inUse();
            }
            deleteTree(staging); // left by a killed command: its lock died with it
            releaseLock();
        }
        try
        {
            Files.createDirectory(staging);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw inUse();
        }
        if (!tryLock())
        {
            throw inUse();
        }
        ownsStaging = true;
    }

    /** A commit killed between its two renames left the previous output aside: put it back. */
    private void restoreReplaced() throws IOException
    {
        final Path replaced = sibling(target, REPLACED_SUFFIX);
        if (!Files.exists(replaced, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
        {
            deleteTree(replaced);
        }
        else
        {
            Files.move(replaced, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private boolean tryLock() throws IOException
    {
        final FileChannel channel = FileChannel.open(staging.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try
        {
            final FileLock l = channel.tryLock();
            if (l != null)
            {
                lockChannel = channel;
                lock = l;
                return true;
            }
        }
        catch (final OverlappingFileLockException ex)
        {
            // held by this JVM: in use as much as when another process holds it
        }
        channel.close();
        return false;
    }

    private void releaseLock()
    {
        try
        {
            if (lock != null && lock.isValid())
            {
                lock.release();
            }
            if (lockChannel != null)
            {
                lockChannel.close();
            }
        }
        catch (final IOException ignored)
        {
            // closing the channel releases the lock in any case
        }
        lock = null;
        lockChannel = null;
    }

    private IllegalArgumentException inUse()
    {
        return new IllegalArgumentException("another trader command is writing " + target + " (" + staging
            + " is locked); wait for it to finish or choose another " + option);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<Path> readPaths(final Path... paths)
    {
        final List<Path> list = new ArrayList<>();
        for (final Path p : paths)
        {
            if (p != null)
            {
                list.add(p.toAbsolutePath().normalize());
                try
                {
                    list.add(p.toRealPath());
                }
                catch (final IOException ignored)
                {
                    // does not exist (yet): the normalized path is all there is to compare
                }
            }
        }
        return list;
    }

    private static Path sibling(final Path target, final String suffix)
    {
        return target.resolveSibling("." + target.getFileName() + suffix);
    }

    private static boolean isEmptyDirectory(final Path dir)
    {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        try (Stream<Path> s = Files.list(dir))
        {
            return s.findAny().isEmpty();
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** What a non-empty path holds, for messages: a journal, a recording or run, or its first few entries. */
    static String describe(final Path dir)
    {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return Files.isSymbolicLink(dir) ? "a symbolic link" : "a file";
        }
        if (Journal.isJournal(dir))
        {
            return "a journal";
        }
        final List<String> journals = new ArrayList<>();
        for (final String sub : new String[]{ReplayRunner.INPUT_DIR, ReplayRunner.OUTPUT_DIR})
        {
            if (Journal.isJournal(dir.resolve(sub)))
            {
                journals.add(sub + "/");
            }
        }
        if (!journals.isEmpty())
        {
            return "a recording or run (" + String.join(", ", journals) + ")";
        }
        try (Stream<Path> s = Files.list(dir))
        {
            final List<String> names = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            return names.size() + (names.size() == 1 ? " entry (" : " entries (")
                + String.join(", ", names.subList(0, Math.min(NAMES_IN_MESSAGE, names.size())))
                + (names.size() > NAMES_IN_MESSAGE ? ", ..." : "") + ")";
        }
        catch (final IOException ex)
        {
            return "something unreadable (" + ex.getMessage() + ")";
        }
    }

    /** Deletes {@code dir} and everything under it; absent is fine, and so is a file vanishing meanwhile. */
    public static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir))
        {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        }
        catch (final NoSuchFileException | UncheckedIOException ex)
        {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS))
            {
                return;
            }
            throw ex instanceof UncheckedIOException ? ((UncheckedIOException)ex).getCause() : (IOException)ex;
        }
        for (final Path p : paths)
        {
            try
            {
                Files.deleteIfExists(p);
            }
            catch (final DirectoryNotEmptyException ex)
            {
                deleteTree(p); // something appeared meanwhile (another process cleaning up the same leftovers)
            }
        }
    }
}
