package dev.trader.replay;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalStats;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A journal is untrusted input: a garbage frame becomes an InputReject in its place and changes no decision. */
class ReplayRejectsTest
{
    @TempDir
    Path tmp;

    private static List<byte[]> marketEvents(final Duration duration)
    {
        final SyntheticMarketSettings settings = SyntheticMarketSettings.defaults().duration(duration);
        final List<byte[]> events = new ArrayList<>();
        new SyntheticMarket(settings, ReplayFixtures.syntheticInstrument(settings), (buffer, offset, length) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy, 0, length);
            events.add(copy);
        }).generate();
        return events;
    }

    private static void write(final Path dir, final List<byte[]> frames)
    {
        try (JournalWriter writer = new JournalWriter(dir))
        {
            for (final byte[] f : frames)
            {
                writer.onEvent(new UnsafeBuffer(f), 0, f.length);
            }
        }
    }

    @Test
    void shouldRejectGarbageFrameAsInputRejectWithoutChangingOutputWhenJournalHoldsGarbage()
    {
        final List<byte[]> events = marketEvents(Duration.ofMinutes(5));
        final int position = events.size() / 2;
        final byte[] garbage = new byte[100];
        new Random(2024).nextBytes(garbage);
        garbage[4] = 0x7F;
        garbage[5] = 0x7F;
        assertFalse(new EventValidator().isValid(new UnsafeBuffer(garbage), 0, garbage.length));

        final List<byte[]> withGarbage = new ArrayList<>(events);
        withGarbage.add(position, garbage);
        final Path dirty = tmp.resolve("dirty");
        final Path clean = tmp.resolve("clean");
        write(dirty, withGarbage);
        write(clean, events);

        final long[] garbageIndex = {-1};
        try (JournalReader reader = new JournalReader(dirty))
        {
            final long[] n = {0};
            reader.readAll((buffer, offset, length, index) ->
            {
                if (n[0]++ == position)
                {
                    garbageIndex[0] = index;
                }
            });
        }

        final TraderConfig config = ReplayFixtures.demoConfig();
        final RunResult dirtyRun = ReplayRunner.run(dirty, config, tmp.resolve("dirty-run"));
        final RunResult cleanRun = ReplayRunner.run(clean, config, tmp.resolve("clean-run"));

        assertEquals(1L, ((Number)dirtyRun.summary().get("inputRejectedByReader")).longValue());
        assertEquals(0L, ((Number)cleanRun.summary().get("inputRejectedByReader")).longValue());
        assertEquals(events.size() + 1, dirtyRun.inputEvents());
        assertEquals(events.size(), cleanRun.inputEvents());
        assertTrue(cleanRun.outputCounts().getOrDefault("Bar", 0L) > 0, "no bars: " + cleanRun.outputCounts());
        assertEquals(cleanRun.outputSha256(), dirtyRun.outputSha256());
        assertEquals(cleanRun.outputCounts(), dirtyRun.outputCounts());

        // the run's input journal holds the reject in the garbage's place, and every frame in it is valid
        final List<byte[]> journaled = ReplayFixtures.frames(dirtyRun.runDir().resolve(ReplayRunner.INPUT_DIR));
        assertEquals(withGarbage.size(), journaled.size());
        final EventValidator validator = new EventValidator();
        for (int i = 0; i < journaled.size(); i++)
        {
            final byte[] f = journaled.get(i);
            assertTrue(validator.isValid(new UnsafeBuffer(f), 0, f.length), "input frame " + i + ": " + validator.lastError());
            if (i != position)
            {
                assertArrayEquals(withGarbage.get(i), f, "input frame " + i);
            }
        }
        final JournalStats inputStats = JournalStats.of(dirtyRun.runDir().resolve(ReplayRunner.INPUT_DIR));
        assertEquals(1, inputStats.count(EventType.INPUT_REJECT));
        assertEquals(0, inputStats.invalid());

        final UnsafeBuffer reject = new UnsafeBuffer(journaled.get(position));
        assertEquals(EventType.INPUT_REJECT.templateId(), Events.templateId(reject, 0));
        final InputRejectDecoder decoder = new InputRejectDecoder()
            .wrap(reject, Events.HEADER_LENGTH, Events.blockLength(reject, 0), Events.version(reject, 0));
        assertEquals("journal-reader", decoder.source());
        assertEquals(RejectReason.MALFORMED, decoder.reason());
        assertEquals(garbageIndex[0], decoder.reference());
        assertEquals(0, decoder.instrumentId());
        // stamped with the time of the event before it, so the clock never goes backwards
        final long previousTs = Events.receiveTsNs(new UnsafeBuffer(withGarbage.get(position - 1)), 0);
        assertEquals(previousTs, decoder.receiveTsNs());
        final String detail = decoder.detail();
        assertTrue(detail.contains("journal frame " + garbageIndex[0]), detail);
        assertTrue(detail.contains("schema id"), detail);
        final byte[] raw = new byte[decoder.rawLength()];
        decoder.getRaw(raw, 0, raw.length);
        assertArrayEquals(garbage, raw);

        // and the run's input journal replays to the same output again
        final RunResult again = ReplayRunner.run(dirtyRun.runDir().resolve(ReplayRunner.INPUT_DIR), config, tmp.resolve("again"));
        assertEquals(cleanRun.outputSha256(), again.outputSha256());
        assertEquals(0L, ((Number)again.summary().get("inputRejectedByReader")).longValue());
    }

    @Test
    void shouldLeaveReadableEmptyOutputJournalWhenRunEmitsNothing()
    {
        // bars come from trades, book status from depth: a market of only quotes and marks makes the stages emit nothing
        final List<byte[]> events = marketEvents(Duration.ofSeconds(20));
        final List<byte[]> noTrades = new ArrayList<>();
        for (final byte[] e : events)
        {
            final int templateId = Events.templateId(new UnsafeBuffer(e), 0);
            if (templateId != EventType.TRADE.templateId() && templateId != EventType.DEPTH_UPDATE.templateId()
                && templateId != EventType.DEPTH_SNAPSHOT.templateId())
            {
                noTrades.add(e);
            }
        }
        final Path journal = tmp.resolve("no-trades");
        write(journal, noTrades);

        final RunResult run = ReplayRunner.run(journal, ReplayFixtures.demoConfig(), tmp.resolve("no-trades-run"));
        assertEquals(noTrades.size(), run.inputEvents());
        // the only output: accounting's equity series (opening state and the end of stream; 20 s cross no minute)
        assertEquals(2, run.outputEvents());
        final JournalStats output = JournalStats.of(run.runDir().resolve(ReplayRunner.OUTPUT_DIR));
        assertEquals(2, output.count(EventType.ACCOUNT));
        assertEquals(2, output.events());
        assertEquals(run.outputCounts(), output.counts());
        assertEquals(2, ReplayFixtures.frames(run.runDir().resolve(ReplayRunner.OUTPUT_DIR)).size());

        final RunResult again = ReplayRunner.run(journal, ReplayFixtures.demoConfig(), tmp.resolve("no-trades-again"));
        assertEquals(run.outputSha256(), again.outputSha256());
    }

    @Test
    void shouldRefuseToOverwriteJournalWhenOutWouldContainIt()
    {
        final Path parent = tmp.resolve("run");
        final Path journal = parent.resolve(ReplayRunner.INPUT_DIR);
        write(journal, marketEvents(Duration.ofMinutes(1)));
        final long before = JournalStats.of(journal).events();
        final TraderConfig config = ReplayFixtures.demoConfig();

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ReplayRunner.run(journal, config, parent));
        assertTrue(ex.getMessage().contains("which this command reads"), ex.getMessage());
        assertEquals(before, JournalStats.of(journal).events(), "the journal must be untouched");

        final Path output = tmp.resolve("other").resolve(ReplayRunner.OUTPUT_DIR);
        write(output, marketEvents(Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> ReplayRunner.run(output, config, output.getParent()));
        assertThrows(IllegalArgumentException.class, () -> ReplayRunner.run(journal, config, journal));
        assertTrue(Files.isDirectory(output));
        assertEquals(before, JournalStats.of(journal).events());
    }
}
