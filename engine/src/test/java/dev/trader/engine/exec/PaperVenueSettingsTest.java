package dev.trader.engine.exec;

import dev.trader.engine.TraderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code paper:} section: defaults, every key read, unknown keys and bad values refused with the key named. */
class PaperVenueSettingsTest
{
    @TempDir
    Path tmp;

    private TraderConfig config(final String yaml) throws Exception
    {
        final Path file = tmp.resolve("c.yaml");
        Files.writeString(file, yaml);
        return TraderConfig.load(file);
    }

    @Test
    void defaultsWhenTheSectionIsAbsent() throws Exception
    {
        final PaperSettings s = PaperSettings.from(config("engine: {}\n"));
        assertEquals(PaperSettings.FillModel.AUTO, s.fillModel());
        assertEquals(Duration.ofMinutes(1), s.barInterval());
        assertEquals(Duration.ZERO, s.orderLatency());
        assertEquals(Duration.ZERO, s.feedLatency());
        assertEquals(PaperSettings.SameBar.STOP_FIRST, s.sameBar());
        assertEquals(0.0, s.barSlippageBps());
        assertEquals(PaperSettings.QueuePosition.BACK, s.queuePosition());
        assertEquals(1024, s.maxWorkingOrders());
        assertEquals(4096, s.maxPositions());
        assertEquals(256, s.maxDepletedLevels());
    }

    @Test
    void everyKeyIsRead() throws Exception
    {
        final PaperSettings s = PaperSettings.from(config("paper: {fillModel: bars, barInterval: 5m, orderLatency: 20ms, "
            + "feedLatency: 5ms, sameBar: limit_first, barSlippageBps: 2.5, queuePosition: front, maxWorkingOrders: 8, "
            + "maxPositions: 16, maxDepletedLevels: 32}\n"));
        assertEquals(PaperSettings.FillModel.BARS, s.fillModel());
        assertEquals(Duration.ofMinutes(5), s.barInterval());
        assertEquals(Duration.ofMillis(20), s.orderLatency());
        assertEquals(Duration.ofMillis(5), s.feedLatency());
        assertEquals(PaperSettings.SameBar.LIMIT_FIRST, s.sameBar());
        assertEquals(2.5, s.barSlippageBps());
        assertEquals(PaperSettings.QueuePosition.FRONT, s.queuePosition());
        assertEquals(8, s.maxWorkingOrders());
        assertEquals(16, s.maxPositions());
        assertEquals(32, s.maxDepletedLevels());
    }

    @Test
    void zeroLatencyAsDocumentedIsAccepted() throws Exception
    {
        // the class comment documents "orderLatency: 0ms"; writing the default must not be refused
        final PaperSettings s = PaperSettings.from(config("paper: {orderLatency: 0ms, feedLatency: 0}\n"));
        assertEquals(Duration.ZERO, s.orderLatency());
        assertEquals(Duration.ZERO, s.feedLatency());
        final String bad = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {orderLatency: 5 parsecs}\n"))).getMessage();
        assertTrue(bad.contains("paper.orderLatency"), bad);
    }

    @Test
    void zeroLatencyTheDocumentedDefaultCanBeWrittenOut() throws Exception
    {
        // found by configs/binance-long.yaml: "orderLatency: 0ms" (the class comment's default) was refused as
        // "'0ms' must be positive"
        final PaperSettings s = PaperSettings.from(config("paper: {orderLatency: 0ms, feedLatency: 0}\n"));
        assertEquals(Duration.ZERO, s.orderLatency());
        assertEquals(Duration.ZERO, s.feedLatency());
        final String bad = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {orderLatency: -5ms}\n"))).getMessage();
        assertTrue(bad.contains("paper.orderLatency"), bad);
    }

    @Test
    void unknownKeysAndBadValuesNameTheKey() throws Exception
    {
        final String unknown = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {latency: 5ms}\n"))).getMessage();
        assertTrue(unknown.contains("'latency'"), unknown);
        final String model = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {fillModel: ticks}\n"))).getMessage();
        assertTrue(model.contains("paper.fillModel"), model);
        final String slip = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {barSlippageBps: -1}\n"))).getMessage();
        assertTrue(slip.contains("paper.barSlippageBps"), slip);
        final String max = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {maxWorkingOrders: 0}\n"))).getMessage();
        assertTrue(max.contains("paper.maxWorkingOrders"), max);
        final String positions = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {maxPositions: 0}\n"))).getMessage();
        assertTrue(positions.contains("paper.maxPositions"), positions);
        final String levels = assertThrows(IllegalArgumentException.class,
            () -> PaperSettings.from(config("paper: {maxDepletedLevels: 100001}\n"))).getMessage();
        assertTrue(levels.contains("paper.maxDepletedLevels"), levels);
    }

    @Test
    void aFullPoolRejectsWithTooManyOrders()
    {
        final VenueHarness h = new VenueHarness(PaperSettings.defaults().maxWorkingOrders(2), false);
        h.order(1).limit(5_000_000).send(VenueHarness.T0);
        h.order(2).limit(5_000_000).send(VenueHarness.T0);
        h.order(3).limit(5_000_000).send(VenueHarness.T0);
        assertEquals(PaperReject.TOO_MANY_ORDERS, h.lastUpdate(3).rejectCode());
        h.cancel(VenueHarness.T0, 1, 0, 0);
        h.order(4).limit(5_000_000).send(VenueHarness.T0);
        assertEquals(dev.trader.codecs.sbe.OrderStatus.ACKED, h.lastUpdate(4).status(), "a canceled order frees its slot");
    }
}
