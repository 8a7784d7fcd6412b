package dev.trader.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.adapters.live.LivePublisher;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Binance USD-M futures on 127.0.0.1 replaying a recorded capture: the combined stream ({@code /stream?streams=..})
 * sends the capture's WebSocket lines in order, and {@code /fapi/v1/depth} serves snapshots. The venue's own book
 * (the truth) advances with every line the stream passes, delivered or not.
 *
 * <p>The first snapshot is the capture's inline one, served once the client has published every frame that preceded
 * it, and the stream resumes only once the client has published the snapshot, so a fault-free recording holds the
 * capture's exact order. Later snapshots are built from the truth at the stream's current position (all levels, the
 * exact strings received), {@code lastUpdateId} = the {@code u} of the last diff the venue passed.
 *
 * <p>Faults, keyed by capture line: DROP a diff, DUPLICATE it, REORDER it with the next diff, send a MALFORMED frame
 * after it, CLOSE the connection after it, or go SILENT after it (socket open, nothing sent); after CLOSE and SILENT
 * the venue moves on by at least {@link #LOST_WHILE_AWAY} lines and two diffs that no client receives. Before each
 * fault the venue waits (bounded) until {@code settled} says the client's book is trusted and has caught up, so one
 * fault is detected and repaired before the next; otherwise the stream runs as fast as the client reads it.
 */
final class FakeBinanceFutures implements AutoCloseable
{
    enum Fault
    {
        DROP,
        DUPLICATE,
        REORDER,
        MALFORMED,
        CLOSE,
        SILENCE
    }

    static final int LOST_WHILE_AWAY = 40;
    static final String MALFORMED_FRAME = "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"U\":51231,\"b\":[[\"1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WAIT_MS = 20_000;

    private final BinanceCapture capture;
    private final Map<Integer, Fault> faults;
    private final Supplier<LivePublisher> publisher;
    private final java.util.function.BooleanSupplier settled;
    private final MockWebServer server = new MockWebServer();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<String> restRequests = new CopyOnWriteArrayList<>();
    final List<String> wsRequests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final Map<Fault, Integer> faultsDone = new ConcurrentHashMap<>();
    /** Frames sent right after the capture line they are keyed by (a line without a fault); set before streaming. */
    final Map<Integer, String> extraFrames = new ConcurrentHashMap<>();

    // the venue: guarded by this
    private int position;
    private boolean truthStarted;
    private long truthId = -1;
    private long truthEventMs;
    private long truthTransactMs;
    private final List<JsonNode> pendingDiffs = new ArrayList<>();
    private final NavigableMap<BigDecimal, String[]> truthBids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<BigDecimal, String[]> truthAsks = new TreeMap<>();
    private boolean firstSnapshotServed;
    private boolean finished;

    FakeBinanceFutures(
        final BinanceCapture capture,
        final Map<Integer, Fault> faults,
        final Supplier<LivePublisher> publisher,
        final java.util.function.BooleanSupplier settled)
        throws IOException
    {
        this.capture = capture;
        this.faults = faults;
        this.publisher = publisher;
        this.settled = settled;
        server.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(final RecordedRequest request) throws InterruptedException
            {
                final String path = request.getPath() == null ? "" : request.getPath();
                if (path.startsWith("/stream"))
                {
                    wsRequests.add(path);
                    return new MockResponse().withWebSocketUpgrade(new Stream(connections.incrementAndGet()));
                }
                if (path.startsWith("/fapi/v1/depth"))
                {
                    restRequests.add(path);
                    return new MockResponse().setBody(snapshot()).setHeader("Content-Type", "application/json");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String wsUrl()
    {
        return server.url("/stream").toString().replaceFirst("^http", "ws");
    }

    String restUrl()
    {
        final String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    /** True once every line of the capture has been passed by the venue. */
    synchronized boolean finished()
    {
        return finished;
    }

    /** The venue's book at the end: price to quantity. */
    synchronized NavigableMap<BigDecimal, BigDecimal> truthBids()
    {
        return values(truthBids, Collections.reverseOrder());
    }

    synchronized NavigableMap<BigDecimal, BigDecimal> truthAsks()
    {
        return values(truthAsks, null);
    }

    synchronized long truthId()
    {
        return truthId;
    }

    private static NavigableMap<BigDecimal, BigDecimal> values(
        final NavigableMap<BigDecimal, String[]> side,
        final java.util.Comparator<BigDecimal> order)
    {
        final NavigableMap<BigDecimal, BigDecimal> m = new TreeMap<>(order);
        side.forEach((p, level) -> m.put(p, new BigDecimal(level[1])));
        return m;
    }

    private String snapshot() throws InterruptedException
    {
        final boolean first;
        synchronized (this)
        {
            first = !firstSnapshotServed;
            firstSnapshotServed = true;
        }
        if (first)
        {
            awaitPublished(() -> publisher.get().frames(), capture.framesBeforeSnapshot());
            return capture.json.get(capture.snapshotIndex);
        }
        synchronized (this)
        {
            final StringBuilder sb = new StringBuilder(64 * 1024).append("{\"lastUpdateId\":").append(truthId)
                .append(",\"E\":").append(truthEventMs).append(",\"T\":").append(truthTransactMs).append(",\"bids\":[");
            levels(sb, truthBids);
            sb.append("],\"asks\":[");
            levels(sb, truthAsks);
            return sb.append("]}").toString();
        }
    }

    private static void levels(final StringBuilder sb, final NavigableMap<BigDecimal, String[]> side)
    {
        boolean firstLevel = true;
        for (final String[] level : side.values())
        {
            sb.append(firstLevel ? "" : ",").append("[\"").append(level[0]).append("\",\"").append(level[1]).append("\"]");
            firstLevel = false;
        }
    }

    private static void awaitPublished(final LongSupplier count, final long atLeast) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + WAIT_MS;
        while (count.getAsLong() < atLeast && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(1);
        }
    }

    /** The venue passes line {@code i}: its book changes whether or not a client receives it. */
    private void advance(final int i)
    {
        final String line = capture.json.get(i);
        try
        {
            if (i == capture.snapshotIndex)
            {
                final JsonNode s = JSON.readTree(line);
                truthId = s.get("lastUpdateId").asLong();
                truthEventMs = s.get("E").asLong();
                truthTransactMs = s.get("T").asLong();
                load(truthBids, s.get("bids"));
                load(truthAsks, s.get("asks"));
                truthStarted = true;
                for (final JsonNode d : pendingDiffs)
                {
                    applyTruth(d);
                }
                pendingDiffs.clear();
            }
            else if (BinanceCapture.isDepth(line))
            {
                final JsonNode data = JSON.readTree(line).get("data");
                if (truthStarted)
                {
                    applyTruth(data);
                }
                else
                {
                    pendingDiffs.add(data);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void applyTruth(final JsonNode diff)
    {
        if (diff.get("u").asLong() < truthId)
        {
            return;
        }
        load(truthBids, diff.get("b"));
        load(truthAsks, diff.get("a"));
        truthId = diff.get("u").asLong();
        truthEventMs = diff.get("E").asLong();
        truthTransactMs = diff.get("T").asLong();
    }

    private static void load(final NavigableMap<BigDecimal, String[]> side, final JsonNode levels)
    {
        for (final JsonNode level : levels)
        {
            final String p = level.get(0).asText();
            final String q = level.get(1).asText();
            final BigDecimal price = new BigDecimal(p);
            if (new BigDecimal(q).signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, new String[]{p, q});
            }
        }
    }

    /** Streams from the venue's current position until the capture ends or a CLOSE/SILENCE fault. */
    private void stream(final WebSocket socket) throws InterruptedException
    {
        while (true)
        {
            final int i;
            final Fault fault;
            synchronized (this)
            {
                if (position >= capture.size())
                {
                    finished = true;
                    return;
                }
                i = position;
                fault = faults.get(i);
            }
            if (i == capture.snapshotIndex)
            {
                synchronized (this)
                {
                    advance(i);
                    position++;
                }
                // the capture's snapshot is a REST response: resume once the client has published it
                awaitPublished(() -> publisher.get().restResponses(), 1);
                continue;
            }
            while (socket.queueSize() > 1_000_000)
            {
                Thread.sleep(1);
            }
            if (fault == null)
            {
                synchronized (this)
                {
                    advance(i);
                    position++;
                }
                if (!socket.send(capture.json.get(i)))
                {
                    return; // the client dropped this connection: what the venue passed meanwhile is lost to it
                }
                final String extra = extraFrames.get(i);
                if (extra != null)
                {
                    socket.send(extra);
                }
                continue;
            }
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            while (!settled.getAsBoolean() && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(1);
            }
            faultsDone.merge(fault, 1, Integer::sum);
            switch (fault)
            {
                case DROP:
                    synchronized (this)
                    {
                        advance(i);
                        position++;
                    }
                    break;
                case DUPLICATE:
                    synchronized (this)
                    {
                        advance(i);
                        position++;
                    }
                    socket.send(capture.json.get(i));
                    socket.send(capture.json.get(i));
                    break;
                case REORDER:
                {
                    final int next = capture.depthAtOrAfter(i + 1);
                    synchronized (this)
                    {
                        for (int j = i; j <= next; j++)
                        {
                            advance(j);
                        }
                        position = next + 1;
                    }
                    for (int j = i + 1; j <= next; j++)
                    {
                        socket.send(capture.json.get(j));
                    }
                    socket.send(capture.json.get(i));
                    break;
                }
                case MALFORMED:
                    synchronized (this)
                    {
                        advance(i);
                        position++;
                    }
                    socket.send(capture.json.get(i));
                    socket.send(MALFORMED_FRAME);
                    break;
                case CLOSE:
                case SILENCE:
                    synchronized (this)
                    {
                        advance(i);
                        int j = i + 1;
                        int lostDiffs = 0;
                        while (j < capture.size() && (j < i + 1 + LOST_WHILE_AWAY || lostDiffs < 2))
                        {
                            lostDiffs += capture.isDepth(j) ? 1 : 0;
                            advance(j++);
                        }
                        position = j;
                    }
                    socket.send(capture.json.get(i));
                    if (fault == Fault.CLOSE)
                    {
                        socket.close(1001, "going away (test)");
                    }
                    return;
                default:
                    throw new IllegalStateException(fault.toString());
            }
        }
    }

    @Override
    public void close() throws Exception
    {
        for (final Thread t : threads)
        {
            t.interrupt();
        }
        for (final Thread t : threads)
        {
            t.join(5_000);
        }
        server.shutdown();
    }

    private final class Stream extends WebSocketListener
    {
        private final int index;

        Stream(final int index)
        {
            this.index = index;
        }

        @Override
        public void onOpen(final WebSocket webSocket, final Response response)
        {
            final Thread t = new Thread(() ->
            {
                try
                {
                    stream(webSocket);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "fake-binance-" + index);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        @Override
        public void onClosing(final WebSocket webSocket, final int code, final String reason)
        {
            webSocket.close(1000, null);
        }
    }
}
