package dev.trader.adapters.binance.vision;

import dev.trader.adapters.archive.CorruptArchiveException;
import dev.trader.adapters.binance.vision.ImportResult.ChecksumStatus;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.EventType;
import dev.trader.codecs.sbe.BestBidOfferEncoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.InputRejectEncoder;
import dev.trader.codecs.sbe.KlineEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import dev.trader.engine.ClockSkew;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.MarketSanity;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports one Binance Vision history file (data.binance.vision) for one instrument and writes it to an
 * {@link EventSink} as engine events:
 * <ul>
 *   <li>klines (any interval) become {@code Kline} events: {@code closeTimeNs = openTimeNs + interval} (exclusive end;
 *       Binance's close_time is that minus one unit), {@code exchangeTsNs = closeTimeNs}, {@code closed = T};</li>
 *   <li>aggTrades become {@code Trade} events of type {@code AGG_TRADE} (aggressor SELL when the buyer was the maker);</li>
 *   <li>trades become {@code Trade} events of type {@code TRADE};</li>
 *   <li>bookTicker rows become {@code BestBidOffer} events, timed by transaction_time (event_time when empty).</li>
 * </ul>
 * The file may be a {@code .zip} holding one CSV, as published, or the plain {@code .csv}; with a header row (USD-M)
 * or without (spot). Timestamps may be milliseconds or microseconds (spot from 2025), told apart per value by
 * magnitude. History has no receive time, so {@code receiveTsNs = exchangeTsNs}.
 * <p>
 * When {@code <file>.CHECKSUM} lies next to the file, the file's SHA-256 is checked before anything is read and a
 * mismatch throws {@link ChecksumMismatchException} with nothing written. A row that cannot be imported (wrong column
 * count, a value that is not a number, is out of range or is finer than the instrument's grid, a kline whose high is
 * below its low, ...) is written to the same sink as an {@code InputReject} event (source {@value #SOURCE}, reference =
 * 1-based line number, raw = the row text, at most {@value #MAX_RAW_BYTES} bytes) and counted, never dropped. Rows
 * whose timestamp goes backwards are imported as they are and counted in {@link ImportResult#outOfOrder()}.
 * <p>
 * Every event is checked by {@link MarketSanity} before it is written (overflow, tick grid, quantity and notional
 * limits); a row that fails becomes an InputReject with the sanity reason. History has no receive time to judge
 * exchange times by, so a file named for its period ({@code -2024-08-08} daily, {@code -2024-08} monthly, as Vision
 * names them) is its own clock: a row stamped outside that UTC period, beyond the registry's clock skew limits, is
 * CLOCK_SKEW. A file whose name carries no date is not judged by time.
 * <p>
 * Mark-price, index-price and premium-index kline files share the klines file name pattern; their volume columns are
 * zero. COIN-M klines carry base-asset volume where USD-M and spot carry quote volume.
 * <p>
 * Not thread-safe: one instance per thread; it reuses its encoders and buffer between rows and files. The importer
 * allocates per row (strings from the CSV parser); it is not meant for the hot path. It never calls
 * {@link EventSink#onEndOfStream()}: the caller owns the stream and may import several files into it.
 */
public final class BinanceVisionImporter
{
    /** The {@code source} of the InputReject events this importer writes. */
    public static final String SOURCE = "binance-vision";
    /** The most bytes of a rejected row's text carried in an InputReject's {@code raw}. */
    public static final int MAX_RAW_BYTES = 512;

    /** The kinds of Binance Vision file this importer reads, with their columns (USD-M header names). */
    public enum Kind
    {
        /** Candles of any interval; 12 columns. */
        KLINES("klines", 12, "open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "count",
            "taker_buy_volume", "taker_buy_quote_volume", "ignore"),
        /** Aggregate trades; 7 columns on futures, 8 on spot (is_best_match). */
        AGG_TRADES("aggTrades", 7, "agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time",
            "is_buyer_maker", "is_best_match"),
        /** Individual trades; 6 columns on futures, 7 on spot (is_best_match). */
        TRADES("trades", 6, "id", "price", "qty", "quote_qty", "time", "is_buyer_maker", "is_best_match"),
        /** Top of book updates (USD-M and COIN-M futures); 7 columns. */
        BOOK_TICKER("bookTicker", 7, "update_id", "best_bid_price", "best_bid_qty", "best_ask_price", "best_ask_qty",
            "transaction_time", "event_time");

        private final String fileToken;
        private final int minColumns;
        private final String[] columns;

        Kind(final String fileToken, final int minColumns, final String... columns)
        {
            this.fileToken = fileToken;
            this.minColumns = minColumns;
            this.columns = columns;
        }

        /** @return the name Binance uses for this kind in paths and file names, e.g. {@code aggTrades} */
        public String fileToken()
        {
            return fileToken;
        }

        /**
         * Tells the kind from a Vision file name: {@code -aggTrades-}, {@code -trades-}, {@code -bookTicker-}, else an
         * interval token such as {@code -1m-} means klines.
         *
         * @param fileName e.g. {@code BTCUSDT-1m-2020-01-01.zip}
         * @return the kind, or null when the name says none of the supported kinds
         */
        public static Kind fromFileName(final String fileName)
        {
            final String base = baseName(fileName);
            if (base.contains("-aggTrades-"))
            {
                return AGG_TRADES;
            }
            if (base.contains("-trades-"))
            {
                return TRADES;
            }
            if (base.contains("-bookTicker-"))
            {
                return BOOK_TICKER;
            }
            return KlineInterval.fromFileName(base) != null ? KLINES : null;
        }

        private String column(final int index)
        {
            return columns[index];
        }

        private String columnCountText()
        {
            return minColumns == columns.length ? Integer.toString(minColumns) : minColumns + " or " + columns.length;
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
        .setQuote(null)            // Binance never quotes; without quoting one record is exactly one line
        .setIgnoreEmptyLines(false) // an empty line is refused like any bad row, and line numbers stay exact
        .setTrim(false)
        .get();
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern DAILY = Pattern.compile(".*-(\\d{4}-\\d{2}-\\d{2})$");
    private static final Pattern MONTHLY = Pattern.compile(".*-(\\d{4})-(\\d{2})$");
    private static final long INVALID = Decimals.INVALID;
    private static final long MS_LIMIT = 100_000_000_000_000L;      // 1e14: below are milliseconds
    private static final long US_LIMIT = 100_000_000_000_000_000L;  // 1e17: below are microseconds, above nanoseconds
    private static final long ONE_MS_NS = 1_000_000L;
    private static final int MAX_CELL_CHARS_IN_DETAIL = 40;
    private static final int READ_BUFFER_CHARS = 1 << 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final KlineEncoder klineEncoder = new KlineEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final BestBidOfferEncoder bboEncoder = new BestBidOfferEncoder();
    private final InputRejectEncoder rejectEncoder = new InputRejectEncoder();
    private final ClockSkew clockSkew;

    /** An importer judging row times with the default clock skew limits ({@link ClockSkew#DEFAULT}). */
    public BinanceVisionImporter()
    {
        this(ClockSkew.DEFAULT);
    }

    /** @param clockSkew how far outside its file's period a row may be stamped (the registry's {@code sanity:} block) */
    public BinanceVisionImporter(final ClockSkew clockSkew)
    {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    /**
     * Imports a file whose kind (and, for klines, interval) is told by its Vision file name, e.g.
     * {@code BTCUSDT-1m-2020-01-01.zip} or {@code BTCUSDT-aggTrades-2023-11-17.csv}.
     *
     * @param file       a {@code .zip} holding one CSV, or a {@code .csv}
     * @param instrument the instrument the file is about: its id and exponents
     * @param sink       receives every event, market events and InputRejects, in file order
     * @return what was read and written
     * @throws ChecksumMismatchException when {@code <file>.CHECKSUM} states another SHA-256; nothing is written then
     * @throws IllegalArgumentException  when the name says no kind or interval, or the zip does not hold one file
     * @throws CorruptArchiveException   when the zip is cut short or damaged (what was written before is incomplete)
     * @throws IOException               when the file cannot be read
     */
    public ImportResult importFile(final Path file, final Instrument instrument, final EventSink sink) throws IOException
    {
        return importFile(file, instrument, sink, null, null);
    }

    /**
     * Imports a file whose kind or kline interval is given rather than (or in spite of) its name.
     *
     * @param file          a {@code .zip} holding one CSV, or a {@code .csv}
     * @param instrument    the instrument the file is about: its id and exponents
     * @param sink          receives every event, market events and InputRejects, in file order
     * @param kind          the kind of file, or null to tell it from the file name
     * @param klineInterval for klines: the interval label ({@code 1s}, {@code 1m}, {@code 1h}, {@code 1d}, {@code 1w},
     *                      {@code 1mo}, ...), or null to take it from the file name; ignored for other kinds
     * @return what was read and written
     * @throws ChecksumMismatchException when {@code <file>.CHECKSUM} states another SHA-256; nothing is written then
     * @throws IllegalArgumentException  when the kind or interval is neither given nor in the name, or the zip does not
     *                                   hold exactly one file
     * @throws CorruptArchiveException   when the zip is cut short or damaged (what was written before is incomplete)
     * @throws IOException               when the file cannot be read
     */
    public ImportResult importFile(
        final Path file,
        final Instrument instrument,
        final EventSink sink,
        final Kind kind,
        final String klineInterval) throws IOException
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(sink, "sink");
        final String fileName = file.getFileName().toString();
        final String lowerName = fileName.toLowerCase(Locale.ROOT);
        final boolean zipped = lowerName.endsWith(".zip");
        if (!zipped && !lowerName.endsWith(".csv"))
        {
            throw new IllegalArgumentException(file + ": expected a Binance Vision .zip or .csv file");
        }
        final Kind resolvedKind = kind != null ? kind : Kind.fromFileName(fileName);
        if (resolvedKind == null)
        {
            throw new IllegalArgumentException(file + ": cannot tell the kind of file from its name (expected -aggTrades-, "
                + "-trades-, -bookTicker- or a kline interval such as -1m-); pass the kind explicitly");
        }
        KlineInterval interval = null;
        if (resolvedKind == Kind.KLINES)
        {
            interval = klineInterval != null ? KlineInterval.parse(klineInterval) : KlineInterval.fromFileName(baseName(fileName));
            if (interval == null)
            {
                throw new IllegalArgumentException(file + ": no kline interval in the file name (e.g. BTCUSDT-1m-2020-01-01.zip); "
                    + "pass the interval explicitly");
            }
        }

        final ChecksumStatus checksum = verifyChecksum(file);
        final FileImport run = new FileImport(resolvedKind, interval, instrument, sink,
            new MarketSanity(new InstrumentRegistry(List.of(instrument), clockSkew)), period(baseName(fileName)));
        if (zipped)
        {
            try (ZipFile zip = new ZipFile(file.toFile()))
            {
                final ZipEntry entry = singleEntry(zip, file);
                try (InputStream in = zip.getInputStream(entry))
                {
                    run.read(in);
                }
            }
            catch (final ZipException | EOFException ex)
            {
                throw CorruptArchiveException.of(file, ex, run.rows, "rows");
            }
        }
        else
        {
            try (InputStream in = Files.newInputStream(file))
            {
                run.read(in);
            }
        }
        return run.result(file, checksum);
    }

    /**
     * Checks {@code file} against {@code <file>.CHECKSUM} ({@code <sha256hex>  <filename>}) when that exists.
     *
     * @return {@link ChecksumStatus#VERIFIED} or {@link ChecksumStatus#ABSENT}
     * @throws ChecksumMismatchException when the digests differ
     * @throws IllegalArgumentException  when the CHECKSUM file does not begin with a SHA-256 hex digest
     */
    static ChecksumStatus verifyChecksum(final Path file) throws IOException
    {
        final Path checksumFile = file.resolveSibling(file.getFileName() + ".CHECKSUM");
        if (!Files.isRegularFile(checksumFile))
        {
            return ChecksumStatus.ABSENT;
        }
        final String text = Files.readString(checksumFile, StandardCharsets.ISO_8859_1).trim();
        final String expected = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        if (!SHA256_HEX.matcher(expected).matches())
        {
            throw new IllegalArgumentException(checksumFile + ": expected '<sha256hex>  <filename>', got '"
                + abbreviate(text) + "'");
        }
        final String actual = sha256Hex(file);
        if (!actual.equalsIgnoreCase(expected))
        {
            throw new ChecksumMismatchException(file, expected.toLowerCase(Locale.ROOT), actual);
        }
        return ChecksumStatus.VERIFIED;
    }

    static String sha256Hex(final Path file) throws IOException
    {
        final MessageDigest digest;
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256", ex);
        }
        final byte[] chunk = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file))
        {
            int n;
            while ((n = in.read(chunk)) > 0)
            {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Converts a Binance epoch timestamp to epoch nanoseconds, telling the unit by magnitude: below 1e14 milliseconds,
     * below 1e17 microseconds, else nanoseconds.
     *
     * @return epoch nanoseconds, or {@link Decimals#INVALID} when not positive or beyond what int64 nanoseconds hold
     */
    static long toEpochNs(final long raw)
    {
        if (raw <= 0)
        {
            return INVALID;
        }
        if (raw < MS_LIMIT)
        {
            return raw > Long.MAX_VALUE / ONE_MS_NS ? INVALID : raw * ONE_MS_NS;
        }
        if (raw < US_LIMIT)
        {
            return raw > Long.MAX_VALUE / 1_000L ? INVALID : raw * 1_000L;
        }
        return raw;
    }

    /**
     * The UTC period a Vision file name says it covers, {@code [start, end]} in epoch ns: {@code -YYYY-MM-DD} a day,
     * {@code -YYYY-MM} a month; null when the name carries no date.
     */
    static long[] period(final String baseName)
    {
        try
        {
            final Matcher daily = DAILY.matcher(baseName);
            if (daily.matches())
            {
                final LocalDate day = LocalDate.parse(daily.group(1));
                return new long[]{epochNs(day), epochNs(day.plusDays(1))};
            }
            final Matcher monthly = MONTHLY.matcher(baseName);
            if (monthly.matches())
            {
                final LocalDate first = LocalDate.of(Integer.parseInt(monthly.group(1)), Integer.parseInt(monthly.group(2)), 1);
                return new long[]{epochNs(first), epochNs(first.plusMonths(1))};
            }
        }
        catch (final DateTimeException ex)
        {
            return null; // not a date after all: not judged by time
        }
        return null;
    }

    private static long epochNs(final LocalDate day)
    {
        return day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
    }

    private static ZipEntry singleEntry(final ZipFile zip, final Path file)
    {
        final List<ZipEntry> files = new ArrayList<>(1);
        final Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements())
        {
            final ZipEntry e = entries.nextElement();
            if (!e.isDirectory())
            {
                files.add(e);
            }
        }
        if (files.size() != 1)
        {
            throw new IllegalArgumentException(file + ": a Binance Vision zip holds exactly one CSV, this one holds "
                + files.size() + " files");
        }
        return files.get(0);
    }

    private static String baseName(final String fileName)
    {
        final int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= MAX_CELL_CHARS_IN_DETAIL ? text : text.substring(0, MAX_CELL_CHARS_IN_DETAIL) + "...";
    }

    /** Strict base-10 integer: optional minus, digits only. */
    private static long parseInteger(final String text)
    {
        final int n = text.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && text.charAt(0) == '-')
        {
            negative = true;
            i = 1;
        }
        if (i == n)
        {
            return INVALID;
        }
        long value = 0;
        for (; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                return INVALID;
            }
            final int d = c - '0';
            if (value > (Long.MAX_VALUE - d) / 10)
            {
                return INVALID;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /** A plain decimal number: optional sign, digits with at most one point, at least one digit. */
    private static boolean looksNumeric(final String text)
    {
        final int n = text.length();
        int i = n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        boolean digit = false;
        boolean point = false;
        for (; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9')
            {
                digit = true;
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }
        return digit;
    }

    /** The state of one file's import: counters, the previous row's time and the current row's first failure. */
    private final class FileImport
    {
        private final Kind kind;
        private final KlineInterval interval;
        private final Instrument instrument;
        private final EventSink sink;
        private final MarketSanity sanity;
        private final long[] period;
        private final long[] eventCounts = new long[EventType.values().length];
        private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
        private boolean headerRow;
        private long rows;
        private long outOfOrder;
        private long firstTsNs = ImportResult.NO_TIMESTAMP;
        private long lastTsNs = ImportResult.NO_TIMESTAMP;
        private String firstReject;

        private CSVRecord row;
        private RejectReason failReason;
        private String failDetail;

        FileImport(final Kind kind, final KlineInterval interval, final Instrument instrument, final EventSink sink,
            final MarketSanity sanity, final long[] period)
        {
            this.kind = kind;
            this.interval = interval;
            this.instrument = instrument;
            this.sink = sink;
            this.sanity = sanity;
            this.period = period;
        }

        void read(final InputStream in) throws IOException
        {
            final Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), READ_BUFFER_CHARS);
            try (CSVParser parser = FORMAT.parse(reader))
            {
                for (final CSVRecord record : parser)
                {
                    if (record.getRecordNumber() == 1 && isHeader(record))
                    {
                        headerRow = true;
                        continue;
                    }
                    rows++;
                    onRow(record);
                }
            }
            catch (final UncheckedIOException ex)
            {
                throw ex.getCause();
            }
        }

        /** A header names columns: the first row with no numeric cell at all. */
        private boolean isHeader(final CSVRecord record)
        {
            for (final String cell : record)
            {
                if (looksNumeric(cell))
                {
                    return false;
                }
            }
            return !record.get(0).isEmpty();
        }

        private void onRow(final CSVRecord record)
        {
            row = record;
            failReason = null;
            failDetail = null;
            final int size = record.size();
            if (size == 1 && record.get(0).isEmpty())
            {
                reject(RejectReason.MALFORMED, "empty line");
                return;
            }
            if (size < kind.minColumns || size > kind.columns.length)
            {
                reject(RejectReason.MALFORMED, "expected " + kind.columnCountText() + " columns for " + kind.fileToken + ", got "
                    + size);
                return;
            }
            switch (kind)
            {
                case KLINES:
                    onKline();
                    break;
                case AGG_TRADES:
                    onAggTrade();
                    break;
                case TRADES:
                    onTrade();
                    break;
                case BOOK_TICKER:
                    onBookTicker();
                    break;
                default:
                    throw new IllegalStateException("unhandled kind " + kind);
            }
        }

        private void onKline()
        {
            final long openTimeNs = timestamp(0);
            final long open = price(1);
            final long high = price(2);
            final long low = price(3);
            final long close = price(4);
            final long volume = nonNegative(5, instrument.qtyExponent());
            final long binanceCloseNs = timestamp(6);
            final long quoteVolume = nonNegative(7, instrument.quoteExponent());
            final long tradeCount = count(8);
            final long takerBuyVolume = nonNegative(9, instrument.qtyExponent());
            final long takerBuyQuoteVolume = nonNegative(10, instrument.quoteExponent());
            if (failReason == null)
            {
                check(high >= low, RejectReason.BAD_VALUE, "high " + cell(2) + " is below low " + cell(3));
                check(open >= low && open <= high, RejectReason.BAD_VALUE, "open " + cell(1) + " is outside low..high");
                check(close >= low && close <= high, RejectReason.BAD_VALUE, "close " + cell(4) + " is outside low..high");
                check(takerBuyVolume <= volume, RejectReason.BAD_VALUE,
                    "taker_buy_volume " + cell(9) + " exceeds volume " + cell(5));
                check(takerBuyQuoteVolume <= quoteVolume, RejectReason.BAD_VALUE,
                    "taker_buy_quote_volume " + cell(10) + " exceeds quote_volume " + cell(7));
            }
            if (failReason != null)
            {
                rejectRow();
                return;
            }
            final long closeTimeNs = interval.closeTimeNs(openTimeNs);
            // Binance's close_time is the last unit (ms or us) inside the interval: anything else is the wrong interval
            if (binanceCloseNs >= closeTimeNs || binanceCloseNs < closeTimeNs - ONE_MS_NS)
            {
                reject(RejectReason.BAD_VALUE, "close_time " + cell(6) + " does not end a " + interval + " kline opening at "
                    + cell(0));
                return;
            }
            klineEncoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(closeTimeNs)
                .receiveTsNs(closeTimeNs)
                .instrumentId(instrument.id())
                .intervalNs(closeTimeNs - openTimeNs)
                .openTimeNs(openTimeNs)
                .closeTimeNs(closeTimeNs)
                .open(open)
                .high(high)
                .low(low)
                .close(close)
                .volume(volume)
                .quoteVolume(quoteVolume)
                .tradeCount(tradeCount)
                .takerBuyVolume(takerBuyVolume)
                .takerBuyQuoteVolume(takerBuyQuoteVolume)
                .closed(BooleanType.T);
            emitMarket(EventType.KLINE, closeTimeNs, MessageHeaderEncoder.ENCODED_LENGTH + klineEncoder.encodedLength());
        }

        private void onAggTrade()
        {
            final long aggTradeId = count(0);
            final long price = price(1);
            final long qty = positive(2, instrument.qtyExponent());
            final long firstTradeId = count(3);
            final long lastTradeId = count(4);
            final long tsNs = timestamp(5);
            final boolean buyerMaker = bool(6);
            if (row.size() > 7)
            {
                bool(7);
            }
            if (failReason == null)
            {
                check(lastTradeId >= firstTradeId, RejectReason.BAD_VALUE,
                    "last_trade_id " + cell(4) + " is before first_trade_id " + cell(3));
            }
            if (failReason != null)
            {
                rejectRow();
                return;
            }
            emitTrade(tsNs, aggTradeId, price, qty, buyerMaker, TradeType.AGG_TRADE, firstTradeId, lastTradeId);
        }

        private void onTrade()
        {
            final long tradeId = count(0);
            final long price = price(1);
            final long qty = positive(2, instrument.qtyExponent());
            if (!looksNumeric(cell(3)))
            {
                fail(RejectReason.MALFORMED, kind.column(3) + " '" + cell(3) + "' is not a decimal number");
            }
            final long tsNs = timestamp(4);
            final boolean buyerMaker = bool(5);
            if (row.size() > 6)
            {
                bool(6);
            }
            if (failReason != null)
            {
                rejectRow();
                return;
            }
            emitTrade(tsNs, tradeId, price, qty, buyerMaker, TradeType.TRADE, tradeId, tradeId);
        }

        private void onBookTicker()
        {
            final long updateId = count(0);
            final long bidPrice = price(1);
            final long bidQty = nonNegative(2, instrument.qtyExponent());
            final long askPrice = price(3);
            final long askQty = nonNegative(4, instrument.qtyExponent());
            final boolean hasTransactionTime = !cell(5).isEmpty();
            final boolean hasEventTime = !cell(6).isEmpty();
            if (!hasTransactionTime && !hasEventTime)
            {
                fail(RejectReason.MALFORMED, "both transaction_time and event_time are empty");
            }
            final long transactionNs = hasTransactionTime ? timestamp(5) : INVALID;
            final long eventNs = hasEventTime ? timestamp(6) : INVALID;
            if (failReason == null)
            {
                check(bidPrice < askPrice, RejectReason.CROSSED_BOOK, "best_bid_price " + cell(1) + " is not below best_ask_price "
                    + cell(3));
            }
            if (failReason != null)
            {
                rejectRow();
                return;
            }
            final long tsNs = hasTransactionTime ? transactionNs : eventNs;
            bboEncoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(tsNs)
                .receiveTsNs(tsNs)
                .instrumentId(instrument.id())
                .updateId(updateId)
                .bidPrice(bidPrice)
                .bidQty(bidQty)
                .askPrice(askPrice)
                .askQty(askQty);
            emitMarket(EventType.BEST_BID_OFFER, tsNs, MessageHeaderEncoder.ENCODED_LENGTH + bboEncoder.encodedLength());
        }

        private void emitTrade(
            final long tsNs,
            final long tradeId,
            final long price,
            final long qty,
            final boolean buyerMaker,
            final TradeType tradeType,
            final long firstTradeId,
            final long lastTradeId)
        {
            tradeEncoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(tsNs)
                .receiveTsNs(tsNs)
                .instrumentId(instrument.id())
                .tradeId(tradeId)
                .price(price)
                .qty(qty)
                .aggressor(buyerMaker ? Side.SELL : Side.BUY)
                .tradeType(tradeType)
                .firstTradeId(firstTradeId)
                .lastTradeId(lastTradeId);
            emitMarket(EventType.TRADE, tsNs, MessageHeaderEncoder.ENCODED_LENGTH + tradeEncoder.encodedLength());
        }

        private void emitMarket(final EventType type, final long exchangeTsNs, final int length)
        {
            final RejectReason insane = period == null ? sanity.check(buffer, 0, length)
                : sanity.check(buffer, 0, length, period[0], period[1]);
            if (insane != null)
            {
                reject(insane, sanity.detail());
                return;
            }
            if (lastTsNs != ImportResult.NO_TIMESTAMP && exchangeTsNs < lastTsNs)
            {
                outOfOrder++;
            }
            if (firstTsNs == ImportResult.NO_TIMESTAMP)
            {
                firstTsNs = exchangeTsNs;
            }
            lastTsNs = exchangeTsNs;
            emit(type, length);
        }

        private void emit(final EventType type, final int length)
        {
            sink.onEvent(buffer, 0, length);
            eventCounts[type.ordinal()]++;
        }

        private void rejectRow()
        {
            reject(failReason, failDetail);
        }

        /**
         * Writes the current row as an InputReject. Its times are those of the last market event before it (0 when
         * none), so rejects keep their place in the stream's time order.
         */
        private void reject(final RejectReason reason, final String detail)
        {
            final long tsNs = lastTsNs == ImportResult.NO_TIMESTAMP ? 0 : lastTsNs;
            final byte[] raw = String.join(",", row.values()).getBytes(StandardCharsets.UTF_8);
            rejectEncoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(tsNs)
                .receiveTsNs(tsNs)
                .instrumentId(instrument.id())
                .source(SOURCE)
                .reason(reason)
                .reference(row.getRecordNumber())
                .detail(detail)
                .putRaw(raw, 0, Math.min(raw.length, MAX_RAW_BYTES));
            rejects.merge(reason, 1L, Long::sum);
            if (firstReject == null)
            {
                firstReject = "line " + row.getRecordNumber() + ": " + detail;
            }
            emit(EventType.INPUT_REJECT, MessageHeaderEncoder.ENCODED_LENGTH + rejectEncoder.encodedLength());
        }

        /** Records the row's first failure; later ones are ignored so the detail names the first bad field. */
        private void fail(final RejectReason reason, final String detail)
        {
            if (failReason == null)
            {
                failReason = reason;
                failDetail = detail;
            }
        }

        private void check(final boolean ok, final RejectReason reason, final String detail)
        {
            if (!ok)
            {
                fail(reason, detail);
            }
        }

        /** The cell's text, shortened for messages. */
        private String cell(final int column)
        {
            return abbreviate(row.get(column));
        }

        private long decimal(final int column, final int exponent)
        {
            final String text = row.get(column);
            final long m = Decimals.parse(text, exponent);
            if (m == Decimals.TOO_PRECISE)
            {
                fail(RejectReason.PRECISION, kind.column(column) + " '" + abbreviate(text) + "' is finer than the instrument's "
                    + "exponent " + exponent);
                return INVALID;
            }
            if (m == Decimals.INVALID)
            {
                fail(RejectReason.MALFORMED, kind.column(column) + " '" + abbreviate(text) + "' is not a decimal number "
                    + "(or is out of range)");
                return INVALID;
            }
            return m;
        }

        private long price(final int column)
        {
            return positive(column, instrument.priceExponent());
        }

        private long positive(final int column, final int exponent)
        {
            final long m = decimal(column, exponent);
            if (m != INVALID && m <= 0)
            {
                fail(RejectReason.BAD_VALUE, kind.column(column) + " '" + cell(column) + "' is not positive");
                return INVALID;
            }
            return m;
        }

        private long nonNegative(final int column, final int exponent)
        {
            final long m = decimal(column, exponent);
            if (m != INVALID && m < 0)
            {
                fail(RejectReason.BAD_VALUE, kind.column(column) + " '" + cell(column) + "' is negative");
                return INVALID;
            }
            return m;
        }

        /** A non-negative integer: an id or a count. */
        private long count(final int column)
        {
            final long v = parseInteger(row.get(column));
            if (v == INVALID)
            {
                fail(RejectReason.MALFORMED, kind.column(column) + " '" + cell(column) + "' is not an integer");
                return INVALID;
            }
            if (v < 0)
            {
                fail(RejectReason.BAD_VALUE, kind.column(column) + " '" + cell(column) + "' is negative");
                return INVALID;
            }
            return v;
        }

        private long timestamp(final int column)
        {
            final long raw = parseInteger(row.get(column));
            if (raw == INVALID)
            {
                fail(RejectReason.MALFORMED, kind.column(column) + " '" + cell(column) + "' is not an integer epoch time");
                return INVALID;
            }
            final long ns = toEpochNs(raw);
            if (ns == INVALID)
            {
                fail(RejectReason.BAD_VALUE, kind.column(column) + " '" + cell(column) + "' is not a positive epoch time "
                    + "before 2262");
            }
            return ns;
        }

        private boolean bool(final int column)
        {
            final String text = row.get(column);
            if ("true".equalsIgnoreCase(text))
            {
                return true;
            }
            if (!"false".equalsIgnoreCase(text))
            {
                fail(RejectReason.MALFORMED, kind.column(column) + " '" + cell(column) + "' is not True/False");
            }
            return false;
        }

        ImportResult result(final Path file, final ChecksumStatus checksum)
        {
            final Map<EventType, Long> events = new EnumMap<>(EventType.class);
            for (final EventType type : EventType.values())
            {
                if (eventCounts[type.ordinal()] > 0)
                {
                    events.put(type, eventCounts[type.ordinal()]);
                }
            }
            return new ImportResult(file, kind, interval == null ? null : interval.label(), headerRow, rows, events, rejects,
                firstReject, outOfOrder, checksum, firstTsNs, lastTsNs);
        }
    }
}
