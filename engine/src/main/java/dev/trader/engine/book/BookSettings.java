package dev.trader.engine.book;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

/**
 * The {@code book:} config section: {@code enabled} (default true), {@code maxLevels} per side (default 5000, the
 * deepest Binance spot snapshot), {@code maxBufferedUpdates} per instrument while waiting for a snapshot (default
 * 10000).
 */
public final class BookSettings
{
    public static final int DEFAULT_MAX_LEVELS = 5000;
    public static final int DEFAULT_MAX_BUFFERED_UPDATES = 10_000;
    /** Upper bounds that keep a typo from preallocating gigabytes per instrument. */
    public static final int LIMIT_MAX_LEVELS = 1_000_000;
    public static final int LIMIT_MAX_BUFFERED_UPDATES = 10_000_000;

    private final boolean enabled;
    private final int maxLevels;
    private final int maxBufferedUpdates;

    public BookSettings(final boolean enabled, final int maxLevels, final int maxBufferedUpdates)
    {
        if (maxLevels < 1 || maxLevels > LIMIT_MAX_LEVELS)
        {
            throw new IllegalArgumentException("book.maxLevels: must be in [1, " + LIMIT_MAX_LEVELS + "], got " + maxLevels);
        }
        if (maxBufferedUpdates < 1 || maxBufferedUpdates > LIMIT_MAX_BUFFERED_UPDATES)
        {
            throw new IllegalArgumentException("book.maxBufferedUpdates: must be in [1, " + LIMIT_MAX_BUFFERED_UPDATES + "], got "
                + maxBufferedUpdates);
        }
        this.enabled = enabled;
        this.maxLevels = maxLevels;
        this.maxBufferedUpdates = maxBufferedUpdates;
    }

    public static BookSettings defaults()
    {
        return new BookSettings(true, DEFAULT_MAX_LEVELS, DEFAULT_MAX_BUFFERED_UPDATES);
    }

    public static BookSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section("book");
        config.checkKeys(n, "book", "enabled", "maxLevels", "maxBufferedUpdates");
        try
        {
            return new BookSettings(
                config.boolOr(n, "book", "enabled", true),
                config.intOr(n, "book", "maxLevels", DEFAULT_MAX_LEVELS),
                config.intOr(n, "book", "maxBufferedUpdates", DEFAULT_MAX_BUFFERED_UPDATES));
        }
        catch (final IllegalArgumentException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().startsWith(String.valueOf(config.file())))
            {
                throw ex;
            }
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
    }

    public boolean enabled()
    {
        return enabled;
    }

    public int maxLevels()
    {
        return maxLevels;
    }

    public int maxBufferedUpdates()
    {
        return maxBufferedUpdates;
    }
}
