package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.ConnectionState;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races between a connection's threads (OkHttp reader, timer, REST), each driven into the order that used to go
 * wrong with latches in the fake venue or the clock, so the outcome does not depend on timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VenueConnectionRaceTest
{
    private static final long WAIT_MS = 15_000;
    private static final long START_NS = 1_700_000_000_000_000_000L;

    @TempDir
    Path tmp;

    private static MockResponse snapshot(final long lastUpdateId)
    {
        return new MockResponse().setHeader("Content-Type", "application/json")
            .setBody("{\"lastUpdateId\":" + lastUpdateId + ",\"E\":1,\"T\":1,\"bids\":[[\"61000.10\",\"1.000\"]],\"asks\":[[\"61000.20\",\"2.000\"]]}");
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Snapshot A is on the wire when the socket drops; the reconnect subscribes again and starts snapshot B. A's
     * result then arrives: it must neither clear B's in-flight flag (a book status would start a third fetch while B is
     * out) nor be journaled after the reconnect (it was taken before the diffs the new socket delivers).
     */
    @Test
    void shouldIgnoreASnapshotResultFromBeforeTheReconnect() throws Exception
    {
        final CountDownLatch closeFirst = new CountDownLatch(1);
        final CountDownLatch releaseA = new CountDownLatch(1);
        final CountDownLatch releaseB = new CountDownLatch(1);
        final AtomicInteger restCalls = new AtomicInteger();
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.rest(r ->
            {
                if (restCalls.incrementAndGet() == 1)
                {
                    await(releaseA);
                    return snapshot(100);
                }
                await(releaseB);
                return snapshot(200);
            }).script((socket, index) ->
            {
                if (index == 1)
                {
                    await(closeFirst);
                    socket.close(1001, "going away");
                }
            });
            final String yaml = "  binance-usdm:\n"
                + "    wsUrl: " + venue.wsUrl() + "\n"
                + "    restUrl: " + venue.restUrl() + "\n"
                + "    symbols: [BTCUSDT]\n"
                + "    channels: [\"depth@0ms\", trade]\n"
                + "    staleAfter: 30s\n"
                + "    snapshot: { delay: 10ms, retryAfter: 2s }\n"
                + "    reconnect: { minBackoff: 40ms, maxBackoff: 400ms, seed: 7 }\n";
            // a clock moved by hand: no watchdog or keep-alive timer can fire on its own
            final ManualClock clock = new ManualClock(START_NS);
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = new LiveSource(LiveTestConfig.venues(tmp, yaml), LiveTestConfig.registry(), out, clock, 64 * 1024)
                .start();
            final VenueConnection connection = source.connections().get(0);
            try
            {
                assertTrue(out.await(p -> venue.restRequestPaths.size() == 1, WAIT_MS), "snapshot A requested: " + out.stateNames());
                closeFirst.countDown(); // A stays on the wire while the venue drops the socket
                assertTrue(out.awaitState(ConnectionState.SUBSCRIBED, 2, WAIT_MS), out.stateNames().toString());
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_REQUESTED, 2, WAIT_MS), out.stateNames().toString());
                releaseA.countDown();
                // one REST thread: B reaches the venue only after A's result was handed to the connection
                assertTrue(out.await(p -> venue.restRequestPaths.size() == 2, WAIT_MS), "snapshot B requested");
                assertEquals(1, connection.staleSnapshotResults(), connection.counters().toString());
                assertEquals(0, out.raws().stream().filter(CollectingPublisher.Raw::rest).count(), "A is not journaled");

                // B is still out: a book status must coalesce with it, not start a third fetch
                clock.advanceMillis(1_000); // past retryAfter / 4, so a cleared flag would fetch at once
                connection.onBookStatus(1, BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP);
                assertEquals(2, out.count(ConnectionState.SNAPSHOT_REQUESTED), out.states().toString());

                releaseB.countDown();
                assertTrue(out.awaitState(ConnectionState.SNAPSHOT_RECEIVED, 1, WAIT_MS), out.stateNames().toString());
            }
            finally
            {
                closeFirst.countDown();
                releaseA.countDown();
                releaseB.countDown();
                source.stop(2_000);
            }
            final List<CollectingPublisher.Raw> rest = out.raws().stream().filter(CollectingPublisher.Raw::rest).toList();
            assertEquals(1, rest.size(), "only B is journaled");
            assertTrue(rest.get(0).text().contains("\"lastUpdateId\":200"), rest.get(0).text());
            final List<Object> all = out.all();
            int secondConnected = -1;
            int connected = 0;
            for (int i = 0; i < all.size(); i++)
            {
                if (all.get(i) instanceof CollectingPublisher.State s && s.state() == ConnectionState.CONNECTED && ++connected == 2)
                {
                    secondConnected = i;
                }
            }
            assertTrue(secondConnected >= 0 && all.indexOf(rest.get(0)) > secondConnected, "B after the reconnect");
            assertEquals(1, connection.staleSnapshotResults());
            assertEquals(0, connection.callbackErrors(), connection.counters().toString());
            assertTrue(out.invalid().isEmpty(), out.invalid().toString());
        }
    }

    /**
     * A {@link ManualClock} that, once armed, parks the first OkHttp thread that reads the monotonic clock until
     * released. The reader thread reads it in onMessage after its generation check and before the publish: exactly
     * the gap in which the socket can be declared dead.
     */
    private static final class GateClock implements LiveClock
    {
        final ManualClock base = new ManualClock(START_NS);
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long epochNanos()
        {
            return base.epochNanos();
        }

        @Override
        public long monotonicNanos()
        {
            // our own timer and REST threads are named trader-live-*; the test thread never reads the clock once armed
            if (!Thread.currentThread().getName().startsWith("trader-live") && armed.compareAndSet(true, false))
            {
                entered.countDown();
                await(release);
            }
            return base.monotonicNanos();
        }
    }

    /**
     * The reader thread has accepted a frame of the live socket when the watchdog declares that socket stale and
     * publishes DISCONNECTED; then the frame reaches the publisher. It must be dropped and counted, not journaled
     * after the DISCONNECTED of its own socket.
     */
    @Test
    void shouldNotJournalAFrameOfADeadSocketAfterItsDisconnected() throws Exception
    {
        final CountDownLatch send = new CountDownLatch(1);
        try (FakeVenue venue = new FakeVenue("/stream"))
        {
            venue.script((socket, index) ->
            {
                if (index == 1)
                {
                    await(send);
                    socket.send("{\"late\":1}");
                }
            });
            final String yaml = "  binance-usdm:\n"
                + "    wsUrl: " + venue.wsUrl() + "\n"
                + "    restUrl: " + venue.restUrl() + "\n"
                + "    symbols: [BTCUSDT]\n"
                + "    channels: [trade]\n"
                + "    staleAfter: 1s\n"
                + "    reconnect: { minBackoff: 40ms, maxBackoff: 400ms, seed: 7 }\n";
            final GateClock clock = new GateClock();
            final CollectingPublisher out = new CollectingPublisher();
            final LiveSource source = new LiveSource(LiveTestConfig.venues(tmp, yaml), LiveTestConfig.registry(), out, clock, 64 * 1024)
                .start();
            final VenueConnection connection = source.connections().get(0);
            try
            {
                assertTrue(out.awaitState(ConnectionState.SUBSCRIBED, 1, WAIT_MS), out.stateNames().toString());
                clock.armed.set(true);
                send.countDown();
                assertTrue(clock.entered.await(WAIT_MS, TimeUnit.MILLISECONDS), "the reader thread took the frame");
                clock.base.advanceMillis(2_000); // past staleAfter: the next watchdog tick drops the socket
                assertTrue(out.awaitState(ConnectionState.DISCONNECTED, 1, WAIT_MS), out.stateNames().toString());
                clock.release.countDown();
                assertTrue(out.await(p -> connection.framesFromClosedSockets() == 1 || !p.frames().isEmpty(), WAIT_MS),
                    "the frame was either dropped or published");
            }
            finally
            {
                send.countDown();
                clock.release.countDown();
                source.stop(2_000);
            }
            assertTrue(out.frames().isEmpty(), "journaled after its socket's DISCONNECTED: " + out.all());
            assertEquals(1, connection.framesFromClosedSockets(), connection.counters().toString());
            assertEquals(ConnectionState.STALE, out.stateNames().get(out.stateNames().indexOf(ConnectionState.DISCONNECTED) - 1));
            assertEquals(0, connection.callbackErrors(), connection.counters().toString());
            assertFalse(out.timeWentBack());
        }
    }
}
