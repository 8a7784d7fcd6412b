package dev.trader.strategies.strategy;

import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code strategies} section: defaults, strict keys per type, values refused with their key named, unique ids. */
class StrategySettingsTest
{
    static final Instrument SPOT = new Instrument(7, Venue.BINANCE_SPOT, "FLOKIUSDT", "0.00000001", "1", -8, 0, -8);
    static final Instrument USDM = new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(SPOT, USDM));

    @TempDir
    Path dir;

    private TraderConfig config(final String yaml) throws IOException
    {
        final Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return TraderConfig.load(file);
    }

    private List<StrategySettings> parse(final String yaml) throws IOException
    {
        return StrategySettings.from(config(yaml), REGISTRY);
    }

    private void assertRefused(final String yaml, final String... fragments) throws IOException
    {
        final TraderConfig c = config(yaml);
        final Executable parse = () -> StrategySettings.from(c, REGISTRY);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, parse);
        for (final String f : fragments)
        {
            assertTrue(ex.getMessage().contains(f), "'" + f + "' not in: " + ex.getMessage());
        }
        assertTrue(ex.getMessage().contains("config.yaml"), "names the file: " + ex.getMessage());
    }

    @Test
    void shouldReadSeedDefaultsForBothTypes() throws IOException
    {
        final List<StrategySettings> list = parse("""
            strategies:
              - { type: momentum_short, id: 1, instrument: binance-spot:FLOKIUSDT }
              - { type: binance_long, id: 2, name: pwin, instrument: binance-usdm:BTCUSDT }
            """);
        assertEquals(2, list.size());
        final StrategySettings m = list.get(0);
        assertEquals("momentum_short", m.type());
        assertEquals(1, m.id());
        assertEquals("momentum_short_1", m.name());
        assertEquals(SPOT, m.instrument());
        assertNull(m.binanceLong());
        final MomentumShortSettings ms = m.momentumShort();
        assertEquals(Duration.ofSeconds(5), ms.barInterval());
        assertEquals(6, ms.rollingBars());
        assertEquals(-0.003, ms.downsideThreshold());
        assertEquals("hazard", ms.hazardGate());
        assertTrue(ms.requireHazard());
        assertEquals(0.008, ms.stopLoss());
        assertTrue(Double.isNaN(ms.takeProfit()));
        assertEquals(720, ms.maxHoldBars());
        assertTrue(ms.exitOnHazardOff());
        assertEquals(0, ms.qtyMantissa());
        assertEquals(1, ms.maxEntriesPerBar());

        final StrategySettings b = list.get(1);
        assertEquals("pwin", b.name());
        final BinanceLongSettings bs = b.binanceLong();
        assertEquals(0, bs.modelId());
        assertEquals(0, bs.pwinOutput());
        assertEquals(0.55, bs.pStar());
        assertEquals(10.0, bs.riskUsdt());
        assertEquals(55.0, bs.leverage());
        assertEquals(0.00045, bs.fees().taker());
        assertEquals(0.00018, bs.fees().maker());
        assertEquals(15.0, bs.targetPnlUsdt());
        assertTrue(bs.takerBothSides());
        assertEquals(0.004, bs.tiers().rate(1e12), "the seed's flat fallback");
        assertEquals(Duration.ofMinutes(1), bs.barInterval());

        assertInstanceOf(MomentumShortStrategy.class, m.create(new TestViews.Portfolio(), new TestViews.Orders()));
        assertInstanceOf(BinanceLongStrategy.class, b.create(new TestViews.Portfolio(), new TestViews.Orders()));
    }

    @Test
    void shouldReadEveryParameter() throws IOException
    {
        final List<StrategySettings> list = parse("""
            strategies:
              - type: momentum_short
                id: 3
                instrument: binance-spot:FLOKIUSDT
                barInterval: 1m
                rollingBars: 12
                downsideThreshold: -0.0005
                hazardGate: hz
                requireHazard: false
                stopLoss: 0.02
                takeProfit: 0.01
                maxHoldBars: 0
                exitOnHazardOff: false
                qty: 1500
                maxEntriesPerBar: 2
              - type: binance_long
                id: 4
                instrument: BTCUSDT
                modelId: 9
                pwinOutput: 1
                pStar: 0.6
                riskUsdt: 25
                leverage: 20
                takerFee: 0.0005
                makerFee: 0.0002
                targetPnlUsdt: 30
                takerBothSides: false
                barInterval: 5m
                mmrTiers:
                  - { notionalFloor: 0, notionalCap: 50000, rate: 0.004, amount: 0 }
                  - { notionalFloor: 50000, notionalCap: inf, rate: 0.005, amount: 50 }
            """);
        final MomentumShortSettings m = list.get(0).momentumShort();
        assertEquals(Duration.ofMinutes(1), m.barInterval());
        assertEquals(12, m.rollingBars());
        assertEquals(-0.0005, m.downsideThreshold());
        assertEquals("hz", m.hazardGate());
        assertFalse(m.requireHazard());
        assertEquals(0.02, m.stopLoss());
        assertEquals(0.01, m.takeProfit());
        assertEquals(0, m.maxHoldBars());
        assertFalse(m.exitOnHazardOff());
        assertEquals(1500, m.qtyMantissa(), "1500 FLOKI at qty exponent 0");
        assertEquals(2, m.maxEntriesPerBar());
        final BinanceLongSettings b = list.get(1).binanceLong();
        assertEquals(USDM, list.get(1).instrument(), "a symbol listed on one venue only");
        assertEquals(9, b.modelId());
        assertEquals(1, b.pwinOutput());
        assertEquals(0.6, b.pStar());
        assertEquals(25.0, b.riskUsdt());
        assertEquals(20.0, b.leverage());
        assertEquals(0.0005, b.fees().taker());
        assertEquals(0.0002, b.fees().maker());
        assertEquals(30.0, b.targetPnlUsdt());
        assertFalse(b.takerBothSides());
        assertEquals(Duration.ofMinutes(5), b.barInterval());
        assertEquals(0.005, b.tiers().rate(60_000));
        assertEquals(50.0, b.tiers().tierFor(60_000).amount());
    }

    @Test
    void shouldLoadTheExampleConfigsWithTheirDefaults()
    {
        final TraderConfig momentum = TraderConfig.load(RepoPaths.configsDir().resolve("momentum-short.yaml"));
        final StrategyStage m = StrategyStage.from(momentum, momentum.instruments(), new TestViews.Portfolio(),
            new TestViews.Orders());
        assertEquals(1, m.strategies().size());
        assertInstanceOf(MomentumShortStrategy.class, m.strategies().get(0));
        assertEquals(6, StrategySettings.from(momentum, momentum.instruments()).get(0).momentumShort().rollingBars());

        final TraderConfig binance = TraderConfig.load(RepoPaths.configsDir().resolve("binance-long.yaml"));
        final List<StrategySettings> b = StrategySettings.from(binance, binance.instruments());
        assertEquals("binance_long_2", b.get(0).name());
        assertEquals(0.55, b.get(0).binanceLong().pStar());
        assertInstanceOf(BinanceLongStrategy.class, b.get(0).create(new TestViews.Portfolio(), new TestViews.Orders()));
    }

    @Test
    void shouldGiveNoStrategiesWithoutTheSection() throws IOException
    {
        assertEquals(List.of(), parse("engine: { ringSize: 1024 }\n"));
        assertEquals(0, StrategyStage.from(config("engine: { ringSize: 1024 }\n"), REGISTRY, new TestViews.Portfolio(),
            new TestViews.Orders()).strategies().size());
    }

    @Test
    void shouldRefuseBadValuesNamingTheKey() throws IOException
    {
        final String m = "strategies:\n  - { type: momentum_short, id: 1, instrument: binance-spot:FLOKIUSDT, ";
        assertRefused(m + "rollingBars: 0 }\n", "strategies[0].rollingBars: must be >= 1", "got 0");
        assertRefused(m + "rollingBars: six }\n", "strategies[0].rollingBars", "expected an integer");
        assertRefused(m + "downsideThreshold: -1.5 }\n", "strategies[0].downsideThreshold");
        assertRefused(m + "stopLoss: 0 }\n", "strategies[0].stopLoss: must be > 0");
        assertRefused(m + "takeProfit: 1.5 }\n", "strategies[0].takeProfit");
        assertRefused(m + "maxHoldBars: -1 }\n", "strategies[0].maxHoldBars");
        assertRefused(m + "maxEntriesPerBar: 0 }\n", "strategies[0].maxEntriesPerBar");
        assertRefused(m + "barInterval: 5x }\n", "strategies[0].barInterval");
        assertRefused(m + "hazardGate: a-gate-name-longer-than-24-chars }\n", "strategies[0].hazardGate");
        assertRefused(m + "requireHazard: maybe }\n", "strategies[0].requireHazard", "true or false");
        assertRefused(m + "qty: 0.5 }\n", "strategies[0].qty", "lot");
        assertRefused(m + "qty: -3 }\n", "strategies[0].qty", ">= 0");

        final String b = "strategies:\n  - { type: binance_long, id: 2, instrument: binance-usdm:BTCUSDT, ";
        assertRefused(b + "pStar: 1.2 }\n", "strategies[0].pStar: must be in [0, 1], got 1.2");
        assertRefused(b + "riskUsdt: 0 }\n", "strategies[0].riskUsdt");
        assertRefused(b + "leverage: 0.5 }\n", "strategies[0].leverage");
        assertRefused(b + "takerFee: 1 }\n", "strategies[0].takerFee");
        assertRefused(b + "pwinOutput: -1 }\n", "strategies[0].pwinOutput");
        assertRefused(b + "targetPnlUsdt: -15 }\n", "strategies[0].targetPnlUsdt");
        assertRefused(b + "mmrRate: 0.004, mmrTiers: [ { notionalFloor: 0, notionalCap: inf, rate: 0.004 } ] }\n",
            "strategies[0]", "not both");
        assertRefused(b + "mmrTiers: [ { notionalFloor: 0, notionalCap: inf, mmr: 0.004 } ] }\n",
            "strategies[0].mmrTiers[0]", "unknown key 'mmr'");
        assertRefused(b + "mmrTiers: [ { notionalFloor: 0, notionalCap: inf, rate: 2 } ] }\n", "strategies[0].mmrTiers", "rate");
    }

    @Test
    void shouldRefuseUnknownKeysPerType() throws IOException
    {
        // a binance_long key on a momentum_short and the reverse
        assertRefused("strategies:\n  - { type: momentum_short, id: 1, instrument: binance-spot:FLOKIUSDT, pStar: 0.6 }\n",
            "strategies[0]", "unknown key 'pStar'");
        assertRefused("strategies:\n  - { type: binance_long, id: 1, instrument: binance-usdm:BTCUSDT, stopLoss: 0.01 }\n",
            "strategies[0]", "unknown key 'stopLoss'");
        assertRefused("strategies:\n  - { type: momentum_short, id: 1, instrument: binance-spot:FLOKIUSDT, rolingBars: 6 }\n",
            "unknown key 'rolingBars'");
    }

    @Test
    void shouldRefuseMissingOrBadCommonKeys() throws IOException
    {
        assertRefused("strategies:\n  - { id: 1, instrument: binance-spot:FLOKIUSDT }\n", "strategies[0].type: required");
        assertRefused("strategies:\n  - { type: grid_bot, id: 1, instrument: binance-spot:FLOKIUSDT }\n",
            "strategies[0].type", "grid_bot", "momentum_short");
        assertRefused("strategies:\n  - { type: momentum_short, instrument: binance-spot:FLOKIUSDT }\n", "strategies[0].id: required");
        assertRefused("strategies:\n  - { type: momentum_short, id: 0, instrument: binance-spot:FLOKIUSDT }\n",
            "strategies[0].id: must be >= 1, got 0");
        assertRefused("strategies:\n  - { type: momentum_short, id: 1 }\n", "strategies[0].instrument: required");
        assertRefused("strategies:\n  - { type: momentum_short, id: 1, instrument: okx:FLOKI-USDT }\n",
            "strategies[0].instrument", "no instrument");
        assertRefused("strategies: { type: momentum_short }\n", "strategies: expected a list");
        assertRefused("strategies:\n  - momentum_short\n", "strategies[0]: expected a mapping");
    }

    @Test
    void shouldRefuseDuplicateIdsAndNames() throws IOException
    {
        assertRefused("""
            strategies:
              - { type: momentum_short, id: 1, instrument: binance-spot:FLOKIUSDT }
              - { type: binance_long, id: 1, instrument: binance-usdm:BTCUSDT }
            """, "strategies[1].id: duplicate id 1 (also strategies[0])");
        assertRefused("""
            strategies:
              - { type: momentum_short, id: 1, name: a, instrument: binance-spot:FLOKIUSDT }
              - { type: binance_long, id: 2, name: a, instrument: binance-usdm:BTCUSDT }
            """, "strategies[1].name: duplicate name 'a'");
    }
}
