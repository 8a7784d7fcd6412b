package dev.trader.app;

import dev.trader.replay.RunResult;

import java.io.PrintStream;
import java.util.Map;

/** Human-readable run summaries for the terminal. */
final class Reports
{
    private Reports()
    {
    }

    @SuppressWarnings("unchecked")
    static void printRun(final RunResult run, final PrintStream out)
    {
        final Map<String, Object> s = run.summary();
        out.printf("input events   %,d %s%n", run.inputEvents(), s.get("inputCounts"));
        out.printf("output events  %,d %s%n", run.outputEvents(), s.get("outputCounts"));
        final Object readerReasons = s.get("inputRejectedByReaderReasons");
        out.printf("rejected       %,d frames refused by the journal reader%s%n", ((Number)s.get("inputRejectedByReader")).longValue(),
            readerReasons instanceof Map && !((Map<String, Object>)readerReasons).isEmpty() ? " " + readerReasons : "");
        out.printf("internal errors %,d stage exceptions contained%s%n", ((Number)s.get("internalErrors")).longValue(),
            ((Map<String, Object>)s.get("internalErrorsByStage")).isEmpty() ? "" : " " + s.get("internalErrorsByStage"));
        if (s.get("inputJournal") instanceof Map)
        {
            final Map<String, Object> j = (Map<String, Object>)s.get("inputJournal");
            if (n(j.get("corruptFrames")) + n(j.get("missingFrames")) > 0)
            {
                out.printf("skipped        %,d corrupt and %,d missing journal frames (--skip-corrupt)%s; first: %s%n", n(j.get("corruptFrames")),
                    n(j.get("missingFrames")), Boolean.TRUE.equals(j.get("truncatedTail")) ? ", truncated tail" : "",
                    ((Map<String, Object>)j.get("firstDamage")).get("description"));
            }
        }
        out.printf("outputSha256   %s%n", run.outputSha256());
        out.printf("replay         %,.0f events/s, wall %.2f ms%n", run.eventsPerSecond(), ((Number)s.get("wallTimeMs")).doubleValue());
        out.printf("stage counters %s%n", s.get("stageCounters"));
        out.println();
        final Map<String, Object> latency = (Map<String, Object>)s.get("latencyNs");
        out.printf("%-28s %12s %10s %10s %10s %12s%n", "latency (ns)", "count", "p50", "p99", "p99.9", "max");
        for (final Map.Entry<String, Object> e : latency.entrySet())
        {
            final Map<String, Object> p = (Map<String, Object>)e.getValue();
            out.printf("%-28s %12d %10d %10d %10d %12d%n", e.getKey(), n(p.get("count")), n(p.get("p50")), n(p.get("p99")),
                n(p.get("p99.9")), n(p.get("max")));
        }
        out.println();
        out.println("conditions: " + s.get("conditions"));
        out.println("run: " + run.runDir() + " (summary.json, latency.hlog, input/, output/)");
    }

    /** The trading part of a run's summary (strategies, risk, paper venue, accounting), when the plan traded. */
    @SuppressWarnings("unchecked")
    static void printTrading(final RunResult run, final PrintStream out)
    {
        final Map<String, Object> s = run.summary();
        if (!s.containsKey("trades"))
        {
            return;
        }
        out.println();
        out.printf("trades         %s (hit rate %s, profit factor %s, max consecutive losses %s)%n", s.get("trades"),
            pct(s.get("hitRate")), num(s.get("profitFactor")), s.get("maxConsecutiveLosses"));
        out.printf("equity         %s -> %s (net PnL %s, gross %s)%n", s.get("initialEquity"), s.get("finalEquity"),
            s.get("netPnl"), s.get("grossPnl"));
        out.printf("costs          fees %s, funding %s, slippage %s%n", s.get("fees"), s.get("funding"), s.get("slippage"));
        out.printf("drawdown       max %s, average %s; Sharpe %s, Sortino %s, Calmar %s (per %s s interval, annualized)%n",
            pct(s.get("maxDrawdown")), pct(s.get("avgDrawdown")), num(s.get("sharpe")), num(s.get("sortino")),
            num(s.get("calmar")), s.get("equityIntervalSeconds"));
        if (s.get("sharpeDaily") != null)
        {
            out.printf("daily          Sharpe %s, Sortino %s over %s days%n", num(s.get("sharpeDaily")), num(s.get("sortinoDaily")),
                s.get("days"));
        }
        final Object ttd = s.get("ingressToDecisionNs");
        if (ttd != null)
        {
            out.printf("tick-to-decision %s%n", ttd);
        }
        if (s.get("accountingCheck") instanceof Map)
        {
            final Map<String, Object> check = (Map<String, Object>)s.get("accountingCheck");
            out.printf("accounting     initial + realized - fees - funding = cash: %s%n",
                Boolean.TRUE.equals(check.get("holds")) ? "holds (exact, 1e-8)" : "DOES NOT HOLD " + check);
        }
        if (s.get("riskCounters") != null)
        {
            out.printf("risk           %s%n", s.get("riskCounters"));
        }
        out.println("reports: " + run.runDir() + " (trades.csv, equity.csv, summary.json, diagnostics.json)");
    }

    private static String pct(final Object o)
    {
        return o instanceof Number ? String.format(java.util.Locale.ROOT, "%.2f%%", ((Number)o).doubleValue() * 100) : String.valueOf(o);
    }

    private static String num(final Object o)
    {
        return o instanceof Number ? String.format(java.util.Locale.ROOT, "%.3f", ((Number)o).doubleValue()) : String.valueOf(o);
    }

    private static long n(final Object o)
    {
        return ((Number)o).longValue();
    }

}
