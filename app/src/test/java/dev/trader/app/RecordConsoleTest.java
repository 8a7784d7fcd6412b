package dev.trader.app;

import dev.trader.codecs.sbe.ConnectionState;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trader record} against a local venue that refuses every WebSocket upgrade with 429 and Retry-After: 1: the
 * user sees one line per failed connect on standard error, each attempt waits the venue's second, and the journal
 * says the same (RECONNECT_SCHEDULED with the delay and the reason).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordConsoleTest
{
    @TempDir
    Path tmp;

    /** The waits scheduled after a failure (not the connect rate limit's own: no failure, no console line). */
    private static List<JournaledConnectionEvents.Event> reconnects(final Path journal)
    {
        return JournaledConnectionEvents.read(journal).stream()
            .filter(e -> e.state() == ConnectionState.RECONNECT_SCHEDULED && e.detail().startsWith("reconnect attempt")).toList();
    }

    @Test
    void shouldPrintOneLinePerFailedConnectWhileTheVenueRefusesTheUpgrade() throws Exception
    {
        final AtomicInteger upgrades = new AtomicInteger();
        final MockWebServer venue = new MockWebServer();
        venue.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(final RecordedRequest request)
            {
                upgrades.incrementAndGet();
                return new MockResponse().setStatus("HTTP/1.1 429 Too Many Requests").setHeader("Retry-After", "1");
            }
        });
        venue.start(InetAddress.getByName("127.0.0.1"), 0);
        final String ws = venue.url("/stream").toString().replaceFirst("^http", "ws");
        final Path config = tmp.resolve("record.yaml");
        Files.writeString(config, "engine: { ringSize: 256, waitStrategy: blocking }\n"
            + "instruments: " + CliHarness.rootDir().resolve("configs").resolve("instruments.yaml") + "\n"
            + "venues:\n"
            + "  binance-usdm:\n"
            + "    wsUrl: " + ws + "\n"
            + "    symbols: [BTCUSDT]\n"
            + "    channels: [bookTicker]\n"
            + "    reconnect: { minBackoff: 100ms, maxBackoff: 800ms }\n");
        final Path recording = tmp.resolve("rec");
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        final StringWriter cliErr = new StringWriter();
        final int exit;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try
        {
            final CommandLine cl = TraderCli.commandLine();
            cl.setErr(new PrintWriter(cliErr, true));
            exit = cl.execute("record", "--config", config.toString(), "--journal", recording.toString(), "--duration", "2500ms");
        }
        finally
        {
            System.setErr(originalErr);
            venue.shutdown();
        }
        assertEquals(0, exit, cliErr.toString());
        final List<JournaledConnectionEvents.Event> scheduled = reconnects(recording.resolve("input"));
        assertTrue(!scheduled.isEmpty() && upgrades.get() >= scheduled.size(), scheduled + " after " + upgrades.get() + " upgrades");
        final String host = URI.create(ws).getHost();
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < scheduled.size(); i++)
        {
            assertEquals(new JournaledConnectionEvents.Event(ConnectionState.RECONNECT_SCHEDULED, i + 1, 1_000, "reconnect attempt " + (i + 1) + " in 1000 ms (Retry-After 1 s)"), scheduled.get(i),
                "the venue's second, not the 50-800 ms backoff");
            expected.add("binance-usdm " + host + ": connect failed: HTTP 429 Too Many Requests; attempt " + (i + 1)
                + ", next in 1 s (Retry-After 1 s)");
        }
        final List<String> lines = new ArrayList<>();
        for (final String line : errBytes.toString(StandardCharsets.UTF_8).split("\n"))
        {
            if (line.contains(" binance-usdm "))
            {
                assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ binance-usdm .*"), line);
                lines.add(line.substring(line.indexOf(' ') + 1));
            }
        }
        assertEquals(expected, lines, "one line per failed connect, as journaled");
    }
}
