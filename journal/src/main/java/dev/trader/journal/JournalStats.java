package dev.trader.journal;

import dev.trader.codecs.EventType;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a journal holds: {@code events}, {@code counts} per event type (schema order), first and last event time
 * (the receive timestamp, i.e. engine time), {@code invalid} frames that are not valid events of this schema, and
 * its integrity ({@link JournalIntegrity}: frames read, corrupt and missing frames, truncated tail, first damage,
 * writer closed). Damage is counted, never thrown.
 */
public final class JournalStats
{
    private long events;
    private long invalid;
    private final long[] counts = new long[EventType.MAX_TEMPLATE_ID_EXCLUSIVE];
    private long firstTimestampNs = Long.MIN_VALUE;
    private long lastTimestampNs = Long.MIN_VALUE;
    private JournalIntegrity integrity;

    public static JournalStats of(final Path dir)
    {
        final JournalStats stats = new JournalStats();
        final EventValidator validator = new EventValidator();
        try (JournalReader reader = new JournalReader(dir, (damage, raw, offset, length) ->
        {
        }))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (!validator.isValid(buffer, offset, length))
                {
                    stats.invalid++;
                    return;
                }
                stats.events++;
                stats.counts[Events.templateId(buffer, offset)]++;
                final long ts = Events.receiveTsNs(buffer, offset);
                if (stats.firstTimestampNs == Long.MIN_VALUE)
                {
                    stats.firstTimestampNs = ts;
                }
                stats.lastTimestampNs = ts;
            });
            stats.integrity = reader.integrity();
        }
        return stats;
    }

    public long events()
    {
        return events;
    }

    public long invalid()
    {
        return invalid;
    }

    public long count(final EventType type)
    {
        return counts[type.templateId()];
    }

    public long firstTimestampNs()
    {
        return firstTimestampNs;
    }

    public long lastTimestampNs()
    {
        return lastTimestampNs;
    }

    public JournalIntegrity integrity()
    {
        return integrity;
    }

    /** Counts by display name, in schema order, types with zero events left out. */
    public Map<String, Long> counts()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final EventType t : EventType.values())
        {
            if (counts[t.templateId()] > 0)
            {
                m.put(t.displayName(), counts[t.templateId()]);
            }
        }
        return m;
    }

    /** The shape {@code trader journal stats} prints. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("counts", counts());
        m.put("firstTimestampNs", firstTimestampNs == Long.MIN_VALUE ? null : firstTimestampNs);
        m.put("lastTimestampNs", lastTimestampNs == Long.MIN_VALUE ? null : lastTimestampNs);
        if (invalid > 0)
        {
            m.put("invalid", invalid);
        }
        m.putAll(integrity.toMap());
        return m;
    }
}
