package dev.trader.engine.sampling;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.SampledEventDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CUSUM filter on hand-made bar closes fires exactly where the sums, worked out by hand, cross h. */
class CusumSamplerTest
{
    private static final Instrument INSTRUMENT = new Instrument(7, Venue.SYNTHETIC, "BTCUSDT", "0.10", "0.001", -1, -3, -4);
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(INSTRUMENT));
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private static final long T0 = 1_700_000_040L * 1_000_000_000L;
    /** Log returns of bars 1..9 (bar 0 has no previous close). */
    private static final double[] RETURNS = {0.004, 0.004, 0.004, -0.006, -0.003, 0.002, -0.005, 0.0, 0.011};

    record Fired(int bar, Side side, double value, double threshold, long exchangeTsNs)
    {
    }

    /** Closes (mantissas large enough that rounding moves a return by < 1e-9) whose log returns are RETURNS. */
    private static long[] closes()
    {
        final long[] closes = new long[RETURNS.length + 1];
        double cumulative = 0;
        closes[0] = 1_000_000_000L;
        for (int i = 0; i < RETURNS.length; i++)
        {
            cumulative += RETURNS[i];
            closes[i + 1] = Math.round(1_000_000_000.0 * Math.exp(cumulative));
        }
        return closes;
    }

    private static List<Fired> run(final CusumSettings settings, final long[] closes, final long intervalNs)
    {
        final List<Fired> fired = new ArrayList<>();
        final SampledEventDecoder d = new SampledEventDecoder();
        final EventSink out = (buffer, offset, length) ->
        {
            assertEquals(SampledEventDecoder.TEMPLATE_ID, Events.templateId(buffer, offset));
            d.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
            fired.add(new Fired((int)((d.exchangeTsNs() - T0) / MINUTE) - 1, d.side(), d.value(), d.threshold(), d.exchangeTsNs()));
        };
        final Pipeline pipeline = new Pipeline(List.of(new CusumSampler(REGISTRY, settings)), EventSink.NONE, out,
            new EventClock(), 1 << 16, false);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final BarEncoder bar = new BarEncoder();
        for (int i = 0; i < closes.length; i++)
        {
            final long open = T0 + i * MINUTE;
            bar.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .exchangeTsNs(open + MINUTE).receiveTsNs(open + MINUTE + 5).instrumentId(INSTRUMENT.id())
                .intervalNs(intervalNs).openTimeNs(open)
                .open(closes[i]).high(closes[i]).low(closes[i]).close(closes[i])
                .volume(1).quoteVolume(1).tradeCount(1).buyVolume(1).sellVolume(0);
            bar.vwap().mantissa(closes[i]).exponent((byte)-1);
            pipeline.onInput(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength(), 0);
        }
        return fired;
    }

    @Test
    void shouldFireAtTheHandComputedBars()
    {
        // S+: .004 .008 .012>h(fire, 0) | 0 0 .002 0 0 .011>h(fire)
        // S-: 0 0 0 -.006 -.009 -.007 -.012<-h(fire, 0) 0 0
        final List<Fired> fired = run(new CusumSettings(true, Duration.ofMinutes(1), 0.01, 0.0, 0), closes(), MINUTE);

        assertEquals(3, fired.size(), fired.toString());
        assertEquals(3, fired.get(0).bar());
        assertEquals(Side.BUY, fired.get(0).side());
        assertEquals(0.012, fired.get(0).value(), 1e-8);
        assertEquals(0.01, fired.get(0).threshold());
        assertEquals(T0 + 4 * MINUTE, fired.get(0).exchangeTsNs(), "stamped with the bar's close time");
        assertEquals(7, fired.get(1).bar());
        assertEquals(Side.SELL, fired.get(1).side());
        assertEquals(-0.012, fired.get(1).value(), 1e-8);
        assertEquals(9, fired.get(2).bar());
        assertEquals(Side.BUY, fired.get(2).side());
        assertEquals(0.011, fired.get(2).value(), 1e-8);
    }

    @Test
    void shouldNotFireWhenTheDriftAbsorbsTheMoves()
    {
        // drift .003: S+ .001 .002 .003 0 0 0 0 0 .008; S- 0 0 0 -.003 -.003 0 -.002 0 0
        assertEquals(List.of(), run(new CusumSettings(true, Duration.ofMinutes(1), 0.01, 0.003, 0), closes(), MINUTE));
    }

    @Test
    void shouldIgnoreBarsOfOtherIntervals()
    {
        assertEquals(List.of(), run(new CusumSettings(true, Duration.ofMinutes(1), 0.01, 0.0, 0), closes(), 1_000_000_000L));
    }

    @Test
    void shouldScaleTheThresholdByTheVolatilityOfThePreviousReturns()
    {
        final long[] closes = closes();
        final int window = 3;
        final double k = 1.5;
        // reference: h_t = k * sd(r_{t-3..t-1}); sums only move once h is known
        final List<Integer> expected = new ArrayList<>();
        double up = 0;
        double down = 0;
        for (int t = 1; t < closes.length; t++)
        {
            final double r = Math.log((double)closes[t] / closes[t - 1]);
            if (t - 1 < window)
            {
                continue;
            }
            double mean = 0;
            for (int j = t - window; j < t; j++)
            {
                mean += Math.log((double)closes[j] / closes[j - 1]) / window;
            }
            double ss = 0;
            for (int j = t - window; j < t; j++)
            {
                final double dev = Math.log((double)closes[j] / closes[j - 1]) - mean;
                ss += dev * dev;
            }
            final double h = k * Math.sqrt(ss / (window - 1));
            if (!(h > 0))
            {
                continue;
            }
            up = Math.max(0, up + r);
            down = Math.min(0, down + r);
            if (up > h)
            {
                expected.add(t);
                up = 0;
            }
            else if (down < -h)
            {
                expected.add(-t);
                down = 0;
            }
        }
        final List<Integer> actual = new ArrayList<>();
        for (final Fired f : run(new CusumSettings(true, Duration.ofMinutes(1), k, 0.0, window), closes, MINUTE))
        {
            actual.add(f.side() == Side.BUY ? f.bar() : -f.bar());
        }
        assertTrue(!expected.isEmpty(), "the reference fires at least once");
        assertEquals(expected, actual);
    }

    @Test
    void shouldRefuseBadSettings()
    {
        final Duration m = Duration.ofMinutes(1);
        assertThrows(IllegalArgumentException.class, () -> new CusumSettings(true, m, 0.0, 0.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CusumSettings(true, m, 0.01, -0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new CusumSettings(true, m, 0.01, 0.0, 1));
    }
}
