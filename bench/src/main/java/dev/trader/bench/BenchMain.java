package dev.trader.bench;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Main class of {@code bench/target/benchmarks.jar}: JMH's own command line (include regex, {@code -prof gc},
 * {@code -f}, {@code -wi}, {@code -i}, {@code -p}, {@code -l}, {@code -h}...), with the JVM flags our libraries need
 * appended to every fork's command line. The flags are chosen at run time from {@link Runtime#version()}: JDK 24+
 * also gets {@code --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}, which JDK 17 rejects.
 *
 * <p>Forks inherit this JVM's own arguments unless {@code -jvmArgs} replaces them, so only the flags this JVM was not
 * started with are appended (no duplicates when launched by {@code bench/run.sh}). A {@code -jvmArgsAppend} given on
 * the command line is kept and ours are added after it. With {@code -jvm} pointing at another JDK, the flags still
 * follow the release of the JVM running this class.
 */
public final class BenchMain
{
    private BenchMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final CommandLineOptions cmd;
        try
        {
            cmd = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("Error parsing command line:");
            System.err.println(" " + ex.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp())
        {
            cmd.showHelp();
            return;
        }
        if (cmd.shouldListProfilers())
        {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats())
        {
            cmd.listResultFormats();
            return;
        }

        final List<String> append = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
        for (final String flag : forkFlags(cmd))
        {
            if (!append.contains(flag))
            {
                append.add(flag);
            }
        }
        final Options options = new OptionsBuilder()
            .parent(cmd)
            .jvmArgsAppend(append.toArray(new String[0]))
            .build();
        final Runner runner = new Runner(options);
        try
        {
            if (cmd.shouldList())
            {
                runner.list();
                return;
            }
            if (cmd.shouldListWithParams())
            {
                runner.listWithParams(cmd);
                return;
            }
            runner.run();
        }
        catch (final NoBenchmarksException ex)
        {
            System.err.println("No matching benchmarks. Miss-spelled regexp? Known benchmarks:");
            runner.list();
            System.exit(1);
        }
        catch (final RunnerException ex)
        {
            System.err.print("ERROR: ");
            ex.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** The flags each fork needs that it would not already get from this JVM's own command line. */
    static List<String> forkFlags(final CommandLineOptions cmd)
    {
        final List<String> wanted = new ArrayList<>(JvmFlags.forRunningJvm());
        final String work = System.getProperty(BenchRig.WORK_PROPERTY);
        if (work != null)
        {
            wanted.add("-D" + BenchRig.WORK_PROPERTY + "=" + work);
        }
        // without -jvmArgs, JMH starts forks with this JVM's input arguments
        return cmd.getJvmArgs().hasValue() ? wanted : JvmFlags.missingFromRunningJvm(wanted);
    }
}
