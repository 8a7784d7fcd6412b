package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.engine.InstrumentRegistry;
import okhttp3.OkHttpClient;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live market-data source: one {@link VenueConnection} per enabled venue, a timer thread that drives their
 * state machines, a REST thread for snapshots, and the {@link ResyncRequests} port that the engine's book statuses
 * reach through {@link BookStatusTap}.
 *
 * <p>Failed connects, lost connections, resyncs and failed snapshots are told on a {@link LiveConsole} (standard error
 * by default) through a {@link ConsoleQueue}, so printing never holds up a connection.
 *
 * <p>Book statuses arrive on the engine thread; {@link #onBookStatus} only writes 8 bytes into an Agrona
 * {@link ManyToOneRingBuffer} (lock-free, no allocation) and returns. The timer thread drains it every few
 * milliseconds and routes each request to the connection that subscribes the instrument.
 */
public final class LiveSource implements ResyncRequests, AutoCloseable
{
    private static final int REQUEST_BYTES = 8;
    private static final int QUEUE_BYTES = 64 * 1024;
    private static final long DRAIN_PERIOD_MS = 5;

    private final List<VenueConnection> connections = new ArrayList<>();
    private final LivePublisher publisher;
    private final ConsoleQueue console;
    private final OkHttpClient http;
    private final ScheduledThreadPoolExecutor timer;
    private final ScheduledThreadPoolExecutor restThread;
    private final ManyToOneRingBuffer requests;
    private final UnsafeBuffer requestScratch = new UnsafeBuffer(new byte[REQUEST_BYTES]);
    private final AtomicLong requestsQueued = new AtomicLong();
    private final AtomicLong requestsDropped = new AtomicLong();
    private final AtomicLong requestsRouted = new AtomicLong();
    private ScheduledFuture<?> drain;
    private boolean started;
    private boolean stopped;

    /** A source that tells failed connects and resyncs on standard error ({@link LiveConsole#STDERR}). */
    public LiveSource(
        final List<VenueSettings> venues,
        final InstrumentRegistry registry,
        final EventPublisher out,
        final LiveClock clock,
        final int maxEventBytes)
    {
        this(venues, registry, out, clock, maxEventBytes, LiveConsole.STDERR);
    }

    /**
     * @param venues        the enabled venues ({@link LiveSettings#enabled})
     * @param registry      the instrument registry (for validation only; the settings carry the instruments)
     * @param out           the ring
     * @param clock         receive stamps and timers
     * @param maxEventBytes largest event the ring takes
     * @param console       where failed connects and resyncs are told to the user
     */
    public LiveSource(
        final List<VenueSettings> venues,
        final InstrumentRegistry registry,
        final EventPublisher out,
        final LiveClock clock,
        final int maxEventBytes,
        final LiveConsole console)
    {
        this.console = new ConsoleQueue(console);
        this.publisher = new LivePublisher(out, clock, maxEventBytes);
        this.timer = daemonExecutor("trader-live-timer");
        this.restThread = daemonExecutor("trader-live-rest");
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
        this.requests = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(QUEUE_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        for (final VenueSettings v : venues)
        {
            for (final dev.trader.engine.Instrument i : v.instruments())
            {
                if (registry.byId(i.id()) == null)
                {
                    throw new IllegalArgumentException("instrument " + i.key() + " is not in the registry");
                }
            }
            connections.add(new VenueConnection(v, http, timer, restThread, publisher, clock, this.console));
        }
    }

    private static ScheduledThreadPoolExecutor daemonExecutor(final String name)
    {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Opens every connection (asynchronously). */
    public synchronized LiveSource start()
    {
        if (started)
        {
            return this;
        }
        started = true;
        drain = timer.scheduleWithFixedDelay(this::drainRequests, DRAIN_PERIOD_MS, DRAIN_PERIOD_MS, TimeUnit.MILLISECONDS);
        for (final VenueConnection c : connections)
        {
            c.start();
        }
        return this;
    }

    /**
     * Engine thread: queue a book status for the timer thread. Lock-free and allocation free; when the queue is full
     * (the timer thread stalled for a long time) the request is dropped and counted: the connection's retry timer
     * still asks again for a book that stays untrusted.
     */
    @Override
    public void onBookStatus(final int instrumentId, final BookState state, final BookStatusReason reason)
    {
        requestScratch.putInt(0, instrumentId, ByteOrder.LITTLE_ENDIAN);
        requestScratch.putShort(4, state.value(), ByteOrder.LITTLE_ENDIAN);
        requestScratch.putShort(6, reason.value(), ByteOrder.LITTLE_ENDIAN);
        if (requests.write(1, requestScratch, 0, REQUEST_BYTES))
        {
            requestsQueued.incrementAndGet();
        }
        else
        {
            requestsDropped.incrementAndGet();
        }
    }

    private void drainRequests()
    {
        try
        {
            requests.read((msgTypeId, buffer, index, length) ->
            {
                final int instrumentId = buffer.getInt(index, ByteOrder.LITTLE_ENDIAN);
                final BookState state = BookState.get(buffer.getShort(index + 4, ByteOrder.LITTLE_ENDIAN));
                final BookStatusReason reason = BookStatusReason.get(buffer.getShort(index + 6, ByteOrder.LITTLE_ENDIAN));
                for (final VenueConnection c : connections)
                {
                    if (c.covers(instrumentId))
                    {
                        requestsRouted.incrementAndGet();
                        c.onBookStatus(instrumentId, state, reason);
                    }
                }
            });
        }
        catch (final Throwable t)
        {
            // never let the periodic task die: a thrown exception would cancel every later run
            System.getLogger(LiveSource.class.getName()).log(System.Logger.Level.WARNING, "resync drain failed", t);
        }
    }

    /**
     * Closes every connection gracefully (each waits up to {@code timeoutMs} for the venue's close reply), then stops
     * publishing: after this returns nothing more reaches the ring. Idempotent.
     */
    public void stop(final long timeoutMs)
    {
        synchronized (this)
        {
            if (stopped)
            {
                return;
            }
            stopped = true;
            if (drain != null)
            {
                drain.cancel(false);
            }
        }
        for (final VenueConnection c : connections)
        {
            c.stop(timeoutMs);
        }
        publisher.close();
        console.close(timeoutMs);
        timer.shutdownNow();
        restThread.shutdownNow();
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try
        {
            timer.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
            restThread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        stop(2_000);
    }

    public List<VenueConnection> connections()
    {
        return List.copyOf(connections);
    }

    public LivePublisher publisher()
    {
        return publisher;
    }

    /** Everything counted, per connection and overall, for summary.json. */
    public Map<String, Object> counters()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        for (final VenueConnection c : connections)
        {
            m.put(c.settings().venue().cliName(), c.counters());
        }
        m.put("publisher", publisher.counters());
        final Map<String, Long> resync = new LinkedHashMap<>();
        resync.put("queued", requestsQueued.get());
        resync.put("routed", requestsRouted.get());
        resync.put("dropped", requestsDropped.get());
        m.put("bookStatusRequests", resync);
        m.put("consoleLinesDropped", console.dropped());
        return m;
    }
}
