package dev.trader.adapters.live;

import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.testing.RepoPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a config with a {@code venues:} section (URLs on 127.0.0.1) and reads it back like a run would. */
final class LiveTestConfig
{
    private LiveTestConfig()
    {
    }

    static TraderConfig write(final Path dir, final String venuesYaml) throws IOException
    {
        final Path file = Files.createTempFile(dir, "live", ".yaml");
        Files.writeString(file, "instruments: " + RepoPaths.instrumentsFile() + "\nvenues:\n" + venuesYaml);
        return TraderConfig.load(file);
    }

    static List<VenueSettings> venues(final Path dir, final String venuesYaml) throws IOException
    {
        final TraderConfig config = write(dir, venuesYaml);
        return LiveSettings.enabled(config, registry());
    }

    static InstrumentRegistry registry()
    {
        return InstrumentRegistry.load(RepoPaths.instrumentsFile());
    }
}
