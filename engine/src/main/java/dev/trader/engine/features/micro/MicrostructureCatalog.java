package dev.trader.engine.features.micro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The microstructure features in vector order: name, kind, window, unit, formula and source of each. The order and
 * the names are fixed by the settings ({@link #standard()} for the defaults: the seed's names), so a model manifest
 * can name them and {@link MicrostructureStage#copyInto} fills a vector in this order.
 *
 * <p>Notation (all from the L2 book held by {@code OrderBookStage}, TRUSTED states only): level {@code i} (0 = best)
 * of a book state has bid price and size {@code b_i, qb_i}, ask {@code a_i, qa_i}; a primed symbol is the state
 * before a book event. Prices and sizes are the instrument's mantissas: every OFI is divided by a depth in the same
 * units, so the scale cancels. A "bar" is one {@code interval} of the book's exchange clock, closed by the 1 m Bar
 * event (see {@link MicrostructureStage}).
 *
 * <p>Per-event order flow at level {@code i}, in quote notional (seed 003 {@code l1_snapshot_diff_ofi_quote}, which is
 * Cont, Kukanov &amp; Stoikov 2014's {@code e_n} in notional; applied level by level as in Xu, Gould &amp; Howison 2019
 * "Multi-level order-flow imbalance in a limit order book"):
 * <pre>
 *   e_i =  [b_i &gt; b'_i] b_i qb_i  + [b_i = b'_i] b_i (qb_i - qb'_i)  - [b_i &lt; b'_i] b'_i qb'_i
 *        - [a_i &lt; a'_i] a_i qa_i  - [a_i = a'_i] a_i (qa_i - qa'_i)  + [a_i &gt; a'_i] a'_i qa'_i
 * </pre>
 * A level missing on one side of the comparison counts as the other state's price with size 0 (a level that
 * appears adds its whole notional, one that disappears removes it); missing on both, it contributes 0.
 * {@code OFI_k(t)} = sum over the book events of bar t and levels {@code i < k} of {@code e_i};
 * {@code D_k(t)} = sum over {@code i < k} of {@code b_i qb_i + a_i qa_i} at the close of bar t.
 */
public final class MicrostructureCatalog
{
    /** What a feature computes; the stage switches on it once per bar. */
    public enum Kind
    {
        OFI_L1, MLOFI_L5, MLOFI_L20, MLOFI_GAP, MICROPRICE_BASIS, MICROPRICE_BASIS_CHANGE, SPREAD_TICKS, SPREAD_BPS,
        SPREAD_RANK, KYLE_LAMBDA, KYLE_R2, VPIN, REPLENISHMENT
    }

    /**
     * One feature.
     *
     * @param index      position in the vector
     * @param name       stable name (model manifests use it)
     * @param kind       what it computes
     * @param windowBars bars of the window (0: a value at the bar close; VPIN: buckets)
     * @param unit       unit of the value
     * @param formula    the formula, in the notation of {@link MicrostructureCatalog}
     * @param source     the seed section or paper it follows
     * @param bookBased  computed from the book (false: from trades only), so not ready while the book is untrusted
     */
    public record Feature(int index, String name, Kind kind, int windowBars, String unit, String formula, String source,
                          boolean bookBased)
    {
    }

    private static final String SEED_OFI = "seed 003 ofi_feature_experiment: _compute_l1_ofi_for_symbol, "
        + "l1_snapshot_diff_ofi_quote, _rolling_normalized (OFI_METHOD SNAPSHOT_DIFF_V1 applied to every book event)";

    private final List<Feature> features;
    private final Map<String, Feature> byName;

    private MicrostructureCatalog(final List<Feature> features)
    {
        this.features = Collections.unmodifiableList(features);
        final Map<String, Feature> m = new HashMap<>();
        for (final Feature f : features)
        {
            if (m.put(f.name(), f) != null)
            {
                throw new IllegalStateException("duplicate feature name " + f.name());
            }
        }
        this.byName = m;
    }

    /** The catalogue of the default settings (the seed's names). */
    public static MicrostructureCatalog standard()
    {
        return of(MicrostructureSettings.defaults());
    }

    /** The catalogue for these settings: windows named by {@link #label} ({@code 1m}, {@code 15m}, {@code 24h}). */
    public static MicrostructureCatalog of(final MicrostructureSettings s)
    {
        final List<Feature> f = new ArrayList<>();
        for (final Duration w : s.ofiWindows())
        {
            add(f, "ofi_l1_" + label(w), Kind.OFI_L1, s.barsOf(w), "ratio",
                "sum over the last " + label(w) + " of OFI_1(t) / mean over the same bars of D_1(t)", SEED_OFI
                    + "; Cont, Kukanov & Stoikov 2014", true);
        }
        for (final Duration w : s.bookWindows())
        {
            add(f, "mlofi_l5_" + label(w), Kind.MLOFI_L5, s.barsOf(w), "ratio",
                "sum over the last " + label(w) + " of OFI_5(t) / mean of D_5(t)", SEED_OFI + "; Xu, Gould & Howison 2019", true);
        }
        for (final Duration w : s.bookWindows())
        {
            add(f, "mlofi_l20_" + label(w), Kind.MLOFI_L20, s.barsOf(w), "ratio",
                "sum over the last " + label(w) + " of OFI_20(t) / mean of D_20(t)", SEED_OFI + "; Xu, Gould & Howison 2019", true);
        }
        final Duration first = s.bookWindows().get(0);
        add(f, "mlofi_l5_l20_gap_" + label(first), Kind.MLOFI_GAP, s.barsOf(first), "ratio",
            "mlofi_l5_" + label(first) + " - mlofi_l20_" + label(first), SEED_OFI + " (mlofi_l5_l20_gap_1m)", true);
        add(f, "microprice_basis_bps", Kind.MICROPRICE_BASIS, 0, "bps",
            "10^4 (micro / mid - 1) at the bar close, micro = (b_0 qa_0 + a_0 qb_0) / (qb_0 + qa_0), mid = (b_0 + a_0) / 2; "
                + "computed as 10^4 (a_0 - b_0)(qb_0 - qa_0) / ((qb_0 + qa_0)(a_0 + b_0)), the same value without cancellation",
            "seed 003 _compute_l1_ofi_for_symbol (microprice_basis_bps); Stoikov 2018 (weighted mid)", true);
        for (final Duration w : s.bookWindows())
        {
            add(f, "microprice_basis_change_" + label(w) + "_bps", Kind.MICROPRICE_BASIS_CHANGE, s.barsOf(w), "bps",
                "microprice_basis_bps(t) - microprice_basis_bps(t - " + label(w) + ")",
                "seed 003 _ofi_feature_schema (microprice_basis_change_1m_bps, _5m_bps)", true);
        }
        add(f, "spread_ticks", Kind.SPREAD_TICKS, 0, "ticks", "(a_0 - b_0) / tickSize at the bar close",
            "seed 001 (1m bars with L2-derived spread)", true);
        add(f, "spread_bps", Kind.SPREAD_BPS, 0, "bps", "10^4 (a_0 - b_0) / mid at the bar close",
            "seed 003 spread_bps; seed 001 (L2-derived spread)", true);
        final int rankBars = s.barsOf(s.spreadRankWindow());
        add(f, "spread_rank_" + label(s.spreadRankWindow()) + "_pct", Kind.SPREAD_RANK, rankBars, "fraction 0..1",
            "average-rank percentile of the close spread (a_0 - b_0) among the n = min(bars since the book was last "
                + "untrusted, " + rankBars + ") last close spreads, this one included: (#less + (#equal + 1) / 2) / n "
                + "(pandas rolling rank, pct=True, method average); ready when n >= " + s.spreadRankMinBars(),
            "seed 003 spread_rank_24h_pct (liquidity_deterioration: rank >= 0.90)", true);
        final int kyleBars = s.barsOf(s.kyleWindow());
        add(f, "kyle_lambda_" + label(s.kyleWindow()), Kind.KYLE_LAMBDA, kyleBars, "bps per 1M quote",
            "OLS slope with intercept of y_t = 10^4 ln(mid_close(t) / mid_close(t-1)) on x_t = (taker-buy minus "
                + "taker-sell quote volume of bar t) / 10^6 over the last " + kyleBars + " bars: "
                + "sum((x - mean x)(y - mean y)) / sum((x - mean x)^2); not ready when every x is equal",
            "seed 001 (Kyle lambda: rolling impact regression); Kyle 1985", true);
        add(f, "kyle_r2_" + label(s.kyleWindow()), Kind.KYLE_R2, kyleBars, "fraction 0..1",
            "R^2 of that regression: Sxy^2 / (Sxx Syy), 0 when every y is equal",
            "seed 001 (absorption vs price discovery from lambda / r^2 / residuals)", true);
        add(f, "vpin_" + s.vpinBuckets(), Kind.VPIN, s.vpinBuckets(), "fraction 0..1",
            "sum over the last " + s.vpinBuckets() + " complete volume buckets of |V_buy - V_sell| / (" + s.vpinBuckets()
                + " V), buckets of V = " + s.vpinBucketQuote() + " quote filled by trades in order (a trade spanning a "
                + "boundary is split), buy/sell from the trade's aggressor (trades without one are skipped)",
            "seed 001 (VPIN optional, a regime/risk toggle); Easley, Lopez de Prado & O'Hara 2012", false);
        for (final Duration w : s.bookWindows())
        {
            add(f, "replenish_l5_" + label(w), Kind.REPLENISHMENT, s.barsOf(w), "ratio",
                "per bar and side, with S = top-5 depth of that side (sum of b_i qb_i or a_i qa_i, i < 5): consumed = "
                    + "S(open) - min S, restored = S(close) - min S (min over the bar's book states, open included); "
                    + "value = sum of restored / sum of consumed over both sides and the last " + label(w)
                    + " (1 when nothing was consumed)",
            "seed 001 (replenishment/resilience proxies when true add/cancel events are unavailable)", true);
        }
        return new MicrostructureCatalog(f);
    }

    private static void add(
        final List<Feature> f,
        final String name,
        final Kind kind,
        final int windowBars,
        final String unit,
        final String formula,
        final String source,
        final boolean bookBased)
    {
        f.add(new Feature(f.size(), name, kind, windowBars, unit, formula, source, bookBased));
    }

    /** "500ms", "30s", "15m", "24h": the largest of h, m, s that divides the window (never days: seed "24h"). */
    static String label(final Duration d)
    {
        final long ms = d.toMillis();
        if (ms % 3_600_000L == 0)
        {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0)
        {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0)
        {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    /** The features in vector order. */
    public List<Feature> features()
    {
        return features;
    }

    public int size()
    {
        return features.size();
    }

    /** The names in vector order. */
    public List<String> names()
    {
        final List<String> names = new ArrayList<>(features.size());
        for (final Feature f : features)
        {
            names.add(f.name());
        }
        return names;
    }

    /** @return the feature's position in the vector, or -1 when the catalogue has no such name. */
    public int indexOf(final String name)
    {
        final Feature f = byName.get(name);
        return f == null ? -1 : f.index();
    }

    public Feature feature(final int index)
    {
        return features.get(index);
    }
}
