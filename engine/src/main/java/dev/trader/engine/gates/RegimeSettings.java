package dev.trader.engine.gates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * The {@code regime:} config section of {@link RegimeGateStage}. Every key is optional; the defaults are the seeds'
 * numbers where the seeds give one, and are marked as ours where they do not.
 *
 * <pre>
 * regime:
 *   enabled: false              # off unless asked for
 *   barInterval: 1m             # completed bars of this interval drive the gate; must be one of bars.intervals
 *                               # (seed 001 runs Layer A on 30m-4h bars: set 30m, 1h... to follow it)
 *   adxPeriod: 14               # Wilder ADX/DMI period (seed 004 section 2)
 *   trendEnterAdx: 25           # base TREND when ADX > 25                          (seed 004 section 2)
 *   rangeEnterAdx: 20           # base RANGE when ADX < 20                          (seed 004 section 2)
 *                               # 20 <= ADX <= 25 keeps the base regime: the hysteresis band of seed 001
 *   volWindow: 20               # bars of log returns in the realized volatility (ours)
 *   zWindow: 120                # bars of history the volatility and volume z-scores compare with (ours)
 *   volumeShortWindow: 5        # bars averaged in the ILLIQUID volume ratio (ours)
 *   hazardEnterZ: 2.0           # HAZARD when the volatility z-score > 2 ...        (ours: seed 001 names HAZARD only)
 *   hazardExitZ: 1.0            #   ... and leaves when it is < 1
 *   hazardEnterVol: 0.04        # or when daily volatility > 4%: above seed 004's "moderate volatility (1-4%)"
 *   hazardExitVol: 0.035
 *   panicEnterVol: 0.05         # PANIC: volatility > 5%, -DI > +DI, volume z > 2   (seed 004 section 2)
 *   panicExitVol: 0.04
 *   panicEnterVolumeZ: 2.0
 *   panicExitVolumeZ: 1.0
 *   panicExitDiSpread: 5.0      # PANIC holds while +DI - -DI < 5 (it enters only when < 0)
 *   illiquidEnterSpreadBps: 50  # ILLIQUID: spread > 50 bps or volume < 30%         (seed 004 section 2)
 *   illiquidExitSpreadBps: 40
 *   illiquidEnterVolumeRatio: 0.30
 *   illiquidExitVolumeRatio: 0.40
 *   requireSpread: true         # unknown spread (no book, untrusted book) counts as ILLIQUID: fail closed
 *   minDwellBars: 3             # a regime holds at least this many bars before a calmer one replaces it
 *   hazardFromGate: false       # HAZARD also while the hazard gate (hazard: section) is open
 * </pre>
 *
 * "Volatility" is realized volatility: the root mean square of the last {@code volWindow} bar log returns (not
 * demeaned, so a steady crash counts as volatile) scaled to one day ({@code x sqrt(bars per day)}), so seed 004's
 * percentages read as daily volatility whatever the bar interval.
 * "Volume < 30%" is the mean volume of the last {@code volumeShortWindow} bars over the mean of the
 * {@code zWindow} bars before the current one.
 *
 * <p>Each exit threshold must be on the calm side of its enter threshold (that is what makes the hysteresis);
 * {@link #validate()} refuses settings where it is not.
 */
public final class RegimeSettings
{
    public static final String SECTION = "regime";

    boolean enabled;
    Duration barInterval = Duration.ofMinutes(1);
    int adxPeriod = 14;
    double trendEnterAdx = 25.0;
    double rangeEnterAdx = 20.0;
    int volWindow = 20;
    int zWindow = 120;
    int volumeShortWindow = 5;
    double hazardEnterZ = 2.0;
    double hazardExitZ = 1.0;
    double hazardEnterVol = 0.04;
    double hazardExitVol = 0.035;
    double panicEnterVol = 0.05;
    double panicExitVol = 0.04;
    double panicEnterVolumeZ = 2.0;
    double panicExitVolumeZ = 1.0;
    double panicExitDiSpread = 5.0;
    double illiquidEnterSpreadBps = 50.0;
    double illiquidExitSpreadBps = 40.0;
    double illiquidEnterVolumeRatio = 0.30;
    double illiquidExitVolumeRatio = 0.40;
    boolean requireSpread = true;
    int minDwellBars = 3;
    boolean hazardFromGate;

    /** The defaults, enabled. */
    public static RegimeSettings defaults()
    {
        final RegimeSettings s = new RegimeSettings();
        s.enabled = true;
        return s;
    }

    public static RegimeSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "enabled", "barInterval", "adxPeriod", "trendEnterAdx", "rangeEnterAdx", "volWindow", "zWindow",
            "volumeShortWindow", "hazardEnterZ", "hazardExitZ", "hazardEnterVol", "hazardExitVol", "panicEnterVol", "panicExitVol",
            "panicEnterVolumeZ", "panicExitVolumeZ", "panicExitDiSpread", "illiquidEnterSpreadBps", "illiquidExitSpreadBps",
            "illiquidEnterVolumeRatio", "illiquidExitVolumeRatio", "requireSpread", "minDwellBars", "hazardFromGate");
        final RegimeSettings s = new RegimeSettings();
        s.enabled = config.boolOr(n, w, "enabled", false);
        s.barInterval = config.durationOr(n, w, "barInterval", s.barInterval);
        s.adxPeriod = config.intOr(n, w, "adxPeriod", s.adxPeriod);
        s.trendEnterAdx = config.doubleOr(n, w, "trendEnterAdx", s.trendEnterAdx);
        s.rangeEnterAdx = config.doubleOr(n, w, "rangeEnterAdx", s.rangeEnterAdx);
        s.volWindow = config.intOr(n, w, "volWindow", s.volWindow);
        s.zWindow = config.intOr(n, w, "zWindow", s.zWindow);
        s.volumeShortWindow = config.intOr(n, w, "volumeShortWindow", s.volumeShortWindow);
        s.hazardEnterZ = config.doubleOr(n, w, "hazardEnterZ", s.hazardEnterZ);
        s.hazardExitZ = config.doubleOr(n, w, "hazardExitZ", s.hazardExitZ);
        s.hazardEnterVol = config.doubleOr(n, w, "hazardEnterVol", s.hazardEnterVol);
        s.hazardExitVol = config.doubleOr(n, w, "hazardExitVol", s.hazardExitVol);
        s.panicEnterVol = config.doubleOr(n, w, "panicEnterVol", s.panicEnterVol);
        s.panicExitVol = config.doubleOr(n, w, "panicExitVol", s.panicExitVol);
        s.panicEnterVolumeZ = config.doubleOr(n, w, "panicEnterVolumeZ", s.panicEnterVolumeZ);
        s.panicExitVolumeZ = config.doubleOr(n, w, "panicExitVolumeZ", s.panicExitVolumeZ);
        s.panicExitDiSpread = config.doubleOr(n, w, "panicExitDiSpread", s.panicExitDiSpread);
        s.illiquidEnterSpreadBps = config.doubleOr(n, w, "illiquidEnterSpreadBps", s.illiquidEnterSpreadBps);
        s.illiquidExitSpreadBps = config.doubleOr(n, w, "illiquidExitSpreadBps", s.illiquidExitSpreadBps);
        s.illiquidEnterVolumeRatio = config.doubleOr(n, w, "illiquidEnterVolumeRatio", s.illiquidEnterVolumeRatio);
        s.illiquidExitVolumeRatio = config.doubleOr(n, w, "illiquidExitVolumeRatio", s.illiquidExitVolumeRatio);
        s.requireSpread = config.boolOr(n, w, "requireSpread", s.requireSpread);
        s.minDwellBars = config.intOr(n, w, "minDwellBars", s.minDwellBars);
        s.hazardFromGate = config.boolOr(n, w, "hazardFromGate", s.hazardFromGate);
        try
        {
            s.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        return s;
    }

    /** @throws IllegalArgumentException naming the first key that is out of range or on the wrong side of its pair */
    public RegimeSettings validate()
    {
        require(!barInterval.isNegative() && !barInterval.isZero(), "barInterval must be positive");
        require(Duration.ofDays(1).toNanos() % barInterval.toNanos() == 0, "barInterval must divide a day");
        require(adxPeriod >= 2 && adxPeriod <= 1000, "adxPeriod must be in [2, 1000], got " + adxPeriod);
        require(volWindow >= 2 && volWindow <= 100_000, "volWindow must be in [2, 100000], got " + volWindow);
        require(zWindow >= 2 && zWindow <= 100_000, "zWindow must be in [2, 100000], got " + zWindow);
        require(volumeShortWindow >= 1 && volumeShortWindow <= zWindow,
            "volumeShortWindow must be in [1, zWindow], got " + volumeShortWindow);
        require(trendEnterAdx > rangeEnterAdx, "trendEnterAdx (" + trendEnterAdx + ") must be above rangeEnterAdx ("
            + rangeEnterAdx + "): the band between them is the hysteresis");
        require(hazardExitZ <= hazardEnterZ, "hazardExitZ must not be above hazardEnterZ");
        require(hazardExitVol <= hazardEnterVol, "hazardExitVol must not be above hazardEnterVol");
        require(panicExitVol <= panicEnterVol, "panicExitVol must not be above panicEnterVol");
        require(panicExitVolumeZ <= panicEnterVolumeZ, "panicExitVolumeZ must not be above panicEnterVolumeZ");
        require(panicExitDiSpread >= 0, "panicExitDiSpread must not be negative (PANIC enters at +DI - -DI < 0)");
        require(illiquidEnterSpreadBps > 0, "illiquidEnterSpreadBps must be positive");
        require(illiquidExitSpreadBps <= illiquidEnterSpreadBps, "illiquidExitSpreadBps must not be above illiquidEnterSpreadBps");
        require(illiquidEnterVolumeRatio >= 0, "illiquidEnterVolumeRatio must not be negative");
        require(illiquidExitVolumeRatio >= illiquidEnterVolumeRatio,
            "illiquidExitVolumeRatio must not be below illiquidEnterVolumeRatio");
        require(minDwellBars >= 1 && minDwellBars <= 100_000, "minDwellBars must be in [1, 100000], got " + minDwellBars);
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(SECTION + "." + message);
        }
    }

    /**
     * Bars before the first classification: ADX needs {@code 2 * adxPeriod}; the volatility z-score needs
     * {@code volWindow + 1} bars for its first value and {@code zWindow} earlier values; the volume statistics
     * {@code zWindow + 1} bars.
     */
    public int warmUpBars()
    {
        return Math.max(2 * adxPeriod, Math.max(volWindow + 1 + zWindow, zWindow + 1));
    }

    // ---------------------------------------------------------------------------------------------------------
    // fluent setters (tests and programmatic runs); values are checked by validate()

    public RegimeSettings enabled(final boolean v)
    {
        enabled = v;
        return this;
    }

    public RegimeSettings barInterval(final Duration v)
    {
        barInterval = v;
        return this;
    }

    public RegimeSettings adxPeriod(final int v)
    {
        adxPeriod = v;
        return this;
    }

    public RegimeSettings trendEnterAdx(final double v)
    {
        trendEnterAdx = v;
        return this;
    }

    public RegimeSettings rangeEnterAdx(final double v)
    {
        rangeEnterAdx = v;
        return this;
    }

    public RegimeSettings volWindow(final int v)
    {
        volWindow = v;
        return this;
    }

    public RegimeSettings zWindow(final int v)
    {
        zWindow = v;
        return this;
    }

    public RegimeSettings volumeShortWindow(final int v)
    {
        volumeShortWindow = v;
        return this;
    }

    public RegimeSettings hazardZ(final double enter, final double exit)
    {
        hazardEnterZ = enter;
        hazardExitZ = exit;
        return this;
    }

    public RegimeSettings hazardVol(final double enter, final double exit)
    {
        hazardEnterVol = enter;
        hazardExitVol = exit;
        return this;
    }

    public RegimeSettings panicVol(final double enter, final double exit)
    {
        panicEnterVol = enter;
        panicExitVol = exit;
        return this;
    }

    public RegimeSettings panicVolumeZ(final double enter, final double exit)
    {
        panicEnterVolumeZ = enter;
        panicExitVolumeZ = exit;
        return this;
    }

    public RegimeSettings panicExitDiSpread(final double v)
    {
        panicExitDiSpread = v;
        return this;
    }

    public RegimeSettings illiquidSpreadBps(final double enter, final double exit)
    {
        illiquidEnterSpreadBps = enter;
        illiquidExitSpreadBps = exit;
        return this;
    }

    public RegimeSettings illiquidVolumeRatio(final double enter, final double exit)
    {
        illiquidEnterVolumeRatio = enter;
        illiquidExitVolumeRatio = exit;
        return this;
    }

    public RegimeSettings requireSpread(final boolean v)
    {
        requireSpread = v;
        return this;
    }

    public RegimeSettings minDwellBars(final int v)
    {
        minDwellBars = v;
        return this;
    }

    public RegimeSettings hazardFromGate(final boolean v)
    {
        hazardFromGate = v;
        return this;
    }

    // ---------------------------------------------------------------------------------------------------------
    // getters

    public boolean enabled()
    {
        return enabled;
    }

    public Duration barInterval()
    {
        return barInterval;
    }

    public int adxPeriod()
    {
        return adxPeriod;
    }

    public double trendEnterAdx()
    {
        return trendEnterAdx;
    }

    public double rangeEnterAdx()
    {
        return rangeEnterAdx;
    }

    public int volWindow()
    {
        return volWindow;
    }

    public int zWindow()
    {
        return zWindow;
    }

    public int volumeShortWindow()
    {
        return volumeShortWindow;
    }

    public double hazardEnterZ()
    {
        return hazardEnterZ;
    }

    public double hazardExitZ()
    {
        return hazardExitZ;
    }

    public double hazardEnterVol()
    {
        return hazardEnterVol;
    }

    public double hazardExitVol()
    {
        return hazardExitVol;
    }

    public double panicEnterVol()
    {
        return panicEnterVol;
    }

    public double panicExitVol()
    {
        return panicExitVol;
    }

    public double panicEnterVolumeZ()
    {
        return panicEnterVolumeZ;
    }

    public double panicExitVolumeZ()
    {
        return panicExitVolumeZ;
    }

    public double panicExitDiSpread()
    {
        return panicExitDiSpread;
    }

    public double illiquidEnterSpreadBps()
    {
        return illiquidEnterSpreadBps;
    }

    public double illiquidExitSpreadBps()
    {
        return illiquidExitSpreadBps;
    }

    public double illiquidEnterVolumeRatio()
    {
        return illiquidEnterVolumeRatio;
    }

    public double illiquidExitVolumeRatio()
    {
        return illiquidExitVolumeRatio;
    }

    /**
     * True (default): a spread that is not known (no book stage, book SYNCING or UNTRUSTED, a side empty) counts as
     * ILLIQUID, reason {@code illiquid.spreadBps = NaN}: the gate fails closed. False: the spread rule is skipped
     * while the spread is unknown (runs without a book, e.g. kline backtests), and the reason still shows NaN.
     */
    public boolean requireSpread()
    {
        return requireSpread;
    }

    public int minDwellBars()
    {
        return minDwellBars;
    }

    public boolean hazardFromGate()
    {
        return hazardFromGate;
    }
}
