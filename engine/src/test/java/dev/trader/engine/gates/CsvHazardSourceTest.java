package dev.trader.engine.gates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.trader.engine.gates.GateEvents.MINUTE;
import static dev.trader.engine.gates.GateEvents.SECOND;
import static dev.trader.engine.gates.GateEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hazard file: timestamp forms, missing cells, and the rows it refuses (seed 002 "1m Hazard Dataset Path"). */
class CsvHazardSourceTest
{
    private static CsvHazardSource parse(final String text) throws IOException
    {
        return CsvHazardSource.parse(new StringReader(text), "h.csv", "timestamp", "prob");
    }

    @Test
    void shouldReadEveryTimestampFormAndBucketItToItsMinute() throws IOException
    {
        final CsvHazardSource s = parse("timestamp,prob\n"
            + "1577836800,0.10\n"                                  // seconds       -> 00:00
            + "1577836860000,0.11\n"                               // milliseconds  -> 00:01
            + "1577836920000000,0.12\n"                            // microseconds  -> 00:02
            + "1577836980000000000,0.13\n"                         // nanoseconds   -> 00:03
            + "2020-01-01T00:04:00Z,0.14\n"                        // ISO instant   -> 00:04
            + "2020-01-01 00:05:00+00:00,0.15\n"                   // pandas        -> 00:05
            + "2020-01-01T00:06:59.999,0.16\n"                     // no offset: UTC; bucketed down -> 00:06
            + "1577837220000.0,0.17\n"                             // float ms      -> 00:07
            + "\"1577837280000\", 0.18 \n");                       // quoted, padded -> 00:08
        for (int m = 0; m <= 8; m++)
        {
            assertEquals(0.10 + m / 100.0, s.probability(1, T0 + m * MINUTE), 1e-12, "minute " + m);
        }
        assertTrue(Double.isNaN(s.probability(1, T0 + 9 * MINUTE)));
        assertTrue(Double.isNaN(s.probability(1, T0 + 30 * SECOND)), "only minute buckets are looked up");
        assertEquals(9, s.minutes());
        assertEquals(T0, s.firstMinuteNs());
        assertEquals(T0 + 8 * MINUTE, s.lastMinuteNs());
    }

    @Test
    void shouldLeaveMinutesWithAnEmptyOrNanProbabilityOut() throws IOException
    {
        final CsvHazardSource s = parse("timestamp,prob,extra\n"
            + "1577836800000,,x\n"
            + "1577836860000,nan,x\n"
            + "1577836920000,NaN,x\n"
            + "1577836980000,0.4,x\n");
        assertEquals(1, s.minutes());
        assertEquals(3, s.missingRows());
        assertTrue(Double.isNaN(s.probability(1, T0)));
        assertEquals(0.4, s.probability(1, T0 + 3 * MINUTE));
        assertTrue(s.describe().contains("1 minutes, 3 without a probability"), s.describe());
    }

    @Test
    void shouldReadSeedTwoColumnNamesFromAFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("full_fit_probs.csv");
        Files.writeString(file, "open_time,y_prob\n1577836800000,0.25\n1577836860000,0.75\n");
        final CsvHazardSource s = CsvHazardSource.load(file, "open_time", "y_prob");
        assertEquals(0.75, s.probability(7, T0 + MINUTE));
    }

    @Test
    void shouldRefuseRowsThatCannotBeJoinedWithTheirLine()
    {
        assertRefused("timestamp,p\n1577836800000,0.1\n", "must name columns 'timestamp' and 'prob'");
        assertRefused("timestamp,prob\n1577836800000,0.1\n1577836830000,0.2\n", "h.csv:3", "already has a probability (line 2)");
        assertRefused("timestamp,prob\n1577836800000,1.5\n", "h.csv:2", "not a probability");
        assertRefused("timestamp,prob\n1577836800000,-0.1\n", "not a probability");
        assertRefused("timestamp,prob\n1577836800000,high\n", "'high' is not a number");
        assertRefused("timestamp,prob\nyesterday,0.1\n", "h.csv:2", "timestamp", "neither an epoch number nor an ISO-8601");
        assertRefused("timestamp,prob\n1577836800000\n", "fewer than the header");
    }

    private static void assertRefused(final String text, final String... expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> parse(text));
        for (final String e : expected)
        {
            assertTrue(ex.getMessage().contains(e), () -> "'" + ex.getMessage() + "' should mention '" + e + "'");
        }
    }
}
