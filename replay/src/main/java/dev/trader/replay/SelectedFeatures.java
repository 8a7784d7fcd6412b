package dev.trader.replay;

import dev.trader.engine.Stage;
import dev.trader.engine.features.FeatureStage;
import dev.trader.engine.features.FeatureVectorSource;
import dev.trader.engine.features.micro.MicrostructureStage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's feature vector in its manifest's order, drawn by name from the stage plan's feature stages (the lean_v1
 * {@link FeatureStage} and the {@link MicrostructureStage}). Ready only when every selected feature is ready. No
 * allocation per read: the name-to-position mapping is resolved once.
 */
public final class SelectedFeatures implements FeatureVectorSource
{
    private final List<String> names;
    private final FeatureStage lean;
    private final MicrostructureStage micro;
    private final int[] leanIndex;
    private final int[] microIndex;
    private final double[] leanScratch;

    private SelectedFeatures(
        final List<String> names,
        final FeatureStage lean,
        final MicrostructureStage micro,
        final int[] leanIndex,
        final int[] microIndex)
    {
        this.names = List.copyOf(names);
        this.lean = lean;
        this.micro = micro;
        this.leanIndex = leanIndex;
        this.microIndex = microIndex;
        this.leanScratch = new double[lean == null ? 0 : lean.featureCount()];
    }

    /** Every feature name the plan's stages compute, in plan order. */
    public static Set<String> catalogue(final List<Stage> stages)
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final Stage s : stages)
        {
            if (s instanceof FeatureStage)
            {
                names.addAll(((FeatureStage)s).featureNames());
            }
            else if (s instanceof MicrostructureStage)
            {
                names.addAll(((MicrostructureStage)s).catalog().names());
            }
        }
        return names;
    }

    /** @throws IllegalArgumentException naming the first feature no stage of the plan computes */
    public static SelectedFeatures of(final List<Stage> stages, final List<String> wanted)
    {
        FeatureStage lean = null;
        MicrostructureStage micro = null;
        for (final Stage s : stages)
        {
            if (s instanceof FeatureStage && lean == null)
            {
                lean = (FeatureStage)s;
            }
            else if (s instanceof MicrostructureStage && micro == null)
            {
                micro = (MicrostructureStage)s;
            }
        }
        final List<String> leanNames = lean == null ? List.of() : lean.featureNames();
        final List<String> microNames = micro == null ? List.of() : micro.catalog().names();
        final int[] leanIndex = new int[wanted.size()];
        final int[] microIndex = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++)
        {
            leanIndex[i] = leanNames.indexOf(wanted.get(i));
            microIndex[i] = leanIndex[i] >= 0 ? -1 : microNames.indexOf(wanted.get(i));
            if (leanIndex[i] < 0 && microIndex[i] < 0)
            {
                throw new IllegalArgumentException("feature '" + wanted.get(i) + "' is not computed by this run's stages "
                    + "(enable features: / microstructure:); known: " + new ArrayList<>(catalogue(stages)));
            }
        }
        return new SelectedFeatures(wanted, lean, micro, leanIndex, microIndex);
    }

    @Override
    public List<String> featureNames()
    {
        return names;
    }

    @Override
    public boolean ready(final int instrumentId)
    {
        // only the selected values must be defined: an unselected lean feature still warming up must not block
        if (lean != null && hasAny(leanIndex))
        {
            if (lean.vectorTimeNs(instrumentId) == Long.MIN_VALUE)
            {
                return false;
            }
            lean.copyInto(instrumentId, leanScratch);
            for (final int l : leanIndex)
            {
                if (l >= 0 && !Double.isFinite(leanScratch[l]))
                {
                    return false;
                }
            }
        }
        for (final int m : microIndex)
        {
            if (m >= 0 && !micro.ready(instrumentId, m))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void copyInto(final int instrumentId, final double[] out)
    {
        if (lean != null)
        {
            lean.copyInto(instrumentId, leanScratch);
        }
        for (int i = 0; i < names.size(); i++)
        {
            out[i] = leanIndex[i] >= 0 ? leanScratch[leanIndex[i]] : micro.value(instrumentId, microIndex[i]);
        }
    }

    @Override
    public long vectorTimeNs(final int instrumentId)
    {
        if (lean != null && hasAny(leanIndex))
        {
            return lean.vectorTimeNs(instrumentId);
        }
        // a microstructure-only selection: the close of the micro stage's latest bar
        final long open = micro == null ? Long.MIN_VALUE : micro.lastBarOpenTimeNs(instrumentId);
        return open == Long.MIN_VALUE ? Long.MIN_VALUE : open + micro.settings().intervalNs();
    }

    private static boolean hasAny(final int[] indexes)
    {
        for (final int i : indexes)
        {
            if (i >= 0)
            {
                return true;
            }
        }
        return false;
    }
}
