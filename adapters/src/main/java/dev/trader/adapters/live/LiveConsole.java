package dev.trader.adapters.live;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where the live adapters tell the person running {@code trader record} what the connections do: one line per failed
 * connect or lost connection (venue, host, HTTP status or exception, attempt, next attempt in N s) and per book
 * resynchronisation or failed snapshot. The same facts are journaled as ConnectionEvents; this is only the human view.
 * Lines come from the adapters' I/O threads (through {@link ConsoleQueue}, so a slow terminal never stalls them),
 * never from the engine thread.
 */
@FunctionalInterface
public interface LiveConsole
{
    void line(String text);

    /** Standard error, looked up at each line (so a redirected {@code System.err} is honoured). */
    LiveConsole STDERR = text -> System.err.println(text);

    /** Discards every line. */
    LiveConsole NONE = text -> { };

    /** The line prefix for a wall-clock time: ISO-8601 UTC to the second, e.g. {@code 2024-08-08T12:00:00Z}. */
    static String stamp(final long epochNanos)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
