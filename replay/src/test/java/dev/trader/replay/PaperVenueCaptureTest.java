package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.codecs.sbe.TradeDecoder;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.exec.PaperSettings;
import dev.trader.engine.exec.PaperVenueStage;
import dev.trader.engine.trading.FeeSchedule;
import dev.trader.engine.trading.Money;
import dev.trader.journal.JournalReader;
import dev.trader.journal.JournalWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The paper venue on the real Binance USD-M capture (BTCUSDT, 2024-08-08): capture importer -> parse -> book ->
 * an order-injecting test stage -> paper venue. The injector places orders on depth updates while the book is
 * trusted and records what the book showed right then; the venue's fills are checked against it and against the
 * journal's own Trade events.
 */
class PaperVenueCaptureTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = SharedFixtures.dir();
    private static final String CAPTURE = "data/binance-usdm/capture-btcusdt-20240808.gz";
    private static final int LIMIT_ORDERS = 16;

    @TempDir
    static Path tmp;

    private static Path journal;
    private static InstrumentRegistry registry;
    private static Run backRun;

    /** Each test, not the class, is skipped (or failed in CI) without the capture, so every skip is reported. */
    @BeforeEach
    void needsTheCapture()
    {
        SharedFixtures.require(SHARED.resolve(CAPTURE));
    }

    @BeforeAll
    static void importCapture() throws Exception
    {
        final Path file = SHARED.resolve(CAPTURE);
        if (!Files.isRegularFile(file))
        {
            return;
        }
        registry = TraderConfig.load(ROOT.resolve("configs/replay.yaml")).instruments();
        journal = tmp.resolve("journal");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new CaptureImporter().importFile(file, Venue.BINANCE_USDM, registry, registry.resolve("binance-usdm:BTCUSDT"), writer);
        }
    }

    @Test
    void marketBuyLargerThanTheBestAskWalksTheLevelsTheBookShowedAtThatMoment() throws Exception
    {
        final Run r = backRun();
        final Injector in = r.injector;
        assertTrue(in.marketPlaced, "the book became trusted with three ask levels");
        final Instrument btc = registry.byId(1);
        // qty = level 0 + level 1 + one lot: fills level 0 and level 1 whole, then one lot at level 2
        final long[] qtys = {in.askQty[0], in.askQty[1], 1};
        final List<Fill> fills = r.fillsOf(Injector.MARKET_ID);
        assertEquals(3, fills.size());
        for (int i = 0; i < 3; i++)
        {
            final Fill f = fills.get(i);
            assertEquals(in.askPrice[i], f.price, "level " + i + " price");
            assertEquals(qtys[i], f.qty, "level " + i + " qty");
            assertEquals(Money.times(Money.notional(btc, f.price, f.qty), 0.00045), f.fee);
            assertEquals(in.marketEvent, f.eventIndex, "filled on the Order itself (zero latency)");
        }
        assertTrue(in.askPrice[0] < in.askPrice[1] && in.askPrice[1] < in.askPrice[2]);
    }

    @Test
    void aRestingLimitFillsLaterAtTheBackOfTheQueueThanAtTheFrontAndOnlyOnceTheQueueAheadTraded() throws Exception
    {
        final Run back = backRun();
        final Run front = run(PaperSettings.defaults().queuePosition(PaperSettings.QueuePosition.FRONT));
        final Injector in = back.injector;
        assertEquals(LIMIT_ORDERS, in.limits.size());
        int filledBack = 0;
        int later = 0;
        int checkedAgainstTrades = 0;
        for (final Placement p : in.limits)
        {
            final List<Fill> fb = back.fillsOf(p.orderId);
            final List<Fill> ff = front.fillsOf(p.orderId);
            if (fb.isEmpty())
            {
                continue;
            }
            filledBack++;
            assertTrue(!ff.isEmpty(), "an order filled at the back of the queue fills at its front too");
            final long backAt = fb.get(0).eventIndex;
            final long frontAt = ff.get(0).eventIndex;
            assertTrue(frontAt <= backAt, "front fills no later than back: order " + p.orderId);
            if (frontAt < backAt)
            {
                later++;
            }
            // independently, from the journal's trades and the book stage: the queue model's first fill
            final Model m = model(p, back.injector);
            assertEquals(m.fillEvent, backAt, "order " + p.orderId + " (queue ahead " + p.queueAhead + ")");
            if (!m.capped && m.byQueue)
            {
                // no cancels ahead: the fill comes exactly when the qty traded at the price since placement
                // exceeds the queue ahead at placement, and not one trade before
                assertTrue(m.tradedAtFill > p.queueAhead);
                assertTrue(m.tradedBeforeFill <= p.queueAhead);
                checkedAgainstTrades++;
            }
        }
        System.out.printf("paper venue capture: %d of %d limits filled at the back, %d later than at the front, "
            + "%d checked against traded qty alone%n", filledBack, in.limits.size(), later, checkedAgainstTrades);
        assertTrue(filledBack >= 3, "filled at the back: " + filledBack);
        assertTrue(later >= 1, "the queue ahead delayed at least one fill");
    }

    /**
     * The queue model recomputed from the injector's record of every event after placement: trades (price, qty,
     * aggressor) and, after each depth update, the book's displayed qty at the order's price and the opposite best.
     * It shares no code with the venue: it only reads the journal's trades and the book stage's levels.
     */
    private static Model model(final Placement p, final Injector in)
    {
        final Model m = new Model();
        final boolean buy = p.buy;
        long ahead = p.queueAhead;
        long traded = 0;
        for (int i = p.firstRecord; i < in.records.size(); i++)
        {
            final Rec r = in.records.get(i);
            if (r.trade)
            {
                if (buy ? r.price < p.price : r.price > p.price)
                {
                    m.fillEvent = r.eventIndex;
                    return m;
                }
                if (r.price == p.price && r.aggressor != (buy ? Side.BUY : Side.SELL))
                {
                    m.tradedBeforeFill = traded;
                    traded += r.qty;
                    if (r.qty > ahead)
                    {
                        m.fillEvent = r.eventIndex;
                        m.byQueue = true;
                        m.tradedAtFill = traded;
                        return m;
                    }
                    ahead -= r.qty;
                }
            }
            else
            {
                final long displayed = r.displayed[p.index];
                if (ahead > displayed)
                {
                    ahead = displayed;
                    m.capped = true;
                }
                if (buy ? r.bestAsk <= p.price : r.bestBid >= p.price)
                {
                    m.fillEvent = r.eventIndex;
                    return m;
                }
            }
        }
        return m;
    }

    /** The default settings (queue position back): one replay shared by both tests. */
    private static Run backRun() throws Exception
    {
        if (backRun == null)
        {
            backRun = run(PaperSettings.defaults());
        }
        return backRun;
    }

    private static Run run(final PaperSettings settings) throws Exception
    {
        final EventClock clock = new EventClock();
        final OrderBookStage books = new OrderBookStage(registry, 5000, 10_000);
        final Injector injector = new Injector(books);
        final PaperVenueStage venue = new PaperVenueStage(registry, settings, FeeSchedule.SEED_000, books);
        final Run run = new Run(injector, venue);
        final List<Stage> stages = List.of(VenueParsers.parseStage(registry), books, injector, venue);
        final Pipeline pipeline = new Pipeline(stages, EventSink.NONE, run::collect, clock, 1 << 22, false);
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) -> pipeline.onInput(buffer, offset, length, System.nanoTime()));
        }
        pipeline.onEndOfStream();
        return run;
    }

    private record Fill(long orderId, long price, long qty, long fee, long eventIndex)
    {
    }

    private static final class Model
    {
        long fillEvent = -1;
        boolean capped;
        boolean byQueue;
        long tradedAtFill;
        long tradedBeforeFill;
    }

    private record Placement(int index, long orderId, boolean buy, long price, long queueAhead, int firstRecord)
    {
    }

    /** What the injector saw after placement: a trade, or the book after a depth update. */
    private static final class Rec
    {
        long eventIndex;
        boolean trade;
        long price;
        long qty;
        Side aggressor;
        long bestBid;
        long bestAsk;
        /** Per placed limit (by placement index): the displayed qty at its price on its side. */
        long[] displayed;
    }

    private static final class Run
    {
        final Injector injector;
        final PaperVenueStage venue;
        final List<Fill> fills = new ArrayList<>();
        final FillDecoder decoder = new FillDecoder();

        Run(final Injector injector, final PaperVenueStage venue)
        {
            this.injector = injector;
            this.venue = venue;
        }

        void collect(final org.agrona.DirectBuffer b, final int offset, final int length)
        {
            if (Events.templateId(b, offset) == FillDecoder.TEMPLATE_ID)
            {
                decoder.wrap(b, offset + Events.HEADER_LENGTH, Events.blockLength(b, offset), Events.version(b, offset));
                fills.add(new Fill(decoder.orderId(), decoder.price(), decoder.qty(), decoder.fee(), injector.eventIndex));
            }
        }

        List<Fill> fillsOf(final long orderId)
        {
            return fills.stream().filter(f -> f.orderId() == orderId).toList();
        }
    }

    /**
     * Test stage between the book and the venue. On depth updates of a trusted book it places, first, one market BUY
     * of (best ask qty + second ask qty + one lot), then every {@code spacing}-th update a GTC limit at the best bid
     * (BUY) or best ask (SELL), alternately. It records the book it saw when placing, and every later trade and book.
     */
    private static final class Injector implements Stage
    {
        static final long MARKET_ID = 1;
        private static final int SPACING = 300;

        final OrderBookStage books;
        final OrderEncoder order = new OrderEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final DepthUpdateDecoder depth = new DepthUpdateDecoder();
        final TradeDecoder trade = new TradeDecoder();
        final List<Placement> limits = new ArrayList<>();
        final List<Rec> records = new ArrayList<>();
        final long[] askPrice = new long[3];
        final long[] askQty = new long[3];
        long eventIndex;
        long marketEvent = -1;
        boolean marketPlaced;
        int trustedUpdates;
        long nextId = 2;

        Injector(final OrderBookStage books)
        {
            this.books = books;
        }

        @Override
        public String name()
        {
            return "test-injector";
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            eventIndex++;
            if (event.instrumentId() != 1)
            {
                return;
            }
            if (event.templateId() == TradeDecoder.TEMPLATE_ID && !limits.isEmpty())
            {
                trade.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
                final Rec r = new Rec();
                r.eventIndex = eventIndex;
                r.trade = true;
                r.price = trade.price();
                r.qty = trade.qty();
                r.aggressor = trade.aggressor();
                records.add(r);
                return;
            }
            if (event.templateId() != DepthUpdateDecoder.TEMPLATE_ID)
            {
                return;
            }
            final BookView book = books.book(1);
            if (book == null || !book.isTrusted())
            {
                return;
            }
            if (!limits.isEmpty())
            {
                records.add(snapshotOf(book));
            }
            trustedUpdates++;
            if (!marketPlaced)
            {
                if (book.asks().depth() >= 3)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        askPrice[i] = book.asks().price(i);
                        askQty[i] = book.asks().qty(i);
                    }
                    marketPlaced = true;
                    marketEvent = eventIndex;
                    emit(emitter, event, MARKET_ID, Side.BUY, OrderType.MARKET, 0, askQty[0] + askQty[1] + 1);
                }
                return;
            }
            if (limits.size() < LIMIT_ORDERS && trustedUpdates % SPACING == 0)
            {
                final boolean buy = limits.size() % 2 == 0;
                final BookSide side = buy ? book.bids() : book.asks();
                final long price = side.price(0);
                final long id = nextId++;
                limits.add(new Placement(limits.size(), id, buy, price, side.qty(0), records.size()));
                emit(emitter, event, id, buy ? Side.BUY : Side.SELL, OrderType.LIMIT, price, 1);
            }
        }

        private Rec snapshotOf(final BookView book)
        {
            final Rec r = new Rec();
            r.eventIndex = eventIndex;
            r.bestBid = book.bestBidPrice();
            r.bestAsk = book.bestAskPrice();
            r.displayed = new long[limits.size()];
            for (int i = 0; i < limits.size(); i++)
            {
                final Placement p = limits.get(i);
                final BookSide side = p.buy() ? book.bids() : book.asks();
                final int rank = side.rankOf(p.price());
                r.displayed[i] = rank < 0 ? 0 : side.qty(rank);
            }
            return r;
        }

        private void emit(final Emitter emitter, final EventView cause, final long orderId, final Side side,
            final OrderType type, final long price, final long qty)
        {
            final int offset = emitter.claim(MessageHeaderEncoder.ENCODED_LENGTH + OrderEncoder.BLOCK_LENGTH);
            order.wrapAndApplyHeader(emitter.buffer(), offset, header)
                .exchangeTsNs(cause.exchangeTsNs()).receiveTsNs(cause.receiveTsNs()).instrumentId(1)
                .orderId(orderId).strategyId(1).decisionId(orderId).action(OrderAction.NEW).side(side).orderType(type)
                .timeInForce(TimeInForce.GTC).reduceOnly(BooleanType.F).price(price).qty(qty).positionId(orderId)
                .reasonCode(0).stopPrice(0).stopLossPrice(0).takeProfitPrice(0).referencePrice(0);
            emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength());
        }
    }
}
