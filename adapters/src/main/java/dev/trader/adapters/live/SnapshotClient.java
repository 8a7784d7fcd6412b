package dev.trader.adapters.live;

import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.engine.Instrument;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance REST depth snapshots ({@code GET {rest}/fapi/v1/depth?symbol=S&limit=1000}, spot {@code /api/v3/depth}),
 * fetched on the adapter's own REST thread, rate limited, and published as a RawMessage with {@code isRest=T} and the
 * instrument as hint. The book stage keeps buffering diffs while the request is out and bridges them onto the
 * snapshot ("How to manage a local order book correctly"). A failed request (I/O error, HTTP 429/418/5xx) is
 * reported to the connection with the wait the answer asks for ({@link RetryRule}: Retry-After, a ban's long wait),
 * and the connection retries after that or its backoff, whichever is longer; each attempt is a journaled
 * SNAPSHOT_REQUESTED. The limits are per IP, so such a wait also holds back every other instrument's request until
 * it is over: a request due earlier is not sent but reported as failed with the wait that remains.
 */
final class SnapshotClient
{
    /** A body larger than this is refused before reading (a 1,000-level snapshot is about 40 KB). */
    private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final VenueSettings settings;
    private final VenueProtocol protocol;
    private final OkHttpClient http;
    private final ScheduledExecutorService restThread;
    private final LivePublisher.Channel channel;
    private final TokenBucket limit;
    private final LiveClock clock;
    private final RetryRule retryRule;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong heldBack = new AtomicLong();
    private volatile boolean stopped;
    // guarded by this: the venue asked us not to send before holdUntilNs (monotonic)
    private long holdUntilNs = Long.MIN_VALUE;
    private String holdProblem;
    private String holdWhy;

    SnapshotClient(
        final VenueSettings settings,
        final VenueProtocol protocol,
        final OkHttpClient http,
        final ScheduledExecutorService restThread,
        final LivePublisher.Channel channel,
        final LiveClock clock,
        final RetryRule retryRule)
    {
        this.settings = settings;
        this.protocol = protocol;
        this.http = http;
        this.restThread = restThread;
        this.channel = channel;
        this.clock = clock;
        this.retryRule = retryRule;
        this.limit = new TokenBucket(clock, settings.snapshotsPerMinute() / 60.0, settings.snapshotBurst());
    }

    /**
     * What the caller learns when a fetch ends (on the REST thread). Each carries the fetch's {@code token}, so a
     * result that arrives after the caller started another fetch (a reconnect in between) can be recognised and
     * ignored.
     */
    interface Outcome
    {
        /**
         * The body arrived. The caller decides whether it is still wanted and, if so, publishes it with
         * {@link #publish} (under its own lock, so nothing it does concurrently can come between the decision and the
         * publish).
         */
        void delivered(Instrument instrument, long token, int attempt, byte[] body, long elapsedMs);

        /**
         * @param wait what the venue's answer asks us to wait ({@link RetryRule.Wait#NONE} when nothing)
         */
        void failed(Instrument instrument, long token, int attempt, String problem, RetryRule.Wait wait);
    }

    /**
     * Schedules a fetch after {@code delayNs} (or the venue's hold, if longer) plus whatever the rate limit adds;
     * publishes SNAPSHOT_REQUESTED now.
     *
     * @param token handed back unchanged to {@code outcome}
     * @return the scheduled fetch, to cancel when the connection drops
     */
    ScheduledFuture<?> fetch(final Instrument instrument, final long token, final long delayNs, final int attempt, final String reason,
        final Outcome outcome)
    {
        final long wait = Math.max(delayNs, holdRemainingNs()) + limit.reserve();
        requests.incrementAndGet();
        channel.state(ConnectionState.SNAPSHOT_REQUESTED, instrument.id(), attempt, TimeUnit.NANOSECONDS.toMillis(wait),
            reason + "; GET " + protocol.snapshotUrl(settings, instrument));
        return restThread.schedule(() -> run(instrument, token, attempt, outcome), wait, TimeUnit.NANOSECONDS);
    }

    /** Publishes a delivered body as a RawMessage (isRest=T) followed by SNAPSHOT_RECEIVED; called from {@link Outcome#delivered}. */
    void publish(final Instrument instrument, final int attempt, final byte[] body, final long elapsedMs)
    {
        if (channel.rest(instrument.id(), body, body.length))
        {
            delivered.incrementAndGet();
            channel.state(ConnectionState.SNAPSHOT_RECEIVED, instrument.id(), attempt, elapsedMs,
                "HTTP 200, " + body.length + " bytes in " + elapsedMs + " ms");
        }
    }

    private void run(final Instrument instrument, final long token, final int attempt, final Outcome outcome)
    {
        try
        {
            fetch(instrument, token, attempt, outcome);
        }
        catch (final RuntimeException ex)
        {
            // a scheduled task that throws vanishes into its Future: report it, so the book is retried, never forgotten
            failures.incrementAndGet();
            if (!stopped)
            {
                outcome.failed(instrument, token, attempt, ex.toString(), RetryRule.Wait.NONE);
            }
        }
    }

    private void fetch(final Instrument instrument, final long token, final int attempt, final Outcome outcome)
    {
        if (stopped)
        {
            return;
        }
        final Hold held = held();
        if (held != null)
        {
            heldBack.incrementAndGet();
            outcome.failed(instrument, token, attempt, "not sent: " + held.problem() + " on an earlier request", held.remaining());
            return;
        }
        final String url = protocol.snapshotUrl(settings, instrument);
        final long started = System.nanoTime();
        String problem;
        RetryRule.Wait wait = RetryRule.Wait.NONE;
        final Call call = http.newCall(new Request.Builder().url(url).get().build());
        try (Response response = call.execute())
        {
            final ResponseBody body = response.body();
            if (response.code() == 200 && body != null)
            {
                final byte[] bytes = readBody(body);
                if (bytes != null)
                {
                    final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    if (!stopped)
                    {
                        outcome.delivered(instrument, token, attempt, bytes, ms);
                    }
                    return;
                }
                problem = "body larger than " + MAX_BODY_BYTES + " bytes";
            }
            else
            {
                problem = "HTTP " + response.code() + " " + response.message();
                wait = retryRule.after(response.code(), response.headers(), TimeUnit.NANOSECONDS.toMillis(clock.epochNanos()));
                hold(problem, wait);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            problem = ex.toString();
        }
        failures.incrementAndGet();
        if (!stopped)
        {
            outcome.failed(instrument, token, attempt, problem, wait);
        }
    }

    /** Holds every request back for the wait an answer asked for (the venue's limits and bans are per IP). */
    private synchronized void hold(final String problem, final RetryRule.Wait wait)
    {
        if (wait.ms() <= 0)
        {
            return;
        }
        final long until = clock.monotonicNanos() + TimeUnit.MILLISECONDS.toNanos(wait.ms());
        if (until > holdUntilNs)
        {
            holdUntilNs = until;
            holdProblem = problem;
            holdWhy = wait.why();
        }
    }

    private synchronized long holdRemainingNs()
    {
        return holdUntilNs == Long.MIN_VALUE ? 0 : Math.max(0, holdUntilNs - clock.monotonicNanos());
    }

    /** What remains of the current hold, or null when requests may go out. */
    private synchronized Hold held()
    {
        final long remainingMs = TimeUnit.NANOSECONDS.toMillis(holdRemainingNs());
        return remainingMs > 0
            ? new Hold(holdProblem, new RetryRule.Wait(remainingMs, holdWhy + "; " + RetryRule.seconds(remainingMs) + " of it remaining"))
            : null;
    }

    private record Hold(String problem, RetryRule.Wait remaining)
    {
    }

    private static byte[] readBody(final ResponseBody body) throws IOException
    {
        if (body.contentLength() > MAX_BODY_BYTES)
        {
            return null;
        }
        try (InputStream in = body.byteStream())
        {
            final byte[] bytes = in.readNBytes((int)MAX_BODY_BYTES + 1);
            return bytes.length > MAX_BODY_BYTES ? null : bytes;
        }
    }

    void stop()
    {
        stopped = true;
    }

    long requests()
    {
        return requests.get();
    }

    long delivered()
    {
        return delivered.get();
    }

    long failures()
    {
        return failures.get();
    }

    /** Requests not sent because the venue's wait for an earlier one was not over. */
    long heldBack()
    {
        return heldBack.get();
    }
}
