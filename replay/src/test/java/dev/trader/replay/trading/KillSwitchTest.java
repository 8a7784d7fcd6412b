package dev.trader.replay.trading;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.OperatorCommandDecoder;
import dev.trader.codecs.sbe.OperatorCommandType;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.Reason;
import dev.trader.journal.JournalReader;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.ReplayFixtures;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import dev.trader.replay.ScheduledCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.trader.replay.trading.MomentumShortScenario.INSTRUMENT;
import static dev.trader.replay.trading.MomentumShortScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator kill switch end to end (seed 004 "Security and safety": "Kill switch: Set size to zero, cancel all
 * orders"; docs/trading.md "Operator commands"): commands scheduled into a backtest of {@link MomentumShortScenario}'s
 * market traded by two momentum_short strategies (ids 1 and 2, the golden test's settings), so two shorts are open
 * when the kill switch arrives.
 *
 * <p>Without commands each strategy enters at the close of bars 2, 7, 21, 37 and 45 (C_i = T0 + 5 (i + 1) s; see
 * MomentumShortGoldenTest): bar 7's shorts are entered at C_7 = T0 + 40 s and would be held until the take-profit at
 * C_12. KILL_SWITCH at T0 + 41 s (published before the depth update of T0 + 42.5 s) must cancel everything, close
 * both at market (BUY at the best ask 49751.0: the book is centred on bar 7's close 49750.0), then block bar 21's
 * entries (C_21 = T0 + 110 s); RESUME at T0 + 150 s (10:02:30, the gate is closed that minute) lets bar 37's entries
 * (C_37 = T0 + 190 s) through.
 */
class KillSwitchTest
{
    private static final long S = 1_000_000_000L;
    private static final long KILL_NS = T0 + 41 * S;
    private static final long RESUME_NS = T0 + 150 * S;
    private static final long POS1 = (1L << 32) | 3;
    private static final long POS2 = (2L << 32) | 3;

    @TempDir
    Path dir;

    private static long c(final int bar)
    {
        return T0 + (bar + 1) * 5 * S;
    }

    @Test
    void killSwitchCancelsFlattensAndBlocksEntriesUntilResume() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = twoStrategies(dir);
        final OperatorSchedule schedule = OperatorSchedule.of(List.of(
            ScheduledCommand.parse("KILL_SWITCH@2024-01-01T10:00:41Z", "test kill"),
            ScheduledCommand.parse("RESUME@2024-01-01T10:02:30Z", "test resume")));
        final Path run = dir.resolve("run");
        final RunResult result = ReplayRunner.run(journal, config, run, schedule);

        // the commands are inputs: journaled in input/, at their times, just before the first later journal event
        final List<long[]> commands = commands(run.resolve(ReplayRunner.INPUT_DIR));
        assertEquals(2, commands.size());
        // KILL_SWITCH at T0 + 41 s, every instrument and strategy, just before bar 8's depth update (T0 + 42.5 s)
        assertEquals(List.of(KILL_NS, (long)OperatorCommandType.KILL_SWITCH.value(), 0L, 0L, T0 + 42_500_000_000L),
            row(commands.get(0)));
        // RESUME at T0 + 150 s, just before bar 30's trade (T0 + 150 s: receiveTsNs >= its time)
        assertEquals(List.of(RESUME_NS, (long)OperatorCommandType.RESUME.value(), 0L, 0L, T0 + 150 * S), row(commands.get(1)));
        assertEquals(2L, ((java.util.Map<?, ?>)result.summary().get("inputCounts")).get("OperatorCommand"));
        final Out out = read(run.resolve(ReplayRunner.OUTPUT_DIR));

        // the open positions just before the kill switch: both strategies' bar-7 shorts
        final Set<Long> openAtKill = new TreeSet<>();
        for (final long[] f : out.fills)
        {
            if (f[0] < KILL_NS && f[2] == 0)
            {
                openAtKill.add(f[1]);
            }
        }
        for (final long[] t : out.closed)
        {
            if (t[0] < KILL_NS)
            {
                openAtKill.remove(t[1]);
            }
        }
        assertEquals(Set.of(POS1, POS2), openAtKill, "two shorts open when the kill switch arrives");

        // 1. RiskEvent KILL_SWITCH, rule kill_switch, scope 0 / 0
        final List<Risk> kills = out.risk.stream().filter(r -> r.action == RiskAction.KILL_SWITCH).collect(Collectors.toList());
        assertEquals(List.of(new Risk(KILL_NS, 0, 0, 0, "kill_switch", RiskAction.KILL_SWITCH)), kills);

        // 2. cancel-all (orderId 0), then a reduce-only MARKET BUY per open position, reason RISK_KILL_SWITCH
        final List<Ord> atKill = out.orders.stream().filter(o -> o.ts == KILL_NS).collect(Collectors.toList());
        assertEquals(3, atKill.size(), atKill.toString());
        assertEquals(OrderAction.CANCEL, atKill.get(0).action);
        assertEquals(0L, atKill.get(0).orderId, "cancel every working order");
        assertEquals(0, atKill.get(0).strategyId);
        assertEquals(0, atKill.get(0).instrumentId);
        final Set<Long> exited = new TreeSet<>();
        for (final Ord o : atKill.subList(1, 3))
        {
            assertEquals(OrderAction.NEW, o.action);
            assertEquals(OrderType.MARKET, o.type);
            assertEquals(Side.BUY, o.side, "a short is closed by buying");
            assertTrue(o.reduceOnly, "kill switch exits are reduce-only");
            assertEquals(Reason.RISK_KILL_SWITCH.code(), o.reason);
            assertEquals(15L, o.qty, "the whole position (0.015)");
            exited.add(o.positionId);
        }
        assertEquals(openAtKill, exited, "every open position gets an exit");

        // 3. both close at T0 + 41 s at the best ask 49751.0, exit reason risk_kill_switch
        final List<long[]> killed = out.closed.stream().filter(t -> t[3] == Reason.RISK_KILL_SWITCH.code())
            .collect(Collectors.toList());
        assertEquals(2, killed.size());
        for (final long[] t : killed)
        {
            assertEquals(KILL_NS, t[0]);
            assertTrue(openAtKill.contains(t[1]));
            assertEquals(497510L, t[4], "exit at 49751.0 (price mantissa x 10)");
        }
        assertTrue(Files.readString(run.resolve("trades.csv")).contains(",momentum_trigger,risk_kill_switch"));

        // 4. entries blocked by kill_switch until RESUME: bar 21's two ENTER_SHORTs (one per strategy)
        final List<Risk> blocked = out.risk.stream()
            .filter(r -> r.action == RiskAction.BLOCKED && r.rule.equals("kill_switch")).collect(Collectors.toList());
        assertEquals(2, blocked.size(), blocked.toString());
        final List<long[]> entriesWhileKilled = out.decisions.stream()
            .filter(d -> d[0] > KILL_NS && d[0] < RESUME_NS && d[2] == 1).collect(Collectors.toList());
        assertEquals(2, entriesWhileKilled.size(), "bar 21: one entry signal per strategy");
        for (int i = 0; i < 2; i++)
        {
            assertEquals(c(21), blocked.get(i).ts);
            assertEquals(entriesWhileKilled.get(i)[1], blocked.get(i).decisionId, "the blocked event names the decision");
        }
        assertTrue(out.orders.stream().noneMatch(o -> o.ts > KILL_NS && o.ts < RESUME_NS && o.action == OrderAction.NEW),
            "no order at all between the kill switch and RESUME");
        assertTrue(out.fills.stream().noneMatch(f -> f[0] > KILL_NS && f[0] < RESUME_NS), "no fill while killed");

        // 5. RESUMED at T0 + 150 s, then entries again: bar 37 and bar 45 entries of both strategies fill
        final List<Risk> resumed = out.risk.stream().filter(r -> r.action == RiskAction.RESUMED).collect(Collectors.toList());
        assertEquals(List.of(new Risk(RESUME_NS, 0, 0, 0, "kill_switch", RiskAction.RESUMED)), resumed);
        final List<Ord> entriesAfter = out.orders.stream()
            .filter(o -> o.ts > RESUME_NS && o.action == OrderAction.NEW && !o.reduceOnly).collect(Collectors.toList());
        assertEquals(List.of(c(37), c(37), c(45), c(45)), entriesAfter.stream().map(o -> o.ts).collect(Collectors.toList()));
        assertEquals(Set.of(1, 2), entriesAfter.stream().map(o -> o.strategyId).collect(Collectors.toSet()));

        // trades: per strategy bar 2 (stop), bar 7 (kill switch), bar 37 (max hold), bar 45 (end of data)
        assertEquals(8L, result.outputCounts().get("TradeClosed").longValue());
        TradingAssertions.assertAccountingIdentity(run);

        // replaying the run's input/ (commands included, no schedule) gives the same output
        final RunResult again = ReplayRunner.run(run.resolve(ReplayRunner.INPUT_DIR), config, dir.resolve("again"));
        assertEquals(result.outputSha256(), again.outputSha256(), "input/ reproduces the run");
        assertEquals(result.inputEvents(), again.inputEvents());
    }

    @Test
    void killSwitchOnOneStrategyLeavesTheOtherTrading() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = twoStrategies(dir);
        final Path run = dir.resolve("run");
        ReplayRunner.run(journal, config, run, OperatorSchedule.of(List.of(
            ScheduledCommand.parse("KILL_SWITCH@2024-01-01T10:00:41Z:synthetic:BTCUSDT:2", "strategy 2 only"))));
        final Out out = read(run.resolve(ReplayRunner.OUTPUT_DIR));

        assertEquals(List.of(new Risk(KILL_NS, INSTRUMENT, 2, 0, "kill_switch", RiskAction.KILL_SWITCH)),
            out.risk.stream().filter(r -> r.action == RiskAction.KILL_SWITCH).collect(Collectors.toList()));
        // only strategy 2's position is closed by the switch; strategy 1's bar-7 short runs to its take-profit at C_12
        final List<long[]> killed = out.closed.stream().filter(t -> t[3] == Reason.RISK_KILL_SWITCH.code())
            .collect(Collectors.toList());
        assertEquals(1, killed.size());
        assertEquals(POS2, killed.get(0)[1]);
        assertTrue(out.closed.stream().anyMatch(t -> t[1] == POS1 && t[3] == Reason.TAKE_PROFIT.code() && t[0] == c(12)));
        // never resumed: strategy 2 is blocked at bars 21, 37 and 45; strategy 1 enters at each of them
        final List<Risk> blocked = out.risk.stream().filter(r -> r.action == RiskAction.BLOCKED).collect(Collectors.toList());
        assertEquals(List.of(c(21), c(37), c(45)), blocked.stream().map(r -> r.ts).collect(Collectors.toList()));
        assertTrue(blocked.stream().allMatch(r -> r.strategyId == 2 && r.rule.equals("kill_switch")), blocked.toString());
        assertEquals(List.of(c(21), c(37), c(45)), out.orders.stream()
            .filter(o -> o.ts > KILL_NS && o.action == OrderAction.NEW && !o.reduceOnly)
            .peek(o -> assertEquals(1, o.strategyId)).map(o -> o.ts).collect(Collectors.toList()));
        TradingAssertions.assertAccountingIdentity(run);
    }

    @Test
    void commandsAfterTheLastEventArePublishedBeforeEndOfStreamAndOrderIsEnforced() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = twoStrategies(dir);
        final Path run = dir.resolve("run");
        final RunResult result = ReplayRunner.run(journal, config, run, OperatorSchedule.of(List.of(
            ScheduledCommand.parse("KILL_SWITCH@2024-01-01T11:00:00Z", "after the data"))));
        final List<long[]> commands = commands(run.resolve(ReplayRunner.INPUT_DIR));
        assertEquals(1, commands.size());
        assertEquals(T0 + 3600 * S, commands.get(0)[0]);
        assertEquals(-1L, commands.get(0)[4], "the last input event");
        // the switch is published before end of stream, so it closes bar 45's two shorts and END_OF_DATA finds none
        final Out out = read(run.resolve(ReplayRunner.OUTPUT_DIR));
        assertEquals(2L, out.closed.stream().filter(t -> t[3] == Reason.RISK_KILL_SWITCH.code()).count());
        assertEquals(0L, out.closed.stream().filter(t -> t[3] == Reason.END_OF_DATA.code()).count());
        assertEquals(1L, ((java.util.Map<?, ?>)result.summary().get("inputCounts")).get("OperatorCommand"));
        TradingAssertions.assertAccountingIdentity(run);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> OperatorSchedule.of(List.of(
            ScheduledCommand.parse("RESUME@2024-01-01T11:00:00Z", ""),
            ScheduledCommand.parse("KILL_SWITCH@2024-01-01T10:00:00Z", ""))));
        assertTrue(ex.getMessage().contains("time order"), ex.getMessage());
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ReplayRunner.run(journal,
            config, dir.resolve("bad"), OperatorSchedule.of(List.of(
                ScheduledCommand.parse("KILL_SWITCH@2024-01-01T10:00:00Z:binance:NOPEUSDT", "")))));
        assertTrue(unknown.getMessage().contains("NOPEUSDT"), unknown.getMessage());
    }

    // ------------------------------------------------------------------ config and journal reading

    /** The golden test's config with a second, identical momentum_short (id 2). */
    static TraderConfig twoStrategies(final Path dir) throws IOException
    {
        Files.writeString(dir.resolve("hazard.csv"), MomentumShortScenario.HAZARD_CSV);
        final Path instruments = ReplayFixtures.rootDir().resolve("configs").resolve("instruments.yaml");
        final StringBuilder yaml = new StringBuilder()
            .append("instruments: ").append(instruments.toAbsolutePath()).append('\n')
            .append("engine: { timeStages: false }\n")
            .append("bars: { intervals: [5s, 1m] }\n")
            .append("features: { enabled: false }\n")
            .append("hazard: { enabled: true, source: csv, file: hazard.csv, threshold: 0.5, barInterval: 5s,")
            .append(" instrument: \"synthetic:BTCUSDT\" }\n")
            .append("strategies:\n");
        for (int id = 1; id <= 2; id++)
        {
            yaml.append("  - type: momentum_short\n")
                .append("    id: ").append(id).append('\n')
                .append("    name: momentum_").append(id).append('\n')
                .append("    instrument: \"synthetic:BTCUSDT\"\n")
                .append("    barInterval: 5s\n")
                .append("    rollingBars: 2\n")
                .append("    downsideThreshold: -0.003\n")
                .append("    stopLoss: 0.004\n")
                .append("    takeProfit: 0.003\n")
                .append("    maxHoldBars: 6\n");
        }
        yaml.append("risk:\n")
            .append("  barInterval: 1m\n")
            .append("  reboundKillPct: 0\n")
            .append("  lossCooldown: { afterLosses: 0 }\n")
            .append("  streakHalving: { afterLosses: 0 }\n")
            .append("  sizing: { mode: fixed_qty, qty: 0.015 }\n")
            .append("costs: { takerFee: 0.0004, makerFee: 0.0002 }\n")
            .append("paper: { fillModel: book, orderLatency: 0ms, feedLatency: 0ms }\n")
            .append("accounting: { initialEquity: 100000.0, equityInterval: 1m, fundingSource: none }\n");
        final Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml.toString());
        return TraderConfig.load(file);
    }

    record Risk(long ts, int instrumentId, int strategyId, long decisionId, String rule, RiskAction action)
    {
    }

    record Ord(long ts, long orderId, int strategyId, int instrumentId, OrderAction action, OrderType type, Side side,
        boolean reduceOnly, long qty, long positionId, int reason)
    {
    }

    /** The output journal's trading events; long[] rows documented per list. */
    static final class Out
    {
        /** {receiveTsNs, decisionId, 1 = entry / 0 = exit}. */
        final List<long[]> decisions = new ArrayList<>();
        final List<Risk> risk = new ArrayList<>();
        final List<Ord> orders = new ArrayList<>();
        /** {receiveTsNs, positionId, 1 = reduce-only / 0 = entry}. */
        final List<long[]> fills = new ArrayList<>();
        /** {exitTsNs, positionId, entryReason, exitReason, exitPrice x 10}. */
        final List<long[]> closed = new ArrayList<>();
    }

    static Out read(final Path journal)
    {
        final Out out = new Out();
        final DecisionDecoder d = new DecisionDecoder();
        final RiskEventDecoder r = new RiskEventDecoder();
        final OrderDecoder o = new OrderDecoder();
        final FillDecoder f = new FillDecoder();
        final TradeClosedDecoder t = new TradeClosedDecoder();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final int body = offset + Events.HEADER_LENGTH;
                final int block = Events.blockLength(buffer, offset);
                final int version = Events.version(buffer, offset);
                switch (Events.templateId(buffer, offset))
                {
                    case DecisionDecoder.TEMPLATE_ID:
                        d.wrap(buffer, body, block, version);
                        out.decisions.add(new long[]{d.receiveTsNs(), d.decisionId(),
                            d.action().name().startsWith("ENTER") ? 1 : 0});
                        break;
                    case RiskEventDecoder.TEMPLATE_ID:
                        r.wrap(buffer, body, block, version);
                        out.risk.add(new Risk(r.receiveTsNs(), r.instrumentId(), r.strategyId(), r.decisionId(), r.rule(),
                            r.action()));
                        break;
                    case OrderDecoder.TEMPLATE_ID:
                        o.wrap(buffer, body, block, version);
                        out.orders.add(new Ord(o.receiveTsNs(), o.orderId(), o.strategyId(), o.instrumentId(), o.action(),
                            o.orderType(), o.side(), o.reduceOnly() == BooleanType.T, o.qty(), o.positionId(), o.reasonCode()));
                        break;
                    case FillDecoder.TEMPLATE_ID:
                        f.wrap(buffer, body, block, version);
                        out.fills.add(new long[]{f.receiveTsNs(), f.positionId(), f.reduceOnly() == BooleanType.T ? 1 : 0});
                        break;
                    case TradeClosedDecoder.TEMPLATE_ID:
                        t.wrap(buffer, body, block, version);
                        out.closed.add(new long[]{t.exchangeTsNs(), t.positionId(), t.entryReason(), t.exitReason(),
                            Math.round(t.exitPrice() * 10)});
                        break;
                    default:
                        break;
                }
            });
        }
        return out;
    }

    private static List<Long> row(final long[] r)
    {
        return List.of(r[0], r[1], r[2], r[3], r[4]);
    }

    /**
     * The OperatorCommands of an input journal: {time, command, instrumentId, strategyId, receiveTsNs of the input
     * event just after it (-1 when it is the last input event)}.
     */
    static List<long[]> commands(final Path input)
    {
        final List<long[]> found = new ArrayList<>();
        final OperatorCommandDecoder c = new OperatorCommandDecoder();
        final long[][] pending = {null};
        try (JournalReader reader = new JournalReader(input))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (pending[0] != null)
                {
                    pending[0][4] = Events.receiveTsNs(buffer, offset);
                    pending[0] = null;
                }
                if (Events.templateId(buffer, offset) == OperatorCommandDecoder.TEMPLATE_ID)
                {
                    c.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset),
                        Events.version(buffer, offset));
                    final long[] row = {c.receiveTsNs(), c.commandRaw(), c.instrumentId(), c.strategyId(), -1};
                    found.add(row);
                    pending[0] = row;
                }
            });
        }
        return found;
    }
}
