package dev.trader.adapters.live;

/** A clock moved by hand. */
final class ManualClock implements LiveClock
{
    private long nanos;

    ManualClock(final long startNanos)
    {
        this.nanos = startNanos;
    }

    @Override
    public synchronized long epochNanos()
    {
        return nanos;
    }

    @Override
    public synchronized long monotonicNanos()
    {
        return nanos;
    }

    synchronized void advanceMillis(final long ms)
    {
        nanos += ms * 1_000_000L;
    }
}
