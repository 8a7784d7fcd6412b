package dev.trader.replay.live;

import dev.trader.adapters.live.LiveClock;
import dev.trader.adapters.live.LivePublisher;
import dev.trader.adapters.live.VenueConnection;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.ConnectionEventDecoder;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.replay.LiveRunner;
import dev.trader.replay.ReplayFixtures;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: {@link LiveRunner} records from a local Binance USD-M venue that replays the real capture, with and
 * without injected faults. The recording must hold the payloads exactly, end with the venue's true book, match the
 * import of the same payloads, and replay to the same output hash.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LiveRecordingTest
{
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path tmp;

    /** One recording against the fake venue, stopped once the venue has passed every line and the book caught up. */
    private static final class Recording
    {
        final BinanceCapture capture;
        final FakeBinanceFutures venue;
        final TraderConfig config;
        final ReferenceBinanceBook book = new ReferenceBinanceBook();
        final LiveRunner runner;
        final RunResult result;
        final List<byte[]> input;
        final List<byte[]> output;
        final List<Map<String, Object>> connectionCounters = new ArrayList<>();

        Recording(final Path tmp, final BinanceCapture capture, final Map<Integer, FakeBinanceFutures.Fault> faults, final String staleAfter)
            throws Exception
        {
            this(tmp, capture, faults, staleAfter, "");
        }

        Recording(final Path tmp, final BinanceCapture capture, final Map<Integer, FakeBinanceFutures.Fault> faults, final String staleAfter,
            final String extraYaml) throws Exception
        {
            this(tmp, capture, faults, staleAfter, extraYaml, Map.of());
        }

        Recording(final Path tmp, final BinanceCapture capture, final Map<Integer, FakeBinanceFutures.Fault> faults, final String staleAfter,
            final String extraYaml, final Map<Integer, String> extraFrames) throws Exception
        {
            this.capture = capture;
            final AtomicReference<LiveRunner> ref = new AtomicReference<>();
            final AtomicReference<FakeBinanceFutures> self = new AtomicReference<>();
            this.venue = new FakeBinanceFutures(capture, faults, () -> publisher(ref),
                () -> settled(book, self.get()));
            venue.extraFrames.putAll(extraFrames);
            self.set(venue);
            this.config = config(tmp, venue, staleAfter, extraYaml);
            this.runner = LiveRunner.start(config, tmp.resolve("recording"), LiveClock.system(), List.of(book));
            ref.set(runner);
            try
            {
                final long deadline = System.currentTimeMillis() + WAIT_MS;
                while (!(venue.finished() && settled(book, venue)))
                {
                    if (System.currentTimeMillis() > deadline)
                    {
                        throw new AssertionError("the book did not catch up with the venue: phase " + book.phase() + ", engine book "
                            + book.engineBookState() + ", applied " + book.appliedU() + ", venue " + venue.truthId() + ", finished "
                            + venue.finished() + ", " + runner.source().counters());
                    }
                    Thread.sleep(5);
                }
                for (final VenueConnection c : runner.source().connections())
                {
                    connectionCounters.add(c.counters());
                }
            }
            finally
            {
                this.result = runner.stop();
                venue.close();
            }
            this.input = ReplayFixtures.frames(runner.inputJournal());
            this.output = ReplayFixtures.frames(runner.journalDir().resolve(ReplayRunner.OUTPUT_DIR));
        }

        /** Both books trusted and caught up with everything the venue passed. */
        private static boolean settled(final ReferenceBinanceBook book, final FakeBinanceFutures venue)
        {
            return book.phase() == ReferenceBinanceBook.Phase.TRUSTED && book.engineBookState() == BookState.TRUSTED
                && book.appliedU() == venue.truthId();
        }

        private static LivePublisher publisher(final AtomicReference<LiveRunner> ref)
        {
            while (ref.get() == null)
            {
                Thread.onSpinWait();
            }
            return ref.get().source().publisher();
        }

        List<RawMessage> raws()
        {
            final List<RawMessage> result = new ArrayList<>();
            for (final byte[] e : input)
            {
                final RawMessage r = RawMessage.decode(e);
                if (r != null)
                {
                    result.add(r);
                }
            }
            return result;
        }

        List<ConnectionEvent> connectionEvents()
        {
            final List<ConnectionEvent> result = new ArrayList<>();
            for (final byte[] e : input)
            {
                final ConnectionEvent c = ConnectionEvent.decode(e);
                if (c != null)
                {
                    result.add(c);
                }
            }
            return result;
        }

        List<BookState> bookStates()
        {
            final List<BookState> result = new ArrayList<>();
            final MessageHeaderDecoder header = new MessageHeaderDecoder();
            final BookStatusDecoder status = new BookStatusDecoder();
            for (final byte[] e : output)
            {
                final UnsafeBuffer b = new UnsafeBuffer(e);
                header.wrap(b, 0);
                if (header.templateId() == BookStatusDecoder.TEMPLATE_ID)
                {
                    status.wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                    if (status.instrumentId() == CaptureJournal.BTCUSDT)
                    {
                        result.add(status.state());
                    }
                }
            }
            return result;
        }

        long count(final ConnectionState state)
        {
            return connectionEvents().stream().filter(c -> c.state == state).count();
        }
    }

    record RawMessage(long sequence, boolean rest, int instrumentId, String payload)
    {
        static RawMessage decode(final byte[] event)
        {
            final UnsafeBuffer b = new UnsafeBuffer(event);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(b, 0);
            if (header.templateId() != RawMessageDecoder.TEMPLATE_ID)
            {
                return null;
            }
            final RawMessageDecoder d = new RawMessageDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version());
            final long sequence = d.sequence();
            final boolean rest = d.isRest() == BooleanType.T;
            final int instrumentId = d.instrumentId();
            final byte[] payload = new byte[d.payloadLength()];
            d.getPayload(payload, 0, payload.length);
            return new RawMessage(sequence, rest, instrumentId, new String(payload, StandardCharsets.UTF_8));
        }
    }

    static final class ConnectionEvent
    {
        ConnectionState state;
        int instrumentId;
        int attempt;
        long delayMs;
        String detail;

        static ConnectionEvent decode(final byte[] event)
        {
            final UnsafeBuffer b = new UnsafeBuffer(event);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(b, 0);
            if (header.templateId() != ConnectionEventDecoder.TEMPLATE_ID)
            {
                return null;
            }
            final ConnectionEventDecoder d = new ConnectionEventDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH,
                header.blockLength(), header.version());
            final ConnectionEvent c = new ConnectionEvent();
            c.instrumentId = d.instrumentId();
            c.state = d.state();
            c.attempt = d.attempt();
            c.delayMs = d.delayMs();
            c.detail = d.detail();
            return c;
        }

        @Override
        public String toString()
        {
            return state + "(" + instrumentId + "," + attempt + "," + delayMs + "," + detail + ")";
        }
    }

    static TraderConfig config(final Path tmp, final FakeBinanceFutures venue, final String staleAfter) throws IOException
    {
        return config(tmp, venue, staleAfter, "");
    }

    static TraderConfig config(final Path tmp, final FakeBinanceFutures venue, final String staleAfter, final String extraYaml)
        throws IOException
    {
        final String template;
        try (InputStream in = LiveRecordingTest.class.getResourceAsStream("/live/binance-usdm-local.yaml"))
        {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final Path file = tmp.resolve("record-local.yaml");
        Files.writeString(file, template
            .replace("${INSTRUMENTS}", ReplayFixtures.instrumentsWithAnyClock(tmp).toString())
            .replace("${WS_URL}", venue.wsUrl())
            .replace("${REST_URL}", venue.restUrl())
            .replace("${STALE_AFTER}", staleAfter) + extraYaml);
        return TraderConfig.load(file);
    }

    /** Output events with the receive stamp zeroed: the only field a live run and an import of it legitimately differ in. */
    private static List<byte[]> withoutReceiveTimes(final List<byte[]> events)
    {
        final List<byte[]> result = new ArrayList<>();
        for (final byte[] e : events)
        {
            final byte[] copy = e.clone();
            Arrays.fill(copy, Events.HEADER_LENGTH + Events.RECEIVE_TS_OFFSET, Events.HEADER_LENGTH + Events.RECEIVE_TS_OFFSET + 8, (byte)0);
            result.add(copy);
        }
        return result;
    }

    private static void assertSameEvents(final List<byte[]> expected, final List<byte[]> actual, final String what)
    {
        assertEquals(expected.size(), actual.size(), what + ": event count");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), what + ": event " + i);
        }
    }

    private static void assertHealthy(final Recording r)
    {
        for (final Map<String, Object> c : r.connectionCounters)
        {
            assertEquals(0L, c.get("callbackErrors"), "no exception escaped a callback: " + c);
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> live = (Map<String, Object>)r.result.summary().get("live");
        @SuppressWarnings("unchecked")
        final Map<String, Object> connections = (Map<String, Object>)live.get("connections");
        @SuppressWarnings("unchecked")
        final Map<String, Long> publisher = (Map<String, Long>)connections.get("publisher");
        assertEquals(0L, publisher.get("publishFailures"), "every publish reached the ring: " + live);
        assertTrue(!live.containsKey("failure"), "the engine did not fail: " + live);
        assertTrue(Files.isRegularFile(r.runner.journalDir().resolve(ReplayRunner.SUMMARY_FILE)));
    }

    private void assertBookIsTheVenues(final Recording r)
    {
        assertEquals(r.venue.truthBids(), r.book.bids(), "bids equal the venue's book");
        assertEquals(r.venue.truthAsks(), r.book.asks(), "asks equal the venue's book");
        assertTrue(r.book.bids().size() > 100 && r.book.asks().size() > 100, "a real book: " + r.book.bids().size());
        // the engine's own book stage (fed by the Binance parser) must hold the same book
        BookView engineBook = null;
        for (final Stage stage : r.runner.stages())
        {
            if (stage instanceof OrderBookStage)
            {
                engineBook = ((OrderBookStage)stage).book(CaptureJournal.BTCUSDT);
            }
        }
        assertTrue(engineBook != null, "the engine's book stage received the Binance depth events");
        assertTrue(engineBook.isTrusted(), "the engine's book ends trusted");
        assertEquals(r.book.bids(), levels(engineBook, engineBook.bids()), "engine book bids equal the reference's");
        assertEquals(r.book.asks(), levels(engineBook, engineBook.asks()), "engine book asks equal the reference's");
    }

    private static Map<java.math.BigDecimal, java.math.BigDecimal> levels(final BookView book, final BookSide side)
    {
        final Map<java.math.BigDecimal, java.math.BigDecimal> m = new LinkedHashMap<>();
        for (final List<String> level : book.levels(side, Integer.MAX_VALUE))
        {
            m.put(new java.math.BigDecimal(level.get(0)), new java.math.BigDecimal(level.get(1)));
        }
        return m;
    }

    private void assertReplaysToTheSameHash(final Recording r, final String name)
    {
        final RunResult replay = ReplayRunner.run(r.runner.inputJournal(), r.config, tmp.resolve(name),
            List.of(new ReferenceBinanceBook()));
        assertEquals(r.result.outputSha256(), replay.outputSha256(), "replaying the live input journal reproduces the output");
        assertEquals(r.result.inputEvents(), replay.inputEvents());
    }

    /**
     * Paper trading live: the same trading stages as a backtest (risk-pre, strategy, risk, paper venue, accounting)
     * run on the live feed from the local venue replaying the real capture; the session trades, writes the same
     * reports as a backtest with its accounting check holding, and replaying its input journal reproduces every
     * decision, order and fill byte for byte (backtest/live parity).
     */
    @Test
    void shouldPaperTradeLiveAndReplayToTheSameFills() throws Exception
    {
        final String trading = "\nstrategies:\n"
            + "  - { type: momentum_short, id: 1, instrument: \"binance-usdm:BTCUSDT\", barInterval: 1s, rollingBars: 5,\n"
            + "      downsideThreshold: -0.0001, requireHazard: false, stopLoss: 0.0003, takeProfit: 0.0003, maxHoldBars: 10, qty: 0.01 }\n"
            + "risk: { barInterval: 1m, maxOpenPositions: 3, lossCooldown: { afterLosses: 0 }, streakHalving: { afterLosses: 0 } }\n"
            + "paper: { fillModel: book }\n"
            + "accounting: { initialEquity: 100000, equityInterval: 1m }\n";
        final Recording r = new Recording(tmp, BinanceCapture.load(20_000), Map.of(), "30s", trading);
        assertHealthy(r);

        final Map<String, Long> out = r.result.outputCounts();
        assertTrue(out.getOrDefault("Decision", 0L) > 0 && out.getOrDefault("Fill", 0L) > 0, "the live session traded: " + out);
        final Path dir = r.runner.journalDir();
        assertTrue(Files.isRegularFile(dir.resolve("trades.csv")) && Files.isRegularFile(dir.resolve("equity.csv")));
        @SuppressWarnings("unchecked")
        final Map<String, Object> check = (Map<String, Object>)r.result.summary().get("accountingCheck");
        assertEquals(Boolean.TRUE, check.get("holds"), "accounting check: " + check);
        final RunResult replay = ReplayRunner.run(r.runner.inputJournal(), r.config, tmp.resolve("paper-replay"));
        assertEquals(r.result.outputSha256(), replay.outputSha256(), "replaying the paper session reproduces its fills");
        assertEquals(Files.readString(dir.resolve("trades.csv")), Files.readString(tmp.resolve("paper-replay").resolve("trades.csv")));
    }

    @Test
    void shouldRecordTheCaptureExactlyAndMatchItsImportAndItsReplay() throws Exception
    {
        final BinanceCapture capture = BinanceCapture.load(20_000);
        final Recording r = new Recording(tmp, capture, Map.of(), "30s");
        assertHealthy(r);

        // 1. the payloads, exactly and in the capture's order (the snapshot as the REST response with its instrument)
        final List<RawMessage> raws = r.raws();
        assertEquals(capture.size(), raws.size(), "one RawMessage per capture line");
        for (int i = 0; i < capture.size(); i++)
        {
            assertEquals(capture.json.get(i), raws.get(i).payload(), "line " + i);
            assertEquals(i == capture.snapshotIndex, raws.get(i).rest(), "line " + i);
            if (i > 0)
            {
                assertTrue(raws.get(i).sequence() > raws.get(i - 1).sequence(), "sequence increases");
            }
        }
        assertEquals(CaptureJournal.BTCUSDT, raws.get(capture.snapshotIndex).instrumentId());
        final List<ConnectionEvent> events = r.connectionEvents();
        assertEquals(ConnectionState.CONNECTING, events.get(0).state);
        assertEquals(ConnectionState.CONNECTED, events.get(1).state);
        assertEquals(ConnectionState.SUBSCRIBED, events.get(2).state);
        assertEquals(1, r.count(ConnectionState.SNAPSHOT_REQUESTED), events.toString());
        assertEquals(1, r.count(ConnectionState.SNAPSHOT_RECEIVED));
        assertEquals(ConnectionState.CLOSED, events.get(events.size() - 1).state);
        assertEquals(0, r.count(ConnectionState.STALE) + r.count(ConnectionState.PING_TIMEOUT) + r.count(ConnectionState.RECONNECT_SCHEDULED));

        // 2. the same book and the same output as replaying an import of the same payloads
        final Path imported = tmp.resolve("import");
        CaptureJournal.importWithTraderImporter(capture, tmp.resolve("capture-prefix.txt"), imported);
        final ReferenceBinanceBook importBook = new ReferenceBinanceBook();
        final RunResult importRun = ReplayRunner.run(imported, r.config, tmp.resolve("import-run"), List.of(importBook));
        assertEquals(importBook.bids(), r.book.bids());
        assertEquals(importBook.asks(), r.book.asks());
        assertBookIsTheVenues(r);
        assertEquals(List.of(BookState.TRUSTED), r.bookStates(), "the engine's book bridged once, never lost");
        assertSameEvents(withoutReceiveTimes(ReplayFixtures.frames(importRun.runDir().resolve(ReplayRunner.OUTPUT_DIR))),
            withoutReceiveTimes(r.output), "live output vs import output");
        assertEquals(importRun.outputCounts(), r.result.outputCounts());

        // 3. replaying the recording reproduces the live run's output hash
        assertReplaysToTheSameHash(r, "replay");
    }

    /**
     * Issue #9 case 1 live: one extreme trade ({@code "q":"10000000000.000"}, whose price x qty overflows a long) used to
     * kill the engine thread while the process went on journaling nothing. Now the parse stage refuses it (OUT_OF_RANGE)
     * and the recording goes on: every later frame is journaled, the book ends equal to the venue's, and the recording,
     * poison frame included, replays to its own hash.
     */
    @Test
    void shouldKeepJournalingAfterAPoisonTrade() throws Exception
    {
        final BinanceCapture capture = BinanceCapture.load(8_000);
        int at = 3_000;
        while (!capture.json.get(at).startsWith("{\"stream\":\"btcusdt@trade\""))
        {
            at++;
        }
        final String poison = capture.json.get(at).replaceFirst("\"q\":\"[0-9.]+\"", "\"q\":\"10000000000.000\"");
        final Recording r = new Recording(tmp, capture, Map.of(), "30s", "", Map.of(at, poison));
        assertHealthy(r);
        assertBookIsTheVenues(r);

        final List<RawMessage> raws = r.raws();
        assertEquals(capture.size() + 1, raws.size(), "every capture line and the poison frame journaled");
        assertEquals(poison, raws.get(at + 1).payload(), "the poison frame, exactly as received");
        for (int i = at + 1; i < capture.size(); i++)
        {
            assertEquals(capture.json.get(i), raws.get(i + 1).payload(), "line " + i + " after the poison");
        }
        @SuppressWarnings("unchecked")
        final Map<String, Long> parse = (Map<String, Long>)((Map<String, Object>)r.result.summary().get("stageCounters")).get("parse");
        assertEquals(1L, parse.get("sanity.OUT_OF_RANGE"), parse.toString());
        assertEquals(1L, parse.get("rejected"), parse.toString());
        assertEquals(1L, r.result.outputCounts().get("InputReject"));
        assertEquals(0L, r.result.summary().get("internalErrors"));
        assertReplaysToTheSameHash(r, "replay");
    }

    @ParameterizedTest
    @EnumSource(FakeBinanceFutures.Fault.class)
    void shouldDetectResyncAndJournalEachFaultAndEndWithTheVenuesBook(final FakeBinanceFutures.Fault fault) throws Exception
    {
        final BinanceCapture capture = BinanceCapture.load(8_000);
        final int at = capture.depthAtOrAfter(3_000);
        final Recording r = new Recording(tmp, capture, Map.of(at, fault), "1500ms");
        assertHealthy(r);
        assertEquals(1, r.venue.faultsDone.get(fault), "the fault was injected");
        assertBookIsTheVenues(r);
        final Map<String, Long> counters = r.book.counters();
        final List<ConnectionEvent> events = r.connectionEvents();
        switch (fault)
        {
            case DUPLICATE:
                assertTrue(counters.get("duplicates") >= 1, counters.toString());
                break;
            case MALFORMED:
                assertTrue(counters.get("malformed") >= 1, counters.toString());
                assertTrue(r.raws().stream().anyMatch(m -> m.payload().equals(FakeBinanceFutures.MALFORMED_FRAME)),
                    "the malformed frame is journaled exactly as received");
                break;
            case DROP:
            case REORDER:
                assertResynced(r, counters);
                break;
            case CLOSE:
                assertResynced(r, counters);
                assertTrue(events.stream().anyMatch(e -> e.state == ConnectionState.DISCONNECTED && e.detail.contains("1001")), events.toString());
                final ConnectionEvent scheduled = events.stream().filter(e -> e.state == ConnectionState.RECONNECT_SCHEDULED).findFirst()
                    .orElseThrow();
                assertEquals(1, scheduled.attempt);
                assertTrue(scheduled.delayMs >= 25 && scheduled.delayMs <= 50, "first backoff step: " + scheduled);
                assertTrue(r.count(ConnectionState.SUBSCRIBED) >= 2, events.toString());
                break;
            case SILENCE:
                assertResynced(r, counters);
                assertTrue(r.count(ConnectionState.STALE) >= 1, events.toString());
                assertTrue(r.count(ConnectionState.CONNECTED) >= 2, events.toString());
                break;
            default:
                throw new IllegalStateException(fault.toString());
        }
        assertReplaysToTheSameHash(r, "replay");
    }

    private static void assertResynced(final Recording r, final Map<String, Long> counters)
    {
        assertTrue(counters.get("gaps") >= 1, "the gap was detected: " + counters);
        assertTrue(counters.get("snapshotsApplied") >= 2, "a new snapshot was applied: " + counters);
        assertTrue(r.count(ConnectionState.SNAPSHOT_REQUESTED) >= 2, r.connectionEvents().toString());
        assertTrue(r.raws().stream().filter(RawMessage::rest).count() >= 2, "the new snapshot is journaled");
        final List<BookState> states = r.bookStates();
        final int untrusted = states.indexOf(BookState.UNTRUSTED);
        assertTrue(untrusted > 0, "UNTRUSTED journaled: " + states);
        assertEquals(BookState.TRUSTED, states.get(states.size() - 1), states.toString());
    }

    @Test
    void shouldSurviveEveryFaultInOneSessionAndReplayToTheSameHash() throws Exception
    {
        final BinanceCapture capture = BinanceCapture.load(20_000);
        final Map<Integer, FakeBinanceFutures.Fault> faults = new LinkedHashMap<>();
        final int[] lines = {2_500, 4_500, 6_500, 8_500, 10_500, 13_500};
        final FakeBinanceFutures.Fault[] kinds = FakeBinanceFutures.Fault.values();
        for (int i = 0; i < kinds.length; i++)
        {
            faults.put(capture.depthAtOrAfter(lines[i]), kinds[i]);
        }
        final Recording r = new Recording(tmp, capture, faults, "1500ms");
        assertHealthy(r);
        final Map<FakeBinanceFutures.Fault, Integer> done = new EnumMap<>(r.venue.faultsDone);
        assertEquals(kinds.length, done.size(), "every fault injected: " + done);
        assertBookIsTheVenues(r);
        final Map<String, Long> counters = r.book.counters();
        assertTrue(counters.get("gaps") >= 4, counters.toString());
        assertTrue(counters.get("duplicates") >= 1, counters.toString());
        assertTrue(counters.get("malformed") >= 1, counters.toString());
        assertTrue(r.count(ConnectionState.STALE) >= 1);
        assertTrue(r.count(ConnectionState.RECONNECT_SCHEDULED) >= 2);
        assertReplaysToTheSameHash(r, "replay");
    }
}
