package dev.trader.adapters.live;

import java.util.SplittableRandom;

/**
 * Reconnect delays: capped exponential backoff with "equal jitter" (half the step fixed, half drawn from a seeded
 * {@link SplittableRandom}). The step for attempt {@code n >= 1} is {@code min(max, min * 2^(n-1))}, the delay is
 * uniform in {@code [step/2, step]}; because each step is at most twice the previous one, delays never shrink as the
 * attempts grow, never exceed {@code max}, and a seed gives the same sequence every run.
 *
 * <p>The jitter spreads reconnects of many clients after a venue outage (AWS Architecture Blog, "Exponential Backoff
 * and Jitter", 2015). Not thread-safe: one connection's timer thread owns it.
 */
public final class Backoff
{
    private final long minMs;
    private final long maxMs;
    private final SplittableRandom random;

    public Backoff(final long minMs, final long maxMs, final long seed)
    {
        if (minMs <= 0 || maxMs < minMs)
        {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got min " + minMs + " ms, max " + maxMs + " ms");
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = new SplittableRandom(seed);
    }

    /** The upper bound of the delay for attempt {@code attempt} (1 = first retry). */
    public long stepMs(final int attempt)
    {
        long step = minMs;
        for (int a = 1; a < attempt; a++)
        {
            if (step >= maxMs - step)
            {
                return maxMs;
            }
            step += step;
        }
        return Math.min(step, maxMs);
    }

    /** The delay before attempt {@code attempt} (1 = first retry), drawing one value from the seeded generator. */
    public long delayMs(final int attempt)
    {
        final long step = stepMs(attempt);
        final long half = step / 2;
        return half + random.nextLong(step - half + 1);
    }

    public long minMs()
    {
        return minMs;
    }

    public long maxMs()
    {
        return maxMs;
    }
}
