package dev.trader.strategies.labels;

import java.util.Locale;

/**
 * What a bar that touches both the profit and the loss barrier counts as: seed 000 section 4B "Same-bar conflict
 * policy: loss | tp | skip (default: loss)"; section 5 {@code resolve_same_bar}. Bars carry no order of events
 * inside them, so {@link #LOSS} is the conservative reading.
 */
public enum SameBarPolicy
{
    /** The loss barrier was hit first. */
    LOSS,
    /** The profit barrier was hit first. */
    TP,
    /** No decision: the row stays unresolved. */
    SKIP;

    /** "loss", "tp" or "skip", the seed's spelling. */
    public static SameBarPolicy parse(final String text)
    {
        try
        {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("'" + text + "': expected loss, tp or skip", ex);
        }
    }

    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
