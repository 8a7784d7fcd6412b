package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.engine.Instrument;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One venue WebSocket connection kept alive for the life of a run. It connects to the configured URL, subscribes,
 * publishes every frame as a RawMessage (payload exactly as received, stamped at receive), and keeps the feed honest:
 *
 * <ul>
 *   <li>keep-alive per venue: OkHttp protocol pings (Binance; a missing pong fails the socket: PING_TIMEOUT), a text
 *       "ping" after an idle interval (OKX) or a periodic {@code {"op":"ping"}} (Bybit), each answered by a frame
 *       within the keep-alive timeout or PING_TIMEOUT;</li>
 *   <li>a stale-feed watchdog: no frame for {@code staleAfter} publishes STALE and drops the socket;</li>
 *   <li>reconnects with capped exponential backoff and seeded jitter ({@link Backoff}), reset once a connection
 *       has stayed up for {@code resetAfter}, and never sooner than a refused upgrade's answer asks ({@link RetryRule}:
 *       Retry-After, a long wait after a 418/403 ban); connection attempts and subscribe messages go through token
 *       buckets;</li>
 *   <li>a planned reconnect before {@code maxConnectionAge} (Binance cuts connections at 24 h);</li>
 *   <li>book resynchronisation: a REST snapshot (Binance) after each subscribe and whenever the engine reports the
 *       book UNTRUSTED or SYNCING, or an unsubscribe + subscribe of the book channel (OKX, Bybit).</li>
 * </ul>
 *
 * Every state change is a ConnectionEvent in the ring, so it is journaled and replayed; a failed connect, a lost
 * connection, a resynchronisation and a failed snapshot are also one line each on the {@link LiveConsole}. Nothing is
 * thrown out of an OkHttp callback or a timer task: errors are caught, counted and published as a ConnectionEvent
 * detail.
 *
 * <p>Threads: OkHttp's reader thread delivers frames and publishes them directly (the hot path: no lock but this
 * connection's publisher channel and, for the ring publish itself, the publisher's); the channel drops a frame whose
 * socket generation is no longer live, atomically with the publish, so no frame follows its socket's DISCONNECTED.
 * State changes take this object's lock, from OkHttp callbacks, the shared timer thread and the REST thread; so do
 * snapshot results, each checked against the token of the fetch currently wanted (a result from before a reconnect is
 * ignored and counted). Lock order: this connection, the channel, the publisher; the engine thread never takes any.
 */
public final class VenueConnection
{
    private static final System.Logger LOG = System.getLogger(VenueConnection.class.getName());
    private static final long MIN_TICK_NS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_TICK_NS = TimeUnit.SECONDS.toNanos(1);

    private final VenueSettings settings;
    private final VenueProtocol protocol;
    private final OkHttpClient wsClient;
    private final ScheduledExecutorService timer;
    private final LivePublisher.Channel channel;
    private final LiveClock clock;
    private final Backoff backoff;
    private final Backoff snapshotBackoff;
    private final TokenBucket connectLimit;
    private final TokenBucket messageLimit;
    private final SnapshotClient snapshots;
    private final RetryRule retryRule;
    private final LiveConsole console;
    private final String wsHost;
    private final String restHost;
    private final List<String> subscribeMessages;
    private final String url;
    private final BookResync[] books;
    private final long staleAfterNs;
    private final long keepAliveIntervalNs;
    private final long keepAliveTimeoutNs;
    private final long maxAgeNs;
    private final long resetAfterNs;
    private final long connectTimeoutNs;
    private final long snapshotDelayNs;
    private final long snapshotRetryNs;
    private final long maxRetryNs;
    private final long tickNs;
    private final SnapshotClient.Outcome snapshotOutcome = new SnapshotClient.Outcome()
    {
        @Override
        public void delivered(final Instrument instrument, final long token, final int attempt, final byte[] body, final long elapsedMs)
        {
            onSnapshotDelivered(instrument, token, attempt, body, elapsedMs);
        }

        @Override
        public void failed(final Instrument instrument, final long token, final int attempt, final String problem,
            final RetryRule.Wait wait)
        {
            onSnapshotFailed(instrument, token, problem, wait);
        }
    };

    // guarded by this
    private boolean running;
    private boolean stopped;
    private int generation;
    private WebSocket socket;
    private boolean open;
    private int attempt;
    private boolean connectTokenHeld;
    private long connectStartedNs;
    private long openedAtNs;
    private long lastPingNs;
    private long pingSentAtNs;
    private boolean awaitingPong;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> pendingConnect;
    private CountDownLatch closedLatch;
    private int fetchSequence;

    private volatile int liveGeneration = -1;
    private volatile long lastFrameNs;
    private volatile String lastError;

    private final AtomicLong callbackErrors = new AtomicLong();
    private final AtomicLong framesFromClosedSockets = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong staleEvents = new AtomicLong();
    private final AtomicLong pingTimeouts = new AtomicLong();
    private final AtomicLong keepAlivesSent = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong staleSnapshotResults = new AtomicLong();

    /**
     * @param settings   the venue's settings
     * @param baseClient shared OkHttp client (connection pool, dispatcher); this connection derives its own
     * @param timer      the source's single timer thread
     * @param restThread the source's REST thread (snapshots)
     * @param publisher  where events go
     * @param clock      receive stamps and timers
     * @param console    where failed connects and resyncs are told to the user (called on this connection's threads)
     */
    public VenueConnection(
        final VenueSettings settings,
        final OkHttpClient baseClient,
        final ScheduledExecutorService timer,
        final ScheduledExecutorService restThread,
        final LivePublisher publisher,
        final LiveClock clock,
        final LiveConsole console)
    {
        this.settings = settings;
        this.console = console;
        this.retryRule = RetryRule.of(settings);
        this.protocol = VenueProtocol.of(settings.venue());
        this.timer = timer;
        this.clock = clock;
        this.channel = publisher.channel(dev.trader.adapters.parse.VenueParsers.code(settings.venue()), settings.connectionId(),
            "live:" + settings.venue().cliName());
        final OkHttpClient.Builder builder = baseClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.connectTimeout())
            .writeTimeout(settings.connectTimeout());
        if (protocol.keepAlive() == VenueProtocol.KeepAlive.PROTOCOL_PING)
        {
            builder.pingInterval(settings.keepAliveInterval());
        }
        this.wsClient = builder.build();
        this.backoff = new Backoff(settings.minBackoff().toMillis(), settings.maxBackoff().toMillis(), settings.seed());
        this.snapshotBackoff = new Backoff(settings.minBackoff().toMillis(), settings.maxBackoff().toMillis(), settings.seed() + 1);
        this.connectLimit = new TokenBucket(clock, settings.connectsPerMinute() / 60.0, settings.connectBurst());
        this.messageLimit = new TokenBucket(clock, settings.messagesPerSecond(), settings.messageBurst());
        this.snapshots = protocol.restSnapshots() && settings.restUrl() != null
            ? new SnapshotClient(settings, protocol, baseClient.newBuilder().callTimeout(settings.connectTimeout().multipliedBy(2)).build(),
                restThread, channel, clock, retryRule)
            : null;
        this.subscribeMessages = protocol.subscribeMessages(settings);
        this.url = protocol.connectUrl(settings);
        this.wsHost = host(url);
        this.restHost = settings.restUrl() == null ? wsHost : host(settings.restUrl());
        this.books = new BookResync[settings.instruments().size()];
        for (int i = 0; i < books.length; i++)
        {
            boolean book = false;
            for (final String c : settings.channels())
            {
                book |= protocol.isBookChannel(c);
            }
            books[i] = new BookResync(settings.instruments().get(i), book);
        }
        this.staleAfterNs = settings.staleAfter().toNanos();
        this.keepAliveIntervalNs = settings.keepAliveInterval().toNanos();
        this.keepAliveTimeoutNs = settings.keepAliveTimeout().toNanos();
        this.maxAgeNs = settings.maxConnectionAge() == null ? -1 : settings.maxConnectionAge().toNanos();
        this.resetAfterNs = settings.resetBackoffAfter().toNanos();
        this.connectTimeoutNs = settings.connectTimeout().toNanos();
        this.snapshotDelayNs = settings.snapshotDelay().toNanos();
        this.snapshotRetryNs = settings.snapshotRetryAfter().toNanos();
        this.maxRetryNs = settings.maxBackoff().toNanos();
        long t = Math.min(staleAfterNs, connectTimeoutNs);
        if (protocol.keepAlive() != VenueProtocol.KeepAlive.PROTOCOL_PING)
        {
            t = Math.min(t, Math.min(keepAliveIntervalNs, keepAliveTimeoutNs));
        }
        this.tickNs = Math.max(MIN_TICK_NS, Math.min(MAX_TICK_NS, t / 4));
    }

    public VenueSettings settings()
    {
        return settings;
    }

    /** The URL this connection opens. */
    public String url()
    {
        return url;
    }

    /** Starts connecting (asynchronously, on the timer thread). */
    public synchronized void start()
    {
        if (running || stopped)
        {
            return;
        }
        running = true;
        tick = timer.scheduleWithFixedDelay(() -> safely("tick", this::tick), tickNs, tickNs, TimeUnit.NANOSECONDS);
        pendingConnect = timer.schedule(() -> safely("connect", this::connect), 0, TimeUnit.NANOSECONDS);
    }

    /**
     * Closes the socket gracefully (close frame, wait up to {@code timeoutMs} for the venue's reply), then publishes
     * CLOSED. Frames received until the close completes are still published. Idempotent.
     */
    public void stop(final long timeoutMs)
    {
        CountDownLatch latch = null;
        synchronized (this)
        {
            if (stopped)
            {
                return;
            }
            stopped = true;
            running = false;
            cancel(pendingConnect);
            cancel(tick);
            for (final BookResync r : books)
            {
                r.reset();
            }
            if (snapshots != null)
            {
                snapshots.stop();
            }
            if (socket != null && open)
            {
                latch = new CountDownLatch(1);
                closedLatch = latch;
                socket.close(1000, "shutdown");
            }
            else if (socket != null)
            {
                lost(generation, ConnectionState.DISCONNECTED, "shutdown before the handshake completed", true);
            }
        }
        if (latch != null)
        {
            try
            {
                latch.await(timeoutMs, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this)
        {
            if (socket != null)
            {
                lost(generation, ConnectionState.DISCONNECTED, "no close reply within " + timeoutMs + " ms; cancelled", true);
            }
            channel.state(ConnectionState.CLOSED, 0, attempt, 0, "stopped after " + channel.sequence() + " messages");
        }
    }

    private synchronized void connect()
    {
        pendingConnect = null;
        if (!running || socket != null)
        {
            return;
        }
        if (!connectTokenHeld)
        {
            final long wait = connectLimit.reserve();
            if (wait > 0)
            {
                connectTokenHeld = true;
                final long ms = TimeUnit.NANOSECONDS.toMillis(wait);
                channel.state(ConnectionState.RECONNECT_SCHEDULED, 0, attempt, ms, "connection attempts rate limited: waiting " + ms + " ms");
                pendingConnect = timer.schedule(() -> safely("connect", this::connect), wait, TimeUnit.NANOSECONDS);
                return;
            }
        }
        connectTokenHeld = false;
        generation++;
        final int gen = generation;
        open = false;
        openedAtNs = 0;
        awaitingPong = false;
        connectStartedNs = clock.monotonicNanos();
        connects.incrementAndGet();
        channel.state(ConnectionState.CONNECTING, 0, attempt, 0, url);
        try
        {
            socket = wsClient.newWebSocket(new Request.Builder().url(url).build(), new Listener(gen));
        }
        catch (final RuntimeException ex)
        {
            socket = null;
            error("connect", ex);
            channel.state(ConnectionState.DISCONNECTED, 0, attempt, 0, "cannot connect: " + ex);
            scheduleReconnect(RetryRule.Wait.NONE, "connect failed: " + ex);
        }
    }

    private synchronized void opened(final int gen, final WebSocket ws, final Response response)
    {
        if (gen != generation || !running || socket != ws)
        {
            ws.cancel();
            return;
        }
        final long now = clock.monotonicNanos();
        open = true;
        openedAtNs = now;
        lastFrameNs = now;
        lastPingNs = now;
        awaitingPong = false;
        liveGeneration = gen;
        channel.generation(gen);
        channel.state(ConnectionState.CONNECTED, 0, attempt, 0, "HTTP " + response.code() + " " + url);
        sendChain(gen, subscribeMessages, 0, () -> subscribed(gen));
    }

    /** Sends {@code messages[i..]} through the message rate limit, then runs {@code done}. */
    private synchronized void sendChain(final int gen, final List<String> messages, final int i, final Runnable done)
    {
        if (gen != generation || !open)
        {
            return;
        }
        if (i == messages.size())
        {
            done.run();
            return;
        }
        final long wait = messageLimit.reserve();
        if (wait > 0)
        {
            timer.schedule(() -> safely("send", () -> sendAfterWait(gen, messages, i, done)), wait, TimeUnit.NANOSECONDS);
            return;
        }
        send(messages.get(i));
        sendChain(gen, messages, i + 1, done);
    }

    private synchronized void sendAfterWait(final int gen, final List<String> messages, final int i, final Runnable done)
    {
        if (gen != generation || !open)
        {
            return;
        }
        send(messages.get(i));
        sendChain(gen, messages, i + 1, done);
    }

    private void send(final String message)
    {
        messagesSent.incrementAndGet();
        socket.send(message);
    }

    private synchronized void subscribed(final int gen)
    {
        if (gen != generation || !open)
        {
            return;
        }
        channel.state(ConnectionState.SUBSCRIBED, 0, attempt, 0, subscribeMessages.isEmpty()
            ? "streams in the URL: " + String.join(",", settings.channels()) + " x " + settings.instruments().size()
            : subscribeMessages.size() + " subscribe messages sent");
        if (snapshots != null)
        {
            for (final BookResync r : books)
            {
                if (r.bookChannel)
                {
                    r.trusted = false;
                    startResync(r, snapshotDelayNs, "subscribed", false);
                }
            }
        }
    }

    private synchronized void tick()
    {
        if (socket == null || !running)
        {
            return;
        }
        final long now = clock.monotonicNanos();
        final int gen = generation;
        if (!open)
        {
            if (now - connectStartedNs > connectTimeoutNs)
            {
                lost(gen, ConnectionState.DISCONNECTED, "no WebSocket handshake within " + millis(connectTimeoutNs) + " ms", true);
            }
            return;
        }
        final long last = lastFrameNs;
        if (now - last > staleAfterNs)
        {
            staleEvents.incrementAndGet();
            lost(gen, ConnectionState.STALE, "no message for " + millis(now - last) + " ms (staleAfter " + millis(staleAfterNs) + " ms)", true);
            return;
        }
        if (maxAgeNs > 0 && now - openedAtNs >= maxAgeNs)
        {
            plannedReconnect(now);
            return;
        }
        if (awaitingPong)
        {
            if (last >= pingSentAtNs)
            {
                awaitingPong = false;
            }
            else if (now - pingSentAtNs > keepAliveTimeoutNs)
            {
                pingTimeouts.incrementAndGet();
                lost(gen, ConnectionState.PING_TIMEOUT, "no frame within " + millis(keepAliveTimeoutNs) + " ms of our ping", true);
                return;
            }
        }
        switch (protocol.keepAlive())
        {
            case TEXT_WHEN_IDLE:
                if (!awaitingPong && now - last >= keepAliveIntervalNs)
                {
                    ping(now);
                }
                break;
            case TEXT_PERIODIC:
                if (now - lastPingNs >= keepAliveIntervalNs)
                {
                    ping(now);
                }
                break;
            default:
                break;
        }
    }

    private void ping(final long now)
    {
        keepAlivesSent.incrementAndGet();
        socket.send(protocol.pingMessage());
        lastPingNs = now;
        if (!awaitingPong)
        {
            awaitingPong = true;
            pingSentAtNs = now;
        }
    }

    private void plannedReconnect(final long now)
    {
        final WebSocket s = socket;
        socket = null;
        open = false;
        liveGeneration = -1;
        channel.generation(LivePublisher.NO_GENERATION); // before the DISCONNECTED: no frame of s can follow it
        disconnects.incrementAndGet();
        s.close(1000, "planned reconnect");
        channel.state(ConnectionState.DISCONNECTED, 0, attempt, 0, "planned reconnect after " + millis(now - openedAtNs)
            + " ms (maxConnectionAge; the venue cuts connections at 24 h)");
        resetBooks();
        attempt = 0;
        openedAtNs = 0;
        channel.state(ConnectionState.RECONNECT_SCHEDULED, 0, 0, 0, "planned reconnect");
        pendingConnect = timer.schedule(() -> safely("connect", this::connect), 0, TimeUnit.NANOSECONDS);
    }

    /**
     * The socket of generation {@code gen} is gone (failure, close, stale, ping timeout): publish why, forget it,
     * and reconnect when running. Ignored when that socket was already handled.
     */
    private void lost(final int gen, final ConnectionState state, final String detail, final boolean cancel)
    {
        lost(gen, state, detail, cancel, detail, RetryRule.Wait.NONE);
    }

    /**
     * @param cause what the console line names as the cause (shorter than {@code detail} for an HTTP answer)
     * @param wait  what the venue's answer asks us to wait before the next attempt
     */
    private synchronized void lost(final int gen, final ConnectionState state, final String detail, final boolean cancel,
        final String cause, final RetryRule.Wait wait)
    {
        if (gen != generation || socket == null)
        {
            return;
        }
        final String what = !open ? "connect failed" : state == ConnectionState.DISCONNECTED ? "disconnected"
            : state == ConnectionState.STALE ? "stale feed" : "ping timeout";
        final WebSocket s = socket;
        socket = null;
        open = false;
        liveGeneration = -1;
        channel.generation(LivePublisher.NO_GENERATION); // before the DISCONNECTED: no frame of s can follow it
        disconnects.incrementAndGet();
        if (state != ConnectionState.DISCONNECTED)
        {
            channel.state(state, 0, attempt, 0, detail);
        }
        if (cancel)
        {
            s.cancel();
        }
        channel.state(ConnectionState.DISCONNECTED, 0, attempt, 0, running ? detail : "closed (shutdown): " + detail);
        resetBooks();
        if (closedLatch != null)
        {
            closedLatch.countDown();
        }
        if (running)
        {
            scheduleReconnect(wait, what + ": " + cause);
        }
    }

    /**
     * The next attempt waits for the backoff or what the venue asked ({@code wait}), whichever is longer; both the
     * journaled RECONNECT_SCHEDULED and the console line say which.
     */
    private void scheduleReconnect(final RetryRule.Wait wait, final String failure)
    {
        final long now = clock.monotonicNanos();
        if (openedAtNs != 0 && now - openedAtNs >= resetAfterNs)
        {
            attempt = 0;
        }
        openedAtNs = 0;
        attempt++;
        final long backoffMs = backoff.delayMs(attempt); // drawn every time: the seeded sequence stays the same
        final long delayMs = Math.max(backoffMs, wait.ms());
        final String why = wait.why().isEmpty() ? "" : " (" + wait.why() + ")";
        channel.state(ConnectionState.RECONNECT_SCHEDULED, 0, attempt, delayMs, "reconnect attempt " + attempt + " in " + delayMs + " ms" + why);
        tell(wsHost, failure + "; attempt " + attempt + ", next in " + RetryRule.seconds(delayMs) + why);
        pendingConnect = timer.schedule(() -> safely("connect", this::connect), delayMs, TimeUnit.MILLISECONDS);
    }

    /** One console line: {@code <UTC time> <venue> <host>: <text>}. */
    private void tell(final String host, final String text)
    {
        console.line(LiveConsole.stamp(clock.epochNanos()) + " " + settings.venue().cliName() + " " + host + ": " + text);
    }

    private static String host(final String url)
    {
        try
        {
            final String host = URI.create(url).getHost();
            return host != null ? host : url;
        }
        catch (final IllegalArgumentException ex)
        {
            return url;
        }
    }

    // ------------------------------------------------------------------ book resynchronisation

    /** True when this connection subscribes the instrument. */
    public boolean covers(final int instrumentId)
    {
        return find(instrumentId) != null;
    }

    /** The engine reported a book state for one of this connection's instruments (called on the timer thread). */
    public synchronized void onBookStatus(final int instrumentId, final BookState state, final BookStatusReason reason)
    {
        final BookResync r = find(instrumentId);
        if (r == null || !r.bookChannel || stopped)
        {
            return;
        }
        r.statusSeen = true;
        if (state == BookState.TRUSTED)
        {
            r.trusted = true;
            r.unbridged = 0;
            r.lastDeliveredNs = Long.MIN_VALUE; // bridged: the next untrusted status is a new problem, act at once
            cancel(r.retryCheck);
            r.retryCheck = null;
            return;
        }
        if (state != BookState.UNTRUSTED && state != BookState.SYNCING)
        {
            return;
        }
        r.trusted = false;
        if (!open)
        {
            return; // the reconnect resubscribes and asks for a snapshot
        }
        if (r.inFlight)
        {
            return; // coalesced with the request already out
        }
        final long now = clock.monotonicNanos();
        if (r.lastDeliveredNs != Long.MIN_VALUE && now - r.lastDeliveredNs < snapshotRetryNs / 4)
        {
            scheduleRetryCheck(r); // a snapshot just arrived: give the book time to bridge it before asking again
            return;
        }
        startResync(r, 0, "book " + state + (reason == null || reason == BookStatusReason.NULL_VAL ? "" : " (" + reason + ")"), true);
    }

    /** @param tell whether the console hears of it (not for the snapshot every subscribe takes) */
    private void startResync(final BookResync r, final long delayNs, final String reason, final boolean tell)
    {
        resyncs.incrementAndGet();
        if (tell)
        {
            tell(snapshots != null ? restHost : wsHost, r.instrument.symbol() + " " + reason + " -> "
                + (snapshots != null ? "snapshot refetch" : "resubscribing the book channel"));
        }
        cancel(r.retryCheck);
        r.retryCheck = null;
        if (snapshots != null)
        {
            fetchSnapshot(r, delayNs, reason);
            return;
        }
        final List<String> messages = protocol.resubscribeBookMessages(settings, r.instrument);
        if (messages.isEmpty())
        {
            return;
        }
        channel.state(ConnectionState.SNAPSHOT_REQUESTED, r.instrument.id(), 0, 0, reason + "; resubscribing the book channel");
        r.lastDeliveredNs = clock.monotonicNanos();
        sendChain(generation, messages, 0, () -> scheduleRetryCheck(r));
    }

    /**
     * Starts a snapshot fetch with a fresh token (this socket generation in the high half, a per-connection fetch
     * sequence in the low half). Only the result carrying {@code r.token} may settle the request: a result from a
     * fetch that was already running when the socket dropped must not clear the in-flight flag of the fetch the
     * reconnect started.
     */
    private void fetchSnapshot(final BookResync r, final long delayNs, final String reason)
    {
        cancel(r.fetch);
        r.inFlight = true;
        r.token = ((long)generation << 32) | (++fetchSequence & 0xFFFF_FFFFL);
        r.fetch = snapshots.fetch(r.instrument, r.token, delayNs, r.failures, reason, snapshotOutcome);
    }

    /** The result of the fetch that {@code token} names; null (and counted) when that fetch is no longer the current one. */
    private BookResync current(final Instrument instrument, final long token)
    {
        final BookResync r = find(instrument.id());
        if (r == null || !r.inFlight || r.token != token)
        {
            staleSnapshotResults.incrementAndGet();
            return null;
        }
        return r;
    }

    private synchronized void onSnapshotDelivered(final Instrument instrument, final long token, final int attempt, final byte[] body,
        final long elapsedMs)
    {
        final BookResync r = current(instrument, token);
        if (r == null)
        {
            return; // superseded (the socket dropped since): not journaled, the current fetch delivers its own
        }
        // recorded before the publish (both under this lock): any book status this snapshot causes finds the delivery
        r.inFlight = false;
        r.token = 0;
        r.fetch = null;
        r.failures = 0;
        r.lastDeliveredNs = clock.monotonicNanos();
        snapshots.publish(instrument, attempt, body, elapsedMs);
        if (open && !r.trusted)
        {
            scheduleRetryCheck(r);
        }
    }

    private synchronized void onSnapshotFailed(final Instrument instrument, final long token, final String problem,
        final RetryRule.Wait wait)
    {
        final BookResync r = current(instrument, token);
        if (r == null)
        {
            return;
        }
        r.inFlight = false;
        r.token = 0;
        r.fetch = null;
        if (!running || !open)
        {
            return;
        }
        r.failures++;
        final long delayMs = Math.max(wait.ms(), snapshotBackoff.delayMs(r.failures));
        final String why = wait.why().isEmpty() ? "" : " (" + wait.why() + ")";
        tell(restHost, instrument.symbol() + " snapshot failed: " + problem + "; attempt " + r.failures + ", next in "
            + RetryRule.seconds(delayMs) + why);
        fetchSnapshot(r, TimeUnit.MILLISECONDS.toNanos(delayMs), "retry after " + problem + why);
    }

    private void scheduleRetryCheck(final BookResync r)
    {
        if (r.retryCheck != null || !running)
        {
            return;
        }
        final int gen = generation;
        // each retry that did not end TRUSTED doubles the wait (a book that cannot bridge must not hammer the venue)
        final long delayNs = Math.min(snapshotRetryNs << Math.min(r.unbridged, 6), Math.max(snapshotRetryNs, maxRetryNs));
        r.retryCheck = timer.schedule(() -> safely("snapshot retry", () -> retryCheck(gen, r)), delayNs, TimeUnit.NANOSECONDS);
    }

    private synchronized void retryCheck(final int gen, final BookResync r)
    {
        r.retryCheck = null;
        if (gen != generation || !open || r.trusted || r.inFlight || !r.statusSeen)
        {
            return; // trusted, or no book stage reports on it: nothing to retry
        }
        r.unbridged++;
        startResync(r, 0, "book not TRUSTED since the last snapshot (retry " + r.unbridged + ")", true);
    }

    private void resetBooks()
    {
        for (final BookResync r : books)
        {
            r.reset();
        }
    }

    private BookResync find(final int instrumentId)
    {
        for (final BookResync r : books)
        {
            if (r.instrument.id() == instrumentId)
            {
                return r;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ plumbing

    private void safely(final String what, final Runnable task)
    {
        try
        {
            task.run();
        }
        catch (final Throwable t)
        {
            error(what, t);
        }
    }

    private void error(final String what, final Throwable t)
    {
        callbackErrors.incrementAndGet();
        lastError = what + ": " + t;
        LOG.log(System.Logger.Level.WARNING, settings.venue().cliName() + " " + what + " failed", t);
        try
        {
            // open, socket and attempt are guarded by this lock: read them (and publish) as one consistent state. Safe
            // from every caller: none holds the channel's or the publisher's lock here (lock order: this first).
            synchronized (this)
            {
                channel.state(currentState(), 0, attempt, 0, "error in " + what + " (caught): " + t);
            }
        }
        catch (final Throwable ignored)
        {
            // the publisher never throws; nothing more can be done here
        }
    }

    /** Under this lock. */
    private ConnectionState currentState()
    {
        return open ? ConnectionState.CONNECTED : socket != null ? ConnectionState.CONNECTING : ConnectionState.DISCONNECTED;
    }

    private static void cancel(final ScheduledFuture<?> future)
    {
        if (future != null)
        {
            future.cancel(false);
        }
    }

    private static long millis(final long nanos)
    {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Counters for run summaries. */
    public Map<String, Object> counters()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionId", settings.connectionId());
        m.put("url", url);
        m.put("messages", channel.sequence());
        m.put("connects", connects.get());
        m.put("disconnects", disconnects.get());
        m.put("stale", staleEvents.get());
        m.put("pingTimeouts", pingTimeouts.get());
        m.put("keepAlivesSent", keepAlivesSent.get());
        m.put("messagesSent", messagesSent.get());
        m.put("resyncs", resyncs.get());
        m.put("staleSnapshotResults", staleSnapshotResults.get());
        if (snapshots != null)
        {
            m.put("snapshotRequests", snapshots.requests());
            m.put("snapshotsDelivered", snapshots.delivered());
            m.put("snapshotFailures", snapshots.failures());
            m.put("snapshotsHeldBack", snapshots.heldBack());
        }
        m.put("framesFromClosedSockets", framesFromClosedSockets());
        m.put("callbackErrors", callbackErrors.get());
        if (lastError != null)
        {
            m.put("lastError", lastError);
        }
        return m;
    }

    public long callbackErrors()
    {
        return callbackErrors.get();
    }

    /** Frames of a socket that was already superseded (dropped, never journaled). */
    public long framesFromClosedSockets()
    {
        return framesFromClosedSockets.get() + channel.staleFrames();
    }

    /** Snapshot results ignored because a reconnect (or stop) superseded the fetch that produced them. */
    public long staleSnapshotResults()
    {
        return staleSnapshotResults.get();
    }

    /** Per-instrument resynchronisation state, guarded by the connection's lock. */
    private static final class BookResync
    {
        final Instrument instrument;
        final boolean bookChannel;
        boolean statusSeen;
        boolean trusted;
        boolean inFlight;
        /** Names the fetch in flight (0: none); see {@code fetchSnapshot}. */
        long token;
        int failures;
        int unbridged;
        long lastDeliveredNs = Long.MIN_VALUE;
        ScheduledFuture<?> fetch;
        ScheduledFuture<?> retryCheck;

        BookResync(final Instrument instrument, final boolean bookChannel)
        {
            this.instrument = instrument;
            this.bookChannel = bookChannel;
        }

        void reset()
        {
            cancel(fetch);
            cancel(retryCheck);
            fetch = null;
            retryCheck = null;
            inFlight = false;
            token = 0;
            trusted = false;
            failures = 0;
            unbridged = 0;
            lastDeliveredNs = Long.MIN_VALUE;
        }
    }

    /** OkHttp callbacks for one socket generation; nothing escapes them. */
    private final class Listener extends WebSocketListener
    {
        private final int gen;

        Listener(final int gen)
        {
            this.gen = gen;
        }

        @Override
        public void onOpen(final WebSocket webSocket, final Response response)
        {
            safely("onOpen", () -> opened(gen, webSocket, response));
        }

        @Override
        public void onMessage(final WebSocket webSocket, final String text)
        {
            try
            {
                if (gen != liveGeneration)
                {
                    framesFromClosedSockets.incrementAndGet();
                    return;
                }
                lastFrameNs = clock.monotonicNanos();
                channel.text(gen, text); // re-checks gen atomically with the publish
            }
            catch (final Throwable t)
            {
                error("onMessage", t);
            }
        }

        @Override
        public void onMessage(final WebSocket webSocket, final ByteString bytes)
        {
            try
            {
                if (gen != liveGeneration)
                {
                    framesFromClosedSockets.incrementAndGet();
                    return;
                }
                lastFrameNs = clock.monotonicNanos();
                channel.binary(gen, bytes);
            }
            catch (final Throwable t)
            {
                error("onMessage", t);
            }
        }

        @Override
        public void onClosing(final WebSocket webSocket, final int code, final String reason)
        {
            safely("onClosing", () ->
            {
                webSocket.close(1000, null);
                lost(gen, ConnectionState.DISCONNECTED, "closed by the venue: " + code + (reason.isEmpty() ? "" : " " + reason), false);
            });
        }

        @Override
        public void onClosed(final WebSocket webSocket, final int code, final String reason)
        {
            safely("onClosed", () -> lost(gen, ConnectionState.DISCONNECTED, "closed: " + code + (reason.isEmpty() ? "" : " " + reason), false));
        }

        @Override
        public void onFailure(final WebSocket webSocket, final Throwable t, final Response response)
        {
            safely("onFailure", () ->
            {
                final String detail = (response != null ? "HTTP " + response.code() + " " : "") + t;
                final boolean pingTimeout = t instanceof SocketTimeoutException && String.valueOf(t.getMessage()).contains("ping");
                if (pingTimeout)
                {
                    pingTimeouts.incrementAndGet();
                }
                // a refused upgrade (429, 418, 503...) is an HTTP answer: it may say how long to wait
                final String cause = response != null ? ("HTTP " + response.code() + " " + response.message()).trim()
                    : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
                final RetryRule.Wait wait = response == null ? RetryRule.Wait.NONE
                    : retryRule.after(response.code(), response.headers(), TimeUnit.NANOSECONDS.toMillis(clock.epochNanos()));
                lost(gen, pingTimeout ? ConnectionState.PING_TIMEOUT : ConnectionState.DISCONNECTED, detail, true, cause, wait);
            });
        }
    }
}
