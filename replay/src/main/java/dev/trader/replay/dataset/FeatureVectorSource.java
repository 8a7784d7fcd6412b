package dev.trader.replay.dataset;

import dev.trader.engine.Stage;

import java.util.List;

/**
 * The feature columns of an exported dataset: their names in the model manifest's order, and their values at each
 * completed bar. {@link DatasetExport} reads a bar's values when that bar has passed every stage of the plan, so a
 * feature stage has already folded the bar in, and nothing later than the bar can be in them.
 *
 * <p><b>Extension point.</b> The feature stage ({@code lean_v1}, seed 000 section 8) is being built separately;
 * {@link #forPlan(List)} is where it is wired: find it among the plan's stages and return a source reading it.
 * Until then the export has no feature columns (never bar OHLCV standing in for features).
 */
public interface FeatureVectorSource
{
    /** No feature columns. */
    FeatureVectorSource NONE = new FeatureVectorSource()
    {
        @Override
        public List<String> names()
        {
            return List.of();
        }

        @Override
        public boolean read(final int instrumentId, final long barOpenTimeNs, final double[] out, final int offset)
        {
            return true;
        }
    };

    /** Column names, in the order {@link #read} writes them (the model manifest's order). */
    List<String> names();

    /**
     * Writes {@code names().size()} values for the instrument's bar that has just passed every stage.
     *
     * @return false when the features are not defined yet (warm-up): that bar gets no row, but it still takes part
     *         in the labels of the rows before it
     */
    boolean read(int instrumentId, long barOpenTimeNs, double[] out, int offset);

    /**
     * The feature source of a stage plan: its feature stage's vector when the plan has one, else {@link #NONE}.
     * Wire the feature stage here when it lands.
     */
    static FeatureVectorSource forPlan(final List<Stage> stages)
    {
        return NONE;
    }
}
