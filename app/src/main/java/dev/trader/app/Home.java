package dev.trader.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project lives: {@code -Dtrader.home} (set by ./trader), else the working directory. */
final class Home
{
    private Home()
    {
    }

    static Path dir()
    {
        final String home = System.getProperty("trader.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    static Path config(final String name)
    {
        final Path p = dir().resolve("configs").resolve(name);
        if (!Files.isRegularFile(p))
        {
            throw new IllegalArgumentException("default config " + p + " not found; pass --config FILE");
        }
        return p;
    }
}
