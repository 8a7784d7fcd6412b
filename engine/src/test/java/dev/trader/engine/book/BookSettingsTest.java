package dev.trader.engine.book;

import dev.trader.engine.EventClock;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.stages.BarStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookSettingsTest
{
    @TempDir
    Path dir;

    private TraderConfig config(final String book) throws IOException
    {
        Files.writeString(dir.resolve("instruments.yaml"), "instruments:\n"
            + "  - { id: 1, venue: binance-usdm, symbol: BTCUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -2, qtyExponent: -3 }\n");
        final Path file = dir.resolve("config.yaml");
        Files.writeString(file, "instruments: instruments.yaml\n" + book);
        return TraderConfig.load(file);
    }

    @Test
    void shouldDefaultToAnEnabledBookAsStageOne() throws IOException
    {
        final TraderConfig config = config("");
        final BookSettings s = BookSettings.from(config);
        assertTrue(s.enabled());
        assertEquals(5000, s.maxLevels());
        assertEquals(10_000, s.maxBufferedUpdates());
        final List<Stage> stages = StagePlan.build(config, config.instruments(), new EventClock());
        assertInstanceOf(OrderBookStage.class, stages.get(0));
        assertInstanceOf(BarStage.class, stages.get(1));
        assertEquals("book", stages.get(0).name());
    }

    @Test
    void shouldReadTheBookSection() throws IOException
    {
        final BookSettings s = BookSettings.from(config("book: { maxLevels: 1000, maxBufferedUpdates: 50 }\n"));
        assertEquals(1000, s.maxLevels());
        assertEquals(50, s.maxBufferedUpdates());
        final TraderConfig off = config("book: { enabled: false }\n");
        assertTrue(StagePlan.build(off, off.instruments(), new EventClock()).stream().noneMatch(st -> st instanceof OrderBookStage));
    }

    @Test
    void shouldRefuseUnknownKeysAndImpossibleLimits() throws IOException
    {
        final TraderConfig typo = config("book: { maxLevel: 10 }\n");
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> BookSettings.from(typo));
        assertTrue(unknown.getMessage().contains("book: unknown key 'maxLevel'"), unknown.getMessage());
        final TraderConfig zero = config("book: { maxLevels: 0 }\n");
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> BookSettings.from(zero));
        assertTrue(bad.getMessage().contains("book.maxLevels: must be in [1, 1000000], got 0"), bad.getMessage());
        assertTrue(bad.getMessage().startsWith(zero.file().toString()), bad.getMessage());
    }
}
