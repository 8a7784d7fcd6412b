package dev.trader.replay.live;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * OKX v5 public WebSocket on 127.0.0.1 replaying the recorded BTC-USDT session ({@code okx/cryptofeed-btc-usdt.ws.log}
 * in the shared data folder): subscribe acks, then tickers, trades and the {@code books} snapshot and updates in
 * recorded order. The venue keeps its own book (the truth). A subscribe to {@code books} while the stream is under
 * way answers with a fresh snapshot of the truth, its checksum computed the OKX way (CRC32 of the top 25 levels,
 * {@code bid:size:ask:size}, as a signed int). One books update can be DROPPED: the venue's book moves, the client's
 * does not, and the next update's checksum no longer matches the client's book.
 */
final class FakeOkx implements AutoCloseable
{
    static final String FILE = "data/okx/cryptofeed-btc-usdt.ws.log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();
    private final int dropUpdate;
    private final MockWebServer server = new MockWebServer();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    // guarded by this
    private final NavigableMap<BigDecimal, String[]> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<BigDecimal, String[]> asks = new TreeMap<>();
    private int position;
    private int updatesSeen;
    private boolean booksSubscribed;
    private boolean started;
    private int snapshotsSent;
    private int framesSent;
    private boolean finished;

    /**
     * @param dropUpdate index (0-based, among books updates) of the update not delivered; -1 for none
     */
    FakeOkx(final int dropUpdate) throws IOException
    {
        final Path file = SharedFixtures.require(FILE);
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final int json = line.indexOf(": {");
            if (json > 0 && line.contains("\"data\""))
            {
                lines.add(line.substring(json + 2));
            }
        }
        this.dropUpdate = dropUpdate;
        server.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(final RecordedRequest request)
            {
                return new MockResponse().withWebSocketUpgrade(new Venue());
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    String wsUrl()
    {
        return server.url("/ws/v5/public").toString().replaceFirst("^http", "ws");
    }

    synchronized boolean finished()
    {
        return finished;
    }

    synchronized int snapshotsSent()
    {
        return snapshotsSent;
    }

    synchronized int framesSent()
    {
        return framesSent;
    }

    synchronized NavigableMap<BigDecimal, BigDecimal> truth(final boolean bidSide)
    {
        final NavigableMap<BigDecimal, BigDecimal> m = new TreeMap<>(bidSide ? Collections.reverseOrder() : null);
        (bidSide ? bids : asks).forEach((p, level) -> m.put(p, new BigDecimal(level[1])));
        return m;
    }

    private static boolean isBooks(final String line)
    {
        return line.startsWith("{\"arg\":{\"channel\":\"books\"");
    }

    private void apply(final JsonNode data, final boolean snapshot)
    {
        if (snapshot)
        {
            bids.clear();
            asks.clear();
        }
        load(bids, data.get("bids"));
        load(asks, data.get("asks"));
    }

    private static void load(final NavigableMap<BigDecimal, String[]> side, final JsonNode levels)
    {
        for (final JsonNode level : levels)
        {
            final BigDecimal price = new BigDecimal(level.get(0).asText());
            if (new BigDecimal(level.get(1).asText()).signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, new String[]{level.get(0).asText(), level.get(1).asText(), level.get(2).asText(), level.get(3).asText()});
            }
        }
    }

    /** The truth as an OKX books snapshot message with its checksum. */
    private String snapshot()
    {
        final StringBuilder text = new StringBuilder();
        final List<String[]> b = new ArrayList<>(bids.values());
        final List<String[]> a = new ArrayList<>(asks.values());
        for (int i = 0; i < Math.max(Math.min(25, b.size()), Math.min(25, a.size())); i++)
        {
            if (i < Math.min(25, b.size()))
            {
                text.append(text.length() == 0 ? "" : ":").append(b.get(i)[0]).append(':').append(b.get(i)[1]);
            }
            if (i < Math.min(25, a.size()))
            {
                text.append(text.length() == 0 ? "" : ":").append(a.get(i)[0]).append(':').append(a.get(i)[1]);
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"snapshot\",\"data\":[{\"asks\":" + levels(a)
            + ",\"bids\":" + levels(b) + ",\"ts\":\"1652459230000\",\"checksum\":" + (int)crc.getValue() + "}]}";
    }

    private static String levels(final List<String[]> side)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < side.size(); i++)
        {
            final String[] l = side.get(i);
            sb.append(i == 0 ? "" : ",").append("[\"").append(l[0]).append("\",\"").append(l[1]).append("\",\"").append(l[2])
                .append("\",\"").append(l[3]).append("\"]");
        }
        return sb.append(']').toString();
    }

    private void stream(final WebSocket socket) throws InterruptedException
    {
        while (true)
        {
            final String line;
            boolean deliver = true;
            synchronized (this)
            {
                if (position >= lines.size())
                {
                    finished = true;
                    return;
                }
                line = lines.get(position++);
                if (isBooks(line))
                {
                    try
                    {
                        final JsonNode root = JSON.readTree(line);
                        final boolean snapshot = "snapshot".equals(root.path("action").asText());
                        apply(root.get("data").get(0), snapshot);
                        if (!snapshot && updatesSeen++ == dropUpdate)
                        {
                            deliver = false;
                        }
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                    deliver &= booksSubscribed;
                }
                if (deliver)
                {
                    framesSent++;
                    socket.send(line);
                }
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() throws Exception
    {
        for (final Thread t : threads)
        {
            t.interrupt();
            t.join(5_000);
        }
        server.shutdown();
    }

    private final class Venue extends WebSocketListener
    {
        @Override
        public void onMessage(final WebSocket socket, final String text)
        {
            received.add(text);
            if ("ping".equals(text))
            {
                socket.send("pong");
                return;
            }
            final boolean books = text.contains("\"channel\":\"books\"");
            synchronized (FakeOkx.this)
            {
                if (text.contains("\"op\":\"unsubscribe\"") && books)
                {
                    booksSubscribed = false;
                    framesSent++;
                    socket.send("{\"event\":\"unsubscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}");
                }
                else if (text.contains("\"op\":\"subscribe\""))
                {
                    framesSent++;
                    socket.send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}");
                    if (books && started)
                    {
                        // a resubscribe mid-stream: the venue answers with its current book
                        booksSubscribed = true;
                        snapshotsSent++;
                        framesSent++;
                        socket.send(snapshot());
                    }
                    else if (!started)
                    {
                        started = true;
                        booksSubscribed = books;
                        snapshotsSent++; // the recorded snapshot is the first books line of the stream
                        final Thread t = new Thread(() ->
                        {
                            try
                            {
                                stream(socket);
                            }
                            catch (final InterruptedException ex)
                            {
                                Thread.currentThread().interrupt();
                            }
                        }, "fake-okx");
                        t.setDaemon(true);
                        threads.add(t);
                        t.start();
                    }
                }
            }
        }

        @Override
        public void onClosing(final WebSocket socket, final int code, final String reason)
        {
            socket.close(1000, null);
        }
    }
}
