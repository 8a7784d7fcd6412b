package dev.trader.engine;

import java.time.Duration;

/**
 * How far an exchange timestamp may lie from the time it is judged against (the receive time, or the period of a
 * history file) before {@link MarketSanity} refuses it as CLOCK_SKEW. The {@code sanity:} block of the instrument
 * registry file; see docs/architecture.md "Boundary sanity".
 *
 * @param maxAheadNs  exchange time after the reference: the local clock is behind the venue's (the Binance USD-M
 *                    capture: ~1.3 s); more is a bogus stamp
 * @param maxBehindNs exchange time before the reference: network and venue delay plus a local clock ahead
 */
public record ClockSkew(long maxAheadNs, long maxBehindNs)
{
    /** 10 s ahead (an unsynchronised clock still passes, a year-2100 stamp does not), 1 h behind (a lagging stream). */
    public static final ClockSkew DEFAULT = new ClockSkew(Duration.ofSeconds(10).toNanos(), Duration.ofHours(1).toNanos());

    public ClockSkew
    {
        if (maxAheadNs <= 0 || maxBehindNs <= 0)
        {
            throw new IllegalArgumentException("clock skew limits must be positive: ahead " + maxAheadNs + " ns, behind "
                + maxBehindNs + " ns");
        }
    }
}
