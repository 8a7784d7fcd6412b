package dev.trader.app;

import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs `trader` in-process for tests: exit code, standard output and error captured. */
final class CliHarness
{
    private CliHarness()
    {
    }

    /** One command's outcome. */
    record Result(int exitCode, String out, String err)
    {
        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** The repository root (system property trader.root.dir, set by the build; else the parent folder). */
    static Path rootDir()
    {
        final String root = System.getProperty("trader.root.dir");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /**
     * The command line that runs {@code trader args...} in a child JVM with this JVM's module flags and class path
     * (for tests that signal or kill the process).
     */
    static List<String> childTrader(final Path tmpDir, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc")
                || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.addAll(List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmpDir, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
            System.getProperty("java.class.path"), TraderCli.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Points {@code trader.home} at the repository root (configs, instruments). @return the previous value */
    static String useRepositoryHome()
    {
        final String previous = System.getProperty("trader.home");
        System.setProperty("trader.home", rootDir().toString());
        return previous;
    }

    /** Undoes {@link #useRepositoryHome()}. */
    static void restoreHome(final String previous)
    {
        if (previous == null)
        {
            System.clearProperty("trader.home");
        }
        else
        {
            System.setProperty("trader.home", previous);
        }
    }

    /** Runs {@code trader args...}; System.out is swapped while it runs, so calls are serialized. */
    static synchronized Result trader(final String... args)
    {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final StringWriter errText = new StringWriter();
        final PrintStream originalOut = System.out;
        final PrintStream capture = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        final int exit;
        try
        {
            final CommandLine cl = TraderCli.commandLine();
            cl.setOut(new PrintWriter(capture, true));
            cl.setErr(new PrintWriter(errText, true));
            exit = cl.execute(args);
        }
        finally
        {
            capture.flush();
            System.setOut(originalOut);
        }
        return new Result(exit, outBytes.toString(StandardCharsets.UTF_8), errText.toString());
    }
}
