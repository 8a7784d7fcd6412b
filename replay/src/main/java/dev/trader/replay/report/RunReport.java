package dev.trader.replay.report;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.EventValidator;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderStatus;
import dev.trader.codecs.sbe.OrderUpdateDecoder;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.Reason;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalReader;
import dev.trader.replay.ReplayRunner;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's trading reports, projected from its output journal after the run (docs/trading.md "Reports"), so a replayed
 * journal gives the same reports: seed 002 section 3 ("Output Artifacts Per Run": trades.csv, equity.csv,
 * summary.json), section 4 (diagnostics.json, drawdown {@code equity / cummax(equity) - 1}), section 7 (run
 * directory), seed 000 (monthly KPIs table: accuracy, trades, PF, DD, max consecutive losses) and seed 004 "Backtest
 * Reports" (net and gross Sharpe, Sortino, Calmar, hit rate, average win / loss, profit factor, max / average
 * drawdown, time to recover, turnover, trades per day, holding time, slippage / fee / funding share of gross alpha).
 *
 * <h2>Inputs</h2>
 * TradeClosed events are the trades; Account events are the equity series (first event, each equityInterval
 * boundary, end of stream: see {@code AccountingStage}); RiskEvent, Order, Fill, OrderUpdate and Funding are counted.
 * Frames failing {@link EventValidator} are skipped and counted ({@code invalidFrames}).
 *
 * <h2>Definitions (keys added to the summary)</h2>
 * Money is reported in quote units (doubles); the CSVs carry the exact 8-decimal money text.
 * <ul>
 *   <li>{@code initialEquity}: {@code cash - realized + fees + funding} of the first Account (exact); null without
 *       Account events, as are {@code finalEquity} (the last Account's equity) and every equity-based metric.</li>
 *   <li>{@code realizedPnl}, {@code fees}, {@code funding}, {@code slippage}: the last Account's cumulative values.
 *       {@code netPnl = finalEquity - initialEquity} (includes what is still open);
 *       {@code grossPnl = netPnl + fees + funding} (before costs; slippage is inside the fill prices);
 *       {@code grossAlpha = grossPnl + slippage} (as if filled at the reference prices).</li>
 *   <li>{@code feeShareOfGross}, {@code fundingShareOfGross}, {@code slippageShareOfGross}: each cost / grossAlpha;
 *       null when grossAlpha <= 0.</li>
 *   <li>Returns {@code r_i = e_i / e_(i-1) - 1} between consecutive Account events. {@code sharpe} =
 *       {@code mean(r) / sampleSd(r) x sqrt(periodsPerYear)}, {@code periodsPerYear = 365 days / equityInterval},
 *       0 when fewer than 2 returns or zero variance ({@link ReportMetrics#sharpe}); {@code sortino} uses the
 *       downside deviation {@code sqrt(sum(min(r,0)^2) / n)}, null when no return is negative. The gross variants
 *       use {@code e_i + fees_i + funding_i}. The equity interval is inferred as the smallest positive gap between
 *       consecutive boundary-stamped Account events (the first and the last Account are not on the grid; if fewer
 *       than two boundary events exist, the smallest positive gap of all); a long silence yields one return over
 *       its whole span. {@code equityIntervalSeconds} reports what was used. {@code sharpeDaily} /
 *       {@code sortinoDaily}: the same on the last equity of each UTC day, annualized with sqrt(365) (null under 3
 *       days: the per-interval figures of a run of a few hours are annualized from minutes and look extreme).</li>
 *   <li>{@code maxDrawdown}: the most negative {@code e / cummax(e) - 1} (<= 0, 0 when none); {@code avgDrawdown}:
 *       the mean trough of the drawdown episodes (0 when none); {@code timeToRecoverSeconds}: the longest
 *       peak-to-recovery time of the recovered episodes (0 when none); {@code lastDrawdownRecovered}: false when the
 *       curve ends below its peak, and then {@code openDrawdownSeconds} is the time since that peak.</li>
 *   <li>{@code annualizedReturn = (final / initial)^(365 days / span) - 1} with span = last - first Account time;
 *       {@code calmar = annualizedReturn / |maxDrawdown|}; both null when span <= 0, calmar also when
 *       maxDrawdown = 0.</li>
 *   <li>A win is a trade with netPnl > 0, a loss one with netPnl <= 0. {@code hitRate = wins / trades},
 *       {@code avgWin}, {@code avgLoss} (mean net of wins / of losses, the latter <= 0), {@code profitFactor =
 *       sum(win net) / |sum(loss net)|}: null when there are no trades, wins, losses, or the losses sum to 0
 *       respectively. {@code maxConsecutiveLosses} in exit order.</li>
 *   <li>{@code turnover = tradedNotional / mean(equity)} (tradedNotional = the last Account's cumulative fill
 *       notional); {@code tradesPerDay = trades / span days}, {@code tradesPerMonth = tradesPerDay x 30.4375}; null
 *       when span <= 0. {@code avgHoldingSeconds}: mean exit - entry time of the trades, null without trades.</li>
 *   <li>{@code monthly}: one row per UTC month (yyyy-MM) that has a trade exit or an Account event, ascending:
 *       trades, wins, accuracy (wins / trades, null without trades), profitFactor (as above), maxDrawdown within the
 *       month (peak-to-trough from the month's opening equity = the last equity before the month, or its first
 *       point), maxConsecutiveLosses (streaks restart each month), netPnl (sum of the month's trades).</li>
 *   <li>{@code riskCounters}: RiskEvent counts by rule, then action (both sorted); {@code riskEvents} total;
 *       {@code orders} (Order NEW), {@code cancels} (Order CANCEL), {@code fills}, {@code rejects} (OrderUpdate
 *       REJECTED), {@code fundingEvents}.</li>
 * </ul>
 */
public final class RunReport
{
    public static final String TRADES_FILE = "trades.csv";
    public static final String EQUITY_FILE = "equity.csv";
    public static final String DIAGNOSTICS_FILE = "diagnostics.json";
    /** Every file {@link #write} produces (a new run removes the previous ones first). */
    public static final List<String> FILES = List.of(TRADES_FILE, EQUITY_FILE, DIAGNOSTICS_FILE);

    static final String[] TRADE_HEADER = {"positionId", "strategyId", "instrument", "side", "entryTime", "exitTime",
        "holdSeconds", "qty", "entryPrice", "exitPrice", "notional", "grossPnl", "fees", "funding", "slippage", "netPnl",
        "entryReason", "exitReason"};
    static final String[] EQUITY_HEADER = {"time", "tsNs", "cash", "equity", "unrealizedPnl", "realizedPnl", "fees",
        "funding", "slippage", "grossExposure", "openPositions", "turnover", "drawdown"};

    private static final DateTimeFormatter ISO_MS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final double DAY_NS = 86_400e9;
    private static final double MONTH_DAYS = 365.25 / 12;

    /** One TradeClosed. */
    record Trade(long exitTsNs, int instrumentId, int strategyId, long positionId, Side side, long entryTsNs, long qty,
        double entryPrice, double exitPrice, long gross, long fees, long funding, long slippage, long net,
        int entryReason, int exitReason, long notional)
    {
    }

    /** One Account event. */
    record Point(long tsNs, long cash, long equity, long unrealized, long realized, long fees, long funding,
        long slippage, long grossExposure, int openPositions, long turnover)
    {
    }

    private RunReport()
    {
    }

    /**
     * Reads the output journal and writes {@code trades.csv}, {@code equity.csv} and {@code diagnostics.json} into
     * {@code runDir}, and adds the trading metrics to {@code summary} (the caller writes it as summary.json
     * afterwards, e.g. ReplayRunner). A missing or empty journal gives header-only CSVs and an empty-run summary.
     *
     * @param outputJournal the run's output journal ({@code runDir/output})
     * @param instruments   names instruments in trades.csv ({@code venue:SYMBOL}) and gives qty / price decimals
     * @param runDir        where the reports go
     * @param summary       the run summary, extended in place (stable key order)
     */
    public static void write(
        final Path outputJournal,
        final InstrumentRegistry instruments,
        final Path runDir,
        final Map<String, Object> summary)
    {
        final Collected c = collect(outputJournal);
        try
        {
            Files.createDirectories(runDir);
            writeTrades(runDir.resolve(TRADES_FILE), c.trades, instruments);
            writeEquity(runDir.resolve(EQUITY_FILE), c.points);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write reports into " + runDir, ex);
        }
        c.plots = RunPlots.write(runDir, c);
        summary.putAll(metrics(c));
        ReplayRunner.writeJson(runDir.resolve(DIAGNOSTICS_FILE), diagnostics(c, outputJournal, summary));
    }

    // ------------------------------------------------------------------ reading

    /** What the output journal held. */
    static final class Collected
    {
        final List<Trade> trades = new ArrayList<>();
        final List<Point> points = new ArrayList<>();
        final Map<String, Map<String, Long>> risk = new TreeMap<>();
        long riskEvents;
        long orders;
        long cancels;
        long fills;
        long rejects;
        long fundingEvents;
        long invalidFrames;
        /** Independent sums for the accounting check: every Fill's fee, every Funding amount. */
        long fillFees;
        long fundingPaid;
        /** What {@link RunPlots} wrote (file names), or why it could not. */
        Object plots;
    }

    static Collected collect(final Path journal)
    {
        final Collected c = new Collected();
        if (!Journal.isJournal(journal))
        {
            return c;
        }
        final EventValidator validator = new EventValidator();
        final TradeClosedDecoder tc = new TradeClosedDecoder();
        final AccountDecoder ac = new AccountDecoder();
        final RiskEventDecoder re = new RiskEventDecoder();
        final OrderDecoder od = new OrderDecoder();
        final OrderUpdateDecoder ou = new OrderUpdateDecoder();
        final FillDecoder fd = new FillDecoder();
        final FundingDecoder fu = new FundingDecoder();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (!validator.isValid(buffer, offset, length))
                {
                    c.invalidFrames++;
                    return;
                }
                final int body = offset + Events.HEADER_LENGTH;
                final int block = Events.blockLength(buffer, offset);
                final int version = Events.version(buffer, offset);
                switch (Events.templateId(buffer, offset))
                {
                    case TradeClosedDecoder.TEMPLATE_ID:
                        tc.wrap(buffer, body, block, version);
                        c.trades.add(new Trade(tc.exchangeTsNs(), tc.instrumentId(), tc.strategyId(), tc.positionId(),
                            tc.side(), tc.entryTsNs(), tc.qty(), tc.entryPrice(), tc.exitPrice(), tc.grossPnl(), tc.fees(),
                            tc.funding(), tc.slippage(), tc.netPnl(), tc.entryReason(), tc.exitReason(), tc.notional()));
                        break;
                    case AccountDecoder.TEMPLATE_ID:
                        ac.wrap(buffer, body, block, version);
                        c.points.add(new Point(ac.exchangeTsNs(), ac.cash(), ac.equity(), ac.unrealizedPnl(),
                            ac.realizedPnl(), ac.fees(), ac.funding(), ac.slippage(), ac.grossExposure(),
                            ac.openPositions(), ac.turnover()));
                        break;
                    case RiskEventDecoder.TEMPLATE_ID:
                        re.wrap(buffer, body, block, version);
                        c.riskEvents++;
                        c.risk.computeIfAbsent(re.rule(), k -> new TreeMap<>()).merge(re.action().name(), 1L, Long::sum);
                        break;
                    case OrderDecoder.TEMPLATE_ID:
                        od.wrap(buffer, body, block, version);
                        if (od.action() == OrderAction.CANCEL)
                        {
                            c.cancels++;
                        }
                        else if (od.action() == OrderAction.NEW)
                        {
                            c.orders++;
                        }
                        break;
                    case OrderUpdateDecoder.TEMPLATE_ID:
                        ou.wrap(buffer, body, block, version);
                        if (ou.status() == OrderStatus.REJECTED)
                        {
                            c.rejects++;
                        }
                        break;
                    case FillDecoder.TEMPLATE_ID:
                        fd.wrap(buffer, body, block, version);
                        c.fills++;
                        c.fillFees += fd.fee();
                        break;
                    case FundingDecoder.TEMPLATE_ID:
                        fu.wrap(buffer, body, block, version);
                        c.fundingEvents++;
                        c.fundingPaid += fu.amount();
                        break;
                    default:
                        break;
                }
            });
        }
        return c;
    }

    /**
     * The accounting identity of issue #5, checked on every run from independent parts of the output journal, in
     * exact money mantissas: {@code initial + realized - fees - funding == cash} of the last Account event, the
     * Account's fees equal the sum of every Fill's fee, its funding the sum of every Funding amount, and, once every
     * position is closed, its realized PnL the sum of the TradeClosed gross PnLs. {@code holds} is false (and the
     * differences say by how much) if any part disagrees; a run without Account events has nothing to check.
     */
    static Map<String, Object> accountingCheck(final Collected c, final long initial)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        if (c.points.isEmpty())
        {
            m.put("holds", null);
            return m;
        }
        final Point last = c.points.get(c.points.size() - 1);
        final long cashDiff = last.cash() - (initial + last.realized() - last.fees() - last.funding());
        final long feeDiff = last.fees() - c.fillFees;
        final long fundingDiff = last.funding() - c.fundingPaid;
        long closedGross = 0;
        for (final Trade t : c.trades)
        {
            closedGross += t.gross();
        }
        final boolean allClosed = last.openPositions() == 0;
        final long realizedDiff = allClosed ? last.realized() - closedGross : 0;
        m.put("holds", cashDiff == 0 && feeDiff == 0 && fundingDiff == 0 && realizedDiff == 0);
        m.put("cashDifference", Money.toDouble(cashDiff));
        m.put("feesDifference", Money.toDouble(feeDiff));
        m.put("fundingDifference", Money.toDouble(fundingDiff));
        m.put("realizedDifference", allClosed ? Money.toDouble(realizedDiff) : null);
        m.put("rule", "initial + realized - fees - funding = cash; fees = sum of Fill fees; funding = sum of Funding; "
            + "realized = sum of TradeClosed gross when all closed (money mantissas, 1e-8)");
        return m;
    }

    // ------------------------------------------------------------------ CSVs

    private static void writeTrades(final Path file, final List<Trade> trades, final InstrumentRegistry instruments)
        throws IOException
    {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(TRADE_HEADER)
                 .setRecordSeparator('\n').get()))
        {
            for (final Trade t : trades)
            {
                final Instrument i = instruments.byId(t.instrumentId());
                csv.printRecord(
                    t.positionId(),
                    t.strategyId(),
                    i == null ? "id:" + t.instrumentId() : i.key(),
                    t.side() == Side.SELL ? "short" : "long",
                    time(t.entryTsNs()),
                    time(t.exitTsNs()),
                    BigDecimal.valueOf(t.exitTsNs() - t.entryTsNs(), 9).setScale(3, RoundingMode.HALF_EVEN).toPlainString(),
                    qty(t.qty(), i),
                    price(t.entryPrice(), i),
                    price(t.exitPrice(), i),
                    Money.format(t.notional()),
                    Money.format(t.gross()),
                    Money.format(t.fees()),
                    Money.format(t.funding()),
                    Money.format(t.slippage()),
                    Money.format(t.net()),
                    Reason.labelOf(t.entryReason()),
                    Reason.labelOf(t.exitReason()));
            }
        }
    }

    private static void writeEquity(final Path file, final List<Point> points) throws IOException
    {
        final double[] dd = ReportMetrics.drawdowns(equities(points));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(EQUITY_HEADER)
                 .setRecordSeparator('\n').get()))
        {
            for (int k = 0; k < points.size(); k++)
            {
                final Point p = points.get(k);
                csv.printRecord(
                    time(p.tsNs()),
                    p.tsNs(),
                    Money.format(p.cash()),
                    Money.format(p.equity()),
                    Money.format(p.unrealized()),
                    Money.format(p.realized()),
                    Money.format(p.fees()),
                    Money.format(p.funding()),
                    Money.format(p.slippage()),
                    Money.format(p.grossExposure()),
                    p.openPositions(),
                    Money.format(p.turnover()),
                    BigDecimal.valueOf(dd[k]).setScale(10, RoundingMode.HALF_EVEN).toPlainString());
            }
        }
    }

    /** ISO-8601 UTC with milliseconds (truncated). */
    static String time(final long tsNs)
    {
        return ISO_MS.format(Instant.ofEpochSecond(Math.floorDiv(tsNs, 1_000_000_000L), Math.floorMod(tsNs, 1_000_000_000L)));
    }

    private static String qty(final long mantissa, final Instrument i)
    {
        return i == null ? Long.toString(mantissa) : Decimals.toString(mantissa, i.qtyExponent());
    }

    /** A price with its trailing zeros dropped but at least the tick grid's decimals (4 more at most). */
    private static String price(final double value, final Instrument i)
    {
        if (!Double.isFinite(value))
        {
            return "";
        }
        final int grid = i == null ? 2 : -i.priceExponent();
        final BigDecimal b = BigDecimal.valueOf(value).setScale(grid + 4, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return b.setScale(Math.max(grid, b.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    // ------------------------------------------------------------------ metrics

    static double[] equities(final List<Point> points)
    {
        final double[] e = new double[points.size()];
        for (int k = 0; k < e.length; k++)
        {
            e[k] = Money.toDouble(points.get(k).equity());
        }
        return e;
    }

    /** The last equity of each UTC day, in day order (the first day's opening equity first when it is the only point). */
    static double[] dailyEquity(final List<Point> points)
    {
        final List<Double> out = new ArrayList<>();
        long day = Long.MIN_VALUE;
        for (final Point p : points)
        {
            final long d = Math.floorDiv(p.tsNs(), 86_400_000_000_000L);
            if (d != day)
            {
                out.add(Money.toDouble(p.equity()));
                day = d;
            }
            else
            {
                out.set(out.size() - 1, Money.toDouble(p.equity()));
            }
        }
        final double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++)
        {
            a[i] = out.get(i);
        }
        return a;
    }

    /** Net PnL of each trade, in exit order. */
    private static long[] nets(final List<Trade> trades)
    {
        final long[] n = new long[trades.size()];
        for (int k = 0; k < n.length; k++)
        {
            n[k] = trades.get(k).net();
        }
        return n;
    }

    /** Holding time (exit - entry) of each trade in seconds. */
    private static double[] holdSeconds(final List<Trade> trades)
    {
        final double[] h = new double[trades.size()];
        for (int k = 0; k < h.length; k++)
        {
            h[k] = (trades.get(k).exitTsNs() - trades.get(k).entryTsNs()) / 1e9;
        }
        return h;
    }

    private static long[] times(final List<Point> points)
    {
        final long[] t = new long[points.size()];
        for (int k = 0; k < t.length; k++)
        {
            t[k] = points.get(k).tsNs();
        }
        return t;
    }

    /** The equity interval as documented on the class: 0 when it cannot be inferred. */
    static long inferInterval(final long[] ts)
    {
        long best = Long.MAX_VALUE;
        for (int k = 2; k < ts.length - 1; k++)
        {
            final long gap = ts[k] - ts[k - 1];
            if (gap > 0 && gap < best)
            {
                best = gap;
            }
        }
        if (best == Long.MAX_VALUE)
        {
            for (int k = 1; k < ts.length; k++)
            {
                final long gap = ts[k] - ts[k - 1];
                if (gap > 0 && gap < best)
                {
                    best = gap;
                }
            }
        }
        return best == Long.MAX_VALUE ? 0 : best;
    }

    static Map<String, Object> metrics(final Collected c)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        final List<Point> pts = c.points;
        final List<Trade> trades = c.trades;
        final boolean hasEquity = !pts.isEmpty();
        final Point first = hasEquity ? pts.get(0) : null;
        final Point last = hasEquity ? pts.get(pts.size() - 1) : null;
        final double[] eq = equities(pts);
        final long[] ts = times(pts);
        final long initial = hasEquity ? first.cash() - first.realized() + first.fees() + first.funding() : 0;

        m.put("trades", (long)trades.size());
        m.put("initialEquity", hasEquity ? Money.toDouble(initial) : null);
        m.put("finalEquity", hasEquity ? Money.toDouble(last.equity()) : null);
        final long fees = hasEquity ? last.fees() : 0;
        final long funding = hasEquity ? last.funding() : 0;
        final long slippage = hasEquity ? last.slippage() : 0;
        final long net = hasEquity ? last.equity() - initial : 0;
        final long gross = net + fees + funding;
        final long grossAlpha = gross + slippage;
        m.put("realizedPnl", hasEquity ? Money.toDouble(last.realized()) : 0.0);
        m.put("grossPnl", Money.toDouble(gross));
        m.put("fees", Money.toDouble(fees));
        m.put("funding", Money.toDouble(funding));
        m.put("slippage", Money.toDouble(slippage));
        m.put("netPnl", Money.toDouble(net));
        m.put("grossAlpha", Money.toDouble(grossAlpha));
        m.put("accountingCheck", accountingCheck(c, initial));

        final long intervalNs = inferInterval(ts);
        final double periodsPerYear = intervalNs > 0 ? ReportMetrics.YEAR_NS / intervalNs : 0;
        final double[] r = ReportMetrics.returns(eq);
        final double[] grossEq = new double[eq.length];
        for (int k = 0; k < eq.length; k++)
        {
            final Point p = pts.get(k);
            grossEq[k] = Money.toDouble(p.equity() + p.fees() + p.funding());
        }
        final double[] rg = ReportMetrics.returns(grossEq);
        m.put("equityIntervalSeconds", intervalNs / 1e9);
        m.put("sharpe", ReportMetrics.sharpe(r, periodsPerYear));
        m.put("sharpeGross", ReportMetrics.sharpe(rg, periodsPerYear));
        m.put("sortino", num(ReportMetrics.sortino(r, periodsPerYear)));
        m.put("sortinoGross", num(ReportMetrics.sortino(rg, periodsPerYear)));
        // the conventional figures: daily returns of the last equity of each UTC day, annualized with sqrt(365);
        // null below 3 days (2 returns), where per-interval returns annualized are all a short run has
        final double[] daily = dailyEquity(pts);
        final double[] rd = ReportMetrics.returns(daily);
        m.put("sharpeDaily", daily.length >= 3 ? ReportMetrics.sharpe(rd, 365.0) : null);
        m.put("sortinoDaily", daily.length >= 3 ? num(ReportMetrics.sortino(rd, 365.0)) : null);
        m.put("days", daily.length);

        final double maxDd = ReportMetrics.maxDrawdown(eq, Double.NaN);
        final long spanNs = hasEquity ? last.tsNs() - first.tsNs() : 0;
        final double annualized = spanNs > 0 && initial > 0
            ? StrictMath.pow(Money.toDouble(last.equity()) / Money.toDouble(initial), ReportMetrics.YEAR_NS / spanNs) - 1
            : Double.NaN;
        m.put("annualizedReturn", num(annualized));
        m.put("calmar", maxDd < 0 ? num(annualized / -maxDd) : null);
        m.put("maxDrawdown", maxDd);
        final List<ReportMetrics.Episode> episodes = ReportMetrics.episodes(ts, eq);
        double troughSum = 0;
        long longestRecovery = 0;
        for (final ReportMetrics.Episode e : episodes)
        {
            troughSum += e.trough();
            if (e.recovered())
            {
                longestRecovery = Math.max(longestRecovery, e.recoveredTsNs() - e.peakTsNs());
            }
        }
        final ReportMetrics.Episode lastEpisode = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
        final boolean lastRecovered = lastEpisode == null || lastEpisode.recovered();
        m.put("avgDrawdown", episodes.isEmpty() ? 0.0 : troughSum / episodes.size());
        m.put("timeToRecoverSeconds", longestRecovery / 1e9);
        m.put("lastDrawdownRecovered", lastRecovered);
        m.put("openDrawdownSeconds", lastRecovered ? 0.0 : (last.tsNs() - lastEpisode.peakTsNs()) / 1e9);

        final long[] nets = nets(trades);
        final int winCount = ReportMetrics.wins(nets);
        final int lossCount = nets.length - winCount;
        m.put("hitRate", nets.length == 0 ? null : (double)winCount / nets.length);
        m.put("avgWin", winCount == 0 ? null : Money.toDouble(ReportMetrics.winSum(nets)) / winCount);
        m.put("avgLoss", lossCount == 0 ? null : Money.toDouble(ReportMetrics.lossSum(nets)) / lossCount);
        m.put("profitFactor", num(ReportMetrics.profitFactor(nets)));
        m.put("maxConsecutiveLosses", ReportMetrics.maxConsecutiveLosses(nets));

        final long traded = hasEquity ? last.turnover() : 0;
        final double meanEquity = ReportMetrics.mean(eq);
        m.put("tradedNotional", Money.toDouble(traded));
        m.put("turnover", hasEquity && meanEquity > 0 ? Money.toDouble(traded) / meanEquity : null);
        final double perDay = spanNs > 0 ? trades.size() / (spanNs / DAY_NS) : Double.NaN;
        m.put("tradesPerDay", num(perDay));
        m.put("tradesPerMonth", num(perDay * MONTH_DAYS));
        m.put("avgHoldingSeconds", num(ReportMetrics.mean(holdSeconds(trades))));
        m.put("feeShareOfGross", grossAlpha > 0 ? (double)fees / grossAlpha : null);
        m.put("slippageShareOfGross", grossAlpha > 0 ? (double)slippage / grossAlpha : null);
        m.put("fundingShareOfGross", grossAlpha > 0 ? (double)funding / grossAlpha : null);
        m.put("monthly", monthly(trades, pts));

        final Map<String, Object> risk = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<String, Long>> e : c.risk.entrySet())
        {
            risk.put(e.getKey(), new LinkedHashMap<>(e.getValue()));
        }
        m.put("riskCounters", risk);
        m.put("riskEvents", c.riskEvents);
        m.put("orders", c.orders);
        m.put("cancels", c.cancels);
        m.put("fills", c.fills);
        m.put("rejects", c.rejects);
        m.put("fundingEvents", c.fundingEvents);
        m.put("invalidFrames", c.invalidFrames);
        return m;
    }

    /** One UTC month's trades (by exit time) and Account points. */
    private record Month(List<Trade> trades, List<Point> points)
    {
    }

    private static List<Map<String, Object>> monthly(final List<Trade> trades, final List<Point> pts)
    {
        final TreeMap<String, Month> months = new TreeMap<>();
        for (final Trade t : trades)
        {
            months.computeIfAbsent(month(t.exitTsNs()), k -> new Month(new ArrayList<>(), new ArrayList<>())).trades().add(t);
        }
        for (final Point p : pts)
        {
            months.computeIfAbsent(month(p.tsNs()), k -> new Month(new ArrayList<>(), new ArrayList<>())).points().add(p);
        }
        final List<Map<String, Object>> rows = new ArrayList<>();
        double opening = Double.NaN;
        for (final Map.Entry<String, Month> e : months.entrySet())
        {
            final long[] nets = nets(e.getValue().trades());
            final long wins = ReportMetrics.wins(nets);
            final double[] eq = equities(e.getValue().points());
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", e.getKey());
            row.put("trades", (long)nets.length);
            row.put("wins", wins);
            row.put("accuracy", nets.length == 0 ? null : (double)wins / nets.length);
            row.put("profitFactor", num(ReportMetrics.profitFactor(nets)));
            row.put("maxDrawdown", ReportMetrics.maxDrawdown(eq, opening));
            row.put("maxConsecutiveLosses", ReportMetrics.maxConsecutiveLosses(nets));
            row.put("netPnl", Money.toDouble(ReportMetrics.sum(nets)));
            rows.add(row);
            if (eq.length > 0)
            {
                opening = eq[eq.length - 1];
            }
        }
        return rows;
    }

    private static String month(final long tsNs)
    {
        return MONTH.format(Instant.ofEpochSecond(Math.floorDiv(tsNs, 1_000_000_000L)));
    }

    /** A finite double, or null (JSON has no NaN / Infinity). */
    private static Double num(final double v)
    {
        return Double.isFinite(v) ? v : null;
    }

    // ------------------------------------------------------------------ diagnostics.json

    static Map<String, Object> diagnostics(final Collected c, final Path outputJournal, final Map<String, Object> summary)
    {
        final Map<String, Object> d = new LinkedHashMap<>();
        final Map<String, Object> files = new LinkedHashMap<>();
        files.put("trades", TRADES_FILE);
        files.put("equity", EQUITY_FILE);
        files.put("plots", c.plots);
        files.put("summary", ReplayRunner.SUMMARY_FILE);
        files.put("outputJournal", outputJournal.getFileName() == null ? outputJournal.toString()
            : outputJournal.getFileName().toString());
        d.put("files", files);

        final List<Point> pts = c.points;
        final double[] eq = equities(pts);
        final double[] dd = ReportMetrics.drawdowns(eq);
        final Map<String, Object> equity = new LinkedHashMap<>();
        equity.put("points", (long)pts.size());
        equity.put("start", pts.isEmpty() ? null : eq[0]);
        equity.put("final", pts.isEmpty() ? null : eq[eq.length - 1]);
        int worst = -1;
        for (int k = 0; k < dd.length; k++)
        {
            if (dd[k] < 0 && (worst < 0 || dd[k] < dd[worst]))
            {
                worst = k;
            }
        }
        equity.put("maxDrawdown", worst < 0 ? 0.0 : dd[worst]);
        equity.put("maxDrawdownTime", worst < 0 ? null : time(pts.get(worst).tsNs()));
        d.put("equity", equity);

        final List<Trade> trades = c.trades;
        final long[] nets = nets(trades);
        final double[] pnl = new double[nets.length];
        final Map<String, Long> exitReasons = new TreeMap<>();
        for (int k = 0; k < pnl.length; k++)
        {
            pnl[k] = Money.toDouble(nets[k]);
            exitReasons.merge(Reason.labelOf(trades.get(k).exitReason()), 1L, Long::sum);
        }
        final double[] hold = holdSeconds(trades);
        final Map<String, Object> ts = new LinkedHashMap<>();
        ts.put("count", (long)pnl.length);
        ts.put("winRate", pnl.length == 0 ? null : (double)ReportMetrics.wins(nets) / pnl.length);
        final Map<String, Object> pnlStats = new LinkedHashMap<>();
        pnlStats.put("mean", num(ReportMetrics.mean(pnl)));
        pnlStats.put("median", num(ReportMetrics.median(pnl)));
        pnlStats.put("min", pnl.length == 0 ? null : Arrays.stream(pnl).min().getAsDouble());
        pnlStats.put("max", pnl.length == 0 ? null : Arrays.stream(pnl).max().getAsDouble());
        ts.put("netPnl", pnlStats);
        final Map<String, Object> holdStats = new LinkedHashMap<>();
        holdStats.put("mean", num(ReportMetrics.mean(hold)));
        holdStats.put("median", num(ReportMetrics.median(hold)));
        holdStats.put("max", hold.length == 0 ? null : Arrays.stream(hold).max().getAsDouble());
        ts.put("holdSeconds", holdStats);
        ts.put("longestWinStreak", ReportMetrics.maxConsecutiveWins(nets));
        ts.put("longestLossStreak", ReportMetrics.maxConsecutiveLosses(nets));
        d.put("trades", ts);
        d.put("exitReasons", new LinkedHashMap<>(exitReasons));
        final Map<String, Long> byRule = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<String, Long>> e : c.risk.entrySet())
        {
            byRule.put(e.getKey(), e.getValue().values().stream().mapToLong(Long::longValue).sum());
        }
        d.put("riskEventsByRule", byRule);
        d.put("backtestSummary", new LinkedHashMap<>(summary));
        return d;
    }
}
