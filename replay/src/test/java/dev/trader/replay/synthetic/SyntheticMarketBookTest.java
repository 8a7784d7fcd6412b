package dev.trader.replay.synthetic;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.StagePlan;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's synthetic market through the demo's stages: the book bridges once and stays in step for 10 minutes. */
class SyntheticMarketBookTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));

    /** Runs after the book stage: compares its top with each best bid/offer written right after a depth update. */
    private static final class TopOfBookProbe implements Stage
    {
        private final OrderBookStage books;
        private final int instrumentId;
        private final DepthUpdateDecoder depth = new DepthUpdateDecoder();
        private final BestBidOfferDecoder bbo = new BestBidOfferDecoder();
        private long lastDepthTsNs = Long.MIN_VALUE;
        long depthUpdates;
        long untrustedAfterDepth;
        long compared;
        final List<String> mismatches = new ArrayList<>();

        TopOfBookProbe(final OrderBookStage books, final int instrumentId)
        {
            this.books = books;
            this.instrumentId = instrumentId;
        }

        @Override
        public String name()
        {
            return "probe";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            if (event.templateId() == DepthUpdateDecoder.TEMPLATE_ID)
            {
                depth.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                lastDepthTsNs = depth.exchangeTsNs();
                depthUpdates++;
                untrustedAfterDepth += books.book(instrumentId).isTrusted() ? 0 : 1;
            }
            else if (event.templateId() == BestBidOfferDecoder.TEMPLATE_ID)
            {
                bbo.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                if (bbo.exchangeTsNs() != lastDepthTsNs)
                {
                    return;
                }
                compared++;
                final BookView book = books.book(instrumentId);
                if (book.bestBidPrice() != bbo.bidPrice() || book.bestBidQty() != bbo.bidQty()
                    || book.bestAskPrice() != bbo.askPrice() || book.bestAskQty() != bbo.askQty())
                {
                    mismatches.add("at " + bbo.exchangeTsNs() + ": book " + book.toJson(1) + " vs bbo " + bbo);
                }
            }
        }
    }

    @Test
    void shouldKeepTheSyntheticBookTrustedAndEqualToItsBestBidOffer()
    {
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/demo.yaml")).with("hazard", "enabled", false);
        final SyntheticMarketSettings settings = SyntheticMarketSettings.from(config).duration(Duration.ofMinutes(10));
        final Instrument instrument = config.instruments().resolve(settings.instrument());
        final EventClock clock = new EventClock();
        final List<Stage> stages = new ArrayList<>(StagePlan.build(config, config.instruments(), clock));
        final OrderBookStage books = assertInstanceOf(OrderBookStage.class, stages.get(0), "the book is stage 1");
        final TopOfBookProbe probe = new TopOfBookProbe(books, instrument.id());
        stages.add(probe);
        final List<String> statuses = new ArrayList<>();
        final BookStatusDecoder status = new BookStatusDecoder();
        final EventSink output = (final DirectBuffer buffer, final int offset, final int length) ->
        {
            if (Events.templateId(buffer, offset) == BookStatusDecoder.TEMPLATE_ID)
            {
                status.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                statuses.add(status.state() + " " + status.reason());
            }
        };
        final Pipeline pipeline = new Pipeline(stages, EventSink.NONE, output, clock, 1 << 20, false);

        final SyntheticMarket.Stats stats = new SyntheticMarket(settings, instrument, new EventSink()
        {
            @Override
            public void onEvent(final DirectBuffer buffer, final int offset, final int length)
            {
                pipeline.onInput(buffer, offset, length, System.nanoTime());
            }

            @Override
            public void onEndOfStream()
            {
                pipeline.onEndOfStream();
            }
        }).generate();

        assertEquals(List.of(BookState.TRUSTED + " " + BookStatusReason.BRIDGED), statuses);
        assertTrue(books.book(instrument.id()).isTrusted());
        assertEquals(0L, books.counters().get("gaps"));
        assertEquals(0L, books.counters().get("crossed"));
        assertEquals(stats.depthUpdates, books.counters().get("updatesApplied"));
        assertEquals(stats.depthUpdates, probe.depthUpdates);
        assertEquals(0, probe.untrustedAfterDepth, "depth updates after which the book was not trusted");
        assertTrue(stats.depthUpdates > 5000, stats.toString());
        assertTrue(probe.compared > 1000, "compared " + probe.compared);
        assertEquals(List.of(), probe.mismatches.subList(0, Math.min(5, probe.mismatches.size())),
            probe.mismatches.size() + " of " + probe.compared + " best bid/offers differ from the book");
    }
}
