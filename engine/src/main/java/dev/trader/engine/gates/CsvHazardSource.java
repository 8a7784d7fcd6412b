package dev.trader.engine.gates;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Hazard probabilities per minute from a CSV file, the join of seed 002 section 2 ("Hazard Join (PHASE 2)"):
 * <pre>
 *   minute_time_ms = (bar_time_ms // 60000) * 60000
 *   hazard_prob    = hazard_prob_1m[minute_time_ms]        same-minute bucket only; missing minute => null;
 *                                                          no forward-fill across minute boundaries
 * </pre>
 *
 * <h2>File</h2>
 * A header row naming the columns, then one row per minute. The timestamp column ({@code timestamp} by default; seed
 * 002's files call it {@code open_time}) holds epoch seconds, milliseconds, microseconds or nanoseconds (told apart
 * by magnitude, as the importers do) or an ISO-8601 date-time (UTC when it has no offset); it is bucketed to its
 * minute the same way the bars are. The probability column ({@code prob} by default; {@code y_prob} in seed 002)
 * holds a number in [0, 1]; an empty cell, {@code nan}, {@code null} or {@code none} (how pandas writes a missing
 * value) means the minute has no probability and is left out. Anything else that is not a probability, and two
 * rows for the same minute, are refused with the line number: a hazard file that says two things about one minute
 * cannot be joined.
 *
 * <h2>Memory and lookup</h2>
 * Loaded once at start into two primitive arrays sorted by minute; {@link #probability} is a binary search, no
 * allocation. The file carries no instrument: the same probabilities serve every instrument the gate covers (seed
 * 002 keeps one file per symbol; {@code hazard.instrument} names the one it is for).
 */
public final class CsvHazardSource implements HazardSource
{
    public static final long MINUTE_NS = TimeUnit.MINUTES.toNanos(1);
    public static final String DEFAULT_TIMESTAMP_COLUMN = "timestamp";
    public static final String DEFAULT_PROBABILITY_COLUMN = "prob";

    /** An epoch number: digits, optionally signed, with an optional fraction or exponent ({@code 1577836800000.0}). */
    private static final Pattern EPOCH_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d*)?([eE][+-]?\\d+)?");

    private final String description;
    private final long[] minutes;
    private final double[] probabilities;
    private final int missing;

    private CsvHazardSource(final String description, final long[] minutes, final double[] probabilities, final int missing)
    {
        this.description = description;
        this.minutes = minutes;
        this.probabilities = probabilities;
        this.missing = missing;
    }

    /** Loads {@code timestamp,prob}. */
    public static CsvHazardSource load(final Path file)
    {
        return load(file, DEFAULT_TIMESTAMP_COLUMN, DEFAULT_PROBABILITY_COLUMN);
    }

    /**
     * @throws IllegalArgumentException naming the file and line of the first bad row, a missing column or a
     *                                  duplicate minute
     */
    public static CsvHazardSource load(final Path file, final String timestampColumn, final String probabilityColumn)
    {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return parse(reader, file.toString(), timestampColumn, probabilityColumn);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read hazard file " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Parses CSV text (tests, and {@link #load}). */
    public static CsvHazardSource parse(
        final Reader reader,
        final String source,
        final String timestampColumn,
        final String probabilityColumn) throws IOException
    {
        final CSVFormat format = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .setTrim(true)
            .get();
        final TreeMap<Long, Double> byMinute = new TreeMap<>();
        final TreeMap<Long, Long> lineOfMinute = new TreeMap<>();
        int missing = 0;
        try (CSVParser parser = format.parse(reader))
        {
            final Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || !header.containsKey(timestampColumn) || !header.containsKey(probabilityColumn))
            {
                throw new IllegalArgumentException(source + ": the header must name columns '" + timestampColumn + "' and '"
                    + probabilityColumn + "'; it has " + (header == null ? "none" : header.keySet()));
            }
            for (final CSVRecord record : parser)
            {
                final long line = record.getRecordNumber() + 1; // the header is line 1
                if (!record.isSet(timestampColumn) || !record.isSet(probabilityColumn))
                {
                    throw new IllegalArgumentException(source + ":" + line + ": the row has " + record.size() + " cells, fewer than the header");
                }
                final long tsNs;
                try
                {
                    tsNs = parseTimestampNs(record.get(timestampColumn));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new IllegalArgumentException(source + ":" + line + ": " + timestampColumn + ": " + ex.getMessage(), ex);
                }
                final String probText = record.get(probabilityColumn);
                if (isMissing(probText))
                {
                    missing++;
                    continue;
                }
                final double prob;
                try
                {
                    prob = Double.parseDouble(probText);
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException(source + ":" + line + ": " + probabilityColumn + ": '" + probText
                        + "' is not a number", ex);
                }
                if (!(prob >= 0.0 && prob <= 1.0))
                {
                    throw new IllegalArgumentException(source + ":" + line + ": " + probabilityColumn + ": " + probText
                        + " is not a probability in [0, 1]");
                }
                final long minute = minuteOf(tsNs);
                final Long earlier = lineOfMinute.putIfAbsent(minute, line);
                if (earlier != null)
                {
                    throw new IllegalArgumentException(source + ":" + line + ": minute " + Instant.ofEpochSecond(0, minute)
                        + " already has a probability (line " + earlier + "); one row per minute");
                }
                byMinute.put(minute, prob);
            }
        }
        catch (final IllegalStateException | UncheckedIOException ex)
        {
            throw new IllegalArgumentException(source + ": not a readable CSV file: " + ex.getMessage(), ex);
        }
        final long[] minutes = new long[byMinute.size()];
        final double[] probabilities = new double[byMinute.size()];
        int i = 0;
        for (final Map.Entry<Long, Double> e : byMinute.entrySet())
        {
            minutes[i] = e.getKey();
            probabilities[i] = e.getValue();
            i++;
        }
        return new CsvHazardSource("csv " + source + " (" + minutes.length + " minutes"
            + (missing > 0 ? ", " + missing + " without a probability" : "") + ")", minutes, probabilities, missing);
    }

    /** The minute bucket of a timestamp: {@code floor(ts / 1 min) * 1 min}, as seed 002 joins. */
    public static long minuteOf(final long tsNs)
    {
        return Math.floorDiv(tsNs, MINUTE_NS) * MINUTE_NS;
    }

    @Override
    public double probability(final int instrumentId, final long minuteNs)
    {
        final int i = Arrays.binarySearch(minutes, minuteNs);
        return i >= 0 ? probabilities[i] : Double.NaN;
    }

    @Override
    public String describe()
    {
        return description;
    }

    /** Minutes that have a probability. */
    public int minutes()
    {
        return minutes.length;
    }

    /** Rows whose probability cell was empty or NaN (left out). */
    public int missingRows()
    {
        return missing;
    }

    /** The first and last minute with a probability (epoch ns); empty file: {@code Long.MIN_VALUE}. */
    public long firstMinuteNs()
    {
        return minutes.length == 0 ? Long.MIN_VALUE : minutes[0];
    }

    public long lastMinuteNs()
    {
        return minutes.length == 0 ? Long.MIN_VALUE : minutes[minutes.length - 1];
    }

    private static boolean isMissing(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("nan") || t.equals("null") || t.equals("none") || t.equals("na");
    }

    /**
     * Epoch seconds (below 10^11), milliseconds (below 10^14), microseconds (below 10^17) or nanoseconds, as an
     * integer or an integral decimal ({@code 1577836800000.0}); or an ISO-8601 date-time, UTC when it has no offset.
     */
    static long parseTimestampNs(final String text)
    {
        final String t = text.trim();
        if (t.isEmpty())
        {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (EPOCH_NUMBER.matcher(t).matches())
        {
            final long v;
            try
            {
                v = t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0 ? integral(t) : Long.parseLong(t);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is out of range", ex);
            }
            final long abs = Math.abs(v);
            try
            {
                if (abs < 100_000_000_000L)
                {
                    return Math.multiplyExact(v, 1_000_000_000L);
                }
                if (abs < 100_000_000_000_000L)
                {
                    return Math.multiplyExact(v, 1_000_000L);
                }
                if (abs < 100_000_000_000_000_000L)
                {
                    return Math.multiplyExact(v, 1_000L);
                }
                return v;
            }
            catch (final ArithmeticException ex)
            {
                throw new IllegalArgumentException("'" + text + "' is out of range", ex);
            }
        }
        return parseDateTimeNs(t);
    }

    private static long integral(final String t)
    {
        final double d = Double.parseDouble(t);
        if (d != Math.rint(d) || Math.abs(d) > 9.0e18)
        {
            throw new IllegalArgumentException("'" + t + "' is not a whole epoch timestamp");
        }
        return (long)d;
    }

    private static long parseDateTimeNs(final String t)
    {
        final String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        Instant instant;
        try
        {
            instant = OffsetDateTime.parse(iso).toInstant();
        }
        catch (final DateTimeParseException notOffset)
        {
            try
            {
                instant = Instant.parse(iso);
            }
            catch (final DateTimeParseException notInstant)
            {
                try
                {
                    instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                }
                catch (final DateTimeParseException ex)
                {
                    throw new IllegalArgumentException("'" + t + "' is neither an epoch number nor an ISO-8601 date-time", ex);
                }
            }
        }
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("'" + t + "' is out of range", ex);
        }
    }
}
