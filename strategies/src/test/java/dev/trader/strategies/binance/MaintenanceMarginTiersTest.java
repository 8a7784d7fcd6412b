package dev.trader.strategies.binance;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaintenanceMarginTiersTest
{
    private static final MaintenanceMarginTiers TIERS = MaintenanceMarginTiers.of(List.of(
        new MaintenanceMarginTiers.Tier(0, 50_000, 0.004, 0),
        new MaintenanceMarginTiers.Tier(50_000, 250_000, 0.005, 50)));

    @Test
    void shouldUseTheSeedFallbackRateForEveryNotionalWhenFlat()
    {
        final MaintenanceMarginTiers flat = MaintenanceMarginTiers.flat(MaintenanceMarginTiers.SEED_FALLBACK_RATE);
        assertEquals(0.004, flat.rate(0));
        assertEquals(0.004, flat.rate(550));
        assertEquals(0.004, flat.rate(1e12));
        assertEquals(0.0, flat.tierFor(1e12).amount());
    }

    @Test
    void shouldPickTheBracketWithFloorInclusiveAndCapExclusive()
    {
        assertEquals(0.004, TIERS.rate(49_999.99));
        assertEquals(0.005, TIERS.rate(50_000));
        assertEquals(50.0, TIERS.tierFor(100_000).amount());
    }

    @Test
    void shouldRefuseANotionalBeyondTheLastBracket()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TIERS.rate(250_000));
        assertTrue(ex.getMessage().contains("beyond the last"), ex.getMessage());
    }

    @Test
    void shouldRefuseGapsUnsortedAndImpossibleBrackets()
    {
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMarginTiers.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMarginTiers.of(List.of(
            new MaintenanceMarginTiers.Tier(10, 50_000, 0.004, 0))));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMarginTiers.of(List.of(
            new MaintenanceMarginTiers.Tier(0, 50_000, 0.004, 0),
            new MaintenanceMarginTiers.Tier(60_000, 250_000, 0.005, 50))));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMarginTiers.of(List.of(
            new MaintenanceMarginTiers.Tier(0, 50_000, 1.5, 0))));
        assertThrows(IllegalArgumentException.class, () -> MaintenanceMarginTiers.of(List.of(
            new MaintenanceMarginTiers.Tier(0, 50_000, 0.004, -1))));
    }
}
