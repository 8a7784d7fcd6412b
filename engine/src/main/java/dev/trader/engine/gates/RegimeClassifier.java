package dev.trader.engine.gates;

import dev.trader.codecs.sbe.Regime;

/**
 * The regime rules of one instrument, applied to one completed bar's inputs at a time: three hysteretic hard-gate
 * flags, a hysteretic TREND/RANGE base, a priority order and a minimum dwell. Pure: no events, no clock; the
 * {@link RegimeGateStage} computes the inputs and emits the changes. No allocation.
 *
 * <h2>Rules (in priority order; each flag uses its enter threshold while off and its exit threshold while on)</h2>
 * <ol>
 *   <li><b>ILLIQUID</b> (seed 004 section 2, "volume &lt; 30% or spread &gt; 50 bps"): on when
 *       {@code spreadBps > illiquidEnterSpreadBps} or {@code volumeRatio < illiquidEnterVolumeRatio}, or when the
 *       spread is unknown and {@code requireSpread} (fail closed); off again only when
 *       {@code spreadBps < illiquidExitSpreadBps} and {@code volumeRatio > illiquidExitVolumeRatio}.</li>
 *   <li><b>PANIC</b> (seed 004 section 2, "volatility &gt; 5%, negative trend, high volume"): on when
 *       {@code vol > panicEnterVol} and {@code volumeZ > panicEnterVolumeZ} and {@code +DI - -DI < 0}; holds while
 *       {@code vol > panicExitVol} and {@code volumeZ > panicExitVolumeZ} and {@code +DI - -DI < panicExitDiSpread}.</li>
 *   <li><b>HAZARD</b> (seed 001 Layer A; thresholds ours): on when {@code volZ > hazardEnterZ} or
 *       {@code vol > hazardEnterVol} (or the hazard gate is open, with {@code hazardFromGate}); holds while
 *       {@code volZ > hazardExitZ} or {@code vol > hazardExitVol} (or the gate is open).</li>
 *   <li><b>TREND / RANGE</b> base (seeds 001, 004 section 2): TREND when {@code adx > trendEnterAdx}, RANGE when
 *       {@code adx < rangeEnterAdx}; in between the base stays what it was (UNKNOWN until ADX first leaves the
 *       band). Both comparisons are always reported.</li>
 * </ol>
 * The candidate regime is the first flag that is on, else the base.
 *
 * <h2>Dwell</h2>
 * A change to a more severe regime (UNKNOWN &lt; TREND = RANGE &lt; HAZARD &lt; PANIC &lt; ILLIQUID) is applied on
 * the bar that asks for it: fail closed at once. A change to an equally or less severe one waits until the current
 * regime has held {@code minDwellBars} bars (the bar that entered it counts as the first). Flags keep following
 * their inputs meanwhile.
 *
 * <h2>Reasons</h2>
 * Every comparison is recorded as {@code (rule.input, value, threshold in force)} in evaluation order. A change
 * reports the comparisons of every rule up to and including the one that decided (a TREND change thus shows why
 * ILLIQUID, PANIC and HAZARD were not chosen), then {@code dwell.bars} (bars the previous regime held, and
 * {@code minDwellBars}): seed 001's "a reason for every decision".
 */
final class RegimeClassifier
{
    static final String ILLIQUID_SPREAD = "illiquid.spreadBps";
    static final String ILLIQUID_VOLUME = "illiquid.volumeRatio";
    static final String PANIC_VOL = "panic.vol";
    static final String PANIC_VOLUME_Z = "panic.volumeZ";
    static final String PANIC_DI_SPREAD = "panic.diSpread";
    static final String HAZARD_VOL_Z = "hazard.volZ";
    static final String HAZARD_VOL = "hazard.vol";
    static final String HAZARD_GATE = "hazard.gateProb";
    static final String TREND_ADX = "trend.adx";
    static final String RANGE_ADX = "range.adx";
    static final String DWELL_BARS = "dwell.bars";
    /** Most reasons one change can carry. */
    static final int MAX_REASONS = 11;

    private final RegimeSettings s;
    private final boolean useGate;
    private final String[] keys = new String[MAX_REASONS];
    private final double[] values = new double[MAX_REASONS];
    private final double[] thresholds = new double[MAX_REASONS];
    private int rows;
    private int reasonCount;

    private boolean illiquid;
    private boolean panic;
    private boolean hazard;
    private Regime base = Regime.UNKNOWN;
    private Regime regime = Regime.UNKNOWN;
    private Regime previous = Regime.UNKNOWN;
    private int barsInRegime;
    private int barsInPrevious;
    private long dwellHolds;

    RegimeClassifier(final RegimeSettings settings, final boolean useGate)
    {
        this.s = settings;
        this.useGate = useGate;
    }

    /** Back to UNKNOWN with every flag off (after a regime break in the data). */
    void reset()
    {
        illiquid = false;
        panic = false;
        hazard = false;
        base = Regime.UNKNOWN;
        regime = Regime.UNKNOWN;
        barsInRegime = 0;
        rows = 0;
        reasonCount = 0;
    }

    /**
     * Applies one bar's inputs.
     *
     * @param spreadBps  NaN when unknown
     * @param gateOpen   the hazard gate's state (read only with {@code hazardFromGate})
     * @param gateProb   the hazard gate's probability (NaN when unknown), for the reason
     * @param gateThreshold the hazard gate's threshold, for the reason
     * @return true when the regime changed on this bar; {@link #previous()}, {@link #regime()} and the reasons
     *     then describe the change
     */
    boolean update(
        final double adx,
        final double plusDi,
        final double minusDi,
        final double vol,
        final double volZ,
        final double volumeZ,
        final double volumeRatio,
        final double spreadBps,
        final boolean gateOpen,
        final double gateProb,
        final double gateThreshold)
    {
        rows = 0;

        // 1. ILLIQUID
        final double spreadThreshold = illiquid ? s.illiquidExitSpreadBps : s.illiquidEnterSpreadBps;
        final double volumeThreshold = illiquid ? s.illiquidExitVolumeRatio : s.illiquidEnterVolumeRatio;
        row(ILLIQUID_SPREAD, spreadBps, spreadThreshold);
        row(ILLIQUID_VOLUME, volumeRatio, volumeThreshold);
        final boolean spreadBad = Double.isNaN(spreadBps) ? s.requireSpread
            : (illiquid ? spreadBps >= spreadThreshold : spreadBps > spreadThreshold);
        final boolean volumeBad = illiquid ? volumeRatio <= volumeThreshold : volumeRatio < volumeThreshold;
        illiquid = spreadBad || volumeBad;
        final int afterIlliquid = rows;

        // 2. PANIC
        final double diSpread = plusDi - minusDi;
        final double panicVol = panic ? s.panicExitVol : s.panicEnterVol;
        final double panicVolumeZ = panic ? s.panicExitVolumeZ : s.panicEnterVolumeZ;
        final double panicDi = panic ? s.panicExitDiSpread : 0.0;
        row(PANIC_VOL, vol, panicVol);
        row(PANIC_VOLUME_Z, volumeZ, panicVolumeZ);
        row(PANIC_DI_SPREAD, diSpread, panicDi);
        panic = vol > panicVol && volumeZ > panicVolumeZ && diSpread < panicDi;
        final int afterPanic = rows;

        // 3. HAZARD
        final double hazardZ = hazard ? s.hazardExitZ : s.hazardEnterZ;
        final double hazardVol = hazard ? s.hazardExitVol : s.hazardEnterVol;
        row(HAZARD_VOL_Z, volZ, hazardZ);
        row(HAZARD_VOL, vol, hazardVol);
        boolean h = volZ > hazardZ || vol > hazardVol;
        if (useGate)
        {
            row(HAZARD_GATE, gateProb, gateThreshold);
            h |= gateOpen;
        }
        hazard = h;
        final int afterHazard = rows;

        // 4. TREND / RANGE base with its hysteresis band: both comparisons are reported, so a base held inside the
        //    band shows the value between its two thresholds
        row(TREND_ADX, adx, s.trendEnterAdx);
        row(RANGE_ADX, adx, s.rangeEnterAdx);
        if (adx > s.trendEnterAdx)
        {
            base = Regime.TREND;
        }
        else if (adx < s.rangeEnterAdx)
        {
            base = Regime.RANGE;
        }
        final int afterBase = rows;

        final Regime candidate;
        final int decided;
        if (illiquid)
        {
            candidate = Regime.ILLIQUID;
            decided = afterIlliquid;
        }
        else if (panic)
        {
            candidate = Regime.PANIC;
            decided = afterPanic;
        }
        else if (hazard)
        {
            candidate = Regime.HAZARD;
            decided = afterHazard;
        }
        else
        {
            candidate = base;
            decided = afterBase;
        }

        final int held = barsInRegime;
        if (candidate != regime && (severity(candidate) > severity(regime) || held >= s.minDwellBars))
        {
            reasonCount = decided;
            keys[reasonCount] = DWELL_BARS;
            values[reasonCount] = held;
            thresholds[reasonCount] = s.minDwellBars;
            reasonCount++;
            previous = regime;
            barsInPrevious = held;
            regime = candidate;
            barsInRegime = 1;
            return true;
        }
        if (candidate != regime)
        {
            dwellHolds++;
        }
        if (barsInRegime < Integer.MAX_VALUE)
        {
            barsInRegime++;
        }
        return false;
    }

    private void row(final String key, final double value, final double threshold)
    {
        keys[rows] = key;
        values[rows] = value;
        thresholds[rows] = threshold;
        rows++;
    }

    /** UNKNOWN -1, TREND and RANGE 0, HAZARD 1, PANIC 2, ILLIQUID 3. */
    static int severity(final Regime r)
    {
        switch (r)
        {
            case TREND:
            case RANGE:
                return 0;
            case HAZARD:
                return 1;
            case PANIC:
                return 2;
            case ILLIQUID:
                return 3;
            default:
                return -1;
        }
    }

    Regime regime()
    {
        return regime;
    }

    Regime previous()
    {
        return previous;
    }

    int barsInPrevious()
    {
        return barsInPrevious;
    }

    /** Bars the current regime has held, the bar that entered it included. */
    int barsInRegime()
    {
        return barsInRegime;
    }

    /** Bars on which a calmer regime was due but the dwell held the current one. */
    long dwellHolds()
    {
        return dwellHolds;
    }

    boolean illiquidFlag()
    {
        return illiquid;
    }

    boolean panicFlag()
    {
        return panic;
    }

    boolean hazardFlag()
    {
        return hazard;
    }

    Regime base()
    {
        return base;
    }

    /** Reasons of the last change. */
    int reasonCount()
    {
        return reasonCount;
    }

    String reasonKey(final int i)
    {
        return keys[i];
    }

    double reasonValue(final int i)
    {
        return values[i];
    }

    double reasonThreshold(final int i)
    {
        return thresholds[i];
    }
}
