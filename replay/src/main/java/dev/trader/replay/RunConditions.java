package dev.trader.replay;

import dev.trader.engine.EngineSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The conditions a measurement was taken under; printed beside every figure. */
public final class RunConditions
{
    private RunConditions()
    {
    }

    public static Map<String, Object> of(final EngineSettings settings)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("jdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        m.put("vm", System.getProperty("java.vm.name"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("waitStrategy", settings.waitStrategy().configName());
        m.put("ringSize", settings.ringSize());
        m.put("slotBytes", settings.slotBytes());
        m.put("timeStages", settings.timeStages());
        m.put("engineThreads", 1);
        m.put("producer", "journal reader thread");
        return m;
    }

    public static String oneLine(final Map<String, Object> conditions)
    {
        final StringBuilder sb = new StringBuilder();
        conditions.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }
}
