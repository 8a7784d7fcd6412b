package dev.trader.engine.features;

import dev.trader.engine.EventClock;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code features:} section and where the stage plan puts the feature stage. */
class FeatureSettingsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldBuildBarsThenFeaturesFromTheShippedConfigs()
    {
        for (final String name : List.of("demo.yaml", "replay.yaml"))
        {
            // the demo's hazard file is written by `trader demo`: the gate is not what this test is about
            final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve(name)).with("hazard", "enabled", false);
            final List<Stage> stages = StagePlan.build(config, config.instruments(), new EventClock());
            final List<String> names = stages.stream().map(Stage::name).toList();
            assertEquals(List.of("book", "bars", "features"), names.subList(0, 3), name + ": " + names);
            assertTrue(stages.get(1) instanceof BarStage);
            assertTrue(stages.get(2) instanceof FeatureStage);
            assertEquals(FeatureCatalog.LEAN_V1, FeatureSettings.from(config).set());
        }
    }

    @Test
    void shouldReadTheSectionAndLeaveFeaturesOffWithoutIt() throws IOException
    {
        assertFalse(FeatureSettings.from(load("bars: { source: auto }\n")).enabled());
        assertTrue(FeatureSettings.from(load("features: { set: lean_v1 }\n")).enabled());
        assertFalse(FeatureSettings.from(load("features: { enabled: false }\n")).enabled());
        final List<Stage> stages = StagePlan.build(load("book: { enabled: false }\n"), registry(), new EventClock());
        assertEquals(List.of("bars"), stages.stream().map(Stage::name).toList());
    }

    @Test
    void shouldRefuseAnUnknownSetOrKeyOrMissingBarIntervals() throws IOException
    {
        assertMessage(() -> FeatureSettings.from(load("features: { set: fat_v9 }\n")), "features.set", "fat_v9", "lean_v1");
        assertMessage(() -> FeatureSettings.from(load("features: { sets: lean_v1 }\n")), "features", "unknown key 'sets'");
        assertMessage(() -> StagePlan.build(load("bars: { intervals: [1s, 1m] }\nfeatures: { enabled: true }\n"), registry(),
            new EventClock()), "features.lean_v1", "5m");
        assertMessage(() -> StagePlan.build(load("bars: { enabled: false }\nfeatures: { enabled: true }\n"), registry(),
            new EventClock()), "bars.enabled");
        assertMessage(() -> load("featurez: { enabled: true }\n"), "unknown section 'featurez'");
    }

    private TraderConfig load(final String yaml) throws IOException
    {
        return TraderConfig.load(Files.writeString(dir.resolve("config.yaml"), yaml));
    }

    private static InstrumentRegistry registry()
    {
        return InstrumentRegistry.load(RepoPaths.instrumentsFile());
    }

    private static void assertMessage(final org.junit.jupiter.api.function.Executable action, final String... fragments)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action);
        for (final String fragment : fragments)
        {
            assertTrue(ex.getMessage().contains(fragment), "'" + fragment + "' missing from: " + ex.getMessage());
        }
    }
}
