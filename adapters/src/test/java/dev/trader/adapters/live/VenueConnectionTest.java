package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusEncoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import okhttp3.mockwebserver.MockResponse;
import okio.ByteString;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Venue connections against real local servers on 127.0.0.1: frames published exactly as received, lifecycle events,
 * reconnect with backoff, stale watchdog, ping timeouts, keep-alive per venue, rate limits, snapshot resync.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueConnectionTest
{
    private static final long WAIT_MS = 15_000;
    private static final String SNAPSHOT = "{\"lastUpdateId\":100,\"E\":1,\"T\":1,\"bids\":[[\"61000.10\",\"1.000\"]],"
        + "\"asks\":[[\"61000.20\",\"2.000\"]]}";

    @TempDir
    Path tmp;

    private static String binance(final FakeVenue venue, final String extra)
    {
        return "  binance-usdm:\n"
            + "    wsUrl: " + venue.wsUrl() + "\n"
            + "    restUrl: " + venue.restUrl() + "\n"
            + "    symbols: [BTCUSDT]\n"
            + "    channels: [\"depth@0ms\", trade]\n"
            + "    snapshot: { delay: 10ms, retryAfter: 2s }\n"
            + "    reconnect: { minBackoff: 40ms, maxBackoff: 400ms, seed: 7 }\n"
            + extra;
    }

    private static MockResponse snapshot()
    {
        return new MockResponse().setBody(SNAPSHOT).setHeader("Content-Type", "application/json");
    }

    private LiveSource source(final String yaml, final CollectingPublisher out) throws Exception
    {
        return source(yaml, out, 64 * 1024);
    }

    private LiveSource source(final String yaml, final CollectingPublisher out, final int maxEventBytes) throws Exception
    {
        return new LiveSource(LiveTestConfig.venues(tmp, yaml), LiveTestConfig.registry(), out, LiveClock.system(), maxEventBytes);
    }

    private static void assertHealthy(final LiveSource source, final CollectingPublisher out)
    {
        for (final VenueConnection c : source.connections())
        {
            assertEquals(0, c.callbackErrors(), "callback errors: " + c.counters());
        }
        assertTrue(out.invalid().isEmpty(), "invalid events: " + out.invalid());
        assertFalse(out.timeWentBack(), "receive stamps must never step back");
        final List<ConnectionState> states = out.stateNames();
        assertEquals(ConnectionState.CLOSED, states.get(states.size() - 1), "CLOSED last: " + states);
    }

    @Test
    void shouldPublishEveryFrameExactlyAsReceivedWithSequencesAndLifecycleEvents() throws Exception
    {
        final List<String> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++)
        {
            sent.add("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"t\":" + i + ",\"p\":\"61000.10\",\"q\":\"0.001\"}}");
        }
        sent.add("{\"stream\":\"btcusdt@trade\",\"data\":{");          // malformed: published raw, the parser rejects it
        sent.add("not json at all \u00e9\u20ac\ud83d\ude00");          // non-ASCII survives byte for byte
        final byte[] binary = {0, 1, 2, (byte)0xFF, (byte)0x80, 'x'};
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                for (final String s : sent)
                {
                    socket.send(s);
                }
                socket.send(ByteString.of(binary));
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, ""), out).start();
            try
            {
                assertTrue(out.awaitFrames(sent.size() + 1, WAIT_MS), "frames: " + out.frames().size());
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 1, WAIT_MS), "states: " + out.stateNames());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals("/stream?streams=btcusdt@depth@0ms/btcusdt@trade", venue.wsRequestPaths.get(0));
            assertEquals("/fapi/v1/depth?symbol=BTCUSDT&limit=1000", venue.restRequestPaths.get(0));
            final List<CollectingPublisher.Raw> frames = out.frames();
            for (int i = 0; i < sent.size(); i++)
            {
                assertArrayEquals(sent.get(i).getBytes(StandardCharsets.UTF_8), frames.get(i).payload(), "frame " + i);
                assertEquals(1, frames.get(i).connectionId());
                assertEquals(0, frames.get(i).instrumentId());
            }
            assertArrayEquals(binary, frames.get(sent.size()).payload());
            long previous = 0;
            for (final CollectingPublisher.Raw r : out.raws())
            {
                assertTrue(r.sequence() > previous, "per-connection sequence increases");
                previous = r.sequence();
            }
            final CollectingPublisher.Raw rest = out.raws().stream().filter(CollectingPublisher.Raw::rest).findFirst().orElseThrow();
            assertEquals(SNAPSHOT, rest.text());
            assertEquals(1, rest.instrumentId(), "REST snapshot carries the instrument hint");
            final List<ConnectionState> states = out.stateNames();
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.SUBSCRIBED), states.subList(0, 3));
            assertTrue(states.contains(ConnectionState.SNAPSHOT_REQUESTED));
            final CollectingPublisher.State requested = out.states().stream()
                .filter(s -> s.state() == ConnectionState.SNAPSHOT_REQUESTED).findFirst().orElseThrow();
            assertEquals(1, requested.instrumentId());
            assertEquals(List.of(ConnectionState.DISCONNECTED, ConnectionState.CLOSED), states.subList(states.size() - 2, states.size()));
            assertEquals(1, venue.closedByClient.get(), "closed with a close handshake");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldReconnectWithSeededBackoffResubscribeAndTakeANewSnapshotWhenTheVenueClosesMidStream() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                for (int i = 0; i < 10; i++)
                {
                    socket.send("{\"c\":" + index + ",\"i\":" + i + "}");
                }
                if (index == 1)
                {
                    // after the first snapshot went out: a fetch still scheduled when the socket drops is cancelled
                    for (int i = 0; i < 500 && venue.restRequestPaths.isEmpty() && FakeVenue.pause(10); i++)
                    {
                        // wait (bounded) for the snapshot request
                    }
                    FakeVenue.pause(100);
                    socket.close(1001, "going away");
                }
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, ""), out).start();
            try
            {
                assertTrue(out.awaitFrames(20, WAIT_MS), "frames: " + out.frames().size() + " states " + out.stateNames());
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 2, WAIT_MS), "states: " + out.stateNames());
            }
            finally
            {
                source.stop(2_000);
            }
            final CollectingPublisher.State scheduled = out.states().stream()
                .filter(s -> s.state() == ConnectionState.RECONNECT_SCHEDULED).findFirst().orElseThrow();
            assertEquals(1, scheduled.attempt());
            assertEquals(new Backoff(40, 400, 7).delayMs(1), scheduled.delayMs(), "the delay is the seeded backoff's first");
            assertEquals(2, out.count(ConnectionState.CONNECTED));
            assertEquals(2, out.count(ConnectionState.SUBSCRIBED));
            assertTrue(out.states().stream().anyMatch(s -> s.state() == ConnectionState.DISCONNECTED && s.detail().contains("1001")),
                "the venue's close code is journaled: " + out.states());
            assertEquals(2, venue.restRequestPaths.size(), "a fresh snapshot after resubscribing");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldDeclareTheFeedStaleAndReconnectWhenTheVenueStopsSending() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                socket.send("{\"hello\":" + index + "}");
                // then silence, connection left open (pings still answered by OkHttp): only the watchdog can tell
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, "    staleAfter: 300ms\n"), out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.CONNECTED, 2, WAIT_MS), "states: " + out.stateNames());
            }
            finally
            {
                source.stop(2_000);
            }
            final List<ConnectionState> states = out.stateNames();
            final int stale = states.indexOf(ConnectionState.STALE);
            assertTrue(stale > 0, "STALE published: " + states);
            assertEquals(ConnectionState.DISCONNECTED, states.get(stale + 1));
            assertEquals(ConnectionState.RECONNECT_SCHEDULED, states.get(stale + 2));
            assertEquals(ConnectionState.CONNECTING, states.get(stale + 3));
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldReportPingTimeoutAndReconnectWhenTheVenueStopsAnsweringPings() throws Exception
    {
        try (SilentServer silent = new SilentServer())
        {
            final String yaml = "  binance-usdm:\n"
                + "    wsUrl: " + silent.wsUrl("/stream") + "\n"
                + "    restUrl: http://127.0.0.1:9\n"
                + "    symbols: [BTCUSDT]\n"
                + "    channels: [trade]\n"
                + "    keepAlive: { interval: 150ms }\n"
                + "    staleAfter: 30s\n"
                + "    reconnect: { minBackoff: 20ms, maxBackoff: 100ms, seed: 3 }\n";
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(yaml, out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.PING_TIMEOUT, 2, WAIT_MS), "states: " + out.states());
                assertTrue(out.awaitState(ConnectionState.CONNECTING, 3, WAIT_MS), "states: " + out.stateNames());
            }
            finally
            {
                source.stop(2_000);
            }
            final List<ConnectionState> states = out.stateNames();
            final int timeout = states.indexOf(ConnectionState.PING_TIMEOUT);
            assertEquals(ConnectionState.DISCONNECTED, states.get(timeout + 1));
            assertEquals(ConnectionState.RECONNECT_SCHEDULED, states.get(timeout + 2));
            assertTrue(silent.handshakes.get() >= 2);
            assertHealthy(source, out);
        }
    }

    private static String okx(final FakeVenue venue, final String keepAlive)
    {
        return "  okx:\n"
            + "    wsUrl: " + venue.wsUrl() + "\n"
            + "    symbols: [BTC-USDT]\n"
            + "    channels: [books, trades]\n"
            + "    keepAlive: " + keepAlive + "\n"
            + "    staleAfter: 20s\n"
            + "    reconnect: { minBackoff: 20ms, maxBackoff: 100ms, seed: 5 }\n";
    }

    @Test
    void shouldSendOkxPingWhenIdleAndStayConnectedWhileTheVenueAnswersPong() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/ws/v5/public"))
        {
            venue.pongs(FakeVenue.Pongs.OKX);
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(okx(venue, "{ interval: 100ms, timeout: 400ms }"), out).start();
            try
            {
                assertTrue(out.await(p -> venue.receivedMatching("ping").size() >= 4, WAIT_MS), "pings: " + venue.received);
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]}", venue.received.get(0));
            assertEquals(0, out.count(ConnectionState.PING_TIMEOUT), out.states().toString());
            assertEquals(1, out.count(ConnectionState.CONNECTED));
            assertTrue(out.frames().stream().allMatch(f -> f.text().equals("pong")), "pongs are journaled raw like any frame");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldReportOkxPingTimeoutAndReconnectWhenNoPongComes() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/ws/v5/public"))
        {
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(okx(venue, "{ interval: 100ms, timeout: 200ms }"), out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.CONNECTED, 2, WAIT_MS), "states: " + out.stateNames());
            }
            finally
            {
                source.stop(2_000);
            }
            final List<ConnectionState> states = out.stateNames();
            final int timeout = states.indexOf(ConnectionState.PING_TIMEOUT);
            assertTrue(timeout > 0, states.toString());
            assertEquals(ConnectionState.DISCONNECTED, states.get(timeout + 1));
            assertEquals(ConnectionState.RECONNECT_SCHEDULED, states.get(timeout + 2));
            assertEquals(2, venue.receivedMatching("subscribe").size(), "resubscribed after reconnecting");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldSendBybitOpPingPeriodicallyEvenWhileDataFlows() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/v5/public/linear"))
        {
            venue.pongs(FakeVenue.Pongs.BYBIT).script((socket, index) ->
            {
                for (int i = 0; i < 400 && FakeVenue.pause(10); i++)
                {
                    socket.send("{\"topic\":\"publicTrade.BTCUSDT\",\"i\":" + i + "}");
                }
            });
            final String yaml = "  bybit:\n"
                + "    wsUrl: " + venue.wsUrl() + "\n"
                + "    symbols: [BTCUSDT]\n"
                + "    channels: [orderbook.50, publicTrade]\n"
                + "    keepAlive: { interval: 100ms, timeout: 1s }\n";
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(yaml, out).start();
            try
            {
                assertTrue(out.await(p -> venue.receivedMatching("\"op\":\"ping\"").size() >= 3, WAIT_MS), "sent: " + venue.received);
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\",\"publicTrade.BTCUSDT\"]}", venue.received.get(0));
            assertEquals("{\"op\":\"ping\"}", venue.receivedMatching("ping").get(0));
            assertEquals(0, out.count(ConnectionState.PING_TIMEOUT));
            assertTrue(out.frames().stream().anyMatch(f -> f.text().contains("\"ret_msg\":\"pong\"")));
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldResubscribeTheOkxBookChannelWhenTheEngineReportsTheBookUntrusted() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/ws/v5/public"))
        {
            venue.pongs(FakeVenue.Pongs.OKX);
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(okx(venue, "{ interval: 10s, timeout: 4s }"), out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.SUBSCRIBED, 1, WAIT_MS));
                new BookStatusTap(source).onEvent(bookStatus(21, BookState.UNTRUSTED), 0, BOOK_STATUS_LENGTH);
                assertTrue(out.await(p -> venue.received.size() >= 3, WAIT_MS), "sent: " + venue.received);
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}", venue.received.get(1));
            assertEquals("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}", venue.received.get(2));
            final CollectingPublisher.State requested = out.states().stream()
                .filter(s -> s.state() == ConnectionState.SNAPSHOT_REQUESTED).findFirst().orElseThrow();
            assertEquals(21, requested.instrumentId());
            assertHealthy(source, out);
        }
    }

    private static final int BOOK_STATUS_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BookStatusEncoder.BLOCK_LENGTH + 2;

    private static UnsafeBuffer bookStatus(final int instrumentId, final BookState state)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[256]);
        new BookStatusEncoder().wrapAndApplyHeader(b, 0, new MessageHeaderEncoder())
            .instrumentId(instrumentId).state(state).reason(BookStatusReason.SEQUENCE_GAP)
            .lastUpdateId(1).expectedUpdateId(2).receivedUpdateId(3).detail("");
        return b;
    }

    @Test
    void shouldFetchABinanceSnapshotWhenTheEngineReportsTheBookUntrustedAndCoalesceRepeats() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                for (int i = 0; i < 200 && FakeVenue.pause(10); i++)
                {
                    socket.send("{\"i\":" + i + "}");
                }
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, "").replace("retryAfter: 2s", "retryAfter: 60s"), out).start();
            final BookStatusTap tap = new BookStatusTap(source);
            try
            {
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 1, WAIT_MS), out.stateNames().toString());
                tap.onEvent(bookStatus(1, BookState.TRUSTED), 0, BOOK_STATUS_LENGTH);
                FakeVenue.pause(100);
                tap.onEvent(bookStatus(1, BookState.UNTRUSTED), 0, BOOK_STATUS_LENGTH);
                tap.onEvent(bookStatus(1, BookState.UNTRUSTED), 0, BOOK_STATUS_LENGTH);
                tap.onEvent(bookStatus(1, BookState.SYNCING), 0, BOOK_STATUS_LENGTH);
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 2, WAIT_MS), out.stateNames().toString());
                tap.onEvent(bookStatus(2, BookState.UNTRUSTED), 0, BOOK_STATUS_LENGTH); // ETHUSDT: not subscribed here
                FakeVenue.pause(300);
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals(2, venue.restRequestPaths.size(), "one on subscribe, one for the three statuses: " + venue.restRequestPaths);
            assertEquals(2, out.raws().stream().filter(CollectingPublisher.Raw::rest).count());
            assertEquals(5, tap.seen());
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldRetryAFailedSnapshotWithBackoffUntilItArrives() throws Exception
    {
        final AtomicInteger calls = new AtomicInteger();
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> calls.incrementAndGet() <= 2 ? new MockResponse().setResponseCode(503).setBody("{\"code\":-1001}") : snapshot())
                .script((socket, index) -> socket.send("{}"));
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, ""), out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 1, WAIT_MS), out.states().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            final List<CollectingPublisher.State> requested = out.states().stream()
                .filter(s -> s.state() == ConnectionState.SNAPSHOT_REQUESTED).toList();
            assertEquals(3, requested.size(), requested.toString());
            assertEquals(List.of(0, 1, 2), requested.stream().map(CollectingPublisher.State::attempt).toList());
            assertTrue(requested.get(1).detail().contains("HTTP 503"), requested.get(1).detail());
            assertEquals(1, out.raws().stream().filter(CollectingPublisher.Raw::rest).count(), "failed bodies are not journaled as snapshots");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldReconnectBeforeTheMaximumConnectionAge() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                for (int i = 0; i < 300 && FakeVenue.pause(10); i++)
                {
                    socket.send("{\"i\":" + i + "}");
                }
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, "    maxConnectionAge: 400ms\n"), out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.SUBSCRIBED, 2, WAIT_MS), out.stateNames().toString());
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 2, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            final CollectingPublisher.State planned = out.states().stream()
                .filter(s -> s.state() == ConnectionState.DISCONNECTED).findFirst().orElseThrow();
            assertTrue(planned.detail().contains("planned"), planned.detail());
            final CollectingPublisher.State scheduled = out.states().stream()
                .filter(s -> s.state() == ConnectionState.RECONNECT_SCHEDULED).findFirst().orElseThrow();
            assertEquals(0, scheduled.delayMs());
            assertEquals(0, scheduled.attempt());
            assertTrue(venue.restRequestPaths.size() >= 2, "a new snapshot after the planned reconnect");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldLimitConnectionAttemptsWithTheTokenBucket() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) -> socket.close(1013, "try again later"));
            final CollectingPublisher out = new CollectingPublisher();
            final String yaml = binance(venue, "    rateLimits: { connectsPerMinute: 300, connectBurst: 2 }\n")
                .replace("minBackoff: 40ms, maxBackoff: 400ms", "minBackoff: 2ms, maxBackoff: 4ms");
            final LiveSource source = source(yaml, out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.CONNECTING, 4, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            final long limited = out.states().stream()
                .filter(s -> s.state() == ConnectionState.RECONNECT_SCHEDULED && s.detail().contains("rate limited")).count();
            assertTrue(limited >= 1, "beyond the burst of 2, attempts wait for the bucket: " + out.states());
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldSendBinanceSubscribeMessagesThroughTheRateLimit() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).pongs(FakeVenue.Pongs.NONE);
            final CollectingPublisher out = new CollectingPublisher();
            final String yaml = "  binance-usdm:\n"
                + "    wsUrl: " + venue.wsUrl() + "\n"
                + "    restUrl: " + venue.restUrl() + "\n"
                + "    symbols: [BTCUSDT, ETHUSDT]\n"
                + "    channels: [bookTicker, trade]\n"
                + "    subscribeVia: message\n"
                + "    staleAfter: 20s\n";
            final LiveSource source = source(yaml, out).start();
            try
            {
                assertTrue(out.awaitState(ConnectionState.SUBSCRIBED, 1, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals("/stream", venue.wsRequestPaths.get(0));
            assertEquals(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\",\"btcusdt@trade\",\"ethusdt@bookTicker\","
                + "\"ethusdt@trade\"],\"id\":1}"), venue.received);
            assertEquals(0, venue.restRequestPaths.size(), "no depth channel, no snapshot");
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldRejectAFrameLargerThanARingSlotAndKeepGoing() throws Exception
    {
        final String big = "{\"big\":\"" + "x".repeat(5_000) + "\"}";
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                socket.send("{\"a\":1}");
                socket.send(big);
                socket.send("{\"a\":2}");
            });
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = source(binance(venue, ""), out, 1024).start();
            try
            {
                assertTrue(out.awaitFrames(2, WAIT_MS), out.all().toString());
                assertTrue(out.await(p -> !p.rejects().isEmpty(), WAIT_MS));
            }
            finally
            {
                source.stop(2_000);
            }
            final CollectingPublisher.Reject reject = out.rejects().get(0);
            assertEquals(RejectReason.TOO_LARGE, reject.reason());
            final List<Long> sequences = out.raws().stream().map(CollectingPublisher.Raw::sequence).toList();
            assertEquals(2, out.frames().size());
            assertTrue(out.frames().get(0).sequence() < reject.reference() && reject.reference() < out.frames().get(1).sequence(),
                "the reject names the dropped frame's sequence " + reject.reference() + " among " + sequences);
            assertFalse(sequences.contains(reject.reference()));
            assertHealthy(source, out);
        }
    }

    @Test
    void shouldSurviveAPublisherThatThrowsWithoutLettingAnythingEscape() throws Exception
    {
        final AtomicInteger attempts = new AtomicInteger();
        final EventPublisher broken = (buffer, offset, length) ->
        {
            attempts.incrementAndGet();
            throw new IllegalStateException("engine failed: test");
        };
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> snapshot()).script((socket, index) ->
            {
                for (int i = 0; i < 20; i++)
                {
                    socket.send("{\"i\":" + i + "}");
                }
            });
            final LiveSource source = new LiveSource(LiveTestConfig.venues(tmp, binance(venue, "")), LiveTestConfig.registry(), broken,
                LiveClock.system(), 64 * 1024).start();
            try
            {
                final long deadline = System.currentTimeMillis() + WAIT_MS;
                while (attempts.get() < 20 && System.currentTimeMillis() < deadline)
                {
                    Thread.sleep(10);
                }
            }
            finally
            {
                source.stop(2_000);
            }
            assertTrue(attempts.get() >= 20, "kept publishing: " + attempts.get());
            assertEquals(attempts.get(), source.publisher().counters().get("publishFailures"));
            for (final VenueConnection c : source.connections())
            {
                assertEquals(0, c.callbackErrors(), c.counters().toString());
            }
        }
    }
}
