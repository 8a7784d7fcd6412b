package dev.trader.replay.dataset;

import dev.trader.engine.features.FeatureVectorSource;
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
public interface FeatureColumns
{
    /** No feature columns. */
    FeatureColumns NONE = new FeatureColumns()
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
     * The feature columns of a stage plan: the model manifest's features in manifest order when the plan scores a
     * model, else the vector of its feature stage (the first stage that is a {@link FeatureVectorSource}), read at the
     * bar the vector was computed at; {@link #NONE} without either.
     */
    static FeatureColumns forPlan(final List<Stage> stages)
    {
        // a model in the plan fixes the columns: its manifest's features, in its order (what it will be trained on)
        for (final Stage stage : stages)
        {
            if (stage instanceof dev.trader.strategies.model.ModelScoreStage)
            {
                return of(((dev.trader.strategies.model.ModelScoreStage)stage).features());
            }
        }
        for (final Stage stage : stages)
        {
            if (stage instanceof FeatureVectorSource)
            {
                return of((FeatureVectorSource)stage);
            }
        }
        return NONE;
    }

    /** Columns from a feature source: a bar gets the vector computed at its close, or no row while warming up. */
    static FeatureColumns of(final FeatureVectorSource source)
    {
        final double[] scratch = new double[source.featureCount()];
        return new FeatureColumns()
        {
            @Override
            public List<String> names()
            {
                return source.featureNames();
            }

            @Override
            public boolean read(final int instrumentId, final long barOpenTimeNs, final double[] out, final int offset)
            {
                // the vector must have been computed inside this bar (at its close), never carried over a gap
                if (!source.ready(instrumentId) || source.vectorTimeNs(instrumentId) <= barOpenTimeNs)
                {
                    return false;
                }
                source.copyInto(instrumentId, scratch);
                System.arraycopy(scratch, 0, out, offset, scratch.length);
                return true;
            }
        };
    }
}
