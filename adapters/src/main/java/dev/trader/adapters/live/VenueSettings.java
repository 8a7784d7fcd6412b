package dev.trader.adapters.live;

import dev.trader.engine.Instrument;
import dev.trader.engine.Venue;

import java.time.Duration;
import java.util.List;

/**
 * One venue connection as the {@code venues:} section of a config describes it (see {@link LiveSettings}). Immutable.
 */
public final class VenueSettings
{
    private final Venue venue;
    private final int connectionId;
    private final boolean enabled;
    private final String wsUrl;
    private final String restUrl;
    private final List<Instrument> instruments;
    private final List<String> channels;
    private final SubscribeVia subscribeVia;
    private final Duration staleAfter;
    private final Duration keepAliveInterval;
    private final Duration keepAliveTimeout;
    private final Duration maxConnectionAge;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Duration resetBackoffAfter;
    private final Duration banWait;
    private final Duration maxRetryAfter;
    private final long seed;
    private final double messagesPerSecond;
    private final int messageBurst;
    private final double connectsPerMinute;
    private final int connectBurst;
    private final double snapshotsPerMinute;
    private final int snapshotBurst;
    private final int snapshotLimit;
    private final Duration snapshotDelay;
    private final Duration snapshotRetryAfter;
    private final Duration connectTimeout;

    @SuppressWarnings("checkstyle:ParameterNumber")
    VenueSettings(
        final Venue venue,
        final int connectionId,
        final boolean enabled,
        final String wsUrl,
        final String restUrl,
        final List<Instrument> instruments,
        final List<String> channels,
        final SubscribeVia subscribeVia,
        final Duration staleAfter,
        final Duration keepAliveInterval,
        final Duration keepAliveTimeout,
        final Duration maxConnectionAge,
        final Duration minBackoff,
        final Duration maxBackoff,
        final Duration resetBackoffAfter,
        final Duration banWait,
        final Duration maxRetryAfter,
        final long seed,
        final double messagesPerSecond,
        final int messageBurst,
        final double connectsPerMinute,
        final int connectBurst,
        final double snapshotsPerMinute,
        final int snapshotBurst,
        final int snapshotLimit,
        final Duration snapshotDelay,
        final Duration snapshotRetryAfter,
        final Duration connectTimeout)
    {
        this.venue = venue;
        this.connectionId = connectionId;
        this.enabled = enabled;
        this.wsUrl = wsUrl;
        this.restUrl = restUrl;
        this.instruments = List.copyOf(instruments);
        this.channels = List.copyOf(channels);
        this.subscribeVia = subscribeVia;
        this.staleAfter = staleAfter;
        this.keepAliveInterval = keepAliveInterval;
        this.keepAliveTimeout = keepAliveTimeout;
        this.maxConnectionAge = maxConnectionAge;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.resetBackoffAfter = resetBackoffAfter;
        this.banWait = banWait;
        this.maxRetryAfter = maxRetryAfter;
        this.seed = seed;
        this.messagesPerSecond = messagesPerSecond;
        this.messageBurst = messageBurst;
        this.connectsPerMinute = connectsPerMinute;
        this.connectBurst = connectBurst;
        this.snapshotsPerMinute = snapshotsPerMinute;
        this.snapshotBurst = snapshotBurst;
        this.snapshotLimit = snapshotLimit;
        this.snapshotDelay = snapshotDelay;
        this.snapshotRetryAfter = snapshotRetryAfter;
        this.connectTimeout = connectTimeout;
    }

    public Venue venue()
    {
        return venue;
    }

    /** Stable id of this connection in RawMessage and ConnectionEvent events (the venue's code). */
    public int connectionId()
    {
        return connectionId;
    }

    public boolean enabled()
    {
        return enabled;
    }

    /** The WebSocket endpoint (Binance: the combined-stream endpoint, e.g. {@code wss://fstream.binance.com/stream}). */
    public String wsUrl()
    {
        return wsUrl;
    }

    /** The REST base for depth snapshots (Binance only), e.g. {@code https://fapi.binance.com}; null when unused. */
    public String restUrl()
    {
        return restUrl;
    }

    /** The instruments subscribed, from the registry, in config order. */
    public List<Instrument> instruments()
    {
        return instruments;
    }

    /** Channel names in the venue's own terms ({@code depth@0ms}, {@code books}, {@code orderbook.50}...). */
    public List<String> channels()
    {
        return channels;
    }

    public SubscribeVia subscribeVia()
    {
        return subscribeVia;
    }

    /** No frame for this long: the feed is stale (ConnectionEvent STALE), the socket is dropped and reopened. */
    public Duration staleAfter()
    {
        return staleAfter;
    }

    /** Binance: OkHttp protocol ping interval. OKX: idle time before a "ping" text. Bybit: op ping period. */
    public Duration keepAliveInterval()
    {
        return keepAliveInterval;
    }

    /** How long after a text ping a frame (the pong or anything else) must arrive (OKX, Bybit). */
    public Duration keepAliveTimeout()
    {
        return keepAliveTimeout;
    }

    /** A planned reconnect happens after this long (Binance drops connections at 24 h). */
    public Duration maxConnectionAge()
    {
        return maxConnectionAge;
    }

    public Duration minBackoff()
    {
        return minBackoff;
    }

    public Duration maxBackoff()
    {
        return maxBackoff;
    }

    /** A connection that stayed up this long resets the backoff to its first step. */
    public Duration resetBackoffAfter()
    {
        return resetBackoffAfter;
    }

    /** The wait after an HTTP 418 or 403 (an IP ban) that carries no Retry-After; see {@link RetryRule}. */
    public Duration banWait()
    {
        return banWait;
    }

    /** The longest Retry-After honoured; a longer one is capped to this. */
    public Duration maxRetryAfter()
    {
        return maxRetryAfter;
    }

    public long seed()
    {
        return seed;
    }

    public double messagesPerSecond()
    {
        return messagesPerSecond;
    }

    public int messageBurst()
    {
        return messageBurst;
    }

    public double connectsPerMinute()
    {
        return connectsPerMinute;
    }

    public int connectBurst()
    {
        return connectBurst;
    }

    public double snapshotsPerMinute()
    {
        return snapshotsPerMinute;
    }

    public int snapshotBurst()
    {
        return snapshotBurst;
    }

    /** Levels asked of the REST depth snapshot ({@code limit=}). */
    public int snapshotLimit()
    {
        return snapshotLimit;
    }

    /** Wait after subscribing before the first snapshot, so buffered diffs overlap it. */
    public Duration snapshotDelay()
    {
        return snapshotDelay;
    }

    /** A snapshot delivered but no TRUSTED book status this long after: ask again. */
    public Duration snapshotRetryAfter()
    {
        return snapshotRetryAfter;
    }

    public Duration connectTimeout()
    {
        return connectTimeout;
    }

    @Override
    public String toString()
    {
        return venue.cliName() + " " + wsUrl + " " + channels + " x " + instruments.size() + " instruments";
    }
}
