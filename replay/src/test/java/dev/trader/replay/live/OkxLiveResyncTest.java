package dev.trader.replay.live;

import dev.trader.adapters.live.LiveClock;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.ConnectionEventDecoder;
import dev.trader.codecs.sbe.ConnectionState;
import dev.trader.codecs.sbe.MessageHeaderDecoder;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.book.BookSide;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.replay.LiveRunner;
import dev.trader.replay.ReplayFixtures;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.RunResult;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop with the engine's own parser and book stage: a local OKX venue replays the recorded BTC-USDT
 * session and withholds one books update; the engine's OrderBookStage finds the next checksum wrong and reports the
 * book UNTRUSTED; the live source resubscribes the books channel; the venue's fresh snapshot makes the book TRUSTED
 * again and it ends equal to the venue's. The recording replays to the same hash.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OkxLiveResyncTest
{
    private static final int BTC_USDT = 21;

    @TempDir
    Path tmp;

    private TraderConfig config(final FakeOkx venue) throws Exception
    {
        final Path file = tmp.resolve("okx-local.yaml");
        Files.writeString(file, "engine: { ringSize: 256, slotBytes: 131072, waitStrategy: blocking, timeStages: false }\n"
            + "instruments: " + ReplayFixtures.instrumentsWithAnyClock(tmp) + "\n"
            + "venues:\n"
            + "  okx:\n"
            + "    wsUrl: " + venue.wsUrl() + "\n"
            + "    symbols: [BTC-USDT]\n"
            + "    channels: [books, trades, tickers]\n"
            + "    staleAfter: 20s\n"
            + "    keepAlive: { interval: 5s, timeout: 4s }\n"
            + "    reconnect: { minBackoff: 50ms, maxBackoff: 500ms, seed: 3 }\n"
            + "    rateLimits: { messagesPerSecond: 20, messageBurst: 5 }\n"
            + "    snapshot: { retryAfter: 1s }\n");
        return TraderConfig.load(file);
    }

    private static Map<BigDecimal, BigDecimal> levels(final BookView book, final BookSide side)
    {
        final Map<BigDecimal, BigDecimal> m = new LinkedHashMap<>();
        for (final List<String> level : book.levels(side, Integer.MAX_VALUE))
        {
            m.put(new BigDecimal(level.get(0)), new BigDecimal(level.get(1)));
        }
        return m;
    }

    @Test
    void shouldResubscribeTheBooksChannelWhenTheEnginesBookFailsItsChecksumAndEndWithTheVenuesBook() throws Exception
    {
        final LiveRunner runner;
        final RunResult result;
        final TraderConfig config;
        try (FakeOkx venue = new FakeOkx(40))
        {
            config = config(venue);
            runner = LiveRunner.start(config, tmp.resolve("recording"), LiveClock.system(), List.of());
            try
            {
                final long deadline = System.currentTimeMillis() + 60_000;
                while (!(venue.finished() && venue.snapshotsSent() >= 2
                    && runner.source().publisher().frames() >= venue.framesSent()))
                {
                    assertTrue(System.currentTimeMillis() < deadline, "venue finished " + venue.finished() + ", snapshots "
                        + venue.snapshotsSent() + ", sent " + venue.framesSent() + ", " + runner.source().counters());
                    Thread.sleep(5);
                }
            }
            finally
            {
                result = runner.stop();
            }
            assertTrue(venue.received.contains("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}"),
                venue.received.toString());

            BookView book = null;
            for (final Stage stage : runner.stages())
            {
                if (stage instanceof OrderBookStage)
                {
                    book = ((OrderBookStage)stage).book(BTC_USDT);
                }
            }
            assertNotNull(book, "the engine's book stage received OKX depth");
            assertTrue(book.isTrusted(), "trusted again at the end");
            assertEquals(venue.truth(true), levels(book, book.bids()), "bids equal the venue's");
            assertEquals(venue.truth(false), levels(book, book.asks()), "asks equal the venue's");
        }

        final List<BookStatusReason> reasons = new ArrayList<>();
        final List<BookState> states = new ArrayList<>();
        for (final byte[] e : ReplayFixtures.frames(runner.journalDir().resolve(ReplayRunner.OUTPUT_DIR)))
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(b, 0);
            if (header.templateId() == BookStatusDecoder.TEMPLATE_ID)
            {
                final BookStatusDecoder d = new BookStatusDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version());
                states.add(d.state());
                reasons.add(d.reason());
            }
        }
        assertTrue(reasons.contains(BookStatusReason.CHECKSUM_MISMATCH), "the withheld update was detected: " + reasons);
        assertEquals(BookState.TRUSTED, states.get(states.size() - 1), states.toString());
        boolean requested = false;
        for (final byte[] e : ReplayFixtures.frames(runner.inputJournal()))
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(b, 0);
            if (header.templateId() == ConnectionEventDecoder.TEMPLATE_ID)
            {
                final ConnectionEventDecoder d = new ConnectionEventDecoder().wrap(b, MessageHeaderDecoder.ENCODED_LENGTH,
                    header.blockLength(), header.version());
                requested |= d.state() == ConnectionState.SNAPSHOT_REQUESTED && d.instrumentId() == BTC_USDT;
            }
        }
        assertTrue(requested, "the resubscribe is journaled as SNAPSHOT_REQUESTED");
        final RunResult replay = ReplayRunner.run(runner.inputJournal(), config, tmp.resolve("replay"));
        assertEquals(result.outputSha256(), replay.outputSha256(), "the recording replays to the same hash");
    }
}
