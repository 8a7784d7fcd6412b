package dev.trader.engine.features.micro;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.book.BookSettings;
import dev.trader.engine.stages.BarSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code microstructure:} config section: absent, the stage is not built; present, it is enabled unless
 * {@code enabled: false}.
 *
 * <pre>
 * microstructure:
 *   enabled: true
 *   interval: 1m                  # the bars the features are computed on (one of bars.intervals)
 *   ofiWindows: [1m, 3m, 5m, 15m] # L1 OFI windows (seed 003 ofi_l1_*)
 *   bookWindows: [1m, 5m]         # multi-level OFI, microprice basis change and replenishment windows (seed 003 mlofi_*)
 *   spreadRankWindow: 24h         # spread rank window (seed 003 spread_rank_24h_pct)
 *   spreadRankMinBars: 60         # fewest bars in that window before the rank is ready
 *   kyleWindow: 30m               # Kyle lambda regression window
 *   vpinBucketQuote: 1000000      # VPIN volume bucket, in quote currency (USDT)
 *   vpinBuckets: 50               # VPIN buckets averaged
 * </pre>
 *
 * Every window is a whole number of {@code interval}s; the feature names carry the window as written
 * ({@code ofi_l1_5m}), so the default settings give the seed's names. The stage needs the book stage and the bars
 * of {@code interval}: a config that enables it without them is refused.
 */
public final class MicrostructureSettings
{
    public static final String SECTION = "microstructure";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final List<Duration> DEFAULT_OFI_WINDOWS =
        List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(5), Duration.ofMinutes(15));
    public static final List<Duration> DEFAULT_BOOK_WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));
    public static final Duration DEFAULT_SPREAD_RANK_WINDOW = Duration.ofHours(24);
    public static final int DEFAULT_SPREAD_RANK_MIN_BARS = 60;
    public static final Duration DEFAULT_KYLE_WINDOW = Duration.ofMinutes(30);
    public static final double DEFAULT_VPIN_BUCKET_QUOTE = 1_000_000.0;
    public static final int DEFAULT_VPIN_BUCKETS = 50;
    /** Most bars any window may span: bounds the per-instrument ring (about 120 bytes per bar). */
    public static final int MAX_WINDOW_BARS = 100_000;
    /** Fewest bars of the Kyle regression (a slope needs two points; three leave a residual). */
    public static final int MIN_KYLE_BARS = 3;

    private final boolean enabled;
    private final Duration interval;
    private final List<Duration> ofiWindows;
    private final List<Duration> bookWindows;
    private final Duration spreadRankWindow;
    private final int spreadRankMinBars;
    private final Duration kyleWindow;
    private final double vpinBucketQuote;
    private final int vpinBuckets;

    /**
     * @throws IllegalArgumentException naming the key, when a value is out of range or a window is not a whole
     *                                  number of intervals
     */
    public MicrostructureSettings(
        final boolean enabled,
        final Duration interval,
        final List<Duration> ofiWindows,
        final List<Duration> bookWindows,
        final Duration spreadRankWindow,
        final int spreadRankMinBars,
        final Duration kyleWindow,
        final double vpinBucketQuote,
        final int vpinBuckets)
    {
        if (interval.isNegative() || interval.isZero())
        {
            throw new IllegalArgumentException(SECTION + ".interval: must be positive");
        }
        this.enabled = enabled;
        this.interval = interval;
        this.ofiWindows = windows("ofiWindows", ofiWindows, interval);
        this.bookWindows = windows("bookWindows", bookWindows, interval);
        bars("spreadRankWindow", spreadRankWindow, interval);
        this.spreadRankWindow = spreadRankWindow;
        if (spreadRankMinBars < 1 || spreadRankMinBars > bars("spreadRankWindow", spreadRankWindow, interval))
        {
            throw new IllegalArgumentException(SECTION + ".spreadRankMinBars: must be in [1, bars in spreadRankWindow = "
                + bars("spreadRankWindow", spreadRankWindow, interval) + "], got " + spreadRankMinBars);
        }
        this.spreadRankMinBars = spreadRankMinBars;
        if (bars("kyleWindow", kyleWindow, interval) < MIN_KYLE_BARS)
        {
            throw new IllegalArgumentException(SECTION + ".kyleWindow: must span at least " + MIN_KYLE_BARS + " intervals, got "
                + TraderConfig.formatDuration(kyleWindow));
        }
        this.kyleWindow = kyleWindow;
        if (!(vpinBucketQuote > 0) || Double.isInfinite(vpinBucketQuote))
        {
            throw new IllegalArgumentException(SECTION + ".vpinBucketQuote: must be a positive amount, got " + vpinBucketQuote);
        }
        this.vpinBucketQuote = vpinBucketQuote;
        if (vpinBuckets < 1 || vpinBuckets > MAX_WINDOW_BARS)
        {
            throw new IllegalArgumentException(SECTION + ".vpinBuckets: must be in [1, " + MAX_WINDOW_BARS + "], got " + vpinBuckets);
        }
        this.vpinBuckets = vpinBuckets;
    }

    /** The defaults above, enabled. */
    public static MicrostructureSettings defaults()
    {
        return new MicrostructureSettings(true, DEFAULT_INTERVAL, DEFAULT_OFI_WINDOWS, DEFAULT_BOOK_WINDOWS,
            DEFAULT_SPREAD_RANK_WINDOW, DEFAULT_SPREAD_RANK_MIN_BARS, DEFAULT_KYLE_WINDOW, DEFAULT_VPIN_BUCKET_QUOTE,
            DEFAULT_VPIN_BUCKETS);
    }

    /** The section of {@code config}; disabled when absent. Checks the book stage and the bars it needs. */
    public static MicrostructureSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        config.checkKeys(n, SECTION, "enabled", "interval", "ofiWindows", "bookWindows", "spreadRankWindow",
            "spreadRankMinBars", "kyleWindow", "vpinBucketQuote", "vpinBuckets");
        final MicrostructureSettings s;
        try
        {
            s = new MicrostructureSettings(
                config.boolOr(n, SECTION, "enabled", !n.isMissingNode()),
                config.durationOr(n, SECTION, "interval", DEFAULT_INTERVAL),
                config.durationsOr(n, SECTION, "ofiWindows", DEFAULT_OFI_WINDOWS),
                config.durationsOr(n, SECTION, "bookWindows", DEFAULT_BOOK_WINDOWS),
                config.durationOr(n, SECTION, "spreadRankWindow", DEFAULT_SPREAD_RANK_WINDOW),
                config.intOr(n, SECTION, "spreadRankMinBars", DEFAULT_SPREAD_RANK_MIN_BARS),
                config.durationOr(n, SECTION, "kyleWindow", DEFAULT_KYLE_WINDOW),
                config.doubleOr(n, SECTION, "vpinBucketQuote", DEFAULT_VPIN_BUCKET_QUOTE),
                config.intOr(n, SECTION, "vpinBuckets", DEFAULT_VPIN_BUCKETS));
        }
        catch (final IllegalArgumentException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().startsWith(String.valueOf(config.file())))
            {
                throw ex;
            }
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        if (!s.enabled)
        {
            return s;
        }
        if (!BookSettings.from(config).enabled())
        {
            throw new IllegalArgumentException(config.file() + ": " + SECTION + ": needs the book stage (book.enabled: true)");
        }
        final BarSettings bars = BarSettings.from(config);
        if (!bars.enabled() || !bars.intervals().contains(s.interval))
        {
            throw new IllegalArgumentException(config.file() + ": " + SECTION + ".interval: "
                + TraderConfig.formatDuration(s.interval) + " is not one of the bars built (bars.intervals)");
        }
        return s;
    }

    private static List<Duration> windows(final String key, final List<Duration> windows, final Duration interval)
    {
        if (windows.isEmpty())
        {
            throw new IllegalArgumentException(SECTION + "." + key + ": at least one window");
        }
        final TreeSet<Duration> sorted = new TreeSet<>();
        for (int i = 0; i < windows.size(); i++)
        {
            bars(key + "[" + i + "]", windows.get(i), interval);
            if (!sorted.add(windows.get(i)))
            {
                throw new IllegalArgumentException(SECTION + "." + key + "[" + i + "]: "
                    + TraderConfig.formatDuration(windows.get(i)) + " is listed twice");
            }
        }
        return List.copyOf(new ArrayList<>(sorted));
    }

    /** @return how many intervals {@code window} spans; refused unless a whole number in [1, MAX_WINDOW_BARS]. */
    private static int bars(final String key, final Duration window, final Duration interval)
    {
        final long w = window.toNanos();
        final long i = interval.toNanos();
        if (w <= 0 || w % i != 0 || w / i > MAX_WINDOW_BARS)
        {
            throw new IllegalArgumentException(SECTION + "." + key + ": " + TraderConfig.formatDuration(window)
                + " must be a whole number (1 to " + MAX_WINDOW_BARS + ") of intervals of " + TraderConfig.formatDuration(interval));
        }
        return (int)(w / i);
    }

    public boolean enabled()
    {
        return enabled;
    }

    public Duration interval()
    {
        return interval;
    }

    public long intervalNs()
    {
        return interval.toNanos();
    }

    /** L1 OFI windows, ascending. */
    public List<Duration> ofiWindows()
    {
        return ofiWindows;
    }

    /** Multi-level OFI, microprice basis change and replenishment windows, ascending. */
    public List<Duration> bookWindows()
    {
        return bookWindows;
    }

    public Duration spreadRankWindow()
    {
        return spreadRankWindow;
    }

    public int spreadRankMinBars()
    {
        return spreadRankMinBars;
    }

    public Duration kyleWindow()
    {
        return kyleWindow;
    }

    public double vpinBucketQuote()
    {
        return vpinBucketQuote;
    }

    public int vpinBuckets()
    {
        return vpinBuckets;
    }

    /** How many intervals {@code window} spans (it is one of this object's windows, so a whole number). */
    public int barsOf(final Duration window)
    {
        return (int)(window.toNanos() / interval.toNanos());
    }
}
