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
        out.printf("rejected       %,d frames refused by the journal reader%n", ((Number)s.get("inputRejectedByReader")).longValue());
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

    private static long n(final Object o)
    {
        return ((Number)o).longValue();
    }

}
