package dev.trader.replay;

import dev.trader.codecs.sbe.OperatorCommandType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One operator command scheduled into a replay (seed 004 "Security and safety": "Kill switch: Set size to zero, cancel
 * all orders"; docs/trading.md "Operator commands"). {@link ReplayRunner} publishes it as an OperatorCommand event
 * stamped {@code timeNs} (exchange and receive time) just before the first journal event received at or after that
 * time, so it is journaled in the run's {@code input/} like any other input.
 *
 * @param timeNs     event time, ns since the epoch
 * @param command    KILL_SWITCH or RESUME
 * @param instrument instrument spec ("venue:SYMBOL" or "SYMBOL") resolved against the run's registry, null = every
 *                   instrument (instrumentId 0)
 * @param strategyId the strategy, 0 = every strategy
 * @param detail     free text journaled with the command (who / why)
 */
public record ScheduledCommand(long timeNs, OperatorCommandType command, String instrument, int strategyId, String detail)
{
    /** Words for "every instrument" in a command spec. */
    private static final String ALL = "all";
    /** Longest detail text (the event's var string holds up to 65,534 bytes). */
    public static final int MAX_DETAIL = 1024;

    public ScheduledCommand
    {
        Objects.requireNonNull(command, "command");
        if (command != OperatorCommandType.KILL_SWITCH && command != OperatorCommandType.RESUME)
        {
            throw new IllegalArgumentException("command must be KILL_SWITCH or RESUME, not " + command);
        }
        if (strategyId < 0)
        {
            throw new IllegalArgumentException("strategyId must be >= 0 (0 = every strategy), not " + strategyId);
        }
        detail = detail == null ? "" : detail;
        if (detail.length() > MAX_DETAIL)
        {
            throw new IllegalArgumentException("detail longer than " + MAX_DETAIL + " characters");
        }
    }

    /**
     * Parses {@code COMMAND@TIME[:instrument[:strategyId]]}: COMMAND is KILL_SWITCH or RESUME (case-insensitive), TIME
     * an ISO-8601 UTC instant ending in {@code Z} (e.g. {@code 2024-01-01T01:30:00Z}, fractions allowed), instrument
     * {@code venue:SYMBOL}, {@code SYMBOL} or {@code all} (default all), strategyId an integer >= 0 (default 0 = all;
     * it is the last {@code :} segment when that segment is a number). Errors say what is wrong, not where it came
     * from: callers prefix the option's name.
     *
     * @param spec   the text
     * @param detail journaled with the command
     */
    public static ScheduledCommand parse(final String spec, final String detail)
    {
        final String text = spec == null ? "" : spec.trim();
        final int at = text.indexOf('@');
        if (at <= 0)
        {
            throw new IllegalArgumentException("expected COMMAND@TIME[:instrument[:strategyId]], e.g. "
                + "KILL_SWITCH@2024-01-01T01:30:00Z, got '" + text + "'");
        }
        final String name = text.substring(0, at);
        final OperatorCommandType command;
        if ("KILL_SWITCH".equalsIgnoreCase(name))
        {
            command = OperatorCommandType.KILL_SWITCH;
        }
        else if ("RESUME".equalsIgnoreCase(name))
        {
            command = OperatorCommandType.RESUME;
        }
        else
        {
            throw new IllegalArgumentException("unknown command '" + name + "' (KILL_SWITCH or RESUME)");
        }
        final String rest = text.substring(at + 1);
        final int z = rest.indexOf('Z');
        if (z < 0)
        {
            throw new IllegalArgumentException("time must be an ISO-8601 UTC instant ending in Z, e.g. 2024-01-01T01:30:00Z, "
                + "got '" + rest + "'");
        }
        final String timeText = rest.substring(0, z + 1);
        final long timeNs;
        try
        {
            final Instant t = Instant.parse(timeText);
            timeNs = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("bad time '" + timeText + "' (ISO-8601 UTC, e.g. 2024-01-01T01:30:00Z)");
        }
        if (timeNs <= 0)
        {
            throw new IllegalArgumentException("time " + timeText + " is not after 1970-01-01T00:00:00Z");
        }
        final String scope = rest.substring(z + 1);
        if (scope.isEmpty())
        {
            return new ScheduledCommand(timeNs, command, null, 0, detail);
        }
        if (scope.charAt(0) != ':' || scope.length() == 1)
        {
            throw new IllegalArgumentException("expected ':instrument[:strategyId]' after the time " + timeText + ", got '"
                + scope + "'");
        }
        String instrument = scope.substring(1);
        int strategyId = 0;
        final int lastColon = instrument.lastIndexOf(':');
        if (lastColon >= 0 && isDigits(instrument.substring(lastColon + 1)))
        {
            final String id = instrument.substring(lastColon + 1);
            try
            {
                strategyId = Integer.parseInt(id);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("strategy id " + id + " is out of range");
            }
            instrument = instrument.substring(0, lastColon);
        }
        if (instrument.isEmpty() || instrument.endsWith(":") || instrument.startsWith(":") || instrument.isBlank())
        {
            throw new IllegalArgumentException("empty instrument in '" + scope.substring(1) + "' (use all for every instrument)");
        }
        return new ScheduledCommand(timeNs, command, ALL.equalsIgnoreCase(instrument) ? null : instrument, strategyId, detail);
    }

    private static boolean isDigits(final String s)
    {
        if (s.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < s.length(); i++)
        {
            if (s.charAt(i) < '0' || s.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }

    /** The time as an ISO-8601 instant. */
    public String time()
    {
        return Instant.ofEpochSecond(Math.floorDiv(timeNs, 1_000_000_000L), Math.floorMod(timeNs, 1_000_000_000L)).toString();
    }

    /** One line for run output, e.g. {@code KILL_SWITCH at 2024-01-01T01:30:00Z, every instrument, every strategy}. */
    public String describe()
    {
        return command + " at " + time() + ", " + (instrument == null ? "every instrument" : instrument) + ", "
            + (strategyId == 0 ? "every strategy" : "strategy " + strategyId);
    }
}
