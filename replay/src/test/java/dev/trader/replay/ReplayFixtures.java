package dev.trader.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.synthetic.SyntheticMarket;
import dev.trader.replay.synthetic.SyntheticMarketSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository's configs and a seeded synthetic market, shared by the replay tests. */
public final class ReplayFixtures
{
    private ReplayFixtures()
    {
    }

    /** The repository root: {@code -Dtrader.root.dir} (set by surefire), else the parent of the module directory. */
    public static Path rootDir()
    {
        final String root = System.getProperty("trader.root.dir");
        final Path dir = root != null ? Path.of(root) : Path.of("..");
        final Path normalized = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(normalized.resolve("configs").resolve("demo.yaml")))
        {
            throw new IllegalStateException("no configs/demo.yaml under " + normalized + "; set -Dtrader.root.dir");
        }
        return normalized;
    }

    /**
     * configs/demo.yaml with its hazard gate off: the gate's probabilities are written by `trader demo` itself
     * (DemoCommand / SyntheticHazard), so fixtures that replay a market without them run the rest of the plan.
     */
    public static TraderConfig demoConfig()
    {
        return TraderConfig.load(rootDir().resolve("configs").resolve("demo.yaml")).with("hazard", "enabled", false);
    }

    public static Instrument syntheticInstrument(final SyntheticMarketSettings settings)
    {
        return InstrumentRegistry.load(rootDir().resolve("configs").resolve("instruments.yaml")).resolve(settings.instrument());
    }

    /** Writes the market the settings describe into a journal at {@code dir}. */
    public static SyntheticMarket.Stats generate(final SyntheticMarketSettings settings, final Path dir)
    {
        try (JournalWriter writer = new JournalWriter(dir))
        {
            return new SyntheticMarket(settings, syntheticInstrument(settings), writer).generate();
        }
    }

    /**
     * The shipped instrument registry written to {@code dir} with the clock skew limits opened to a century either way:
     * for live tests whose local venue replays a 2021-2024 capture while the live clock stamps today's time (the
     * boundary's CLOCK_SKEW check would rightly refuse every event otherwise).
     *
     * @return the file
     */
    public static Path instrumentsWithAnyClock(final Path dir)
    {
        try
        {
            final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            final ObjectNode root = (ObjectNode)yaml.readTree(rootDir().resolve("configs").resolve("instruments.yaml").toFile());
            final ObjectNode sanity = root.putObject("sanity");
            sanity.put("maxClockAhead", "36500d");
            sanity.put("maxClockBehind", "36500d");
            final Path file = dir.resolve("instruments-any-clock.yaml");
            yaml.writeValue(file.toFile(), root);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Every frame of a journal, copied, in order. */
    public static List<byte[]> frames(final Path journal)
    {
        final List<byte[]> frames = new ArrayList<>();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy, 0, length);
                frames.add(copy);
            });
        }
        return frames;
    }
}
