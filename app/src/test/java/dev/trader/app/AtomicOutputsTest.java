package dev.trader.app;

import dev.trader.app.CliHarness.Result;
import dev.trader.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.trader.app.CliHarness.rootDir;
import static dev.trader.app.CliHarness.trader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #9 cases 3, 5, 6 and 7: commands write their directories whole or not at all, never replace what they did not
 * write (unless forced) nor the journal they read, and an import that is truncated, fails its checksum or rejects
 * every row exits non-zero leaving nothing behind (docs/architecture.md "Output directories").
 */
class AtomicOutputsTest
{
    private static final Path SHARED = Path.of(System.getProperty("trader.shared.dir", "../../shared"));
    private static final Path CAPTURE = SHARED.resolve("data/binance-usdm/capture-btcusdt-20240808.gz");
    private static final Path SPOT_KLINES = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
    private static final long MINUTE_MS = 60_000L;
    private static final long JAN_1_2020_MS = 1_577_836_800_000L;

    @TempDir
    Path tmp;

    private static String instruments()
    {
        return rootDir().resolve("configs/instruments.yaml").toString();
    }

    private static String config(final String name)
    {
        return rootDir().resolve("configs").resolve(name).toString();
    }

    /**
     * {@code rows} 1 m klines as Binance Vision spot files print them: no header, 8 decimals, volumes finer than
     * 0.001 (so a USD-M BTCUSDT, quantities 1e-3, refuses every row). Row {@code badRow} (1-based; 0 for none) has a
     * non-numeric open.
     */
    private static Path spotKlines(final Path file, final int rows, final int badRow) throws IOException
    {
        // rows of the UTC day the name says (the importer judges a Vision file's times by the day in its name)
        final java.util.regex.Matcher day = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}")
            .matcher(file.getFileName().toString());
        final long start = day.find() ? java.time.LocalDate.parse(day.group()).atStartOfDay(java.time.ZoneOffset.UTC)
            .toInstant().toEpochMilli() : JAN_1_2020_MS;
        final StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++)
        {
            final long open = start + i * MINUTE_MS;
            final String price = (7195 + i) + ".24000000";
            csv.append(open).append(',').append(i + 1 == badRow ? "x" : price).append(',').append(price).append(',')
                .append(price).append(',').append(price).append(",51.64281").append(i % 10).append("00,").append(open + MINUTE_MS - 1)
                .append(",371233.51835535,493,19.59823000,140888.41428273,0\n");
        }
        Files.writeString(file, csv, StandardCharsets.US_ASCII);
        return file;
    }

    private static long events(final Path journal)
    {
        try (JournalReader reader = new JournalReader(journal))
        {
            return reader.readAll((buffer, offset, length, index) ->
            {
            });
        }
    }

    private static List<String> entries(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private Result importKlines(final Path file, final String symbol, final Path journal, final String... extra)
    {
        final String[] args = {"import", "binance-vision", "--file", file.toString(), "--symbol", symbol, "--journal",
            journal.toString(), "--instruments", instruments()};
        final String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return trader(all);
    }

    /** A stand-in recording: {@code rec/input} and {@code rec/output} journals and a summary, none written as a run. */
    private Path recording() throws IOException
    {
        final Path rec = tmp.resolve("rec");
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 30, 0);
        assertEquals(0, importKlines(csv, "binance-spot:BTCUSDT", rec.resolve("input")).exitCode());
        assertEquals(0, importKlines(csv, "binance-spot:BTCUSDT", rec.resolve("output")).exitCode());
        Files.writeString(rec.resolve("summary.json"), "{\"live\": {}}\n");
        return rec;
    }

    // ------------------------------------------------------------------------------------------------ case 3

    /** Issue #9 case 3: {@code --out DIR} used to wipe DIR/input, the journal of a recording living there. */
    @Test
    void shouldRefuseToReplaceARecordingInOutWithoutForce() throws IOException
    {
        final Path rec = recording();
        final Path other = tmp.resolve("other");
        assertEquals(0, importKlines(spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-02.csv"), 20, 0), "binance-spot:BTCUSDT", other)
            .exitCode());
        final String refusal = "trader: --out " + rec + " already holds a recording or run (input/, output/), which trader did not "
            + "write as a replaceable run; choose another --out, or pass --force to replace it";

        final Result replay = trader("replay", "--journal", other.toString(), "--config", config("replay.yaml"), "--out", rec.toString());
        final Result backtest = trader("backtest", "--journal", other.toString(), "--config", config("bench-capture-trading.yaml"),
            "--out", rec.toString());
        final Result demo = trader("demo", "--out", rec.toString(), "--config", config("demo.yaml"), "--duration", "5m");

        for (final Result r : List.of(replay, backtest, demo))
        {
            assertEquals(2, r.exitCode(), r.toString());
            assertEquals(refusal, r.err().strip());
        }
        assertEquals(List.of("input", "output", "summary.json"), entries(rec), "nothing added, nothing removed");
        assertEquals(30, events(rec.resolve("input")));
        assertEquals(30, events(rec.resolve("output")));
        assertEquals("{\"live\": {}}\n", Files.readString(rec.resolve("summary.json")));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "BTCUSDT-1m-2020-01-02.csv", "other", "rec"), entries(tmp),
            "no staging directory left beside it");
    }

    @Test
    void shouldReplaceARecordingOnlyWhenForcedAndAnEarlierRunAlways() throws IOException
    {
        final Path rec = recording();
        final Path other = tmp.resolve("other");
        assertEquals(0, importKlines(spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-02.csv"), 20, 0), "binance-spot:BTCUSDT", other)
            .exitCode());

        final Result forced = trader("replay", "--journal", other.toString(), "--config", config("replay.yaml"), "--out",
            rec.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertEquals(20, events(rec.resolve("input")), "the run's own input journal");
        assertTrue(Files.isRegularFile(rec.resolve(".trader-output")), "now a run: the next run may replace it");

        final Result again = trader("replay", "--journal", other.toString(), "--config", config("replay.yaml"), "--out", rec.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(List.of(".trader-output", "gaps.json", "input", "latency.hlog", "output", "summary.json"), entries(rec));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "BTCUSDT-1m-2020-01-02.csv", "other", "rec"), entries(tmp));
    }

    /** The journal being read is never replaced, not even with --force (issue #9: {@code replay --journal runs/rec/input --out runs/rec}). */
    @Test
    void shouldNeverReplaceTheJournalBeingReadEvenWhenForced() throws IOException
    {
        final Path rec = recording();
        final Result r = trader("replay", "--journal", rec.resolve("input").toString(), "--config", config("replay.yaml"), "--out",
            rec.toString(), "--force");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("trader: --out " + rec + " holds " + rec.resolve("input") + ", which this command reads; choose another --out "
            + "(--force does not override this)", r.err().strip());
        final Result inside = trader("backtest", "--journal", rec.toString(), "--config", config("bench-capture-trading.yaml"),
            "--out", rec.resolve("input").resolve("bt").toString(), "--force");
        assertEquals(2, inside.exitCode(), inside.toString());
        assertTrue(inside.err().contains("lies inside " + rec), inside.err());
        assertEquals(List.of("input", "output", "summary.json"), entries(rec));
        assertEquals(30, events(rec.resolve("input")));
    }

    // ------------------------------------------------------------------------------------------------ case 5

    /**
     * How many complete lines a gzip stream yields before it ends unexpectedly: every byte it can inflate, read
     * independently of the importer, and the newlines counted.
     */
    private static long linesBeforeTruncation(final Path gz) throws IOException
    {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz)))
        {
            final byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) > 0; )
            {
                text.write(chunk, 0, n);
            }
            throw new AssertionError(gz + " is not truncated");
        }
        catch (final EOFException expected)
        {
            long lines = 0;
            for (final byte b : text.toByteArray())
            {
                lines += b == '\n' ? 1 : 0;
            }
            return lines;
        }
    }

    private static Path truncatedCopy(final Path source, final Path copy, final long bytes) throws IOException
    {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(copy))
        {
            out.write(in.readNBytes((int)bytes));
        }
        return copy;
    }

    private void assertTruncatedGzipLeavesNothing(final Path gz, final long expectedLines) throws IOException
    {
        final Path journal = tmp.resolve("runs").resolve("usdm");
        final List<String> before = entries(tmp);
        final Result r = trader("import", "capture", "--venue", "binance-usdm", "--symbol", "BTCUSDT", "--file", gz.toString(),
            "--journal", journal.toString(), "--instruments", instruments());
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("trader: truncated gzip: " + gz + " ends unexpectedly after " + expectedLines + " lines; nothing written to "
            + journal, r.err().strip(), "one line, no stack trace");
        assertEquals(before, entries(tmp), "no journal, no staging directory, not even the parent it created");
    }

    /** Issue #9 case 5, on a generated capture (runs without ../shared). */
    @Test
    void shouldFailInOneLineAndLeaveNothingWhenAGzipCaptureIsTruncated() throws IOException
    {
        final Path full = tmp.resolve("capture.gz");
        final Random random = new Random(9);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(full)))
        {
            long ts = 1_723_161_255_000_000_000L;
            for (int i = 0; i < 20_000; i++)
            {
                ts += 1 + random.nextInt(5_000_000);
                out.write((ts + " {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":" + ts / 1_000_000 + ",\"s\":\"BTCUSDT\",\"t\":"
                    + i + ",\"p\":\"" + (60_000 + random.nextInt(1_000)) + "." + random.nextInt(10) + "\",\"q\":\"0."
                    + random.nextInt(1_000) + "\"}}\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        final Path gz = truncatedCopy(full, tmp.resolve("capture-truncated.gz"), Files.size(full) / 2);
        Files.delete(full);
        final long lines = linesBeforeTruncation(gz);
        assertTrue(lines > 1_000 && lines < 20_000, "cut in the middle: " + lines);
        assertTruncatedGzipLeavesNothing(gz, lines);
    }

    /** Issue #9 case 5, on the real Binance USD-M capture cut after 2,000,000 of its 3,637,062 bytes. */
    @Test
    void shouldFailInOneLineAndLeaveNothingWhenTheRealCaptureIsTruncated() throws IOException
    {
        assumeTrue(Files.isRegularFile(CAPTURE), "needs " + CAPTURE);
        final Path gz = truncatedCopy(CAPTURE, tmp.resolve("capture-btcusdt-20240808.gz"), 2_000_000);
        assertEquals(50_347, linesBeforeTruncation(gz));
        assertTruncatedGzipLeavesNothing(gz, 50_347);
    }

    @Test
    void shouldFailInOneLineAndLeaveNothingWhenAVisionZipIsTruncated() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 1_440, 0);
        final Path zip = tmp.resolve("full.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)))
        {
            out.putNextEntry(new ZipEntry("BTCUSDT-1m-2020-01-01.csv"));
            out.write(Files.readAllBytes(csv));
            out.closeEntry();
        }
        final Path cut = truncatedCopy(zip, tmp.resolve("BTCUSDT-1m-2020-01-01.zip"), Files.size(zip) * 2 / 3);
        Files.delete(zip);
        Files.delete(csv);
        final Path journal = tmp.resolve("spot");
        final Result r = importKlines(cut, "binance-spot:BTCUSDT", journal);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("trader: truncated or corrupt zip: " + cut + " (zip END header not found); nothing written to " + journal,
            r.err().strip());
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.zip"), entries(tmp));
    }

    // ------------------------------------------------------------------------------------------------ case 6

    /** Issue #9 case 6: a failed import used to leave a metadata.cq4t that made the next import refuse. */
    @Test
    void shouldImportAgainAfterAChecksumMismatch() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path checksum = tmp.resolve("BTCUSDT-1m-2020-01-01.csv.CHECKSUM");
        Files.writeString(checksum, "0".repeat(64) + "  BTCUSDT-1m-2020-01-01.csv\n");
        final Path journal = tmp.resolve("spot");

        final Result failed = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(2, failed.exitCode(), failed.toString());
        assertTrue(failed.err().startsWith("trader: checksum mismatch for BTCUSDT-1m-2020-01-01.csv"), failed.err());
        assertTrue(failed.err().strip().endsWith("; nothing written to " + journal), failed.err());
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "BTCUSDT-1m-2020-01-01.csv.CHECKSUM"), entries(tmp));

        Files.delete(checksum);
        final Result retry = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(0, retry.exitCode(), retry.toString());
        assertEquals(60, events(journal));
    }

    /** What a kill -9 of an import leaves (a staging journal with a zeroed metadata file) never blocks the next try. */
    @Test
    void shouldNotBeBlockedByWhatAKilledImportLeft() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path journal = tmp.resolve("spot");
        final Path staging = tmp.resolve(".spot.partial");
        Files.createDirectories(staging);
        Files.write(staging.resolve("metadata.cq4t"), new byte[131_072]);
        Files.createFile(staging.resolve(".trader-lock"));

        final Result r = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(60, events(journal));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "spot"), entries(tmp), "the stale staging directory is gone");
    }

    /**
     * Issue #9 case 6, with a real {@code kill -9}: a child JVM imports a large capture and is killed as soon as its
     * journal exists. Nothing may be left at --journal, and the next import must go through and clean up.
     */
    @Test
    void shouldLeaveNothingInTheWayWhenAnImportIsKilled() throws Exception
    {
        final Path gz = tmp.resolve("big.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz)))
        {
            final byte[] line = "1723161255000000000 {\"stream\":\"btcusdt@trade\",\"data\":{}}\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3_000_000; i++)
            {
                out.write(line);
            }
        }
        final Path journal = tmp.resolve("usdm");
        final List<String> command = CliHarness.childTrader(tmp, "import", "capture", "--venue", "binance-usdm", "--symbol", "BTCUSDT",
            "--file", gz.toString(), "--journal", journal.toString(), "--instruments", instruments());
        final Path childOut = tmp.resolve("child.txt");
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childOut.toFile()).start();
        final Path staged = tmp.resolve(".usdm.partial");
        try
        {
            // wait (no time is asserted) until the child writes its journal: from then on a kill -9 hits an import
            while (child.isAlive() && !Files.exists(staged.resolve("metadata.cq4t")) && !Files.exists(journal.resolve("metadata.cq4t")))
            {
                Thread.sleep(5);
            }
            assertTrue(child.isAlive(), "the child is still importing when killed: " + Files.readString(childOut));
        }
        finally
        {
            child.destroyForcibly(); // SIGKILL
            child.waitFor(60, TimeUnit.SECONDS);
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertFalse(Files.exists(journal), "nothing at --journal looks like an import");

        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Result next = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(0, next.exitCode(), next.toString());
        assertEquals(60, events(journal));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "big.gz", "child.txt", "usdm"), entries(tmp), "the killed import's leftovers are gone");
    }

    /** Issue #9 case 6 as earlier versions left it: a zeroed metadata file and no data holds no event, so it is replaced. */
    @Test
    void shouldReplaceAJournalThatHoldsNoEvents() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path journal = tmp.resolve("spot");
        Files.createDirectories(journal);
        Files.write(journal.resolve("metadata.cq4t"), new byte[131_072]);

        final Result r = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(60, events(journal));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "spot"), entries(tmp));
    }

    @Test
    void shouldRefuseAJournalWithEventsUnlessAppendedToOrForced() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path journal = tmp.resolve("spot");
        assertEquals(0, importKlines(csv, "binance-spot:BTCUSDT", journal).exitCode());

        final Result refused = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("trader: --journal " + journal + " already holds a journal; pass --append to add to it, or --force to replace it",
            refused.err().strip());

        final Result forced = importKlines(csv, "binance-spot:BTCUSDT", journal, "--force");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertEquals(60, events(journal), "replaced, not appended");
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "spot"), entries(tmp));
    }

    @Test
    void shouldAppendOnlyACompleteImport() throws IOException
    {
        final Path day1 = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path journal = tmp.resolve("spot");
        assertEquals(0, importKlines(day1, "binance-spot:BTCUSDT", journal).exitCode());

        final Result rejected = importKlines(day1, "binance-usdm:BTCUSDT", journal, "--append");
        assertEquals(2, rejected.exitCode(), rejected.toString());
        assertEquals(60, events(journal), "nothing appended");

        final Result appended = importKlines(day1, "binance-spot:BTCUSDT", journal, "--append");
        assertEquals(0, appended.exitCode(), appended.toString());
        assertEquals(120, events(journal));
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv", "spot"), entries(tmp));
    }

    // ------------------------------------------------------------------------------------------------ case 7

    /** Issue #9 case 7 (generated file): a spot kline file imported as the USD-M future rejects every row and used to exit 0. */
    @Test
    void shouldFailWithCountsAndAHintWhenEveryRowIsRejected() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 0);
        final Path journal = tmp.resolve("usdm");
        final Result r = importKlines(csv, "binance-usdm:BTCUSDT", journal);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("trader: BTCUSDT-1m-2020-01-01.csv: all 60 rows rejected {PRECISION=60} as binance-usdm:BTCUSDT (first: line 1: "
            + "volume '51.64281000' is finer than the instrument's exponent -3); hint: the file has no header row, as Binance spot "
            + "files do, but binance-usdm:BTCUSDT is a USD-M future: if it is a spot file, import it with --symbol "
            + "binance-spot:BTCUSDT; nothing written to " + journal, r.err().strip());
        assertEquals(List.of("BTCUSDT-1m-2020-01-01.csv"), entries(tmp));
    }

    /** Issue #9 case 7 on the real file: 1,440 of 1,440 rows PRECISION. */
    @Test
    void shouldFailWhenTheRealSpotFileIsImportedAsTheFuture() throws IOException
    {
        assumeTrue(Files.isRegularFile(SPOT_KLINES), "needs " + SPOT_KLINES);
        final Path journal = tmp.resolve("usdm");
        final Result r = importKlines(SPOT_KLINES, "binance-usdm:BTCUSDT", journal);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("trader: BTCUSDT-1m-2020-01-01.zip: all 1440 rows rejected {PRECISION=1440} as binance-usdm:BTCUSDT (first: "
            + "line 1: volume '51.64281200' is finer than the instrument's exponent -3); hint: the file has no header row, as Binance "
            + "spot files do, but binance-usdm:BTCUSDT is a USD-M future: if it is a spot file, import it with --symbol "
            + "binance-spot:BTCUSDT; nothing written to " + journal, r.err().strip());
        assertEquals(List.of(), entries(tmp));
    }

    /** The threshold rule's other side: some rows rejected is a success, with the counts in the report line. */
    @Test
    void shouldKeepAnImportWithSomeRejectedRows() throws IOException
    {
        final Path csv = spotKlines(tmp.resolve("BTCUSDT-1m-2020-01-01.csv"), 60, 7);
        final Path journal = tmp.resolve("spot");
        final Result r = importKlines(csv, "binance-spot:BTCUSDT", journal);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("60 rows -> Kline=59, rejects=1 {MALFORMED=1}"), r.out());
        assertEquals(60, events(journal), "59 klines and the reject, journaled");
        assertArrayEquals(new String[]{"BTCUSDT-1m-2020-01-01.csv", "spot"}, entries(tmp).toArray());
        assertFalse(r.err().contains("trader:"), r.err());
    }
}
