package dev.trader.engine.stages;

import dev.trader.codecs.sbe.Side;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Venue;
import dev.trader.engine.testing.CollectingSink;
import dev.trader.engine.testing.DecodedBar;
import dev.trader.engine.testing.TestEvents;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 1 s bar built from random trades equals a straightforward reference computed with BigDecimal. */
class BarStagePropertiesTest
{
    private static final int ID = 7;
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_700_000_040_000L * MS;
    private static final Instrument INSTRUMENT = new Instrument(ID, Venue.SYNTHETIC, "PROPUSDT", "0.1", "0.001", -1, -3, -4);

    @Property(tries = 300, seed = "20240808")
    void shouldMatchReferenceBarForAnyTradesInOneSecond(@ForAll("trades") @Size(min = 1, max = 40) final List<T> trades)
    {
        final List<T> sorted = new ArrayList<>(trades);
        sorted.sort(Comparator.comparingLong(T::offsetMs));
        final BarStage stage = new BarStage(new InstrumentRegistry(List.of(INSTRUMENT)), List.of(Duration.ofSeconds(1)), BarStage.Source.TRADES);
        final CollectingSink out = new CollectingSink();
        final Pipeline pipeline = new Pipeline(List.of(stage), EventSink.NONE, out, new EventClock(), 64 * 1024, false);
        final UnsafeBuffer buffer = TestEvents.newBuffer();
        long tradeId = 1;
        for (final T t : sorted)
        {
            final long ts = T0 + t.offsetMs() * MS;
            final int length = TestEvents.trade(buffer, 0, ts, ts, ID, tradeId++, t.price(), t.qty(), t.side());
            pipeline.onInput(buffer, 0, length, System.nanoTime());
        }
        final int length = TestEvents.trade(buffer, 0, T0 + 1_000 * MS, T0 + 1_001 * MS, ID, tradeId, 1, 1, Side.NONE);
        pipeline.onInput(buffer, 0, length, System.nanoTime());

        assertEquals(List.of(reference(sorted)), out.bars());
    }

    private static DecodedBar reference(final List<T> trades)
    {
        long high = Long.MIN_VALUE;
        long low = Long.MAX_VALUE;
        long volume = 0;
        long buy = 0;
        long sell = 0;
        BigDecimal quote = BigDecimal.ZERO;
        for (final T t : trades)
        {
            high = Math.max(high, t.price());
            low = Math.min(low, t.price());
            volume += t.qty();
            buy += t.side() == Side.BUY ? t.qty() : 0;
            sell += t.side() == Side.SELL ? t.qty() : 0;
            // price * 10^-1 * qty * 10^-3 = quote * 10^-4: the mantissa product is already at the quote exponent
            quote = quote.add(BigDecimal.valueOf(t.price()).multiply(BigDecimal.valueOf(t.qty())));
        }
        // vwap at exponent -5: quote * 10^-4 / (volume * 10^-3) / 10^-5 = quote / volume * 10^4
        final long vwap = quote.movePointRight(4).divide(BigDecimal.valueOf(volume), 0, RoundingMode.HALF_UP).longValueExact();
        return new DecodedBar(
            T0 + 1_000 * MS, T0 + 1_001 * MS, ID, 1_000 * MS, T0,
            trades.get(0).price(), high, low, trades.get(trades.size() - 1).price(),
            volume, quote.longValueExact(), trades.size(), buy, sell,
            vwap, -5, false, false, false);
    }

    @Provide
    Arbitrary<List<T>> trades()
    {
        final Arbitrary<T> one = Combinators.combine(
            Arbitraries.longs().between(0, 999),
            Arbitraries.longs().between(1, 10_000_000),
            Arbitraries.longs().between(1, 1_000_000),
            Arbitraries.of(Side.BUY, Side.SELL, Side.NONE))
            .as(T::new);
        return one.list();
    }

    /** One generated trade: millisecond within the second, price and qty mantissas, aggressor. */
    record T(long offsetMs, long price, long qty, Side side)
    {
    }
}
