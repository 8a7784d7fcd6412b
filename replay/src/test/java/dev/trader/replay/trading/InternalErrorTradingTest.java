package dev.trader.replay.trading;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.Reason;
import dev.trader.replay.OperatorSchedule;
import dev.trader.replay.ReplayFixtures;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import dev.trader.replay.ScheduledCommand;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.trader.replay.trading.MomentumShortScenario.INSTRUMENT;
import static dev.trader.replay.trading.MomentumShortScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine thread never dies on data (issue #9), end to end on {@link KillSwitchTest}'s market and two momentum_short
 * strategies: a stage that throws on the first trade at or after T0 + 41 s is contained. The run goes on (bars,
 * decisions, exits), an INTERNAL_ERROR InputReject is journaled, risk blocks every later entry on the instrument
 * ({@code instrument_untrusted}: bars 21, 37 and 45, two strategies each) while bar 7's shorts still reach their
 * take-profit at C_12, and the output is the same on every run. An operator RESUME for all strategies lifts the block.
 */
class InternalErrorTradingTest
{
    private static final long S = 1_000_000_000L;
    private static final long FAULT_NS = T0 + 41 * S;
    private static final long RESUME_NS = T0 + 150 * S;

    @TempDir
    Path dir;

    /** Throws once, on the first trade received at or after {@link #FAULT_NS}. */
    private static final class Fragile implements Stage
    {
        private final TradeDecoder trade = new TradeDecoder();
        private boolean thrown;
        long eventsAfter;

        @Override
        public String name()
        {
            return "fragile";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (thrown)
            {
                eventsAfter++;
                return;
            }
            if (event.templateId() == TradeDecoder.TEMPLATE_ID && event.receiveTsNs() >= FAULT_NS)
            {
                thrown = true;
                trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                throw new ArithmeticException("long overflow at trade " + trade.tradeId());
            }
        }
    }

    private static long c(final int bar)
    {
        return T0 + (bar + 1) * 5 * S;
    }

    @Test
    void shouldContainTheFailureBlockEntriesOnTheInstrumentAndStayDeterministic() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = KillSwitchTest.twoStrategies(dir);
        final Fragile fragile = new Fragile();
        final RunResult result = ReplayRunner.run(journal, config, dir.resolve("run"), List.of(fragile));
        final Path output = dir.resolve("run").resolve(ReplayRunner.OUTPUT_DIR);

        assertEquals(1L, result.summary().get("internalErrors"));
        assertEquals(Map.of("fragile", 1L), result.summary().get("internalErrorsByStage"));
        assertTrue(fragile.eventsAfter > 100, "later events reached the stage: " + fragile.eventsAfter);
        final List<String[]> rejects = internalErrors(output);
        assertEquals(1, rejects.size());
        assertEquals("fragile", rejects.get(0)[0]);
        assertEquals(String.valueOf(INSTRUMENT), rejects.get(0)[1]);
        assertTrue(rejects.get(0)[2].startsWith("java.lang.ArithmeticException: long overflow at trade "), rejects.get(0)[2]);

        final KillSwitchTest.Out out = KillSwitchTest.read(output);
        // entries on the instrument are blocked from then on: bars 21, 37 and 45, both strategies
        final List<KillSwitchTest.Risk> blocked = out.risk.stream()
            .filter(r -> r.action() == RiskAction.BLOCKED && r.rule().equals("instrument_untrusted")).collect(Collectors.toList());
        assertEquals(List.of(c(21), c(21), c(37), c(37), c(45), c(45)), blocked.stream().map(KillSwitchTest.Risk::ts).toList());
        assertTrue(blocked.stream().allMatch(r -> r.instrumentId() == INSTRUMENT));
        assertTrue(out.orders.stream().noneMatch(o -> o.ts() > FAULT_NS && o.action() == OrderAction.NEW && !o.reduceOnly()),
            "no entry order after the failure");
        // exits go on: bar 7's shorts (entered at C_7 = T0 + 40 s, just before the failure) take profit at C_12
        assertEquals(2L, out.closed.stream().filter(t -> t[0] == c(12) && t[3] == Reason.TAKE_PROFIT.code()).count());
        TradingAssertions.assertAccountingIdentity(dir.resolve("run"));

        final RunResult again = ReplayRunner.run(journal, config, dir.resolve("again"), List.of(new Fragile()));
        assertEquals(result.outputSha256(), again.outputSha256(), "the same output every run");
        final RunResult replayed = ReplayRunner.run(dir.resolve("run").resolve(ReplayRunner.INPUT_DIR), config, dir.resolve("input"),
            List.of(new Fragile()));
        assertEquals(result.outputSha256(), replayed.outputSha256(), "the run's input/ reproduces it");
    }

    @Test
    void shouldLetEntriesThroughAgainAfterAnOperatorResume() throws Exception
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = KillSwitchTest.twoStrategies(dir);
        ReplayRunner.run(journal, config, dir.resolve("run"), List.of(new Fragile()),
            OperatorSchedule.of(List.of(ScheduledCommand.parse("RESUME@2024-01-01T10:02:30Z", "the stage was fixed"))));
        final KillSwitchTest.Out out = KillSwitchTest.read(dir.resolve("run").resolve(ReplayRunner.OUTPUT_DIR));

        final List<KillSwitchTest.Risk> untrusted = out.risk.stream().filter(r -> r.rule().equals("instrument_untrusted"))
            .collect(Collectors.toList());
        assertEquals(List.of(RiskAction.BLOCKED, RiskAction.BLOCKED, RiskAction.RESUMED),
            untrusted.stream().map(KillSwitchTest.Risk::action).toList());
        assertEquals(List.of(c(21), c(21), RESUME_NS), untrusted.stream().map(KillSwitchTest.Risk::ts).toList());
        assertEquals(List.of(c(37), c(37), c(45), c(45)), out.orders.stream()
            .filter(o -> o.ts() > FAULT_NS && o.action() == OrderAction.NEW && !o.reduceOnly()).map(KillSwitchTest.Ord::ts).toList());
    }

    /** Each INTERNAL_ERROR InputReject as {source, instrumentId, detail}. */
    private static List<String[]> internalErrors(final Path output)
    {
        final List<String[]> result = new ArrayList<>();
        for (final byte[] e : ReplayFixtures.frames(output))
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            if (Events.templateId(b, 0) == InputRejectDecoder.TEMPLATE_ID)
            {
                final InputRejectDecoder d = new InputRejectDecoder().wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0),
                    Events.version(b, 0));
                if (d.reason() == RejectReason.INTERNAL_ERROR)
                {
                    final String source = d.source();
                    final String instrument = String.valueOf(d.instrumentId());
                    result.add(new String[]{source, instrument, d.detail()});
                }
            }
        }
        return result;
    }
}
