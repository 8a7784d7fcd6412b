package dev.trader.replay.trading;

import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.Reason;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 000's binance_long through the whole plan (klines -> bars -> lean_v1 features -> ONNX model slot -> strategy
 * -> risk -> paper venue in bars mode -> accounting), on a hand-built 1 m kline file whose P(win) is forced by the
 * model's weights: {@code P(win) = sigmoid(300 x logret_1 - 1)}. The warm-up wiggles by less than 0.12 % a bar
 * (P(win) < 0.34), two scripted bars jump +1 % ({@code ln 1.01 = 0.00995}, P(win) = sigmoid(1.985) = 0.879 >= p* 0.6),
 * so exactly two entries happen. The first position reaches its take-profit, the second meets a bar that reaches
 * both its take-profit and its stop, which resolves as the stop (seed 000 conservative, {@code paper.sameBar:
 * stop_first}). Every expected number below is computed by hand (the arithmetic is in the comments).
 *
 * <p>The take-profit and the stop are venue-attached brackets (binance_long is a {@code BracketPolicy}): the venue
 * creates them at the entry's fill, so the bar right after the entry's bar is already checked (seed 000's forward
 * scan). {@link #shouldStopOutOnTheBarRightAfterTheEntrysBar} proves it on a bar the old strategy-placed exits missed.
 */
class BinanceLongGoldenTest
{
    private static final long T0_MS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    private static final int WARM = 400;

    @TempDir
    Path tmp;

    @Test
    void shouldEnterAtNextCloseAndExitAtTheSeedTakeProfitThenAtTheStopOnASameBarConflict() throws Exception
    {
        final Path csv = tmp.resolve("BTCUSDT-1m-2024-01-01.csv");
        Files.writeString(csv, klines());
        final Path manifest = BinanceLongRuns.manifest(tmp, "golden", -1.0f, "logret_1", 300.0f);
        final TraderConfig config = TraderConfig.load(writeConfig(manifest));
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(csv, config.instruments().resolve("binance-spot:BTCUSDT"), writer);
        }
        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        assertTrue(run.outputCounts().getOrDefault("ModelScore", 0L) > 50, "the model scores once warm: " + run.outputCounts());

        final BinanceLongRuns.Output out = BinanceLongRuns.read(tmp.resolve("run"));
        // Decisions: the 2 entries only (the take-profits and stops are venue brackets, not Decisions; when the
        // strategy placed them itself there were 2 + 2 x 2 = 6); Orders: the 2 entries; OrderUpdates: per entry ACKED +
        // FILLED, per bracket 2 children ACKED, one FILLED, the other CANCELED by OCO: 2 x (2 + 4) = 12
        assertEquals(2L, run.outputCounts().get("Decision"), "decisions: " + run.outputCounts());
        assertEquals(2L, run.outputCounts().get("Order"), "orders: " + run.outputCounts());
        assertEquals(12L, run.outputCounts().get("OrderUpdate"), "order updates: " + run.outputCounts());
        // 2 entries + 2 exits; the other exit of each position is canceled by OCO
        assertEquals(4, out.fills.size(), "fills: " + out.fills);
        assertEquals(2, out.trades.size(), "trades: " + out.trades);

        // ---- trade 1: the trigger bar (index WARM) closes at 7070.00, P(win) = 0.879 >= 0.6: ENTER_LONG MARKET
        // qty = floor_to_lot(M x L / refClose) = floor_to_lot(10 x 55 / 7070.00) = floor(0.0777934..., 0.00001) = 0.07779
        // (qty mantissa at 1e-6: 77790); filled at the NEXT bar's close (index WARM + 1): E = 7060.00 (seed next_close)
        final BinanceLongRuns.FillRow entry1 = out.fills.get(0);
        assertTrue(entry1.buy() && !entry1.maker() && !entry1.reduceOnly());
        assertEquals(706_000L, entry1.price());
        assertEquals(77_790L, entry1.qty());
        assertEquals(closeNs(WARM + 1), entry1.tsNs(), "fills on the close of the bar after the decision");
        assertEquals(Reason.PWIN_ABOVE_THRESHOLD.code(), entry1.reasonCode());
        // N = 7060.00 x 0.07779 = 549.19740000; taker fee = 549.1974 x 0.00045 = 0.24713883 (exact)
        assertEquals(24_713_883L, entry1.fee());
        assertEquals(0.00045, entry1.feeRate());
        // P_tp = E + (15 + N x 2 x 0.00045) / Q = 7060 + (15 + 0.49427766) / 0.07779 = 7259.18084... -> up to tick 7259.19
        // P_liq = E + (N x 0.004 - N / 55 + N x 0.00045) / Q = 7060 x (1 + 0.004 - 1/55 + 0.00045) = 6963.05336... -> 6963.06
        // Bars WARM+2..WARM+4 stay in [7056, 7066]; bar WARM+5 (high 7265, low 7060) reaches the take-profit only.
        final BinanceLongRuns.FillRow exit1 = out.fills.get(1);
        assertFalse(exit1.buy());
        assertTrue(exit1.reduceOnly());
        assertEquals(725_919L, exit1.price(), "the take-profit LIMIT fills at exactly its price");
        assertEquals(77_790L, exit1.qty());
        assertEquals(closeNs(WARM + 5), exit1.tsNs());
        assertEquals(Reason.TP_TARGET.code(), exit1.reasonCode());
        assertEquals((1L << 40) + 1, exit1.orderId(), "the first venue-attached child (the take-profit)");
        // The TP is a resting LIMIT, so the venue charges it as MAKER (0.00018), not the taker rate the seed's P_tp
        // formula assumes (takerBothSides): exit notional = 7259.19 x 0.07779 = 564.69239010,
        // maker fee = 564.6923901 x 0.00018 = 0.101644630218 -> 0.10164463 (half-even at 1e-8)
        assertTrue(exit1.maker(), "a resting take-profit limit is a maker fill");
        assertEquals(0.00018, exit1.feeRate());
        assertEquals(10_164_463L, exit1.fee());
        final BinanceLongRuns.TradeRow t1 = out.trades.get(0);
        // gross = (7259.19 - 7060.00) x 0.07779 = 199.19 x 0.07779 = 15.49499010
        assertEquals(1_549_499_010L, t1.gross());
        // fees = 0.24713883 + 0.10164463 = 0.34878346; net = 15.4949901 - 0.34878346 = 15.14620664 (> 15 target: the
        // maker exit is cheaper than the formula's taker; with a taker exit it would be 14.99373969, the seed formula
        // using the ENTRY notional for the exit fee)
        assertEquals(34_878_346L, t1.fees());
        assertEquals(0L, t1.funding());
        assertEquals(1_514_620_664L, t1.net());
        assertEquals(Reason.PWIN_ABOVE_THRESHOLD.code(), t1.entryReason());
        assertEquals(Reason.TP_TARGET.code(), t1.exitReason());

        // ---- trade 2: bar WARM+16 jumps 7080.00 -> 7150.80 (x 1.01): qty = floor_to_lot(550 / 7150.80) = 0.07691,
        // filled at the close of WARM+17: E = 7140.00; N = 7140 x 0.07691 = 549.13740000, fee = 0.247111830 -> 0.24711183
        final BinanceLongRuns.FillRow entry2 = out.fills.get(2);
        assertEquals(714_000L, entry2.price());
        assertEquals(76_910L, entry2.qty());
        assertEquals(closeNs(WARM + 17), entry2.tsNs());
        assertEquals(24_711_183L, entry2.fee());
        // P_tp = 7140 + (15 + 549.1374 x 0.0009) / 0.07691 = 7341.4591... -> 7341.46
        // P_liq = 7140 x (1 + 0.004 - 1/55 + 0.00045) = 7041.95481... -> 7041.96
        // bar WARM+20: open 7142, high 7400 >= 7341.46 and low 6900 <= 7041.96: both reached, stop_first -> the stop
        // fills at its trigger 7041.96 (the open 7142 did not gap through it), TAKER
        final BinanceLongRuns.FillRow exit2 = out.fills.get(3);
        assertFalse(exit2.buy());
        assertEquals(704_196L, exit2.price(), "stop first on a bar reaching both: fills at the stop price");
        assertEquals(closeNs(WARM + 20), exit2.tsNs());
        assertEquals(Reason.LIQUIDATION.code(), exit2.reasonCode());
        assertEquals((1L << 40) + 4, exit2.orderId(), "the second bracket's stop (children 3 = take-profit, 4 = stop)");
        assertFalse(exit2.maker());
        // exit notional = 7041.96 x 0.07691 = 541.59714360; taker fee = 0.243718714620 -> 0.24371871
        assertEquals(24_371_871L, exit2.fee());
        final BinanceLongRuns.TradeRow t2 = out.trades.get(1);
        // gross = (7041.96 - 7140.00) x 0.07691 = -98.04 x 0.07691 = -7.54025640
        assertEquals(-754_025_640L, t2.gross());
        // fees = 0.24711183 + 0.24371871 = 0.49083054; net = -7.5402564 - 0.49083054 = -8.03108694
        assertEquals(49_083_054L, t2.fees());
        assertEquals(-803_108_694L, t2.net());
        assertEquals(Reason.LIQUIDATION.code(), t2.exitReason());

        // ---- accounting: cash = 1000 + 15.4949901 - 7.5402564 - (0.34878346 + 0.49083054) - 0 = 1007.11511970
        assertEquals(100_711_511_970L, out.lastCash);
        assertEquals(out.lastCash, out.lastEquity, "flat at the end");
        assertEquals(0, out.lastOpenPositions);

        // ---- trades.csv carries the same rows with the reason labels
        final List<String[]> rows = BinanceLongRuns.tradesCsv(tmp.resolve("run"));
        assertEquals(2, rows.size());
        assertArrayEquals(new String[]{"0.077790", "7060.00", "7259.19", "15.49499010", "0.34878346", "15.14620664",
            "pwin_above_threshold", "tp_target"}, pick(rows.get(0)));
        assertArrayEquals(new String[]{"0.076910", "7140.00", "7041.96", "-7.54025640", "0.49083054", "-8.03108694",
            "pwin_above_threshold", "liquidation"}, pick(rows.get(1)));
    }

    /**
     * The fix for the one-event lag (docs/trading.md "Known limits", formerly): trigger at bar WARM (close 7070.00,
     * +1 %), entry filled at the close of WARM + 1 (E = 7060.00), and bar WARM + 2 already reaches the stop. The venue
     * created the bracket at the fill, so bar WARM + 2 is the first bar checked (seed 000 scans from the bar after the
     * entry) and the stop fills there. When the strategy placed the exits itself it learned of the fill on the first
     * event of WARM + 2 (its ModelScore, stamped with WARM + 2's close), so its exits were first checked on WARM + 3; no
     * later bar comes near the stop or the take-profit, and the position would have been closed only at end of data.
     */
    @Test
    void shouldStopOutOnTheBarRightAfterTheEntrysBar() throws Exception
    {
        final Path csv = tmp.resolve("BTCUSDT-1m-2024-01-01.csv");
        final StringBuilder sb = new StringBuilder();
        warmUp(sb);
        line(sb, WARM, 7000.00, 7071.00, 6999.00, 7070.00);     // trigger (+1 %): P(win) 0.879 >= 0.6
        line(sb, WARM + 1, 7070.00, 7072.00, 7055.00, 7060.00); // the entry fills at this close, E = 7060.00
        line(sb, WARM + 2, 7060.00, 7062.00, 6950.00, 6990.00); // low 6950 <= stop 6963.06 (open 7060 did not gap)
        double prev = 6990.0;
        for (int k = 0; k < 10; k++) // WARM+3 .. WARM+12: quiet in [6989, 6992], far from stop and take-profit
        {
            final double c = k % 2 == 0 ? 6991.0 : 6990.0;
            line(sb, WARM + 3 + k, prev, Math.max(prev, c) + 1.0, Math.min(prev, c) - 1.0, c);
            prev = c;
        }
        Files.writeString(csv, sb.toString());
        final Path manifest = BinanceLongRuns.manifest(tmp, "golden", -1.0f, "logret_1", 300.0f);
        final TraderConfig config = TraderConfig.load(writeConfig(manifest));
        final Path journal = tmp.resolve("klines");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new BinanceVisionImporter().importFile(csv, config.instruments().resolve("binance-spot:BTCUSDT"), writer);
        }
        final RunResult run = ReplayRunner.run(journal, config, tmp.resolve("run"));
        final BinanceLongRuns.Output out = BinanceLongRuns.read(tmp.resolve("run"));
        assertEquals(1L, run.outputCounts().get("Decision"), "the entry only: " + run.outputCounts());
        assertEquals(2, out.fills.size(), "fills: " + out.fills);
        assertEquals(1, out.trades.size());

        // entry as trade 1 of the other test: qty 0.07779, E = 7060.00 at WARM+1's close, taker fee 0.24713883
        final BinanceLongRuns.FillRow entry = out.fills.get(0);
        assertEquals(706_000L, entry.price());
        assertEquals(77_790L, entry.qty());
        assertEquals(closeNs(WARM + 1), entry.tsNs());
        assertEquals(24_713_883L, entry.fee());
        // P_liq = 7060 x (1 + 0.004 - 1/55 + 0.00045) = 6963.05336... -> up to the tick 6963.06; the stop fills at its
        // trigger on WARM+2, TAKER: notional 6963.06 x 0.07779 = 541.65643740, fee x 0.00045 = 0.243745396830
        // -> 0.24374540 (half-even at 1e-8)
        final BinanceLongRuns.FillRow stop = out.fills.get(1);
        assertEquals(closeNs(WARM + 2), stop.tsNs(), "on the bar right after the entry's bar (missed before the fix)");
        assertEquals(696_306L, stop.price());
        assertEquals(77_790L, stop.qty());
        assertFalse(stop.buy());
        assertFalse(stop.maker());
        assertTrue(stop.reduceOnly());
        assertEquals((1L << 40) + 2, stop.orderId(), "the bracket's stop child");
        assertEquals(Reason.LIQUIDATION.code(), stop.reasonCode());
        assertEquals(24_374_540L, stop.fee());
        final BinanceLongRuns.TradeRow t = out.trades.get(0);
        // gross = (6963.06 - 7060.00) x 0.07779 = -96.94 x 0.07779 = -7.54096260
        assertEquals(-754_096_260L, t.gross());
        // fees = 0.24713883 + 0.24374540 = 0.49088423; net = -7.5409626 - 0.49088423 = -8.03184683
        assertEquals(49_088_423L, t.fees());
        assertEquals(-803_184_683L, t.net());
        assertEquals(Reason.LIQUIDATION.code(), t.exitReason());
        // cash = 1000 - 8.03184683 = 991.96815317
        assertEquals(99_196_815_317L, out.lastCash);
        assertEquals(0, out.lastOpenPositions);
    }

    private static String[] pick(final String[] row)
    {
        // qty, entryPrice, exitPrice, grossPnl, fees, netPnl, entryReason, exitReason
        return new String[]{row[7], row[8], row[9], row[11], row[12], row[15], row[16], row[17]};
    }

    private static long closeNs(final int index)
    {
        return (T0_MS + (index + 1) * 60_000L) * 1_000_000L;
    }

    /** The kline file: WARM wiggling bars, then the scripted ones (open, high, low, close). */
    private static String klines()
    {
        final StringBuilder sb = new StringBuilder();
        warmUp(sb);
        final double[][] scripted = {
            {7000.00, 7071.00, 6999.00, 7070.00}, // WARM: trigger 1 (+1 %)
            {7070.00, 7072.00, 7055.00, 7060.00}, // WARM+1: entry 1 fills at this close
            {7060.00, 7064.00, 7056.00, 7062.00},
            {7062.00, 7066.00, 7058.00, 7061.00},
            {7061.00, 7065.00, 7057.00, 7063.00},
            {7063.00, 7265.00, 7060.00, 7080.00}, // WARM+5: reaches TP 7259.19
        };
        int index = WARM;
        for (final double[] b : scripted)
        {
            line(sb, index++, b[0], b[1], b[2], b[3]);
        }
        double prev = 7080.0;
        for (int k = 0; k < 10; k++) // WARM+6 .. WARM+15: quiet
        {
            final double c = k % 2 == 0 ? 7081.0 : 7080.0;
            line(sb, index++, prev, Math.max(prev, c) + 1.0, Math.min(prev, c) - 1.0, c);
            prev = c;
        }
        final double[][] second = {
            {7080.00, 7151.50, 7079.50, 7150.80}, // WARM+16: trigger 2 (x 1.01)
            {7150.80, 7152.00, 7138.00, 7140.00}, // WARM+17: entry 2 fills at this close
            {7140.00, 7143.00, 7137.00, 7141.00},
            {7141.00, 7144.00, 7138.00, 7142.00},
            {7142.00, 7400.00, 6900.00, 7100.00}, // WARM+20: reaches TP 7341.46 and stop 7041.96
        };
        for (final double[] b : second)
        {
            line(sb, index++, b[0], b[1], b[2], b[3]);
        }
        prev = 7100.0;
        for (int k = 0; k < 10; k++)
        {
            final double c = k % 2 == 0 ? 7101.0 : 7100.0;
            line(sb, index++, prev, Math.max(prev, c) + 1.0, Math.min(prev, c) - 1.0, c);
            prev = c;
        }
        return sb.toString();
    }

    /** WARM bars wiggling by less than 0.12 % a bar (P(win) < 0.34), the last closing at 7000.00. */
    private static void warmUp(final StringBuilder sb)
    {
        double prev = 7000.0;
        for (int i = 0; i < WARM; i++)
        {
            final double c = i == WARM - 1 ? 7000.0
                : Math.round((7000.0 + 5.0 * StrictMath.sin(0.7 * i) + 3.0 * StrictMath.sin(0.13 * i)) * 100.0) / 100.0;
            line(sb, i, prev, Math.max(prev, c) + 0.5, Math.min(prev, c) - 0.5, c);
            prev = c;
        }
    }

    private static void line(final StringBuilder sb, final int index, final double o, final double h, final double l, final double c)
    {
        final long open = T0_MS + index * 60_000L;
        sb.append(String.format(Locale.ROOT, "%d,%.8f,%.8f,%.8f,%.8f,10.00000000,%d,70000.00000000,100,5.00000000,35000.00000000,0%n",
            open, o, h, l, c, open + 59_999L));
    }

    private Path writeConfig(final Path manifest) throws Exception
    {
        final Path file = tmp.resolve("run-config.yaml");
        Files.writeString(file, "instruments: " + BinanceLongRuns.ROOT.toAbsolutePath().resolve("configs/instruments.yaml") + "\n"
            + "bars: { intervals: [1m, 5m, 15m, 1h] }\n"
            + "features: { enabled: true, set: lean_v1 }\n"
            + "model: { enabled: true, manifest: " + manifest + ", barInterval: 1m }\n"
            + "strategies:\n"
            + "  - { type: binance_long, id: 2, instrument: binance-spot:BTCUSDT, pStar: 0.6 }\n"
            + "risk: { barInterval: 1m, maxNotionalFrac: 1.0, maxHoldBars: 0, reboundKillPct: 0, streakHalving: { afterLosses: 0 },"
            + " lossCooldown: { afterLosses: 4, bars: 60 }, maxConsecutiveLosses: 5 }\n"
            + "paper: { fillModel: bars, barInterval: 1m }\n"
            + "accounting: { initialEquity: 1000, fundingSource: none }\n");
        return file;
    }
}
