package dev.trader.strategies.model;

import java.util.Locale;

/**
 * One head of a model as its manifest declares it: which ONNX output it reads, from which column, and what the
 * values mean. A head contributes {@link HeadKind#width()} values, in order, to a score's outputs.
 *
 * @param name   unique name of the head, used in output labels (e.g. {@code entry_long})
 * @param kind   what the values mean
 * @param side   {@code long} or {@code short} for per-side heads ({@link HeadKind#perSide()}), else null
 * @param output ONNX output name, or null for the manifest's default output
 * @param index  first column read, or {@link #DEFAULT_INDEX}: the positive class column for class probabilities
 *               of a multi-column output, else 0
 */
public record ModelHead(String name, HeadKind kind, String side, String output, int index)
{
    /** Index value meaning "choose the column from the kind and the output's width". */
    public static final int DEFAULT_INDEX = -1;

    /** Validates the head on its own (the output and column are checked against the model when it is loaded). */
    public ModelHead
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("head: name is required");
        }
        if (kind == null)
        {
            throw new IllegalArgumentException("head " + name + ": kind is required");
        }
        if (kind.perSide())
        {
            if (side == null)
            {
                throw new IllegalArgumentException("head " + name + ": kind " + kind.name().toLowerCase(Locale.ROOT)
                    + " needs side: long or short");
            }
            side = side.trim().toLowerCase(Locale.ROOT);
            if (!side.equals("long") && !side.equals("short"))
            {
                throw new IllegalArgumentException("head " + name + ": side must be long or short, got '" + side + "'");
            }
        }
        else if (side != null)
        {
            throw new IllegalArgumentException("head " + name + ": side applies to entry and continue heads only");
        }
        if (index < DEFAULT_INDEX)
        {
            throw new IllegalArgumentException("head " + name + ": index must be 0 or more, got " + index);
        }
    }

    /** The single head used when a manifest names none: the positive class probability of the default output. */
    public static ModelHead defaultProbability()
    {
        return new ModelHead("probability", HeadKind.PROBABILITY, null, null, DEFAULT_INDEX);
    }

    /** Label of this head's column {@code i} in a score's outputs: the name, or {@code name.long} etc. */
    public String label(final int i)
    {
        final String suffix = kind.columnSuffix(i);
        return suffix.isEmpty() ? name : name + "." + suffix;
    }
}
