package dev.trader.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Journal integrity (issue #9 case 2): zeroed bytes, a cut tail and a flipped bit are found and reported with their
 * position, never read as a shorter journal; a clean journal reports clean.
 */
class JournalIntegrityTest
{
    private static final long START_NS = 1_704_067_200_000_000_000L;
    private static final int EVENTS = 3_000;

    @TempDir
    Path tmp;

    private static void write(final Path dir, final List<byte[]> events)
    {
        try (JournalWriter writer = new JournalWriter(dir))
        {
            for (final byte[] e : events)
            {
                writer.onEvent(new UnsafeBuffer(e), 0, e.length);
            }
        }
    }

    /** Every event the reader hands over, with its index, reporting (not throwing) damage into {@code damage}. */
    private static List<byte[]> readReporting(final Path dir, final List<Long> indexes, final List<JournalDamage> damage)
    {
        final List<byte[]> frames = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, (d, raw, offset, length) -> damage.add(d)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy, 0, length);
                frames.add(copy);
                indexes.add(index);
            });
        }
        return frames;
    }

    private static String dump(final Path dir)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            JournalDump.dump(dir, null, -1, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void assertStats(final DamagedJournal.Expected expected, final JournalIntegrity integrity)
    {
        assertEquals(expected.framesRead(), integrity.framesRead(), "frames read");
        assertEquals(expected.corruptFrames(), integrity.corruptFrames(), "corrupt frames");
        assertEquals(expected.missingFrames(), integrity.missingFrames(), "missing frames");
        assertEquals(expected.truncatedTail(), integrity.truncatedTail(), "truncated tail");
        final JournalDamage first = integrity.firstDamage();
        assertEquals(expected.firstKind(), first.kind(), first.describe());
        assertEquals(expected.firstIndex(), first.index(), first.describe());
        assertEquals(expected.file(), first.file(), first.describe());
        assertEquals(expected.firstByteOffset(), first.byteOffset(), first.describe());
    }

    /** The strict reader refuses, naming the first damaged frame's index, file and byte offset. */
    private static void assertRefused(final Path dir, final DamagedJournal.Expected expected)
    {
        final JournalDamagedException ex = assertThrows(JournalDamagedException.class, () ->
        {
            try (JournalReader reader = new JournalReader(dir))
            {
                reader.readAll((buffer, offset, length, index) ->
                {
                });
            }
        });
        final String message = ex.getMessage();
        assertTrue(message.contains("index " + expected.firstIndex()), message);
        assertTrue(message.contains(expected.file() + " byte offset " + expected.firstByteOffset()), message);
        assertEquals(expected.firstKind(), ex.damage().kind());
    }

    @Test
    void shouldReportCleanWhenJournalUndamaged()
    {
        final Path dir = tmp.resolve("clean");
        final List<byte[]> events = TestEvents.mixed(START_NS, EVENTS);
        write(dir, events);

        final JournalStats stats = JournalStats.of(dir);
        final JournalIntegrity integrity = stats.integrity();
        assertEquals(EVENTS, stats.events());
        assertEquals(EVENTS, integrity.framesRead());
        assertEquals(EVENTS, integrity.expectedFrames());
        assertEquals(0, integrity.corruptFrames());
        assertEquals(0, integrity.missingFrames());
        assertFalse(integrity.truncatedTail());
        assertFalse(integrity.damaged());
        assertTrue(integrity.writerClosed());
        assertNull(integrity.firstDamage());
        assertEquals((long)EVENTS, stats.toMap().get("frames"));
        assertEquals(0L, stats.toMap().get("corruptFrames"));
        assertEquals(0L, stats.toMap().get("missingFrames"));
        assertEquals(false, stats.toMap().get("truncatedTail"));
        assertNull(stats.toMap().get("firstDamage"));
        assertTrue(stats.toMap().containsKey("firstDamage"));
        assertEquals(true, stats.toMap().get("writerClosed"));

        final List<Long> indexes = new ArrayList<>();
        final List<JournalDamage> damage = new ArrayList<>();
        final List<byte[]> read = readReporting(dir, indexes, damage);
        assertEquals(List.of(), damage);
        assertEquals(EVENTS, read.size());
        for (int i = 0; i < EVENTS; i++)
        {
            assertEquals(i, indexes.get(i));
            assertArrayEquals(events.get(i), read.get(i));
        }
        assertFalse(dump(dir).contains("DAMAGED"));
    }

    @Test
    void shouldReportCorruptAndMissingFramesAndRefuseWhenFourKibZeroedInMiddle()
    {
        final Path dir = tmp.resolve("zeroed");
        final List<byte[]> events = TestEvents.mixed(START_NS, EVENTS);
        write(dir, events);
        final DamagedJournal journal = DamagedJournal.locate(dir);
        final DamagedJournal.Expected expected = journal.zero(journal.middle(), 4096);
        System.out.println("4 KiB zeroed at byte " + journal.middle() + ": " + expected);
        assertTrue(expected.framesRead() < EVENTS - 5, expected.toString());
        assertEquals(EVENTS, expected.framesRead() + expected.corruptFrames() + expected.missingFrames());

        final JournalStats stats = JournalStats.of(dir);
        assertStats(expected, stats.integrity());
        assertEquals(expected.framesRead(), stats.events());
        assertEquals(EVENTS, stats.integrity().expectedFrames());
        assertEquals(expected.corruptFrames(), stats.toMap().get("corruptFrames"));
        assertEquals(expected.missingFrames(), stats.toMap().get("missingFrames"));
        assertRefused(dir, expected);

        // reporting reader: the intact frames before and after the hole, with their own indexes and bytes
        final List<Long> indexes = new ArrayList<>();
        final List<JournalDamage> damage = new ArrayList<>();
        final List<byte[]> read = readReporting(dir, indexes, damage);
        assertEquals(expected.framesRead(), read.size());
        for (int i = 0; i < read.size(); i++)
        {
            assertArrayEquals(events.get(indexes.get(i).intValue()), read.get(i), "frame " + indexes.get(i));
        }
        final long lost = expected.corruptFrames() + expected.missingFrames();
        assertEquals(expected.firstIndex() - 1, indexes.get((int)expected.firstIndex() - 1));
        assertEquals(expected.firstIndex() + lost, indexes.get((int)expected.firstIndex()));
        assertEquals(EVENTS - 1, indexes.get(read.size() - 1));
        assertEquals(damage.stream().mapToLong(JournalDamage::frames).sum(), lost);

        final String dumped = dump(dir);
        assertTrue(dumped.contains("DAMAGED " + stats.integrity().firstDamage().describe()), dumped);
    }

    @Test
    void shouldReportTruncatedTailAndRefuseWhenQueueFileCut()
    {
        final Path dir = tmp.resolve("cut");
        write(dir, TestEvents.mixed(START_NS, EVENTS));
        final DamagedJournal journal = DamagedJournal.locate(dir);
        final DamagedJournal.Expected expected = journal.cut(journal.middle());
        System.out.println("cut at byte " + journal.middle() + ": " + expected);

        final JournalStats stats = JournalStats.of(dir);
        assertStats(expected, stats.integrity());
        assertTrue(stats.integrity().truncatedTail());
        assertEquals(true, stats.toMap().get("truncatedTail"));
        assertEquals(expected.framesRead(), stats.events());
        assertRefused(dir, expected);
        assertTrue(stats.integrity().firstDamage().describe().startsWith("truncated tail: " + expected.missingFrames() + " frames missing at index "
            + expected.firstIndex() + ".." + (EVENTS - 1)), stats.integrity().firstDamage().describe());
    }

    @Test
    void shouldReportOneCorruptFrameAndRefuseWhenOneEventBitFlipped()
    {
        final Path dir = tmp.resolve("flipped");
        final List<byte[]> events = TestEvents.mixed(START_NS, EVENTS);
        write(dir, events);
        final DamagedJournal journal = DamagedJournal.locate(dir);
        final DamagedJournal.Expected expected = journal.flipEventBit(EVENTS / 2, 20);

        final JournalStats stats = JournalStats.of(dir);
        assertStats(expected, stats.integrity());
        assertEquals(EVENTS - 1, stats.events());
        assertEquals(0, stats.invalid());
        assertRefused(dir, expected);
        assertEquals("corrupt frame at index " + EVENTS / 2 + " (" + expected.file() + " byte offset " + expected.firstByteOffset()
            + "): checksum mismatch", stats.integrity().firstDamage().describe());

        // the flipped frame's bytes reach the listener; every other frame is read
        final List<byte[]> raws = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, (d, raw, offset, length) ->
        {
            final byte[] copy = new byte[length];
            raw.getBytes(offset, copy, 0, length);
            raws.add(copy);
        }))
        {
            assertEquals(EVENTS - 1, reader.readAll((buffer, offset, length, index) ->
            {
            }));
        }
        assertEquals(1, raws.size());
        final byte[] flipped = events.get(EVENTS / 2).clone();
        flipped[20] ^= 1;
        final byte[] raw = raws.get(0);
        assertEquals(JournalFrame.PREFIX_BYTES + flipped.length, raw.length);
        assertArrayEquals(flipped, java.util.Arrays.copyOfRange(raw, JournalFrame.PREFIX_BYTES, raw.length));
    }

    @Test
    void shouldResyncOnNextFrameWhenExcerptLengthCorrupted() throws Exception
    {
        final Path dir = tmp.resolve("header");
        final List<byte[]> events = TestEvents.mixed(START_NS, EVENTS);
        write(dir, events);
        final DamagedJournal journal = DamagedJournal.locate(dir);
        final int victim = 1_234;
        // Chronicle's excerpt header is a little-endian int: its low byte holds the low bits of the length
        try (RandomAccessFile f = new RandomAccessFile(journal.file().toFile(), "rw"))
        {
            f.seek(journal.header(victim));
            final int b = f.read();
            f.seek(journal.header(victim));
            f.write(b ^ 0x04);
        }

        final List<Long> indexes = new ArrayList<>();
        final List<JournalDamage> damage = new ArrayList<>();
        final List<byte[]> read = readReporting(dir, indexes, damage);
        assertEquals(1, damage.size(), damage.toString());
        assertEquals(JournalDamage.Kind.CORRUPT_FRAME, damage.get(0).kind());
        assertEquals(victim, damage.get(0).index());
        assertEquals(journal.header(victim), damage.get(0).byteOffset());
        assertEquals(EVENTS - 1, read.size());
        assertEquals(victim + 1, indexes.get(victim));
        assertArrayEquals(events.get(victim + 1), read.get(victim));
    }

    @Test
    void shouldReadAcrossQueueFilesAndReportLostFileWhenJournalRollsOverDays() throws Exception
    {
        final Path dir = tmp.resolve("rolled");
        final List<byte[]> events = TestEvents.mixed(START_NS, 600);
        final SetTimeProvider time = new SetTimeProvider(Instant.parse("2026-01-01T23:00:00Z"));
        try (JournalWriter writer = new JournalWriter(dir, time))
        {
            for (int i = 0; i < events.size(); i++)
            {
                if (i == 250)
                {
                    time.advanceMillis(2 * 3_600_000L); // past midnight UTC: Chronicle rolls to the next day's file
                }
                writer.onEvent(new UnsafeBuffer(events.get(i)), 0, events.get(i).length);
            }
        }
        final List<Path> files;
        try (Stream<Path> list = Files.list(dir))
        {
            files = list.filter(p -> p.toString().endsWith(".cq4")).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("20260101F.cq4", "20260102F.cq4"), files.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList()));

        final List<Long> indexes = new ArrayList<>();
        final List<JournalDamage> damage = new ArrayList<>();
        final List<byte[]> read = readReporting(dir, indexes, damage);
        assertEquals(List.of(), damage);
        assertEquals(600, read.size());
        for (int i = 0; i < read.size(); i++)
        {
            assertEquals(i, indexes.get(i));
            assertArrayEquals(events.get(i), read.get(i));
        }

        // a whole day's file lost: the queue files alone look like a shorter journal; the frame numbers and the
        // manifest do not
        Files.delete(files.get(0));
        indexes.clear();
        damage.clear();
        final List<byte[]> rest = readReporting(dir, indexes, damage);
        assertEquals(350, rest.size());
        assertEquals(250L, indexes.get(0));
        assertEquals(1, damage.size(), damage.toString());
        assertEquals(JournalDamage.Kind.MISSING_FRAMES, damage.get(0).kind());
        assertEquals(0, damage.get(0).index());
        assertEquals(250, damage.get(0).frames());
        assertEquals("20260102F.cq4", damage.get(0).file());
        final JournalIntegrity integrity = JournalStats.of(dir).integrity();
        assertEquals(250, integrity.missingFrames());
        assertFalse(integrity.truncatedTail());
    }

    @Test
    void shouldReadEveryFrameAndNoDamageWhenWriterDiedBeforeCountingItsLastFrame() throws Exception
    {
        final Path dir = tmp.resolve("killed");
        final List<byte[]> events = TestEvents.mixed(START_NS, 100);
        write(dir, events);
        // what a kill -9 between committing frame 99 and counting it leaves: the manifest one behind and not closed
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(JournalManifest.FILE).toFile(), "rw"))
        {
            f.seek(8);
            f.write(new byte[]{99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        }

        final JournalIntegrity integrity = JournalStats.of(dir).integrity();
        assertEquals(100, integrity.framesRead());
        assertEquals(99, integrity.expectedFrames());
        assertFalse(integrity.writerClosed());
        assertFalse(integrity.damaged());

        // and a writer opened on it continues the numbering after the last frame found
        try (JournalWriter writer = new JournalWriter(dir))
        {
            writer.onEvent(new UnsafeBuffer(events.get(0)), 0, events.get(0).length);
        }
        final List<Long> indexes = new ArrayList<>();
        final List<JournalDamage> damage = new ArrayList<>();
        assertEquals(101, readReporting(dir, indexes, damage).size());
        assertEquals(List.of(), damage);
        assertEquals(100L, indexes.get(100));
        assertTrue(JournalStats.of(dir).integrity().writerClosed());
        assertEquals(101, JournalStats.of(dir).integrity().expectedFrames());
    }

    @Test
    void shouldRefuseToAppendWhenJournalDamaged()
    {
        final Path dir = tmp.resolve("append-damaged");
        write(dir, TestEvents.mixed(START_NS, 100));
        final DamagedJournal.Expected expected = DamagedJournal.locate(dir).flipEventBit(40, 3);
        final JournalDamagedException ex = assertThrows(JournalDamagedException.class, () -> new JournalWriter(dir));
        assertTrue(ex.getMessage().contains("index 40"), ex.getMessage());
        assertEquals(expected.firstByteOffset(), ex.damage().byteOffset());
    }

    @Test
    void shouldRefuseLegacyJournalWhoseFramesHaveNoChecksum()
    {
        final Path dir = tmp.resolve("legacy");
        final byte[] event = new TestEvents().trade(START_NS, 1);
        // what the writer before journal format 2 left: bare events, no manifest
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile()).rollCycle(RollCycles.FAST_DAILY).build();
             ExcerptAppender appender = queue.createAppender())
        {
            try (DocumentContext dc = appender.writingDocument())
            {
                dc.wire().bytes().write(event);
            }
        }
        assertTrue(Journal.isJournal(dir));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new JournalReader(dir));
        assertEquals("journal " + dir + " has no journal.manifest: it was written before journal format 2 (frames without checksums) "
            + "or the file was lost; re-import or re-record it", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalStats.of(dir));
        assertThrows(IllegalArgumentException.class, () -> new JournalWriter(dir));
    }
}
