package dev.trader.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JVM flags live in three places that cannot share code: the root POM (surefire), scripts/jvm-flags.sh
 * (./trader, bench/run.sh) and {@link JvmFlags} (JMH's compile-time @Fork annotations). They must stay equal.
 */
class JvmFlagsConsistencyTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));

    @Test
    void shouldKeepPomScriptAndJavaFlagListsEqual() throws Exception
    {
        final String pom = Files.readString(ROOT.resolve("pom.xml"));
        final List<String> pomBase = between(pom, "<trader.jvm.base.flags>", "</trader.jvm.base.flags>");
        final List<String> pomExtra = between(pom.substring(pom.indexOf("<id>jdk24plus</id>")),
            "<trader.jvm.extra.flags>", "</trader.jvm.extra.flags>");

        final String script = Files.readString(ROOT.resolve("scripts/jvm-flags.sh"));
        final List<String> scriptBase = flags(script.substring(script.indexOf("TRADER_JVM_FLAGS=("), script.indexOf("  )")));
        final List<String> scriptExtra = flags(script.substring(script.indexOf("TRADER_JVM_FLAGS+=(")));

        assertEquals(pomBase, scriptBase);
        assertEquals(pomBase, JvmFlags.BASE);
        assertEquals(pomExtra, scriptExtra);
        assertEquals(pomExtra, JvmFlags.JDK24_PLUS);
    }

    private static List<String> between(final String text, final String open, final String close)
    {
        final int from = text.indexOf(open) + open.length();
        return Arrays.asList(text.substring(from, text.indexOf(close, from)).trim().split("\\s+"));
    }

    private static List<String> flags(final String text)
    {
        final List<String> result = new ArrayList<>();
        final Matcher m = Pattern.compile("(--[a-z-]+=\\S+|-D[a-z.]+=\\S+)").matcher(text);
        while (m.find())
        {
            result.add(m.group(1).replace(")", ""));
        }
        return result;
    }
}
