package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusEncoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import okhttp3.mockwebserver.MockResponse;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a venue's HTTP answer says about waiting (Retry-After in seconds or as a date, a 418/403 ban, a 429) is
 * honoured on the WebSocket upgrade and on the REST snapshot, journaled (RECONNECT_SCHEDULED / SNAPSHOT_REQUESTED with
 * the delay and the reason) and told on the console, one line per failed connect, failed snapshot and resync.
 *
 * <p>Local venues on 127.0.0.1; the clock is moved by hand (frozen here), so the waits are exact and nothing fires on
 * its own: a test reads the wait that was scheduled and stops long before it would be over.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueRetryAfterTest
{
    private static final long WAIT_MS = 15_000;
    private static final long START_NS = 1_700_000_000_000_000_000L; // 2023-11-14T22:13:20Z
    private static final String SNAPSHOT = "{\"lastUpdateId\":100,\"E\":1,\"T\":1,\"bids\":[[\"61000.10\",\"1.000\"]],"
        + "\"asks\":[[\"61000.20\",\"2.000\"]]}";

    @TempDir
    Path tmp;

    private final CollectingPublisher out = new CollectingPublisher();
    private final List<String> console = new CopyOnWriteArrayList<>();
    /** Each console line's prefix: the clock's time, the venue, the host of the URL (MockWebServer names 127.0.0.1). */
    private String at;

    private static String binance(final FakeVenue venue, final String symbols, final String channels)
    {
        return "  binance-usdm:\n"
            + "    wsUrl: " + venue.wsUrl() + "\n"
            + "    restUrl: " + venue.restUrl() + "\n"
            + "    symbols: [" + symbols + "]\n"
            + "    channels: [" + channels + "]\n"
            + "    snapshot: { delay: 10ms, retryAfter: 60s }\n"
            + "    rateLimits: { snapshotsPerMinute: 6000, snapshotBurst: 10 }\n"
            + "    reconnect: { minBackoff: 40ms, maxBackoff: 400ms, seed: 7 }\n";
    }

    private LiveSource start(final FakeVenue venue, final String yaml) throws Exception
    {
        at = "2023-11-14T22:13:20Z binance-usdm " + URI.create(venue.wsUrl()).getHost() + ": ";
        return new LiveSource(LiveTestConfig.venues(tmp, yaml), LiveTestConfig.registry(), out, new ManualClock(START_NS), 64 * 1024,
            console::add).start();
    }

    private static MockResponse refused(final String statusLine)
    {
        return new MockResponse().setStatus("HTTP/1.1 " + statusLine).setBody("{\"code\":-1003,\"msg\":\"Too many requests\"}");
    }

    private List<CollectingPublisher.State> states(final ConnectionState state)
    {
        return out.states().stream().filter(s -> s.state() == state).toList();
    }

    /** The upgrade is refused once with {@code answer}; returns the first RECONNECT_SCHEDULED after the source stopped. */
    private CollectingPublisher.State reconnectAfterRefusedUpgrade(final MockResponse answer) throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.refuseUpgrades(n -> answer);
            final LiveSource source = start(venue, binance(venue, "BTCUSDT", "trade"));
            try
            {
                assertTrue(out.awaitState(ConnectionState.RECONNECT_SCHEDULED, 1, WAIT_MS), out.states().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals(1, venue.wsRequestPaths.size(), "no second attempt before the wait is over");
            assertEquals(0, source.connections().get(0).callbackErrors(), source.connections().get(0).counters().toString());
            final CollectingPublisher.State scheduled = states(ConnectionState.RECONNECT_SCHEDULED).get(0);
            assertEquals(1, scheduled.attempt());
            return scheduled;
        }
    }

    @Test
    void shouldWaitTheRetryAfterSecondsOfARefusedWebSocketUpgradeAndSayWhy() throws Exception
    {
        final CollectingPublisher.State scheduled = reconnectAfterRefusedUpgrade(refused("429 Too Many Requests").setHeader("Retry-After", "7"));
        assertEquals(7_000, scheduled.delayMs(), "Retry-After: 7, not the 20-40 ms backoff");
        assertEquals("reconnect attempt 1 in 7000 ms (Retry-After 7 s)", scheduled.detail());
        final CollectingPublisher.State disconnected = states(ConnectionState.DISCONNECTED).get(0);
        assertTrue(disconnected.detail().startsWith("HTTP 429 java.net.ProtocolException: Expected HTTP 101 response but was '429 Too Many"),
            disconnected.detail());
        assertEquals(List.of(at + "connect failed: HTTP 429 Too Many Requests; attempt 1, next in 7 s (Retry-After 7 s)"), console);
    }

    @ParameterizedTest
    @ValueSource(strings = {"418 I'm a teapot", "403 Forbidden"})
    void shouldWaitTheLongBanWaitAfterA418Or403WithoutRetryAfter(final String statusLine) throws Exception
    {
        final CollectingPublisher.State scheduled = reconnectAfterRefusedUpgrade(refused(statusLine));
        assertEquals(600_000, scheduled.delayMs(), "banWait defaults to 10 minutes");
        assertEquals("reconnect attempt 1 in 600000 ms (no Retry-After: banWait 600 s)", scheduled.detail());
        assertEquals(List.of(at + "connect failed: HTTP " + statusLine + "; attempt 1, next in 600 s (no Retry-After: banWait 600 s)"),
            console);
    }

    @Test
    void shouldBackOffToMaxBackoffAfterA429WithoutRetryAfter() throws Exception
    {
        final CollectingPublisher.State scheduled = reconnectAfterRefusedUpgrade(refused("429 Too Many Requests"));
        assertEquals(400, scheduled.delayMs(), "maxBackoff, not the first backoff step");
        assertEquals("reconnect attempt 1 in 400 ms (no Retry-After: maxBackoff 400 ms)", scheduled.detail());
    }

    @Test
    void shouldMeasureARetryAfterDateAgainstTheAnswersOwnDateHeader() throws Exception
    {
        // the venue's clock is nine months from ours: only the difference between its two dates counts
        final CollectingPublisher.State scheduled = reconnectAfterRefusedUpgrade(refused("418 I'm a teapot")
            .setHeader("Date", "Thu, 08 Aug 2024 12:00:00 GMT").setHeader("Retry-After", "Thu, 08 Aug 2024 12:00:42 GMT"));
        assertEquals(42_000, scheduled.delayMs());
        assertEquals("reconnect attempt 1 in 42000 ms (Retry-After Thu, 08 Aug 2024 12:00:42 GMT = 42 s)", scheduled.detail());
    }

    @Test
    void shouldMeasureARetryAfterDateWithoutADateHeaderAgainstTheInjectedClock() throws Exception
    {
        final CollectingPublisher.State scheduled = reconnectAfterRefusedUpgrade(refused("503 Service Unavailable")
            .setHeader("Retry-After", "Tue, 14 Nov 2023 22:14:50 GMT")); // START_NS + 90 s
        assertEquals(90_000, scheduled.delayMs());
        assertEquals(List.of(at + "connect failed: HTTP 503 Service Unavailable; attempt 1, next in 90 s "
            + "(Retry-After Tue, 14 Nov 2023 22:14:50 GMT = 90 s)"), console);
    }

    @Test
    void shouldHoldEverySnapshotRequestOfTheConnectionAfterA418OnOne() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> refused("418 I'm a teapot"));
            final LiveSource source = start(venue, binance(venue, "BTCUSDT, ETHUSDT", "\"depth@0ms\""));
            final VenueConnection connection = source.connections().get(0);
            try
            {
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_REQUESTED, 4, WAIT_MS), out.states().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals(List.of("/fapi/v1/depth?symbol=BTCUSDT&limit=1000"), venue.restRequestPaths,
                "ETHUSDT's request, due at the same time, is not sent into the ban");
            final List<CollectingPublisher.State> requested = states(ConnectionState.SNAPSHOT_REQUESTED);
            assertEquals(4, requested.size(), requested.toString());
            final CollectingPublisher.State btc = requested.get(2);
            final CollectingPublisher.State eth = requested.get(3);
            assertEquals(List.of(1, 2, 1, 2), requested.stream().map(CollectingPublisher.State::instrumentId).toList());
            assertEquals(List.of(0, 0, 1, 1), requested.stream().map(CollectingPublisher.State::attempt).toList());
            assertEquals(600_000, btc.delayMs());
            assertEquals(600_000, eth.delayMs(), "the frozen clock leaves the whole ban");
            assertTrue(btc.detail().startsWith("retry after HTTP 418 I'm a teapot (no Retry-After: banWait 600 s); GET "), btc.detail());
            assertTrue(eth.detail().startsWith("retry after not sent: HTTP 418 I'm a teapot on an earlier request "
                + "(no Retry-After: banWait 600 s; 600 s of it remaining); GET "), eth.detail());
            assertEquals(1L, connection.counters().get("snapshotsHeldBack"));
            assertEquals(List.of(
                at + "BTCUSDT snapshot failed: HTTP 418 I'm a teapot; attempt 1, next in 600 s (no Retry-After: banWait 600 s)",
                at + "ETHUSDT snapshot failed: not sent: HTTP 418 I'm a teapot on an earlier request; attempt 1, next in 600 s "
                    + "(no Retry-After: banWait 600 s; 600 s of it remaining)"), console);
        }
    }

    @Test
    void shouldWaitARetryAfterDateOnA429SnapshotAnswer() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> refused("429 Too Many Requests").setHeader("Date", "Thu, 08 Aug 2024 12:00:00 GMT")
                .setHeader("Retry-After", "Thu, 08 Aug 2024 12:00:42 GMT"));
            final LiveSource source = start(venue, binance(venue, "BTCUSDT", "\"depth@0ms\""));
            try
            {
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_REQUESTED, 2, WAIT_MS), out.states().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals(1, venue.restRequestPaths.size());
            final CollectingPublisher.State retry = states(ConnectionState.SNAPSHOT_REQUESTED).get(1);
            assertEquals(1, retry.attempt());
            assertEquals(42_000, retry.delayMs(), "the date form, not the 20-40 ms backoff");
            assertEquals(List.of(at + "BTCUSDT snapshot failed: HTTP 429 Too Many Requests; attempt 1, next in 42 s "
                + "(Retry-After Thu, 08 Aug 2024 12:00:42 GMT = 42 s)"), console);
        }
    }

    private static final int BOOK_STATUS_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + BookStatusEncoder.BLOCK_LENGTH + 2;

    private static UnsafeBuffer bookStatus(final BookState state, final BookStatusReason reason)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[256]);
        new BookStatusEncoder().wrapAndApplyHeader(b, 0, new MessageHeaderEncoder())
            .instrumentId(1).state(state).reason(reason).lastUpdateId(1).expectedUpdateId(2).receivedUpdateId(3).detail("");
        return b;
    }

    @Test
    void shouldTellTheConsoleOfEachResyncWithTheBooksReason() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r -> new MockResponse().setBody(SNAPSHOT));
            final LiveSource source = start(venue, binance(venue, "BTCUSDT", "\"depth@0ms\""));
            final BookStatusTap tap = new BookStatusTap(source);
            try
            {
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 1, WAIT_MS), out.stateNames().toString());
                tap.onEvent(bookStatus(BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED), 0, BOOK_STATUS_LENGTH);
                tap.onEvent(bookStatus(BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP), 0, BOOK_STATUS_LENGTH);
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 2, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            assertEquals(List.of(at + "BTCUSDT book UNTRUSTED (SEQUENCE_GAP) -> snapshot refetch"), console,
                "the snapshot every subscribe takes is not a resync");
            assertTrue(states(ConnectionState.SNAPSHOT_REQUESTED).get(1).detail().startsWith("book UNTRUSTED (SEQUENCE_GAP); GET "),
                out.states().toString());
        }
    }

    @Test
    void shouldTellTheConsoleWhenAnOpenConnectionIsLost() throws Exception
    {
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.script((socket, index) ->
            {
                if (index == 1)
                {
                    socket.close(1001, "going away");
                }
            });
            final LiveSource source = start(venue, binance(venue, "BTCUSDT", "trade"));
            try
            {
                assertTrue(out.awaitState(ConnectionState.CONNECTED, 2, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                source.stop(2_000);
            }
            final long delayMs = new Backoff(40, 400, 7).delayMs(1);
            // OkHttp reports the venue's close frame as closing or closed, whichever callback comes first
            final String line = console.get(0);
            assertTrue(line.equals(at + "disconnected: closed by the venue: 1001 going away; attempt 1, next in " + delayMs + " ms")
                || line.equals(at + "disconnected: closed: 1001 going away; attempt 1, next in " + delayMs + " ms"), line);
            assertEquals(1, console.size(), console.toString());
        }
    }
}
