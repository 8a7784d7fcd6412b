package dev.trader.app;

import dev.trader.app.CliHarness.Result;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.OperatorCommandType;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.ScheduledCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.trader.app.CliHarness.rootDir;
import static dev.trader.app.CliHarness.trader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code trader backtest --operator COMMAND@TIME[:instrument[:strategyId]]} (seed 004 kill switch; docs/trading.md
 * "Operator commands"): strict parsing with errors naming the option, and a run on a 10-minute synthetic market that
 * journals the commands and reacts to them.
 */
class BacktestOperatorTest
{
    /** The synthetic market's start (configs/demo.yaml synthetic.start). */
    private static final long START_NS = 1_704_067_200_000_000_000L;
    private static final long MINUTE_NS = 60_000_000_000L;

    @TempDir
    static Path tmp;

    private static String previousHome;
    private static Path market;
    private static Path config;

    @BeforeAll
    static void market() throws Exception
    {
        previousHome = System.getProperty("trader.home");
        System.setProperty("trader.home", rootDir().toString());
        final Path demo = tmp.resolve("demo");
        final Result r = trader("demo", "--out", demo.toString(), "--duration", "10m");
        assertEquals(0, r.exitCode(), r.toString());
        market = demo.resolve("market");
        // the demo's strategy without the hazard gate (a backtest needs no stand-in model)
        config = tmp.resolve("backtest.yaml");
        Files.writeString(config, "instruments: " + rootDir().resolve("configs").resolve("instruments.yaml") + "\n"
            + "engine: { timeStages: false }\n"
            + "bars: { intervals: [5s, 1m] }\n"
            + "features: { enabled: false }\n"
            + "strategies:\n"
            + "  - { type: momentum_short, id: 1, instrument: \"synthetic:BTCUSDT\", barInterval: 5s, rollingBars: 6,"
            + " downsideThreshold: -0.0006, stopLoss: 0.002, takeProfit: 0.003, maxHoldBars: 240, requireHazard: false }\n"
            + "risk: { barInterval: 5s, reboundKillPct: 0, sizing: { mode: equity_fraction, equityFraction: 0.03 } }\n"
            + "costs: { takerFee: 0.0004, makerFee: 0.0002 }\n"
            + "paper: { fillModel: book, orderLatency: 5ms }\n"
            + "accounting: { initialEquity: 100000, equityInterval: 1m, fundingSource: events }\n");
    }

    @AfterAll
    static void restoreHome()
    {
        if (previousHome == null)
        {
            System.clearProperty("trader.home");
        }
        else
        {
            System.setProperty("trader.home", previousHome);
        }
    }

    @Test
    void shouldJournalAndApplyOperatorCommandsAndPrintThem() throws Exception
    {
        final Path out = tmp.resolve("bt");
        final Result r = trader("backtest", "--journal", market.toString(), "--config", config.toString(), "--out",
            out.toString(), "--operator", "KILL_SWITCH@2024-01-01T00:04:00Z", "--operator",
            "resume@2024-01-01T00:06:00Z:synthetic:BTCUSDT:1");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("operator: KILL_SWITCH at 2024-01-01T00:04:00Z, every instrument, every strategy"), r.out());
        assertTrue(r.out().contains("operator: RESUME at 2024-01-01T00:06:00Z, synthetic:BTCUSDT, strategy 1"), r.out());
        final JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.path("inputCounts").path("OperatorCommand").asLong(), summary.path("inputCounts").toString());
        // the risk stage saw both: one KILL_SWITCH, and no RESUMED: a RESUME lifts only kills inside its own scope, and
        // the kill of every instrument and strategy is wider than strategy 1 on synthetic:BTCUSDT
        final JsonNode kill = summary.path("riskCounters").path("kill_switch");
        assertEquals(1, kill.path("KILL_SWITCH").asLong(), summary.path("riskCounters").toString());
        assertTrue(kill.path("RESUMED").isMissingNode(), "a narrower RESUME does not lift a kill of everything: " + kill);
        assertEquals(2, summary.path("stageCounters").path("risk-pre").path("operatorCommands").asLong());

        // a RESUME of everything lifts it
        final Result all = trader("backtest", "--journal", market.toString(), "--config", config.toString(), "--out",
            tmp.resolve("bt-all").toString(), "--operator", "KILL_SWITCH@2024-01-01T00:04:00Z", "--operator",
            "RESUME@2024-01-01T00:06:00Z");
        assertEquals(0, all.exitCode(), all.toString());
        final JsonNode s2 = new ObjectMapper().readTree(tmp.resolve("bt-all").resolve("summary.json").toFile());
        assertEquals(1, s2.path("riskCounters").path("kill_switch").path("RESUMED").asLong(), s2.path("riskCounters").toString());
    }

    @Test
    void shouldParseGoodValues()
    {
        final OperatorSchedule s = BacktestCommand.parseOperator(List.of(
            "KILL_SWITCH@2024-01-01T00:04:00Z",
            "KILL_SWITCH@2024-01-01T00:04:00.5Z:synthetic:BTCUSDT",
            "kill_switch@2024-01-01T00:05:00Z:BTCUSDT:7",
            "RESUME@2024-01-01T00:06:00Z:all:7",
            "RESUME@2024-01-01T00:06:00Z:all"));
        final List<ScheduledCommand> c = s.commands();
        assertEquals(5, c.size());
        assertEquals(new ScheduledCommand(START_NS + 4 * MINUTE_NS, OperatorCommandType.KILL_SWITCH, null, 0,
            "trader backtest --operator KILL_SWITCH@2024-01-01T00:04:00Z"), c.get(0));
        assertEquals(START_NS + 4 * MINUTE_NS + 500_000_000L, c.get(1).timeNs());
        assertEquals("synthetic:BTCUSDT", c.get(1).instrument());
        assertEquals(0, c.get(1).strategyId());
        assertEquals("BTCUSDT", c.get(2).instrument());
        assertEquals(7, c.get(2).strategyId());
        assertEquals(OperatorCommandType.RESUME, c.get(3).command());
        assertNull(c.get(3).instrument(), "all = every instrument");
        assertEquals(7, c.get(3).strategyId());
        assertNull(c.get(4).instrument());
        assertEquals(0, c.get(4).strategyId());
    }

    @Test
    void shouldRefuseBadValuesNamingTheOption()
    {
        final String[][] bad = {
            {"KILL_SWITCH", "expected COMMAND@TIME"},
            {"@2024-01-01T00:04:00Z", "expected COMMAND@TIME"},
            {"STOP@2024-01-01T00:04:00Z", "unknown command 'STOP'"},
            {"KILL_SWITCH@2024-01-01T00:04:00", "ending in Z"},
            {"KILL_SWITCH@1704067440", "ending in Z"},
            {"KILL_SWITCH@2024-13-01T00:04:00Z", "bad time '2024-13-01T00:04:00Z'"},
            {"KILL_SWITCH@2024-01-01T00:04:00Zx", "expected ':instrument[:strategyId]'"},
            {"KILL_SWITCH@2024-01-01T00:04:00Z:", "expected ':instrument[:strategyId]'"},
            {"KILL_SWITCH@2024-01-01T00:04:00Z::1", "empty instrument"},
            {"KILL_SWITCH@2024-01-01T00:04:00Z:all:99999999999", "out of range"},
            {"KILL_SWITCH@2024-01-01T00:04:00Z:binance:NOPEUSDT", "NOPEUSDT"},
        };
        for (final String[] c : bad)
        {
            final Path out = tmp.resolve("never");
            final Result r = trader("backtest", "--journal", market.toString(), "--config", config.toString(), "--out",
                out.toString(), "--operator", c[0]);
            assertEquals(2, r.exitCode(), c[0] + ": " + r);
            assertTrue(r.err().contains("--operator") && r.err().contains(c[1]), c[0] + ": " + r.err());
            assertFalse(Files.exists(out), "refused before anything runs: " + c[0]);
        }
        final Result order = trader("backtest", "--journal", market.toString(), "--config", config.toString(), "--out",
            tmp.resolve("never").toString(), "--operator", "RESUME@2024-01-01T00:06:00Z", "--operator",
            "KILL_SWITCH@2024-01-01T00:04:00Z");
        assertEquals(2, order.exitCode(), order.toString());
        assertTrue(order.err().contains("--operator") && order.err().contains("time order"), order.err());
    }
}
