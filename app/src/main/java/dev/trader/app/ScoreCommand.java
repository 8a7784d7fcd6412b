package dev.trader.app;

import dev.trader.strategies.model.ModelManifest;
import dev.trader.strategies.model.OnnxScorer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code trader score}: scores every row of a CSV file with an ONNX model, offline, through the same {@link
 * OnnxScorer} the engine uses, and prints one line per row (the outputs, comma separated; with no manifest, the
 * positive class probability alone) at full float precision. A first row that is not numeric is a header and is
 * skipped; empty, {@code nan} and {@code NaN} cells are NaN (a missing value for tree models).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Score each row of a CSV with an ONNX model; prints one line per row: the outputs (with no manifest,",
        "the positive class probability), %.9g. Checks the manifest's sha256; the feature catalogue is not checked."})
final class ScoreCommand implements Callable<Integer>
{
    @Option(names = "--model", description = "the .onnx file (with --manifest: scored instead of the manifest's file, "
        + "whose sha256 it must have)")
    Path model;

    @Option(names = "--manifest", description = "model manifest (YAML or JSON): features, heads, sha256")
    Path manifest;

    @Option(names = "--csv", required = true, description = "rows to score; a non-numeric first row is a header")
    Path csv;

    @Option(names = "--columns", description = "0-based feature columns in model input order, e.g. 0-39 or 1,3,5-9 "
        + "(default: the first <features> columns)")
    String columns;

    @Option(names = "--out", description = "write the scores to this file instead of standard output")
    Path out;

    @Override
    public Integer call() throws IOException
    {
        if (model == null && manifest == null)
        {
            throw new IllegalArgumentException("score: give --model, --manifest, or both");
        }
        if (!Files.isRegularFile(csv))
        {
            throw new IllegalArgumentException("no such file: " + csv);
        }
        try (OnnxScorer scorer = open())
        {
            final int[] featureColumns = columns == null ? range(0, scorer.featureCount()) : parseColumns(columns);
            if (featureColumns.length != scorer.featureCount())
            {
                throw new IllegalArgumentException("--columns selects " + featureColumns.length + " columns but model "
                    + scorer.manifest().name() + " takes " + scorer.featureCount() + " features");
            }
            final long rows;
            if (out != null)
            {
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8))
                {
                    rows = score(scorer, featureColumns, w);
                }
                System.out.println("scored " + rows + " rows with " + scorer.manifest().name() + " (sha256 "
                    + scorer.sha256Hex() + ") -> " + out);
            }
            else
            {
                final Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                score(scorer, featureColumns, w);
                w.flush();
            }
        }
        return 0;
    }

    private OnnxScorer open()
    {
        if (manifest == null)
        {
            return OnnxScorer.loadDefault(model);
        }
        final ModelManifest m = ModelManifest.load(manifest);
        return OnnxScorer.loadWithoutCatalogue(model != null ? m.withModelFile(model) : m);
    }

    private long score(final OnnxScorer scorer, final int[] featureColumns, final Writer w) throws IOException
    {
        final double[] features = new double[featureColumns.length];
        final double[] outputs = new double[scorer.outputCount()];
        final CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get();
        long rows = 0;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get())
        {
            boolean first = true;
            for (final CSVRecord record : parser)
            {
                final long line = parser.getCurrentLineNumber();
                if (first && isHeader(record, featureColumns))
                {
                    first = false;
                    continue;
                }
                first = false;
                for (int i = 0; i < featureColumns.length; i++)
                {
                    features[i] = cell(record, featureColumns[i], line);
                }
                scorer.score(features, outputs);
                for (int k = 0; k < outputs.length; k++)
                {
                    if (k > 0)
                    {
                        w.write(',');
                    }
                    w.write(String.format(Locale.ROOT, "%.9g", outputs[k]));
                }
                w.write('\n');
                rows++;
            }
        }
        catch (final UncheckedIOException ex)
        {
            throw new IllegalArgumentException(csv + ": " + ex.getMessage(), ex);
        }
        return rows;
    }

    private static boolean isHeader(final CSVRecord record, final int[] featureColumns)
    {
        for (final int c : featureColumns)
        {
            if (c < record.size() && parse(record.get(c)) == null)
            {
                return true;
            }
        }
        return false;
    }

    private double cell(final CSVRecord record, final int column, final long line)
    {
        if (column >= record.size())
        {
            throw new IllegalArgumentException(csv + ": line " + line + " has " + record.size() + " columns; "
                + "feature column " + column + " is missing");
        }
        final Double v = parse(record.get(column));
        if (v == null)
        {
            throw new IllegalArgumentException(csv + ": line " + line + ", column " + column + ": '" + record.get(column)
                + "' is not a number");
        }
        return v;
    }

    private static Double parse(final String text)
    {
        if (text.isEmpty() || text.equalsIgnoreCase("nan"))
        {
            return Double.NaN;
        }
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /** "0-39", "1,3,5-9": 0-based columns, inclusive ranges, in the order given. */
    static int[] parseColumns(final String text)
    {
        final List<Integer> result = new ArrayList<>();
        for (final String part : text.split(","))
        {
            final String p = part.trim();
            final int dash = p.indexOf('-', 1);
            try
            {
                if (dash < 0)
                {
                    result.add(column(p));
                }
                else
                {
                    final int from = column(p.substring(0, dash).trim());
                    final int to = column(p.substring(dash + 1).trim());
                    if (to < from)
                    {
                        throw new IllegalArgumentException("'" + p + "' runs backwards");
                    }
                    for (int c = from; c <= to; c++)
                    {
                        result.add(c);
                    }
                }
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("--columns '" + text + "': " + ex.getMessage(), ex);
            }
        }
        return result.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int column(final String text)
    {
        final int c;
        try
        {
            c = Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is not a column number", ex);
        }
        if (c < 0)
        {
            throw new IllegalArgumentException("column " + c + " is negative");
        }
        return c;
    }

    private static int[] range(final int from, final int to)
    {
        final int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++)
        {
            r[i] = from + i;
        }
        return r;
    }
}
