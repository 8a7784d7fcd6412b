package dev.trader.adapters.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code venues:} section of a config: one entry per venue, keyed by venue name. Every key is optional
 * except {@code symbols} and {@code channels}; the defaults follow each venue's documentation. Unknown keys are
 * refused with their path.
 *
 * <pre>
 * venues:
 *   binance-usdm:
 *     enabled: true
 *     wsUrl: wss://fstream.binance.com/stream        # combined-stream endpoint
 *     restUrl: https://fapi.binance.com              # GET /fapi/v1/depth (spot: /api/v3/depth)
 *     symbols: [BTCUSDT]                             # registry symbols of this venue
 *     channels: ["depth@0ms", bookTicker, trade]
 *     subscribeVia: url                              # url | message (Binance only; OKX and Bybit always message)
 *     staleAfter: 30s
 *     maxConnectionAge: 23h                          # planned reconnect before Binance's 24 h cut; "off" to disable
 *     connectTimeout: 10s
 *     keepAlive: { interval: 30s, timeout: 10s }
 *     reconnect: { minBackoff: 500ms, maxBackoff: 30s, resetAfter: 60s, seed: 1,
 *                  banWait: 10m, maxRetryAfter: 3d }            # HTTP 418/403 without Retry-After; Retry-After cap
 *     rateLimits: { messagesPerSecond: 5, messageBurst: 5, connectsPerMinute: 30, connectBurst: 3,
 *                   snapshotsPerMinute: 30, snapshotBurst: 2 }
 *     snapshot: { limit: 1000, delay: 500ms, retryAfter: 5s }
 * </pre>
 */
public final class LiveSettings
{
    public static final String SECTION = "venues";
    private static final String[] VENUE_KEYS = {
        "enabled", "wsUrl", "restUrl", "symbols", "channels", "subscribeVia", "staleAfter", "maxConnectionAge",
        "connectTimeout", "keepAlive", "reconnect", "rateLimits", "snapshot"};

    private LiveSettings()
    {
    }

    /** Every venue listed (enabled or not), in config order. */
    public static List<VenueSettings> from(final TraderConfig config, final InstrumentRegistry registry)
    {
        final JsonNode section = config.section(SECTION);
        final List<VenueSettings> result = new ArrayList<>();
        if (section.isMissingNode() || section.isNull())
        {
            return result;
        }
        if (!section.isObject())
        {
            throw new IllegalArgumentException(config.file() + ": venues: expected a mapping of venue name to settings");
        }
        final Iterator<String> names = section.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            final Venue venue;
            try
            {
                venue = Venue.parse(name);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(config.file() + ": venues." + name + ": " + ex.getMessage(), ex);
            }
            if (venue == Venue.SYNTHETIC)
            {
                throw new IllegalArgumentException(config.file() + ": venues." + name + ": the synthetic market has no live feed");
            }
            result.add(venue(config, registry, venue, section.get(name), "venues." + name));
        }
        return result;
    }

    /** The enabled venues only. */
    public static List<VenueSettings> enabled(final TraderConfig config, final InstrumentRegistry registry)
    {
        final List<VenueSettings> result = new ArrayList<>();
        for (final VenueSettings v : from(config, registry))
        {
            if (v.enabled())
            {
                result.add(v);
            }
        }
        return result;
    }

    private static VenueSettings venue(
        final TraderConfig config,
        final InstrumentRegistry registry,
        final Venue venue,
        final JsonNode n,
        final String where)
    {
        config.checkKeys(n, where, VENUE_KEYS);
        if (!n.isObject())
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ": expected a mapping");
        }
        final Defaults d = Defaults.of(venue);
        final List<Instrument> instruments = new ArrayList<>();
        for (final String symbol : texts(config, n, where, "symbols"))
        {
            final Instrument instrument = registry.find(venue, symbol);
            if (instrument == null)
            {
                throw new IllegalArgumentException(config.file() + ": " + where + ".symbols: no instrument " + venue.cliName() + ":"
                    + symbol + " in the registry");
            }
            instruments.add(instrument);
        }
        final List<String> channels = texts(config, n, where, "channels");
        final String viaText = config.textOr(n, where, "subscribeVia", d.subscribeVia.name()).toUpperCase(Locale.ROOT);
        final SubscribeVia via;
        try
        {
            via = SubscribeVia.valueOf(viaText);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ".subscribeVia: expected url or message", ex);
        }
        if (via == SubscribeVia.URL && !isBinance(venue))
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ".subscribeVia: only Binance takes streams in the URL");
        }

        final JsonNode keepAlive = node(n, "keepAlive");
        config.checkKeys(keepAlive, where + ".keepAlive", "interval", "timeout");
        final JsonNode reconnect = node(n, "reconnect");
        config.checkKeys(reconnect, where + ".reconnect", "minBackoff", "maxBackoff", "resetAfter", "seed", "banWait",
            "maxRetryAfter");
        final JsonNode limits = node(n, "rateLimits");
        config.checkKeys(limits, where + ".rateLimits", "messagesPerSecond", "messageBurst", "connectsPerMinute", "connectBurst",
            "snapshotsPerMinute", "snapshotBurst");
        final JsonNode snapshot = node(n, "snapshot");
        config.checkKeys(snapshot, where + ".snapshot", "limit", "delay", "retryAfter");

        final Duration minBackoff = config.durationOr(reconnect, where + ".reconnect", "minBackoff", Duration.ofMillis(500));
        final Duration maxBackoff = config.durationOr(reconnect, where + ".reconnect", "maxBackoff", Duration.ofSeconds(30));
        if (maxBackoff.compareTo(minBackoff) < 0)
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ".reconnect: maxBackoff must be at least minBackoff");
        }
        // RetryRule: Bybit asks for at least 10 minutes after an IP ban; Binance's bans last 2 minutes to 3 days
        final Duration banWait = config.durationOr(reconnect, where + ".reconnect", "banWait", Duration.ofMinutes(10));
        final Duration maxRetryAfter = config.durationOr(reconnect, where + ".reconnect", "maxRetryAfter", Duration.ofDays(3));
        final double messagesPerSecond = positive(config, limits, where + ".rateLimits", "messagesPerSecond", d.messagesPerSecond);
        final double connectsPerMinute = positive(config, limits, where + ".rateLimits", "connectsPerMinute", 30);
        final double snapshotsPerMinute = positive(config, limits, where + ".rateLimits", "snapshotsPerMinute", 30);
        final int snapshotLimit = config.intOr(snapshot, where + ".snapshot", "limit", 1000);
        if (snapshotLimit < 5)
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ".snapshot.limit: at least 5");
        }
        final String restUrl = config.textOr(n, where, "restUrl", d.restUrl);
        final String wsUrl = config.textOr(n, where, "wsUrl", d.wsUrl);
        checkUrl(config, where + ".wsUrl", wsUrl, "ws");
        if (restUrl != null)
        {
            checkUrl(config, where + ".restUrl", restUrl, "http");
        }
        for (final String channel : channels)
        {
            if (channel.isBlank())
            {
                throw new IllegalArgumentException(config.file() + ": " + where + ".channels: empty channel name");
            }
        }
        return new VenueSettings(
            venue,
            VenueParsers.code(venue).value(),
            config.boolOr(n, where, "enabled", true),
            stripTrailingSlash(wsUrl),
            restUrl == null ? null : stripTrailingSlash(restUrl),
            instruments,
            channels,
            via,
            config.durationOr(n, where, "staleAfter", Duration.ofSeconds(30)),
            config.durationOr(keepAlive, where + ".keepAlive", "interval", d.keepAliveInterval),
            config.durationOr(keepAlive, where + ".keepAlive", "timeout", d.keepAliveTimeout),
            optionalDuration(config, n, where, "maxConnectionAge", d.maxConnectionAge),
            minBackoff,
            maxBackoff,
            config.durationOr(reconnect, where + ".reconnect", "resetAfter", Duration.ofSeconds(60)),
            banWait,
            maxRetryAfter,
            config.longOr(reconnect, where + ".reconnect", "seed", 1L),
            messagesPerSecond,
            atLeastOne(config, limits, where + ".rateLimits", "messageBurst", (int)Math.max(1, Math.floor(messagesPerSecond))),
            connectsPerMinute,
            atLeastOne(config, limits, where + ".rateLimits", "connectBurst", 3),
            snapshotsPerMinute,
            atLeastOne(config, limits, where + ".rateLimits", "snapshotBurst", 2),
            snapshotLimit,
            config.durationOr(snapshot, where + ".snapshot", "delay", Duration.ofMillis(500)),
            config.durationOr(snapshot, where + ".snapshot", "retryAfter", Duration.ofSeconds(5)),
            config.durationOr(n, where, "connectTimeout", Duration.ofSeconds(10)));
    }

    static boolean isBinance(final Venue venue)
    {
        return venue == Venue.BINANCE_USDM || venue == Venue.BINANCE_SPOT;
    }

    private static JsonNode node(final JsonNode n, final String key)
    {
        final JsonNode v = n.get(key);
        return v == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : v;
    }

    private static List<String> texts(final TraderConfig config, final JsonNode n, final String where, final String key)
    {
        final JsonNode v = n.get(key);
        if (v == null || !v.isArray() || v.isEmpty())
        {
            throw new IllegalArgumentException(config.file() + ": " + where + "." + key + ": required, a non-empty list");
        }
        final List<String> result = new ArrayList<>();
        for (int i = 0; i < v.size(); i++)
        {
            final JsonNode e = v.get(i);
            if (!e.isValueNode() || e.isNull())
            {
                throw new IllegalArgumentException(config.file() + ": " + where + "." + key + "[" + i + "]: expected a name");
            }
            result.add(e.asText().trim());
        }
        return result;
    }

    private static Duration optionalDuration(
        final TraderConfig config,
        final JsonNode n,
        final String where,
        final String key,
        final Duration fallback)
    {
        final JsonNode v = n.get(key);
        if (v != null && v.isTextual() && "off".equalsIgnoreCase(v.asText().trim()))
        {
            return null;
        }
        if (v != null && v.isBoolean() && !v.booleanValue())
        {
            return null;
        }
        return config.durationOr(n, where, key, fallback);
    }

    private static double positive(
        final TraderConfig config,
        final JsonNode n,
        final String where,
        final String key,
        final double fallback)
    {
        final double v = config.doubleOr(n, where, key, fallback);
        if (!(v > 0))
        {
            throw new IllegalArgumentException(config.file() + ": " + where + "." + key + ": must be positive");
        }
        return v;
    }

    private static int atLeastOne(final TraderConfig config, final JsonNode n, final String where, final String key, final int fallback)
    {
        final int v = config.intOr(n, where, key, fallback);
        if (v < 1)
        {
            throw new IllegalArgumentException(config.file() + ": " + where + "." + key + ": must be at least 1");
        }
        return v;
    }

    private static void checkUrl(final TraderConfig config, final String where, final String url, final String scheme)
    {
        final String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(scheme + "://") && !lower.startsWith(scheme + "s://"))
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ": expected a " + scheme + ":// or " + scheme
                + "s:// URL, got '" + url + "'");
        }
    }

    private static String stripTrailingSlash(final String url)
    {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Per-venue defaults from each venue's documentation. */
    private static final class Defaults
    {
        final String wsUrl;
        final String restUrl;
        final SubscribeVia subscribeVia;
        final Duration keepAliveInterval;
        final Duration keepAliveTimeout;
        final Duration maxConnectionAge;
        final double messagesPerSecond;

        Defaults(
            final String wsUrl,
            final String restUrl,
            final SubscribeVia subscribeVia,
            final Duration keepAliveInterval,
            final Duration keepAliveTimeout,
            final Duration maxConnectionAge,
            final double messagesPerSecond)
        {
            this.wsUrl = wsUrl;
            this.restUrl = restUrl;
            this.subscribeVia = subscribeVia;
            this.keepAliveInterval = keepAliveInterval;
            this.keepAliveTimeout = keepAliveTimeout;
            this.maxConnectionAge = maxConnectionAge;
            this.messagesPerSecond = messagesPerSecond;
        }

        static Defaults of(final Venue venue)
        {
            switch (venue)
            {
                // Binance: server pings every 3 min and wants a pong within 10 min (OkHttp answers); our own protocol
                // pings every 30 s find a dead TCP connection sooner. Connections are cut at 24 h.
                case BINANCE_USDM:
                    return new Defaults("wss://fstream.binance.com/stream", "https://fapi.binance.com", SubscribeVia.URL,
                        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(23), 5);
                case BINANCE_SPOT:
                    return new Defaults("wss://stream.binance.com:9443/stream", "https://api.binance.com", SubscribeVia.URL,
                        Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(23), 5);
                // OKX v5: the server drops a connection idle for 30 s; send "ping" after 25 s of silence, expect "pong".
                case OKX:
                    return new Defaults("wss://ws.okx.com:8443/ws/v5/public", null, SubscribeVia.MESSAGE,
                        Duration.ofSeconds(25), Duration.ofSeconds(4), null, 3);
                // Bybit v5: {"op":"ping"} every 20 s.
                case BYBIT:
                    return new Defaults("wss://stream.bybit.com/v5/public/linear", null, SubscribeVia.MESSAGE,
                        Duration.ofSeconds(20), Duration.ofSeconds(10), null, 5);
                default:
                    throw new IllegalArgumentException("no live feed for " + venue.cliName());
            }
        }
    }
}
