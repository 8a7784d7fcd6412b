package dev.trader.replay.fuzz;

import dev.trader.engine.TraderConfig;
import dev.trader.replay.ReplayFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Sessions over one corpus until a number of mutated messages has gone through the plan. Everything is drawn from
 * {@code seed}: the same seed, corpus and code give the same sessions, inputs and output hash.
 */
final class FuzzCampaign
{
    /** Mutated messages in the normal test run, over all real captures: {@code -Dfuzz.messages=N} for a long run. */
    static final String MESSAGES_PROPERTY = "fuzz.messages";
    static final String SEED_PROPERTY = "fuzz.seed";
    /** {@code -Dfuzz.minimize=true}: shrink each distinct failure to a reproducer (target/fuzz/<corpus>-reproducers.txt). */
    static final String MINIMIZE_PROPERTY = "fuzz.minimize";
    static final long DEFAULT_MESSAGES = 200_000;
    static final long DEFAULT_SEED = 20_240_808L;

    private FuzzCampaign()
    {
    }

    /** The plan the fuzzer drives: configs/fuzz.yaml. */
    static TraderConfig config()
    {
        return TraderConfig.load(ReplayFixtures.rootDir().resolve("configs").resolve("fuzz.yaml"));
    }

    static long messages()
    {
        return Long.getLong(MESSAGES_PROPERTY, DEFAULT_MESSAGES);
    }

    static long seed()
    {
        return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    }

    /** Runs sessions over {@code corpus} until at least {@code mutatedMessages} mutated messages were fed. */
    static FuzzTally run(final TraderConfig config, final SeedCorpus corpus, final long seed, final long mutatedMessages)
    {
        final FuzzTally tally = new FuzzTally(corpus.name());
        final PlanHarness harness = new PlanHarness(config);
        final SplittableRandom sessions = new SplittableRandom(seed ^ corpus.name().hashCode());
        while (tally.mutated < mutatedMessages)
        {
            harness.run(corpus, Session.plan(corpus, sessions.nextLong()), tally);
        }
        return tally;
    }

    /**
     * Writes a campaign's summary and failures to {@code target/fuzz/<corpus>.txt} (the record of a long run) and, with
     * {@code -Dfuzz.minimize=true}, each failure shrunk to a reproducer to {@code target/fuzz/<corpus>-reproducers.txt}.
     */
    static void record(final TraderConfig config, final SeedCorpus corpus, final FuzzTally tally, final long seed, final long wallNs)
    {
        final String text = String.format("seed %d, %.1f s: %s%n%s", seed, wallNs / 1e9, tally.summary(), tally.failureReport());
        System.out.println("fuzz " + text);
        final StringBuilder reproducers = new StringBuilder();
        if (Boolean.getBoolean(MINIMIZE_PROPERTY))
        {
            final Minimizer minimizer = new Minimizer(config);
            for (final FuzzTally.Failure f : tally.failures.values())
            {
                try
                {
                    final java.util.List<FuzzInput> inputs = minimizer.minimize(corpus, f);
                    reproducers.append(f.signature).append(" (").append(inputs.size()).append(" inputs, ").append(minimizer.runs())
                        .append(" runs so far)\n").append(Minimizer.describe(inputs)).append('\n');
                }
                catch (final IllegalStateException ex)
                {
                    reproducers.append(f.signature).append(": not minimized: ").append(ex.getMessage()).append("\n\n");
                }
            }
            System.out.println("fuzz reproducers " + tally.corpus + ":\n" + reproducers);
        }
        try
        {
            final Path dir = Path.of("target", "fuzz");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(tally.corpus + ".txt"), text, StandardCharsets.UTF_8);
            if (reproducers.length() > 0)
            {
                Files.writeString(dir.resolve(tally.corpus + "-reproducers.txt"), reproducers, StandardCharsets.UTF_8);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
