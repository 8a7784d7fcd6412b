package dev.trader.engine;

import dev.trader.codecs.EventType;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.gates.HazardGateStage;
import dev.trader.engine.gates.HazardSource;
import dev.trader.engine.gates.RegimeGateStage;
import dev.trader.engine.stages.BarStage;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.TestEvents;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gates in {@link StagePlan}: their slot, their config sections, and the configs that are refused. */
class StagePlanGatesTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    /** 2020-01-01T00:00:00Z. */
    private static final long T0 = 1_577_836_800L * SECOND;

    @TempDir
    Path dir;

    private TraderConfig config(final String sections) throws IOException
    {
        Files.writeString(dir.resolve("instruments.yaml"), "instruments:\n"
            + "  - { id: 1, venue: binance-usdm, symbol: BTCUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -2, qtyExponent: -3 }\n");
        Files.writeString(dir.resolve("probs.csv"), "timestamp,prob\n"
            + T0 / 1_000_000L + ",0.9\n"
            + (T0 + MINUTE) / 1_000_000L + ",0.1\n"
            + (T0 + 3 * MINUTE) / 1_000_000L + ",0.8\n");
        final Path file = dir.resolve("config.yaml");
        Files.writeString(file, "instruments: instruments.yaml\n" + sections);
        return TraderConfig.load(file);
    }

    private static List<String> names(final List<Stage> stages)
    {
        return stages.stream().map(Stage::name).toList();
    }

    @Test
    void shouldLeaveTheGatesOutUnlessAsked() throws IOException
    {
        final TraderConfig c = config("");
        assertEquals(List.of("book", "bars"), names(StagePlan.build(c, c.instruments(), new EventClock())));
        assertTrue(TraderConfig.KNOWN_SECTIONS.contains("regime"));
        assertTrue(TraderConfig.KNOWN_SECTIONS.contains("hazard"));
    }

    @Test
    void shouldPlaceTheHazardGateThenTheRegimeGateAfterTheBars() throws IOException
    {
        final TraderConfig c = config("hazard: { enabled: true, file: probs.csv, threshold: 0.5 }\n"
            + "regime: { enabled: true, hazardFromGate: true }\n");
        final List<Stage> stages = StagePlan.build(c, c.instruments(), new EventClock());
        assertEquals(List.of("book", "bars", "hazard-gate", "regime-gate"), names(stages));
        assertInstanceOf(OrderBookStage.class, stages.get(0));
        assertInstanceOf(BarStage.class, stages.get(1));
        assertInstanceOf(HazardGateStage.class, stages.get(2));
        assertInstanceOf(RegimeGateStage.class, stages.get(3));
        assertTrue(((HazardGateStage)stages.get(2)).source().describe().contains("3 minutes"));
    }

    @Test
    void shouldEmitGateChangesRightAfterTheBarsThatDecideThem() throws IOException
    {
        final TraderConfig c = config("hazard: { enabled: true, file: probs.csv, threshold: 0.5 }\n"
            + "regime: { enabled: true, requireSpread: false }\n");
        final InstrumentRegistry instruments = c.instruments();
        final EventClock clock = new EventClock();
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(StagePlan.build(c, instruments, clock), EventSink.NONE, out, clock, 1 << 20, false);
        final UnsafeBuffer buffer = TestEvents.newBuffer();
        long id = 1;
        for (long t = T0; t <= T0 + 5 * MINUTE; t += 10 * SECOND)
        {
            final int length = TestEvents.trade(buffer, 0, t, t + 1_000_000L, 1, id++, 720_000, 5, Side.BUY);
            pipeline.onInput(buffer, 0, length, 0);
        }
        pipeline.onEndOfStream();

        final List<String> sequence = new ArrayList<>();
        final GateChangeDecoder gate = new GateChangeDecoder();
        final BarDecoder bar = new BarDecoder();
        for (int i = 0; i < out.size(); i++)
        {
            final UnsafeBuffer e = out.event(i);
            final int templateId = Events.templateId(e, 0);
            if (templateId == BarDecoder.TEMPLATE_ID)
            {
                bar.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                if (bar.intervalNs() == MINUTE)
                {
                    sequence.add("bar " + (bar.openTimeNs() - T0) / MINUTE);
                }
            }
            else if (templateId == GateChangeDecoder.TEMPLATE_ID)
            {
                gate.wrap(e, Events.HEADER_LENGTH, Events.blockLength(e, 0), Events.version(e, 0));
                sequence.add(gate.state() + " " + (gate.minuteNs() - T0) / MINUTE);
            }
            else
            {
                assertSame(EventType.BAR, EventType.ofTemplateId(templateId), "only bars and gate changes here");
            }
        }
        // minute 2 has no row: UNKNOWN, not minute 1's CLOSED carried forward; minute 4 is past the file
        assertEquals(List.of("bar 0", "OPEN 0", "bar 1", "CLOSED 1", "bar 2", "UNKNOWN 2", "bar 3", "OPEN 3", "bar 4",
            "UNKNOWN 4"), sequence);
        final HazardGateStage hazard = (HazardGateStage)StagePlan.build(c, instruments, clock).get(2);
        assertEquals(GateState.UNKNOWN, hazard.state(1));
    }

    @Test
    void shouldUseTheInjectedSourceForOnnxAndRefuseOnnxWithoutOne() throws IOException
    {
        final TraderConfig c = config("hazard: { enabled: true, source: onnx, model: hazard.onnx }\n");
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> StagePlan.build(c, c.instruments(), new EventClock()));
        assertTrue(none.getMessage().contains("hazard.source: onnx is attached by the runtime"), none.getMessage());

        final HazardSource injected = new HazardSource()
        {
            @Override
            public double probability(final int instrumentId, final long minuteNs)
            {
                return 0.75;
            }

            @Override
            public String describe()
            {
                return "injected";
            }
        };
        final List<Stage> stages = StagePlan.build(c, c.instruments(), new EventClock(), List.of(), injected);
        assertSame(injected, ((HazardGateStage)stages.get(2)).source());
    }

    @Test
    void shouldRefuseGateConfigsThatCannotWork() throws IOException
    {
        assertRefused("bars: { intervals: [1s, 1m] }\nregime: { enabled: true, barInterval: 5m }\n", "regime.barInterval: 5m bars are not built");
        assertRefused("bars: { enabled: false }\nregime: { enabled: true, requireSpread: false }\n", "bars.enabled is false");
        assertRefused("book: { enabled: false }\nregime: { enabled: true }\n", "regime.requireSpread is true but book.enabled is false");
        assertRefused("regime: { enabled: true, hazardFromGate: true }\n", "regime.hazardFromGate needs the hazard gate");
        assertRefused("regime: { enabled: true, adxPeriod: 1 }\n", "regime.adxPeriod");
        assertRefused("regime: { enabled: true, illiquidEnterSpreadBps: 30 }\n", "regime.illiquidExitSpreadBps must not be above");
        assertRefused("regime: { adx: 14 }\n", "regime: unknown key 'adx'");
        assertRefused("hazard: { enabled: true }\n", "hazard.file is required");
        assertRefused("hazard: { enabled: true, file: missing.csv }\n", "hazard.file: cannot read hazard file");
        assertRefused("hazard: { enabled: true, file: probs.csv, source: parquet }\n", "unknown hazard source 'parquet'");
        assertRefused("hazard: { enabled: true, file: probs.csv, threshold: 1.5 }\n", "hazard.threshold must be in [0, 1)");
        assertRefused("hazard: { enabled: true, file: probs.csv, instrument: ETHUSDT }\n", "hazard.instrument: no instrument ETHUSDT");
        assertRefused("hazard: { enabled: true, file: probs.csv, barInterval: 10s }\n", "hazard.barInterval: 10s bars are not built");
    }

    private void assertRefused(final String sections, final String expected) throws IOException
    {
        final TraderConfig c = config(sections);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StagePlan.build(c, c.instruments(), new EventClock()));
        assertTrue(ex.getMessage().contains(expected), () -> "'" + ex.getMessage() + "' should mention '" + expected + "'");
        assertTrue(ex.getMessage().startsWith(c.file().toString()), ex.getMessage());
    }
}
