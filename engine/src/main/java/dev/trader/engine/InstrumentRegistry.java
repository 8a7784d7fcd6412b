package dev.trader.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trader.codecs.Decimals;
import org.agrona.collections.Int2ObjectHashMap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Instruments by id and by venue + symbol, loaded from YAML ({@code configs/instruments.yaml}):
 * <pre>
 * instruments:
 *   - id: 1
 *     venue: binance-usdm
 *     symbol: BTCUSDT
 *     tickSize: "0.10"
 *     lotSize: "0.001"
 *     priceExponent: -2
 *     qtyExponent: -3
 *     quoteExponent: -5      # optional, defaults to priceExponent + qtyExponent
 *     maxQty: "100000"       # optional sanity limit (base units), default 10^12 lots
 *     maxNotional: "1e9"     # optional sanity limit (quote units), default 10^10 quote units
 *     tickGrid: true         # optional: the venue guarantees the tick grid (default true)
 * sanity:                    # optional: clock skew limits for every instrument ({@link ClockSkew})
 *   maxClockAhead: 10s
 *   maxClockBehind: 1h
 * </pre>
 * Every value is checked; a bad one is refused with the instrument and key named. The sanity limits are described in
 * docs/architecture.md "Boundary sanity" ({@link MarketSanity}).
 */
public final class InstrumentRegistry
{
    private static final List<String> INSTRUMENT_KEYS = List.of("id", "venue", "symbol", "tickSize", "lotSize", "priceExponent",
        "qtyExponent", "quoteExponent", "maxQty", "maxNotional", "tickGrid");

    private final List<Instrument> instruments;
    private final Int2ObjectHashMap<Instrument> byId = new Int2ObjectHashMap<>();
    private final Map<String, Instrument> byKey = new HashMap<>();
    private final ClockSkew clockSkew;

    public InstrumentRegistry(final List<Instrument> instruments)
    {
        this(instruments, ClockSkew.DEFAULT);
    }

    public InstrumentRegistry(final List<Instrument> instruments, final ClockSkew clockSkew)
    {
        this.clockSkew = clockSkew;
        final List<Instrument> sorted = new ArrayList<>(instruments);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        this.instruments = Collections.unmodifiableList(sorted);
        for (final Instrument i : sorted)
        {
            if (byId.put(i.id(), i) != null)
            {
                throw new IllegalArgumentException("duplicate instrument id " + i.id());
            }
            if (byKey.put(i.key(), i) != null)
            {
                throw new IllegalArgumentException("duplicate instrument " + i.key());
            }
        }
    }

    public static InstrumentRegistry load(final Path file)
    {
        try (InputStream in = Files.newInputStream(file))
        {
            return parse(in, file.toString());
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read instruments file " + file + ": " + ex.getMessage(), ex);
        }
    }

    public static InstrumentRegistry parse(final InputStream in, final String source) throws IOException
    {
        final JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        final JsonNode list = root == null ? null : root.get("instruments");
        if (list == null || !list.isArray() || list.isEmpty())
        {
            throw new IllegalArgumentException(source + ": expected a non-empty 'instruments' list");
        }
        final List<Instrument> result = new ArrayList<>();
        int index = 0;
        for (final JsonNode node : list)
        {
            result.add(parseOne(node, source + ": instruments[" + index + "]"));
            index++;
        }
        return new InstrumentRegistry(result, clockSkew(root.get("sanity"), source + ": sanity"));
    }

    private static ClockSkew clockSkew(final JsonNode node, final String where)
    {
        if (node == null || node.isNull())
        {
            return ClockSkew.DEFAULT;
        }
        if (!node.isObject())
        {
            throw new IllegalArgumentException(where + ": expected a mapping with maxClockAhead, maxClockBehind");
        }
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!name.equals("maxClockAhead") && !name.equals("maxClockBehind"))
            {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "' (known: maxClockAhead, maxClockBehind)");
            }
        }
        return new ClockSkew(duration(node, "maxClockAhead", ClockSkew.DEFAULT.maxAheadNs(), where),
            duration(node, "maxClockBehind", ClockSkew.DEFAULT.maxBehindNs(), where));
    }

    private static long duration(final JsonNode node, final String key, final long defaultNs, final String where)
    {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull())
        {
            return defaultNs;
        }
        try
        {
            return TraderConfig.parseDuration(v.asText()).toNanos();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + "." + key + ": " + ex.getMessage(), ex);
        }
    }

    private static Instrument parseOne(final JsonNode node, final String where)
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!INSTRUMENT_KEYS.contains(name))
            {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "'");
            }
        }
        final int id = requiredInt(node, "id", where);
        if (id <= 0)
        {
            throw new IllegalArgumentException(where + ".id: must be > 0 (0 means 'unknown instrument'), got " + id);
        }
        final Venue venue;
        try
        {
            venue = Venue.parse(requiredText(node, "venue", where));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(where + ".venue: " + ex.getMessage(), ex);
        }
        final String symbol = requiredText(node, "symbol", where);
        final int pe = exponent(node, "priceExponent", where);
        final int qe = exponent(node, "qtyExponent", where);
        final int xe = node.has("quoteExponent") ? exponent(node, "quoteExponent", where) : pe + qe;
        if (xe > pe + qe)
        {
            throw new IllegalArgumentException(where + ".quoteExponent: " + xe + " is coarser than priceExponent + qtyExponent = "
                + (pe + qe) + "; price * qty would not be exact");
        }
        final String tick = requiredText(node, "tickSize", where);
        final String lot = requiredText(node, "lotSize", where);
        checkGrid(tick, pe, where + ".tickSize", "priceExponent");
        checkGrid(lot, qe, where + ".lotSize", "qtyExponent");
        final long maxQty = limit(node, "maxQty", qe, "qtyExponent", where);
        final long maxNotional = limit(node, "maxNotional", xe, "quoteExponent", where);
        final JsonNode tickGrid = node.get("tickGrid");
        if (tickGrid != null && !tickGrid.isBoolean())
        {
            throw new IllegalArgumentException(where + ".tickGrid: expected true or false");
        }
        return new Instrument(id, venue, symbol, tick, lot, pe, qe, xe, maxQty, maxNotional, tickGrid == null || tickGrid.booleanValue());
    }

    /** An optional positive sanity limit as a mantissa at {@code exponent}; -1 (the default) when absent. */
    private static long limit(final JsonNode node, final String key, final int exponent, final String exponentKey, final String where)
    {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull())
        {
            return -1;
        }
        final long m = Decimals.parse(v.asText().trim(), exponent);
        if (m == Decimals.TOO_PRECISE)
        {
            throw new IllegalArgumentException(where + "." + key + ": '" + v.asText() + "' is finer than " + exponentKey + " " + exponent);
        }
        if (!Decimals.isValid(m) || m <= 0)
        {
            throw new IllegalArgumentException(where + "." + key + ": '" + v.asText() + "' is not a positive decimal that fits "
                + exponentKey + " " + exponent);
        }
        return m;
    }

    private static void checkGrid(final String size, final int exponent, final String where, final String exponentKey)
    {
        final long m = Decimals.parse(size, exponent);
        if (m == Decimals.TOO_PRECISE)
        {
            throw new IllegalArgumentException(where + ": '" + size + "' is finer than " + exponentKey + " " + exponent);
        }
        if (!Decimals.isValid(m) || m <= 0)
        {
            throw new IllegalArgumentException(where + ": '" + size + "' is not a positive decimal");
        }
    }

    private static int exponent(final JsonNode node, final String key, final String where)
    {
        final int e = requiredInt(node, key, where);
        if (e < Decimals.MIN_EXPONENT || e > 0)
        {
            throw new IllegalArgumentException(where + "." + key + ": must be in [" + Decimals.MIN_EXPONENT + ", 0], got " + e);
        }
        return e;
    }

    private static int requiredInt(final JsonNode node, final String key, final String where)
    {
        final JsonNode v = node.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt())
        {
            throw new IllegalArgumentException(where + "." + key + ": required integer");
        }
        return v.intValue();
    }

    private static String requiredText(final JsonNode node, final String key, final String where)
    {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull() || v.asText().isBlank())
        {
            throw new IllegalArgumentException(where + "." + key + ": required");
        }
        return v.asText().trim();
    }

    /** How far exchange timestamps may lie from receive time ({@code sanity:} block; defaults when absent). */
    public ClockSkew clockSkew()
    {
        return clockSkew;
    }

    public List<Instrument> all()
    {
        return instruments;
    }

    /** @return the instrument, or null when the id is unknown. */
    public Instrument byId(final int id)
    {
        return byId.get(id);
    }

    public Instrument find(final Venue venue, final String symbol)
    {
        return byKey.get(venue.cliName() + ":" + symbol);
    }

    /** Looks up "venue:SYMBOL", or "SYMBOL" when exactly one venue lists it. */
    public Instrument resolve(final String spec)
    {
        final int colon = spec.indexOf(':');
        if (colon > 0)
        {
            final Instrument i = find(Venue.parse(spec.substring(0, colon)), spec.substring(colon + 1));
            if (i == null)
            {
                throw new IllegalArgumentException("no instrument " + spec + " in the registry");
            }
            return i;
        }
        Instrument found = null;
        for (final Instrument i : instruments)
        {
            if (i.symbol().equals(spec))
            {
                if (found != null)
                {
                    throw new IllegalArgumentException("symbol " + spec + " is listed on several venues (" + found.key() + ", "
                        + i.key() + "); say which, e.g. " + i.key());
                }
                found = i;
            }
        }
        if (found == null)
        {
            throw new IllegalArgumentException("no instrument " + spec + " in the registry");
        }
        return found;
    }
}
