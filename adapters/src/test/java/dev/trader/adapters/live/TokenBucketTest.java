package dev.trader.adapters.live;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest
{
    @Test
    void shouldLetABurstThroughThenSpaceTheRestAtTheRate()
    {
        final ManualClock clock = new ManualClock(0);
        final TokenBucket bucket = new TokenBucket(clock, 5, 5);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(0, bucket.reserve(), "burst token " + i);
        }
        // 5 per second: each further reservation waits 200 ms more than the one before
        for (int i = 1; i <= 20; i++)
        {
            assertEquals(i * 200_000_000L, bucket.reserve(), 1, "queued reservation " + i);
        }
    }

    @Test
    void shouldBoundSubscribeMessagesInAnyWindowByBurstPlusRate()
    {
        final ManualClock clock = new ManualClock(0);
        final TokenBucket bucket = new TokenBucket(clock, 5, 5);
        // 100 messages asked for at once: their send times, as the bucket schedules them
        final long[] sendAtNs = new long[100];
        for (int i = 0; i < sendAtNs.length; i++)
        {
            sendAtNs[i] = bucket.reserve();
        }
        // in every 1 s window, no more than burst + rate messages (Binance: <= 5 incoming messages per second after the burst)
        for (int start = 0; start < sendAtNs.length; start++)
        {
            int inWindow = 0;
            for (final long t : sendAtNs)
            {
                if (t >= sendAtNs[start] && t < sendAtNs[start] + 1_000_000_000L)
                {
                    inWindow++;
                }
            }
            assertTrue(inWindow <= 10, "window from message " + start + " holds " + inWindow);
        }
        // after the burst, steady state is exactly the rate
        int steady = 0;
        for (final long t : sendAtNs)
        {
            if (t >= 5_000_000_000L && t < 6_000_000_000L)
            {
                steady++;
            }
        }
        assertEquals(5, steady);
    }

    @Test
    void shouldRefillWithTimeButNotBeyondTheBurst()
    {
        final ManualClock clock = new ManualClock(0);
        final TokenBucket bucket = new TokenBucket(clock, 2, 3);
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        clock.advanceMillis(500);
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
        clock.advanceMillis(60_000);
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertTrue(bucket.tryAcquire());
        assertFalse(bucket.tryAcquire());
    }
}
