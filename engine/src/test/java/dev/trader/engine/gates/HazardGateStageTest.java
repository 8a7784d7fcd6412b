package dev.trader.engine.gates;

import dev.trader.codecs.sbe.GateState;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.trader.engine.gates.GateEvents.MINUTE;
import static dev.trader.engine.gates.GateEvents.SECOND;
import static dev.trader.engine.gates.GateEvents.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HazardGateStage} with CSV probabilities: seed 002's same-minute join (no forward fill), the threshold rule
 * {@code prob > threshold}, one GateChange per change, and no look-ahead.
 */
class HazardGateStageTest
{
    private static final int ID = 1;
    private static final int OTHER = 2;
    private static final long FIVE_S = 5 * SECOND;
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(ID, Venue.SYNTHETIC, "AAAUSDT", "0.01", "0.001", -2, -3, -5),
        new Instrument(OTHER, Venue.SYNTHETIC, "BBBUSDT", "0.01", "0.001", -2, -3, -5)));

    private final GateEvents events = new GateEvents();

    private static CsvHazardSource csv(final String text)
    {
        try
        {
            return CsvHazardSource.parse(new StringReader(text), "test.csv", "timestamp", "prob");
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** {@code timestamp,prob} rows at minute offsets from T0 (epoch ms); NaN writes an empty cell. */
    private static CsvHazardSource minutes(final double... probByMinute)
    {
        final StringBuilder sb = new StringBuilder("timestamp,prob\n");
        for (int m = 0; m < probByMinute.length; m++)
        {
            if (probByMinute[m] < 0)
            {
                continue; // no row at all for this minute
            }
            sb.append((T0 + m * MINUTE) / 1_000_000L).append(',');
            if (!Double.isNaN(probByMinute[m]))
            {
                sb.append(probByMinute[m]);
            }
            sb.append('\n');
        }
        return csv(sb.toString());
    }

    private HazardGateStage stage(final HazardSource source, final double threshold, final Duration interval)
    {
        return new HazardGateStage(REGISTRY, HazardSettings.defaults().threshold(threshold).barInterval(interval), source);
    }

    private void minuteBar(final HazardGateStage stage, final int minute)
    {
        events.bar(stage, ID, MINUTE, T0 + minute * MINUTE, 100, 101, 99, 100, 1, false);
    }

    @Test
    void shouldJoinEachBarToItsOwnMinuteAndCloseAMinuteWithoutAProbability()
    {
        // minute:                         0    1    2 (no row)  3    4 (empty cell)  5 (beyond the file)
        final HazardGateStage stage = stage(minutes(0.2, 0.7, -1, 0.9, Double.NaN), 0.5, Duration.ofMinutes(1));
        final List<GateState> states = new ArrayList<>();
        for (int m = 0; m <= 5; m++)
        {
            minuteBar(stage, m);
            states.add(stage.state(ID));
        }

        assertEquals(List.of(GateState.CLOSED, GateState.OPEN, GateState.UNKNOWN, GateState.OPEN, GateState.UNKNOWN,
            GateState.UNKNOWN), states);
        final List<GateEvents.Gate> gates = events.gates();
        assertEquals(5, gates.size(), "a change on minutes 0, 1, 2, 3, 4; minute 5 stays UNKNOWN: " + gates);
        final GateEvents.Gate missing = gates.get(2);
        assertEquals(GateState.UNKNOWN, missing.state());
        assertFalse(missing.open(), "unknown is closed: fail closed");
        assertTrue(Double.isNaN(missing.probability()), "not forward-filled from minute 1's 0.7");
        assertEquals(T0 + 2 * MINUTE, missing.minuteNs());
        assertEquals(T0 + 3 * MINUTE, missing.exchangeTsNs(), "stamped with the bar's close");
        assertEquals(0.5, missing.threshold());
        assertEquals("hazard", missing.gate());
        assertEquals(new GateEvents.Gate(T0 + 2 * MINUTE, T0 + 2 * MINUTE + 1_000_000L, ID, "hazard", GateState.OPEN, true,
            0.7, 0.5, T0 + MINUTE), gates.get(1));
        assertFalse(stage.isOpen(ID));
        assertTrue(Double.isNaN(stage.probability(ID)));
        assertEquals(3, stage.counters().get("barsWithoutProbability"));
    }

    @Test
    void shouldEmitExactlyOneGateChangePerThresholdCrossing()
    {
        final HazardGateStage stage = stage(minutes(0.1, 0.3, 0.5, 0.51, 0.8, 0.9, 0.6, 0.5, 0.2, 0.4, 0.55), 0.5,
            Duration.ofMinutes(1));
        final List<Boolean> open = new ArrayList<>();
        for (int m = 0; m <= 10; m++)
        {
            minuteBar(stage, m);
            open.add(stage.isOpen(ID));
        }
        // 0.5 is not > 0.5: the gate opens on 0.51 (minute 3), closes on 0.5 (minute 7), opens on 0.55 (minute 10)
        assertEquals(List.of(false, false, false, true, true, true, true, false, false, false, true), open);
        final List<GateEvents.Gate> gates = events.gates();
        assertEquals(4, gates.size(), gates.toString());
        assertEquals(List.of(GateState.CLOSED, GateState.OPEN, GateState.CLOSED, GateState.OPEN),
            gates.stream().map(GateEvents.Gate::state).toList());
        assertEquals(List.of(T0, T0 + 3 * MINUTE, T0 + 7 * MINUTE, T0 + 10 * MINUTE),
            gates.stream().map(GateEvents.Gate::minuteNs).toList());
        assertEquals(List.of(0.1, 0.51, 0.5, 0.55), gates.stream().map(GateEvents.Gate::probability).toList());
        assertEquals(2, stage.counters().get("opened"));
        assertEquals(2, stage.counters().get("closed"));
    }

    @Test
    void shouldJoinFiveSecondBarsToTheMinuteTheyLieIn()
    {
        // seed 002 joins 5 s bars: minute_time_ms = (bar_time_ms // 60000) * 60000; the row's own time is bucketed too
        final CsvHazardSource source = csv("timestamp,prob\n"
            + (T0 + 30 * SECOND) / 1_000_000L + ",0.9\n"             // 00:00:30 -> minute 00:00
            + (T0 + 2 * MINUTE) / 1_000_000L + ",0.8\n");            // minute 00:02; minute 00:01 has none
        final HazardGateStage stage = stage(source, 0.5, Duration.ofSeconds(5));
        final List<GateState> states = new ArrayList<>();
        for (long t = T0; t < T0 + 3 * MINUTE; t += FIVE_S)
        {
            events.bar(stage, ID, FIVE_S, t, 100, 101, 99, 100, 1, false);
            states.add(stage.state(ID));
        }
        for (int i = 0; i < 36; i++)
        {
            final GateState expected = i < 12 ? GateState.OPEN : i < 24 ? GateState.UNKNOWN : GateState.OPEN;
            assertEquals(expected, states.get(i), "5 s bar " + i);
        }
        assertEquals(List.of(T0, T0 + MINUTE, T0 + 2 * MINUTE), events.gates().stream().map(GateEvents.Gate::minuteNs).toList());

        // 1 m bars are ignored by a 5 s gate
        events.clear();
        minuteBar(stage, 5);
        assertEquals(0, events.count());
    }

    @Test
    void shouldGateOnlyTheInstrumentTheFileIsFor()
    {
        final HazardGateStage stage = new HazardGateStage(REGISTRY,
            HazardSettings.defaults().instrument("synthetic:AAAUSDT"), minutes(0.9));
        events.bar(stage, OTHER, MINUTE, T0, 100, 101, 99, 100, 1, false);
        events.bar(stage, 99, MINUTE, T0, 100, 101, 99, 100, 1, false);
        assertEquals(0, events.count());
        assertEquals(GateState.UNKNOWN, stage.state(OTHER));
        minuteBar(stage, 0);
        assertTrue(stage.isOpen(ID));
        assertEquals(2, stage.counters().get("otherInstrument"));
        assertEquals(0, stage.counters().get("unknownInstrument"));
    }

    @Test
    void shouldRefuseProbabilitiesOutsideZeroToOneFromASourceAsUnknown()
    {
        final double[] p = {0.9};
        final HazardGateStage stage = stage(new HazardSource()
        {
            @Override
            public double probability(final int instrumentId, final long minuteNs)
            {
                return p[0];
            }

            @Override
            public String describe()
            {
                return "fixed";
            }
        }, 0.5, Duration.ofMinutes(1));
        minuteBar(stage, 0);
        assertTrue(stage.isOpen(ID));
        p[0] = 1.5;
        minuteBar(stage, 1);
        assertEquals(GateState.UNKNOWN, stage.state(ID));
        assertEquals(1, stage.counters().get("badProbabilities"));
    }

    @Test
    void shouldNotLetRowsOrBarsAfterTChangeAnyGateStateAtOrBeforeT()
    {
        final int t = 6;
        final double[] base = {0.1, 0.7, 0.2, 0.8, 0.9, 0.3, 0.6, 0.7, 0.2, 0.1, 0.9};
        final double[] perturbed = base.clone();
        for (int m = t + 1; m < perturbed.length; m++)
        {
            perturbed[m] = 1.0 - perturbed[m];
        }
        final List<GateState> a = run(minutes(base), base.length, false);
        final List<GateEvents.Gate> aEvents = events.gates();
        events.clear();
        final List<GateState> b = run(minutes(perturbed), base.length, true);
        final List<GateEvents.Gate> bEvents = events.gates();

        assertEquals(a.subList(0, t + 1), b.subList(0, t + 1));
        final long cutoff = T0 + (t + 1) * MINUTE;
        assertEquals(aEvents.stream().filter(g -> g.exchangeTsNs() <= cutoff).toList(),
            bEvents.stream().filter(g -> g.exchangeTsNs() <= cutoff).toList());
        assertFalse(a.equals(b), "the perturbation does change what follows t");
    }

    private List<GateState> run(final CsvHazardSource source, final int minutes, final boolean oddBarsAfterT)
    {
        final HazardGateStage stage = stage(source, 0.5, Duration.ofMinutes(1));
        final List<GateState> states = new ArrayList<>();
        for (int m = 0; m < minutes; m++)
        {
            final long price = oddBarsAfterT && m > 6 ? 50 : 100;
            events.bar(stage, ID, MINUTE, T0 + m * MINUTE, price, price + 1, price - 1, price, 1, false);
            states.add(stage.state(ID));
        }
        return states;
    }

    @Test
    void shouldRefuseBadSettings()
    {
        assertThrows(IllegalArgumentException.class, () -> HazardSettings.defaults().threshold(1.0).validate());
        assertThrows(IllegalArgumentException.class, () -> HazardSettings.defaults().threshold(-0.1).validate());
        final IllegalArgumentException interval = assertThrows(IllegalArgumentException.class,
            () -> stage(minutes(0.5), 0.5, Duration.ofMinutes(5)));
        assertTrue(interval.getMessage().contains("divide one minute"), interval.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HazardSettings.defaults().name("a name that is far too long!!").validate());
    }
}
