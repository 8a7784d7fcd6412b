package dev.trader.engine.features;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.trader.engine.features.FeatureCatalog.ATR_14;
import static dev.trader.engine.features.FeatureCatalog.ATR_28;
import static dev.trader.engine.features.FeatureCatalog.COUNT;
import static dev.trader.engine.features.FeatureCatalog.EMA15M_20;
import static dev.trader.engine.features.FeatureCatalog.EMA15M_200;
import static dev.trader.engine.features.FeatureCatalog.EMA15M_50;
import static dev.trader.engine.features.FeatureCatalog.EMA5M_20;
import static dev.trader.engine.features.FeatureCatalog.EMA5M_200;
import static dev.trader.engine.features.FeatureCatalog.EMA5M_50;
import static dev.trader.engine.features.FeatureCatalog.GAP_TO_EMA15M50;
import static dev.trader.engine.features.FeatureCatalog.GAP_TO_EMA5M20;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_1;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_15;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_5;
import static dev.trader.engine.features.FeatureCatalog.LOGRET_60;
import static dev.trader.engine.features.FeatureCatalog.PARKINSON_20;
import static dev.trader.engine.features.FeatureCatalog.R2R_VAR_20;
import static dev.trader.engine.features.FeatureCatalog.REGIME_BREAK;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_20;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_240;
import static dev.trader.engine.features.FeatureCatalog.ROLL_MEAN_60;
import static dev.trader.engine.features.FeatureCatalog.ROLL_VOL_20;
import static dev.trader.engine.features.FeatureCatalog.ROLL_VOL_60;
import static dev.trader.engine.features.FeatureCatalog.RV_Z20;
import static dev.trader.engine.features.FeatureCatalog.RV_Z60;
import static dev.trader.engine.features.FeatureCatalog.RV_Z_LOOKBACK;
import static dev.trader.engine.features.FeatureCatalog.STREAK_LEN;
import static dev.trader.engine.features.FeatureCatalog.TR_PCT;
import static dev.trader.engine.features.FeatureCatalog.WEEKEND;
import static dev.trader.engine.features.FeatureCatalog.ZDIST_EMA200_15M;
import static dev.trader.engine.features.FeatureCatalog.ZDIST_EMA200_5M;

/**
 * Computes the {@code lean_v1} feature vector (seed 000 sections 4.C and 8; formulas in {@link FeatureCatalog})
 * incrementally, per instrument, at every completed 1 m {@code Bar} (real or repaired), and keeps the 5 m and 15 m
 * EMAs from the completed higher-timeframe bars {@code BarStage} emits. Emits nothing: a later stage reads the vector
 * through {@link FeatureVectorSource}.
 *
 * <p>Cost per 1 m bar: O(window) over preallocated rings (the four moments of each window are a two-pass centred sum
 * over at most 240 values; ATR, Parkinson, r2r and the z-scores likewise), O(1) per HTF bar (pandas' online EWM
 * recurrences). The per-instrument state is allocated once, at the instrument's first bar; after that nothing is
 * allocated.
 *
 * <p>No look-ahead: a 1 m bar's vector uses that bar and earlier ones only, and HTF values only from HTF bars whose
 * close time is at or before the 1 m bar's open time (the completed candle serves the next window, seed 000 section
 * 4.C). {@code BarStage} emits an HTF bar after the 1 m bar that completes it, so that minute does not see it; should
 * an HTF bar ever arrive before a 1 m bar that opens before its close, the previous HTF values are used and the event
 * is counted ({@code htfAheadOfBar}).
 */
public final class FeatureStage implements Stage, FeatureVectorSource
{
    /** The base interval the vector is computed on. */
    public static final long MINUTE_NS = 60_000_000_000L;
    public static final long FIVE_MINUTES_NS = 5 * MINUTE_NS;
    public static final long FIFTEEN_MINUTES_NS = 15 * MINUTE_NS;
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final double FOUR_LN_2 = 4.0 * StrictMath.log(2.0);
    private static final int[] EMA_SPANS = {20, 50, 200};
    private static final List<String> NAMES = FeatureCatalog.names();

    private final InstrumentRegistry instruments;
    private final Int2ObjectHashMap<InstrumentFeatures> byInstrument = new Int2ObjectHashMap<>();
    private final BarDecoder bar = new BarDecoder();

    private long minuteBars;
    private long htfBars5m;
    private long htfBars15m;
    private long otherBars;
    private long vectorsReady;
    private long vectorsNotReady;
    private long htfAheadOfBar;
    private long unknownInstrument;

    public FeatureStage(final InstrumentRegistry instruments)
    {
        this.instruments = instruments;
    }

    @Override
    public String name()
    {
        return "features";
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != BarDecoder.TEMPLATE_ID)
        {
            return;
        }
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final long interval = bar.intervalNs();
        if (interval != MINUTE_NS && interval != FIVE_MINUTES_NS && interval != FIFTEEN_MINUTES_NS)
        {
            otherBars++;
            return;
        }
        final InstrumentFeatures s = state(bar.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        if (interval == MINUTE_NS)
        {
            minuteBars++;
            onMinute(s, bar.openTimeNs(), bar.exchangeTsNs(), s.price(bar.high()), s.price(bar.low()), s.price(bar.close()),
                bar.flags().regimeBreak());
        }
        else if (interval == FIVE_MINUTES_NS)
        {
            htfBars5m++;
            s.htf5.add(bar.exchangeTsNs(), s.price(bar.close()));
        }
        else
        {
            htfBars15m++;
            s.htf15.add(bar.exchangeTsNs(), s.price(bar.close()));
        }
    }

    private InstrumentFeatures state(final int instrumentId)
    {
        InstrumentFeatures s = byInstrument.get(instrumentId);
        if (s == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                return null;
            }
            s = new InstrumentFeatures(instrument);
            byInstrument.put(instrumentId, s);
        }
        return s;
    }

    private void onMinute(
        final InstrumentFeatures s,
        final long openTimeNs,
        final long closeTimeNs,
        final double h,
        final double l,
        final double c,
        final boolean regimeBreak)
    {
        final double[] v = s.vector;
        final DoubleRing closes = s.closes;
        final double prevClose = closes.has(1) ? closes.get(0) : Double.NaN;
        final double prevRet = s.rets.has(1) ? s.rets.get(0) : Double.NaN;
        closes.push(c);

        // returns (seed 000 s8 Returns)
        // a non-positive price has no log return: NaN (which the rolling windows skip), never an infinity that would
        // poison every window it enters
        final double r = c > 0 && prevClose > 0 ? StrictMath.log(c / prevClose) : Double.NaN;
        s.rets.push(r);
        v[LOGRET_1] = r;
        v[LOGRET_5] = logReturn(closes, 5);
        v[LOGRET_15] = logReturn(closes, 15);
        v[LOGRET_60] = logReturn(closes, 60);
        Rolling.moments(s.rets, 20, v, ROLL_MEAN_20);
        Rolling.moments(s.rets, 60, v, ROLL_MEAN_60);
        Rolling.moments(s.rets, 240, v, ROLL_MEAN_240);

        // volatility / range (s8 Volatility)
        final double tr = Double.isNaN(prevClose) ? Double.NaN
            : Math.max(h - l, Math.max(Math.abs(h - prevClose), Math.abs(l - prevClose)));
        s.trueRanges.push(tr);
        v[ATR_14] = Rolling.mean(s.trueRanges, 14);
        v[ATR_28] = Rolling.mean(s.trueRanges, 28);
        v[TR_PCT] = tr / c;
        final double hl = StrictMath.log(h / l);
        s.parkinson.push(hl * hl);
        v[PARKINSON_20] = Math.sqrt(Rolling.mean(s.parkinson, 20) / FOUR_LN_2);

        // micro-structure (s8 Micro)
        if (r > 0)
        {
            s.streak = s.streak > 0 ? s.streak + 1 : 1;
        }
        else if (r < 0)
        {
            s.streak = s.streak < 0 ? s.streak - 1 : -1;
        }
        else
        {
            s.streak = 0;
        }
        v[STREAK_LEN] = s.streak;
        s.retChanges.push(r - prevRet);
        v[R2R_VAR_20] = Rolling.var(s.retChanges, 20);

        // HTF, lagged (s8 HTF): only bars closed at or before this minute opened
        if (!s.htf5.copyInto(openTimeNs, v, EMA5M_20, ZDIST_EMA200_5M))
        {
            htfAheadOfBar++;
        }
        if (!s.htf15.copyInto(openTimeNs, v, EMA15M_20, ZDIST_EMA200_15M))
        {
            htfAheadOfBar++;
        }
        v[GAP_TO_EMA5M20] = c / v[EMA5M_20] - 1.0;
        v[GAP_TO_EMA15M50] = c / v[EMA15M_50] - 1.0;

        // regime (s8 Regime)
        s.rv20.push(v[ROLL_VOL_20]);
        s.rv60.push(v[ROLL_VOL_60]);
        v[RV_Z20] = Rolling.zscore(s.rv20, RV_Z_LOOKBACK);
        v[RV_Z60] = Rolling.zscore(s.rv60, RV_Z_LOOKBACK);
        v[WEEKEND] = isWeekend(openTimeNs) ? 1.0 : 0.0;
        v[REGIME_BREAK] = regimeBreak ? 1.0 : 0.0;

        s.vectorTimeNs = closeTimeNs;
        boolean ready = true;
        for (int i = 0; i < COUNT; i++)
        {
            if (!Double.isFinite(v[i]))
            {
                ready = false;
                break;
            }
        }
        s.ready = ready;
        if (ready)
        {
            vectorsReady++;
        }
        else
        {
            vectorsNotReady++;
        }
    }

    private static double logReturn(final DoubleRing closes, final int lag)
    {
        if (!closes.has(lag + 1) || !(closes.get(0) > 0) || !(closes.get(lag) > 0))
        {
            return Double.NaN;
        }
        return StrictMath.log(closes.get(0) / closes.get(lag));
    }

    /** Saturday or Sunday in UTC (1970-01-01 was a Thursday). */
    static boolean isWeekend(final long timeNs)
    {
        final long dayOfWeekFromMonday = Math.floorMod(Math.floorDiv(timeNs, DAY_NS) + 3, 7);
        return dayOfWeekFromMonday >= 5;
    }

    @Override
    public List<String> featureNames()
    {
        return NAMES;
    }

    @Override
    public int featureCount()
    {
        return COUNT;
    }

    @Override
    public boolean ready(final int instrumentId)
    {
        final InstrumentFeatures s = byInstrument.get(instrumentId);
        return s != null && s.ready;
    }

    @Override
    public void copyInto(final int instrumentId, final double[] out)
    {
        final InstrumentFeatures s = byInstrument.get(instrumentId);
        if (s == null)
        {
            Arrays.fill(out, 0, COUNT, Double.NaN);
            return;
        }
        System.arraycopy(s.vector, 0, out, 0, COUNT);
    }

    @Override
    public long vectorTimeNs(final int instrumentId)
    {
        final InstrumentFeatures s = byInstrument.get(instrumentId);
        return s == null ? Long.MIN_VALUE : s.vectorTimeNs;
    }

    /** A copy of the instrument's latest vector (allocates: for tests and tools). */
    public double[] featureVector(final int instrumentId)
    {
        final double[] out = new double[COUNT];
        copyInto(instrumentId, out);
        return out;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("minuteBars", minuteBars);
        m.put("htfBars5m", htfBars5m);
        m.put("htfBars15m", htfBars15m);
        m.put("otherBars", otherBars);
        m.put("vectorsReady", vectorsReady);
        m.put("vectorsNotReady", vectorsNotReady);
        m.put("htfAheadOfBar", htfAheadOfBar);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    /**
     * A price mantissa as a double: {@code mantissa / 10^-exponent} (one correctly rounded division) for exponents
     * {@code <= 0}, {@code mantissa * 10^exponent} above. The batch reference of the tests converts the same way.
     */
    public static double price(final long mantissa, final int priceExponent)
    {
        return priceExponent <= 0 ? mantissa / StrictMath.pow(10, -priceExponent) : mantissa * StrictMath.pow(10, priceExponent);
    }

    private static final class InstrumentFeatures
    {
        final int priceExponent;
        final double priceScale;
        final double[] vector = new double[COUNT];
        final DoubleRing closes = new DoubleRing(61);
        final DoubleRing rets = new DoubleRing(240);
        final DoubleRing trueRanges = new DoubleRing(28);
        final DoubleRing parkinson = new DoubleRing(20);
        final DoubleRing retChanges = new DoubleRing(20);
        final DoubleRing rv20 = new DoubleRing(RV_Z_LOOKBACK);
        final DoubleRing rv60 = new DoubleRing(RV_Z_LOOKBACK);
        final Htf htf5 = new Htf();
        final Htf htf15 = new Htf();
        double streak;
        boolean ready;
        long vectorTimeNs = Long.MIN_VALUE;

        InstrumentFeatures(final Instrument instrument)
        {
            this.priceExponent = instrument.priceExponent();
            this.priceScale = StrictMath.pow(10, Math.abs(priceExponent));
            Arrays.fill(vector, Double.NaN);
        }

        double price(final long mantissa)
        {
            return priceExponent <= 0 ? mantissa / priceScale : mantissa * priceScale;
        }
    }

    /** One higher timeframe: the EWMs of its completed closes and the last two snapshots of their values. */
    private static final class Htf
    {
        final Ewm[] emas = new Ewm[EMA_SPANS.length];
        /** ema20, ema50, ema200, zdist200 as of the latest HTF bar, and as of the one before. */
        final double[] current = new double[4];
        final double[] previous = new double[4];
        long currentCloseNs = Long.MIN_VALUE;
        long previousCloseNs = Long.MIN_VALUE;

        Htf()
        {
            for (int i = 0; i < EMA_SPANS.length; i++)
            {
                emas[i] = new Ewm(EMA_SPANS[i]);
            }
            Arrays.fill(current, Double.NaN);
            Arrays.fill(previous, Double.NaN);
        }

        void add(final long closeTimeNs, final double close)
        {
            System.arraycopy(current, 0, previous, 0, current.length);
            previousCloseNs = currentCloseNs;
            for (int i = 0; i < emas.length; i++)
            {
                emas[i].add(close);
                current[i] = emas[i].mean();
            }
            final Ewm ema200 = emas[emas.length - 1];
            current[3] = (close - ema200.mean()) / ema200.std();
            currentCloseNs = closeTimeNs;
        }

        /**
         * Copies the EMAs (20, 50, 200) to {@code v[emaAt .. emaAt + 2]} and the z-distance to {@code v[zAt]}, from the
         * latest HTF bar closed at or before {@code openTimeNs}.
         *
         * @return false when the latest HTF bar closed after {@code openTimeNs} (the earlier snapshot was used)
         */
        boolean copyInto(final long openTimeNs, final double[] v, final int emaAt, final int zAt)
        {
            final double[] source;
            final boolean inOrder;
            if (currentCloseNs == Long.MIN_VALUE || currentCloseNs <= openTimeNs)
            {
                source = current;
                inOrder = true;
            }
            else
            {
                source = previousCloseNs <= openTimeNs ? previous : null;
                inOrder = false;
            }
            if (source == null)
            {
                v[emaAt] = Double.NaN;
                v[emaAt + 1] = Double.NaN;
                v[emaAt + 2] = Double.NaN;
                v[zAt] = Double.NaN;
            }
            else
            {
                v[emaAt] = source[0];
                v[emaAt + 1] = source[1];
                v[emaAt + 2] = source[2];
                v[zAt] = source[3];
            }
            return inOrder;
        }
    }
}
