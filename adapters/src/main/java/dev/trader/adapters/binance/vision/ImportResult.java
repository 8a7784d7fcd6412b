package dev.trader.adapters.binance.vision;

import dev.trader.adapters.binance.vision.BinanceVisionImporter.Kind;
import dev.trader.codecs.EventFormatter;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.RejectReason;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link BinanceVisionImporter#importFile} call read and wrote: data rows (header excluded), events per
 * type, rejected rows per reason, rows whose timestamp went backwards, the checksum outcome and the exchange-time span
 * of the market events written. Immutable.
 */
public final class ImportResult
{
    /** Outcome of the {@code .CHECKSUM} check that precedes every import. */
    public enum ChecksumStatus
    {
        /** {@code <file>.CHECKSUM} exists and the file's SHA-256 equals the one it states. */
        VERIFIED,
        /** No {@code <file>.CHECKSUM} next to the file: imported unverified. */
        ABSENT;

        @Override
        public String toString()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Value of {@link #firstExchangeTsNs()} and {@link #lastExchangeTsNs()} when no market event was written. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final Path file;
    private final Kind kind;
    private final String klineInterval;
    private final boolean headerRow;
    private final long rows;
    private final Map<EventType, Long> events;
    private final Map<RejectReason, Long> rejectsByReason;
    private final long rejects;
    private final String firstReject;
    private final long outOfOrder;
    private final ChecksumStatus checksum;
    private final long firstExchangeTsNs;
    private final long lastExchangeTsNs;

    ImportResult(
        final Path file,
        final Kind kind,
        final String klineInterval,
        final boolean headerRow,
        final long rows,
        final Map<EventType, Long> events,
        final Map<RejectReason, Long> rejectsByReason,
        final String firstReject,
        final long outOfOrder,
        final ChecksumStatus checksum,
        final long firstExchangeTsNs,
        final long lastExchangeTsNs)
    {
        this.file = file;
        this.kind = kind;
        this.klineInterval = klineInterval;
        this.headerRow = headerRow;
        this.rows = rows;
        this.events = Collections.unmodifiableMap(new EnumMap<>(events));
        this.rejectsByReason = Collections.unmodifiableMap(new EnumMap<>(rejectsByReason));
        long total = 0;
        for (final long n : rejectsByReason.values())
        {
            total += n;
        }
        this.rejects = total;
        this.firstReject = firstReject;
        this.outOfOrder = outOfOrder;
        this.checksum = checksum;
        this.firstExchangeTsNs = firstExchangeTsNs;
        this.lastExchangeTsNs = lastExchangeTsNs;
    }

    /** @return the imported file */
    public Path file()
    {
        return file;
    }

    /** @return the kind of file, as detected from its name or as given */
    public Kind kind()
    {
        return kind;
    }

    /** @return the kline interval label (e.g. {@code 1m}), or null for files that are not klines */
    public String klineInterval()
    {
        return klineInterval;
    }

    /** @return true when the file began with a header row (USD-M files do, spot files do not) */
    public boolean headerRow()
    {
        return headerRow;
    }

    /** @return data rows read, header excluded; every one became either a market event or an InputReject */
    public long rows()
    {
        return rows;
    }

    /** @return the number of events of {@code type} written to the sink (InputReject included) */
    public long events(final EventType type)
    {
        return events.getOrDefault(type, 0L);
    }

    /** @return events written per type; types with none are absent */
    public Map<EventType, Long> eventsByType()
    {
        return events;
    }

    /** @return all events written to the sink, InputReject included */
    public long eventsWritten()
    {
        long total = 0;
        for (final long n : events.values())
        {
            total += n;
        }
        return total;
    }

    /** @return rows refused and written as InputReject events */
    public long rejects()
    {
        return rejects;
    }

    /** @return rows refused for {@code reason} */
    public long rejects(final RejectReason reason)
    {
        return rejectsByReason.getOrDefault(reason, 0L);
    }

    /** @return rejected rows per reason; reasons with none are absent */
    public Map<RejectReason, Long> rejectsByReason()
    {
        return rejectsByReason;
    }

    /** @return the first rejected row as {@code line N: why} (its InputReject detail), or null when none was rejected */
    public String firstReject()
    {
        return firstReject;
    }

    /** @return imported rows whose timestamp is earlier than the previous imported row's (kept, not reordered) */
    public long outOfOrder()
    {
        return outOfOrder;
    }

    /** @return whether the file was verified against its {@code .CHECKSUM} */
    public ChecksumStatus checksum()
    {
        return checksum;
    }

    /** @return exchange time of the first market event written, or {@link #NO_TIMESTAMP} */
    public long firstExchangeTsNs()
    {
        return firstExchangeTsNs;
    }

    /** @return exchange time of the last market event written, or {@link #NO_TIMESTAMP} */
    public long lastExchangeTsNs()
    {
        return lastExchangeTsNs;
    }

    /**
     * One line, e.g. {@code BTCUSDT-1m-2020-01-01.zip: klines 1m, 1440 rows -> Kline=1440, rejects=0, outOfOrder=0,
     * checksum=verified, exchangeTs 2020-01-01T00:01:00Z .. 2020-01-02T00:00:00Z}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(192);
        sb.append(file.getFileName()).append(": ").append(kind.fileToken());
        if (klineInterval != null)
        {
            sb.append(' ').append(klineInterval);
        }
        sb.append(", ").append(rows).append(" rows").append(headerRow ? " + header" : "").append(" ->");
        boolean first = true;
        for (final Map.Entry<EventType, Long> e : events.entrySet())
        {
            if (e.getKey() != EventType.INPUT_REJECT)
            {
                sb.append(first ? " " : ", ").append(e.getKey().displayName()).append('=').append(e.getValue());
                first = false;
            }
        }
        sb.append(first ? " " : ", ").append("rejects=").append(rejects);
        if (rejects > 0)
        {
            sb.append(' ').append(rejectsByReason);
        }
        sb.append(", outOfOrder=").append(outOfOrder).append(", checksum=").append(checksum);
        if (firstExchangeTsNs != NO_TIMESTAMP)
        {
            sb.append(", exchangeTs ").append(EventFormatter.formatTime(firstExchangeTsNs))
                .append(" .. ").append(EventFormatter.formatTime(lastExchangeTsNs));
        }
        return sb.toString();
    }
}
