package dev.trader.adapters.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest
{
    private static List<Long> delays(final long seed, final int attempts)
    {
        final Backoff b = new Backoff(100, 30_000, seed);
        final List<Long> result = new ArrayList<>();
        for (int a = 1; a <= attempts; a++)
        {
            result.add(b.delayMs(a));
        }
        return result;
    }

    @Test
    void shouldGiveTheSameDelaysForTheSameSeed()
    {
        assertEquals(delays(42, 40), delays(42, 40));
        assertNotEquals(delays(42, 40), delays(43, 40));
    }

    @Test
    void shouldGrowUntilTheCapThenStayWithinTheCappedJitter()
    {
        final Backoff steps = new Backoff(100, 30_000, 0);
        for (long seed = 0; seed < 200; seed++)
        {
            final List<Long> d = delays(seed, 64);
            for (int i = 0; i < d.size(); i++)
            {
                final int attempt = i + 1;
                assertTrue(d.get(i) <= 30_000, "capped: " + d);
                assertTrue(d.get(i) >= 50, "at least half the first step: " + d);
                if (steps.stepMs(attempt) < 30_000)
                {
                    // below the cap each delay is at least the previous step, so at least the previous delay
                    assertTrue(attempt == 1 || d.get(i) >= d.get(i - 1), "growing at attempt " + attempt + ": " + d);
                    assertTrue(attempt == 1 || d.get(i) >= steps.stepMs(attempt - 1), "above the previous step: " + d);
                }
                else
                {
                    assertTrue(d.get(i) >= 15_000, "capped jitter stays in [max/2, max]: " + d);
                }
            }
        }
    }

    @Test
    void shouldDoubleTheStepUntilTheCap()
    {
        final Backoff b = new Backoff(100, 1_000, 1);
        assertEquals(100, b.stepMs(1));
        assertEquals(200, b.stepMs(2));
        assertEquals(400, b.stepMs(3));
        assertEquals(800, b.stepMs(4));
        assertEquals(1_000, b.stepMs(5));
        assertEquals(1_000, b.stepMs(1_000_000));
        for (int a = 1; a < 10; a++)
        {
            final long d = b.delayMs(a);
            assertTrue(d >= b.stepMs(a) / 2 && d <= b.stepMs(a), "attempt " + a + " delay " + d);
        }
    }

    @Test
    void shouldRefuseABadRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 10, 1));
    }
}
