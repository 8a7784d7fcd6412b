package dev.trader.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run's YAML config. Sections are read by the component that owns them; every key is checked, and a bad or
 * unknown key is refused with its full path named ({@code bars.intervals[1]: ...}). Paths inside the file
 * (e.g. {@code instruments}) are relative to the file.
 *
 * <pre>
 * engine:      { ringSize: 1024, slotBytes: 65536, arenaBytes: 4194304, waitStrategy: yielding, timeStages: true }
 * instruments: instruments.yaml
 * book:        { enabled: true, maxLevels: 5000, maxBufferedUpdates: 10000 }
 * bars:        { intervals: [5s, 1m, 5m, 15m, 1h], source: auto, repair: true }
 * features:    { enabled: true, set: lean_v1 }
 * venues:      { binance-usdm: { wsUrl: ..., symbols: [BTCUSDT], channels: [trade] } }   # live feeds (adapters)
 * dataset:     { interval: 1m }                                   (trader export dataset)
 * labels:      { binanceLong: {...}, tripleBarrier: {...} }       (trader export dataset)
 * microstructure: { enabled: true, interval: 1m, ... }         (MicrostructureSettings)
 * cusum:       { enabled: false, interval: 1m, threshold: 0.005, drift: 0, volatilityWindow: 0 }   (CusumSettings)
 * hazard:      { enabled: false, source: csv, file: probs.csv, threshold: 0.5 }   (gates.HazardSettings)
 * regime:      { enabled: false, barInterval: 1m, ... }                          (gates.RegimeSettings)
 * strategies, risk, costs, paper, accounting: trading (docs/trading.md "Config sections")
 * </pre>
 */
public final class TraderConfig
{
    /** Top-level sections this build understands; others are refused so a typo cannot silently disable a rule. */
    public static final Set<String> KNOWN_SECTIONS = Set.of("engine", "instruments", "book", "bars", "features",
        "microstructure", "cusum", "hazard", "regime", "model", "synthetic", "replay", "dataset", "labels", "venues",
        "strategies", "risk", "costs", "paper", "accounting");

    /** Reads configs and writes derived ones ({@link #with}, {@link #without}); thread-safe once built. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private final JsonNode root;
    private final byte[] overriddenBytes;

    private TraderConfig(final Path file, final JsonNode root)
    {
        this(file, root, null);
    }

    private TraderConfig(final Path file, final JsonNode root, final byte[] overriddenBytes)
    {
        this.overriddenBytes = overriddenBytes;
        this.file = file;
        this.root = root;
        final Iterator<String> names = root.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!KNOWN_SECTIONS.contains(name))
            {
                throw new IllegalArgumentException(file + ": unknown section '" + name + "'; known: " + new TreeSet<>(KNOWN_SECTIONS));
            }
        }
    }

    public static TraderConfig load(final Path file)
    {
        try
        {
            final JsonNode root = YAML.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject())
            {
                throw new IllegalArgumentException(file + ": expected a YAML mapping at the top level");
            }
            return new TraderConfig(file.toAbsolutePath().normalize(), root);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read config " + file + ": " + ex.getMessage(), ex);
        }
    }

    public Path file()
    {
        return file;
    }

    /** The config file's bytes, for run provenance (hashed into run summaries). */
    public byte[] bytes()
    {
        if (overriddenBytes != null)
        {
            return overriddenBytes.clone();
        }
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read config " + file, ex);
        }
    }

    /**
     * This config with {@code section.key} set to {@code value} (a runtime override such as the demo's generated
     * hazard file); relative paths still resolve against the original file's folder. {@link #bytes()} then returns
     * the effective YAML, so run provenance hashes what actually ran.
     */
    public TraderConfig with(final String section, final String key, final Object value)
    {
        final ObjectNode copy = root.deepCopy();
        final JsonNode existing = copy.get(section);
        final ObjectNode target = existing != null && existing.isObject()
            ? (ObjectNode)existing : copy.putObject(section);
        target.set(key, YAML.valueToTree(value));
        return derived(copy);
    }

    /**
     * This config without the named top-level sections (e.g. the trading sections, for a run with them off in the
     * same session, as {@code trader bench} does); {@link #bytes()} returns the effective YAML as for {@link #with}.
     */
    public TraderConfig without(final String... sections)
    {
        final ObjectNode copy = root.deepCopy();
        copy.remove(Arrays.asList(sections));
        return derived(copy);
    }

    /** A config of this file's folder with the edited {@code tree}, whose bytes are that tree as YAML. */
    private TraderConfig derived(final ObjectNode tree)
    {
        try
        {
            return new TraderConfig(file, tree, YAML.writeValueAsBytes(tree));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public JsonNode section(final String name)
    {
        final JsonNode n = root.get(name);
        return n == null ? MissingNode.getInstance() : n;
    }

    public EngineSettings engine()
    {
        final JsonNode n = section("engine");
        checkKeys(n, "engine", "ringSize", "slotBytes", "arenaBytes", "waitStrategy", "timeStages");
        final EngineSettings d = EngineSettings.defaults();
        final WaitStrategyName wait;
        try
        {
            wait = n.has("waitStrategy") ? WaitStrategyName.parse(n.get("waitStrategy").asText()) : d.waitStrategy();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": engine.waitStrategy: " + ex.getMessage(), ex);
        }
        try
        {
            return new EngineSettings(
                intOr(n, "engine", "ringSize", d.ringSize()),
                intOr(n, "engine", "slotBytes", d.slotBytes()),
                intOr(n, "engine", "arenaBytes", d.arenaBytes()),
                wait,
                boolOr(n, "engine", "timeStages", d.timeStages()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    public InstrumentRegistry instruments()
    {
        final JsonNode n = section("instruments");
        if (!n.isTextual())
        {
            throw new IllegalArgumentException(file + ": instruments: required, the path of an instruments YAML file");
        }
        return InstrumentRegistry.load(resolve(n.asText()));
    }

    /** A path written in this config, relative to the config file's folder. */
    public Path resolve(final String path)
    {
        final Path p = Path.of(path);
        return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
    }

    public void checkKeys(final JsonNode section, final String where, final String... allowed)
    {
        if (section.isMissingNode())
        {
            return;
        }
        if (!section.isObject())
        {
            throw new IllegalArgumentException(file + ": " + where + ": expected a mapping");
        }
        final Iterator<String> names = section.fieldNames();
        final List<String> allowedList = List.of(allowed);
        while (names.hasNext())
        {
            final String name = names.next();
            if (!allowedList.contains(name))
            {
                throw new IllegalArgumentException(file + ": " + where + ": unknown key '" + name + "'; known: " + allowedList);
            }
        }
    }

    public int intOr(final JsonNode section, final String where, final String key, final int fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt())
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected an integer, got '" + v.asText() + "'");
        }
        return v.intValue();
    }

    public long longOr(final JsonNode section, final String where, final String key, final long fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong())
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected an integer, got '" + v.asText() + "'");
        }
        return v.longValue();
    }

    public double doubleOr(final JsonNode section, final String where, final String key, final double fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue()))
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected a number, got '" + v.asText() + "'");
        }
        return v.doubleValue();
    }

    public boolean boolOr(final JsonNode section, final String where, final String key, final boolean fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isBoolean())
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected true or false, got '" + v.asText() + "'");
        }
        return v.booleanValue();
    }

    public String textOr(final JsonNode section, final String where, final String key, final String fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isValueNode() || v.isNull())
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected a value");
        }
        return v.asText();
    }

    public Duration durationOr(final JsonNode section, final String where, final String key, final Duration fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        try
        {
            return parseDuration(v.asText());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * As {@link #durationOr}, where zero ({@code 0}, {@code 0ms}, {@code 0s}, ...) is also allowed: for keys whose
     * zero means "none" (a latency), unlike bar intervals and windows, which must be positive.
     */
    public Duration durationOrZero(final JsonNode section, final String where, final String key, final Duration fallback)
    {
        final JsonNode v = section.get(key);
        if (v != null && v.isValueNode() && v.asText().trim().toLowerCase(Locale.ROOT).matches("0+(ms|s|m|h|d)?"))
        {
            return Duration.ZERO;
        }
        return durationOr(section, where, key, fallback);
    }

    /**
     * An enum-valued key: the text as a constant of {@code type} (case-insensitive, surrounding blanks ignored); an
     * unknown name is refused naming the file, the key and every known value (lower case).
     */
    public <E extends Enum<E>> E enumOr(final JsonNode section, final String where, final String key, final Class<E> type,
        final E fallback)
    {
        final JsonNode v = section.get(key);
        return v == null ? fallback : parseEnum(where + "." + key, type, v.asText());
    }

    /** {@code text} as a constant of {@code type}, or an error naming {@code key} and the known values. */
    public <E extends Enum<E>> E parseEnum(final String key, final Class<E> type, final String text)
    {
        try
        {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            final StringBuilder known = new StringBuilder();
            for (final E e : type.getEnumConstants())
            {
                known.append(known.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(file + ": " + key + ": unknown value '" + text + "'; known: " + known, ex);
        }
    }

    public List<Duration> durationsOr(final JsonNode section, final String where, final String key, final List<Duration> fallback)
    {
        final JsonNode v = section.get(key);
        if (v == null)
        {
            return fallback;
        }
        if (!v.isArray() || v.isEmpty())
        {
            throw new IllegalArgumentException(file + ": " + where + "." + key + ": expected a non-empty list such as [1s, 1m]");
        }
        final List<Duration> result = new ArrayList<>();
        for (int i = 0; i < v.size(); i++)
        {
            try
            {
                result.add(parseDuration(v.get(i).asText()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(file + ": " + where + "." + key + "[" + i + "]: " + ex.getMessage(), ex);
            }
        }
        return result;
    }

    /** "250ms", "1s", "5m", "1h", "1d" (positive). */
    public static Duration parseDuration(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)))
        {
            i++;
        }
        if (i == 0 || i == t.length())
        {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 1s, 5m, 1h");
        }
        final String unit = t.substring(i);
        final Duration d;
        try
        {
            final long n = Long.parseLong(t.substring(0, i));
            switch (unit)
            {
                case "ms": d = Duration.ofMillis(n); break;
                case "s": d = Duration.ofSeconds(n); break;
                case "m": d = Duration.ofMinutes(n); break;
                case "h": d = Duration.ofHours(n); break;
                case "d": d = Duration.ofDays(n); break;
                default: throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit + "' (ms, s, m, h, d)");
            }
            d.toNanos(); // every user works in nanoseconds: refuse what does not fit a long
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("'" + text + "' is too large for a duration", ex);
        }
        if (d.isZero())
        {
            throw new IllegalArgumentException("'" + text + "' must be positive");
        }
        return d;
    }

    /** "1s", "1m", "1h" for a duration, the inverse of {@link #parseDuration(String)} for whole units. */
    public static String formatDuration(final Duration d)
    {
        final long ms = d.toMillis();
        if (ms % 86_400_000L == 0)
        {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0)
        {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0)
        {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0)
        {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
