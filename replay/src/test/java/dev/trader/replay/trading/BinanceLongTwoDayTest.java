package dev.trader.replay.trading;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.engine.Instrument;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.Money;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Seed 000's binance_long on two real days of Binance spot BTCUSDT 1 m klines (2020-01-01 and -02, Binance Vision)
 * through the full plan, P(win) from a generated lean_v1 logistic model in the model slot
 * ({@code sigmoid(200 x logret_1 + 0.3 x rv_z20 + 0.2)}: about 0.55, moving with the last return and the volatility
 * regime). BTC fell on those days, so most longs lose: the run shows that seed 000's guard rules hold
 * ("cooldown_after_losses: 4, cooldown_bars: 60" and never 5 losses in a row: {@code risk.lossCooldown},
 * {@code risk.maxConsecutiveLosses: 5}) and a control run without them shows the 5-loss streak they prevent.
 * The money is checked from the output journal's events: {@code initial + realized - fees - funding == cash}, exact
 * in 1e-8 mantissas.
 */
class BinanceLongTwoDayTest
{
    @TempDir
    Path tmp;

    private Path journal;
    private Path manifest;

    @BeforeEach
    void importDays() throws Exception
    {
        SharedFixtures.require(BinanceLongRuns.DAY1);
        SharedFixtures.require(BinanceLongRuns.DAY2);
        manifest = BinanceLongRuns.manifest(tmp, "pwin-lean_v1", 0.2f, "logret_1", 200.0f, "rv_z20", 0.3f);
        final Instrument btc = config(0.55, true).instruments().resolve("binance-spot:BTCUSDT");
        journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            final BinanceVisionImporter importer = new BinanceVisionImporter();
            importer.importFile(BinanceLongRuns.DAY1, btc, writer);
            importer.importFile(BinanceLongRuns.DAY2, btc, writer);
        }
    }

    @Test
    void shouldKeepTheMoneyIdentityExactAndBeDeterministic() throws Exception
    {
        final TraderConfig config = config(0.55, true);
        final RunResult a = ReplayRunner.run(journal, config, tmp.resolve("a"));
        final RunResult b = ReplayRunner.run(journal, config, tmp.resolve("b"));
        assertEquals(a.outputSha256(), b.outputSha256(), "same input, same config: the same output journal");
        assertEquals(Files.readString(tmp.resolve("a/trades.csv")), Files.readString(tmp.resolve("b/trades.csv")));

        final BinanceLongRuns.Output out = BinanceLongRuns.read(tmp.resolve("a"));
        assertTrue(out.trades.size() > 0, "the strategy trades: " + a.summary());
        assertIdentity(out);
        // every trade's own net = gross - fees - funding, and the ledger sums to the Account's cumulative values
        for (final BinanceLongRuns.TradeRow t : out.trades)
        {
            assertEquals(t.gross() - t.fees() - t.funding(), t.net());
        }
        assertEquals(out.feesFromFills(), out.trades.stream().mapToLong(BinanceLongRuns.TradeRow::fees).sum(),
            "each fill's fee lands in exactly one closed trade (everything is flat at the end)");
        assertEquals(out.fundingSum, out.trades.stream().mapToLong(BinanceLongRuns.TradeRow::funding).sum());
        assertTrue(out.fundingEvents > 0, "config funding settles at 00:00/08:00/16:00 on open positions");
    }

    @Test
    void shouldNeverShowFiveLossesInARowWithTheSeedGuardsOnButDoWithoutThem() throws Exception
    {
        // control: both rules off -> the falling market gives a streak of 5+ losses (so the guarded assertion can fail)
        final RunResult control = ReplayRunner.run(journal, config(0.55, false), tmp.resolve("control"));
        final List<String[]> controlRows = BinanceLongRuns.tradesCsv(tmp.resolve("control"));
        final int controlStreak = BinanceLongRuns.maxConsecutiveLosses(controlRows);
        assertTrue(controlStreak >= 5, "without the guards the longs lose 5+ in a row: " + controlStreak + " over "
            + controlRows.size() + " trades " + control.summary().get("riskCounters"));
        assertEquals(((Number)control.summary().get("maxConsecutiveLosses")).intValue(), controlStreak);
        System.out.printf("two days, guards off (p* 0.55): %d trades, longest losing streak %d%n", controlRows.size(), controlStreak);
        final BinanceLongRuns.Output controlOut = BinanceLongRuns.read(tmp.resolve("control"));
        assertEquals(0, controlOut.rules("loss_cooldown", "HALTED") + controlOut.rules("sequence_guard", "HALTED"));
        assertIdentity(controlOut);

        for (final double pStar : new double[]{0.5, 0.55, 0.6})
        {
            final Path dir = tmp.resolve("guarded-" + pStar);
            final RunResult run = ReplayRunner.run(journal, config(pStar, true), dir);
            final List<String[]> rows = BinanceLongRuns.tradesCsv(dir);
            final BinanceLongRuns.Output out = BinanceLongRuns.read(dir);
            assertTrue(rows.size() > 0, "p* " + pStar + ": trades");
            final int streak = BinanceLongRuns.maxConsecutiveLosses(rows);
            assertTrue(streak <= 4, "p* " + pStar + ": seed 000 never 5 losses in a row, got " + streak);
            System.out.printf("two days, guards on (p* %.2f): %d trades, longest losing streak %d%n", pStar, rows.size(), streak);
            assertIdentity(out);
            // in this falling market every p* meets a 4-loss streak: the 4th loss starts the cooldown
            // (value = streak 4, threshold = afterLosses 4) and the sequence guard halts the strategy at M - 1 = 4
            final BinanceLongRuns.RiskRow cooldown = out.risk.stream()
                .filter(r -> r.rule().equals("loss_cooldown") && r.action().equals("HALTED")).findFirst().orElseThrow();
            assertEquals(4.0, cooldown.value());
            assertEquals(4.0, cooldown.threshold());
            final BinanceLongRuns.RiskRow guard = out.risk.stream()
                .filter(r -> r.rule().equals("sequence_guard") && r.action().equals("HALTED")).findFirst().orElseThrow();
            assertEquals(4.0, guard.value());
            assertEquals(4.0, guard.threshold());
            assertTrue(out.rules("sequence_guard", "BLOCKED") >= 1, "entries after the halt are blocked: " + out.risk);
            // risk-pre polls the ledger on the next 1m bar after the 4th loss closed (it runs before the venue/accounting)
            assertEquals(out.trades.get(out.trades.size() - 1).exitTsNs() + 60_000_000_000L, guard.tsNs(),
                "halted on the bar after the 4th loss closed");
            assertTrue(rows.size() < controlRows.size(), "the guard stops trading the falling market");
            @SuppressWarnings("unchecked")
            final java.util.Map<String, java.util.Map<String, Long>> counters =
                (java.util.Map<String, java.util.Map<String, Long>>)run.summary().get("riskCounters");
            assertEquals(1L, counters.get("sequence_guard").get("HALTED"), "summary riskCounters by rule name");
        }
    }

    /** initial + realized - fees - funding == cash, from the events (fills, closed trades, funding) and the last Account. */
    static void assertIdentity(final BinanceLongRuns.Output out)
    {
        final long initial = Money.of(1000.0);
        assertEquals(0, out.lastOpenPositions, "flat at the end of data");
        assertEquals(out.grossFromTrades(), out.lastRealized, "realized = sum of closed trades' gross");
        assertEquals(out.feesFromFills(), out.lastFees, "fees = sum of fill fees");
        assertEquals(out.fundingSum, out.lastFunding, "funding = sum of Funding amounts");
        assertEquals(initial + out.grossFromTrades() - out.feesFromFills() - out.fundingSum, out.lastCash,
            "initial + realized - fees - funding == cash (1e-8 mantissas)");
        assertEquals(out.lastCash, out.lastEquity);
    }

    private TraderConfig config(final double pStar, final boolean guards) throws Exception
    {
        final Path file = tmp.resolve("config-" + pStar + "-" + guards + ".yaml");
        Files.writeString(file, "instruments: " + BinanceLongRuns.ROOT.toAbsolutePath().resolve("configs/instruments.yaml") + "\n"
            + "bars: { intervals: [1m, 5m, 15m, 1h] }\n"
            + "features: { enabled: true, set: lean_v1 }\n"
            + "model: { enabled: true, manifest: " + (manifest == null ? "none.yaml" : manifest) + ", barInterval: 1m }\n"
            + "strategies:\n"
            + "  - { type: binance_long, id: 2, instrument: binance-spot:BTCUSDT, pStar: " + pStar + " }\n"
            + "risk: { barInterval: 1m, maxNotionalFrac: 1.0, maxHoldBars: 60, reboundKillPct: 0, streakHalving: { afterLosses: 0 },"
            + " lossCooldown: { afterLosses: " + (guards ? 4 : 0) + ", bars: 60 }, maxConsecutiveLosses: " + (guards ? 5 : 0) + " }\n"
            + "paper: { fillModel: bars, barInterval: 1m }\n"
            + "accounting: { initialEquity: 1000, fundingSource: config, fundingRate: 0.0001, fundingInterval: 8h }\n");
        return TraderConfig.load(file);
    }
}
