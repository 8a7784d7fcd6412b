package dev.trader.engine;

import dev.trader.engine.stages.BarSettings;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraderConfigTest
{
    @TempDir
    Path dir;

    /** durationOrZero accepts zero (a latency) where durationOr refuses it; other values parse as durations. */
    @Test
    void shouldAcceptZeroOnlyWhereZeroIsAllowed() throws IOException
    {
        final TraderConfig config = TraderConfig.load(write("paper: { orderLatency: 0ms, feedLatency: 0, barInterval: 0s, x: 5ms }\n"));
        final com.fasterxml.jackson.databind.JsonNode n = config.section("paper");

        assertEquals(java.time.Duration.ZERO, config.durationOrZero(n, "paper", "orderLatency", java.time.Duration.ofMillis(1)));
        assertEquals(java.time.Duration.ZERO, config.durationOrZero(n, "paper", "feedLatency", java.time.Duration.ofMillis(1)));
        assertEquals(java.time.Duration.ofMillis(5), config.durationOrZero(n, "paper", "x", java.time.Duration.ZERO));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> config.durationOr(n, "paper", "barInterval", java.time.Duration.ofMinutes(1)));
        assertTrue(ex.getMessage().contains("paper.barInterval"), ex.getMessage());
    }

    /** enumOr: case-insensitive, the fallback when absent, an unknown value refused naming file, key and known values. */
    @Test
    void shouldReadEnumsAndNameTheKnownValuesOfAnUnknownOne() throws IOException
    {
        final TraderConfig config = TraderConfig.load(write("paper: { fillModel: Bars, sameBar: sideways }\n"));
        final com.fasterxml.jackson.databind.JsonNode n = config.section("paper");

        assertEquals(WaitStrategyName.BLOCKING, config.enumOr(n, "paper", "missing", WaitStrategyName.class, WaitStrategyName.BLOCKING));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> config.enumOr(n, "paper", "sameBar", WaitStrategyName.class, WaitStrategyName.BLOCKING));
        assertTrue(ex.getMessage().contains("config.yaml: paper.sameBar: unknown value 'sideways'; known: "), ex.getMessage());
    }

    @Test
    void shouldRejectUnknownSectionNamingIt() throws IOException
    {
        final Path file = write("engine: { ringSize: 1024 }\nengin: { ringSize: 2048 }\n");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TraderConfig.load(file));
        assertTrue(ex.getMessage().contains("unknown section 'engin'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("config.yaml"), ex.getMessage());
    }

    @Test
    void shouldRejectRingSizeThatIsNotPowerOfTwoNamingTheKey() throws IOException
    {
        final TraderConfig config = TraderConfig.load(write("engine: { ringSize: 1000 }\n"));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, config::engine);
        assertTrue(ex.getMessage().contains("engine.ringSize"), ex.getMessage());
        assertTrue(ex.getMessage().contains("power of two"), ex.getMessage());
    }

    @Test
    void shouldReadEngineSectionAndDefaultWhatIsMissing() throws IOException
    {
        final EngineSettings settings = TraderConfig.load(write(
            "engine: { ringSize: 2048, slotBytes: 1024, arenaBytes: 65536, waitStrategy: busy-spin, timeStages: false }\n")).engine();

        assertEquals(2048, settings.ringSize());
        assertEquals(1024, settings.slotBytes());
        assertEquals(65536, settings.arenaBytes());
        assertEquals(WaitStrategyName.BUSY_SPIN, settings.waitStrategy());
        assertFalse(settings.timeStages());

        final EngineSettings defaults = TraderConfig.load(write("bars: { source: auto }\n")).engine();
        assertEquals(EngineSettings.defaults().ringSize(), defaults.ringSize());
        assertEquals(EngineSettings.defaults().slotBytes(), defaults.slotBytes());
        assertEquals(WaitStrategyName.YIELDING, defaults.waitStrategy());
    }

    @Test
    void shouldRejectBadEngineValuesNamingTheKey() throws IOException
    {
        assertMessage(TraderConfig.load(write("engine: { ringsize: 1024 }\n"))::engine, "engine", "unknown key 'ringsize'");
        assertMessage(TraderConfig.load(write("engine: { waitStrategy: spin-harder }\n"))::engine, "engine.waitStrategy", "spin-harder");
        assertMessage(TraderConfig.load(write("engine: { slotBytes: big }\n"))::engine, "engine.slotBytes", "expected an integer");
        assertMessage(TraderConfig.load(write("engine: { slotBytes: 128 }\n"))::engine, "engine.slotBytes", "at least 256");
        assertMessage(TraderConfig.load(write("engine: { slotBytes: 4096, arenaBytes: 1024 }\n"))::engine, "engine.arenaBytes");
        assertMessage(TraderConfig.load(write("engine: { timeStages: maybe }\n"))::engine, "engine.timeStages", "true or false");
        assertMessage(TraderConfig.load(write("engine: 5\n"))::engine, "engine", "expected a mapping");
    }

    @Test
    void shouldRejectBarIntervalThatDoesNotDivideADay() throws IOException
    {
        final TraderConfig config = TraderConfig.load(write("bars: { intervals: [7s] }\n"));

        assertMessage(() -> BarSettings.from(config), "bars.intervals[0]", "7s", "does not divide a day");
    }

    @Test
    void shouldReadBarsSection() throws IOException
    {
        final BarSettings bars = BarSettings.from(TraderConfig.load(write("bars: { intervals: [250ms, 5m, 1h], source: klines }\n")));

        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMinutes(5), Duration.ofHours(1)), bars.intervals());
        assertEquals(BarStage.Source.KLINES, bars.source());
        assertTrue(bars.enabled());

        final BarSettings defaults = BarSettings.from(TraderConfig.load(write("engine: { ringSize: 1024 }\n")));
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1)), defaults.intervals());
        assertEquals(BarStage.Source.AUTO, defaults.source());
    }

    @Test
    void shouldRejectBadBarsValuesNamingTheKey() throws IOException
    {
        assertMessage(() -> BarSettings.from(TraderConfig.load(write("bars: { intervals: [1s, 0s] }\n"))), "bars.intervals[1]", "positive");
        assertMessage(() -> BarSettings.from(TraderConfig.load(write("bars: { intervals: [] }\n"))), "bars.intervals", "non-empty");
        assertMessage(() -> BarSettings.from(TraderConfig.load(write("bars: { source: candles }\n"))), "bars.source", "candles");
        assertMessage(() -> BarSettings.from(TraderConfig.load(write("bars: { interval: [1s] }\n"))), "bars", "unknown key 'interval'");
    }

    @Test
    void shouldParseDurations()
    {
        assertEquals(Duration.ofMillis(250), TraderConfig.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(1), TraderConfig.parseDuration("1s"));
        assertEquals(Duration.ofMinutes(5), TraderConfig.parseDuration("5m"));
        assertEquals(Duration.ofHours(1), TraderConfig.parseDuration("1h"));
        assertEquals(Duration.ofDays(1), TraderConfig.parseDuration("1d"));
        assertEquals(Duration.ofSeconds(30), TraderConfig.parseDuration(" 30S "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "5x", "", "ms", "1", "-1s", "1.5s", "1 s", "99999999999999999999s", "999999999999999d"})
    void shouldRejectInvalidDuration(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TraderConfig.parseDuration(text));
        assertTrue(ex.getMessage().contains("'" + text + "'"), ex.getMessage());
    }

    @Test
    void shouldFormatDurationsAsTheyAreWritten()
    {
        for (final String text : List.of("250ms", "1s", "90s", "5m", "1h", "1d"))
        {
            assertEquals(text, TraderConfig.formatDuration(TraderConfig.parseDuration(text)));
        }
    }

    @Test
    void shouldLoadInstrumentsRelativeToConfigFile() throws IOException
    {
        Files.writeString(dir.resolve("my-instruments.yaml"),
            "instruments:\n  - { id: 5, venue: bybit, symbol: ETHUSDT, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n");
        final TraderConfig config = TraderConfig.load(write("instruments: my-instruments.yaml\n"));

        assertEquals(5, config.instruments().resolve("bybit:ETHUSDT").id());
        assertEquals(dir.resolve("x/y.yaml").toAbsolutePath().normalize(), config.resolve("x/../x/y.yaml"));
    }

    @Test
    void shouldLoadRepositoryInstrumentsByAbsolutePath() throws IOException
    {
        final TraderConfig config = TraderConfig.load(write("instruments: \"" + RepoPaths.instrumentsFile().toAbsolutePath() + "\"\n"));

        assertEquals(1, config.instruments().resolve("binance-usdm:BTCUSDT").id());
    }

    @Test
    void shouldRequireInstrumentsPath() throws IOException
    {
        assertMessage(TraderConfig.load(write("engine: { ringSize: 1024 }\n"))::instruments, "instruments: required");
        assertMessage(TraderConfig.load(write("instruments: missing.yaml\n"))::instruments, "missing.yaml");
    }

    @Test
    void shouldRejectFileThatIsNotAMappingOrUnreadable() throws IOException
    {
        assertMessage(() -> TraderConfig.load(write("- engine\n- bars\n")), "expected a YAML mapping");
        assertMessage(() -> TraderConfig.load(write("")), "expected a YAML mapping");
        assertMessage(() -> TraderConfig.load(dir.resolve("nope.yaml")), "cannot read config", "nope.yaml");
    }

    @Test
    void shouldKeepFileBytesForProvenance() throws IOException
    {
        final String text = "bars: { intervals: [1s] }\n";
        final TraderConfig config = TraderConfig.load(write(text));

        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), config.bytes());
        assertTrue(config.file().isAbsolute());
    }

    private Path write(final String yaml) throws IOException
    {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    private static void assertMessage(final Executable action, final String... fragments)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action);
        for (final String fragment : fragments)
        {
            assertTrue(ex.getMessage().contains(fragment), "'" + fragment + "' missing from: " + ex.getMessage());
        }
    }
}
