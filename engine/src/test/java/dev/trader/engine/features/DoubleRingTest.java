package dev.trader.engine.features;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ring's O(1) window tests agree with scanning the window. */
class DoubleRingTest
{
    @Test
    void shouldTellCompleteAndConstantWindowsLikeAScan()
    {
        final Random random = new Random(3);
        final DoubleRing ring = new DoubleRing(40);
        final List<Double> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++)
        {
            final int roll = random.nextInt(10);
            final double v = roll == 0 ? Double.NaN : roll < 6 && !all.isEmpty() ? all.get(all.size() - 1) : random.nextInt(3);
            ring.push(v);
            all.add(v);
            for (final int n : new int[]{1, 2, 5, 20, 40})
            {
                boolean full = all.size() >= n;
                boolean constant = full;
                for (int k = 0; full && k < n; k++)
                {
                    final double x = all.get(all.size() - 1 - k);
                    full = !Double.isNaN(x);
                    constant = constant && x == all.get(all.size() - 1);
                    assertEquals(x, ring.get(k), 0.0);
                }
                assertEquals(full, ring.full(n), "full, n " + n + " at " + i);
                assertEquals(full && constant, ring.constant(n), "constant, n " + n + " at " + i);
            }
        }
    }
}
