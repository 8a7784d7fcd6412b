package dev.trader.journal;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRoundTripTest
{
    private static final long START_NS = 1_704_067_200_000_000_000L;
    private static final int EVENTS = 1_200;

    @TempDir
    Path tmp;

    private static List<byte[]> mixedEvents(final int n)
    {
        return TestEvents.mixed(START_NS, n);
    }

    private static void write(final Path dir, final List<byte[]> events)
    {
        try (JournalWriter writer = new JournalWriter(dir))
        {
            for (final byte[] e : events)
            {
                writer.onEvent(new UnsafeBuffer(e), 0, e.length);
            }
            assertEquals(events.size(), writer.written());
        }
    }

    private static List<byte[]> readAll(final Path dir)
    {
        final List<byte[]> frames = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy, 0, length);
                frames.add(copy);
            });
            assertEquals(frames.size(), reader.framesRead());
        }
        return frames;
    }

    /** Random bytes that the validator refuses (a wrong schema id is forced so the frame can never be valid). */
    private static byte[] garbage(final long seed, final int length)
    {
        final byte[] g = new byte[length];
        new Random(seed).nextBytes(g);
        g[4] = 0x11;
        g[5] = 0x22;
        assertFalse(new EventValidator().isValid(new UnsafeBuffer(g), 0, g.length));
        return g;
    }

    private static String dump(final Path dir, final EventType type, final long limit)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8))
        {
            JournalDump.dump(dir, type, limit, out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> lines(final String text)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isBlank())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void shouldReadBackIdenticalBytesInOrderWhenMixedEventsWritten()
    {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> written = mixedEvents(EVENTS);
        write(dir, written);

        final List<byte[]> read = readAll(dir);
        assertEquals(written.size(), read.size());
        final EventValidator validator = new EventValidator();
        for (int i = 0; i < written.size(); i++)
        {
            assertArrayEquals(written.get(i), read.get(i), "frame " + i);
            assertTrue(validator.isValid(new UnsafeBuffer(read.get(i)), 0, read.get(i).length), validator.lastError());
        }
    }

    @Test
    void shouldCountEventsPerTypeAndTimestampsWhenStatsTaken()
    {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> written = mixedEvents(EVENTS);
        write(dir, written);

        final Map<EventType, Long> expected = new EnumMap<>(EventType.class);
        for (final byte[] e : written)
        {
            expected.merge(EventType.ofTemplateId(Events.templateId(new UnsafeBuffer(e), 0)), 1L, Long::sum);
        }

        final JournalStats stats = JournalStats.of(dir);
        assertEquals(EVENTS, stats.events());
        assertEquals(0, stats.invalid());
        for (final EventType t : EventType.values())
        {
            assertEquals(expected.getOrDefault(t, 0L), stats.count(t), t.displayName());
        }
        assertEquals(6, stats.counts().size());
        assertEquals(EVENTS / 6, stats.counts().get("DepthUpdate"));
        assertEquals(Events.receiveTsNs(new UnsafeBuffer(written.get(0)), 0), stats.firstTimestampNs());
        assertEquals(Events.receiveTsNs(new UnsafeBuffer(written.get(EVENTS - 1)), 0), stats.lastTimestampNs());
        assertEquals(START_NS, stats.firstTimestampNs());
        assertEquals((long)EVENTS, stats.toMap().get("events"));
        assertNull(stats.toMap().get("invalid"));
    }

    @Test
    void shouldCountGarbageAsInvalidAndDumpItAsInvalidWhenGarbageFrameAppended()
    {
        final Path dir = tmp.resolve("journal");
        final List<byte[]> events = mixedEvents(12);
        final byte[] garbage = garbage(7, 97);
        final List<byte[]> written = new ArrayList<>(events.subList(0, 6));
        written.add(garbage);
        written.addAll(events.subList(6, 12));
        write(dir, written);

        assertArrayEquals(garbage, readAll(dir).get(6));

        final JournalStats stats = JournalStats.of(dir);
        assertEquals(12, stats.events());
        assertEquals(1, stats.invalid());
        assertEquals(1L, stats.toMap().get("invalid"));
        assertEquals(START_NS, stats.firstTimestampNs());
        assertEquals(Events.receiveTsNs(new UnsafeBuffer(events.get(11)), 0), stats.lastTimestampNs());

        final List<String> all = lines(dump(dir, null, -1));
        assertEquals(13, all.size(), String.join("\n", all));
        assertTrue(all.get(6).contains("INVALID"), all.get(6));
        assertTrue(all.get(6).contains("97 bytes"), all.get(6));
        for (int i = 0; i < all.size(); i++)
        {
            if (i != 6)
            {
                assertFalse(all.get(i).contains("INVALID"), all.get(i));
            }
        }

        // a type filter skips the garbage frame
        final List<String> trades = lines(dump(dir, EventType.TRADE, -1));
        assertEquals(2, trades.size());
        trades.forEach(line -> assertFalse(line.contains("INVALID"), line));
    }

    @Test
    void shouldPrintOnlyMatchingTypeUpToLimitWhenDumpFiltered()
    {
        final Path dir = tmp.resolve("journal");
        write(dir, mixedEvents(EVENTS));

        final List<String> bars = lines(dump(dir, EventType.parse("Bar"), 5));
        assertEquals(5, bars.size());
        for (final String line : bars)
        {
            assertTrue(line.contains(" Bar "), line);
            assertFalse(line.contains("Trade "), line);
        }

        assertEquals(EVENTS / 6, lines(dump(dir, EventType.BEST_BID_OFFER, -1)).size());
        assertEquals(3, lines(dump(dir, null, 3)).size());
        assertEquals(0, lines(dump(dir, EventType.FILL, -1)).size());
        assertEquals(0, lines(dump(dir, EventType.TRADE, 0)).size());
        assertEquals(EVENTS, lines(dump(dir, null, -1)).size());

        final List<String> first = lines(dump(dir, null, 2));
        assertTrue(first.get(0).contains(" Trade "), first.get(0));
        assertTrue(first.get(0).startsWith("2024-01-01T00:00:00Z"), first.get(0));
        assertTrue(first.get(1).contains(" BestBidOffer "), first.get(1));
    }

    @Test
    void shouldReadZeroEventsWhenJournalOpenedButNeverWritten()
    {
        final Path dir = tmp.resolve("never-written");
        new JournalWriter(dir).close();

        assertTrue(Journal.isJournal(dir));
        assertEquals(0, readAll(dir).size());
        final JournalStats stats = JournalStats.of(dir);
        assertEquals(0, stats.events());
        assertEquals(0, stats.invalid());
        assertTrue(stats.counts().isEmpty());
        assertNull(stats.toMap().get("firstTimestampNs"));
        assertEquals("", dump(dir, null, -1));
    }

    @Test
    void shouldWriteSameBytesWhenEventSitsAtOffsetOfHeapOrDirectBuffer()
    {
        final byte[] event = new TestEvents().depthUpdate(START_NS, 1, 7);
        final byte[] padded = new byte[event.length + 40];
        System.arraycopy(event, 0, padded, 29, event.length);
        final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(event.length + 16));
        direct.putBytes(3, event);

        final Path dir = tmp.resolve("offsets");
        try (JournalWriter writer = new JournalWriter(dir))
        {
            // a heap buffer wrapped at an offset (wrap adjustment 11), the event 18 bytes further in
            writer.onEvent(new UnsafeBuffer(padded, 11, padded.length - 11), 18, event.length);
            writer.onEvent(direct, 3, event.length);
        }
        final List<byte[]> read = readAll(dir);
        assertEquals(2, read.size());
        assertArrayEquals(event, read.get(0));
        assertArrayEquals(event, read.get(1));
    }

    @Test
    void shouldRoundTripEventLargerThanReaderBufferWhenDepthIsDeep()
    {
        final byte[] small = new TestEvents().trade(START_NS, 1);
        final byte[] large = new TestEvents().depthUpdate(START_NS + 1, 2, 3_000);
        assertTrue(large.length > 64 * 1024, "large event is " + large.length + " bytes");
        final Path dir = tmp.resolve("large");
        write(dir, List.of(small, large, small));

        final List<byte[]> read = readAll(dir);
        assertEquals(3, read.size());
        assertArrayEquals(small, read.get(0));
        assertArrayEquals(large, read.get(1));
        assertArrayEquals(small, read.get(2));
        assertEquals(3, JournalStats.of(dir).events());
    }

    @Test
    void shouldThrowClearMessageWhenJournalDirMissing()
    {
        final Path missing = tmp.resolve("no-such-journal");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new JournalReader(missing));
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("does not exist"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalStats.of(missing));
        assertThrows(IllegalArgumentException.class, () -> JournalDump.dump(missing, null, -1, new PrintStream(new ByteArrayOutputStream())));
        assertFalse(Files.exists(missing), "reading must not create the journal directory");
    }

    @Test
    void shouldThrowClearMessageWhenJournalDirEmpty() throws Exception
    {
        final Path empty = Files.createDirectories(tmp.resolve("empty"));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new JournalReader(empty));
        assertTrue(ex.getMessage().contains(empty.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("not a journal"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournalStats.of(empty));
        assertFalse(Journal.isJournal(empty));
    }
}
