package dev.trader.engine.gates;

import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Regime;
import dev.trader.codecs.sbe.RegimeChangeEncoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import org.agrona.collections.Int2ObjectHashMap;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regime gate: TREND / RANGE / HAZARD (seed 001 Layer A, "regime classifier ... hysteresis") and the hard gates
 * PANIC / ILLIQUID (seed 004 section 2), per instrument, on completed bars of one interval ({@code regime.barInterval},
 * default 1 m; seed 001 runs it on 30 m - 4 h bars).
 *
 * <h2>Inputs, from completed bars only (no look-ahead)</h2>
 * <ul>
 *   <li>ADX, +DI, -DI: Wilder, {@code adxPeriod} (14) bars ({@link WilderAdx}).</li>
 *   <li>Volatility: root mean square of the last {@code volWindow} log returns of closes, scaled to one day; and its
 *       z-score against the {@code zWindow} volatility values before it.</li>
 *   <li>Volume: the bar's volume z-score against the {@code zWindow} bars before it; and the volume ratio, the mean
 *       of the last {@code volumeShortWindow} bars over the mean of those {@code zWindow} bars (0 over 0 is 0).</li>
 *   <li>Spread: bps of the mid from the book ({@link SpreadSource}, the book stage runs first), read when the bar
 *       completes. Unknown when there is no book stage or the book is not TRUSTED: with {@code requireSpread}
 *       (default) that is ILLIQUID, fail closed; without, the spread rule is skipped.</li>
 * </ul>
 * The rules, their hysteresis and the minimum dwell are {@link RegimeClassifier}'s. Until every input exists
 * ({@link RegimeSettings#warmUpBars()} bars) the regime is UNKNOWN, which later stages must treat as closed.
 *
 * <h2>Events</h2>
 * Every change emits a {@code RegimeChange}: previous and new regime, the bars the previous one held, and the
 * reasons, each comparison that decided as {@code (rule.input, value, threshold)}; stamped with the bar's close and
 * receive times. A bar flagged {@code regimeBreak} (a data gap too long to repair) resets the instrument: its regime
 * becomes UNKNOWN (one change, reason {@code data.regimeBreak}) and warms up again from that bar.
 *
 * <p>Later stages read {@link #regime(int)}. Per bar the work is O(windows) arithmetic on preallocated arrays; no
 * allocation after an instrument's first bar.
 */
public final class RegimeGateStage implements Stage
{
    public static final String NAME = "regime-gate";
    static final String REGIME_BREAK = "data.regimeBreak";
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int MAX_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + RegimeChangeEncoder.BLOCK_LENGTH
        + RegimeChangeEncoder.ReasonsEncoder.HEADER_SIZE
        + RegimeChangeEncoder.ReasonsEncoder.sbeBlockLength() * RegimeClassifier.MAX_REASONS;

    private final InstrumentRegistry instruments;
    private final RegimeSettings settings;
    private final SpreadSource spreads;
    private final HazardGateStage hazardGate;
    private final long intervalNs;
    private final double barsPerDaySqrt;
    private final Int2ObjectHashMap<InstrumentRegime> byInstrument = new Int2ObjectHashMap<>();
    private final BarDecoder bar = new BarDecoder();
    private final RegimeChangeEncoder change = new RegimeChangeEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private long bars;
    private long warmUpBars;
    private long changes;
    private long regimeBreaks;
    private long outOfOrderBars;
    private long unknownSpread;
    private long unknownInstrument;

    /**
     * @param spreads    the book's spread, or null when the run has no book (then every spread is unknown)
     * @param hazardGate the hazard gate, read when {@code hazardFromGate}; null otherwise
     * @throws IllegalArgumentException when the settings are inconsistent, or {@code hazardFromGate} is set without a
     *                                  hazard gate
     */
    public RegimeGateStage(
        final InstrumentRegistry instruments,
        final RegimeSettings settings,
        final SpreadSource spreads,
        final HazardGateStage hazardGate)
    {
        settings.validate();
        if (settings.hazardFromGate() && hazardGate == null)
        {
            throw new IllegalArgumentException("regime.hazardFromGate needs the hazard gate (hazard.enabled: true)");
        }
        this.instruments = instruments;
        this.settings = settings;
        this.spreads = spreads;
        this.hazardGate = settings.hazardFromGate() ? hazardGate : null;
        this.intervalNs = settings.barInterval().toNanos();
        this.barsPerDaySqrt = Math.sqrt((double)(Duration.ofDays(1).toNanos() / intervalNs));
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != BarDecoder.TEMPLATE_ID)
        {
            return;
        }
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (bar.intervalNs() != intervalNs)
        {
            return;
        }
        final int instrumentId = bar.instrumentId();
        InstrumentRegime s = byInstrument.get(instrumentId);
        if (s == null)
        {
            final Instrument instrument = instruments.byId(instrumentId);
            if (instrument == null)
            {
                unknownInstrument++;
                return;
            }
            s = new InstrumentRegime(instrument, settings, hazardGate != null);
            byInstrument.put(instrumentId, s);
        }
        final long openTime = bar.openTimeNs();
        if (openTime <= s.lastOpenTimeNs)
        {
            outOfOrderBars++;
            return;
        }
        s.lastOpenTimeNs = openTime;
        bars++;

        if (bar.flags().regimeBreak())
        {
            regimeBreaks++;
            final Regime before = s.classifier.regime();
            final int held = s.classifier.barsInRegime();
            s.reset();
            if (before != Regime.UNKNOWN)
            {
                emitBreak(emitter, instrumentId, before, held);
            }
        }

        final double high = s.price(bar.high());
        final double low = s.price(bar.low());
        final double close = s.price(bar.close());
        final double volume = (double)bar.volume();

        s.adx.update(high, low, close);
        if (!Double.isNaN(s.prevClose) && s.prevClose > 0 && close > 0)
        {
            s.returns.add(StrictMath.log(close / s.prevClose));
        }
        s.prevClose = close;

        s.vol = s.returns.isFull() ? Math.sqrt(s.returns.meanOfSquares()) * barsPerDaySqrt : Double.NaN;
        s.volZ = Double.NaN;
        if (!Double.isNaN(s.vol))
        {
            if (s.volHistory.isFull())
            {
                s.volZ = s.volHistory.zScore(s.vol);
            }
            s.volHistory.add(s.vol);
        }

        s.recentVolumes.add(volume);
        s.volumeZ = Double.NaN;
        s.volumeRatio = Double.NaN;
        if (s.volumes.isFull())
        {
            s.volumeZ = s.volumes.zScore(volume);
            final double longMean = s.volumes.mean();
            final double shortMean = s.recentVolumes.meanOfLast(Math.min(s.recentVolumes.size(), settings.volumeShortWindow()));
            s.volumeRatio = longMean > 0 ? shortMean / longMean : (shortMean > 0 ? Double.POSITIVE_INFINITY : 0.0);
        }
        s.volumes.add(volume);

        s.spreadBps = spreads == null ? Double.NaN : spreads.spreadBps(instrumentId);
        if (Double.isNaN(s.spreadBps))
        {
            unknownSpread++;
        }

        if (!s.adx.isReady() || Double.isNaN(s.volZ) || Double.isNaN(s.volumeZ))
        {
            warmUpBars++;
            return;
        }
        final boolean gateOpen = hazardGate != null && hazardGate.isOpen(instrumentId);
        final double gateProb = hazardGate != null ? hazardGate.probability(instrumentId) : Double.NaN;
        final double gateThreshold = hazardGate != null ? hazardGate.threshold() : Double.NaN;
        final RegimeClassifier c = s.classifier;
        if (c.update(s.adx.adx(), s.adx.plusDi(), s.adx.minusDi(), s.vol, s.volZ, s.volumeZ, s.volumeRatio, s.spreadBps,
            gateOpen, gateProb, gateThreshold))
        {
            changes++;
            final int offset = emitter.claim(MAX_LENGTH);
            final RegimeChangeEncoder e = header(emitter, offset, instrumentId, c.previous(), c.regime(), c.barsInPrevious());
            final int n = c.reasonCount();
            final RegimeChangeEncoder.ReasonsEncoder reasons = e.reasonsCount(n);
            for (int i = 0; i < n; i++)
            {
                reasons.next().key(c.reasonKey(i)).value(c.reasonValue(i)).threshold(c.reasonThreshold(i));
            }
            emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
        }
    }

    private void emitBreak(final Emitter emitter, final int instrumentId, final Regime before, final int held)
    {
        changes++;
        final int offset = emitter.claim(MAX_LENGTH);
        final RegimeChangeEncoder e = header(emitter, offset, instrumentId, before, Regime.UNKNOWN, held);
        e.reasonsCount(1).next().key(REGIME_BREAK).value(1.0).threshold(0.0);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    private RegimeChangeEncoder header(
        final Emitter emitter,
        final int offset,
        final int instrumentId,
        final Regime previous,
        final Regime regime,
        final int barsInPrevious)
    {
        return change.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(bar.exchangeTsNs())
            .receiveTsNs(bar.receiveTsNs())
            .instrumentId(instrumentId)
            .intervalNs(intervalNs)
            .previous(previous)
            .regime(regime)
            .barsInPrevious(barsInPrevious);
    }

    /** The instrument's regime; UNKNOWN before its first classification (warm-up) or for an unseen instrument. */
    public Regime regime(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Regime.UNKNOWN : s.classifier.regime();
    }

    /** ADX after the instrument's last bar of the interval; NaN during warm-up or for an unseen instrument. */
    public double adx(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.adx.adx();
    }

    /** +DI after the last bar; NaN before it exists. */
    public double plusDi(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.adx.plusDi();
    }

    /** -DI after the last bar; NaN before it exists. */
    public double minusDi(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.adx.minusDi();
    }

    /** Daily-scaled realized volatility after the last bar; NaN before it exists. */
    public double volatility(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.vol;
    }

    /** Volatility z-score after the last bar; NaN before it exists. */
    public double volatilityZ(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.volZ;
    }

    /** Volume z-score after the last bar; NaN before it exists. */
    public double volumeZ(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.volumeZ;
    }

    /** Volume ratio after the last bar; NaN before it exists. */
    public double volumeRatio(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.volumeRatio;
    }

    /** Spread in bps read at the last bar; NaN when unknown. */
    public double spreadBps(final int instrumentId)
    {
        final InstrumentRegime s = byInstrument.get(instrumentId);
        return s == null ? Double.NaN : s.spreadBps;
    }

    public RegimeSettings settings()
    {
        return settings;
    }

    @Override
    public Map<String, Long> counters()
    {
        long dwellHolds = 0;
        for (final InstrumentRegime s : byInstrument.values())
        {
            dwellHolds += s.classifier.dwellHolds();
        }
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("bars", bars);
        m.put("warmUpBars", warmUpBars);
        m.put("changes", changes);
        m.put("dwellHolds", dwellHolds);
        m.put("regimeBreaks", regimeBreaks);
        m.put("outOfOrderBars", outOfOrderBars);
        m.put("unknownSpread", unknownSpread);
        m.put("unknownInstrument", unknownInstrument);
        return m;
    }

    private static final class InstrumentRegime
    {
        final int priceExponent;
        final WilderAdx adx;
        final RollingWindow returns;
        final RollingWindow volHistory;
        final RollingWindow volumes;
        final RollingWindow recentVolumes;
        final RegimeClassifier classifier;
        long lastOpenTimeNs = Long.MIN_VALUE;
        double prevClose = Double.NaN;
        double vol = Double.NaN;
        double volZ = Double.NaN;
        double volumeZ = Double.NaN;
        double volumeRatio = Double.NaN;
        double spreadBps = Double.NaN;

        InstrumentRegime(final Instrument instrument, final RegimeSettings settings, final boolean useGate)
        {
            this.priceExponent = instrument.priceExponent();
            this.adx = new WilderAdx(settings.adxPeriod());
            this.returns = new RollingWindow(settings.volWindow());
            this.volHistory = new RollingWindow(settings.zWindow());
            this.volumes = new RollingWindow(settings.zWindow());
            this.recentVolumes = new RollingWindow(settings.volumeShortWindow());
            this.classifier = new RegimeClassifier(settings, useGate);
        }

        /** A price mantissa as a double, {@code mantissa / 10^-exponent}: the same double a parser reads from text. */
        double price(final long mantissa)
        {
            if (priceExponent <= 0 && -priceExponent < POW10.length)
            {
                return mantissa / POW10[-priceExponent];
            }
            return mantissa * StrictMath.pow(10, priceExponent);
        }

        void reset()
        {
            adx.reset();
            returns.clear();
            volHistory.clear();
            volumes.clear();
            recentVolumes.clear();
            classifier.reset();
            prevClose = Double.NaN;
            vol = Double.NaN;
            volZ = Double.NaN;
            volumeZ = Double.NaN;
            volumeRatio = Double.NaN;
            spreadBps = Double.NaN;
        }
    }
}
