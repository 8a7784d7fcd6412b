package dev.trader.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's own files are when tests run. Surefire sets {@code trader.root.dir} to the multi-module
 * root; an IDE run without it falls back to the parent of the working directory (a module folder).
 */
public final class RepoPaths
{
    public static final String ROOT_DIR_PROPERTY = "trader.root.dir";

    private RepoPaths()
    {
    }

    /** The repository root (the folder holding {@code configs/}). */
    public static Path rootDir()
    {
        final String property = System.getProperty(ROOT_DIR_PROPERTY);
        if (property != null && !property.isBlank())
        {
            final Path root = Path.of(property).toAbsolutePath().normalize();
            if (Files.isDirectory(root.resolve("configs")))
            {
                return root;
            }
        }
        final Path fallback = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize().getParent();
        if (fallback == null || !Files.isDirectory(fallback.resolve("configs")))
        {
            throw new IllegalStateException("cannot find the repository root: set -D" + ROOT_DIR_PROPERTY
                + " or run from a module folder (working directory " + System.getProperty("user.dir") + ")");
        }
        return fallback;
    }

    /** {@code configs/} at the repository root. */
    public static Path configsDir()
    {
        return rootDir().resolve("configs");
    }

    /** {@code configs/instruments.yaml}: the instrument registry every run uses. */
    public static Path instrumentsFile()
    {
        return configsDir().resolve("instruments.yaml");
    }
}
