package dev.trader.engine;

/** Ring and pipeline sizing (the {@code engine:} section of a config). */
public final class EngineSettings
{
    private final int ringSize;
    private final int slotBytes;
    private final int arenaBytes;
    private final WaitStrategyName waitStrategy;
    private final boolean timeStages;

    public EngineSettings(
        final int ringSize,
        final int slotBytes,
        final int arenaBytes,
        final WaitStrategyName waitStrategy,
        final boolean timeStages)
    {
        if (ringSize <= 0 || Integer.bitCount(ringSize) != 1)
        {
            throw new IllegalArgumentException("engine.ringSize: must be a power of two, got " + ringSize);
        }
        if (slotBytes < 256)
        {
            throw new IllegalArgumentException("engine.slotBytes: must be at least 256, got " + slotBytes);
        }
        if (arenaBytes < slotBytes)
        {
            throw new IllegalArgumentException("engine.arenaBytes: must be at least slotBytes (" + slotBytes + "), got " + arenaBytes);
        }
        this.ringSize = ringSize;
        this.slotBytes = slotBytes;
        this.arenaBytes = arenaBytes;
        this.waitStrategy = waitStrategy;
        this.timeStages = timeStages;
    }

    public static EngineSettings defaults()
    {
        return new EngineSettings(1024, 64 * 1024, 4 * 1024 * 1024, WaitStrategyName.YIELDING, true);
    }

    public int ringSize()
    {
        return ringSize;
    }

    /** Largest event one ring slot holds (a 1,000-level depth snapshot is about 32 KiB). */
    public int slotBytes()
    {
        return slotBytes;
    }

    public int arenaBytes()
    {
        return arenaBytes;
    }

    public WaitStrategyName waitStrategy()
    {
        return waitStrategy;
    }

    public boolean timeStages()
    {
        return timeStages;
    }
}
