package dev.trader.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.Locale;

/**
 * The engine thread's wait strategy, chosen in config. Busy-spinning threads outnumbering cores wrecks latency on
 * small machines, so the defaults yield or block; choose busy-spin only with a dedicated core.
 */
public enum WaitStrategyName
{
    BLOCKING,
    SLEEPING,
    YIELDING,
    BUSY_SPIN;

    public WaitStrategy create()
    {
        switch (this)
        {
            case BLOCKING: return new BlockingWaitStrategy();
            case SLEEPING: return new SleepingWaitStrategy();
            case YIELDING: return new YieldingWaitStrategy();
            case BUSY_SPIN: return new BusySpinWaitStrategy();
            default: throw new IllegalStateException(name());
        }
    }

    public static WaitStrategyName parse(final String text)
    {
        final String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (final WaitStrategyName n : values())
        {
            if (n.name().equals(wanted))
            {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + text + "'; known: blocking, sleeping, yielding, busy-spin");
    }

    public String configName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
