package dev.trader.journal;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.TradeDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kill -9 acceptance: a writer process killed with SIGKILL mid-stream leaves a journal whose every complete
 * excerpt is readable, in order, with nothing lost that the writer had reported as appended and nothing torn.
 */
class JournalCrashTest
{
    private static final long MIN_REPORTED = 200_000;
    private static final long CHILD_DEADLINE_MS = 120_000;

    @TempDir
    Path tmp;

    private static List<String> childJvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                || arg.startsWith("-Dchronicle"))
            {
                flags.add(arg);
            }
        }
        return flags;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldRecoverEveryReportedEventWithoutGapsWhenWriterKilledWithSigkill() throws Exception
    {
        final Path journal = tmp.resolve("journal");
        final Path childErr = tmp.resolve("child-stderr.txt");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmFlags());
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AppendUntilKilled.class.getName());
        command.add(journal.toString());

        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(childErr.toFile());
        final AtomicLong reported = new AtomicLong();
        final AtomicLong reportedAtKill = new AtomicLong();
        final Process child = builder.start();
        try
        {
            final Thread stdoutReader = new Thread(() -> readCounts(child, reported), "child-stdout");
            stdoutReader.setDaemon(true);
            stdoutReader.start();

            final long deadline = System.currentTimeMillis() + CHILD_DEADLINE_MS;
            while (reported.get() < MIN_REPORTED)
            {
                if (!child.isAlive())
                {
                    fail("child exited with " + child.exitValue() + " after reporting " + reported.get() + " appends; stderr:\n"
                        + Files.readString(childErr));
                }
                if (System.currentTimeMillis() > deadline)
                {
                    fail("child reported only " + reported.get() + " appends in " + CHILD_DEADLINE_MS + " ms; stderr:\n"
                        + Files.readString(childErr));
                }
                Thread.sleep(5);
            }
            // every count the child printed was appended before it printed: this is the lower bound
            reportedAtKill.set(reported.get());
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not die after SIGKILL");
            stdoutReader.join(10_000);
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
        // 137 = 128 + SIGKILL: the child really was killed, not closed cleanly
        assertEquals(137, child.exitValue());
        final long lowerBound = Math.max(reportedAtKill.get(), reported.get());

        final EventValidator validator = new EventValidator();
        final TradeDecoder trade = new TradeDecoder();
        final long[] next = {0};
        final long[] invalid = {0};
        final String[] firstProblem = {null};
        final long count;
        try (JournalReader reader = new JournalReader(journal))
        {
            count = reader.readAll((buffer, offset, length, index) ->
            {
                if (!validator.isValid(buffer, offset, length))
                {
                    invalid[0]++;
                    if (firstProblem[0] == null)
                    {
                        firstProblem[0] = "frame " + next[0] + ": " + validator.lastError();
                    }
                    return;
                }
                trade.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                if (trade.tradeId() != next[0] && firstProblem[0] == null)
                {
                    firstProblem[0] = "frame " + next[0] + " has tradeId " + trade.tradeId();
                }
                next[0]++;
            });
        }
        System.out.println("JournalCrashTest: child reported " + lowerBound + " appends before SIGKILL; journal holds " + count);
        assertEquals(0, invalid[0], "torn or corrupt frames: " + firstProblem[0]);
        assertEquals(null, firstProblem[0]);
        assertTrue(count >= lowerBound, "journal holds " + count + " events, child had reported " + lowerBound);
        assertEquals(count, next[0], "tradeIds must be exactly 0.." + (count - 1));

        final JournalStats stats = JournalStats.of(journal);
        assertEquals(count, stats.events());
        assertEquals(0, stats.invalid());
        // honest, not damaged: the writer never closed, and every frame it committed is read back
        final JournalIntegrity integrity = stats.integrity();
        assertFalse(integrity.writerClosed());
        assertFalse(integrity.damaged(), String.valueOf(integrity.firstDamage()));
        assertEquals(count, integrity.framesRead());
        assertTrue(integrity.expectedFrames() >= lowerBound && integrity.expectedFrames() <= count,
            "manifest counts " + integrity.expectedFrames() + ", journal holds " + count);
        assertEquals(AppendUntilKilled.START_NS, stats.firstTimestampNs());
        assertEquals(AppendUntilKilled.START_NS + count - 1, stats.lastTimestampNs());
    }

    private static void readCounts(final Process child, final AtomicLong reported)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                final String t = line.trim();
                if (!t.isEmpty() && t.chars().allMatch(Character::isDigit))
                {
                    reported.accumulateAndGet(Long.parseLong(t), Math::max);
                }
            }
        }
        catch (final IOException ex)
        {
            // the child was killed: its stdout closed
        }
    }
}
