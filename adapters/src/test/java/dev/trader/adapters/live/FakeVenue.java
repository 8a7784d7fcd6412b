package dev.trader.adapters.live;

import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A venue on 127.0.0.1 (OkHttp MockWebServer): WebSocket upgrades on {@code wsPath}, each connection running a
 * scripted behaviour on its own thread, and a REST handler for everything else. Records what clients send. The
 * server's WebSocket listener answers a client's close in {@code onClosing} (otherwise shutdown stalls 5 s).
 */
final class FakeVenue implements AutoCloseable
{
    /** What the venue does on one connection, on its own thread. */
    @FunctionalInterface
    interface Script
    {
        void run(WebSocket socket, int connectionIndex) throws Exception;
    }

    /** How the venue answers text pings. */
    enum Pongs
    {
        NONE,
        OKX,
        BYBIT
    }

    final MockWebServer server = new MockWebServer();
    final List<String> received = new CopyOnWriteArrayList<>();
    final List<String> wsRequestPaths = new CopyOnWriteArrayList<>();
    final List<String> restRequestPaths = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final String wsPath;
    private volatile Script script = (socket, index) -> { };
    private volatile Pongs pongs = Pongs.NONE;
    private volatile Function<RecordedRequest, MockResponse> rest = r -> new MockResponse().setResponseCode(404);
    private volatile Function<Integer, MockResponse> refuse = index -> null;

    FakeVenue(final String wsPath) throws IOException
    {
        this.wsPath = wsPath;
        server.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(final RecordedRequest request)
            {
                final String path = request.getPath() == null ? "" : request.getPath();
                if (path.startsWith(wsPath) && "websocket".equalsIgnoreCase(request.getHeader("Upgrade")))
                {
                    wsRequestPaths.add(path);
                    final MockResponse refused = refuse.apply(wsRequestPaths.size());
                    return refused != null ? refused : new MockResponse().withWebSocketUpgrade(new VenueSide(connections.incrementAndGet()));
                }
                restRequestPaths.add(path);
                return rest.apply(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    FakeVenue script(final Script s)
    {
        this.script = s;
        return this;
    }

    FakeVenue pongs(final Pongs p)
    {
        this.pongs = p;
        return this;
    }

    /** Answers upgrade request {@code n} (1-based) with {@code refuse.apply(n)} instead of upgrading, unless that is null. */
    FakeVenue refuseUpgrades(final Function<Integer, MockResponse> refuse)
    {
        this.refuse = refuse;
        return this;
    }

    FakeVenue rest(final Function<RecordedRequest, MockResponse> handler)
    {
        this.rest = handler;
        return this;
    }

    /** ws://127.0.0.1:port{wsPath} */
    String wsUrl()
    {
        return server.url(wsPath).toString().replaceFirst("^http", "ws");
    }

    /** http://127.0.0.1:port */
    String restUrl()
    {
        final String u = server.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    List<String> receivedMatching(final String fragment)
    {
        final List<String> result = new ArrayList<>();
        for (final String s : received)
        {
            if (s.contains(fragment))
            {
                result.add(s);
            }
        }
        return result;
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

    /** Sleeps without failing the script when the test ends it. */
    static boolean pause(final long ms)
    {
        try
        {
            Thread.sleep(ms);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final class VenueSide extends WebSocketListener
    {
        private final int index;

        VenueSide(final int index)
        {
            this.index = index;
        }

        @Override
        public void onOpen(final WebSocket webSocket, final Response response)
        {
            final Script s = script;
            final Thread t = new Thread(() ->
            {
                try
                {
                    s.run(webSocket, index);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                catch (final Exception ex)
                {
                    webSocket.cancel();
                }
            }, "fake-venue-" + index);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        @Override
        public void onMessage(final WebSocket webSocket, final String text)
        {
            received.add(text);
            if (pongs == Pongs.OKX && "ping".equals(text))
            {
                webSocket.send("pong");
            }
            else if (pongs == Pongs.BYBIT && text.contains("\"op\":\"ping\""))
            {
                webSocket.send("{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"c" + index + "\",\"op\":\"ping\"}");
            }
        }

        @Override
        public void onClosing(final WebSocket webSocket, final int code, final String reason)
        {
            closedByClient.incrementAndGet();
            webSocket.close(1000, null);
        }
    }
}
