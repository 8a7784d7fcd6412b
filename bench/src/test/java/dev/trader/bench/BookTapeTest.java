package dev.trader.bench;

import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.features.micro.MicrostructureSettings;
import dev.trader.engine.features.micro.MicrostructureStage;
import dev.trader.engine.stages.BarStage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's tape cycles without breaking the book, and every microstructure feature warms up on it. */
class BookTapeTest
{
    @Test
    void shouldKeepTheBookTrustedAcrossCyclesAndWarmEveryFeatureUp()
    {
        final InstrumentRegistry registry = new InstrumentRegistry(List.of(BookTape.INSTRUMENT));
        final OrderBookStage book = new OrderBookStage(registry, 1000, 1000);
        final MicrostructureStage micro = new MicrostructureStage(registry, book, MicrostructureSettings.defaults());
        final Pipeline pipeline = new Pipeline(List.of(book,
            new BarStage(registry, List.of(Duration.ofSeconds(1), Duration.ofMinutes(1)), BarStage.Source.TRADES), micro),
            EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 20, false);
        final BookTape tape = BookTape.generate(1 << 14, 42);
        int cursor = 0;
        // 1 << 14 events of 20 ms: ~5.5 min per cycle; 24 cycles = 2.2 h, past the 30 m Kyle and 60-bar rank warm-ups
        for (int n = 0; n < 24 * tape.size(); n++)
        {
            pipeline.onInput(tape.buffer(), tape.offset(cursor), tape.length(cursor), 0);
            tape.advance(cursor);
            cursor = tape.next(cursor);
        }

        assertTrue(book.book(BookTape.INSTRUMENT.id()).isTrusted());
        assertEquals(0L, book.counters().get("gaps"));
        assertEquals(0L, book.counters().get("crossed"));
        assertEquals(1L, micro.counters().get("unusableObservations"), "only the snapshot before its bridge");
        assertTrue(micro.ready(BookTape.INSTRUMENT.id()), micro.counters().toString());
        assertTrue(micro.counters().get("vectorsReady") > 30, micro.counters().toString());
    }
}
