package dev.trader.replay;

import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.codecs.EventType;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.journal.DamagedJournal;
import dev.trader.journal.JournalDamagedException;
import dev.trader.journal.JournalStats;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.synthetic.SyntheticMarketSettings;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A damaged journal (issue #9 case 2) is refused by default with the first damaged position; with skip-corrupt the
 * rest replays, each damaged stretch is an InputReject (CORRUPT_FRAME) in its place and the summary counts them.
 */
class DamagedJournalReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = Path.of(System.getProperty("trader.shared.dir", "../../shared"));

    @TempDir
    Path tmp;

    /** Ten minutes of the seeded synthetic market. */
    private List<byte[]> market(final Path journal)
    {
        ReplayFixtures.generate(SyntheticMarketSettings.defaults().duration(Duration.ofMinutes(10)), journal);
        return ReplayFixtures.frames(journal);
    }

    @Test
    void shouldReplayCleanJournalAndReportItClean()
    {
        final Path journal = tmp.resolve("market");
        final List<byte[]> events = market(journal);
        final RunResult run = ReplayRunner.run(journal, ReplayFixtures.demoConfig(), tmp.resolve("run"));
        assertEquals(events.size(), run.inputEvents());
        assertEquals(0L, ((Number)run.summary().get("inputRejectedByReader")).longValue());
        assertEquals(Map.of("frames", (long)events.size(), "corruptFrames", 0L, "missingFrames", 0L, "truncatedTail", false,
            "writerClosed", true), withoutFirstDamage(run));
        assertEquals(null, inputJournal(run).get("firstDamage"));
    }

    @Test
    void shouldRefuseThenSkipAndCountWhenFourKibZeroedInMiddle()
    {
        final Path journal = tmp.resolve("market");
        final List<byte[]> events = market(journal);
        final DamagedJournal damaged = DamagedJournal.locate(journal);
        assertRefusedThenSkipped(journal, ReplayFixtures.demoConfig(), damaged.zero(damaged.middle(), 4096), events);
    }

    @Test
    void shouldRefuseThenSkipAndCountWhenTailCut()
    {
        final Path journal = tmp.resolve("market");
        final List<byte[]> events = market(journal);
        final DamagedJournal damaged = DamagedJournal.locate(journal);
        assertRefusedThenSkipped(journal, ReplayFixtures.demoConfig(), damaged.cut(damaged.middle()), events);
    }

    @Test
    void shouldRefuseThenSkipAndCountWhenOneBitFlipped()
    {
        final Path journal = tmp.resolve("market");
        final List<byte[]> events = market(journal);
        final DamagedJournal damaged = DamagedJournal.locate(journal);
        assertRefusedThenSkipped(journal, ReplayFixtures.demoConfig(), damaged.flipEventBit(events.size() / 3, 30), events);
    }

    /** The acceptance on the real USD-M capture (93,954 events): 4 KiB zeroed in the middle. */
    @Test
    void shouldRefuseThenSkipAndCountWhenFourKibZeroedInMiddleOfUsdmCapture() throws Exception
    {
        final Path capture = SHARED.resolve("data/binance-usdm/capture-btcusdt-20240808.gz");
        assumeTrue(Files.isRegularFile(capture), "shared data absent: " + capture);
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/replay.yaml"));
        final Path journal = tmp.resolve("usdm");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new CaptureImporter().importFile(capture, Venue.BINANCE_USDM, config.instruments(),
                config.instruments().resolve("binance-usdm:BTCUSDT"), writer);
        }
        final List<byte[]> events = ReplayFixtures.frames(journal);
        assertEquals(93_954, events.size());
        final DamagedJournal damaged = DamagedJournal.locate(journal);
        final DamagedJournal.Expected expected = damaged.zero(damaged.middle(), 4096);
        System.out.println("USD-M capture, 4 KiB zeroed at byte " + damaged.middle() + ": " + expected);

        final JournalStats stats = JournalStats.of(journal);
        assertEquals(expected.framesRead(), stats.events());
        assertEquals(expected.corruptFrames(), stats.integrity().corruptFrames());
        assertEquals(expected.missingFrames(), stats.integrity().missingFrames());
        assertEquals(93_954, stats.integrity().expectedFrames());
        assertRefusedThenSkipped(journal, config, expected, events);
    }

    private void assertRefusedThenSkipped(final Path journal, final TraderConfig config, final DamagedJournal.Expected expected,
        final List<byte[]> events)
    {
        final JournalDamagedException refused = assertThrows(JournalDamagedException.class,
            () -> ReplayRunner.run(journal, config, tmp.resolve("refused")));
        final String where = "index " + expected.firstIndex();
        assertTrue(refused.getMessage().contains(where), refused.getMessage());
        assertTrue(refused.getMessage().contains(expected.file() + " byte offset " + expected.firstByteOffset()), refused.getMessage());

        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("skipped"), List.of(), OperatorSchedule.NONE, true);
        final long stretches = (expected.corruptFrames() > 0 ? 1 : 0) + (expected.missingFrames() > 0 ? 1 : 0);
        assertEquals(Map.of("frames", expected.framesRead(), "corruptFrames", expected.corruptFrames(), "missingFrames",
            expected.missingFrames(), "truncatedTail", expected.truncatedTail(), "writerClosed", true), withoutFirstDamage(run));
        @SuppressWarnings("unchecked")
        final Map<String, Object> first = (Map<String, Object>)inputJournal(run).get("firstDamage");
        assertEquals(expected.firstIndex(), first.get("index"));
        assertEquals(expected.firstByteOffset(), first.get("byteOffset"));
        assertEquals(stretches, ((Number)run.summary().get("inputRejectedByReader")).longValue());
        assertEquals(expected.framesRead() + stretches, run.inputEvents());

        // the run's input: every intact event in order, and where the lost ones were, one CORRUPT_FRAME reject per
        // damaged stretch, referencing its first frame index
        final long lost = expected.corruptFrames() + expected.missingFrames();
        final List<byte[]> replayed = new ArrayList<>();
        final List<Long> rejectAt = new ArrayList<>();
        final List<Long> rejectReferences = new ArrayList<>();
        for (final byte[] frame : ReplayFixtures.frames(run.runDir().resolve(ReplayRunner.INPUT_DIR)))
        {
            final UnsafeBuffer b = new UnsafeBuffer(frame);
            if (Events.templateId(b, 0) != EventType.INPUT_REJECT.templateId())
            {
                replayed.add(frame);
                continue;
            }
            final InputRejectDecoder reject = new InputRejectDecoder().wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0),
                Events.version(b, 0));
            assertEquals("journal-reader", reject.source());
            assertEquals(RejectReason.CORRUPT_FRAME, reject.reason());
            rejectAt.add((long)replayed.size());
            rejectReferences.add(reject.reference());
            assertTrue(reject.detail().startsWith("journal "), reject.detail());
        }
        final List<byte[]> intact = new ArrayList<>(events.subList(0, (int)expected.firstIndex()));
        intact.addAll(events.subList((int)(expected.firstIndex() + lost), events.size()));
        assertEquals(intact.size(), replayed.size());
        for (int i = 0; i < intact.size(); i++)
        {
            assertArrayEquals(intact.get(i), replayed.get(i), "replayed event " + i);
        }
        assertEquals(stretches == 2 ? List.of(expected.firstIndex(), expected.firstIndex()) : List.of(expected.firstIndex()), rejectAt);
        assertEquals(stretches == 2 ? List.of(expected.firstIndex(), expected.firstIndex() + 1) : List.of(expected.firstIndex()),
            rejectReferences);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputJournal(final RunResult run)
    {
        return (Map<String, Object>)run.summary().get("inputJournal");
    }

    private static Map<String, Object> withoutFirstDamage(final RunResult run)
    {
        final Map<String, Object> m = new java.util.LinkedHashMap<>(inputJournal(run));
        m.remove("firstDamage");
        return m;
    }
}
