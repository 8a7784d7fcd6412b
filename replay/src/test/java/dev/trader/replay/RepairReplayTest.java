package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.testing.SeedValidateRepair;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance for the 1 m validation and repair (seed 000 section 4.A) end to end: rows are deleted from a real Binance
 * Vision kline day to make gaps of 1, 2 and 5 bars (and one row is repeated), the edited CSV is imported with the
 * {@link BinanceVisionImporter} and replayed by {@link ReplayRunner} with {@code configs/replay.yaml}. The 1 m bars in
 * the run's output must be, row by row, what seed 000's {@code validate_repair} (ported to Java in
 * {@link SeedValidateRepair}) makes of the same CSV: same minutes, same OHLCV, same {@code repaired_small_gap} and
 * {@code regime_break}; and {@code gaps.json} must list the three gaps.
 */
class RepairReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void shouldFlagExactlyAsSeedValidateRepairWhenReplayingKlinesWithGapsOfOneTwoAndFiveBars(@TempDir final Path tmp) throws Exception
    {
        final List<String> lines = zipLines();
        // delete rows 100 (gap 1), 300-301 (gap 2), 600-604 (gap 5); repeat row 900 (a duplicate, keep first)
        final Set<Integer> deleted = Set.of(100, 300, 301, 600, 601, 602, 603, 604);
        final List<String> edited = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            if (!deleted.contains(i))
            {
                edited.add(lines.get(i));
            }
            if (i == 900)
            {
                edited.add(lines.get(i));
            }
        }
        final Run run = replay(tmp, edited);

        final List<SeedValidateRepair.Out> expected = SeedValidateRepair.validateRepair(run.rows, MINUTE);
        assertEquals(1440 - 5, expected.size(), "1,440 minutes less the 5 of the open gap");
        assertEquals(expected.size(), run.minutes.size());
        int repaired = 0;
        int regime = 0;
        for (int i = 0; i < expected.size(); i++)
        {
            final SeedValidateRepair.Out e = expected.get(i);
            final long[] a = run.minutes.get(i);
            final String where = "row " + i;
            assertEquals(e.timestampNs(), a[0], where);
            assertEquals(List.of(e.open(), e.high(), e.low(), e.close(), e.volume()), List.of(a[1], a[2], a[3], a[4], a[5]), where);
            assertEquals(e.repairedSmallGap(), (int)a[6], where + " repaired_small_gap");
            assertEquals(e.regimeBreak(), (int)a[7], where + " regime_break");
            assertEquals(0, e.dupeFlag());
            assertEquals(0, e.outOfOrderFlag(), "the edited file is in order");
            repaired += e.repairedSmallGap();
            regime += e.regimeBreak();
            // the engine's own streaming flags: the bar after the dropped duplicate says so
            assertEquals(e.timestampNs() == run.minutes.get(0)[0] + 901 * MINUTE ? 1 : 0, (int)a[8], where + " dupe");
            assertEquals(0, (int)a[9], where + " outOfOrder");
        }
        assertEquals(3, repaired);
        assertEquals(15, regime, "3 x 5 real bars after the 5-bar gap");

        final JsonNode gaps = new ObjectMapper().readTree(run.dir.resolve(ReplayRunner.GAPS_FILE).toFile());
        assertEquals(3, gaps.get("totals").get("gaps").asLong());
        assertEquals(2, gaps.get("totals").get("filledGaps").asLong());
        assertEquals(1, gaps.get("totals").get("unfilledGaps").asLong());
        assertEquals(1, gaps.get("totals").get("duplicates").asLong());
        final JsonNode list = gaps.get("gaps");
        assertEquals(3, list.size());
        assertGap(list.get(0), "2020-01-01T01:40:00Z", "2020-01-01T01:40:00Z", 1, true);
        assertGap(list.get(1), "2020-01-01T05:00:00Z", "2020-01-01T05:01:00Z", 2, true);
        assertGap(list.get(2), "2020-01-01T10:00:00Z", "2020-01-01T10:04:00Z", 5, false);
        final JsonNode instrument = gaps.get("instruments").get(0);
        assertEquals("binance-spot:BTCUSDT", instrument.get("instrument").asText());
        assertEquals(1440 - 8, instrument.get("realBars").asLong());
        assertEquals(3, instrument.get("repairedBars").asLong());
        assertEquals(15, instrument.get("regimeBreakBars").asLong());
        assertEquals(1, instrument.get("dupeFlag").asInt());
        assertEquals(0, instrument.get("outOfOrderFlag").asInt());
        assertEquals(3L, ((java.util.Map<?, ?>)run.result.summary().get("dataGaps")).get("gaps"));
    }

    @Test
    void shouldDropALateBarAndReportOutOfOrderWhereTheSeedWouldSortItBackIn(@TempDir final Path tmp) throws Exception
    {
        final List<String> lines = zipLines();
        // row 200 arrives after row 205: a stream cannot sort, so minute 200 becomes a 1-bar gap (filled) and the late
        // row is dropped; the seed sorts it back and sets out_of_order_flag = 1 on every row of the frame
        final List<String> edited = new ArrayList<>(lines);
        final String late = edited.remove(200);
        edited.add(205, late);
        final Run run = replay(tmp, edited);
        final List<SeedValidateRepair.Out> seed = SeedValidateRepair.validateRepair(run.rows, MINUTE);
        assertEquals(1440, seed.size());
        assertTrue(seed.stream().allMatch(o -> o.outOfOrderFlag() == 1), "the seed's flag is one value for the whole frame");
        assertEquals(1440, run.minutes.size());
        for (int i = 0; i < 1440; i++)
        {
            final long[] a = run.minutes.get(i);
            if (i == 200)
            {
                assertEquals(1, a[6], "the engine filled the minute the late row belonged to");
                assertEquals(run.minutes.get(199)[4], a[4]);
                continue;
            }
            assertEquals(List.of(seed.get(i).timestampNs(), seed.get(i).close()), List.of(a[0], a[4]), "row " + i);
            assertEquals(i == 206 ? 1 : 0, (int)a[9], "outOfOrder flag on the bar after the dropped one, row " + i);
        }
        final JsonNode gaps = new ObjectMapper().readTree(run.dir.resolve(ReplayRunner.GAPS_FILE).toFile());
        assertEquals(1, gaps.get("totals").get("outOfOrder").asLong());
        assertEquals(1, gaps.get("instruments").get(0).get("outOfOrderFlag").asInt());
        assertEquals(1, gaps.get("totals").get("gaps").asLong());
        assertTrue(gaps.get("gaps").get(0).get("filled").asBoolean());
    }

    private static void assertGap(final JsonNode gap, final String start, final String end, final int length, final boolean filled)
    {
        assertEquals(start, gap.get("start").asText());
        assertEquals(end, gap.get("end").asText());
        assertEquals(length, gap.get("lengthBars").asInt());
        assertEquals(filled, gap.get("filled").asBoolean());
    }

    /** One replay: the CSV rows as the seed reads them, the 1 m bars of the output. */
    private record Run(Path dir, RunResult result, List<SeedValidateRepair.Row> rows, List<long[]> minutes)
    {
    }

    private static Run replay(final Path tmp, final List<String> csvLines) throws IOException
    {
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/replay.yaml"));
        final Instrument instrument = config.instruments().resolve("binance-spot:BTCUSDT");
        final Path csv = tmp.resolve("BTCUSDT-1m-2020-01-01.csv");
        Files.write(csv, csvLines, StandardCharsets.US_ASCII);
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(csv, instrument, writer);
        }
        final Path dir = tmp.resolve("run");
        final RunResult result = ReplayRunner.run(journal, config, dir);

        final List<SeedValidateRepair.Row> rows = new ArrayList<>();
        for (final String line : csvLines)
        {
            final String[] c = line.split(",");
            rows.add(new SeedValidateRepair.Row(Long.parseLong(c[0]) * 1_000_000L, mantissa(c[1], instrument.priceExponent()),
                mantissa(c[2], instrument.priceExponent()), mantissa(c[3], instrument.priceExponent()),
                mantissa(c[4], instrument.priceExponent()), mantissa(c[5], instrument.qtyExponent())));
        }
        final List<long[]> minutes = new ArrayList<>();
        final BarDecoder b = new BarDecoder();
        try (JournalReader reader = new JournalReader(dir.resolve(ReplayRunner.OUTPUT_DIR)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (Events.templateId(buffer, offset) != BarDecoder.TEMPLATE_ID)
                {
                    return;
                }
                b.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                if (b.intervalNs() == MINUTE)
                {
                    minutes.add(new long[]{b.openTimeNs(), b.open(), b.high(), b.low(), b.close(), b.volume(),
                        b.flags().repairedSmallGap() ? 1 : 0, b.flags().regimeBreak() ? 1 : 0, b.flags().dupe() ? 1 : 0,
                        b.flags().outOfOrder() ? 1 : 0});
                }
            });
        }
        return new Run(dir, result, rows, minutes);
    }

    private static List<String> zipLines() throws IOException
    {
        final Path zip = SHARED.resolve("data/binance-vision/spot-klines-1m/BTCUSDT-1m-2020-01-01.zip");
        SharedFixtures.require(zip);
        try (ZipFile file = new ZipFile(zip.toFile());
             InputStream in = file.getInputStream(file.entries().nextElement());
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)))
        {
            final List<String> lines = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (!line.isEmpty())
                {
                    lines.add(line);
                }
            }
            assertEquals(1440, lines.size());
            return lines;
        }
    }

    private static long mantissa(final String decimal, final int exponent)
    {
        return new BigDecimal(decimal).movePointRight(-exponent).longValueExact();
    }
}
