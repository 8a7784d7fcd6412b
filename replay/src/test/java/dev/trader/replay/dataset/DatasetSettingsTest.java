package dev.trader.replay.dataset;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayFixtures;
import dev.trader.strategies.binance.BinanceLongLabelSettings;
import dev.trader.strategies.binance.TradingFees;
import dev.trader.strategies.labels.SameBarPolicy;
import dev.trader.strategies.labels.TripleBarrierSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code dataset:} and {@code labels:} sections: seed 000 defaults, strict keys, tiers. */
class DatasetSettingsTest
{
    @TempDir
    Path tmp;

    private TraderConfig config(final String yaml) throws IOException
    {
        final Path file = tmp.resolve("dataset.yaml");
        Files.writeString(file, yaml);
        return TraderConfig.load(file);
    }

    @Test
    void shouldShipSeed000DefaultsInTheDatasetConfig()
    {
        final DatasetSettings s = DatasetSettings.from(
            TraderConfig.load(ReplayFixtures.rootDir().resolve("configs").resolve("dataset-binance-long.yaml")));
        final BinanceLongLabelSettings b = s.binanceLong();
        assertEquals(60_000_000_000L, s.intervalNs());
        assertEquals(10.0, b.riskUsdt());
        assertEquals(55.0, b.leverage());
        assertEquals(new TradingFees(0.00045, 0.00018), b.fees());
        assertEquals(15.0, b.targetPnlUsdt());
        assertTrue(b.takerBothSides());
        assertEquals(BinanceLongLabelSettings.EntryPrice.NEXT_CLOSE, b.entryPrice());
        assertEquals(SameBarPolicy.LOSS, b.resolveSameBar());
        assertEquals(0L, b.verticalNs());
        assertEquals(BinanceLongLabelSettings.Unresolved.LOSS, b.unresolved());
        assertEquals(0.004, b.tiers().rate(550.0));
        assertEquals(1, b.tiers().tiers().size());
        assertEquals(0.0, b.tiers().tiers().get(0).amount());
        assertEquals(TripleBarrierSettings.defaults(), s.tripleBarrier());
    }

    @Test
    void shouldUseSeedDefaultsWhenTheSectionsAreAbsent() throws IOException
    {
        final DatasetSettings s = DatasetSettings.from(config("bars: { intervals: [1m] }\n"));
        final BinanceLongLabelSettings d = BinanceLongLabelSettings.seedDefaults();
        assertEquals(d.riskUsdt(), s.binanceLong().riskUsdt());
        assertEquals(d.fees(), s.binanceLong().fees());
        assertEquals(d.tiers().tiers(), s.binanceLong().tiers().tiers());
    }

    @Test
    void shouldRefuseAnUnknownLabelKeyNamingItsPath() throws IOException
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DatasetSettings.from(config("labels:\n  binanceLong:\n    riskUSDT: 10\n")));
        assertTrue(ex.getMessage().contains("labels.binanceLong: unknown key 'riskUSDT'"), ex.getMessage());

        final IllegalArgumentException section = assertThrows(IllegalArgumentException.class,
            () -> DatasetSettings.from(config("labels:\n  binance_long: {}\n")));
        assertTrue(section.getMessage().contains("labels: unknown key 'binance_long'"), section.getMessage());

        final IllegalArgumentException policy = assertThrows(IllegalArgumentException.class,
            () -> DatasetSettings.from(config("labels:\n  binanceLong: { resolveSameBar: first }\n")));
        assertTrue(policy.getMessage().contains("labels.binanceLong") && policy.getMessage().contains("loss, tp or skip"),
            policy.getMessage());
    }

    @Test
    void shouldReadAMaintenanceMarginTierTable() throws IOException
    {
        final DatasetSettings s = DatasetSettings.from(config(String.join("\n",
            "labels:",
            "  binanceLong:",
            "    maintenanceMarginTiers:",
            "      - { notionalFloor: 0, notionalCap: 50000, rate: 0.004, amount: 0 }",
            "      - { notionalFloor: 50000, notionalCap: inf, rate: 0.005, amount: 50 }",
            "")));
        assertEquals(0.004, s.binanceLong().tiers().rate(550));
        assertEquals(0.005, s.binanceLong().tiers().rate(1e9));
        assertEquals(50.0, s.binanceLong().tiers().tierFor(1e9).amount());
    }

    @Test
    void shouldRefuseBadTierTables() throws IOException
    {
        final IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> DatasetSettings.from(config(
            "labels:\n  binanceLong:\n    maintenanceMarginRate: 0.004\n    maintenanceMarginTiers:\n"
                + "      - { notionalFloor: 0, notionalCap: inf, rate: 0.004 }\n")));
        assertTrue(both.getMessage().contains("not both"), both.getMessage());

        final IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> DatasetSettings.from(config(
            "labels:\n  binanceLong:\n    maintenanceMarginTiers:\n"
                + "      - { notionalFloor: 0, notionalCap: 100, rate: 0.004 }\n"
                + "      - { notionalFloor: 200, notionalCap: 300, rate: 0.005 }\n")));
        assertTrue(gap.getMessage().contains("contiguous"), gap.getMessage());

        final IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> DatasetSettings.from(config(
            "labels:\n  binanceLong:\n    maintenanceMarginTiers:\n"
                + "      - { notionalFloor: 0, notionalCap: 100, mmr: 0.004 }\n")));
        assertTrue(key.getMessage().contains("maintenanceMarginTiers[0]: unknown key 'mmr'"), key.getMessage());
    }

    @Test
    void shouldReadAVerticalBarrierOrNone() throws IOException
    {
        assertEquals(0L, DatasetSettings.from(config("labels:\n  binanceLong: { vertical: null }\n")).binanceLong().verticalNs());
        assertEquals(4 * 3_600_000_000_000L,
            DatasetSettings.from(config("labels:\n  binanceLong: { vertical: 4h }\n")).binanceLong().verticalNs());
    }

    @Test
    void shouldRefuseADatasetIntervalTheBarsDoNotBuild() throws IOException
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> DatasetSettings.from(config("bars: { intervals: [1s] }\ndataset: { interval: 1m }\n")));
        assertTrue(ex.getMessage().contains("dataset.interval: 1m"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSettings.from(config("dataset: { every: 1m }\n")));
    }
}
