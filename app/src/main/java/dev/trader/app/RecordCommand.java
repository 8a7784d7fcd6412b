package dev.trader.app;

import dev.trader.adapters.live.LiveClock;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.replay.LiveRunner;
import dev.trader.replay.RunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "record", mixinStandardHelpOptions = true,
    description = {"Record live market data from the venues of the config's venues: section.",
        "Frames are journaled raw to <journal>/input as they arrive, the engine's output to <journal>/output.",
        "Runs until SIGTERM/SIGINT (Ctrl-C) or --duration, then stops cleanly: connections closed, engine drained,",
        "journals closed, <journal>/summary.json written. Replay with: trader replay --journal <journal>/input",
        "If the engine stops on a failure it cannot contain (e.g. a journal append fails), the recording stops at once",
        "and the command exits 1 with a one-line message: never a live process that journals nothing."})
final class RecordCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, description = "config with a venues: section, e.g. configs/record-binance-usdm.yaml")
    Path config;

    @Option(names = "--journal", required = true, description = "recording directory (must not hold a recording yet)")
    Path journal;

    @Option(names = "--duration", description = "stop after this long, e.g. 30s, 10m, 8h (default: until SIGTERM/SIGINT)")
    String duration;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Stages after the config's plan: none from the command line; tests put probes here. */
    List<Stage> extraStages = List.of();

    @Override
    public Integer call() throws InterruptedException
    {
        final TraderConfig cfg = TraderConfig.load(config);
        final long durationNs = duration == null ? -1 : TraderConfig.parseDuration(duration).toNanos();
        final LiveRunner runner = LiveRunner.start(cfg, journal, LiveClock.system(), extraStages);
        final CountDownLatch stopped = new CountDownLatch(1);
        // woken by a signal (once the hook has stopped the run) or by an engine that cannot go on
        final CountDownLatch wake = new CountDownLatch(1);
        runner.onEngineFailure(wake::countDown);
        final Thread hook = new Thread(() ->
        {
            try
            {
                final RunResult run = runner.stop();
                System.out.println();
                System.out.println("trader record: stopped by signal");
                Reports.printRun(run, System.out);
            }
            catch (final Throwable ex)
            {
                System.err.println("trader record: stopping failed: " + ex);
            }
            finally
            {
                stopped.countDown();
                wake.countDown();
            }
        }, "trader-record-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("trader record: recording to " + runner.journalDir() + " from " + runner.source().connections().size()
            + " venue connection(s)" + (duration == null ? "; SIGTERM or Ctrl-C stops cleanly" : " for " + duration));
        System.out.flush();
        if (durationNs < 0)
        {
            wake.await();
        }
        else
        {
            wake.await(durationNs, TimeUnit.NANOSECONDS);
        }
        if (stopped.getCount() == 0)
        {
            return 0; // a signal came first; the hook stopped the run
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            stopped.await(); // shutdown already under way: the hook does the stop
            return 0;
        }
        final Throwable failure = runner.engineFailure();
        if (failure != null)
        {
            try
            {
                runner.stop(); // closes the connections and journals, writes summary.json with live.failure
            }
            catch (final RuntimeException expected)
            {
                // stop() rethrows the engine's failure once everything is closed
            }
            spec.commandLine().getErr().println(("trader record: the engine stopped and can journal nothing more (" + failure
                + "); the recording up to the failure is in " + runner.journalDir()).replace('\n', ' '));
            spec.commandLine().getErr().flush();
            return 1;
        }
        final RunResult run = runner.stop();
        Reports.printRun(run, System.out);
        return 0;
    }
}
