package dev.trader.engine.book;

import com.sun.management.ThreadMXBean;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.DepthUpdateEncoder;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderBookStageTest
{
    static final Instrument USDM = new Instrument(1, Venue.BINANCE_USDM, "BTCUSDT", "0.10", "0.001", -2, -3, -5);
    static final Instrument SPOT = new Instrument(11, Venue.BINANCE_SPOT, "BTCUSDT", "0.01", "0.00001", -2, -6, -8);
    static final Instrument OKX = new Instrument(21, Venue.OKX, "BTC-USDT", "0.1", "0.00000001", -1, -8, -9);
    static final Instrument BYBIT = new Instrument(32, Venue.BYBIT, "XRPUSDT", "0.0001", "0.1", -4, -1, -5);
    static final Instrument SYNTHETIC = new Instrument(100, Venue.SYNTHETIC, "BTCUSDT", "0.10", "0.001", -1, -3, -4);
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(USDM, SPOT, OKX, BYBIT, SYNTHETIC));

    private final BookStatusEmitter out = new BookStatusEmitter();
    private OrderBookStage stage = new OrderBookStage(REGISTRY, 5000, 10_000);

    private void feed(final EventView... events)
    {
        for (final EventView e : events)
        {
            stage.onEvent(e, out);
        }
    }

    private long counter(final String name)
    {
        return stage.counters().get(name);
    }

    private static void assertStatus(
        final BookStatusEmitter.Status s,
        final BookState state,
        final BookStatusReason reason,
        final long lastUpdateId,
        final long expected,
        final long received)
    {
        assertEquals(state, s.state(), s.toString());
        assertEquals(reason, s.reason(), s.toString());
        assertEquals(lastUpdateId, s.lastUpdateId(), s.toString());
        assertEquals(expected, s.expectedUpdateId(), s.toString());
        assertEquals(received, s.receivedUpdateId(), s.toString());
        assertFalse(s.detail().isEmpty());
    }

    private static int crc(final String text)
    {
        final CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return (int)crc.getValue();
    }

    // ------------------------------------------------------------------ Binance USD-M

    @Test
    void shouldBufferDiffsBeforeTheSnapshotAndBridgeFromTheBuffer()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.update(90, 95, 89).bid("100.00", "1.000").view(),
            ev.update(96, 100, 95).bid("100.10", "2.000").view(),
            ev.update(101, 105, 100).bid("100.20", "3.000").ask("100.50", "1.500").view(),
            ev.update(106, 110, 105).bid("100.00", "0.000").view());
        assertEquals(BookState.SYNCING, stage.book(1).state());
        assertEquals(0, out.count(), "buffering is not a state change");
        assertEquals(4, counter("updatesBuffered"));

        feed(ev.snapshot(102).bid("100.00", "5.000").bid("99.90", "1.000").ask("100.60", "2.000").view());

        assertEquals(2, counter("updatesDroppedStale"), "u < lastUpdateId");
        assertEquals(2, counter("updatesApplied"));
        assertEquals(1, out.statuses().size());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 105, -1, 105);
        final BookView book = stage.book(1);
        assertTrue(book.isTrusted());
        assertEquals(110, book.lastUpdateId());
        assertEquals(List.of(List.of("100.20", "3.000"), List.of("99.90", "1.000")), book.levels(book.bids(), 10));
        assertEquals(List.of(List.of("100.50", "1.500"), List.of("100.60", "2.000")), book.levels(book.asks(), 10));
    }

    @Test
    void shouldBridgeALiveDiffWhenTheSnapshotArrivesFirst()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(200).bid("100.00", "1.000").ask("101.00", "1.000").view());
        assertEquals(0, out.count());
        assertFalse(stage.book(1).isTrusted());
        // u == lastUpdateId still bridges on USD-M (U <= L <= u)
        feed(ev.update(195, 200, 190).bid("100.50", "1.000").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 200, -1, 200);
        feed(ev.update(201, 204, 200).ask("101.00", "0").view());
        assertEquals(204, stage.book(1).lastUpdateId());
        assertEquals(0, stage.book(1).asks().depth());
        // a duplicate is stale, not a gap
        feed(ev.update(201, 204, 200).ask("101.00", "3.000").view());
        assertEquals(1, counter("updatesDroppedStale"));
        assertEquals(0, counter("gaps"));
        assertTrue(stage.book(1).isTrusted());
    }

    @Test
    void shouldGoUntrustedOnAPuGapAndResyncWithANewSnapshot()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("101.00", "1.000").view(),
            ev.update(99, 103, 98).bid("100.10", "1.000").view());
        assertTrue(stage.book(1).isTrusted());

        feed(ev.update(110, 115, 108).bid("100.20", "1.000").view());
        assertEquals(1, counter("gaps"));
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 103, 103, 108);
        assertEquals("pu 108 != previous u 103", out.last().detail());

        feed(ev.update(116, 120, 115).bid("100.30", "1.000").view(),
            ev.update(121, 125, 120).ask("100.90", "2.000").view());
        assertFalse(stage.book(1).isTrusted());
        assertEquals(3, counter("updatesBuffered"), "the gap diff and the two after it wait for a snapshot");

        feed(ev.snapshot(118).bid("100.25", "4.000").ask("101.00", "1.000").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 120, -1, 120);
        assertEquals(125, stage.book(1).lastUpdateId());
        assertEquals(1, counter("updatesDroppedStale"), "115 < 118");
        assertEquals(List.of(List.of("100.30", "1.000"), List.of("100.25", "4.000")),
            stage.book(1).levels(stage.book(1).bids(), 5));
        assertEquals(List.of(BookState.TRUSTED, BookState.UNTRUSTED, BookState.TRUSTED),
            out.statuses().stream().map(BookStatusEmitter.Status::state).toList());
    }

    @Test
    void shouldReportAGapWhenTheSnapshotIsOlderThanTheFirstDiffAndWaitForANewerOne()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.update(60, 65, 59).bid("100.00", "1.000").view(),
            ev.snapshot(50).bid("99.00", "1.000").ask("101.00", "1.000").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 50, 50, 60);
        assertTrue(out.last().detail().contains("does not contain snapshot lastUpdateId 50"), out.last().detail());

        feed(ev.snapshot(62).bid("99.50", "1.000").ask("101.00", "1.000").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 65, -1, 65);
        assertEquals(1, counter("gaps"));
        assertEquals(2, counter("snapshots"));
    }

    @Test
    void shouldResetATrustedBookOnANewerSnapshotAndIgnoreAnOlderOne()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("101.00", "1.000").view(),
            ev.update(100, 104, 99).bid("100.10", "1.000").view());
        feed(ev.snapshot(90).bid("1.00", "1.000").view());
        assertEquals(1, counter("snapshotsIgnored"));
        assertEquals(100_10, stage.book(1).bestBidPrice());

        feed(ev.snapshot(120).bid("100.30", "1.000").ask("101.00", "1.000").view());
        assertStatus(out.last(), BookState.SYNCING, BookStatusReason.SNAPSHOT_RESET, 104, -1, 120);
        feed(ev.update(105, 110, 104).bid("100.40", "1.000").view());
        assertEquals(1, counter("updatesDroppedStale"));
        feed(ev.update(111, 121, 110).bid("100.50", "1.000").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 121, -1, 121);
        assertEquals(100_50, stage.book(1).bestBidPrice());
        assertEquals(100_30, stage.book(1).bids().price(1));
    }

    @Test
    void shouldUseTheUsdmRulesForTheSyntheticMarket()
    {
        final BookEvents ev = new BookEvents(SYNTHETIC);
        feed(ev.snapshot(5_000_000).bid("42000.0", "1.000").ask("42000.1", "1.000").view(),
            ev.update(4_999_999, 5_000_002, 4_999_998).bid("41999.9", "2.000").view(),
            ev.update(5_000_003, 5_000_004, 5_000_002).ask("42000.2", "2.000").view());
        assertTrue(stage.book(100).isTrusted());
        feed(ev.update(5_000_005, 5_000_006, 5_000_003).ask("42000.3", "2.000").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 5_000_004, 5_000_004, 5_000_003);
    }

    // ------------------------------------------------------------------ Binance spot

    @Test
    void shouldBridgeSpotWithLastUpdateIdPlusOneAndRequireConsecutiveIds()
    {
        final BookEvents ev = new BookEvents(SPOT);
        feed(ev.update(95, 100, -1).bid("100.00", "1.000000").view(),
            ev.update(101, 104, -1).bid("100.01", "1.000000").view(),
            ev.update(105, 107, -1).ask("100.05", "1.000000").view());
        feed(ev.snapshot(100).bid("99.00", "1.000000").ask("100.10", "1.000000").view());
        assertEquals(1, counter("updatesDroppedStale"), "spot: u <= lastUpdateId is stale (u == L included)");
        assertEquals(2, counter("updatesApplied"));
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 104, -1, 104);
        assertEquals(107, stage.book(11).lastUpdateId());

        feed(ev.update(109, 110, -1).bid("100.02", "1.000000").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 107, 108, 109);
        assertEquals("U 109 != previous u + 1 = 108", out.last().detail());
    }

    @Test
    void shouldNotBridgeSpotWhenTheFirstDiffStartsAfterLastUpdateIdPlusOne()
    {
        final BookEvents ev = new BookEvents(SPOT);
        feed(ev.snapshot(100).bid("99.00", "1.000000").ask("100.10", "1.000000").view(),
            ev.update(102, 106, -1).bid("100.00", "1.000000").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 100, 101, 102);
        // the diff stayed buffered: a snapshot at 101 is bridged by it (U = 102 <= 101 + 1 <= u = 106)
        feed(ev.snapshot(101).bid("99.00", "1.000000").ask("100.10", "1.000000").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.BRIDGED, 106, -1, 106);
    }

    /**
     * A spot diff delivered twice (u == the book's last u) is stale, not a gap: no needless resync. Kills the
     * SequenceRule mutant 'lastId <= last' -> '<' on spot's chained path (mutation profile, issue #18).
     */
    @Test
    void shouldDropARepeatedSpotDiffAsStaleAndStayTrusted()
    {
        final BookEvents ev = new BookEvents(SPOT);
        feed(ev.snapshot(100).bid("99.00", "1.000000").ask("100.10", "1.000000").view(),
            ev.update(101, 104, -1).bid("99.50", "2.000000").view(),
            ev.update(101, 104, -1).bid("99.50", "2.000000").view());
        assertEquals(1, counter("updatesApplied"));
        assertEquals(1, counter("updatesDroppedStale"));
        assertEquals(0, counter("gaps"));
        assertTrue(stage.book(11).isTrusted());
        assertEquals(104, stage.book(11).lastUpdateId());
    }

    // ------------------------------------------------------------------ OKX

    /** The OKX message with the previous seqId again: stale, the book stays trusted (same mutant, OKX path). */
    @Test
    void shouldDropARepeatedOkxMessageAsStaleAndStayTrusted()
    {
        final BookEvents ev = new BookEvents(OKX);
        feed(ev.snapshot(10).bid("30000", "1").ask("30001.5", "2").view(),
            ev.update(-1, 15, 10).bid("30000.5", "0.5").view(),
            ev.update(-1, 15, 10).bid("30000.5", "0.5").view());
        assertEquals(1, counter("updatesApplied"));
        assertEquals(1, counter("updatesDroppedStale"));
        assertEquals(0, counter("gaps"));
        assertTrue(stage.book(21).isTrusted());
        assertEquals(15, stage.book(21).lastUpdateId());
    }

    @Test
    void shouldFollowOkxSeqIdsIncludingHeartbeatAndReset()
    {
        final BookEvents ev = new BookEvents(OKX);
        feed(ev.update(-1, 7, 5).bid("1", "1").view());
        feed(ev.snapshot(10).bid("30000", "1").ask("30001.5", "2").view());
        assertEquals(1, counter("updatesDroppedStale"), "buffered before an in-stream snapshot: stale");
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, 10, -1, 10);

        feed(ev.update(-1, 15, 10).bid("30000.5", "0.5").view(),
            ev.update(-1, 15, 15).view(),
            ev.update(-1, 3, 15).ask("30001.5", "0").view(),
            ev.update(-1, 5, 3).ask("30002", "1.25").view());
        assertEquals(4, counter("updatesApplied"), "normal, heartbeat, reset after maintenance, normal");
        assertEquals(5, stage.book(21).lastUpdateId());
        assertTrue(stage.book(21).isTrusted());

        feed(ev.update(-1, 8, 6).bid("30000.7", "1").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 5, 5, 6);
        assertEquals("prevSeqId 6 != previous seqId 5", out.last().detail());

        feed(ev.snapshot(20).bid("30000", "1").ask("30001.5", "2").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, 20, -1, 20);
    }

    @Test
    void shouldVerifyTheOkxChecksumAndDistrustASingleAlteredSize()
    {
        final BookEvents ev = new BookEvents(OKX);
        feed(ev.snapshot(-1).bid("3366.1", "7").bid("3366", "6").ask("3366.8", "9").ask("3368", "8")
            .checksum(-1881014294).view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, -1, -1, -1);

        feed(ev.update(-1, -1, -1).bid("3366", "0").checksum(crc("3366.1:7:3366.8:9:3368:8")).view());
        assertTrue(stage.book(21).isTrusted());
        feed(ev.update(-1, -1, -1).ask("3368", "8.50").checksum(crc("3366.1:7:3366.8:9:3368:8.50")).view());
        assertTrue(stage.book(21).isTrusted(), "the size string as sent, trailing zero included");
        assertEquals(0, counter("checksumMismatches"));

        // the venue's book has 8.5 at 3368, ours has 8.51: one altered size
        feed(ev.update(-1, -1, -1).ask("3368", "8.51").checksum(crc("3366.1:7:3366.8:9:3368:8.5")).view());
        assertEquals(1, counter("checksumMismatches"));
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.CHECKSUM_MISMATCH, -1, -1, -1);
    }

    // ------------------------------------------------------------------ Bybit

    @Test
    void shouldRequireConsecutiveBybitIdsAndResetOnUEqualsOne()
    {
        final BookEvents ev = new BookEvents(BYBIT);
        feed(ev.snapshot(1000).bid("1.9531", "6203").ask("1.9532", "100").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, 1000, -1, 1000);
        feed(ev.update(-1, 1001, -1).bid("1.9531", "6198").view(),
            ev.update(-1, 1002, -1).ask("1.9533", "50").view(),
            ev.update(-1, 1002, -1).ask("1.9533", "51").view());
        assertEquals(2, counter("updatesApplied"));
        assertEquals(1, counter("updatesDroppedStale"));

        // delta 1003 removed from the stream
        feed(ev.update(-1, 1004, -1).bid("1.9530", "10").view());
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, 1002, 1003, 1004);
        assertEquals(1, counter("gaps"));

        // u == 1 on a delta: the service restarted and this message is the whole book
        feed(ev.update(-1, 1, -1).bid("1.9000", "5").ask("1.9100", "7").view());
        assertStatus(out.last(), BookState.TRUSTED, BookStatusReason.SNAPSHOT_APPLIED, 1, -1, 1);
        final BookView book = stage.book(32);
        assertEquals(List.of(List.of("1.9000", "5")), book.levels(book.bids(), 10));
        assertEquals(List.of(List.of("1.9100", "7")), book.levels(book.asks(), 10));
        feed(ev.update(-1, 2, -1).bid("1.9001", "1").view());
        assertEquals(2, book.lastUpdateId());
        assertTrue(book.isTrusted());

        // the adapter may also encode the u == 1 message as a DepthSnapshot
        feed(ev.update(-1, 9, -1).bid("1.9002", "1").view());
        assertFalse(book.isTrusted());
        feed(ev.snapshot(1).bid("1.8000", "1").ask("1.8100", "1").view());
        assertTrue(book.isTrusted());
        assertEquals(1, book.bids().depth());
        assertEquals(3, counter("snapshots"));
    }

    // ------------------------------------------------------------------ all venues

    @Test
    void shouldDistrustACrossedBook()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("100.10", "1.000").view(),
            ev.update(100, 101, 99).bid("100.10", "1.000").view());
        assertEquals(1, counter("crossed"));
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.CROSSED_BOOK, 101, -1, 101);
        assertEquals("best bid 100.10 >= best ask 100.10", out.last().detail());
        assertTrue(stage.book(1).isCrossed(), "the view shows the crossed levels it was distrusted for");
        assertEquals(List.of(BookState.UNTRUSTED), out.statuses().stream().map(BookStatusEmitter.Status::state).toList(),
            "it never became trusted: the bridging diff crossed the book");
    }

    @Test
    void shouldDistrustImpossibleLevels()
    {
        final BookEvents ev = new BookEvents(BYBIT);
        feed(ev.snapshot(10).bid("1.0000", "1").ask("1.1000", "1").view(),
            ev.update(-1, 11, -1).bid("1.0500", "-1").view());
        assertEquals(1, counter("badLevels"));
        assertStatus(out.last(), BookState.UNTRUSTED, BookStatusReason.BAD_LEVEL, 11, -1, 11);
    }

    @Test
    void shouldDropAndCountTheDeepestLevelsAtCapacity()
    {
        stage = new OrderBookStage(REGISTRY, 3, 100);
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").bid("99.90", "1.000").bid("99.80", "1.000").bid("99.70", "1.000")
            .bid("99.60", "1.000").ask("100.10", "1.000").view());
        assertEquals(2, counter("levelsDroppedAtCapacity"));
        feed(ev.update(100, 101, 99).bid("100.05", "1.000").view());
        assertEquals(3, counter("levelsDroppedAtCapacity"));
        final BookView book = stage.book(1);
        assertEquals(List.of(List.of("100.05", "1.000"), List.of("100.00", "1.000"), List.of("99.90", "1.000")),
            book.levels(book.bids(), 10));
        assertTrue(book.isTrusted());

        // a snapshot not listed best first loads level by level, with the same result
        stage = new OrderBookStage(REGISTRY, 3, 100);
        feed(ev.snapshot(100).bid("99.70", "1.000").bid("100.00", "1.000").bid("99.60", "1.000").bid("99.80", "1.000")
            .bid("99.90", "1.000").ask("100.10", "1.000").view());
        assertEquals(2, counter("levelsDroppedAtCapacity"));
        assertEquals(List.of(List.of("100.00", "1.000"), List.of("99.90", "1.000"), List.of("99.80", "1.000")),
            stage.book(1).levels(stage.book(1).bids(), 10));
    }

    /** The read-only view's top of book, instrument and dropped-level count (mutation profile: never read before). */
    @Test
    void shouldExposeTheTopOfTheBookThroughItsView()
    {
        stage = new OrderBookStage(REGISTRY, 2, 100);
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.500").bid("99.90", "1.000").bid("99.80", "1.000")
            .ask("100.10", "2.250").view());
        final BookView view = stage.book(1);
        assertEquals(USDM, view.instrument());
        assertEquals(10_000, view.bestBidPrice());
        assertEquals(1_500, view.bestBidQty());
        assertEquals(10_010, view.bestAskPrice());
        assertEquals(2_250, view.bestAskQty());
        assertFalse(view.isCrossed());
        assertEquals(1, view.levelsDroppedAtCapacity(), "99.80 did not fit two levels");
        assertEquals(2, view.bids().capacity());
    }

    @Test
    void shouldDropTheOldestBufferedDiffWhenTheBufferIsFull()
    {
        stage = new OrderBookStage(REGISTRY, 100, 3);
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.update(1, 5, 0).bid("100.00", "1.000").view(),
            ev.update(6, 10, 5).bid("100.01", "1.000").view(),
            ev.update(11, 15, 10).bid("100.02", "1.000").view(),
            ev.update(16, 20, 15).bid("100.03", "1.000").view(),
            ev.update(21, 25, 20).bid("100.04", "1.000").view());
        assertEquals(5, counter("updatesBuffered"));
        assertEquals(2, counter("updatesDroppedBufferFull"));
        feed(ev.snapshot(12).ask("101.00", "1.000").view());
        assertTrue(stage.book(1).isTrusted());
        assertEquals(3, counter("updatesApplied"));
        assertEquals(25, stage.book(1).lastUpdateId());
    }

    @Test
    void shouldKeepBufferingManyDiffsInBoundedMemory()
    {
        stage = new OrderBookStage(REGISTRY, 100, 50);
        final BookEvents ev = new BookEvents(USDM);
        long u = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final EventView e = ev.update(u + 1, u + 3, u).bid("100.00", i % 2 == 0 ? "1.000" : "2.000")
                .ask("101.00", "1.000").view();
            u += 3;
            feed(e);
        }
        assertEquals(20_000 - 50, counter("updatesDroppedBufferFull"));
        feed(ev.snapshot(u - 10).bid("99.00", "1.000").view());
        assertTrue(stage.book(1).isTrusted());
        assertEquals(u, stage.book(1).lastUpdateId());
    }

    @Test
    void shouldCountEventsForUnknownInstruments()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.update(1, 2, 0).instrumentId(999).view(), ev.snapshot(1).instrumentId(999).view());
        assertEquals(2, counter("unknownInstrument"));
        assertNull(stage.book(999));
        assertNull(stage.book(2), "no depth seen");
    }

    @Test
    void shouldCrossCheckBestBidOfferOnATrustedBook()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.bbo(1, "100.00", "100.10"));
        assertEquals(1, counter("bboSkipped"), "no book yet");
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("100.10", "1.000").view());
        feed(ev.bbo(101, "100.00", "100.10"));
        assertEquals(2, counter("bboSkipped"), "not trusted yet");
        feed(ev.update(100, 101, 99).bid("99.00", "1.000").view());

        feed(ev.bbo(101, "100.00", "100.10"), ev.bbo(105, "100.00", "100.10"));
        assertEquals(2, counter("bboChecks"));
        assertEquals(0, counter("bboMismatches"));
        assertTrue(stage.book(1).lastBboMatched());

        feed(ev.bbo(106, "100.00", "100.20"));
        assertEquals(1, counter("bboMismatches"));
        assertFalse(stage.book(1).lastBboMatched());
        feed(ev.bbo(90, "1.00", "2.00"));
        assertEquals(3, counter("bboSkipped"), "older than the book");
        assertEquals(3, stage.book(1).bboChecks());
        assertEquals(1, stage.book(1).bboMismatches());
    }

    @Test
    void shouldMatchAZeroPriceBestBidOfferSideWithAnEmptyBookSide()
    {
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("100.10", "1.000").view());
        feed(ev.update(100, 101, 99).bid("99.00", "1.000").view());
        // the only ask is removed (qty 0): the ask side is empty, best ask NO_PRICE
        feed(ev.update(102, 102, 101).ask("100.10", "0").view());
        assertEquals(BookSide.NO_PRICE, stage.book(1).bestAskPrice());

        // a parser writes the empty ask side as price 0 (qty 0): it matches the empty side, no bogus level at 0
        feed(ev.bbo(102, "100.00", "0"));
        assertEquals(1, counter("bboChecks"));
        assertEquals(0, counter("bboMismatches"));
        assertTrue(stage.book(1).lastBboMatched());
        assertEquals(BookSide.NO_PRICE, stage.book(1).bestAskPrice());

        // an empty bid side while the book holds bids at 100.00 is a mismatch, not a match with anything
        feed(ev.bbo(102, "0", "0"));
        assertEquals(1, counter("bboMismatches"));
        assertFalse(stage.book(1).lastBboMatched());
    }

    @Test
    void shouldRenderTheBookAsTheVenueWroteIt()
    {
        final BookEvents ev = new BookEvents(OKX);
        feed(ev.snapshot(10).bid("30243.5", "1.44679").bid("30243", "0.08").bid("30242.9", "0.10")
            .ask("30244", "0.00047612").view());
        final Map<String, Object> json = stage.book(21).toJson(2);
        assertEquals(Map.of(
            "symbol", "BTC-USDT",
            "trusted", true,
            "lastUpdateId", 10L,
            "bids", List.of(List.of("30243.5", "1.44679"), List.of("30243", "0.08")),
            "asks", List.of(List.of("30244", "0.00047612"))), json);
        assertEquals(List.of("symbol", "trusted", "lastUpdateId", "bids", "asks"), List.copyOf(json.keySet()));
    }

    @Test
    @Tag("allocation") // measured by the JVM: not run under the mutation profile's coverage agent
    void shouldNotAllocateWhenApplyingDiffsToATrustedBook()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final BookEvents ev = new BookEvents(USDM);
        feed(ev.snapshot(100).bid("100.00", "1.000").ask("200.00", "1.000").view());
        final EventView[] diffs = new EventView[64];
        final EventView[] bbos = new EventView[64];
        for (int i = 0; i < diffs.length; i++)
        {
            final String bid = (100 + i % 50) + ".00";
            final String ask = (150 + i % 40) + ".10";
            diffs[i] = ev.update(0, 0, 0).bid(bid, i % 3 == 0 ? "0" : "1.500").ask(ask, i % 4 == 0 ? "0" : "2.000")
                .bid("99.00", "3.000").view();
            bbos[i] = ev.bbo(Long.MAX_VALUE, "100.00", "150.10");
        }
        final DepthUpdateEncoder stamp = new DepthUpdateEncoder();
        long u = 100;
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++)
            {
                final EventView diff = diffs[i & 63];
                stamp.wrap((MutableDirectBuffer)diff.buffer(), diff.bodyOffset())
                    .firstUpdateId(u).lastUpdateId(u + 2).prevUpdateId(u);
                u += 2;
                stage.onEvent(diff, out);
                stage.onEvent(bbos[i & 63], out);
            }
            // rounds 0-1 warm up; the least of the rest: a per-event allocation shows in every round, a one-off JIT
            // transition on a loaded machine in one at most
            if (round >= 2)
            {
                least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
            }
        }
        assertEquals(0, least, "bytes allocated by 100,000 diffs and best bid/offers");
        assertTrue(stage.book(1).isTrusted());
        assertEquals(500_000, counter("updatesApplied"));
        assertEquals(500_000, counter("bboChecks"));
    }
}
