package dev.trader.strategies.model;

import java.util.List;
import java.util.Locale;

/**
 * What one head of a model means, and how many consecutive output columns it reads (the heads of the training
 * contract in seed 003: Direction, Entry per side, Continue per side, Risk; plus a plain probability and a plain
 * regression value such as an expected net edge in bps).
 */
public enum HeadKind
{
    /** Probability of the positive class of a binary classifier: one column (by default the positive class's). */
    PROBABILITY(List.of("")),
    /** Direction probabilities: three consecutive columns, in the order long, short, neutral. */
    DIRECTION(List.of("long", "short", "neutral")),
    /** Probability that an entry on one side (the head's {@code side}) reaches its plan: one column. */
    ENTRY(List.of("")),
    /** Probability that an open position on one side (the head's {@code side}) should continue: one column. */
    CONTINUE(List.of("")),
    /** Market risk probability: one column. */
    RISK(List.of("")),
    /** A regression output taken as is (e.g. expected net edge in bps): one column. */
    VALUE(List.of(""));

    private final List<String> columnSuffixes;

    HeadKind(final List<String> columnSuffixes)
    {
        this.columnSuffixes = columnSuffixes;
    }

    /** Number of consecutive output columns the head reads. */
    public int width()
    {
        return columnSuffixes.size();
    }

    /** Suffix of column {@code i} in output labels ({@code direction.long}); empty for one-column heads. */
    public String columnSuffix(final int i)
    {
        return columnSuffixes.get(i);
    }

    /** Whether the head belongs to one side ({@link #ENTRY}, {@link #CONTINUE}) and so needs {@code side}. */
    public boolean perSide()
    {
        return this == ENTRY || this == CONTINUE;
    }

    /** Whether the head reads a class probability, so its column defaults to the positive class. */
    public boolean classProbability()
    {
        return this != DIRECTION && this != VALUE;
    }

    /** Parses a manifest's {@code kind} ({@code probability}, {@code direction}, ...), case-insensitively. */
    public static HeadKind parse(final String text)
    {
        try
        {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("unknown head kind '" + text
                + "'; known: probability, direction, entry, continue, risk, value", ex);
        }
    }
}
