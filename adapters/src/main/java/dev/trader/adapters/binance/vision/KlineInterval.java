package dev.trader.adapters.binance.vision;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Binance kline interval as it appears in Vision file names and paths: {@code 1s}, {@code 1m}, {@code 15m},
 * {@code 1h}, {@code 1d}, {@code 1w}, or {@code 1mo} (calendar month; the API spells it {@code 1M}).
 */
final class KlineInterval
{
    private static final Pattern LABEL = Pattern.compile("([1-9][0-9]{0,3})(s|m|h|d|w|mo|M)");
    private static final long SECOND_NS = 1_000_000_000L;

    private final String label;
    private final long fixedNs;
    private final int months;

    private KlineInterval(final String label, final long fixedNs, final int months)
    {
        this.label = label;
        this.fixedNs = fixedNs;
        this.months = months;
    }

    /**
     * @param text an interval label such as {@code 1m} or {@code 4h}
     * @return the interval
     * @throws IllegalArgumentException when the label is not a Binance interval
     */
    static KlineInterval parse(final String text)
    {
        final KlineInterval interval = tryParse(text.trim());
        if (interval == null)
        {
            throw new IllegalArgumentException("'" + text + "' is not a kline interval (e.g. 1s, 1m, 15m, 1h, 1d, 1w, 1mo)");
        }
        return interval;
    }

    /** @return the interval named by a {@code -<interval>-} token of a Vision file name, or null when there is none. */
    static KlineInterval fromFileName(final String baseName)
    {
        for (final String token : baseName.split("-"))
        {
            final KlineInterval interval = tryParse(token);
            if (interval != null)
            {
                return interval;
            }
        }
        return null;
    }

    private static KlineInterval tryParse(final String text)
    {
        final Matcher m = LABEL.matcher(text);
        if (!m.matches())
        {
            return null;
        }
        final long n = Long.parseLong(m.group(1));
        switch (m.group(2))
        {
            case "s": return new KlineInterval(text, n * SECOND_NS, 0);
            case "m": return new KlineInterval(text, n * 60L * SECOND_NS, 0);
            case "h": return new KlineInterval(text, n * 3_600L * SECOND_NS, 0);
            case "d": return new KlineInterval(text, n * 86_400L * SECOND_NS, 0);
            case "w": return new KlineInterval(text, n * 7L * 86_400L * SECOND_NS, 0);
            default: return new KlineInterval(n + "mo", 0, (int)n);
        }
    }

    /** The exclusive end of the kline opening at {@code openTimeNs}; calendar months are months of UTC. */
    long closeTimeNs(final long openTimeNs)
    {
        if (months == 0)
        {
            return openTimeNs + fixedNs;
        }
        final ZonedDateTime open = Instant.ofEpochSecond(Math.floorDiv(openTimeNs, SECOND_NS), Math.floorMod(openTimeNs, SECOND_NS))
            .atZone(ZoneOffset.UTC);
        final Instant close = open.plusMonths(months).toInstant();
        return close.getEpochSecond() * SECOND_NS + close.getNano();
    }

    String label()
    {
        return label;
    }

    @Override
    public String toString()
    {
        return label;
    }
}
