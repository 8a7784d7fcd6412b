package dev.trader.adapters.binance;

import dev.trader.adapters.binance.ParserCorpus.Message;
import dev.trader.engine.Emitter;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The success path allocates nothing: after a warm-up (the tokenizer and level arrays grow to the largest message),
 * parsing every kind of message again does not allocate a byte on this thread. Measured with the JVM's per-thread
 * allocation counter, not with timings.
 */
class BinanceParserAllocationTest
{
    @Test
    void shouldNotAllocateWhenParsingValidMessages()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final InstrumentRegistry registry = RealPayloads.repositoryInstruments();
        final BinanceParser usdm = new BinanceParser(Venue.BINANCE_USDM, registry);
        final BinanceParser spot = new BinanceParser(Venue.BINANCE_SPOT, registry);
        final CountingEmitter emitter = new CountingEmitter(4 << 20);
        final List<Message> valid = new ArrayList<>();
        final List<UnsafeBuffer> payloads = new ArrayList<>();
        for (final Message m : ParserCorpus.messages(registry))
        {
            final BinanceParser parser = m.venue() == Venue.BINANCE_USDM ? usdm : spot;
            final UnsafeBuffer payload = new UnsafeBuffer(m.json().getBytes(StandardCharsets.UTF_8));
            final long rejected = parser.rejected();
            emitter.reset();
            parser.parse(payload, 0, payload.capacity(), 1L, m.instrumentIdHint(), m.isRest(), emitter);
            if (parser.rejected() == rejected)
            {
                valid.add(m);
                payloads.add(payload);
            }
        }
        assumeTrue(valid.size() > 5);

        final long warmEvents = run(valid, payloads, usdm, spot, emitter, 200);
        final long before = threads.getCurrentThreadAllocatedBytes();
        final long events = run(valid, payloads, usdm, spot, emitter, 3);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(warmEvents / 200 * 3, events);
        assertEquals(0, allocated, allocated + " bytes allocated while parsing " + events + " events");
    }

    private static long run(
        final List<Message> messages,
        final List<UnsafeBuffer> payloads,
        final BinanceParser usdm,
        final BinanceParser spot,
        final CountingEmitter emitter,
        final int rounds)
    {
        final long start = emitter.committed;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < messages.size(); i++)
            {
                final Message m = messages.get(i);
                final UnsafeBuffer payload = payloads.get(i);
                emitter.reset();
                (m.venue() == Venue.BINANCE_USDM ? usdm : spot).parse(payload, 0, payload.capacity(), 1L, m.instrumentIdHint(),
                    m.isRest(), emitter);
            }
        }
        return emitter.committed - start;
    }

    /** An arena emitter that only counts, so the measurement sees the parser's allocations alone. */
    private static final class CountingEmitter implements Emitter
    {
        private final UnsafeBuffer arena;
        private int position;
        private long committed;

        CountingEmitter(final int capacity)
        {
            arena = new UnsafeBuffer(new byte[capacity]);
        }

        void reset()
        {
            position = 0;
        }

        @Override
        public MutableDirectBuffer buffer()
        {
            return arena;
        }

        @Override
        public int claim(final int maxLength)
        {
            return position + 4;
        }

        @Override
        public void commit(final int length)
        {
            position += 4 + length;
            committed++;
        }
    }
}
