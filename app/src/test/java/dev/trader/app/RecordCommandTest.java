package dev.trader.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trader record} against a local Binance-like venue on 127.0.0.1: bounded by --duration in process, and
 * stopped by SIGTERM in a child JVM; either way the journal is complete (CLOSED last, summary written) and replays
 * to the recorded output hash.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RecordCommandTest
{
    private static final String SNAPSHOT = "{\"lastUpdateId\":100,\"E\":1,\"T\":1,\"bids\":[[\"61000.10\",\"1.000\"]],"
        + "\"asks\":[[\"61000.20\",\"2.000\"]]}";

    @TempDir
    Path tmp;

    private MockWebServer venue;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Thread> streams = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startVenue() throws Exception
    {
        venue = new MockWebServer();
        venue.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(final RecordedRequest request)
            {
                if (request.getPath() != null && request.getPath().startsWith("/stream"))
                {
                    return new MockResponse().withWebSocketUpgrade(new WebSocketListener()
                    {
                        @Override
                        public void onOpen(final WebSocket socket, final Response response)
                        {
                            final Thread t = new Thread(() -> stream(socket), "record-test-venue");
                            t.setDaemon(true);
                            streams.add(t);
                            t.start();
                        }

                        @Override
                        public void onClosing(final WebSocket socket, final int code, final String reason)
                        {
                            socket.close(1000, null);
                        }
                    });
                }
                return new MockResponse().setBody(SNAPSHOT);
            }
        });
        venue.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private void stream(final WebSocket socket)
    {
        for (int i = 0; i < 20_000; i++)
        {
            final String frame = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + (1000 + i)
                + ",\"s\":\"BTCUSDT\",\"b\":\"61000.10\",\"B\":\"1.000\",\"a\":\"61000.20\",\"A\":\"2.000\",\"T\":1,\"E\":1}}";
            if (!socket.send(frame))
            {
                return;
            }
            sent.incrementAndGet();
            try
            {
                Thread.sleep(2);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    @AfterEach
    void stopVenue() throws Exception
    {
        for (final Thread t : streams)
        {
            t.interrupt();
            t.join(5_000);
        }
        venue.shutdown();
    }

    private Path config() throws Exception
    {
        final String ws = venue.url("/stream").toString().replaceFirst("^http", "ws");
        final String rest = venue.url("/").toString().replaceAll("/$", "");
        final Path file = tmp.resolve("record.yaml");
        final String instruments = Path.of(System.getProperty("trader.root.dir", "..")).toAbsolutePath().normalize()
            .resolve("configs").resolve("instruments.yaml").toString();
        Files.writeString(file, "engine: { ringSize: 256, waitStrategy: blocking }\n"
            + "instruments: " + instruments + "\n"
            + "venues:\n"
            + "  binance-usdm:\n"
            + "    wsUrl: " + ws + "\n"
            + "    restUrl: " + rest + "\n"
            + "    symbols: [BTCUSDT]\n"
            + "    channels: [\"depth@0ms\", bookTicker]\n"
            + "    staleAfter: 30s\n"
            + "    snapshot: { delay: 10ms }\n");
        return file;
    }

    private static List<ConnectionState> connectionStates(final Path journal)
    {
        return JournaledConnectionEvents.read(journal).stream().map(JournaledConnectionEvents.Event::state).toList();
    }

    private static void assertCompleteAndReplayable(final Path recording, final Path config, final Path replayDir) throws Exception
    {
        final JsonNode summary = new ObjectMapper().readTree(recording.resolve("summary.json").toFile());
        assertTrue(summary.path("inputCounts").path("RawMessage").asLong() > 10, summary.toString());
        assertEquals(0, summary.path("live").path("connections").path("publisher").path("publishFailures").asLong(), summary.toString());
        final List<ConnectionState> states = connectionStates(recording.resolve("input"));
        assertEquals(ConnectionState.CONNECTING, states.get(0));
        assertEquals(ConnectionState.CLOSED, states.get(states.size() - 1), "the journal ends with the connection closed: " + states);
        final RunResult replay = ReplayRunner.run(recording.resolve("input"), TraderConfig.load(config), replayDir);
        assertEquals(summary.path("outputSha256").asText(), replay.outputSha256(), "the recording replays to its hash");
        assertEquals(summary.path("inputEvents").asLong(), replay.inputEvents());
    }

    @Test
    void shouldRecordForTheGivenDurationAndWriteAReplayableJournal() throws Exception
    {
        final Path config = config();
        final Path recording = tmp.resolve("rec");
        final StringWriter err = new StringWriter();
        final CommandLine cl = TraderCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute("record", "--config", config.toString(), "--journal", recording.toString(), "--duration", "1500ms");
        assertEquals(0, exit, err.toString());
        assertCompleteAndReplayable(recording, config, tmp.resolve("replay"));
        final int again = cl.execute("record", "--config", config.toString(), "--journal", recording.toString(), "--duration", "1s");
        assertEquals(2, again, "an existing recording is never overwritten");
        assertTrue(err.toString().contains("already holds a recording"), err.toString());
    }

    /** Stands in for a failure the pipeline cannot contain (a journal append that fails): an Error, not an exception. */
    private static final class SimulatedJournalFailure extends Error
    {
        SimulatedJournalFailure()
        {
            super("simulated journal append failure");
        }
    }

    /**
     * Issue #9: when the engine cannot go on, {@code trader record} stops at once and exits 1 with one line saying so,
     * instead of running on (here for up to an hour) while journaling nothing; the summary records the failure.
     */
    @Test
    void shouldExitNonZeroAtOnceWhenTheEngineCannotGoOn() throws Exception
    {
        final Path config = config();
        final Path recording = tmp.resolve("rec-fail");
        final RecordCommand command = new RecordCommand();
        final int[] seen = {0};
        command.extraStages = List.of(new Stage()
        {
            @Override
            public String name()
            {
                return "fatal-probe";
            }

            @Override
            public void onEvent(final EventView event, final Emitter emitter)
            {
                if (event.templateId() == RawMessageDecoder.TEMPLATE_ID && ++seen[0] == 50)
                {
                    throw new SimulatedJournalFailure();
                }
            }
        });
        final StringWriter err = new StringWriter();
        final CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute("--config", config.toString(), "--journal", recording.toString(), "--duration", "1h");

        assertEquals(1, exit, err.toString());
        final String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("trader record: the engine stopped and can journal nothing more "
            + "(dev.trader.app.RecordCommandTest$SimulatedJournalFailure: simulated journal append failure); "
            + "the recording up to the failure is in "), message);
        final JsonNode summary = new ObjectMapper().readTree(recording.resolve("summary.json").toFile());
        assertTrue(summary.path("live").path("failure").asText().contains("simulated journal append failure"), summary.toString());
        final List<ConnectionState> states = connectionStates(recording.resolve("input"));
        assertEquals(ConnectionState.CONNECTING, states.get(0));
    }

    @Test
    void shouldStopCleanlyOnSigtermWithACompleteReplayableJournal() throws Exception
    {
        final Path config = config();
        final Path recording = tmp.resolve("rec-sigterm");
        final List<String> command = CliHarness.childTrader(tmp, "record", "--config", config.toString(), "--journal",
            recording.toString());
        final Path childErr = tmp.resolve("child-stderr.txt");
        final Path childOut = tmp.resolve("child-stdout.txt");
        // stdout to a file: Process.destroy() closes the pipes, and the shutdown hook still has a summary to print
        final Process child = new ProcessBuilder(command).redirectError(childErr.toFile()).redirectOutput(childOut.toFile()).start();
        try
        {
            final long deadline = System.currentTimeMillis() + 60_000;
            while (sent.get() < 300 && child.isAlive() && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
            assertTrue(child.isAlive(), "child exited early: " + Files.readString(childOut) + Files.readString(childErr));
            assertTrue(sent.get() >= 300, "the venue streamed to the child: " + sent.get());
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child stops on SIGTERM");
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        final String out = Files.readString(childOut) + Files.readString(childErr);
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal
        assertEquals(143, child.exitValue(), out);
        assertTrue(out.contains("stopped by signal"), out);
        assertTrue(out.contains("outputSha256"), out);
        assertCompleteAndReplayable(recording, config, tmp.resolve("replay-sigterm"));
    }
}
