package dev.trader.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JVM flags every JVM running our code needs, copied from the root POM's {@code trader.jvm.base.flags} (keep the
 * two in sync) plus the JDK 24+ flags of its {@code jdk24plus} profile. Each flag is its own constant so that the
 * benchmarks' {@code @Fork(jvmArgsAppend = ...)} annotations (which need compile-time constants) can list them; the
 * annotations only apply when the jar is run through {@code org.openjdk.jmh.Main} or an IDE. {@link BenchMain}
 * computes the list at run time instead, which also covers the JDK 24+ flags.
 */
public final class JvmFlags
{
    // Agrona 2 / SBE
    public static final String EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    // Chronicle Queue
    public static final String EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String EXPORTS_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String EXPORTS_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String OPENS_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String OPENS_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String OPENS_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String OPENS_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    public static final String OPENS_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String OPENS_MISC = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    public static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";
    /** Not a requirement: keeps Chronicle's start-up chatter out of the benchmark output. */
    public static final String QUIET_LOG = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    // JDK 24+ only (JDK 17 refuses to start with them)
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    public static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /** The root POM's {@code trader.jvm.base.flags}, in the same order. */
    public static final List<String> BASE = List.of(
        EXPORTS_MISC, EXPORTS_REF, EXPORTS_NIO_CH, EXPORTS_SUN_MISC, EXPORTS_JAVAC_FILE,
        OPENS_JAVAC, OPENS_LANG, OPENS_REFLECT, OPENS_IO, OPENS_UTIL, OPENS_NIO, OPENS_NIO_CH, OPENS_MISC,
        NO_ANALYTICS, NO_ANNOUNCER);

    /** The root POM's {@code jdk24plus} profile ({@code trader.jvm.extra.flags}). */
    public static final List<String> JDK24_PLUS = List.of(NATIVE_ACCESS, UNSAFE_MEMORY_ACCESS);

    private JvmFlags()
    {
    }

    /** The flags a JVM of the given feature release needs (base, plus the JDK 24+ ones from 24 on), then {@link #QUIET_LOG}. */
    public static List<String> forFeature(final int feature)
    {
        final List<String> flags = new ArrayList<>(BASE);
        if (feature >= 24)
        {
            flags.addAll(JDK24_PLUS);
        }
        flags.add(QUIET_LOG);
        return Collections.unmodifiableList(flags);
    }

    /** {@link #forFeature(int)} for the running JVM's release. */
    public static List<String> forRunningJvm()
    {
        return forFeature(Runtime.version().feature());
    }

    /** Of {@code flags}, those the running JVM was not started with. */
    public static List<String> missingFromRunningJvm(final List<String> flags)
    {
        final List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        final List<String> missing = new ArrayList<>();
        for (final String f : flags)
        {
            if (!running.contains(f))
            {
                missing.add(f);
            }
        }
        return missing;
    }
}
