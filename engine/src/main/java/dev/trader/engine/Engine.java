package dev.trader.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.DirectBuffer;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The Disruptor ring in front of the {@link Pipeline}. Producers (venue I/O threads live, the journal reader in
 * replay) copy encoded events into preallocated slots; one engine thread takes them in sequence and runs the
 * pipeline. The pipeline's output cannot depend on which thread published: it sees one totally ordered sequence.
 *
 * <p>The pipeline contains a stage that throws (an INTERNAL_ERROR InputReject, the run goes on). What still reaches
 * the ring's exception handler means the engine cannot go on (a journal append failed, an {@link Error}): the engine
 * records the failure, stops, tells the {@link #onFailure failure listener} (a live process must exit, not run on
 * journaling nothing), and {@link #awaitEndOfStream(long, TimeUnit)} and every later publish rethrow it.
 */
public final class Engine implements AutoCloseable
{
    private final Disruptor<RingEvent> disruptor;
    private final RingBuffer<RingEvent> ring;
    private final Pipeline pipeline;
    private final int slotBytes;
    private final boolean multiProducer;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile Consumer<Throwable> failureListener;
    private final AtomicBoolean failureNotified = new AtomicBoolean();
    private boolean started;

    public Engine(final EngineSettings settings, final Pipeline pipeline, final boolean multiProducer)
    {
        this.pipeline = pipeline;
        this.slotBytes = settings.slotBytes();
        this.multiProducer = multiProducer;
        final ThreadFactory threads = r ->
        {
            final Thread t = new Thread(r, "trader-engine");
            t.setDaemon(true);
            // the failure that ends the thread is recorded and reported by the engine's owner, not dumped on stderr
            t.setUncaughtExceptionHandler((thread, ex) ->
            {
                if (failure == null)
                {
                    failure = ex;
                    ex.printStackTrace();
                }
            });
            return t;
        };
        this.disruptor = new Disruptor<>(
            () -> new RingEvent(settings.slotBytes()),
            settings.ringSize(),
            threads,
            multiProducer ? ProducerType.MULTI : ProducerType.SINGLE,
            settings.waitStrategy().create());
        final EventHandler<RingEvent> handler = (event, sequence, endOfBatch) ->
        {
            if (event.kind == RingEvent.END_OF_STREAM)
            {
                pipeline.onEndOfStream();
                ended.countDown();
            }
            else
            {
                pipeline.onInput(event.buffer, 0, event.length, event.ingressNanos);
            }
        };
        disruptor.handleEventsWith(handler);
        disruptor.setDefaultExceptionHandler(new ExceptionHandler<>()
        {
            @Override
            public void handleEventException(final Throwable ex, final long sequence, final RingEvent event)
            {
                fail(ex);
                // rethrown: the engine thread ends here, nothing after this event is processed
                throw new IllegalStateException("engine stopped at sequence " + sequence + ": " + ex, ex);
            }

            @Override
            public void handleOnStartException(final Throwable ex)
            {
                fail(ex);
            }

            @Override
            public void handleOnShutdownException(final Throwable ex)
            {
                failure = ex;
            }
        });
        this.ring = disruptor.getRingBuffer();
    }

    private void fail(final Throwable ex)
    {
        failure = ex;
        notifyFailure();
        ended.countDown();
    }

    private void notifyFailure()
    {
        final Consumer<Throwable> listener = failureListener;
        final Throwable f = failure;
        if (listener != null && f != null && failureNotified.compareAndSet(false, true))
        {
            try
            {
                listener.accept(f);
            }
            catch (final RuntimeException ignored)
            {
                // the listener's problem must not hide the engine's failure, which stays recorded
            }
        }
    }

    /**
     * Calls {@code listener} once, on the engine thread, when the engine stops on a failure it cannot contain; at once
     * when it already has. The listener must not block.
     */
    public void onFailure(final Consumer<Throwable> listener)
    {
        this.failureListener = listener;
        notifyFailure();
    }

    /** The failure that stopped the engine, or null while it runs (or after a clean end). */
    public Throwable failure()
    {
        return failure;
    }

    public Engine start()
    {
        disruptor.start();
        started = true;
        return this;
    }

    /** Largest event a slot can carry; producers reject larger input at their boundary. */
    public int maxEventLength()
    {
        return slotBytes;
    }

    /** Publishes a copy of one encoded event, stamped with the current {@link System#nanoTime()} as ingress. */
    public void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        publish(buffer, offset, length, System.nanoTime());
    }

    /**
     * Publishes a copy of one encoded event. Blocks while the ring is full (back-pressure: nothing is dropped).
     *
     * @param ingressNanos {@link System#nanoTime()} at which the event entered the process (latency only)
     * @throws IllegalStateException when the engine has failed (with the failure as cause), also while waiting
     */
    public void publish(final DirectBuffer buffer, final int offset, final int length, final long ingressNanos)
    {
        if (length > slotBytes)
        {
            throw new IllegalArgumentException("event of " + length + " bytes exceeds slotBytes " + slotBytes);
        }
        final long seq = nextSlot();
        try
        {
            ring.get(seq).set(buffer, offset, length, ingressNanos);
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /**
     * Marks the end of the input; the pipeline flushes once everything before it is processed.
     *
     * @throws IllegalStateException when the engine has failed (with the failure as cause), also while waiting
     */
    public void publishEndOfStream()
    {
        final long seq = nextSlot();
        try
        {
            final RingEvent e = ring.get(seq);
            e.kind = RingEvent.END_OF_STREAM;
            e.length = 0;
            e.ingressNanos = System.nanoTime();
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /**
     * Claims the next slot, waiting while the ring is full (back-pressure) but never past the engine's death. A single
     * producer checks capacity first (no exception on the always-full replay path); several producers must claim
     * atomically, so they use tryNext, whose full-ring exception is a stackless singleton.
     */
    private long nextSlot()
    {
        while (true)
        {
            checkAlive();
            if (!multiProducer)
            {
                if (ring.hasAvailableCapacity(1))
                {
                    return ring.next();
                }
            }
            else
            {
                try
                {
                    return ring.tryNext();
                }
                catch (final InsufficientCapacityException ex)
                {
                    // full: wait below
                }
            }
            LockSupport.parkNanos(1L);
        }
    }

    /**
     * Waits until the end-of-stream marker has been processed.
     *
     * @throws IllegalStateException when a stage failed (with the failure as cause) or on timeout
     */
    public void awaitEndOfStream(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!ended.await(timeout, unit))
        {
            throw new IllegalStateException("engine did not reach end of stream within " + timeout + " " + unit);
        }
        checkAlive();
    }

    private void checkAlive()
    {
        final Throwable f = failure;
        if (f != null)
        {
            throw new IllegalStateException("engine failed: " + f, f);
        }
    }

    public Pipeline pipeline()
    {
        return pipeline;
    }

    /** Cursor of the ring (published sequence), for tests and benchmarks. */
    public long publishedSequence()
    {
        return ring.getCursor();
    }

    /**
     * Highest sequence the engine thread has fully processed (the consumer's Disruptor sequence, a volatile read;
     * allocation free), for tests and benchmarks: everything published up to {@link #publishedSequence()} has been
     * through the pipeline once this reaches it.
     */
    public long processedSequence()
    {
        return ring.getMinimumGatingSequence();
    }

    @Override
    public void close()
    {
        if (started)
        {
            started = false;
            disruptor.halt();
        }
    }
}
