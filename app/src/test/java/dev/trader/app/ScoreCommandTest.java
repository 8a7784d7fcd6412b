package dev.trader.app;

import dev.trader.engine.testing.SharedFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code trader score}, run in process against the shared scikit-learn fixtures. */
class ScoreCommandTest
{
    private static final double TOLERANCE = 1e-5;

    @TempDir
    Path tmp;

    private record Result(int exitCode, String out, String err)
    {
    }

    private static synchronized Result trader(final String... args)
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final StringWriter errText = new StringWriter();
        final PrintStream originalOut = System.out;
        final PrintStream capture = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        final int exit;
        try
        {
            final CommandLine cl = TraderCli.commandLine();
            cl.setOut(new PrintWriter(capture, true));
            cl.setErr(new PrintWriter(errText, true));
            exit = cl.execute(args);
        }
        finally
        {
            capture.flush();
            System.setOut(originalOut);
        }
        return new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errText.toString());
    }

    private static Path shared(final String file)
    {
        return SharedFixtures.require("models/" + file);
    }

    private static List<String> lines(final String text)
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : text.split("\\R"))
        {
            if (!line.isBlank())
            {
                lines.add(line);
            }
        }
        return lines;
    }

    private static double maxError(final List<String> scores, final Path expected) throws IOException
    {
        final List<String> rows = lines(Files.readString(expected));
        assertEquals(rows.size(), scores.size());
        double max = 0;
        for (int i = 0; i < rows.size(); i++)
        {
            final String[] cells = rows.get(i).split(",");
            max = Math.max(max, Math.abs(Double.parseDouble(scores.get(i)) - Double.parseDouble(cells[cells.length - 1])));
        }
        return max;
    }

    @Test
    void shouldPrintExpectedProbabilityForEveryRowWhenScoringLogreg() throws IOException
    {
        final Path model = shared("sklearn_logreg.onnx");
        final Path csv = shared("sklearn_logreg.expected.csv");
        final Result r = trader("score", "--model", model.toString(), "--csv", csv.toString());
        assertEquals(0, r.exitCode, r.err);
        final List<String> scores = lines(r.out);
        assertEquals(1000, scores.size());
        assertTrue(scores.get(0).matches("\\d\\.\\d{8,9}(e[-+]\\d+)?"), scores.get(0));
        final double max = maxError(scores, csv);
        System.out.printf(Locale.ROOT, "trader score sklearn_logreg: 1000 rows, max abs error %.3g%n", max);
        assertTrue(max < TOLERANCE, "max abs error " + max);
    }

    @Test
    void shouldWriteFileWithManifestAndExplicitColumns() throws IOException
    {
        final Path model = shared("sklearn_gbdt200_d4.onnx");
        final Path csv = shared("sklearn_gbdt200_d4.expected.csv");
        final StringBuilder features = new StringBuilder();
        for (int i = 0; i < 40; i++)
        {
            features.append(i == 0 ? "" : ", ").append("x").append(i);
        }
        final Path manifest = tmp.resolve("gbdt.yaml");
        Files.writeString(manifest, "model: " + model + "\nsha256: \"" + sha256(model) + "\"\nfeatures: [" + features + "]\n");
        final Path out = tmp.resolve("scores.txt");
        final Result r = trader("score", "--manifest", manifest.toString(), "--csv", csv.toString(), "--columns", "0-39",
            "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("scored 1000 rows"), r.out);
        assertTrue(maxError(lines(Files.readString(out)), csv) < TOLERANCE);
    }

    @Test
    void shouldSkipHeaderRowAndScoreColumnsInGivenOrder() throws IOException
    {
        final Path model = shared("sklearn_logreg.onnx");
        final StringBuilder header = new StringBuilder("id");
        final StringBuilder row = new StringBuilder("7");
        for (int i = 0; i < 40; i++)
        {
            header.append(",f").append(i);
            row.append(",0");
        }
        final Path csv = tmp.resolve("with-header.csv");
        Files.writeString(csv, header + "\n" + row + "\n" + row + "\n");
        final Result r = trader("score", "--model", model.toString(), "--csv", csv.toString(), "--columns", "1-40");
        assertEquals(0, r.exitCode, r.err);
        final List<String> scores = lines(r.out);
        assertEquals(2, scores.size());
        assertEquals(scores.get(0), scores.get(1));
    }

    @Test
    void shouldExitTwoWithBothHashesWhenManifestHashIsWrong() throws IOException
    {
        final Path model = shared("sklearn_logreg.onnx");
        final Path csv = shared("sklearn_logreg.expected.csv");
        final Path manifest = tmp.resolve("wrong.yaml");
        final String wrong = "ab".repeat(32);
        final StringBuilder features = new StringBuilder("f0");
        for (int i = 1; i < 40; i++)
        {
            features.append(", f").append(i);
        }
        Files.writeString(manifest, "model: " + model + "\nsha256: " + wrong + "\nfeatures: [" + features + "]\n");
        final Result r = trader("score", "--manifest", manifest.toString(), "--csv", csv.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(wrong) && r.err.contains(sha256(model)), r.err);
    }

    @Test
    void shouldExitTwoWhenColumnsDoNotMatchModel()
    {
        final Path model = shared("sklearn_logreg.onnx");
        final Path csv = shared("sklearn_logreg.expected.csv");
        final Result r = trader("score", "--model", model.toString(), "--csv", csv.toString(), "--columns", "0-38");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--columns selects 39 columns but model sklearn_logreg takes 40 features"), r.err);
    }

    @Test
    void shouldParseColumnLists()
    {
        assertArrayEquals(new int[]{0, 1, 2}, ScoreCommand.parseColumns("0-2"));
        assertArrayEquals(new int[]{3, 1, 5, 6, 7}, ScoreCommand.parseColumns("3, 1,5-7"));
        assertThrows(IllegalArgumentException.class, () -> ScoreCommand.parseColumns("5-3"));
        assertThrows(IllegalArgumentException.class, () -> ScoreCommand.parseColumns("a-3"));
    }

    private static String sha256(final Path file) throws IOException
    {
        try
        {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
