package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.GateState;

/**
 * A {@code GateChange} (template 32) as a strategy sees it: one reusable read-only view, valid during the callback.
 * The gate's name is kept as ASCII bytes; compare it with {@link #isGate(String)} (no allocation).
 * UNKNOWN counts as closed (seed 002 section 2: a minute without a probability is no hazard signal).
 */
public final class GateView
{
    private static final int NAME_LENGTH = GateChangeDecoder.gateLength();

    private final byte[] gate = new byte[NAME_LENGTH];
    private int gateLength;
    private int instrumentId;
    private long timeNs;
    private GateState state = GateState.UNKNOWN;
    private double probability = Double.NaN;
    private double threshold = Double.NaN;
    private long minuteNs;

    void wrap(final GateChangeDecoder d)
    {
        instrumentId = d.instrumentId();
        timeNs = d.exchangeTsNs();
        gateLength = 0;
        for (int i = 0; i < NAME_LENGTH; i++)
        {
            final byte b = d.gate(i);
            if (b == 0)
            {
                break;
            }
            gate[i] = b;
            gateLength++;
        }
        switch (d.stateRaw())
        {
            case 1: state = GateState.OPEN; break;
            case 2: state = GateState.CLOSED; break;
            default: state = GateState.UNKNOWN; break; // UNKNOWN, or a value this build does not know: closed
        }
        probability = d.probability();
        threshold = d.threshold();
        minuteNs = d.minuteNs();
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /** Close time of the bar that decided the change. */
    public long timeNs()
    {
        return timeNs;
    }

    /** True when the gate's name is exactly {@code name} (ASCII). */
    public boolean isGate(final String name)
    {
        if (name.length() != gateLength)
        {
            return false;
        }
        for (int i = 0; i < gateLength; i++)
        {
            if (name.charAt(i) != (char)gate[i])
            {
                return false;
            }
        }
        return true;
    }

    /** The gate's name; allocates (reports and tests only). */
    public String gateName()
    {
        return new String(gate, 0, gateLength, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** OPEN, CLOSED or UNKNOWN (a value this build does not know reads as UNKNOWN). */
    public GateState state()
    {
        return state;
    }

    public boolean isOpen()
    {
        return state == GateState.OPEN;
    }

    /** The probability that decided, NaN when the minute had none. */
    public double probability()
    {
        return probability;
    }

    public double threshold()
    {
        return threshold;
    }

    public long minuteNs()
    {
        return minuteNs;
    }
}
