package dev.trader.replay.fuzz;

import dev.trader.engine.TraderConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing session to a small reproducer: the inputs up to the failing one, reduced by delta debugging
 * (Zeller's ddmin: drop chunks of the list, halving the chunk size when no chunk can go) while a fresh plan fed the
 * rest still fails with the same signature.
 */
final class Minimizer
{
    private final PlanHarness harness;
    private int runs;

    Minimizer(final TraderConfig config)
    {
        this.harness = new PlanHarness(config);
    }

    /** The inputs of {@code failure}'s session up to its failing step, minimized. */
    List<FuzzInput> minimize(final SeedCorpus corpus, final FuzzTally.Failure failure)
    {
        final Session session = Session.plan(corpus, failure.sessionSeed);
        final List<FuzzInput> prefix = new ArrayList<>();
        final int last = Math.min(failure.stepIndex, session.steps().size() - 1);
        for (int i = 0; i <= last; i++)
        {
            prefix.add(session.steps().get(i).input(corpus));
        }
        return minimize(prefix, failure.kind, failure.signature);
    }

    /**
     * @param kind      the failure's exception class (or reject kind): a candidate that throws it preallocated, without
     *                  stack trace (the JIT's fast throw), counts as failing the same way
     * @param signature the failure's signature
     */
    List<FuzzInput> minimize(final List<FuzzInput> failing, final String kind, final String signature)
    {
        if (!fails(failing, kind, signature))
        {
            throw new IllegalStateException("does not fail with " + signature + " on its own: " + failing.size() + " inputs");
        }
        final List<FuzzInput> alone = List.of(failing.get(failing.size() - 1));
        if (fails(alone, kind, signature))
        {
            return alone;
        }
        List<FuzzInput> list = failing;
        int n = 2;
        while (list.size() >= 2)
        {
            final int chunk = (list.size() + n - 1) / n;
            boolean reduced = false;
            for (int from = 0; from < list.size(); from += chunk)
            {
                final List<FuzzInput> complement = new ArrayList<>(list.subList(0, from));
                complement.addAll(list.subList(Math.min(list.size(), from + chunk), list.size()));
                if (!complement.isEmpty() && fails(complement, kind, signature))
                {
                    list = complement;
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced)
            {
                if (n >= list.size())
                {
                    break;
                }
                n = Math.min(list.size(), n * 2);
            }
        }
        return list;
    }

    int runs()
    {
        return runs;
    }

    private boolean fails(final List<FuzzInput> inputs, final String kind, final String signature)
    {
        runs++;
        final FuzzTally tally = new FuzzTally("minimize");
        harness.run(inputs, tally);
        for (final FuzzTally.Failure f : tally.failures.values())
        {
            if (f.signature.equals(signature) || (f.kind.equals(kind) && f.signature.endsWith(PlanHarness.FAST_THROW)))
            {
                return true;
            }
        }
        return false;
    }

    /** A reproducer as text: each input's envelope, what was done to it, and its payload. */
    static String describe(final List<FuzzInput> inputs)
    {
        final StringBuilder sb = new StringBuilder();
        for (final FuzzInput in : inputs)
        {
            sb.append("    venue ").append(in.venueCode()).append(" hint ").append(in.instrumentHint())
                .append(" rest ").append(in.isRest()).append(" receiveTsNs ").append(in.receiveTsNs()).append(" [").append(in.mutation()).append("] ")
                .append(in.text(400)).append('\n');
        }
        return sb.toString();
    }
}
