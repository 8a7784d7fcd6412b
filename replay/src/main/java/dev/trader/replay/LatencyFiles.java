package dev.trader.replay;

import dev.trader.engine.LatencyRecorder;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's latency histograms on disk ({@code latency.hlog}, HdrHistogram's log format, one tagged histogram per
 * stage or path, values in nanoseconds), and the {@code .hgrm} percentile files made from it.
 */
public final class LatencyFiles
{
    public static final String LOG_FILE = "latency.hlog";

    private LatencyFiles()
    {
    }

    public static void write(final Path runDir, final List<LatencyRecorder.Named> histograms)
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(runDir.resolve(LOG_FILE)), false, "UTF-8"))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("trader latency histograms; values in nanoseconds; one tagged histogram per stage/path");
            writer.outputLogFormatVersion();
            writer.outputLegend();
            for (final LatencyRecorder.Named named : histograms)
            {
                final Histogram copy = named.histogram().copy();
                copy.setTag(named.name());
                copy.setStartTimeStamp(0);
                copy.setEndTimeStamp(0);
                writer.outputIntervalHistogram(copy);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + runDir.resolve(LOG_FILE), ex);
        }
    }

    /** Histograms by tag, in file order. */
    public static Map<String, Histogram> read(final Path runDir)
    {
        final Path file = runDir.resolve(LOG_FILE);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException(runDir + " holds no " + LOG_FILE + "; is it the --out directory of a replay or demo?");
        }
        final Map<String, Histogram> result = new LinkedHashMap<>();
        try
        {
            final HistogramLogReader reader = new HistogramLogReader(file.toFile());
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null)
            {
                result.put(h.getTag(), (Histogram)h);
            }
        }
        catch (final FileNotFoundException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return result;
    }

    /** Percentile summary of one histogram, in nanoseconds. */
    public static Map<String, Object> percentiles(final Histogram h)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50", h.getValueAtPercentile(50.0));
        m.put("p90", h.getValueAtPercentile(90.0));
        m.put("p99", h.getValueAtPercentile(99.0));
        m.put("p99.9", h.getValueAtPercentile(99.9));
        m.put("max", h.getMaxValue());
        m.put("mean", Math.round(h.getMean() * 10.0) / 10.0);
        return m;
    }

    /** Writes {@code <tag>.hgrm} for every histogram (HdrHistogram percentile distribution, nanoseconds). */
    public static List<Path> writeHgrm(final Path runDir, final Map<String, Histogram> histograms)
    {
        final List<Path> written = new ArrayList<>();
        for (final Map.Entry<String, Histogram> e : histograms.entrySet())
        {
            final Path file = runDir.resolve(e.getKey() + ".hgrm");
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
            {
                e.getValue().outputPercentileDistribution(out, 5, 1.0);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write " + file, ex);
            }
            written.add(file);
        }
        return written;
    }

    /** A fixed-width table: name, count, p50, p99, p99.9, max (ns). */
    public static String table(final Map<String, Histogram> histograms)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s %12s %10s %10s %10s %12s%n", "latency (ns)", "count", "p50", "p99", "p99.9", "max"));
        for (final Map.Entry<String, Histogram> e : histograms.entrySet())
        {
            final Histogram h = e.getValue();
            sb.append(String.format("%-28s %12d %10d %10d %10d %12d%n", e.getKey(), h.getTotalCount(),
                h.getValueAtPercentile(50.0), h.getValueAtPercentile(99.0), h.getValueAtPercentile(99.9), h.getMaxValue()));
        }
        return sb.toString();
    }
}
