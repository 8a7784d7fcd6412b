package dev.trader.replay.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One fuzz session: a window of a seed corpus in recorded order, run through a fresh plan, in which a seeded share of
 * the messages is mutated ({@link Mutators}) and some are duplicated, dropped, reordered or replayed stale. A session is
 * a pure function of (corpus, seed), so a failure is reproduced by its seed and step index alone.
 */
record Session(long seed, List<Step> steps, int dropped)
{
    static final byte PLAIN = 0;
    static final byte MUTATED = 1;
    static final byte DUPLICATE = 2;
    static final byte STALE = 3;
    static final byte REORDERED = 4;

    /** One input of the session: a seed message, as recorded or mutated by {@code mutationSeed}. */
    record Step(int seedIndex, byte edit, long mutationSeed)
    {
        FuzzInput input(final SeedCorpus corpus)
        {
            if (edit == MUTATED)
            {
                return Mutators.mutate(corpus, seedIndex, mutationSeed);
            }
            final FuzzInput plain = FuzzInput.of(corpus.get(seedIndex));
            switch (edit)
            {
                case DUPLICATE:
                    return plain.withPayload(plain.payload(), "duplicate of message " + seedIndex);
                case STALE:
                    return plain.withPayload(plain.payload(), "stale replay of message " + seedIndex);
                case REORDERED:
                    return plain.withPayload(plain.payload(), "reordered message " + seedIndex);
                default:
                    return plain;
            }
        }

        @Override
        public String toString()
        {
            return "#" + seedIndex + (edit == PLAIN ? "" : edit == MUTATED ? " mutated by seed " + mutationSeed
                : new String[]{"", "", " duplicate", " stale", " reordered"}[edit]);
        }
    }

    private static final int[] LENGTHS = {200, 1_000, 3_000, 10_000, 30_000};
    private static final double[] RATES = {0.003, 0.01, 0.05, 0.2, 0.5, 1.0};

    /**
     * The session of {@code seed} over {@code corpus}: usually from the start (the REST snapshot the book needs comes
     * first), a length and a mutation rate drawn from the seed.
     */
    static Session plan(final SeedCorpus corpus, final long seed)
    {
        final SplittableRandom rng = new SplittableRandom(seed);
        final int size = corpus.size();
        final int start = rng.nextInt(10) < 8 ? 0 : rng.nextInt(size);
        final int length = Math.min(size - start, LENGTHS[rng.nextInt(LENGTHS.length)]);
        final double rate = RATES[rng.nextInt(RATES.length)];
        final List<Step> steps = new ArrayList<>(length + 16);
        int dropped = 0;
        final List<Integer> reorder = new ArrayList<>();
        for (int i = start; i < start + length; i++)
        {
            if (rng.nextDouble() >= rate)
            {
                steps.add(new Step(i, PLAIN, 0));
                continue;
            }
            final int op = rng.nextInt(100);
            if (op < 4)
            {
                dropped++;
            }
            else if (op < 8)
            {
                steps.add(new Step(i, PLAIN, 0));
                steps.add(new Step(i, DUPLICATE, 0));
            }
            else if (op < 12)
            {
                reorder.add(steps.size());
                steps.add(new Step(i, REORDERED, 0));
            }
            else if (op < 14 && i > 0)
            {
                steps.add(new Step(i - 1 - rng.nextInt(Math.min(i, 5_000)), STALE, 0));
                steps.add(new Step(i, PLAIN, 0));
            }
            else
            {
                steps.add(new Step(i, MUTATED, rng.nextLong()));
            }
        }
        // a reordered message goes 1..20 places later
        for (final int at : reorder)
        {
            final int to = Math.min(steps.size() - 1, at + 1 + rng.nextInt(20));
            for (int p = at; p < to; p++)
            {
                steps.set(p, steps.set(p + 1, steps.get(p)));
            }
        }
        return new Session(seed, steps, dropped);
    }
}
