package dev.trader.adapters.binance.vision;

import dev.trader.adapters.archive.CorruptArchiveException;
import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.binance.vision.BinanceVisionImporter.Kind;
import dev.trader.adapters.binance.vision.CollectingSink.BboEvent;
import dev.trader.adapters.binance.vision.CollectingSink.KlineEvent;
import dev.trader.adapters.binance.vision.CollectingSink.RejectEvent;
import dev.trader.adapters.binance.vision.CollectingSink.TradeEvent;
import dev.trader.adapters.binance.vision.ImportResult.ChecksumStatus;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BinanceVisionImporterTest
{
    private static final String KLINES_ZIP = "BTCUSDT-1m-2020-01-01.zip";
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long HOUR_NS = 60 * MINUTE_NS;

    private static Instrument spotBtc;
    private static Instrument usdmBtc;

    private final BinanceVisionImporter importer = new BinanceVisionImporter();
    private final CollectingSink sink = new CollectingSink();

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadInstruments()
    {
        final Path root = Path.of(System.getProperty("trader.root.dir", ".."));
        final InstrumentRegistry registry = InstrumentRegistry.load(root.resolve("configs").resolve("instruments.yaml"));
        spotBtc = registry.resolve("binance-spot:BTCUSDT");
        usdmBtc = registry.resolve("binance-usdm:BTCUSDT");
    }

    /** The shared Binance Vision folder; skips the test when it is absent (a fresh clone without the data). */
    private static Path vision()
    {
        return SharedFixtures.require("data/binance-vision");
    }

    private static Path klinesZip()
    {
        return vision().resolve("spot-klines-1m").resolve(KLINES_ZIP);
    }

    private static Path sample(final String market, final String name)
    {
        return vision().resolve("samples").resolve(market).resolve(name);
    }

    private static List<String> zipLines(final Path zip) throws IOException
    {
        try (ZipFile zf = new ZipFile(zip.toFile()))
        {
            final ZipEntry entry = zf.entries().nextElement();
            try (InputStream in = zf.getInputStream(entry))
            {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
            }
        }
    }

    /** Independent of Decimals: the mantissa of {@code text} at {@code exponent}, exact or an exception. */
    private static long mantissa(final String text, final int exponent)
    {
        return new BigDecimal(text).movePointRight(-exponent).longValueExact();
    }

    private static void assertKlineEqualsRow(final String line, final KlineEvent k, final Instrument instrument)
    {
        final String[] c = line.split(",");
        final long openNs = Long.parseLong(c[0]) * 1_000_000L;
        assertEquals(openNs, k.openTimeNs(), "open time of " + line);
        assertEquals(openNs + MINUTE_NS, k.closeTimeNs());
        assertEquals(k.closeTimeNs(), k.exchangeTsNs());
        assertEquals(k.exchangeTsNs(), k.receiveTsNs());
        assertEquals(Long.parseLong(c[6]) * 1_000_000L + 1_000_000L, k.closeTimeNs(), "Binance close_time + 1 ms");
        assertEquals(MINUTE_NS, k.intervalNs());
        assertEquals(instrument.id(), k.instrumentId());
        assertEquals(mantissa(c[1], instrument.priceExponent()), k.open());
        assertEquals(mantissa(c[2], instrument.priceExponent()), k.high());
        assertEquals(mantissa(c[3], instrument.priceExponent()), k.low());
        assertEquals(mantissa(c[4], instrument.priceExponent()), k.close());
        assertEquals(mantissa(c[5], instrument.qtyExponent()), k.volume());
        assertEquals(mantissa(c[7], instrument.quoteExponent()), k.quoteVolume());
        assertEquals(Long.parseLong(c[8]), k.tradeCount());
        assertEquals(mantissa(c[9], instrument.qtyExponent()), k.takerBuyVolume());
        assertEquals(mantissa(c[10], instrument.quoteExponent()), k.takerBuyQuoteVolume());
        assertTrue(k.closed());
    }

    // ---------------------------------------------------------------- 1. the real daily klines zip

    @Test
    void importsADayOfSpotOneMinuteKlinesVerifiedAgainstItsChecksum() throws IOException
    {
        final Path zip = klinesZip();
        final ImportResult result = importer.importFile(zip, spotBtc, sink);

        assertEquals(1_440, sink.klines().size());
        assertEquals(1_440, sink.events().size());
        assertEquals(1_440, result.rows());
        assertEquals(1_440, result.events(EventType.KLINE));
        assertEquals(0, result.rejects());
        assertEquals(0, result.outOfOrder());
        assertEquals(ChecksumStatus.VERIFIED, result.checksum());
        assertEquals("verified", result.checksum().toString());
        assertEquals(Kind.KLINES, result.kind());
        assertEquals("1m", result.klineInterval());
        assertFalse(result.headerRow());

        final List<String> lines = zipLines(zip);
        assertEquals(1_440, lines.size());
        final List<KlineEvent> klines = sink.klines();
        assertKlineEqualsRow(lines.get(0), klines.get(0), spotBtc);
        assertKlineEqualsRow(lines.get(lines.size() - 1), klines.get(klines.size() - 1), spotBtc);

        // 2020-01-01T00:00Z opens the first candle, which completes a minute later; the last completes at midnight
        assertEquals(1_577_836_860_000_000_000L, result.firstExchangeTsNs());
        assertEquals(1_577_923_200_000_000_000L, result.lastExchangeTsNs());
        assertTrue(result.toString().startsWith(KLINES_ZIP + ": klines 1m, 1440 rows -> Kline=1440, rejects=0"), result::toString);
        assertTrue(result.toString().contains("checksum=verified"), result::toString);
    }

    // ---------------------------------------------------------------- 2. a corrupted download

    @Test
    void refusesACorruptedZipWhoseChecksumNoLongerMatches() throws IOException
    {
        final Path original = klinesZip();
        final Path zip = Files.copy(original, tmp.resolve(KLINES_ZIP));
        Files.copy(original.resolveSibling(KLINES_ZIP + ".CHECKSUM"), tmp.resolve(KLINES_ZIP + ".CHECKSUM"));
        final byte[] bytes = Files.readAllBytes(zip);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(zip, bytes);

        final ChecksumMismatchException ex = assertThrows(ChecksumMismatchException.class,
            () -> importer.importFile(zip, spotBtc, sink));

        assertTrue(ex.getMessage().contains(KLINES_ZIP), ex::getMessage);
        assertEquals("dd579c62368ded93d3f01a1904575b932279e32936e181c062763e605793c1c2", ex.expectedSha256());
        assertTrue(ex.getMessage().contains(ex.expectedSha256()), ex::getMessage);
        assertTrue(ex.getMessage().contains(ex.actualSha256()), ex::getMessage);
        assertFalse(ex.expectedSha256().equals(ex.actualSha256()));
        assertTrue(sink.events().isEmpty(), "nothing may be written from a file that fails its checksum");
    }

    // ---------------------------------------------------------------- 3. the samples, one quirk each

    @Test
    void spotAggTrades2023HaveNoHeaderMillisecondsAndCapitalisedBooleans() throws IOException
    {
        final ImportResult result = importer.importFile(sample("spot", "BTCUSDT-aggTrades-2023-11-17.csv"), spotBtc, sink);

        assertEquals(4, result.events(EventType.TRADE));
        assertEquals(0, result.rejects());
        assertFalse(result.headerRow());
        assertEquals(ChecksumStatus.ABSENT, result.checksum());
        final TradeEvent first = sink.trades().get(0);
        // 2759293842,36163.51000000,0.00207000,3284106384,3284106384,1700179200000,True,True
        assertEquals(new TradeEvent(1_700_179_200_000_000_000L, 1_700_179_200_000_000_000L, spotBtc.id(), 2_759_293_842L,
            3_616_351L, 2_070L, Side.SELL, TradeType.AGG_TRADE, 3_284_106_384L, 3_284_106_384L), first);
        assertEquals(Side.BUY, sink.trades().get(2).aggressor(), "False: the buyer took");
    }

    @Test
    void spotAggTrades2026CarryMicrosecondTimestamps() throws IOException
    {
        final ImportResult result = importer.importFile(sample("spot", "BTCUSDT-aggTrades-2026-09-15.csv"), spotBtc, sink);

        assertEquals(5, result.events(EventType.TRADE));
        assertEquals(0, result.rejects());
        final TradeEvent first = sink.trades().get(0);
        assertEquals(1_789_430_400_017_025_000L, first.exchangeTsNs());
        assertEquals(6_681_954_163L, first.firstTradeId());
        assertEquals(6_681_954_164L, first.lastTradeId());
        assertEquals(1_789_430_400_830_198_000L, result.lastExchangeTsNs());
    }

    @Test
    void usdmAggTradesHaveAHeaderAndLowercaseBooleans() throws IOException
    {
        final ImportResult result = importer.importFile(sample("um", "BTCUSDT-aggTrades-2026-09-15.csv"), usdmBtc, sink);

        assertTrue(result.headerRow());
        assertEquals(5, result.rows());
        assertEquals(5, result.events(EventType.TRADE));
        assertEquals(0, result.rejects());
        final List<TradeEvent> trades = sink.trades();
        assertEquals(Side.BUY, trades.get(0).aggressor());
        // 3449899748,78152.9,0.148,8078264333,8078264336,1789430400006,true
        assertEquals(new TradeEvent(1_789_430_400_006_000_000L, 1_789_430_400_006_000_000L, usdmBtc.id(), 3_449_899_748L,
            7_815_290L, 148L, Side.SELL, TradeType.AGG_TRADE, 8_078_264_333L, 8_078_264_336L), trades.get(1));
    }

    @Test
    void usdmTradesBecomeTradesWithFirstAndLastEqualToTheId() throws IOException
    {
        final ImportResult result = importer.importFile(sample("um", "BTCUSDT-trades-2026-09-15.csv"), usdmBtc, sink);

        assertTrue(result.headerRow());
        assertEquals(3, result.events(EventType.TRADE));
        assertEquals(0, result.rejects());
        // 8078264333,78152.9,0.014,1094.1406,1789430400006,true
        assertEquals(new TradeEvent(1_789_430_400_006_000_000L, 1_789_430_400_006_000_000L, usdmBtc.id(), 8_078_264_333L,
            7_815_290L, 14L, Side.SELL, TradeType.TRADE, 8_078_264_333L, 8_078_264_333L), sink.trades().get(1));
    }

    @Test
    void usdmBookTickerBecomesBestBidOfferAtTransactionTime() throws IOException
    {
        final ImportResult result = importer.importFile(sample("um", "BTCUSDT-bookTicker-2024-01-15.csv"), usdmBtc, sink);

        assertTrue(result.headerRow());
        assertEquals(3, result.events(EventType.BEST_BID_OFFER));
        assertEquals(0, result.rejects());
        // 3831603310899,41734.90000000,0.70200000,41735.00000000,2.03300000,1705276800014,1705276800018
        assertEquals(new BboEvent(1_705_276_800_014_000_000L, 1_705_276_800_014_000_000L, usdmBtc.id(), 3_831_603_310_899L,
            4_173_490L, 702L, 4_173_500L, 2_033L), sink.bbos().get(0));
    }

    @Test
    void usdmHourlyKlinesHaveAHeader() throws IOException
    {
        final ImportResult result = importer.importFile(sample("um", "BTCUSDT-1h-2026-09-15.csv"), usdmBtc, sink);

        assertTrue(result.headerRow());
        assertEquals("1h", result.klineInterval());
        assertEquals(3, result.events(EventType.KLINE));
        assertEquals(0, result.rejects());
        final KlineEvent first = sink.klines().get(0);
        // 1789430400000,78153.00,78223.30,77905.50,77928.50,5124.846,1789433999999,399835975.06250,109441,2423.990,189098398.43360,0
        assertEquals(HOUR_NS, first.intervalNs());
        assertEquals(1_789_430_400_000_000_000L, first.openTimeNs());
        assertEquals(1_789_434_000_000_000_000L, first.closeTimeNs());
        assertEquals(39_983_597_506_250L, first.quoteVolume());
        assertEquals(5_124_846L, first.volume());
        assertEquals(109_441L, first.tradeCount());
    }

    @Test
    void spotMinuteKlines2026CarryMicrosecondTimestamps() throws IOException
    {
        final ImportResult result = importer.importFile(sample("spot", "BTCUSDT-1m-2026-09-15.csv"), spotBtc, sink);

        assertFalse(result.headerRow());
        assertEquals(4, result.events(EventType.KLINE));
        assertEquals(0, result.rejects());
        final KlineEvent first = sink.klines().get(0);
        // 1789430400000000,78189.20000000,...,1789430459999999,...
        assertEquals(1_789_430_400_000_000_000L, first.openTimeNs());
        assertEquals(1_789_430_460_000_000_000L, first.closeTimeNs());
        assertEquals(7_818_920L, first.open());
        assertEquals(27_216_578_776_570L, first.quoteVolume());
    }

    // ---------------------------------------------------------------- 4. bad rows

    @Test
    void badRowsBecomeInputRejectsWithReasonAndLineNumber() throws IOException
    {
        final String good = "100,42000.10,0.005,200,201,1700000000000,true";
        final String tooFew = "101,42000.10,0.005";
        final String notANumber = "102,abc,0.005,202,202,1700000000001,false";
        final String tooPrecise = "103,42000.123,0.005,203,203,1700000000002,false";
        final String negativeQty = "104,42000.10,-0.005,204,204,1700000000003,true";
        final Path file = tmp.resolve("BTCUSDT-aggTrades-2023-11-14.csv"); // the day of 1700000000000
        Files.writeString(file, String.join("\n", good, tooFew, notANumber, tooPrecise, negativeQty) + "\n");

        final ImportResult result = importer.importFile(file, usdmBtc, sink);

        assertEquals(5, result.rows());
        assertEquals(1, result.events(EventType.TRADE));
        assertEquals(4, result.events(EventType.INPUT_REJECT));
        assertEquals(4, result.rejects());
        assertEquals(2, result.rejects(RejectReason.MALFORMED));
        assertEquals(1, result.rejects(RejectReason.PRECISION));
        assertEquals(1, result.rejects(RejectReason.BAD_VALUE));
        assertEquals(5, sink.events().size());
        assertEquals(4_200_010L, sink.trades().get(0).price());

        final List<RejectEvent> rejects = sink.rejects();
        assertReject(rejects.get(0), RejectReason.MALFORMED, 2, tooFew, "columns");
        assertReject(rejects.get(1), RejectReason.MALFORMED, 3, notANumber, "'abc'");
        assertReject(rejects.get(2), RejectReason.PRECISION, 4, tooPrecise, "'42000.123'");
        assertReject(rejects.get(3), RejectReason.BAD_VALUE, 5, negativeQty, "'-0.005'");
        for (final RejectEvent r : rejects)
        {
            assertEquals(usdmBtc.id(), r.instrumentId());
            assertEquals(1_700_000_000_000_000_000L, r.exchangeTsNs(), "a reject carries the time of the last good row");
        }
        assertTrue(result.toString().contains("rejects=4"), result::toString);
        assertEquals("line 2: " + rejects.get(0).detail(), result.firstReject());
    }

    @Test
    void refusesATruncatedZipInOneLineNamingIt() throws IOException
    {
        final Path full = tmp.resolve("full.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(full)))
        {
            out.putNextEntry(new ZipEntry("BTCUSDT-aggTrades-2023-11-17.csv"));
            for (int i = 0; i < 2_000; i++)
            {
                out.write((i + ",42000." + i % 10 + "0,0.00" + i % 9 + ",200,201," + (1_700_000_000_000L + i) + ",true\n")
                    .getBytes(StandardCharsets.US_ASCII));
            }
            out.closeEntry();
        }
        final Path zip = tmp.resolve("BTCUSDT-aggTrades-2023-11-17.zip");
        Files.write(zip, Arrays.copyOf(Files.readAllBytes(full), (int)Files.size(full) / 2));

        final CorruptArchiveException ex = assertThrows(CorruptArchiveException.class, () -> importer.importFile(zip, usdmBtc, sink));

        assertEquals("truncated or corrupt zip: " + zip + " (zip END header not found)", ex.getMessage());
        assertEquals(0, ex.unitsRead());
        assertTrue(sink.events().isEmpty());
    }

    private static void assertReject(
        final RejectEvent reject,
        final RejectReason reason,
        final long line,
        final String raw,
        final String detailFragment)
    {
        assertEquals(BinanceVisionImporter.SOURCE, reject.source());
        assertEquals(reason, reject.reason(), reject::toString);
        assertEquals(line, reject.reference());
        assertEquals(raw, reject.raw());
        assertTrue(reject.detail().contains(detailFragment), reject::toString);
    }

    @Test
    void klineRowsThatContradictThemselvesAreRejected() throws IOException
    {
        final String header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
            + "taker_buy_quote_volume,ignore";
        final String good = "1789430400000,78153.00,78223.30,77905.50,77928.50,5.000,1789433999999,390000.00000,10,2.000,"
            + "150000.00000,0";
        final String highBelowLow = "1789434000000,78153.00,77000.00,77905.50,77928.50,5.000,1789437599999,390000.00000,10,"
            + "2.000,150000.00000,0";
        final String wrongCloseTime = "1789437600000,78153.00,78223.30,77905.50,77928.50,5.000,1789437659999,390000.00000,10,"
            + "2.000,150000.00000,0";
        final String takerAboveVolume = "1789441200000,78153.00,78223.30,77905.50,77928.50,5.000,1789444799999,390000.00000,"
            + "10,6.000,150000.00000,0";
        final Path file = tmp.resolve("BTCUSDT-1h-2026-09-15.csv");
        Files.writeString(file, String.join("\r\n", header, good, highBelowLow, wrongCloseTime, takerAboveVolume) + "\r\n");

        final ImportResult result = importer.importFile(file, usdmBtc, sink);

        assertEquals(4, result.rows());
        assertEquals(1, result.events(EventType.KLINE));
        assertEquals(3, result.rejects(RejectReason.BAD_VALUE));
        final List<RejectEvent> rejects = sink.rejects();
        assertReject(rejects.get(0), RejectReason.BAD_VALUE, 3, highBelowLow, "below low");
        assertReject(rejects.get(1), RejectReason.BAD_VALUE, 4, wrongCloseTime, "close_time");
        assertReject(rejects.get(2), RejectReason.BAD_VALUE, 5, takerAboveVolume, "taker_buy_volume");
    }

    @Test
    void emptyLinesAndLongRowsAreRejectedNotDropped() throws IOException
    {
        final String longRow = "105," + "9".repeat(900) + ",0.005,205,205,1700000000004,true";
        final Path file = tmp.resolve("BTCUSDT-trades-2023-11-14.csv"); // the day of 1700000000000
        Files.writeString(file, "1,42000.10,0.005,210.0005,1700000000000,true\n\n" + longRow + "\n");

        final ImportResult result = importer.importFile(file, usdmBtc, sink);

        assertEquals(3, result.rows());
        assertEquals(1, result.events(EventType.TRADE));
        final List<RejectEvent> rejects = sink.rejects();
        assertReject(rejects.get(0), RejectReason.MALFORMED, 2, "", "empty line");
        assertEquals(3, rejects.get(1).reference());
        assertEquals(BinanceVisionImporter.MAX_RAW_BYTES, rejects.get(1).raw().length());
        assertTrue(longRow.startsWith(rejects.get(1).raw()));
        assertTrue(rejects.get(1).detail().length() < 200, "details quote cells shortened");
    }

    @Test
    void backwardsTimestampsAreImportedAndCounted() throws IOException
    {
        final Path file = tmp.resolve("BTCUSDT-trades-2023-11-14.csv"); // the day of 1700000000005
        Files.writeString(file, "id,price,qty,quote_qty,time,is_buyer_maker\n"
            + "1,42000.10,0.005,210.0005,1700000000005,true\n"
            + "2,42000.20,0.005,210.001,1700000000003,false\n"
            + "3,42000.30,0.005,210.0015,1700000000003,False\n"
            + "4,42000.40,0.005,210.002,1700000000007,TRUE\n");

        final ImportResult result = importer.importFile(file, usdmBtc, sink);

        assertEquals(4, result.events(EventType.TRADE));
        assertEquals(1, result.outOfOrder());
        assertEquals(List.of(1L, 2L, 3L, 4L), sink.trades().stream().map(TradeEvent::tradeId).toList(), "never reordered");
        assertEquals(1_700_000_000_005_000_000L, result.firstExchangeTsNs());
        assertEquals(1_700_000_000_007_000_000L, result.lastExchangeTsNs());
    }

    @Test
    void bookTickerFallsBackToEventTimeAndRefusesACrossedBook() throws IOException
    {
        final Path file = tmp.resolve("BTCUSDT-bookTicker-2024-01-15.csv");
        Files.writeString(file, "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n"
            + "10,41734.90,0.702,41735.00,2.033,,1705276800018\n"
            + "11,41735.10,0.702,41735.00,2.033,1705276800020,1705276800021\n");

        final ImportResult result = importer.importFile(file, usdmBtc, sink);

        assertEquals(1, result.events(EventType.BEST_BID_OFFER));
        assertEquals(1_705_276_800_018_000_000L, sink.bbos().get(0).exchangeTsNs());
        assertReject(sink.rejects().get(0), RejectReason.CROSSED_BOOK, 3,
            "11,41735.10,0.702,41735.00,2.033,1705276800020,1705276800021", "best_bid_price");
    }

    // ---------------------------------------------------------------- 5. plain CSV = zip

    @Test
    void plainCsvGivesTheSameEventsAsTheZip() throws IOException
    {
        final Path zip = klinesZip();
        final Path csv = tmp.resolve("BTCUSDT-1m-2020-01-01.csv");
        try (ZipFile zf = new ZipFile(zip.toFile()); InputStream in = zf.getInputStream(zf.entries().nextElement()))
        {
            Files.copy(in, csv);
        }
        final CollectingSink fromCsv = new CollectingSink();

        final ImportResult zipResult = importer.importFile(zip, spotBtc, sink);
        final ImportResult csvResult = importer.importFile(csv, spotBtc, fromCsv);

        assertEquals(ChecksumStatus.VERIFIED, zipResult.checksum());
        assertEquals(ChecksumStatus.ABSENT, csvResult.checksum());
        assertEquals(zipResult.eventsByType(), csvResult.eventsByType());
        assertEquals(sink.frames().size(), fromCsv.frames().size());
        for (int i = 0; i < sink.frames().size(); i++)
        {
            assertArrayEquals(sink.frames().get(i), fromCsv.frames().get(i), "event " + i);
        }
    }

    // ---------------------------------------------------------------- kinds, intervals, timestamps

    @Test
    void kindComesFromTheFileNameOrAnExplicitOverride() throws IOException
    {
        assertEquals(Kind.KLINES, Kind.fromFileName("BTCUSDT-1m-2020-01-01.zip"));
        assertEquals(Kind.KLINES, Kind.fromFileName("BTCUSDT-1mo-2020-01.zip"));
        assertEquals(Kind.AGG_TRADES, Kind.fromFileName("BTCUSDT-aggTrades-2023-11-17.zip"));
        assertEquals(Kind.TRADES, Kind.fromFileName("BTCUSDT-trades-2026-09-15.csv"));
        assertEquals(Kind.BOOK_TICKER, Kind.fromFileName("BTCUSDT-bookTicker-2024-01-15.csv"));
        assertNull(Kind.fromFileName("BTCUSDT-bookDepth-2026-09-15.csv"));
        assertNull(Kind.fromFileName("BTCUSDT-metrics-2026-09-15.csv"));

        final Path anonymous = tmp.resolve("candles.csv");
        Files.writeString(anonymous, "1577836800000,7195.24,7196.25,7183.14,7186.68,51.642812,1577836859999,"
            + "371233.51835535,493,19.59823,140888.41428273,0\n");
        assertThrows(IllegalArgumentException.class, () -> importer.importFile(anonymous, spotBtc, sink));
        assertThrows(IllegalArgumentException.class, () -> importer.importFile(anonymous, spotBtc, sink, Kind.KLINES, null));
        final ImportResult result = importer.importFile(anonymous, spotBtc, sink, Kind.KLINES, "1m");
        assertEquals(1, result.events(EventType.KLINE));
        assertEquals(MINUTE_NS, sink.klines().get(0).intervalNs());

        // the same row read as hourly klines: its close_time says it is not
        final ImportResult wrongInterval = importer.importFile(anonymous, spotBtc, sink, Kind.KLINES, "1h");
        assertEquals(1, wrongInterval.rejects(RejectReason.BAD_VALUE));
    }

    @Test
    void monthlyKlinesCloseAtTheNextCalendarMonth()
    {
        final KlineInterval month = KlineInterval.parse("1mo");
        final long feb2024 = 1_706_745_600_000_000_000L;   // 2024-02-01T00:00Z
        assertEquals(29 * 24 * HOUR_NS, month.closeTimeNs(feb2024) - feb2024);
        assertEquals(4 * HOUR_NS, KlineInterval.parse("4h").closeTimeNs(0));
        assertEquals(7 * 24 * HOUR_NS, KlineInterval.fromFileName("ETHUSDT-1w-2024-01").closeTimeNs(0));
        assertThrows(IllegalArgumentException.class, () -> KlineInterval.parse("7x"));
    }

    @Test
    void timestampUnitIsToldByMagnitude()
    {
        assertEquals(1_700_179_200_000_000_000L, BinanceVisionImporter.toEpochNs(1_700_179_200_000L));
        assertEquals(1_789_430_400_017_025_000L, BinanceVisionImporter.toEpochNs(1_789_430_400_017_025L));
        assertEquals(1_789_430_400_017_025_123L, BinanceVisionImporter.toEpochNs(1_789_430_400_017_025_123L));
        assertEquals(dev.trader.codecs.Decimals.INVALID, BinanceVisionImporter.toEpochNs(0));
        assertEquals(dev.trader.codecs.Decimals.INVALID, BinanceVisionImporter.toEpochNs(99_999_999_999_999L));
    }
}
