package dev.trader.replay.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.AccountEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.FillEncoder;
import dev.trader.codecs.sbe.FundingEncoder;
import dev.trader.codecs.sbe.Liquidity;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderEncoder;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.OrderUpdateEncoder;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.RiskEventEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.codecs.sbe.TradeClosedEncoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunReport} on a hand-written output journal: every metric against values computed by hand in the comments,
 * the monthly KPIs table across two months, the CSV rows' exact text, diagnostics.json, and an empty run.
 */
class RunReportTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final long HOUR = 3600 * SECOND;
    private static final long DAY = 24 * HOUR;
    /** 2020-01-01T00:00:00Z. */
    private static final long JAN1 = 1_577_836_800L * SECOND;
    private static final long M = 100_000_000L; // one quote unit in money mantissas
    private static final Instrument BTC = new Instrument(1, Venue.SYNTHETIC, "BTCUSDT", "0.01", "0.001", -2, -3, -5);
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC));
    private static final double EPS = 1e-9;

    private final UnsafeBuffer buf = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private static long day(final int dayOfYear)
    {
        return JAN1 + (dayOfYear - 1) * DAY;
    }

    private void account(final JournalWriter w, final long ts, final double cash, final double equity, final double unrealized,
        final double realized, final double fees, final double funding, final double slippage, final double exposure,
        final int open, final double turnover)
    {
        final AccountEncoder e = new AccountEncoder();
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(0)
            .cash(Math.round(cash * M)).equity(Math.round(equity * M)).unrealizedPnl(Math.round(unrealized * M))
            .realizedPnl(Math.round(realized * M)).fees(Math.round(fees * M)).funding(Math.round(funding * M))
            .slippage(Math.round(slippage * M)).grossExposure(Math.round(exposure * M)).openPositions(open)
            .turnover(Math.round(turnover * M));
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void trade(final JournalWriter w, final long seq, final Side side, final long entryTs, final long exitTs,
        final double entryPrice, final double exitPrice, final double gross, final double fees, final double funding,
        final double slippage, final int entryReason, final int exitReason)
    {
        final TradeClosedEncoder e = new TradeClosedEncoder();
        final long net = Math.round(gross * M) - Math.round(fees * M) - Math.round(funding * M);
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(exitTs).receiveTsNs(exitTs).instrumentId(1).strategyId(1)
            .positionId((1L << 32) | seq).side(side).entryTsNs(entryTs).qty(1_000).entryPrice(entryPrice)
            .exitPrice(exitPrice).grossPnl(Math.round(gross * M)).fees(Math.round(fees * M))
            .funding(Math.round(funding * M)).slippage(Math.round(slippage * M)).netPnl(net).entryReason(entryReason)
            .exitReason(exitReason).notional(Math.round(entryPrice * M));
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void risk(final JournalWriter w, final long ts, final String rule, final RiskAction action)
    {
        final RiskEventEncoder e = new RiskEventEncoder();
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(1).strategyId(1).decisionId(1)
            .rule(rule).action(action).requestedQty(1).allowedQty(0).value(1).threshold(1).detail("limit");
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void order(final JournalWriter w, final long ts, final OrderAction action)
    {
        final OrderEncoder e = new OrderEncoder();
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(1).orderId(1).strategyId(1)
            .decisionId(1).action(action).side(Side.BUY).orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC)
            .reduceOnly(BooleanType.F).price(0).qty(1_000).positionId(1).reasonCode(201).stopPrice(0).stopLossPrice(0)
            .takeProfitPrice(0).referencePrice(10_000);
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void orderUpdate(final JournalWriter w, final long ts, final OrderStatus status)
    {
        final OrderUpdateEncoder e = new OrderUpdateEncoder();
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(1).orderId(1).venueOrderId(1)
            .status(status).rejectCode(0).filledQty(0).leavesQty(0).detail("");
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private void fillAndFunding(final JournalWriter w, final long ts)
    {
        final FillEncoder f = new FillEncoder();
        f.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(1).orderId(1).fillId(1)
            .side(Side.BUY).liquidity(Liquidity.TAKER).price(10_000).qty(1_000).fee(0).leavesQty(0).strategyId(1)
            .positionId(1).reasonCode(201).reduceOnly(BooleanType.F).slippage(0).feeRate(0);
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + f.encodedLength());
        final FundingEncoder e = new FundingEncoder();
        e.wrapAndApplyHeader(buf, 0, header).exchangeTsNs(ts).receiveTsNs(ts).instrumentId(1).strategyId(1).positionId(1)
            .rate(0.0001).markPrice(100).positionQty(1_000).amount(1_000_000).configured(BooleanType.T);
        w.onEvent(buf, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    /**
     * The run: six Account points (daily, Jan 30 to Feb 4 2020) and four trades.
     * <pre>
     * point  time    equity   fees  funding  realized  cash     gross equity (e + fees + funding)
     * 0      Jan 30  1000     0     0        0         1000     1000
     * 1      Jan 31  1100     0     0        0         1000     1100   (unrealized 100)
     * 2      Feb 1    990     100   10       100        990     1100
     * 3      Feb 2   1089     110   11       210       1089     1210
     * 4      Feb 3   1197.9   121   12.1     331       1197.9   1331
     * 5      Feb 4   1197.9   121   12.1     331       1197.9   1331   (end of stream)
     * trade  exit           hold     net
     * T1     Jan 31 12:00   12 h     +4.90 (gross 5.00 - fees 0.10)
     * T2     Feb 1 06:00     6 h     -2.00 (gross -1.80 - fees 0.20), short
     * T3     Feb 2 00:00    12 h     -1.00 (gross -0.90 - fees 0.10)
     * T4     Feb 3 00:00    24 h     +3.00 (gross 3.20 - fees 0.15 - funding 0.05)
     * </pre>
     */
    private Path writeRun(final Path dir)
    {
        final Path journal = dir.resolve("output");
        try (JournalWriter w = new JournalWriter(journal))
        {
            account(w, day(30), 1000, 1000, 0, 0, 0, 0, 0, 0, 0, 0);
            order(w, day(30) + HOUR, OrderAction.NEW);
            orderUpdate(w, day(30) + HOUR, OrderStatus.ACKED);
            fillAndFunding(w, day(30) + HOUR);
            risk(w, day(30) + HOUR, "max_open_positions", RiskAction.BLOCKED);
            account(w, day(31), 1000, 1100, 100, 0, 0, 0, 0, 1100, 1, 1000);
            trade(w, 1, Side.BUY, day(31), day(31) + 12 * HOUR, 100.0, 105.0, 5.00, 0.10, 0, 0.05, 201, 202);
            risk(w, day(31) + 13 * HOUR, "max_open_positions", RiskAction.BLOCKED);
            risk(w, day(31) + 13 * HOUR, "max_notional_frac", RiskAction.SCALED);
            account(w, day(32), 990, 990, 0, 100, 100, 10, 5, 0, 0, 1500);
            trade(w, 2, Side.SELL, day(32), day(32) + 6 * HOUR, 100.0, 101.8, -1.80, 0.20, 0, 0, 101, 102);
            order(w, day(32) + 7 * HOUR, OrderAction.NEW);
            order(w, day(32) + 7 * HOUR, OrderAction.CANCEL);
            orderUpdate(w, day(32) + 7 * HOUR, OrderStatus.REJECTED);
            account(w, day(33), 1089, 1089, 0, 210, 110, 11, 5.5, 0, 0, 1800);
            trade(w, 3, Side.BUY, day(32) + 12 * HOUR, day(33), 100.0, 99.1, -0.90, 0.10, 0, 0, 201, 203);
            account(w, day(34), 1197.9, 1197.9, 0, 331, 121, 12.1, 6.05, 0, 0, 2000);
            trade(w, 4, Side.BUY, day(33), day(34), 100.0, 103.2, 3.20, 0.15, 0.05, 0, 201, 202);
            account(w, day(35), 1197.9, 1197.9, 0, 331, 121, 12.1, 6.05, 0, 0, 2000);
        }
        return journal;
    }

    @Test
    void shouldComputeEveryMetricFromTheJournal(@TempDir final Path dir) throws IOException
    {
        final Path journal = writeRun(dir);
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("journal", "in");
        RunReport.write(journal, REGISTRY, dir, summary);

        assertEquals("in", summary.get("journal"), "existing keys are kept, first");
        assertEquals(4L, summary.get("trades"));
        assertEquals(1000.0, (double)summary.get("initialEquity"), EPS);
        assertEquals(1197.9, (double)summary.get("finalEquity"), EPS);
        assertEquals(331.0, (double)summary.get("realizedPnl"), EPS);
        assertEquals(121.0, (double)summary.get("fees"), EPS);
        assertEquals(12.1, (double)summary.get("funding"), EPS);
        assertEquals(6.05, (double)summary.get("slippage"), EPS);
        // net = 1197.9 - 1000 = 197.9; gross = 197.9 + 121 + 12.1 = 331; gross alpha = 331 + 6.05 = 337.05
        assertEquals(197.9, (double)summary.get("netPnl"), EPS);
        assertEquals(331.0, (double)summary.get("grossPnl"), EPS);
        assertEquals(337.05, (double)summary.get("grossAlpha"), EPS);

        // interval: smallest gap between boundary points 1..4 = 1 day -> 365 periods a year
        assertEquals(86_400.0, (double)summary.get("equityIntervalSeconds"), EPS);
        // net returns 0.1, -0.1, 0.1, 0.1, 0: mean 0.04; deviations .06 -.14 .06 .06 -.04, squares sum 0.032,
        // sample variance 0.032 / 4 = 0.008; sharpe = 0.04 / sqrt(0.008) x sqrt(365) = 8.5440037
        assertEquals(0.04 / Math.sqrt(0.008) * Math.sqrt(365), (double)summary.get("sharpe"), 1e-9);
        assertEquals(8.5440037, (double)summary.get("sharpe"), 1e-6);
        // downside deviation sqrt(0.1^2 / 5) = sqrt(0.002); sortino = 0.04 / sqrt(0.002) x sqrt(365) = 17.0880075
        assertEquals(17.0880075, (double)summary.get("sortino"), 1e-6);
        // gross returns 0.1, 0, 0.1, 0.1, 0: mean 0.06, squares .0016 .0036 .0016 .0016 .0036 = 0.012, var 0.003;
        // sharpeGross = 0.06 / sqrt(0.003) x sqrt(365) = 20.9284495; no negative gross return: sortinoGross null
        assertEquals(20.9284495, (double)summary.get("sharpeGross"), 1e-6);
        assertTrue(summary.containsKey("sortinoGross"));
        assertNull(summary.get("sortinoGross"));

        // drawdowns 0, 0, 990/1100 - 1 = -0.1, 1089/1100 - 1 = -0.01, 0, 0: one episode, peak Jan 31, trough -0.1,
        // recovered Feb 3 (1197.9 >= 1100): 3 days = 259200 s
        assertEquals(-0.1, (double)summary.get("maxDrawdown"), EPS);
        assertEquals(-0.1, (double)summary.get("avgDrawdown"), EPS);
        assertEquals(259_200.0, (double)summary.get("timeToRecoverSeconds"), EPS);
        assertEquals(true, summary.get("lastDrawdownRecovered"));
        assertEquals(0.0, (double)summary.get("openDrawdownSeconds"), EPS);
        // span Jan 30 -> Feb 4 = 5 days: annualized = 1.1979^(365 / 5) - 1; calmar = annualized / 0.1
        final double annualized = StrictMath.pow(1.1979, 73) - 1;
        assertEquals(1.0, (double)summary.get("annualizedReturn") / annualized, 1e-9);
        assertEquals(1.0, (double)summary.get("calmar") / (annualized / 0.1), 1e-9);

        // wins T1 +4.90, T4 +3.00; losses T2 -2.00, T3 -1.00
        assertEquals(0.5, (double)summary.get("hitRate"), EPS);
        assertEquals(3.95, (double)summary.get("avgWin"), EPS);
        assertEquals(-1.5, (double)summary.get("avgLoss"), EPS);
        assertEquals(7.9 / 3.0, (double)summary.get("profitFactor"), EPS);
        assertEquals(2, summary.get("maxConsecutiveLosses"));
        // turnover: 2000 traded / mean equity (1000 + 1100 + 990 + 1089 + 1197.9 + 1197.9) / 6 = 1095.8
        assertEquals(2000.0, (double)summary.get("tradedNotional"), EPS);
        assertEquals(2000.0 / 1095.8, (double)summary.get("turnover"), EPS);
        // 4 trades over 5 days = 0.8 a day; a month is 365.25 / 12 = 30.4375 days: 24.35
        assertEquals(0.8, (double)summary.get("tradesPerDay"), EPS);
        assertEquals(24.35, (double)summary.get("tradesPerMonth"), EPS);
        // holds 43200 + 21600 + 43200 + 86400 = 194400 s / 4 = 48600 s
        assertEquals(48_600.0, (double)summary.get("avgHoldingSeconds"), EPS);
        assertEquals(121 / 337.05, (double)summary.get("feeShareOfGross"), EPS);
        assertEquals(6.05 / 337.05, (double)summary.get("slippageShareOfGross"), EPS);
        assertEquals(12.1 / 337.05, (double)summary.get("fundingShareOfGross"), EPS);

        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> monthly = (List<Map<String, Object>>)summary.get("monthly");
        assertEquals(2, monthly.size());
        final Map<String, Object> jan = monthly.get(0);
        assertEquals("2020-01", jan.get("month"));
        assertEquals(1L, jan.get("trades"));
        assertEquals(1.0, (double)jan.get("accuracy"), EPS);
        assertNull(jan.get("profitFactor"), "no losing trade: unbounded, null");
        assertEquals(0.0, (double)jan.get("maxDrawdown"), EPS, "1000 -> 1100 only rises");
        assertEquals(0, jan.get("maxConsecutiveLosses"));
        assertEquals(4.9, (double)jan.get("netPnl"), EPS);
        final Map<String, Object> feb = monthly.get(1);
        assertEquals("2020-02", feb.get("month"));
        assertEquals(3L, feb.get("trades"));
        assertEquals(1.0 / 3.0, (double)feb.get("accuracy"), EPS);
        assertEquals(1.0, (double)feb.get("profitFactor"), EPS, "3.00 / (2.00 + 1.00)");
        assertEquals(-0.1, (double)feb.get("maxDrawdown"), EPS, "opening 1100 (Jan 31) -> 990 on Feb 1");
        assertEquals(2, feb.get("maxConsecutiveLosses"));
        assertEquals(0.0, (double)feb.get("netPnl"), EPS, "-2 - 1 + 3");

        assertEquals(Map.of("max_notional_frac", Map.of("SCALED", 1L), "max_open_positions", Map.of("BLOCKED", 2L)),
            summary.get("riskCounters"));
        assertEquals(List.of("max_notional_frac", "max_open_positions"),
            List.copyOf(((Map<?, ?>)summary.get("riskCounters")).keySet()), "sorted by rule");
        assertEquals(3L, summary.get("riskEvents"));
        assertEquals(2L, summary.get("orders"));
        assertEquals(1L, summary.get("cancels"));
        assertEquals(1L, summary.get("fills"));
        assertEquals(1L, summary.get("rejects"));
        assertEquals(1L, summary.get("fundingEvents"));
        assertEquals(0L, summary.get("invalidFrames"));

        final List<String> trades = Files.readAllLines(dir.resolve(RunReport.TRADES_FILE));
        assertEquals(5, trades.size());
        assertEquals(String.join(",", RunReport.TRADE_HEADER), trades.get(0));
        assertEquals("4294967297,1,synthetic:BTCUSDT,long,2020-01-31T00:00:00.000Z,2020-01-31T12:00:00.000Z,43200.000,"
            + "1.000,100.00,105.00,100.00000000,5.00000000,0.10000000,0.00000000,0.05000000,4.90000000,"
            + "pwin_above_threshold,tp_target", trades.get(1));
        assertEquals("4294967298,1,synthetic:BTCUSDT,short,2020-02-01T00:00:00.000Z,2020-02-01T06:00:00.000Z,21600.000,"
            + "1.000,100.00,101.80,100.00000000,-1.80000000,0.20000000,0.00000000,0.00000000,-2.00000000,"
            + "momentum_trigger,stop_loss", trades.get(2));
        assertTrue(trades.get(3).endsWith(",pwin_above_threshold,liquidation"), trades.get(3));

        final List<String> equity = Files.readAllLines(dir.resolve(RunReport.EQUITY_FILE));
        assertEquals(7, equity.size());
        assertEquals(String.join(",", RunReport.EQUITY_HEADER), equity.get(0));
        assertEquals("2020-02-01T00:00:00.000Z," + day(32) + ",990.00000000,990.00000000,0.00000000,100.00000000,"
            + "100.00000000,10.00000000,5.00000000,0.00000000,0,1500.00000000,-0.1000000000", equity.get(3));
        assertTrue(equity.get(4).endsWith(",-0.0100000000"), equity.get(4));

        final JsonNode diag = new ObjectMapper().readTree(dir.resolve(RunReport.DIAGNOSTICS_FILE).toFile());
        assertEquals("trades.csv", diag.at("/files/trades").asText());
        assertEquals("output", diag.at("/files/outputJournal").asText());
        assertEquals(1000.0, diag.at("/equity/start").asDouble(), EPS);
        assertEquals(1197.9, diag.at("/equity/final").asDouble(), EPS);
        assertEquals(-0.1, diag.at("/equity/maxDrawdown").asDouble(), EPS);
        assertEquals("2020-02-01T00:00:00.000Z", diag.at("/equity/maxDrawdownTime").asText());
        assertEquals(4, diag.at("/trades/count").asInt());
        assertEquals(0.5, diag.at("/trades/winRate").asDouble(), EPS);
        // nets -2, -1, 3, 4.9: mean 4.9 / 4 = 1.225, median (-1 + 3) / 2 = 1
        assertEquals(1.225, diag.at("/trades/netPnl/mean").asDouble(), EPS);
        assertEquals(1.0, diag.at("/trades/netPnl/median").asDouble(), EPS);
        assertEquals(-2.0, diag.at("/trades/netPnl/min").asDouble(), EPS);
        assertEquals(4.9, diag.at("/trades/netPnl/max").asDouble(), EPS);
        // holds 21600, 43200, 43200, 86400: median 43200
        assertEquals(48_600.0, diag.at("/trades/holdSeconds/mean").asDouble(), EPS);
        assertEquals(43_200.0, diag.at("/trades/holdSeconds/median").asDouble(), EPS);
        assertEquals(86_400.0, diag.at("/trades/holdSeconds/max").asDouble(), EPS);
        // W L L W
        assertEquals(1, diag.at("/trades/longestWinStreak").asInt());
        assertEquals(2, diag.at("/trades/longestLossStreak").asInt());
        assertEquals(2, diag.at("/exitReasons/tp_target").asInt());
        assertEquals(1, diag.at("/exitReasons/stop_loss").asInt());
        assertEquals(1, diag.at("/exitReasons/liquidation").asInt());
        assertEquals(2, diag.at("/riskEventsByRule/max_open_positions").asInt());
        assertEquals(4, diag.at("/backtestSummary/trades").asInt());
        assertEquals("in", diag.at("/backtestSummary/journal").asText());
    }

    /**
     * The accounting check compares independent parts of the journal; this hand-made journal's Account series is
     * not backed by its fills (one Fill with fee 0, one Funding of 0.01), so the check must fail and say by how much:
     * fees 121 - 0 = 121; funding 12.1 - 0.01 = 12.09; realized 331 - (5 - 1.8 - 0.9 + 3.2 = 5.5) = 325.5 (all closed);
     * cash 1197.9 - (1000 + 331 - 121 - 12.1) = 0.
     */
    @Test
    @SuppressWarnings("unchecked")
    void shouldReportAnAccountingCheckThatFailsWhenTheJournalDisagrees(@TempDir final Path dir) throws IOException
    {
        final Path journal = writeRun(dir);
        final Map<String, Object> summary = new LinkedHashMap<>();
        RunReport.write(journal, REGISTRY, dir, summary);

        final Map<String, Object> check = (Map<String, Object>)summary.get("accountingCheck");
        assertEquals(Boolean.FALSE, check.get("holds"));
        assertEquals(0.0, (Double)check.get("cashDifference"), 0.0);
        assertEquals(121.0, (Double)check.get("feesDifference"), 1e-9);
        assertEquals(12.09, (Double)check.get("fundingDifference"), 1e-9);
        assertEquals(325.5, (Double)check.get("realizedDifference"), 1e-9);
    }

    /** Seed 002 section 4's plots: three PNGs of the report's size under plots/, listed in diagnostics.json. */
    @Test
    void shouldDrawTheEquityDrawdownAndTradePnlPlots(@TempDir final Path dir) throws IOException
    {
        final Path journal = writeRun(dir);
        RunReport.write(journal, REGISTRY, dir, new LinkedHashMap<>());

        for (final String name : RunPlots.FILES)
        {
            final java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(dir.resolve(RunPlots.DIR).resolve(name).toFile());
            assertEquals(900, img.getWidth(), name);
            assertEquals(360, img.getHeight(), name);
        }
        final String diagnostics = Files.readString(dir.resolve(RunReport.DIAGNOSTICS_FILE));
        assertTrue(diagnostics.contains("plots/equity.png") && diagnostics.contains("plots/trade_pnl_hist.png"), diagnostics);
    }

    /**
     * Daily Sharpe: the fixture's Account points are one per UTC day, so the daily series is the equity series itself:
     * returns 0.1, -0.1, 0.1, 0.1, 0.0; mean 0.04, sample variance 0.032 / 4 = 0.008:
     * sharpeDaily = 0.04 / sqrt(0.008) x sqrt(365) (equal to the per-interval Sharpe with a 1-day interval).
     */
    @Test
    void shouldReportTheConventionalDailySharpe(@TempDir final Path dir) throws IOException
    {
        final Path journal = writeRun(dir);
        final Map<String, Object> summary = new LinkedHashMap<>();
        RunReport.write(journal, REGISTRY, dir, summary);

        assertEquals(6, summary.get("days"));
        assertEquals(0.04 / Math.sqrt(0.008) * Math.sqrt(365), (Double)summary.get("sharpeDaily"), 1e-9);
        assertEquals((Double)summary.get("sharpe"), (Double)summary.get("sharpeDaily"), 1e-9);
    }

    @Test
    void shouldBeDeterministic(@TempDir final Path dir) throws IOException
    {
        final Path journal = writeRun(dir);
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        final Map<String, Object> sa = new LinkedHashMap<>();
        final Map<String, Object> sb = new LinkedHashMap<>();
        RunReport.write(journal, REGISTRY, a, sa);
        RunReport.write(journal, REGISTRY, b, sb);
        assertEquals(sa.toString(), sb.toString());
        for (final String f : new String[]{RunReport.TRADES_FILE, RunReport.EQUITY_FILE, RunReport.DIAGNOSTICS_FILE})
        {
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
    }

    @Test
    void shouldWriteHeadersAndAnEmptySummaryForAnEmptyRun(@TempDir final Path dir) throws IOException
    {
        final Path journal = dir.resolve("output");
        new JournalWriter(journal).close();
        final Map<String, Object> summary = new LinkedHashMap<>();
        RunReport.write(journal, REGISTRY, dir, summary);
        assertEquals(List.of(String.join(",", RunReport.TRADE_HEADER)), Files.readAllLines(dir.resolve(RunReport.TRADES_FILE)));
        assertEquals(List.of(String.join(",", RunReport.EQUITY_HEADER)), Files.readAllLines(dir.resolve(RunReport.EQUITY_FILE)));
        assertEquals(0L, summary.get("trades"));
        assertTrue(summary.containsKey("initialEquity"));
        assertNull(summary.get("initialEquity"));
        assertNull(summary.get("finalEquity"));
        assertEquals(0.0, summary.get("sharpe"));
        assertEquals(0.0, summary.get("maxDrawdown"));
        assertNull(summary.get("hitRate"));
        assertNull(summary.get("profitFactor"));
        assertNull(summary.get("calmar"));
        assertNull(summary.get("tradesPerDay"));
        assertEquals(true, summary.get("lastDrawdownRecovered"));
        assertEquals(List.of(), summary.get("monthly"));
        assertEquals(Map.of(), summary.get("riskCounters"));
        final JsonNode diag = new ObjectMapper().readTree(dir.resolve(RunReport.DIAGNOSTICS_FILE).toFile());
        assertEquals(0, diag.at("/trades/count").asInt());
        assertTrue(diag.at("/equity/start").isNull());

        // no journal at all: the same empty reports, no exception
        final Map<String, Object> none = new LinkedHashMap<>();
        RunReport.write(dir.resolve("missing"), REGISTRY, dir.resolve("r2"), none);
        assertEquals(0L, none.get("trades"));
        assertFalse(Files.readAllLines(dir.resolve("r2").resolve(RunReport.EQUITY_FILE)).isEmpty());
    }

    @Test
    void shouldReportAnOpenDrawdownAndNoSharpeWithoutVariance()
    {
        // equity 100, 120, 90, 96 at 0, 1, 2, 3 days: peak 120 at day 1, never recovered: open for 2 days
        final long[] ts = {0, DAY, 2 * DAY, 3 * DAY};
        final List<ReportMetrics.Episode> e = ReportMetrics.episodes(ts, new double[]{100, 120, 90, 96});
        assertEquals(1, e.size());
        assertFalse(e.get(0).recovered());
        assertEquals(DAY, e.get(0).peakTsNs());
        assertEquals(-0.25, e.get(0).trough(), EPS);
        // constant returns: zero variance -> 0; one return -> 0
        assertEquals(0.0, ReportMetrics.sharpe(new double[]{0.01, 0.01, 0.01}, 365));
        assertEquals(0.0, ReportMetrics.sharpe(new double[]{0.01}, 365));
        assertTrue(Double.isNaN(ReportMetrics.profitFactor(new long[]{5, 0})), "a break-even loss sums to 0: unbounded");
        assertEquals(2, ReportMetrics.maxConsecutiveLosses(new long[]{1, 0, -1, 2, -3}));
    }
}
