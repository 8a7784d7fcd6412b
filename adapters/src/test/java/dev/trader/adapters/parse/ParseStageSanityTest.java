package dev.trader.adapters.parse;

import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.MarketSanity;
import dev.trader.engine.Pipeline;
import dev.trader.engine.testing.RepoPaths;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parse stage puts every event of all three venue parsers through {@link MarketSanity} before it reaches the
 * pipeline (issue #9): a message with one event the engine cannot represent or believe is refused whole, with one
 * InputReject (source {@value MarketSanity#SOURCE}) carrying the reason, the value and the limit, and the payload.
 */
class ParseStageSanityTest
{
    private static final long MS = 1_000_000L;
    private final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());
    private final ParseStage stage = VenueParsers.parseStage(registry);
    private final CollectingEmitter out = new CollectingEmitter();
    private final UnsafeBuffer raw = new UnsafeBuffer(new byte[1 << 16]);
    private final EventView view = new EventView();

    private static final String BINANCE_TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161256322,"
        + "\"T\":1723161256322,\"s\":\"BTCUSDT\",\"t\":5266583935,\"p\":\"61800.30\",\"q\":\"0.006\",\"X\":\"MARKET\",\"m\":false}}";

    @Test
    void shouldRefuseABinanceTradeWhoseQuantityIsAbsurd()
    {
        parse(VenueCode.BINANCE_USDM, BINANCE_TRADE, 1723161256322L * MS);
        assertEquals(1, out.trades().size(), "the capture's trade passes");
        out.clear();

        final String poison = BINANCE_TRADE.replace("\"q\":\"0.006\"", "\"q\":\"10000000000.000\"");
        parse(VenueCode.BINANCE_USDM, poison, 1723161256322L * MS);

        assertEquals(0, out.trades().size());
        final CollectingEmitter.Reject reject = out.rejects().get(0);
        assertEquals(MarketSanity.SOURCE, reject.source());
        assertEquals(RejectReason.OUT_OF_RANGE, reject.reason());
        assertEquals(1, reject.instrumentId());
        assertEquals(5266583935L, reject.reference());
        assertEquals("binance-usdm:BTCUSDT trade qty 10000000000.000 exceeds maxQty 1000000000.000", reject.detail());
        assertEquals(poison, reject.rawText());
        assertEquals(1L, stage.counters().get("sanity.OUT_OF_RANGE"));
        assertEquals(1L, stage.counters().get("rejected"));
        assertEquals(1L, stage.counters().get("rejected.OUT_OF_RANGE"));
    }

    @Test
    void shouldRefuseAWholeOkxMessageWhenOneOfItsTradesIsAbsurd()
    {
        // two trades in one message; the second is 9,000,000 BTC (beyond OKX spot's default maxQty: 10^12 lots of 1e-8)
        final String two = "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":["
            + "{\"instId\":\"BTC-USDT\",\"tradeId\":\"338476307\",\"px\":\"30236\",\"sz\":\"0.0002\",\"side\":\"buy\",\"ts\":\"1652459224818\"},"
            + "{\"instId\":\"BTC-USDT\",\"tradeId\":\"338476308\",\"px\":\"30236\",\"sz\":\"9000000\",\"side\":\"buy\",\"ts\":\"1652459224818\"}]}";
        parse(VenueCode.OKX, two, 1652459224818L * MS);

        assertEquals(0, out.trades().size(), "all or nothing: the good trade of the message is refused with it");
        assertEquals(1, out.rejects().size());
        assertEquals(RejectReason.OUT_OF_RANGE, out.rejects().get(0).reason());
        assertEquals("okx:BTC-USDT trade qty 9000000.00000000 exceeds maxQty 10000.00000000",
            out.rejects().get(0).detail());
    }

    @Test
    void shouldRefuseAnOffTickBybitTradeAndAnOkxTradeStampedInTheYear2100()
    {
        final String bybit = OkxBybitParsersTest.BYBIT_MESSAGES.get(2);
        assertTrue(bybit.contains("\"p\":\"28560.50\""), bybit);
        parse(VenueCode.BYBIT, bybit.replace("\"p\":\"28560.50\"", "\"p\":\"28560.55\""), 1680673823566L * MS);
        assertEquals(RejectReason.OFF_TICK, out.rejects().get(0).reason());
        assertEquals("bybit:BTCUSDT trade price 28560.55 is off the tick grid 0.10", out.rejects().get(0).detail());

        final String okx = OkxBybitParsersTest.OKX_MESSAGES.get(3);
        assertTrue(okx.contains("\"ts\":\"1652459224818\""), okx);
        parse(VenueCode.OKX, okx.replace("\"ts\":\"1652459224818\"", "\"ts\":\"4102444800000\""), 1652459224818L * MS);
        assertEquals(RejectReason.CLOCK_SKEW, out.rejects().get(1).reason());
        assertEquals(0, out.trades().size());
        assertEquals(List.of(0L, 1L, 0L, 1L), List.of(stage.counters().get("sanity.OVERFLOW"), stage.counters().get("sanity.OFF_TICK"),
            stage.counters().get("sanity.OUT_OF_RANGE"), stage.counters().get("sanity.CLOCK_SKEW")));
    }

    @Test
    void shouldNotAllocateWhenEveryEventPasses()
    {
        final String depth = "{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161256299,"
            + "\"T\":1723161256298,\"s\":\"BTCUSDT\",\"U\":5123107832006,\"u\":5123107837557,\"pu\":5123107831937,"
            + "\"b\":[[\"61641.50\",\"1.211\"],[\"61652.80\",\"0.195\"]],\"a\":[[\"61800.40\",\"0.016\"],[\"61801.00\",\"0.000\"]]}}";
        final String ticker = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107837560,"
            + "\"s\":\"BTCUSDT\",\"b\":\"61800.30\",\"B\":\"3.120\",\"a\":\"61800.40\",\"A\":\"0.016\",\"T\":1723161256300,\"E\":1723161256301}}";
        final Pipeline pipeline = new Pipeline(List.of(stage), EventSink.NONE, EventSink.NONE, new EventClock(), 1 << 20, false);
        final UnsafeBuffer[] inputs = {rawMessage(VenueCode.BINANCE_USDM, BINANCE_TRADE, 1723161256322L * MS),
            rawMessage(VenueCode.BINANCE_USDM, depth, 1723161256300L * MS), rawMessage(VenueCode.BINANCE_USDM, ticker, 1723161256301L * MS)};
        for (int i = 0; i < 200_000; i++)
        {
            final UnsafeBuffer in = inputs[i % inputs.length];
            pipeline.onInput(in, 0, in.capacity(), 0);
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // the least of three rounds: a per-message allocation shows in every round, a one-off JIT transition on a
        // loaded machine in one at most
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 90_000; i++)
            {
                final UnsafeBuffer in = inputs[i % inputs.length];
                pipeline.onInput(in, 0, in.capacity(), 0);
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0L, stage.counters().get("rejected"));
        assertEquals(470_000L, stage.counters().get("sanityChecked"));
        // one allocation per message would be at least 16 bytes each (1.4 MB); as OkxBybitParsersTest, allow a few stray
        // bytes of the measurement itself (a JIT deoptimisation during the loop)
        assertTrue(allocated < 1024, allocated + " bytes allocated by 90,000 parsed and checked messages");
    }

    private void parse(final VenueCode venue, final String text, final long receiveTsNs)
    {
        final UnsafeBuffer event = rawMessage(venue, text, receiveTsNs);
        stage.onEvent(view.wrap(event, 0, event.capacity()), out);
    }

    private UnsafeBuffer rawMessage(final VenueCode venue, final String text, final long receiveTsNs)
    {
        final int length = ParserFixtures.rawMessage(raw, venue, text, receiveTsNs);
        final byte[] copy = new byte[length];
        raw.getBytes(0, copy);
        return new UnsafeBuffer(copy);
    }
}
