package dev.trader.app;

import dev.trader.replay.LatencyFiles;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "latency", mixinStandardHelpOptions = true,
    description = "Print a run's latency histograms again and write one .hgrm file per stage/path (nanoseconds).")
final class LatencyCommand implements Callable<Integer>
{
    @Option(names = "--run", required = true, description = "run directory of a replay or demo")
    Path run;

    @Override
    public Integer call()
    {
        final Map<String, Histogram> histograms = LatencyFiles.read(run);
        System.out.print(LatencyFiles.table(histograms));
        final List<Path> files = LatencyFiles.writeHgrm(run, histograms);
        System.out.println("wrote " + files.size() + " .hgrm files to " + run);
        return 0;
    }
}
