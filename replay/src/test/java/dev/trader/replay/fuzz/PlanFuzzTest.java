package dev.trader.replay.fuzz;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.engine.TraderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutation fuzzing of the whole plan (parse, book, bars, features, microstructure, risk, strategy, paper venue,
 * accounting: configs/fuzz.yaml) over the real captures of the three venues (skipped when the shared data is absent)
 * and over a built-in corpus (always). Every input must be accounted for (accepted with or without market events, or
 * counted as rejected), nothing may escape a stage, and the same seed must give the same output hash. {@code
 * -Dfuzz.messages=N} sets the mutated messages over the real captures (default 200,000); docs/fuzzing.md.
 */
class PlanFuzzTest
{
    /** The built-in corpus: messages of the synthetic market (about 14 minutes of it), mutated messages fed from it. */
    private static final int BUILT_IN_MESSAGES = 20_000;
    private static final long BUILT_IN_MUTATED = 10_000;
    /** Mutated messages per corpus in each run of the determinism check. */
    private static final long RERUN_MESSAGES = 3_000;

    private static final Map<SeedCorpus.Capture, SeedCorpus> CAPTURES = new EnumMap<>(SeedCorpus.Capture.class);

    /** A capture's corpus, read once per test class. */
    private static SeedCorpus corpus(final SeedCorpus.Capture capture, final TraderConfig config)
    {
        return CAPTURES.computeIfAbsent(capture, c -> SeedCorpus.of(c, config.instruments()));
    }

    /** Each capture's share of {@code fuzz.messages}. */
    private static double share(final SeedCorpus.Capture capture)
    {
        switch (capture)
        {
            case BINANCE_USDM: return 0.35;
            case BINANCE_SPOT: return 0.25;
            default: return 0.20;
        }
    }

    @ParameterizedTest
    @EnumSource(SeedCorpus.Capture.class)
    void shouldAccountForEveryMutatedMessageOfRealCaptureWithNothingEscaping(final SeedCorpus.Capture capture)
    {
        SharedFixtures.require(SeedCorpus.sharedDir().resolve(capture.file));
        final TraderConfig config = FuzzCampaign.config();
        final SeedCorpus corpus = corpus(capture, config);
        final long target = (long)Math.ceil(FuzzCampaign.messages() * share(capture));

        final long t0 = System.nanoTime();
        final FuzzTally tally = FuzzCampaign.run(config, corpus, FuzzCampaign.seed(), target);
        FuzzCampaign.record(config, corpus, tally, FuzzCampaign.seed(), System.nanoTime() - t0);

        assertTrue(tally.mutated >= target, tally.summary());
        assertTrue(tally.accountsForEveryInput(), tally.summary());
        assertEquals(0, tally.accountingMismatches, tally.summary());
        assertEquals(0, tally.escapes, () -> tally.summary() + "\n" + tally.failureReport());
    }

    @Test
    void shouldGiveTheSameOutputHashOnASecondRunWithTheSameSeed()
    {
        final TraderConfig config = FuzzCampaign.config();
        final List<SeedCorpus> corpora = new ArrayList<>();
        corpora.add(BuiltInCorpus.binanceUsdm(config.instruments(), BUILT_IN_MESSAGES));
        for (final SeedCorpus.Capture capture : SeedCorpus.Capture.values())
        {
            if (SeedCorpus.available(capture))
            {
                corpora.add(corpus(capture, config));
            }
        }
        for (final SeedCorpus corpus : corpora)
        {
            final FuzzTally first = FuzzCampaign.run(config, corpus, FuzzCampaign.seed(), RERUN_MESSAGES);
            final FuzzTally second = FuzzCampaign.run(config, corpus, FuzzCampaign.seed(), RERUN_MESSAGES);
            final FuzzTally otherSeed = FuzzCampaign.run(config, corpus, FuzzCampaign.seed() + 1, RERUN_MESSAGES);

            assertEquals(first.counts(), second.counts());
            assertEquals(first.hashHex(), second.hashHex(), corpus.name());
            assertNotEquals(first.hashHex(), otherSeed.hashHex(), corpus.name() + ": the hash must depend on what ran");
        }
    }

    @Test
    void shouldAccountForEveryMutatedMessageOfBuiltInCorpusWithNothingEscaping()
    {
        final TraderConfig config = FuzzCampaign.config();
        final SeedCorpus corpus = BuiltInCorpus.binanceUsdm(config.instruments(), BUILT_IN_MESSAGES);
        final long t0 = System.nanoTime();
        final FuzzTally tally = FuzzCampaign.run(config, corpus, FuzzCampaign.seed(), BUILT_IN_MUTATED);
        FuzzCampaign.record(config, corpus, tally, FuzzCampaign.seed(), System.nanoTime() - t0);

        assertTrue(tally.accountsForEveryInput(), tally.summary());
        assertEquals(0, tally.accountingMismatches, tally.summary());
        assertEquals(0, tally.escapes, () -> tally.summary() + "\n" + tally.failureReport());
    }
}
