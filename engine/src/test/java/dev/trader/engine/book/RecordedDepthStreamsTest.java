package dev.trader.engine.book;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.trader.codecs.sbe.BookState;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real venue streams from the shared data folder (never committed; skipped when absent), turned into depth events
 * the way an adapter would (decimals counted from the strings) and fed through the book stage.
 */
class RecordedDepthStreamsTest
{
    private static final Path SHARED = SharedFixtures.dir();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BookStatusEmitter out = new BookStatusEmitter();
    private final OrderBookStage stage = new OrderBookStage(OrderBookStageTest.REGISTRY, 5000, 10_000);

    private static Path shared(final String relative)
    {
        final Path p = SHARED.resolve(relative);
        SharedFixtures.require(p);
        return p;
    }

    private long counter(final String name)
    {
        return stage.counters().get(name);
    }

    private static BookEvents.Depth levels(final BookEvents.Depth depth, final JsonNode bids, final JsonNode asks)
    {
        for (final JsonNode l : bids)
        {
            depth.bid(l.get(0).asText(), l.get(1).asText());
        }
        for (final JsonNode l : asks)
        {
            depth.ask(l.get(0).asText(), l.get(1).asText());
        }
        return depth;
    }

    /** The OKX books messages of the capture, in order: the snapshot first. */
    private static List<JsonNode> okxBooks() throws IOException
    {
        final List<JsonNode> messages = new ArrayList<>();
        for (final String line : Files.readAllLines(shared("data/okx/cryptofeed-btc-usdt.ws.log")))
        {
            final int json = line.indexOf('{');
            if (json < 0 || !line.contains("\"channel\":\"books\"") || !line.contains("\"action\""))
            {
                continue;
            }
            messages.add(JSON.readTree(line.substring(json)));
        }
        return messages;
    }

    private static EventView okxEvent(final BookEvents ev, final JsonNode message)
    {
        final JsonNode data = message.get("data").get(0);
        final boolean snapshot = "snapshot".equals(message.get("action").asText());
        // this capture predates seqId/prevSeqId: the checksum is the only guard
        final BookEvents.Depth depth = snapshot ? ev.snapshot(-1) : ev.update(-1, -1, -1);
        return levels(depth, data.get("bids"), data.get("asks")).checksum(data.get("checksum").asInt()).view();
    }

    @Test
    void shouldMatchTheOkxChecksumOnEveryMessageOfARealCapture() throws IOException
    {
        final List<JsonNode> messages = okxBooks();
        assertEquals(98, messages.size());
        assertEquals("snapshot", messages.get(0).get("action").asText());
        final BookEvents ev = new BookEvents(OrderBookStageTest.OKX);
        for (final JsonNode m : messages)
        {
            stage.onEvent(okxEvent(ev, m), out);
            assertEquals(BookState.TRUSTED, stage.book(21).state(), () -> "after " + m.get("data").get(0).get("ts"));
        }
        assertEquals(0, counter("checksumMismatches"));
        assertEquals(97, counter("updatesApplied"));
        assertEquals(1, out.statuses().size());
        assertTrue(stage.book(21).bids().depth() >= 25 && stage.book(21).asks().depth() >= 25);
    }

    @Test
    void shouldDetectASingleAlteredSizeInARealOkxUpdate() throws IOException
    {
        final List<JsonNode> messages = okxBooks();
        final BookEvents ev = new BookEvents(OrderBookStageTest.OKX);
        stage.onEvent(okxEvent(ev, messages.get(0)), out);
        assertTrue(stage.book(21).isTrusted());

        final JsonNode update = messages.get(1).deepCopy();
        final ArrayNode bestAsk = (ArrayNode)update.get("data").get(0).get("asks").get(0);
        assertEquals("1.2112", bestAsk.get(1).asText());
        bestAsk.set(1, "1.2113");
        stage.onEvent(okxEvent(ev, update), out);
        assertEquals(1, counter("checksumMismatches"));
        assertEquals(BookState.UNTRUSTED, stage.book(21).state());
    }

    @Test
    void shouldFollowARealBybitSnapshotAndItsDeltas() throws IOException
    {
        final Path zip = shared("data/bybit/xrpusdt-ob500.data.zip");
        final BookEvents ev = new BookEvents(OrderBookStageTest.BYBIT);
        int deltas = 0;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip)))
        {
            in.getNextEntry();
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                final JsonNode m = JSON.readTree(line);
                final JsonNode data = m.get("data");
                final long u = data.get("u").asLong();
                final boolean snapshot = "snapshot".equals(m.get("type").asText());
                deltas += snapshot ? 0 : 1;
                stage.onEvent(levels(snapshot ? ev.snapshot(u) : ev.update(-1, u, -1), data.get("b"), data.get("a")).view(), out);
                assertEquals(BookState.TRUSTED, stage.book(32).state());
            }
        }
        assertEquals(49, deltas);
        assertEquals(49, counter("updatesApplied"));
        assertEquals(0, counter("gaps"));
        assertEquals(0, counter("crossed"));
    }

    /**
     * Replays a hftbacktest Binance capture (depth diffs, the one inline REST snapshot, bookTickers) and returns how
     * the book's top compared with the bookTicker stream aligned by update id: after each applied diff the book's
     * best bid and ask must equal those of the last bookTicker whose {@code u} is at most the diff's {@code u}
     * (bookTicker is pushed on every change of the top, so no change can hide between the two).
     *
     * @return {compared, mismatched}
     */
    private long[] replayBinanceCapture(final Path gz, final Instrument instrument) throws IOException
    {
        final BookEvents ev = new BookEvents(instrument);
        final List<long[]> tickers = new ArrayList<>();
        final List<long[]> tops = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16))
        {
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                final JsonNode root = JSON.readTree(line.substring(line.indexOf(' ') + 1));
                final JsonNode data = root.has("data") ? root.get("data") : root;
                if (data.has("lastUpdateId") && data.has("bids"))
                {
                    stage.onEvent(levels(ev.snapshot(data.get("lastUpdateId").asLong()), data.get("bids"), data.get("asks")).view(), out);
                }
                else if ("depthUpdate".equals(data.path("e").asText()))
                {
                    stage.onEvent(levels(ev.update(data.get("U").asLong(), data.get("u").asLong(), data.path("pu").asLong(-1)),
                        data.get("b"), data.get("a")).view(), out);
                    final BookView book = stage.book(instrument.id());
                    if (book.isTrusted())
                    {
                        tops.add(new long[]{book.lastUpdateId(), book.bestBidPrice(), book.bestAskPrice()});
                    }
                }
                else if (data.has("u") && data.has("b") && data.get("b").isTextual())
                {
                    final long u = data.get("u").asLong();
                    final String bid = data.get("b").asText();
                    final String ask = data.get("a").asText();
                    stage.onEvent(ev.bbo(u, bid, ask), out);
                    tickers.add(new long[]{u, ev.price(bid), ev.price(ask)});
                }
            }
        }
        tickers.sort(Comparator.comparingLong(t -> t[0]));
        long compared = 0;
        long mismatched = 0;
        int k = -1;
        for (final long[] top : tops)
        {
            while (k + 1 < tickers.size() && tickers.get(k + 1)[0] <= top[0])
            {
                k++;
            }
            if (k >= 0)
            {
                compared++;
                mismatched += tickers.get(k)[1] != top[1] || tickers.get(k)[2] != top[2] ? 1 : 0;
            }
        }
        return new long[]{compared, mismatched};
    }

    @Test
    void shouldBridgeAndFollowARealBinanceUsdmCapture() throws IOException
    {
        final long[] aligned = replayBinanceCapture(shared("data/binance-usdm/capture-btcusdt-20240808.gz"), OrderBookStageTest.USDM);
        assertEquals(1, out.statuses().size(), out.statuses().toString());
        assertEquals(BookState.TRUSTED, out.last().state());
        assertTrue(stage.book(1).isTrusted());
        assertEquals(0, counter("gaps"));
        assertEquals(0, counter("crossed"));
        assertEquals(6551, counter("updatesApplied") + counter("updatesDroppedStale"));
        assertTrue(aligned[0] > 6500, "compared " + aligned[0]);
        assertEquals(0, aligned[1], "book tops differing from the bookTicker aligned by update id");
        // the stage's own check (bookTicker not older than the book) also sees tickers that run ahead of the depth
        // stream, so it counts mismatches that are timing, not book errors
        assertTrue(counter("bboChecks") > 60_000);
    }

    @Test
    void shouldBridgeAndFollowARealBinanceSpotCapture() throws IOException
    {
        final long[] aligned = replayBinanceCapture(shared("data/binance-spot/capture-btcusdt-20240808.gz"), OrderBookStageTest.SPOT);
        assertTrue(stage.book(11).isTrusted());
        assertEquals(0, counter("gaps"));
        assertEquals(0, counter("crossed"));
        assertEquals(3451, counter("updatesApplied") + counter("updatesDroppedStale"));
        assertTrue(aligned[0] > 3400, "compared " + aligned[0]);
        assertEquals(0, aligned[1], "book tops differing from the bookTicker aligned by update id");
    }
}
