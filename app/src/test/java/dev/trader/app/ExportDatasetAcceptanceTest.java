package dev.trader.app;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.journal.JournalWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Acceptance: {@code trader export dataset} on two days of Binance Vision spot BTCUSDT 1 m klines
 * (2020-01-01 and 2020-01-02, imported with {@link BinanceVisionImporter} into one journal, replayed with
 * {@code configs/dataset-binance-long.yaml}) against seed 000 section 5 {@code label_binance_long} written out again
 * in this test ({@link #labelBinanceLong}), line by line from the Python, on plain arrays read from the same zip CSVs
 * directly (no importer, no journal, no engine: {@link Double#parseDouble} of the CSV's decimal strings).
 *
 * <p>How they are compared: the exported CSV must have exactly one row per kline (2,880); row i's {@code timestamp}
 * must equal the kline's {@code open_time} (epoch ms) and row i's {@code y_binance_long} must equal the test's
 * {@code y[i]} exactly ("1" or "-1"), for every row. The command's JSON summary must count the same wins (y = +1),
 * losses (y = -1 with a hit index) and unresolved rows (no hit index: nothing reached either price before the end
 * of the data, and the last row, which has no entry; the seed writes them as -1) as the test's
 * {@code y} / {@code t_hit_idx}. The seed defaults give no win on these two days, so a second export (target +3
 * USDT, {@code unresolved: empty}) is compared the same way with the transliteration run at target 3.0: every row's
 * cell must be "1", "-1" or "" (no hit index) exactly as the test computes it.
 *
 * <p>When python3 with pandas is available ({@code -Dtrader.python=...} or {@code TRADER_PYTHON} may name it),
 * {@link #shouldEqualTheSeedPythonWhenPandasIsAvailable} also runs the seed's own Python, cut from the seed file, on
 * the same zips and compares its {@code y} with the export and its {@code t_hit_idx} with the test's, row by row;
 * it is skipped otherwise and is never needed for CI.
 */
class ExportDatasetAcceptanceTest
{
    private static final Path SHARED = SharedFixtures.dir();
    private static final Path KLINES = SHARED.resolve("data/binance-vision/spot-klines-1m");
    private static final String[] DAYS = {"BTCUSDT-1m-2020-01-01.zip", "BTCUSDT-1m-2020-01-02.zip"};

    @TempDir
    static Path tmp;

    private static Bars bars;
    private static JsonNode summary;
    private static List<String[]> csv;
    private static JsonNode variantSummary;
    private static List<String[]> variantCsv;

    /** The klines as the CSV states them. */
    private record Bars(long[] openTimeMs, double[] open, double[] high, double[] low, double[] close)
    {
    }

    private static Path rootDir()
    {
        final String root = System.getProperty("trader.root.dir");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** Each test, not the class, is skipped (or failed in CI) without the data, so every skip is reported. */
    @BeforeEach
    void needsTheKlineDays()
    {
        for (final String day : DAYS)
        {
            SharedFixtures.require(KLINES.resolve(day));
        }
    }

    @BeforeAll
    static void importAndExport() throws Exception
    {
        for (final String day : DAYS)
        {
            if (!Files.isRegularFile(KLINES.resolve(day)))
            {
                return;
            }
        }
        final Path root = rootDir();
        final Instrument instrument = InstrumentRegistry.load(root.resolve("configs/instruments.yaml")).resolve("binance-spot:BTCUSDT");
        final Path journal = tmp.resolve("journal");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            for (final String day : DAYS)
            {
                new BinanceVisionImporter().importFile(KLINES.resolve(day), instrument, writer);
            }
        }

        summary = export(journal, root.resolve("configs/dataset-binance-long.yaml"), tmp.resolve("dataset.csv"));
        csv = readCsv(tmp.resolve("dataset.csv"));

        final Path variant = tmp.resolve("variant.yaml");
        Files.writeString(variant, "instruments: " + root.resolve("configs/instruments.yaml") + "\n"
            + "bars: { intervals: [1m] }\n"
            + "labels:\n  binanceLong: { targetPnlUsdt: 3.0, unresolved: empty }\n");
        variantSummary = export(journal, variant, tmp.resolve("variant.csv"));
        variantCsv = readCsv(tmp.resolve("variant.csv"));
        bars = readZips();
    }

    /** Runs {@code trader export dataset} in process; returns its JSON summary. */
    private static JsonNode export(final Path journal, final Path config, final Path out) throws IOException
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final StringWriter stderr = new StringWriter();
        final PrintStream original = System.out;
        final int exit;
        try
        {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            final CommandLine cl = TraderCli.commandLine();
            cl.setErr(new PrintWriter(stderr, true));
            exit = cl.execute("export", "dataset", "--journal", journal.toString(), "--config", config.toString(),
                "--out", out.toString());
        }
        finally
        {
            System.setOut(original);
        }
        assertEquals(0, exit, stdout + "\n" + stderr);
        return new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
    }

    private static List<String[]> readCsv(final Path file) throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String line : Files.readAllLines(file))
        {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** open_time, open, high, low, close of every kline, in file order, straight from the zipped CSVs. */
    private static Bars readZips() throws IOException
    {
        final List<String[]> rows = new ArrayList<>();
        for (final String day : DAYS)
        {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(KLINES.resolve(day))))
            {
                final ZipEntry entry = zip.getNextEntry();
                assertTrue(entry != null, day);
                final BufferedReader reader = new BufferedReader(new InputStreamReader(zip, StandardCharsets.US_ASCII));
                String line;
                while ((line = reader.readLine()) != null)
                {
                    rows.add(line.split(","));
                }
            }
        }
        final int n = rows.size();
        final Bars b = new Bars(new long[n], new double[n], new double[n], new double[n], new double[n]);
        for (int i = 0; i < n; i++)
        {
            final String[] r = rows.get(i);
            b.openTimeMs()[i] = Long.parseLong(r[0]);
            b.open()[i] = Double.parseDouble(r[1]);
            b.high()[i] = Double.parseDouble(r[2]);
            b.low()[i] = Double.parseDouble(r[3]);
            b.close()[i] = Double.parseDouble(r[4]);
        }
        return b;
    }

    /**
     * Seed 000 section 5 {@code label_binance_long(df)} with its defaults (risk_usdt=10.0, leverage=55.0,
     * FeeConfig(taker=0.00045, maker=0.00018), mmr_fn=default_mmr_from_notional (0.004), entry_price_mode="next_close",
     * resolve_same_bar="loss"), including {@code liquidation_price_long} and {@code tp_price_for_target_pnl_long}
     * inlined; same statements, same order. The seed passes {@code target_pnl_usdt=15.0}; {@code targetPnlUsdt} is
     * that literal, made a parameter only for the variant below.
     *
     * @return {y, t_hit_idx}
     */
    static int[][] labelBinanceLong(final double[] arrOpen, final double[] arrHigh, final double[] arrLow, final double[] arrClose,
        final double targetPnlUsdt)
    {
        final double riskUsdt = 10.0;
        final double leverage = 55.0;
        final double feesTaker = 0.00045;
        final int n = arrClose.length;

        // entry = np.roll(arr_close, -1); entry[-1] = np.nan
        final double[] entry = new double[n];
        for (int k = 0; k < n; k++)
        {
            entry[k] = arrClose[(k + 1) % n];
        }
        entry[n - 1] = Double.NaN;

        final int[] y = new int[n];
        final int[] tHit = new int[n];
        Arrays.fill(y, -1);
        Arrays.fill(tHit, -1);

        for (int i = 0; i < n - 1; i++)
        {
            final double eI = entry[i];
            if (!Double.isFinite(eI) || eI <= 0)
            {
                continue;
            }

            // liquidation_price_long(entry_price=E, risk_usdt, leverage, fees, mmr_fn)
            final double e = eI;
            final double m = riskUsdt;
            final double l = leverage;
            final double ft = feesTaker;
            final double q = (m * l) / e;          // qty_from_risk
            final double bigN = e * q;             // notional
            final double mmr = 0.004;              // default_mmr_from_notional(N)
            final double mm = bigN * mmr;
            final double pLiq = e + (mm - m + bigN * ft) / q;

            // tp_price_for_target_pnl_long(E, Q, N, target_pnl_usdt=15.0, fees, taker_both_sides=True)
            final double feesTotal = bigN * (ft * 2.0);
            final double pTp = e + (targetPnlUsdt + feesTotal) / q;

            int outcome = -1;
            int hit = -1;
            for (int j = i + 1; j < n; j++)
            {
                final boolean liqHit = arrLow[j] <= pLiq;
                final boolean tpHit = arrHigh[j] >= pTp;

                if (liqHit && tpHit)
                {
                    // resolve_same_bar == "loss"
                    outcome = -1;
                    hit = j;
                    break;
                }

                if (liqHit)
                {
                    outcome = -1;
                    hit = j;
                    break;
                }
                if (tpHit)
                {
                    outcome = +1;
                    hit = j;
                    break;
                }
            }

            y[i] = outcome;
            tHit[i] = hit;
        }
        return new int[][]{y, tHit};
    }

    @Test
    void shouldExportTheSameYBinanceLongAsTheSeedTransliterationRowByRow()
    {
        final int[][] reference = labelBinanceLong(bars.open(), bars.high(), bars.low(), bars.close(), 15.0);
        final int n = bars.openTimeMs().length;
        assertEquals(2880, n);
        final List<String> header = List.of(csv.get(0));
        final List<String> expectedHeader = new java.util.ArrayList<>();
        expectedHeader.add("timestamp");
        expectedHeader.addAll(dev.trader.engine.features.FeatureCatalog.names());
        expectedHeader.add("y_binance_long");
        expectedHeader.add("y_triple_barrier");
        assertEquals(expectedHeader, header, "timestamp, lean_v1 in catalogue order, then the labels");
        final int yColumn = header.indexOf("y_binance_long");
        assertEquals(n, csv.size() - 1, "one row per kline");
        long wins = 0;
        long losses = 0;
        long unresolved = 0;
        for (int i = 0; i < n; i++)
        {
            final String[] row = csv.get(i + 1);
            assertEquals(Long.toString(bars.openTimeMs()[i]), row[0], "timestamp of row " + i);
            assertEquals(Integer.toString(reference[0][i]), row[yColumn], "y_binance_long of row " + i);
            if (reference[1][i] < 0)
            {
                unresolved++;
            }
            else if (reference[0][i] == 1)
            {
                wins++;
            }
            else
            {
                losses++;
            }
        }
        final JsonNode counts = summary.get("y_binance_long");
        assertEquals(wins, counts.get("wins").asLong(), summary::toString);
        assertEquals(losses, counts.get("losses").asLong(), summary::toString);
        assertEquals(unresolved, counts.get("unresolved").asLong(), summary::toString);
        assertEquals(n, summary.get("rows").asLong());
        assertTrue(losses > 0 && unresolved > 0, summary::toString);
        System.out.printf("export dataset, BTCUSDT 1m 2020-01-01..02: %d rows, y_binance_long wins %d, losses %d, "
            + "unresolved %d (written -1); y_triple_barrier %s%n", n, wins, losses, unresolved, summary.get("y_triple_barrier"));
    }

    /**
     * The seed defaults give no win on these two days (BTC fell from about 7,200 to 6,950; P_tp is about +2.8 %,
     * P_liq about -1.4 %), so the take-profit side is compared on a variant: target +3 USDT and unresolved rows
     * written empty, which also puts each row's resolution in the CSV. Row i must be "1", "-1" or "" exactly as the
     * test's y[i] and t_hit_idx[i] (-1: empty) say.
     */
    @Test
    void shouldMatchTheTransliterationRowByRowWithATighterTargetAndUnresolvedEmpty()
    {
        final int[][] reference = labelBinanceLong(bars.open(), bars.high(), bars.low(), bars.close(), 3.0);
        final int n = bars.openTimeMs().length;
        assertEquals(n, variantCsv.size() - 1);
        long wins = 0;
        for (int i = 0; i < n; i++)
        {
            final String expected = reference[1][i] < 0 ? "" : Integer.toString(reference[0][i]);
            assertEquals(Long.toString(bars.openTimeMs()[i]), variantCsv.get(i + 1)[0], "timestamp of row " + i);
            assertEquals(expected, variantCsv.get(i + 1)[1], "y_binance_long of row " + i);
            wins += reference[0][i] == 1 ? 1 : 0;
        }
        assertTrue(wins > 0, variantSummary::toString);
        assertEquals(wins, variantSummary.get("y_binance_long").get("wins").asLong());
        System.out.printf("export dataset, target +3 variant: y_binance_long %s%n", variantSummary.get("y_binance_long"));
    }

    @Test
    void shouldLabelEveryTripleBarrierRowOnceTheVolatilityWindowIsFull()
    {
        final JsonNode tb = summary.get("y_triple_barrier");
        assertEquals(2880, tb.get("upper").asLong() + tb.get("lower").asLong() + tb.get("timeout").asLong()
            + tb.get("unresolved").asLong());
        for (int i = 0; i < 60; i++)
        {
            assertEquals("", csv.get(i + 1)[2], "row " + i + " precedes a full volatility window");
        }
        assertTrue(tb.get("upper").asLong() > 0 && tb.get("lower").asLong() > 0 && tb.get("timeout").asLong() > 0, tb::toString);
    }

    /** Optional: the seed's own Python (pandas) on the same zips; skipped when python3 or pandas is missing. */
    @Test
    void shouldEqualTheSeedPythonWhenPandasIsAvailable() throws Exception
    {
        final String python = System.getProperty("trader.python", System.getenv().getOrDefault("TRADER_PYTHON", "python3"));
        assumeTrue(runs(List.of(python, "-c", "import pandas, numpy")), python + " with pandas and numpy is not available");
        final Path seed;
        try (Stream<Path> files = Files.list(SharedFixtures.require(SHARED.resolve("seeds"))))
        {
            seed = files.filter(p -> p.getFileName().toString().startsWith("000_")).findFirst().orElse(null);
        }
        assumeTrue(seed != null, "seed 000 absent");
        final String text = Files.readString(seed);
        final Path dir = Files.createDirectories(tmp.resolve("python"));
        Files.writeString(dir.resolve("policy_sizing.py"), between(text, "# policy_sizing.py", "# labeling_binance.py"));
        Files.writeString(dir.resolve("labeling_binance.py"), between(text, "# labeling_binance.py", "# (OPTIONAL) SHORT SIDE"));
        Files.writeString(dir.resolve("run.py"), String.join("\n",
            "import sys, zipfile",
            "sys.path.insert(0, sys.argv[1])",
            "import pandas as pd",
            "from labeling_binance import label_binance_long",
            "frames = []",
            "for z in sys.argv[2:]:",
            "    with zipfile.ZipFile(z) as zf:",
            "        frames.append(pd.read_csv(zf.open(zf.namelist()[0]), header=None, usecols=[0, 1, 2, 3, 4],",
            "                                  names=['timestamp', 'open', 'high', 'low', 'close']))",
            "out = label_binance_long(pd.concat(frames, ignore_index=True))",
            "for ts, y, h in zip(out['timestamp'], out['y'], out['t_hit_idx']):",
            "    print(f'{ts},{y},{h}')",
            ""));
        final List<String> command = new ArrayList<>(List.of(python, dir.resolve("run.py").toString(), dir.toString()));
        for (final String day : DAYS)
        {
            command.add(KLINES.resolve(day).toString());
        }
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            lines = r.lines().toList();
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "python did not finish");
        assertEquals(0, p.exitValue(), String.join("\n", lines));

        final int[][] reference = labelBinanceLong(bars.open(), bars.high(), bars.low(), bars.close(), 15.0);
        assertEquals(bars.openTimeMs().length, lines.size());
        for (int i = 0; i < lines.size(); i++)
        {
            final String[] cells = lines.get(i).split(",");
            assertEquals(Long.toString(bars.openTimeMs()[i]), cells[0], "timestamp of row " + i);
            assertEquals(cells[1], csv.get(i + 1)[1], "y of row " + i + ": Python vs export");
            assertEquals(Integer.parseInt(cells[2]), reference[1][i], "t_hit_idx of row " + i + ": Python vs test");
        }
    }

    private static String between(final String text, final String from, final String to)
    {
        final int start = text.indexOf(from);
        final int end = text.indexOf(to, start);
        assumeTrue(start >= 0 && end > start, "seed 000 section 5 code not found");
        return text.substring(start, end);
    }

    private static boolean runs(final List<String> command)
    {
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
