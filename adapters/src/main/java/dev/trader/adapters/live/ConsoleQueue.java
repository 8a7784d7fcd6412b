package dev.trader.adapters.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands console lines to one daemon thread, so the connection's threads (which produce them under the connection's
 * lock) never wait on a terminal or a full pipe. Bounded: when {@value #CAPACITY} lines are waiting, further lines
 * are dropped and counted. {@link #close} prints what is queued (bounded wait) and drops anything later.
 */
final class ConsoleQueue implements LiveConsole
{
    static final int CAPACITY = 1024;

    private final LiveConsole target;
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor printer;

    ConsoleQueue(final LiveConsole target)
    {
        this.target = target;
        this.printer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY), r ->
        {
            final Thread t = new Thread(r, "trader-live-console");
            t.setDaemon(true);
            return t;
        }, (task, executor) -> dropped.incrementAndGet());
    }

    @Override
    public void line(final String text)
    {
        printer.execute(() ->
        {
            try
            {
                target.line(text);
            }
            catch (final RuntimeException ex)
            {
                dropped.incrementAndGet();
            }
        });
    }

    /** Prints the lines already queued (waiting up to {@code timeoutMs}); later lines are dropped. */
    void close(final long timeoutMs)
    {
        printer.shutdown();
        try
        {
            printer.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines not printed: queue full, closed, or the target threw. */
    long dropped()
    {
        return dropped.get();
    }
}
