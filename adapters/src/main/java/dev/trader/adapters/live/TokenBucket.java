package dev.trader.adapters.live;

/**
 * A token bucket for venue rate limits (subscribe messages, connection attempts, REST snapshots): {@code burst}
 * tokens at most, refilled at {@code perSecond}. {@link #reserve()} always takes a token and returns how long the
 * caller must wait before using it, so queued work is spread at the permitted rate instead of being dropped. For
 * example Binance USD-M closes a connection that sends more than its limit of incoming messages per second (10 in
 * the current documentation, 5 on spot); the default keeps to 5.
 *
 * <p>Thread-safe; time comes from the injected {@link LiveClock}.
 */
public final class TokenBucket
{
    private final LiveClock clock;
    private final double perSecond;
    private final double burst;
    private final double nanosPerToken;
    private double tokens;
    private long lastRefillNs;

    public TokenBucket(final LiveClock clock, final double perSecond, final int burst)
    {
        if (!(perSecond > 0) || burst < 1)
        {
            throw new IllegalArgumentException("rate limit needs perSecond > 0 and burst >= 1, got " + perSecond + "/s burst " + burst);
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanosPerToken = 1e9 / perSecond;
        this.tokens = burst;
        this.lastRefillNs = clock.monotonicNanos();
    }

    /**
     * Takes one token, borrowing against the future when the bucket is empty.
     *
     * @return nanoseconds to wait before the action the token pays for; 0 when it may happen now
     */
    public synchronized long reserve()
    {
        refill();
        tokens -= 1.0;
        if (tokens >= 0)
        {
            return 0;
        }
        return (long)Math.ceil(-tokens * nanosPerToken);
    }

    /** Takes a token only if one is available now. */
    public synchronized boolean tryAcquire()
    {
        refill();
        if (tokens >= 1.0)
        {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    private void refill()
    {
        final long now = clock.monotonicNanos();
        final long elapsed = now - lastRefillNs;
        if (elapsed > 0)
        {
            tokens = Math.min(burst, tokens + elapsed / nanosPerToken);
            lastRefillNs = now;
        }
    }

    public double perSecond()
    {
        return perSecond;
    }

    public int burst()
    {
        return (int)burst;
    }
}
