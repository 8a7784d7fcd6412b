package dev.trader.engine.stages;

import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-gap report of one run's 1 m stream (seed 000 section 4.A, seed 001 "evidence guardrails":
 * {@code data_gap_report.json}): per instrument the counts, and every gap with its first and last missing minute.
 * Built by {@link BarStage#gapReport()} off the hot path; {@code ReplayRunner} writes {@link #toMap} as
 * {@code gaps.json} into the run directory.
 *
 * @param rule          the repair rule in words
 * @param instruments   per-instrument counts, ordered by instrument id
 * @param gaps          every gap recorded, in the order found (at most {@link BarStage#GAP_LOG_CAPACITY})
 * @param gapsNotListed gaps counted but not listed because the log was full
 */
public record GapReport(String rule, List<InstrumentGaps> instruments, List<Gap> gaps, long gapsNotListed)
{
    /**
     * One run of missing 1 m bars.
     *
     * @param startNs    open time of the first missing bar
     * @param endNs      open time of the last missing bar (inclusive, as the seed's {@code grp.index[-1]})
     * @param lengthBars how many 1 m bars were missing
     * @param filled     true when forward-filled (at most {@link BarStage#MAX_FILLED_GAP_BARS} bars)
     */
    public record Gap(int instrumentId, long startNs, long endNs, long lengthBars, boolean filled)
    {
    }

    /**
     * The 1 m stream of one instrument.
     *
     * @param realBars            1 m bars emitted from data
     * @param repairedBars        synthetic 1 m bars emitted to fill small gaps (flag {@code repairedSmallGap})
     * @param duplicates          1 m bars dropped because their minute was already emitted (keep first)
     * @param outOfOrder          1 m bars dropped because they were older than the last emitted one
     * @param filledGaps          gaps of at most 2 bars, forward-filled
     * @param unfilledGaps        gaps of more than 2 bars, left open
     * @param missingBarsUnfilled minutes inside unfilled gaps
     * @param regimeBreakBars     real bars flagged {@code regimeBreak}
     * @param firstOpenTimeNs     open time of the first 1 m bar emitted, {@code Long.MIN_VALUE} if none
     * @param lastOpenTimeNs      open time of the last 1 m bar emitted, {@code Long.MIN_VALUE} if none
     */
    public record InstrumentGaps(
        int instrumentId,
        long realBars,
        long repairedBars,
        long duplicates,
        long outOfOrder,
        long filledGaps,
        long unfilledGaps,
        long missingBarsUnfilled,
        long regimeBreakBars,
        long firstOpenTimeNs,
        long lastOpenTimeNs)
    {
    }

    /** Totals over every instrument, in a stable order. */
    public Map<String, Long> totals()
    {
        long real = 0;
        long repaired = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long filled = 0;
        long unfilled = 0;
        long missing = 0;
        long regime = 0;
        for (final InstrumentGaps g : instruments)
        {
            real += g.realBars();
            repaired += g.repairedBars();
            duplicates += g.duplicates();
            outOfOrder += g.outOfOrder();
            filled += g.filledGaps();
            unfilled += g.unfilledGaps();
            missing += g.missingBarsUnfilled();
            regime += g.regimeBreakBars();
        }
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("realBars", real);
        m.put("repairedBars", repaired);
        m.put("duplicates", duplicates);
        m.put("outOfOrder", outOfOrder);
        m.put("gaps", filled + unfilled);
        m.put("filledGaps", filled);
        m.put("unfilledGaps", unfilled);
        m.put("missingBarsUnfilled", missing);
        m.put("regimeBreakBars", regime);
        m.put("gapsNotListed", gapsNotListed);
        return m;
    }

    /** A JSON-ready tree (maps, lists, numbers, strings) with ISO-8601 UTC times beside the nanosecond ones. */
    public Map<String, Object> toMap(final InstrumentRegistry registry)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("interval", "1m");
        m.put("totals", totals());
        final List<Object> perInstrument = new ArrayList<>();
        for (final InstrumentGaps g : instruments)
        {
            final Map<String, Object> i = new LinkedHashMap<>();
            i.put("instrumentId", g.instrumentId());
            i.put("instrument", key(registry, g.instrumentId()));
            i.put("realBars", g.realBars());
            i.put("repairedBars", g.repairedBars());
            i.put("duplicates", g.duplicates());
            i.put("outOfOrder", g.outOfOrder());
            i.put("dupeFlag", g.duplicates() > 0 ? 1 : 0);
            i.put("outOfOrderFlag", g.outOfOrder() > 0 ? 1 : 0);
            i.put("gaps", g.filledGaps() + g.unfilledGaps());
            i.put("filledGaps", g.filledGaps());
            i.put("unfilledGaps", g.unfilledGaps());
            i.put("missingBarsUnfilled", g.missingBarsUnfilled());
            i.put("regimeBreakBars", g.regimeBreakBars());
            i.put("first", iso(g.firstOpenTimeNs()));
            i.put("last", iso(g.lastOpenTimeNs()));
            perInstrument.add(i);
        }
        m.put("instruments", perInstrument);
        final List<Object> list = new ArrayList<>();
        for (final Gap g : gaps)
        {
            final Map<String, Object> e = new LinkedHashMap<>();
            e.put("instrumentId", g.instrumentId());
            e.put("instrument", key(registry, g.instrumentId()));
            e.put("start", iso(g.startNs()));
            e.put("end", iso(g.endNs()));
            e.put("startNs", g.startNs());
            e.put("endNs", g.endNs());
            e.put("lengthBars", g.lengthBars());
            e.put("filled", g.filled());
            list.add(e);
        }
        m.put("gaps", list);
        m.put("gapsNotListed", gapsNotListed);
        return m;
    }

    private static String key(final InstrumentRegistry registry, final int id)
    {
        final Instrument instrument = registry == null ? null : registry.byId(id);
        return instrument == null ? Integer.toString(id) : instrument.key();
    }

    private static String iso(final long ns)
    {
        if (ns == Long.MIN_VALUE)
        {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
    }
}
