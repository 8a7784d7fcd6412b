package dev.trader.engine;

/** The engine's clock: advanced by the pipeline to each event's receive timestamp (and by hand in tests). */
public final class EventClock implements EngineClock
{
    private long nanos;

    @Override
    public long nanos()
    {
        return nanos;
    }

    public void set(final long epochNs)
    {
        this.nanos = epochNs;
    }
}
