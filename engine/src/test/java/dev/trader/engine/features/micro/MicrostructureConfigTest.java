package dev.trader.engine.features.micro;

import dev.trader.engine.EventClock;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.sampling.CusumSampler;
import dev.trader.engine.sampling.CusumSettings;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code microstructure:} and {@code cusum:} sections and where StagePlan puts the two stages. */
class MicrostructureConfigTest
{
    @TempDir
    Path dir;

    private TraderConfig config(final String body) throws IOException
    {
        Files.writeString(dir.resolve("instruments.yaml"), "instruments:\n"
            + "  - { id: 1, venue: binance-usdm, symbol: BTCUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -2, qtyExponent: -3 }\n");
        final Path file = dir.resolve("config.yaml");
        Files.writeString(file, "instruments: instruments.yaml\n" + body);
        return TraderConfig.load(file);
    }

    private static List<String> names(final TraderConfig config)
    {
        return StagePlan.build(config, config.instruments(), new EventClock()).stream().map(Stage::name).collect(Collectors.toList());
    }

    @Test
    void shouldBuildNeitherStageWhenTheSectionsAreAbsent() throws IOException
    {
        final TraderConfig config = config("");
        assertFalse(MicrostructureSettings.from(config).enabled());
        assertFalse(CusumSettings.from(config).enabled());
        assertEquals(List.of("book", "bars"), names(config));
    }

    @Test
    void shouldPlaceMicrostructureThenCusumAfterTheBars() throws IOException
    {
        final TraderConfig config = config("microstructure: { kyleWindow: 10m, ofiWindows: [1m, 2m] }\n"
            + "cusum: { enabled: true, threshold: 0.002, volatilityWindow: 20 }\n");
        final List<Stage> stages = StagePlan.build(config, config.instruments(), new EventClock());

        assertEquals(List.of("book", "bars", "microstructure", "cusum"), names(config));
        final MicrostructureStage micro = assertInstanceOf(MicrostructureStage.class, stages.get(2));
        assertInstanceOf(CusumSampler.class, stages.get(3));
        assertTrue(micro.catalog().names().containsAll(List.of("ofi_l1_1m", "ofi_l1_2m", "kyle_lambda_10m")));
        final CusumSettings cusum = CusumSettings.from(config);
        assertEquals(0.002, cusum.threshold());
        assertEquals(20, cusum.volatilityWindow());
        assertEquals(Duration.ofMinutes(1), cusum.interval());
    }

    @Test
    void shouldRefuseAnIntervalTheBarStageDoesNotBuild() throws IOException
    {
        final TraderConfig config = config("bars: { intervals: [1s, 1m] }\nmicrostructure: { interval: 5m, ofiWindows: [5m], "
            + "bookWindows: [5m], kyleWindow: 1h }\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> MicrostructureSettings.from(config));
        assertTrue(ex.getMessage().contains("microstructure.interval: 5m"), ex.getMessage());

        final TraderConfig cusum = config("bars: { intervals: [1s, 1m] }\ncusum: { enabled: true, interval: 5m }\n");
        final IllegalArgumentException cx = assertThrows(IllegalArgumentException.class, () -> CusumSettings.from(cusum));
        assertTrue(cx.getMessage().contains("cusum.interval: 5m"), cx.getMessage());
    }

    @Test
    void shouldRefuseMicrostructureWithoutTheBook() throws IOException
    {
        final TraderConfig config = config("book: { enabled: false }\nmicrostructure: { enabled: true }\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> MicrostructureSettings.from(config));
        assertTrue(ex.getMessage().contains("book.enabled"), ex.getMessage());
    }

    @Test
    void shouldRefuseUnknownKeysNamingThem() throws IOException
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> MicrostructureSettings.from(config("microstructure: { ofiWindow: [1m] }\n")));
        assertTrue(ex.getMessage().contains("unknown key 'ofiWindow'"), ex.getMessage());
        final IllegalArgumentException cx = assertThrows(IllegalArgumentException.class,
            () -> CusumSettings.from(config("cusum: { h: 0.1 }\n")));
        assertTrue(cx.getMessage().contains("unknown key 'h'"), cx.getMessage());
    }

    @Test
    void shouldEnableMicrostructureAndNotCusumInTheReplayConfig()
    {
        final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve("replay.yaml"));
        assertTrue(MicrostructureSettings.from(config).enabled());
        assertFalse(CusumSettings.from(config).enabled());
        assertEquals(MicrostructureCatalog.standard().names(), MicrostructureCatalog.of(MicrostructureSettings.from(config)).names());
    }
}
