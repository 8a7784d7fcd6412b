package dev.trader.engine.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one gate every test that reads {@code ../shared} (real captures, models, seeds) goes through. The folder is
 * read in place, never copied into the repository ({@code -Dtrader.shared.dir}, set by Surefire).
 *
 * <p>A user's clone may lack it: then the calling test is <em>skipped</em> (reported, never silently vanished).
 * CI always has it: with {@code CI=true} in the environment (as CI sets it) or {@code -Dtrader.requireShared=true}, a
 * missing folder or fixture <em>fails</em> the test with one line naming it, so real-data tests can never be skipped
 * there. Call it from the test method or a {@code @BeforeEach}, not from {@code @BeforeAll} (a class-level skip is
 * not reported per test).
 */
public final class SharedFixtures
{
    public static final String SHARED_DIR_PROPERTY = "trader.shared.dir";
    public static final String REQUIRE_PROPERTY = "trader.requireShared";

    private SharedFixtures()
    {
    }

    /** True when a missing fixture must fail rather than skip: {@code CI=true} or {@code -Dtrader.requireShared=true}. */
    public static boolean required()
    {
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    /** The shared folder as configured (it may not exist). */
    public static Path dir()
    {
        final String property = System.getProperty(SHARED_DIR_PROPERTY);
        return Path.of(property == null || property.isBlank() ? "../../shared" : property).toAbsolutePath().normalize();
    }

    /** True when the fixture exists; nothing is skipped or failed (for tests that also run on a built-in sample). */
    public static boolean present(final String relative)
    {
        return Files.exists(dir().resolve(relative));
    }

    /**
     * The fixture {@code relative} to the shared folder (a file or a folder). Absent: skips the calling test, or
     * fails it when {@link #required()}.
     */
    public static Path require(final String relative)
    {
        return require(dir().resolve(relative));
    }

    /** As {@link #require(String)} for a path already resolved against {@link #dir()}. */
    public static Path require(final Path p)
    {
        if (!Files.exists(p))
        {
            missing(p.toString());
        }
        return p;
    }

    /** As {@link #require(String)} for several fixtures at once. */
    public static void requireAll(final String... relatives)
    {
        for (final String r : relatives)
        {
            require(r);
        }
    }

    /**
     * For a test that falls back to a built-in sample: returns whether the real fixture is there, and in CI fails when
     * it is not (so CI never quietly runs the fallback alone).
     */
    public static boolean realOrFallback(final String relative, final String fallbackDescription)
    {
        if (present(relative))
        {
            return true;
        }
        if (required())
        {
            Assertions.fail(message(dir().resolve(relative).toString()));
        }
        System.out.println("[shared] " + dir().resolve(relative) + " absent: running on " + fallbackDescription + " only");
        return false;
    }

    private static void missing(final String what)
    {
        if (required())
        {
            Assertions.fail(message(what));
        }
        Assumptions.abort("shared data absent: " + what);
    }

    private static String message(final String what)
    {
        return "real-data fixture missing: " + what + " (CI=true: ../shared must sit beside the clone; tests that "
            + "need it never skip in CI)";
    }
}
