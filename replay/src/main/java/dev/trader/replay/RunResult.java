package dev.trader.replay;

import java.nio.file.Path;
import java.util.Map;

/** What a replay produced: its {@code summary.json} content and where the run lives. */
public final class RunResult
{
    private final Path runDir;
    private final Map<String, Object> summary;

    RunResult(final Path runDir, final Map<String, Object> summary)
    {
        this.runDir = runDir;
        this.summary = summary;
    }

    public Path runDir()
    {
        return runDir;
    }

    public Map<String, Object> summary()
    {
        return summary;
    }

    public String outputSha256()
    {
        return (String)summary.get("outputSha256");
    }

    public long inputEvents()
    {
        return ((Number)summary.get("inputEvents")).longValue();
    }

    public long outputEvents()
    {
        return ((Number)summary.get("outputEvents")).longValue();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Long> outputCounts()
    {
        return (Map<String, Long>)summary.get("outputCounts");
    }

    public double eventsPerSecond()
    {
        return ((Number)summary.get("eventsPerSecond")).doubleValue();
    }
}
