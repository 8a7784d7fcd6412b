package dev.trader.adapters.capture;

import dev.trader.adapters.archive.CorruptArchiveException;
import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.RecordingSink.Raw;
import dev.trader.adapters.capture.RecordingSink.Rejected;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The capture importer on the real captures (read in place; skipped when absent) and on every refused line form. */
class CaptureImporterTest
{
    private static final Path SHARED = SharedFixtures.dir().resolve("data");
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));

    private final InstrumentRegistry registry = InstrumentRegistry.load(ROOT.resolve("configs/instruments.yaml"));
    private final CaptureImporter importer = new CaptureImporter();
    private final RecordingSink sink = new RecordingSink();

    // ------------------------------------------------------------------------------------------------ real captures

    @Test
    void shouldImportHftbacktestCaptureByteForByteWithTheSnapshotForTheHint() throws IOException
    {
        final Path file = shared("binance-usdm/capture-btcusdt-20240808.gz");
        final Instrument btc = registry.find(Venue.BINANCE_USDM, "BTCUSDT");
        final CaptureImportResult result = importer.importFile(file, Venue.BINANCE_USDM, registry, btc, sink);

        assertEquals(CaptureFormat.TIMESTAMPED_LINES, result.format());
        assertEquals(93_954, result.lines());
        assertEquals(93_953, result.webSocketMessages());
        assertEquals(1, result.restMessages());
        assertEquals(0, result.rejects());
        assertEquals(0, result.outOfOrder());
        assertEquals(1723161255030314667L, result.firstReceiveTsNs());

        final List<String> lines = firstLines(file, 60);
        final List<Raw> raws = sink.raws();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            final int space = line.indexOf(' ');
            assertEquals(Long.parseLong(line.substring(0, space)), raws.get(i).receiveTsNs());
            assertEquals(line.substring(space + 1), raws.get(i).payload(), "payload exactly as received");
        }
        assertEquals(new Raw(0, 1723161255030314667L, 0, VenueCode.BINANCE_USDM, 1, 1, false, raws.get(0).payload()), raws.get(0));
        final Raw snapshot = raws.get(54);
        assertTrue(snapshot.payload().startsWith("{\"lastUpdateId\":5123107852948,"));
        assertEquals(new Raw(0, 1723161255319702566L, btc.id(), VenueCode.BINANCE_USDM, 0, 1, true, snapshot.payload()), snapshot);
        assertEquals(55, raws.get(55).sequence(), "WebSocket frames keep their own count");
    }

    @Test
    void shouldMergeCryptofeedRestSnapshotsInTimeOrder() throws IOException
    {
        final Path file = shared("binance-spot/cryptofeed-4sym.ws.log");
        final CaptureImportResult result = importer.importFile(file, Venue.BINANCE_SPOT, registry, null, sink);

        assertEquals(CaptureFormat.CRYPTOFEED, result.format());
        assertEquals(List.of(file, file.resolveSibling("cryptofeed-4sym.http.log")), result.files());
        assertEquals(265, result.webSocketMessages());
        assertEquals(4, result.restMessages());
        assertEquals(1, result.connectionsOpened());
        assertEquals(2, result.blankLines(), "each log has an empty line");
        assertEquals(0, result.rejects());
        assertEquals(0, result.outOfOrder());

        final List<Raw> raws = sink.raws();
        assertEquals(1633998512063356900L, raws.get(0).receiveTsNs(), "1633998512.0633569 s, exactly");
        for (int i = 1; i < raws.size(); i++)
        {
            assertTrue(raws.get(i - 1).receiveTsNs() <= raws.get(i).receiveTsNs(), "in time order at " + i);
        }
        final List<Raw> rest = raws.stream().filter(Raw::isRest).toList();
        assertEquals(List.of("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR"),
            rest.stream().map(r -> registry.byId(r.instrumentId()).symbol()).toList());
        assertEquals(1633998512320639000L, rest.get(0).receiveTsNs());
        assertTrue(rest.get(0).payload().startsWith("{\"lastUpdateId\":499869752,"));
        assertEquals(0, rest.get(0).connectionId());
        assertTrue(raws.stream().filter(r -> !r.isRest()).allMatch(r -> r.connectionId() == 1));
    }

    @Test
    void shouldImportOkxCryptofeedLogWithoutHttpCompanion() throws IOException
    {
        final CaptureImportResult result = importer.importFile(shared("okx/cryptofeed-btc-usdt.ws.log"), Venue.OKX, registry, null,
            sink);

        assertEquals(1, result.files().size());
        assertEquals(198, result.webSocketMessages());
        assertEquals(0, result.restMessages());
        assertEquals(1, result.connectionsOpened());
        assertEquals(0, result.rejects());
        assertTrue(sink.raws().stream().allMatch(r -> r.venue() == VenueCode.OKX && r.instrumentId() == 0));
        assertEquals("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}}", sink.raws().get(0).payload());
        assertEquals(1652459225503888800L, sink.raws().get(0).receiveTsNs());
    }

    @Test
    void shouldImportBybitHistoryZipTimedByItsTsField() throws IOException
    {
        final Path file = shared("bybit/xrpusdt-ob500.data.zip");
        final CaptureImportResult result = importer.importFile(file, Venue.BYBIT, registry, null, sink);

        assertEquals(CaptureFormat.TIMED_JSON_LINES, result.format());
        assertEquals(50, result.webSocketMessages());
        assertEquals(0, result.rejects());
        final Raw first = sink.raws().get(0);
        assertEquals(1733011200691L * 1_000_000L, first.receiveTsNs());
        assertEquals(VenueCode.BYBIT, first.venue());
        assertTrue(first.payload().startsWith("{\"topic\":\"orderbook.500.XRPUSDT\",\"type\":\"snapshot\""));
        assertTrue(first.payload().endsWith("}"), "CRLF removed, nothing else");
    }

    // ------------------------------------------------------------------------------------------------ line forms

    @Test
    void shouldRefuseUnreadableTimestampedLinesAndKeepGoing(@TempDir final Path tmp) throws IOException
    {
        final Path file = tmp.resolve("capture.gz");
        writeGzip(file, "100 {\"a\":1}\n"
            + "abc {\"a\":2}\n"
            + "\n"
            + "-5 {\"a\":3}\n"
            + "200\n"
            + "300 {\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}\r\n"
            + "400 not json at all\n");
        final CaptureImportResult result = importer.importFile(file, Venue.BINANCE_USDM, registry, null, sink);

        assertEquals(7, result.lines());
        assertEquals(2, result.webSocketMessages(), "malformed JSON is journaled as received: the parser refuses it");
        assertEquals(0, result.restMessages());
        assertEquals(1, result.blankLines());
        assertEquals(4, result.rejects());
        assertEquals(3, result.rejects(RejectReason.MALFORMED));
        assertEquals(1, result.rejects(RejectReason.UNKNOWN_INSTRUMENT));

        final List<Rejected> rejects = sink.rejects();
        assertEquals(new Rejected(100, 100, 0, "capture", RejectReason.MALFORMED, 2,
            "capture.gz:2: receive time 'abc' is not a positive integer of nanoseconds", "abc {\"a\":2}"), rejects.get(0));
        assertEquals(4, rejects.get(1).reference());
        assertEquals(5, rejects.get(2).reference());
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, rejects.get(3).reason());
        assertTrue(rejects.get(3).detail().contains("--symbol"), rejects.get(3).detail());
        assertEquals("400 not json at all".substring(4), sink.raws().get(1).payload());
        assertEquals(rejects.get(0).detail(), result.firstReject());
    }

    /** Issue #9 case 5: the real capture cut after 2,000,000 of its 3,637,062 bytes. */
    @Test
    void shouldRaiseOneLineWhenTheRealCaptureIsTruncated(@TempDir final Path tmp) throws IOException
    {
        final Path file = tmp.resolve("capture-btcusdt-20240808.gz");
        try (InputStream in = Files.newInputStream(shared("binance-usdm/capture-btcusdt-20240808.gz")))
        {
            Files.write(file, in.readNBytes(2_000_000));
        }
        final Instrument btc = registry.find(Venue.BINANCE_USDM, "BTCUSDT");

        final CorruptArchiveException ex = assertThrows(CorruptArchiveException.class,
            () -> importer.importFile(file, Venue.BINANCE_USDM, registry, btc, sink));

        assertEquals("truncated gzip: " + file + " ends unexpectedly after 50347 lines", ex.getMessage());
        assertEquals(50_347, ex.unitsRead());
        assertEquals(50_347, sink.raws().size(), "every complete line was written before the end was found: the caller discards them");
        assertTrue(sink.rejects().isEmpty());
    }

    @Test
    void shouldRaiseOneLineWhenAGzipEndsBeforeItsFirstLine(@TempDir final Path tmp) throws IOException
    {
        final Path full = tmp.resolve("full.gz");
        writeGzip(full, "1 {\"a\":1}\n".repeat(100));
        final Path file = tmp.resolve("cut.gz");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(full), 12));

        final CorruptArchiveException ex = assertThrows(CorruptArchiveException.class, () -> CaptureImporter.detectFormat(file));

        assertEquals("truncated gzip: " + file + " ends unexpectedly after 0 lines", ex.getMessage());
    }

    @Test
    void shouldReadCryptofeedLineFormsAndNumberConnections(@TempDir final Path tmp) throws IOException
    {
        final Path ws = tmp.resolve("feed.ws.log");
        Files.writeString(ws, "wss://x/stream <-> 10.5\n"
            + "10.6: {\"m\":1}\n"
            + "wss://x/stream <- 10.7: {\"method\":\"SUBSCRIBE\"}\n"
            + "10.8: {\"m\":2}\n"
            + "wss://x/stream <-> 11\n"
            + "11.000000001: {\"m\":3}\n"
            + "11.0000000001: {\"m\":4}\n"
            + "configuration: {\"x\":1}\n"
            + "wss://x/stream <-> soon\n"
            + "12: {\"m\":5}\n");
        final CaptureImportResult result = importer.importFile(ws, Venue.BINANCE_USDM, registry, null, sink);

        assertEquals(CaptureFormat.CRYPTOFEED, result.format());
        assertEquals(1, result.files().size(), "no http log beside it");
        assertEquals(2, result.connectionsOpened());
        assertEquals(1, result.sentSkipped());
        assertEquals(4, result.webSocketMessages());
        assertEquals(3, result.rejects());

        final List<Raw> raws = sink.raws();
        assertEquals(List.of(10_600_000_000L, 10_800_000_000L, 11_000_000_001L, 12_000_000_000L),
            raws.stream().map(Raw::receiveTsNs).toList());
        assertEquals(List.of(1, 1, 2, 2), raws.stream().map(Raw::connectionId).toList());
        assertEquals(List.of(1L, 2L, 1L, 2L), raws.stream().map(Raw::sequence).toList());
        assertEquals(List.of(7L, 8L, 9L), sink.rejects().stream().map(Rejected::reference).toList());
        assertTrue(sink.rejects().get(0).detail().contains("'11.0000000001'"), sink.rejects().get(0).detail());
        assertEquals(11_000_000_001L, sink.rejects().get(0).receiveTsNs(), "timed like the message before it");
    }

    @Test
    void shouldMergeHttpLogStablyAndResolveRestSymbols(@TempDir final Path tmp) throws IOException
    {
        final Path ws = tmp.resolve("f.ws.log");
        final Path http = tmp.resolve("f.http.log");
        Files.writeString(ws, "wss://x <-> 1.0\n1.5: {\"w\":1}\n2.0: {\"w\":2}\n3.0: {\"w\":3}\n");
        Files.writeString(http, "https://x/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000 -> 2.0: {\"lastUpdateId\":1}\n"
            + "https://x/fapi/v1/depth?limit=5&symbol=CTKUSDT -> 2.5: {\"lastUpdateId\":2}\n"
            + "https://x/fapi/v1/depth?symbol=DOGEUSDT -> 2.6: {\"lastUpdateId\":3}\n"
            + "https://x/fapi/v1/time -> 2.7: {\"serverTime\":1}\n"
            + "https://x/fapi/v1/depth?symbol=AKROUSDT -> 0.5: {\"lastUpdateId\":4}\n");
        final Instrument btc = registry.find(Venue.BINANCE_USDM, "BTCUSDT");
        final CaptureImportResult result = importer.importFile(ws, Venue.BINANCE_USDM, registry, btc, sink);

        assertEquals(List.of(ws, http), result.files());
        final List<String> order = sink.events().stream().map(e -> e instanceof Raw r ? r.payload() : "reject").toList();
        assertEquals(List.of("{\"w\":1}", "{\"w\":2}", "{\"lastUpdateId\":1}", "{\"lastUpdateId\":2}", "reject",
            "{\"serverTime\":1}", "{\"lastUpdateId\":4}", "{\"w\":3}"), order, "ties: the WebSocket line first");
        final List<Raw> rest = sink.raws().stream().filter(Raw::isRest).toList();
        assertEquals(List.of(3, 6, btc.id(), 4), rest.stream().map(Raw::instrumentId).toList(), "URL symbol, else the hint");
        assertEquals(List.of(1L, 2L, 3L, 4L), rest.stream().map(Raw::sequence).toList());
        assertEquals(RejectReason.UNKNOWN_INSTRUMENT, sink.rejects().get(0).reason());
        assertTrue(sink.rejects().get(0).detail().startsWith("f.http.log:3: "), sink.rejects().get(0).detail());
        assertEquals(1, result.outOfOrder(), "the 0.5 s response came after the 2.7 s one in its own file");
    }

    @Test
    void shouldTimeJsonLinesByTsOrCts(@TempDir final Path tmp) throws IOException
    {
        final Path zip = tmp.resolve("history.data.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)))
        {
            out.putNextEntry(new ZipEntry("history.data"));
            out.write(("{\"ts\":1000,\"cts\":900}\r\n{\"cts\":2000}\r\n{\"x\":1}\r\n{broken\r\n{\"ts\":\"3000\"}")
                .getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        final CaptureImportResult result = importer.importFile(zip, Venue.BYBIT, registry, null, sink);

        assertEquals(CaptureFormat.TIMED_JSON_LINES, result.format());
        assertEquals(List.of(1_000_000_000L, 2_000_000_000L, 3_000_000_000L), sink.raws().stream().map(Raw::receiveTsNs).toList());
        assertEquals(2, result.rejects(RejectReason.MALFORMED));
        assertEquals("{\"ts\":\"3000\"}", sink.raws().get(2).payload(), "last line without newline");
    }

    @Test
    void shouldRefuseWhatItCannotImport(@TempDir final Path tmp) throws IOException
    {
        final Path unknown = tmp.resolve("x.txt");
        Files.writeString(unknown, "hello world\n");
        assertThrows(IllegalArgumentException.class, () -> importer.importFile(unknown, Venue.BINANCE_USDM, registry, null, sink));

        final Path zip = tmp.resolve("two.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)))
        {
            out.putNextEntry(new ZipEntry("a"));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("b"));
            out.closeEntry();
        }
        assertThrows(IllegalArgumentException.class, () -> importer.importFile(zip, Venue.BYBIT, registry, null, sink));

        final Path lines = tmp.resolve("ok.log");
        Files.writeString(lines, "1 {}\n");
        final Instrument spot = registry.find(Venue.BINANCE_SPOT, "BTCUSDT");
        assertThrows(IllegalArgumentException.class, () -> importer.importFile(lines, Venue.BINANCE_USDM, registry, spot, sink));
        assertTrue(sink.events().isEmpty());
    }

    @Test
    void shouldDetectFormatsFromContent(@TempDir final Path tmp) throws IOException
    {
        final Path a = tmp.resolve("a");
        Files.writeString(a, "\n\n1723161255030314667 {\"x\":1}\n");
        assertEquals(CaptureFormat.TIMESTAMPED_LINES, CaptureImporter.detectFormat(a));
        final Path b = tmp.resolve("b");
        Files.writeString(b, "1626992741.06217: {\"x\":1}\n");
        assertEquals(CaptureFormat.CRYPTOFEED, CaptureImporter.detectFormat(b));
        final Path c = tmp.resolve("c");
        Files.writeString(c, "https://fapi.binance.com/fapi/v1/depth?symbol=X -> 1.5: {}\n");
        assertEquals(CaptureFormat.CRYPTOFEED, CaptureImporter.detectFormat(c));
        final Path d = tmp.resolve("d");
        Files.writeString(d, "{\"ts\":1}\n");
        assertEquals(CaptureFormat.TIMED_JSON_LINES, CaptureImporter.detectFormat(d));
        final Path empty = tmp.resolve("e.ws.log");
        Files.writeString(empty, "");
        assertEquals(CaptureFormat.CRYPTOFEED, CaptureImporter.detectFormat(empty), "no content: by name");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Path shared(final String relative)
    {
        final Path file = SHARED.resolve(relative);
        SharedFixtures.require(file);
        return file;
    }

    private static List<String> firstLines(final Path gz, final int n) throws IOException
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
            StandardCharsets.UTF_8)))
        {
            return reader.lines().limit(n).toList();
        }
    }

    private static void writeGzip(final Path file, final String text) throws IOException
    {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file)))
        {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldNotCopyAnythingWhenNothingIsThere(@TempDir final Path tmp) throws IOException
    {
        final Path file = tmp.resolve("empty.gz");
        writeGzip(file, "");
        final CaptureImportResult result = importer.importFile(file, Venue.BINANCE_USDM, registry, null, sink);

        assertEquals(0, result.eventsWritten());
        assertEquals(CaptureImportResult.NO_TIMESTAMP, result.firstReceiveTsNs());
        assertFalse(result.toString().isEmpty());
    }
}
