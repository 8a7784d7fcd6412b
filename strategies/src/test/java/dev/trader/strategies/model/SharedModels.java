package dev.trader.strategies.model;

import dev.trader.engine.testing.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shared model fixtures ({@code ../shared/models}, read in place from {@code trader.shared.dir}); a test using
 * them is skipped when they are absent.
 */
final class SharedModels
{
    static final String LOGREG = "sklearn_logreg";
    static final String GBDT = "sklearn_gbdt200_d4";
    static final int FEATURES = 40;

    private SharedModels()
    {
    }

    /** {@code <shared>/models/<name>.onnx}, or the test is skipped. */
    static Path model(final String name)
    {
        return SharedFixtures.require("models/" + name + ".onnx");
    }

    /** {@code <shared>/models/<name>.expected.csv}, or the test is skipped. */
    static Path expected(final String name)
    {
        return SharedFixtures.require("models/" + name + ".expected.csv");
    }

    /** The rows of an expected file: 40 features then the expected probability. */
    static List<double[]> rows(final String name)
    {
        try
        {
            final List<double[]> rows = new ArrayList<>();
            for (final String line : Files.readAllLines(expected(name)))
            {
                if (line.isBlank())
                {
                    continue;
                }
                final String[] cells = line.split(",");
                final double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++)
                {
                    row[i] = Double.parseDouble(cells[i].trim());
                }
                rows.add(row);
            }
            return rows;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
