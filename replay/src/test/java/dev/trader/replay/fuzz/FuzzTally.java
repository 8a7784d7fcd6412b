package dev.trader.replay.fuzz;

import dev.trader.codecs.sbe.RejectReason;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzz campaign over one corpus saw: every input in exactly one category, rejects per reason, escapes grouped
 * into distinct failures (the first occurrence of each kept as its reproducer), and a SHA-256 over every event the
 * plan emitted plus every escape, in order: the campaign's output hash.
 */
final class FuzzTally
{
    /** A distinct failure: its signature, how often it occurred, and where first. */
    static final class Failure
    {
        final String kind;
        final String signature;
        final String corpus;
        final long sessionSeed;
        final int stepIndex;
        final Session.Step step;
        final FuzzInput input;
        final String trace;
        long count;

        Failure(final String kind, final String signature, final String corpus, final long sessionSeed, final int stepIndex, final Session.Step step,
            final FuzzInput input, final String trace)
        {
            this.kind = kind;
            this.signature = signature;
            this.corpus = corpus;
            this.sessionSeed = sessionSeed;
            this.stepIndex = stepIndex;
            this.step = step;
            this.input = input;
            this.trace = trace;
        }

        @Override
        public String toString()
        {
            return signature + " x" + count + "\n    first: " + corpus + " session seed " + sessionSeed + " step " + stepIndex + " ("
                + (step == null ? "" : step + ": ") + input.mutation() + ")\n    payload: " + input.text(300) + "\n" + trace;
        }
    }

    final String corpus;
    long sessions;
    long inputs;
    long mutated;
    long streamEdits;
    long dropped;
    long withEvents;
    long withoutEvents;
    long rejected;
    long rejectedByReader;
    long noParser;
    long escapes;
    long thrown;
    long internalErrorRejects;
    long parserInternalErrors;
    long accountingMismatches;
    long marketEvents;
    long outputEvents;
    long decisions;
    long fills;
    long buildNs;
    long mutateNs;
    long planNs;
    /** The input the plan took longest over (wall time: reported, never asserted or hashed). */
    long slowestNs;
    String slowest;
    final long[] rejectsByReason = new long[RejectReason.values().length];
    final Map<String, Failure> failures = new LinkedHashMap<>();
    final Map<String, String> mismatchExamples = new TreeMap<>();
    private final MessageDigest digest;

    FuzzTally(final String corpus)
    {
        this.corpus = corpus;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    void hash(final byte[] bytes, final int offset, final int length)
    {
        digest.update(bytes, offset, length);
    }

    /**
     * Counts an escape and keeps the first input of each distinct signature. Only {@code kind} (the exception class, or
     * what kind of reject) goes into the hash: the JIT may throw a preallocated exception without message or stack
     * trace at a hot site (OmitStackTraceInFastThrow), so a signature can differ between two runs of the same inputs.
     */
    void escape(final String kind, final String signature, final long sessionSeed, final int stepIndex, final Session.Step step,
        final FuzzInput input, final Throwable thrownOrNull, final String detail)
    {
        escapes++;
        final byte[] k = kind.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        digest.update(k, 0, k.length);
        failures.computeIfAbsent(signature, s -> new Failure(kind, s, corpus, sessionSeed, stepIndex, step, input,
            thrownOrNull == null ? "    " + detail : trace(thrownOrNull))).count++;
    }

    /** An input neither accepted nor counted as rejected, or one both emitted market events for and refused. */
    void mismatch(final String what, final FuzzInput input)
    {
        accountingMismatches++;
        mismatchExamples.putIfAbsent(what, input.mutation() + " | " + input.text(200));
    }

    String hashHex()
    {
        try
        {
            final byte[] d = ((MessageDigest)digest.clone()).digest();
            final StringBuilder sb = new StringBuilder();
            for (final byte b : d)
            {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Inputs = with events + without events (control) + rejected + refused before the plan; must hold exactly. */
    boolean accountsForEveryInput()
    {
        return inputs == withEvents + withoutEvents + rejected + rejectedByReader + noParser + thrown;
    }

    Map<String, Long> rejectsByReason()
    {
        final Map<String, Long> m = new TreeMap<>();
        for (final RejectReason r : RejectReason.values())
        {
            if (rejectsByReason[r.ordinal()] > 0)
            {
                m.put(r.name(), rejectsByReason[r.ordinal()]);
            }
        }
        return m;
    }

    String summary()
    {
        return counts() + String.format(" [%d distinct failures; wall: building plans %.1f s, mutating %.1f s, in the plan %.1f s]",
            failures.size(), buildNs / 1e9, mutateNs / 1e9, planNs / 1e9);
    }

    /** Every count and the output hash: what two runs with the same seed must agree on. */
    String counts()
    {
        return String.format("%s: %,d sessions, %,d inputs (%,d mutated, %,d stream edits, %,d dropped): %,d with events, "
                + "%,d without (control), %,d rejected %s, %,d refused by the reader (too large), %,d for no parser, "
                + "%,d thrown; escapes %,d (thrown %,d, INTERNAL_ERROR rejects %,d, parser internal errors %,d); "
                + "accounting mismatches %,d %s; %,d market events, %,d output events, %,d decisions, %,d fills; output hash %s",
            corpus, sessions, inputs, mutated, streamEdits, dropped, withEvents, withoutEvents, rejected, rejectsByReason(),
            rejectedByReader, noParser, thrown, escapes, thrown, internalErrorRejects, parserInternalErrors,
            accountingMismatches, mismatchExamples.isEmpty() ? "" : mismatchExamples, marketEvents, outputEvents, decisions,
            fills, hashHex());
    }

    String failureReport()
    {
        final StringBuilder sb = new StringBuilder();
        if (slowest != null)
        {
            sb.append(String.format("  slowest input %.1f ms: %s%n", slowestNs / 1e6, slowest));
        }
        for (final Failure f : failures.values())
        {
            sb.append("  ").append(f).append('\n');
        }
        return sb.toString();
    }

    private static String trace(final Throwable t)
    {
        final StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        final String[] lines = w.toString().split("\n");
        return "    " + String.join("\n    ", Arrays.copyOf(lines, Math.min(lines.length, 14)));
    }
}
