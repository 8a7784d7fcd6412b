package dev.trader.engine.risk;

import dev.trader.engine.exec.CostModel;
import dev.trader.engine.exec.CostSettings;
import dev.trader.engine.trading.FeeSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CostModel} golden values (seed 004 section 4), computed by hand in the comments. */
class CostModelTest
{
    private static final long MINUTE = 60_000_000_000L;
    private static final double EPS = 1e-9;

    @Test
    void shouldChargeEveryDefaultTermWithoutBookOrVolume()
    {
        final CostModel m = new CostModel(CostSettings.defaults());
        // spread 1.0 / 2 = 0.5; impact sqrt(1) x 5 = 5 (no volume: participation 1); fees 2 x 0.00045 x 1e4 = 9;
        // funding 1.0 x 1 h / 8 h = 0.125; latency 0 / 10 x 0.1 = 0   => 14.625 bps
        assertEquals(0.5, m.spreadBps(null), EPS);
        assertEquals(5.0, m.impactBps(1, 1000), EPS);
        assertEquals(9.0, m.feeBps(), EPS);
        assertEquals(0.125, m.fundingBps(), EPS);
        assertEquals(0.0, m.latencyBps(), EPS);
        assertEquals(14.625, m.roundTripBps(1, 1000, null), EPS);
    }

    /**
     * Found by the plan fuzzer (FuzzReproducersTest, three real USD-M trades in minutes m, m+2, m+3): bar repair fills
     * the quiet minute with a volume-0 bar, and the volume map's missing value was 0, so Agrona refused the put and the
     * risk stage threw. A zero-volume bar must mean "no volume known": participation 1, the full impact.
     */
    @Test
    void shouldTakeAZeroVolumeBarAsNoVolumeKnown()
    {
        final CostModel m = new CostModel(CostSettings.defaults());
        m.onBar(1, MINUTE, 100_000);
        assertEquals(0.01, m.participation(1, 1000), EPS);
        m.onBar(1, MINUTE, 0);
        assertEquals(1.0, m.participation(1, 1000), EPS);
        assertEquals(5.0, m.impactBps(1, 1000), EPS);
        m.onBar(1, MINUTE, 400_000);
        assertEquals(0.0025, m.participation(1, 1000), EPS);
    }

    @Test
    void shouldTakeImpactFromTheLastParticipationWindowBar()
    {
        final CostModel m = new CostModel(CostSettings.defaults());
        m.onBar(1, MINUTE, 100_000);
        m.onBar(1, 5 * MINUTE, 10); // another interval: ignored
        // participation 1000 / 100000 = 0.01, sqrt = 0.1, x 5 = 0.5 bps; total 0.5 + 0.5 + 9 + 0.125 = 10.125
        assertEquals(0.01, m.participation(1, 1000), EPS);
        assertEquals(0.5, m.impactBps(1, 1000), EPS);
        assertEquals(10.125, m.roundTripBps(1, 1000, null), EPS);
        // an order larger than the bar: participation capped at 1 -> 5 bps
        assertEquals(5.0, m.impactBps(1, 500_000), EPS);
        // another instrument has no volume yet: participation 1
        assertEquals(1.0, m.participation(2, 1), EPS);
    }

    @Test
    void shouldApplyLatencyFundingAndFeeSettings()
    {
        final CostModel m = new CostModel(CostSettings.defaults().latencyMs(50).fundingBpsPer8h(2.0)
            .expectedHold(Duration.ofHours(8)).takerFee(0.0005).assumedSpreadBps(4.0).impactBps(0));
        // spread 4 / 2 = 2; impact 0; fees 2 x 0.0005 x 1e4 = 10; funding 2 x 8 / 8 = 2; latency 50 / 10 x 0.1 = 0.5
        assertEquals(14.5, m.roundTripBps(1, 1, null), EPS);
        assertEquals(new FeeSchedule(0.0005, 0.00018), m.fees());
    }

    @Test
    void shouldRejectWhenEdgeMinusCostIsBelowTheSafetyMargin()
    {
        final CostModel m = new CostModel(CostSettings.defaults());
        assertTrue(m.passes(17.625, 14.625));  // 17.625 - 14.625 = 3.0 >= 3.0
        assertFalse(m.passes(17.6, 14.625));   // 2.975 < 3.0
        assertTrue(m.passes(Double.NaN, 14.625)); // unknown edge passes
        assertTrue(new CostModel(CostSettings.defaults().enabled(false)).passes(0.0, 14.625));
    }

    @Test
    void shouldNameTheKeyOfAnInvalidValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> CostSettings.from(RiskHarness.config("costs:\n  impactBps: -1\n")));
        assertTrue(ex.getMessage().contains("costs.impactBps: must be >= 0, got -1.0"), ex.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> CostSettings.from(RiskHarness.config("costs:\n  takerfee: 0.1\n")));
        assertTrue(unknown.getMessage().contains("unknown key 'takerfee'"), unknown.getMessage());
        final CostSettings s = CostSettings.from(RiskHarness.config("costs:\n  takerFee: 0.0004\n  expectedHold: 2h\n"));
        assertEquals(0.0004, s.takerFee(), EPS);
        assertEquals(Duration.ofHours(2), s.expectedHold());
        assertEquals(0.00018, s.fees().maker(), EPS);
    }
}
