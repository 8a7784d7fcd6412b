package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeDecoder;

/**
 * A {@code RegimeChange} (template 31) as a strategy sees it (seed 001 Layer A, seed 004 section 2): one reusable
 * read-only view, valid during the callback. The comparisons that decided stay in the journal.
 */
public final class RegimeView
{
    private int instrumentId;
    private long timeNs;
    private long intervalNs;
    private Regime previous = Regime.UNKNOWN;
    private Regime regime = Regime.UNKNOWN;
    private int barsInPrevious;

    void wrap(final RegimeChangeDecoder d)
    {
        instrumentId = d.instrumentId();
        timeNs = d.exchangeTsNs();
        intervalNs = d.intervalNs();
        previous = regime(d.previousRaw());
        regime = regime(d.regimeRaw());
        barsInPrevious = d.barsInPrevious();
    }

    /** A raw regime code; UNKNOWN for a value this build does not know (never throws, unlike {@code Regime.get}). */
    private static Regime regime(final short raw)
    {
        switch (raw)
        {
            case 1: return Regime.TREND;
            case 2: return Regime.RANGE;
            case 3: return Regime.HAZARD;
            case 4: return Regime.PANIC;
            case 5: return Regime.ILLIQUID;
            default: return Regime.UNKNOWN;
        }
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /** Close time of the bar that decided. */
    public long timeNs()
    {
        return timeNs;
    }

    public long intervalNs()
    {
        return intervalNs;
    }

    public Regime previous()
    {
        return previous;
    }

    public Regime regime()
    {
        return regime;
    }

    public int barsInPrevious()
    {
        return barsInPrevious;
    }
}
