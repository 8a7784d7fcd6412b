package dev.trader.replay.trading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.trading.Reason;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import dev.trader.replay.trading.MomentumShortScenario.Account;
import dev.trader.replay.trading.MomentumShortScenario.Closed;
import dev.trader.replay.trading.MomentumShortScenario.Decision;
import dev.trader.replay.trading.MomentumShortScenario.Fill;
import dev.trader.replay.trading.MomentumShortScenario.Out;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.trader.replay.trading.MomentumShortScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Strategy 1 (seed 002 section 3, hazard-gated momentum short) through the full plan: book -> bars (5 s, 1 m) ->
 * hazard gate (CSV, 5 s bars) -> risk-pre -> strategy -> risk (fixed_qty 0.015) -> paper venue (book fill model, zero
 * latency, taker fee 0.0004) -> accounting (100 000 initial equity, no funding), then trades.csv and summary.json.
 * Every value is computed by hand from {@link MomentumShortScenario}'s market (comments below).
 *
 * <p>Strategy: rollingBars 2 (r_i = close_i / close_(i-2) - 1), threshold -0.003, stopLoss 0.004, takeProfit 0.003,
 * maxHoldBars 6. Times: bar i closes at C_i = T0 + 5 (i + 1) s, and is emitted by the trade at that instant, so every
 * Decision, Fill and position time below is C_i. At C_i the book is centred on close_i (bids close - 1.0, close - 2.0;
 * asks close + 1.0, close + 2.0; 0.050 each; at C_2 the best bid holds 0.010). Money mantissas are 1e-8 quote.
 */
class MomentumShortGoldenTest
{
    private static final long S = 1_000_000_000L;
    private static final long STRATEGY_HIGH = 1L << 32;
    private static final int TRIGGER = Reason.MOMENTUM_TRIGGER.code();

    @TempDir
    Path dir;

    private Path run;
    private RunResult result;
    private Out out;

    @BeforeEach
    void replay()
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = MomentumShortScenario.writeConfig(dir);
        run = dir.resolve("run");
        result = ReplayRunner.run(journal, config, run);
        out = MomentumShortScenario.read(run.resolve(ReplayRunner.OUTPUT_DIR));
    }

    private static long c(final int bar)
    {
        return T0 + (bar + 1) * 5 * S;
    }

    @Test
    void decisions()
    {
        // ids: (1 << 32) | seq; entries carry positionId = their own decisionId, exits the position's
        final long d1 = STRATEGY_HIGH | 1;
        final long d3 = STRATEGY_HIGH | 3;
        final long d5 = STRATEGY_HIGH | 5;
        final long d7 = STRATEGY_HIGH | 7;
        final long d9 = STRATEGY_HIGH | 9;
        assertEquals(List.of(
            // bar 2: r = 49800 / 50000 - 1 = -0.004 < -0.003, gate open (10:00, p 0.9 > 0.5): ENTER_SHORT at the close
            new Decision(c(2), d1, "ENTER_SHORT", TRIGGER, 498000, 0, d1),
            // bar 4: entry 49798.6667 (below) x 1.004 = 49997.861; close 50000.0 >= it: STOP_LOSS
            //        (bar 3: 49900 < 49997.86, r = 49900 / 50000 - 1 = -0.002: nothing)
            new Decision(c(4), STRATEGY_HIGH | 2, "EXIT_SHORT", Reason.STOP_LOSS.code(), 500000, 0, d1),
            // bar 7: r = 49750 / 50000 - 1 = -0.005: ENTER_SHORT
            new Decision(c(7), d3, "ENTER_SHORT", TRIGGER, 497500, 0, d3),
            // bars 8-11: r = -0.0028, +0.0002, -0.00281, -0.00281 (none below -0.003); TP target 49749 x 0.997 =
            // 49599.753: bar 11 close 49620 above it, bar 12 close 49580 <= it: TAKE_PROFIT (held (C12 - C7) / 5 s = 5 < 6)
            new Decision(c(12), STRATEGY_HIGH | 4, "EXIT_SHORT", Reason.TAKE_PROFIT.code(), 495800, 0, d3),
            // bar 21: r = 49400 / 49580 - 1 = -0.00363 (10:01, p 0.8: open): ENTER_SHORT
            new Decision(c(21), d5, "ENTER_SHORT", TRIGGER, 494000, 0, d5),
            // bar 24 (10:02, p 0.1 <= 0.5: CLOSED): every position exits, HAZARD_OFF, before the per-position exits
            // (close 49250 <= TP 49399 x 0.997 = 49250.803 would have been a take-profit); r = 49250 / 49450 - 1 =
            // -0.00404 is a trigger but the gate is closed: no entry (nor at bar 25: 49250 / 49450 - 1)
            new Decision(c(24), STRATEGY_HIGH | 6, "EXIT_SHORT", Reason.HAZARD_OFF.code(), 492500, 0, d5),
            // bar 37 (10:03, p 0.7: open again): r = 49050 / 49250 - 1 = -0.00406: ENTER_SHORT
            new Decision(c(37), d7, "ENTER_SHORT", TRIGGER, 490500, 0, d7),
            // bar 43: held (C43 - C37) / 5 s = 6 >= maxHoldBars 6: MAX_HOLD (SL 49245.196, TP 48901.853 never reached)
            new Decision(c(43), STRATEGY_HIGH | 8, "EXIT_SHORT", Reason.MAX_HOLD.code(), 491000, 0, d7),
            // bar 45: r = 48900 / 49100 - 1 = -0.00407: ENTER_SHORT (bar 46: 49000 / 49100 - 1 = -0.00204: nothing)
            new Decision(c(45), d9, "ENTER_SHORT", TRIGGER, 489000, 0, d9),
            // end of stream: the open position exits END_OF_DATA at the last close (bar 47, 49000.0), stamped with the
            // last bar the strategy saw (bar 47, emitted at C47)
            new Decision(c(47), STRATEGY_HIGH | 10, "EXIT_SHORT", Reason.END_OF_DATA.code(), 490000, 0, d9)),
            out.decisions);
    }

    @Test
    void fills()
    {
        final long p1 = STRATEGY_HIGH | 1;
        final long p3 = STRATEGY_HIGH | 3;
        final long p5 = STRATEGY_HIGH | 5;
        final long p7 = STRATEGY_HIGH | 7;
        final long p9 = STRATEGY_HIGH | 9;
        final int sl = Reason.STOP_LOSS.code();
        // notional money = price mantissa x qty mantissa x 1e4 (exponent -1 - 3 = -4 -> -8); fee = notional x 0.0004;
        // slippage = |price - reference| x qty (SELL: reference - price, BUY: price - reference), all positive here
        assertEquals(List.of(
            // SELL 0.015 walks two bid levels: 0.010 @ 49799.0 (497.99, fee 0.199196, slip 1.0 x 0.010 = 0.01) and
            // 0.005 @ 49798.0 (248.99, fee 0.099596, slip 2.0 x 0.005 = 0.01)
            new Fill(c(2), 1, 1, Side.SELL, "TAKER", 497990, 10, 19_919_600, 1_000_000, p1, TRIGGER, false),
            new Fill(c(2), 1, 2, Side.SELL, "TAKER", 497980, 5, 9_959_600, 1_000_000, p1, TRIGGER, false),
            // BUY 0.015 @ 50001.0: 750.015, fee 0.300006, slip 0.015
            new Fill(c(4), 2, 3, Side.BUY, "TAKER", 500010, 15, 30_000_600, 1_500_000, p1, sl, true),
            // SELL @ 49749.0: 746.235, fee 0.298494
            new Fill(c(7), 3, 4, Side.SELL, "TAKER", 497490, 15, 29_849_400, 1_500_000, p3, TRIGGER, false),
            // BUY @ 49581.0: 743.715, fee 0.297486
            new Fill(c(12), 4, 5, Side.BUY, "TAKER", 495810, 15, 29_748_600, 1_500_000, p3, Reason.TAKE_PROFIT.code(), true),
            // SELL @ 49399.0: 740.985, fee 0.296394
            new Fill(c(21), 5, 6, Side.SELL, "TAKER", 493990, 15, 29_639_400, 1_500_000, p5, TRIGGER, false),
            // BUY @ 49251.0: 738.765, fee 0.295506
            new Fill(c(24), 6, 7, Side.BUY, "TAKER", 492510, 15, 29_550_600, 1_500_000, p5, Reason.HAZARD_OFF.code(), true),
            // SELL @ 49049.0: 735.735, fee 0.294294
            new Fill(c(37), 7, 8, Side.SELL, "TAKER", 490490, 15, 29_429_400, 1_500_000, p7, TRIGGER, false),
            // BUY @ 49101.0: 736.515, fee 0.294606
            new Fill(c(43), 8, 9, Side.BUY, "TAKER", 491010, 15, 29_460_600, 1_500_000, p7, Reason.MAX_HOLD.code(), true),
            // SELL @ 48899.0: 733.485, fee 0.293394
            new Fill(c(45), 9, 10, Side.SELL, "TAKER", 488990, 15, 29_339_400, 1_500_000, p9, TRIGGER, false),
            // BUY @ 49001.0 against the last book (centred on bar 48's 49000.0): 735.015, fee 0.294006
            new Fill(c(47), 10, 11, Side.BUY, "TAKER", 490010, 15, 29_400_600, 1_500_000, p9, Reason.END_OF_DATA.code(), true)),
            out.fills);
    }

    @Test
    void tradesClosed()
    {
        assertEquals(List.of(
            // 1: entry 497.99 + 248.99 = 746.98 -> avg 746.98 / 0.015 = 49798.666...; exit 750.015;
            //    gross 746.98 - 750.015 = -3.035; fees 0.199196 + 0.099596 + 0.300006 = 0.598798; net -3.633798;
            //    slippage 0.01 + 0.01 + 0.015 = 0.035; notional 746.98
            new Closed(c(4), STRATEGY_HIGH | 1, Side.SELL, c(2), 15, 746.98 / 0.015, 50001.0, -303_500_000, 59_879_800, 0,
                3_500_000, -363_379_800, TRIGGER, Reason.STOP_LOSS.code(), 74_698_000_000L),
            // 2: gross 746.235 - 743.715 = 2.52; fees 0.298494 + 0.297486 = 0.59598; net 1.92402
            new Closed(c(12), STRATEGY_HIGH | 3, Side.SELL, c(7), 15, 49749.0, 49581.0, 252_000_000, 59_598_000, 0,
                3_000_000, 192_402_000, TRIGGER, Reason.TAKE_PROFIT.code(), 74_623_500_000L),
            // 3: gross 740.985 - 738.765 = 2.22; fees 0.296394 + 0.295506 = 0.5919; net 1.6281
            new Closed(c(24), STRATEGY_HIGH | 5, Side.SELL, c(21), 15, 49399.0, 49251.0, 222_000_000, 59_190_000, 0,
                3_000_000, 162_810_000, TRIGGER, Reason.HAZARD_OFF.code(), 74_098_500_000L),
            // 4: gross 735.735 - 736.515 = -0.78; fees 0.294294 + 0.294606 = 0.5889; net -1.3689
            new Closed(c(43), STRATEGY_HIGH | 7, Side.SELL, c(37), 15, 49049.0, 49101.0, -78_000_000, 58_890_000, 0,
                3_000_000, -136_890_000, TRIGGER, Reason.MAX_HOLD.code(), 73_573_500_000L),
            // 5: gross 733.485 - 735.015 = -1.53; fees 0.293394 + 0.294006 = 0.5874; net -2.1174
            new Closed(c(47), STRATEGY_HIGH | 9, Side.SELL, c(45), 15, 48899.0, 49001.0, -153_000_000, 58_740_000, 0,
                3_000_000, -211_740_000, TRIGGER, Reason.END_OF_DATA.code(), 73_348_500_000L)),
            out.closed);
    }

    @Test
    void equitySeries()
    {
        // first event (snapshot, T0 - 2 s), then each crossed 1 m boundary (stamped with it), then end of stream (the
        // last depth update, T0 + 242.5 s). Unrealized at the book's mid (centred on the last close before the boundary).
        assertEquals(List.of(
            new Account(T0 - 2 * S, 10_000_000_000_000L, 10_000_000_000_000L, 0, 0, 0),
            new Account(T0, 10_000_000_000_000L, 10_000_000_000_000L, 0, 0, 0),
            // 10:01: trade 1 closed (realized -3.035, fees 0.598798) + trade 2's entry fee 0.298494 = fees 0.897292;
            // cash = 100000 - 3.035 - 0.897292 = 99996.067708; trade 2 marked at mid 49620 (close of bar 11):
            // (49749 - 49620) x 0.015 = +1.935 -> equity 99998.002708
            new Account(T0 + 60 * S, 9_999_606_770_800L, 9_999_800_270_800L, -303_500_000, 89_729_200, 1),
            // 10:02: + trade 2 (gross 2.52, exit fee 0.297486) + trade 3's entry fee 0.296394: realized -0.515, fees
            // 1.491172, cash 99997.993828; trade 3 at mid 49450: (49399 - 49450) x 0.015 = -0.765 -> 99997.228828
            new Account(T0 + 120 * S, 9_999_799_382_800L, 9_999_722_882_800L, -51_500_000, 149_117_200, 1),
            // 10:03: + trade 3 (2.22, exit fee 0.295506): realized 1.705, fees 1.786678, cash = equity 99999.918322
            new Account(T0 + 180 * S, 9_999_991_832_200L, 9_999_991_832_200L, 170_500_000, 178_667_800, 0),
            // 10:04: + trade 4 (-0.78, fees 0.5889) + trade 5's entry fee 0.293394: realized 0.925, fees 2.668972,
            // cash 99998.256028; trade 5 at mid 49000: (48899 - 49000) x 0.015 = -1.515 -> 99996.741028
            new Account(T0 + 240 * S, 9_999_825_602_800L, 9_999_674_102_800L, 92_500_000, 266_897_200, 1),
            // end: + trade 5 (-1.53, exit fee 0.294006): realized -0.605, fees 2.962978, cash = equity 99996.432022
            new Account(T0 + 242_500_000_000L, 9_999_643_202_200L, 9_999_643_202_200L, -60_500_000, 296_297_800, 0)),
            out.accounts);
    }

    @Test
    void reportsAndIdentity() throws Exception
    {
        final List<String> rows = Files.readAllLines(run.resolve("trades.csv"));
        assertEquals(List.of(
            "positionId,strategyId,instrument,side,entryTime,exitTime,holdSeconds,qty,entryPrice,exitPrice,notional,grossPnl,"
                + "fees,funding,slippage,netPnl,entryReason,exitReason",
            "4294967297,1,synthetic:BTCUSDT,short,2024-01-01T10:00:15.000Z,2024-01-01T10:00:25.000Z,10.000,0.015,49798.66667,"
                + "50001.0,746.98000000,-3.03500000,0.59879800,0.00000000,0.03500000,-3.63379800,momentum_trigger,stop_loss",
            "4294967299,1,synthetic:BTCUSDT,short,2024-01-01T10:00:40.000Z,2024-01-01T10:01:05.000Z,25.000,0.015,49749.0,"
                + "49581.0,746.23500000,2.52000000,0.59598000,0.00000000,0.03000000,1.92402000,momentum_trigger,take_profit",
            "4294967301,1,synthetic:BTCUSDT,short,2024-01-01T10:01:50.000Z,2024-01-01T10:02:05.000Z,15.000,0.015,49399.0,"
                + "49251.0,740.98500000,2.22000000,0.59190000,0.00000000,0.03000000,1.62810000,momentum_trigger,hazard_off",
            "4294967303,1,synthetic:BTCUSDT,short,2024-01-01T10:03:10.000Z,2024-01-01T10:03:40.000Z,30.000,0.015,49049.0,"
                + "49101.0,735.73500000,-0.78000000,0.58890000,0.00000000,0.03000000,-1.36890000,momentum_trigger,max_hold",
            "4294967305,1,synthetic:BTCUSDT,short,2024-01-01T10:03:50.000Z,2024-01-01T10:04:00.000Z,10.000,0.015,48899.0,"
                + "49001.0,733.48500000,-1.53000000,0.58740000,0.00000000,0.03000000,-2.11740000,momentum_trigger,end_of_data"),
            rows);

        final JsonNode summary = TradingAssertions.readSummary(run);
        assertEquals(5, summary.path("trades").asLong());
        assertEquals(100_000.0, summary.path("initialEquity").asDouble(), 0.0);
        // realized = -3.035 + 2.52 + 2.22 - 0.78 - 1.53 = -0.605; fees = 0.598798 + 0.59598 + 0.5919 + 0.5889 + 0.5874
        // = 2.962978; final = 100000 - 0.605 - 2.962978 = 99996.432022; slippage = 0.035 + 4 x 0.03 = 0.155
        assertEquals(99_996.432022, summary.path("finalEquity").asDouble(), 0.0);
        assertEquals(-0.605, summary.path("realizedPnl").asDouble(), 0.0);
        assertEquals(2.962978, summary.path("fees").asDouble(), 0.0);
        assertEquals(0.155, summary.path("slippage").asDouble(), 0.0);
        assertEquals(0.0, summary.path("funding").asDouble(), 0.0);
        assertEquals(-3.567978, summary.path("netPnl").asDouble(), 0.0);
        assertEquals(10, summary.path("orders").asLong());
        assertEquals(11, summary.path("fills").asLong());
        assertEquals(0, summary.path("rejects").asLong());
        assertEquals(0, summary.path("riskEvents").asLong());
        // the two triggers under the closed gate (bars 24 and 25) made no decision
        final JsonNode strategy = summary.path("stageCounters").path("strategy");
        assertEquals(2, strategy.path("momentum_short_1.entriesGateClosed").asLong());
        assertEquals(7, strategy.path("momentum_short_1.triggers").asLong());
        assertEquals(5, strategy.path("momentum_short_1.enter_short.momentum_trigger").asLong());
        assertEquals(48, strategy.path("momentum_short_1.bars").asLong());

        final TradingAssertions.Totals t = TradingAssertions.assertAccountingIdentity(run);
        assertEquals(10_000_000_000_000L, t.initial());
        assertEquals(9_999_643_202_200L, t.cash());
        assertEquals(-60_500_000L, t.realized());
        assertEquals(296_297_800L, t.fees());
        assertEquals(-356_797_800L, t.tradeNet());
        assertEquals(0, t.openPositions());
        assertEquals(5L, result.outputCounts().get("TradeClosed").longValue());
    }
}
