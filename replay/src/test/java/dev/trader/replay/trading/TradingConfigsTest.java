package dev.trader.replay.trading;

import dev.trader.engine.EventClock;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.testing.RepoPaths;
import dev.trader.replay.RunStages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped strategy configs build the whole trading plan (their keys are all known and valid, their bar intervals
 * are built), in the documented stage order; a trading section without strategies is refused by name.
 */
class TradingConfigsTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldBuildTheMomentumShortConfigInTheDocumentedOrder() throws Exception
    {
        final Path hazard = tmp.resolve("probs.csv");
        Files.writeString(hazard, "timestamp,prob\n1723161240000,0.9\n");
        final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve("momentum-short.yaml"))
            .with("hazard", "file", hazard.toString());

        final List<String> names = names(RunStages.build(config, config.instruments(), new EventClock()));

        assertEquals(List.of("parse", "book", "bars", "hazard-gate", "risk-pre", "strategy", "risk", "execution", "accounting"),
            names);
    }

    @Test
    void shouldBuildTheDemoConfigWithItsTradingStages() throws Exception
    {
        final Path hazard = tmp.resolve("probs.csv");
        Files.writeString(hazard, "timestamp,prob\n1704067200000,0.9\n");
        final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve("demo.yaml"))
            .with("hazard", "file", hazard.toString());

        final List<String> names = names(RunStages.build(config, config.instruments(), new EventClock()));

        assertTrue(names.containsAll(List.of("risk-pre", "strategy", "risk", "execution", "accounting")), names.toString());
        assertTrue(names.indexOf("risk-pre") < names.indexOf("strategy") && names.indexOf("strategy") < names.indexOf("risk")
            && names.indexOf("risk") < names.indexOf("execution") && names.indexOf("execution") < names.indexOf("accounting"), names.toString());
    }

    @Test
    void shouldRefuseATradingSectionWithoutStrategies() throws Exception
    {
        final Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "instruments: " + RepoPaths.instrumentsFile() + "\nbars: { intervals: [1m] }\nrisk: { maxOpenPositions: 2 }\n");
        final TraderConfig config = TraderConfig.load(file);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RunStages.build(config, config.instruments(), new EventClock()));

        assertTrue(ex.getMessage().contains("risk") && ex.getMessage().contains("strategies"), ex.getMessage());
    }

    @Test
    void shouldRefuseAStrategyWhoseBarsAreNotBuilt() throws Exception
    {
        final Path file = tmp.resolve("c.yaml");
        Files.writeString(file, "instruments: " + RepoPaths.instrumentsFile() + "\nbars: { intervals: [1m] }\n"
            + "strategies:\n  - { type: momentum_short, id: 1, instrument: \"binance-usdm:BTCUSDT\", requireHazard: false }\n"
            + "risk: { barInterval: 1m }\npaper: { barInterval: 1m }\n");
        final TraderConfig config = TraderConfig.load(file);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RunStages.build(config, config.instruments(), new EventClock()));

        assertTrue(ex.getMessage().contains("strategies[].barInterval: 5s"), ex.getMessage());
    }

    /** Dataset export and book queries build the plan without its trading stages: nothing trades there. */
    @Test
    void shouldLeaveTheTradingStagesOutOfTheAnalyticsPlan() throws Exception
    {
        final Path hazard = tmp.resolve("probs.csv");
        Files.writeString(hazard, "timestamp,prob\n1723161240000,0.9\n");
        final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve("momentum-short.yaml"))
            .with("hazard", "file", hazard.toString());

        final List<String> names = names(RunStages.analytics(config, config.instruments(), new EventClock()));

        assertEquals(List.of("parse", "book", "bars", "hazard-gate"), names);
    }

    private static List<String> names(final List<Stage> stages)
    {
        return stages.stream().map(Stage::name).toList();
    }
}
