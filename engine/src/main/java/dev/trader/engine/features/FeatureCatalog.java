package dev.trader.engine.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lean_v1} feature set (seed 000 section 4.C "Features (lean_v1; no leakage)" and section 8 "FEATURE SET
 * REFERENCE (lean_v1)"): every feature's name, formula and source, in a fixed order that is its position in the
 * feature vector (the order a model manifest refers to). Positions never change; a new feature goes at the end of a
 * new set.
 *
 * <p>Notation: one row per completed 1 m bar of one instrument, including the synthetic bars of the 1 m repair
 * (seed 000 section 4.A runs before the features, section 6 steps 3-5); rows are consecutive bars, not clock minutes
 * (an unfilled gap is skipped, as in the seed's frame after {@code dropna}). {@code c, h, l} are the bar's close, high
 * and low as prices; {@code r_t = ln(c_t / c_{t-1})}. Windows follow pandas: {@code rolling(n)} needs {@code n} non-NaN
 * values ({@code min_periods = n}), std and var are the sample versions ({@code ddof = 1}), skew and kurt are pandas'
 * bias-corrected estimators (adjusted Fisher-Pearson G1, excess kurtosis G2: see {@link #ROLL_SKEW_20}); a window whose
 * values are all equal gives mean = the value, std = 0, skew = 0, kurt = -3, and a biased variance {@code <= 1e-14}
 * gives NaN skew and kurt (pandas 2.x). {@code ewm(span=n)} is pandas' default {@code adjust=True, min_periods=0}:
 * {@code y_t = sum_i (1-a)^i x_{t-i} / sum_i (1-a)^i}, {@code a = 2 / (n + 1)}.
 *
 * <p>Higher timeframes (seed 000 sections 0 and 4.C "HTF features must be LAGGED", "1m->15m uses only the completed 15m
 * candle for the next 15m window"): an HTF series is the 5 m or 15 m bars aggregated from the repaired 1 m bars; a
 * 1 m row whose bar opens at {@code T} sees only HTF bars that closed at or before {@code T}, i.e. the completed candle
 * is used from the next window on, never by the minute that completes it.
 *
 * <p>Choices where the seed names a feature without its formula are marked "choice" below and listed in
 * {@code docs/features.md}.
 */
public final class FeatureCatalog
{
    /** The only set this build knows. */
    public static final String LEAN_V1 = "lean_v1";

    /** One feature: its name, its formula and where it comes from. */
    public record Feature(int index, String name, String formula, String source)
    {
    }

    public static final int LOGRET_1 = 0;
    public static final int LOGRET_5 = 1;
    public static final int LOGRET_15 = 2;
    public static final int LOGRET_60 = 3;
    public static final int ROLL_MEAN_20 = 4;
    public static final int ROLL_VOL_20 = 5;
    /** {@code sqrt(n (n-1)) / (n-2) * m3 / m2^1.5}, m_k the central moments with divisor n (pandas rolling skew). */
    public static final int ROLL_SKEW_20 = 6;
    /** {@code ((n^2 - 1) m4 / m2^2 - 3 (n-1)^2) / ((n-2)(n-3))} (pandas rolling kurt, excess). */
    public static final int ROLL_KURT_20 = 7;
    public static final int ROLL_MEAN_60 = 8;
    public static final int ROLL_VOL_60 = 9;
    public static final int ROLL_SKEW_60 = 10;
    public static final int ROLL_KURT_60 = 11;
    public static final int ROLL_MEAN_240 = 12;
    public static final int ROLL_VOL_240 = 13;
    public static final int ROLL_SKEW_240 = 14;
    public static final int ROLL_KURT_240 = 15;
    public static final int ATR_14 = 16;
    public static final int ATR_28 = 17;
    public static final int TR_PCT = 18;
    public static final int PARKINSON_20 = 19;
    public static final int STREAK_LEN = 20;
    public static final int R2R_VAR_20 = 21;
    public static final int GAP_TO_EMA5M20 = 22;
    public static final int GAP_TO_EMA15M50 = 23;
    public static final int EMA5M_20 = 24;
    public static final int EMA5M_50 = 25;
    public static final int EMA5M_200 = 26;
    public static final int EMA15M_20 = 27;
    public static final int EMA15M_50 = 28;
    public static final int EMA15M_200 = 29;
    public static final int ZDIST_EMA200_5M = 30;
    public static final int ZDIST_EMA200_15M = 31;
    public static final int RV_Z20 = 32;
    public static final int RV_Z60 = 33;
    public static final int WEEKEND = 34;
    public static final int REGIME_BREAK = 35;
    /** Length of a lean_v1 vector. */
    public static final int COUNT = 36;

    /** The rolling windows of the return moments and the realized-vol z-scores' lookback (seed 000 section 1). */
    public static final int[] MOMENT_WINDOWS = {20, 60, 240};
    /** Lookback of the realized-vol z-scores: the longest window of the set (choice). */
    public static final int RV_Z_LOOKBACK = 240;

    private static final String S8_RETURNS = "seed 000 s8 Returns; s4.C price transforms";
    private static final String S8_VOL = "seed 000 s8 Volatility; s4.C volatility/range";
    private static final String S8_MICRO = "seed 000 s8 Micro; s4.C micro-structure";
    private static final String S8_HTF = "seed 000 s8 HTF (lagged); s4.C HTF context; s1 features.htf";
    private static final String S8_REGIME = "seed 000 s8 Regime; s4.C regime flags";

    private static final List<Feature> LEAN = build();

    private FeatureCatalog()
    {
    }

    private static List<Feature> build()
    {
        final List<Feature> f = new ArrayList<>();
        add(f, LOGRET_1, "logret_1", "r_t = ln(c_t / c_{t-1})", S8_RETURNS);
        add(f, LOGRET_5, "logret_5", "ln(c_t / c_{t-5})", S8_RETURNS);
        add(f, LOGRET_15, "logret_15", "ln(c_t / c_{t-15})", S8_RETURNS);
        add(f, LOGRET_60, "logret_60", "ln(c_t / c_{t-60})", S8_RETURNS);
        final int[] base = {ROLL_MEAN_20, ROLL_MEAN_60, ROLL_MEAN_240};
        for (int w = 0; w < MOMENT_WINDOWS.length; w++)
        {
            final int n = MOMENT_WINDOWS[w];
            add(f, base[w], "roll_mean_" + n, "r.rolling(" + n + ").mean()", S8_RETURNS);
            add(f, base[w] + 1, "roll_vol_" + n, "r.rolling(" + n + ").std()  (ddof=1)", S8_RETURNS);
            add(f, base[w] + 2, "roll_skew_" + n,
                "r.rolling(" + n + ").skew() = sqrt(n(n-1))/(n-2) * m3/m2^1.5 (pandas; all-equal window 0; m2 <= 1e-14 NaN)",
                S8_RETURNS);
            add(f, base[w] + 3, "roll_kurt_" + n,
                "r.rolling(" + n + ").kurt() = ((n^2-1) m4/m2^2 - 3(n-1)^2)/((n-2)(n-3)) (pandas; all-equal window -3; m2 <= 1e-14 NaN)",
                S8_RETURNS);
        }
        add(f, ATR_14, "atr_14", "TR.rolling(14).mean(), TR_t = max(h-l, |h-c_{t-1}|, |l-c_{t-1}|) (NaN without c_{t-1}); "
            + "simple mean (choice: the seed gives no smoothing; its rolling convention, not Wilder's)", S8_VOL);
        add(f, ATR_28, "atr_28", "TR.rolling(28).mean() (as atr_14)", S8_VOL);
        add(f, TR_PCT, "tr_pct", "TR_t / c_t (choice)", S8_VOL);
        add(f, PARKINSON_20, "parkinson_20", "sqrt(((ln(h/l))^2).rolling(20).mean() / (4 ln 2)) (choice: window 20)", S8_VOL);
        add(f, STREAK_LEN, "streak_len",
            "signed run of same-sign r: r_t>0: max(s_{t-1},0)+1; r_t<0: min(s_{t-1},0)-1; r_t = 0 or NaN: 0", S8_MICRO);
        add(f, R2R_VAR_20, "r2r_var_20",
            "(r_t - r_{t-1}).rolling(20).var() (ddof=1; choice: 'roll-to-roll' read as return-to-return change)", S8_MICRO);
        add(f, GAP_TO_EMA5M20, "gap_to_ema5m20", "c_t / ema5m_20 - 1", S8_MICRO + "; gap% to HTF EMA");
        add(f, GAP_TO_EMA15M50, "gap_to_ema15m50", "c_t / ema15m_50 - 1", S8_MICRO + "; gap% to HTF EMA");
        add(f, EMA5M_20, "ema5m_20", "C5.ewm(span=20).mean() of completed 5m closes C5, lagged", S8_HTF);
        add(f, EMA5M_50, "ema5m_50", "C5.ewm(span=50).mean(), lagged", S8_HTF);
        add(f, EMA5M_200, "ema5m_200", "C5.ewm(span=200).mean(), lagged", S8_HTF);
        add(f, EMA15M_20, "ema15m_20", "C15.ewm(span=20).mean() of completed 15m closes C15, lagged", S8_HTF);
        add(f, EMA15M_50, "ema15m_50", "C15.ewm(span=50).mean(), lagged", S8_HTF);
        add(f, EMA15M_200, "ema15m_200", "C15.ewm(span=200).mean(), lagged", S8_HTF);
        add(f, ZDIST_EMA200_5M, "zdist_ema200_5m",
            "(C5 - C5.ewm(span=200).mean()) / C5.ewm(span=200).std() (bias-corrected; choice of scale), lagged", S8_HTF);
        add(f, ZDIST_EMA200_15M, "zdist_ema200_15m",
            "(C15 - C15.ewm(span=200).mean()) / C15.ewm(span=200).std(), lagged", S8_HTF);
        add(f, RV_Z20, "rv_z20", "(rv - rv.rolling(240).mean()) / rv.rolling(240).std(), rv = roll_vol_20; std 0: NaN "
            + "(choice: lookback 240, as seed 003's _rolling_zscore)", S8_REGIME);
        add(f, RV_Z60, "rv_z60", "as rv_z20 with rv = roll_vol_60", S8_REGIME);
        add(f, WEEKEND, "weekend", "1 when the bar opens on Saturday or Sunday UTC, else 0 (no holiday calendar)", S8_REGIME);
        add(f, REGIME_BREAK, "regime_break", "1 when the bar carries the repair's regimeBreak flag (s4.A), else 0", S8_REGIME);
        if (f.size() != COUNT)
        {
            throw new IllegalStateException("lean_v1 has " + f.size() + " features, COUNT is " + COUNT);
        }
        return List.copyOf(f);
    }

    private static void add(final List<Feature> list, final int index, final String name, final String formula, final String source)
    {
        if (index != list.size())
        {
            throw new IllegalStateException("feature " + name + " declared at " + index + " but is number " + list.size());
        }
        list.add(new Feature(index, name, formula, source));
    }

    /** The lean_v1 features, in vector order. */
    public static List<Feature> leanV1()
    {
        return LEAN;
    }

    /** The lean_v1 feature names, in vector order. */
    public static List<String> names()
    {
        final List<String> names = new ArrayList<>(LEAN.size());
        for (final Feature f : LEAN)
        {
            names.add(f.name());
        }
        return List.copyOf(names);
    }

    /** Position of a feature in the vector, or -1. */
    public static int indexOf(final String name)
    {
        for (final Feature f : LEAN)
        {
            if (f.name().equals(name))
            {
                return f.index();
            }
        }
        return -1;
    }
}
