package dev.trader.adapters.capture;

import dev.trader.adapters.archive.CorruptArchiveException;
import dev.trader.adapters.json.JsonTokens;
import dev.trader.adapters.parse.VenueParsers;
import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.EventSink;
import dev.trader.engine.InputRejects;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Imports a raw wire capture into a journal as {@code RawMessage} events: the bytes of each message exactly as they
 * were received, with their receive time, venue, connection and per-connection sequence, {@code isRest} and, for REST
 * responses (which name no symbol), the instrument as a hint. Parsing is left to the venue's parser on replay, so an
 * imported capture and a recorded live session take the identical path. Venue-agnostic.
 *
 * <p>Formats ({@link CaptureFormat}), told from the first line's content (gzip and single-file zip are unpacked
 * whatever the name):
 * <ul>
 *   <li>{@code <ts_ns> <json>} lines (hftbacktest): a line whose JSON has a top-level {@code lastUpdateId} is the
 *       REST depth snapshot, for the instrument passed as hint;</li>
 *   <li>cryptofeed playback logs: open lines {@code <url> <-> <ts>} number the connections, lines the client sent
 *       ({@code <url> <- <ts>: <json>}) are skipped, received lines {@code <ts>: <json>} become WebSocket messages;
 *       for a {@code *.ws.*} log the sibling {@code *.http.*} log's REST responses {@code <url> -> <ts>: <json>} are
 *       merged in receive-time order (stable: on equal times the WebSocket line first), each for the instrument its
 *       URL's {@code symbol=} names (else the hint). Seconds are converted to nanoseconds exactly (decimal, no
 *       {@code double});</li>
 *   <li>JSON lines timed by their own {@code ts} (epoch ms; {@code cts} when absent): Bybit's history files.</li>
 * </ul>
 * WebSocket messages go out with instrument 0 (their payload names it) on connection 1 (cryptofeed: the number of
 * open lines so far); REST responses on connection 0.
 *
 * <p>A line that cannot be read (bad or missing timestamp, unrecognised form, a REST response for no known
 * instrument, longer than {@value #MAX_MESSAGE_BYTES} bytes) is written as an {@code InputReject} (source
 * {@value #SOURCE}, reference = its 1-based line number in its file, raw = its first
 * {@value InputRejects#MAX_RAW_BYTES} bytes) timed like the last message written, and counted; never a crash.
 * Blank lines are skipped. The payload's content is not judged here: malformed JSON reaches the journal as received
 * and is refused by the parser on replay.
 *
 * <p>Not thread-safe; allocates per line (it is not on the hot path). Never calls {@link EventSink#onEndOfStream()}.
 */
public final class CaptureImporter
{
    /** The {@code source} of the InputReject events this importer writes. */
    public static final String SOURCE = "capture";
    /** The longest message (line) imported; a longer one is refused as TOO_LARGE. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;

    private static final int CONNECTION_REST = 0;
    private static final int DETECT_MAX_LINES = 64;
    private static final int MAX_TEXT_IN_DETAIL = 60;
    private static final long NS_PER_MS = 1_000_000L;
    private static final byte[] K_LAST_UPDATE_ID = JsonTokens.ascii("lastUpdateId");
    private static final byte[] K_TS = JsonTokens.ascii("ts");
    private static final byte[] K_CTS = JsonTokens.ascii("cts");
    private static final byte[] OPEN_MARK = JsonTokens.ascii("<->");
    private static final byte[] SENT_MARK = JsonTokens.ascii("<-");
    private static final byte[] REST_MARK = JsonTokens.ascii("->");
    private static final byte[] SYMBOL_PARAM = JsonTokens.ascii("symbol=");

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final RawMessageEncoder rawEncoder = new RawMessageEncoder();
    private final InputRejects rejectEncoder = new InputRejects();
    private final JsonTokens json = new JsonTokens();
    private final UnsafeBuffer jsonView = new UnsafeBuffer(0, 0);
    private UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 16]);

    /**
     * Imports one capture file (plus, for a cryptofeed {@code .ws.} log, its {@code .http.} sibling when present).
     *
     * @param file       the capture: plain, gzip or a zip holding one file
     * @param venue      the venue the capture was recorded from (stamped on every RawMessage)
     * @param registry   instruments, to resolve the {@code symbol=} of REST URLs
     * @param hintOrNull the instrument REST responses are for when nothing in the line says (hftbacktest snapshots),
     *                   or null
     * @param sink       receives the RawMessage and InputReject events in receive-time order
     * @return what was read and written
     * @throws IllegalArgumentException when the format cannot be told, a zip does not hold exactly one file, or the
     *                                  hint is not an instrument of {@code venue}
     * @throws CorruptArchiveException  when a gzip or zip capture ends early or is damaged (what was written before is
     *                                  incomplete)
     * @throws IOException              when a file cannot be read
     */
    public CaptureImportResult importFile(
        final Path file,
        final Venue venue,
        final InstrumentRegistry registry,
        final Instrument hintOrNull,
        final EventSink sink) throws IOException
    {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(sink, "sink");
        if (hintOrNull != null && hintOrNull.venue() != venue)
        {
            throw new IllegalArgumentException("instrument " + hintOrNull.key() + " is not on venue " + venue.cliName());
        }
        final CaptureFormat format = detectFormat(file);
        final Path companion = format == CaptureFormat.CRYPTOFEED ? companionHttpLog(file) : null;
        final Run run = new Run(venue, registry, hintOrNull, sink);
        final List<Path> files = new ArrayList<>(2);
        files.add(file);
        if (companion != null)
        {
            files.add(companion);
        }
        try (Source primary = new Source(run, file, format);
             Source secondary = companion == null ? null : new Source(run, companion, format))
        {
            primary.advance();
            if (secondary != null)
            {
                secondary.advance();
            }
            while (primary.hasRecord() || (secondary != null && secondary.hasRecord()))
            {
                final Source next;
                if (secondary == null || !secondary.hasRecord())
                {
                    next = primary;
                }
                else if (!primary.hasRecord())
                {
                    next = secondary;
                }
                else if (primary.isReject() || secondary.isReject())
                {
                    // a refused line has no usable time: it goes out where its own file had it
                    next = primary.isReject() ? primary : secondary;
                }
                else
                {
                    next = primary.receiveTsNs <= secondary.receiveTsNs ? primary : secondary;
                }
                run.write(next);
                next.advance();
            }
        }
        return run.result(files, format);
    }

    /**
     * Tells a capture's format from its first non-blank line (gzip and zip unpacked), or from its name when it has
     * none.
     *
     * @throws IllegalArgumentException when the first line matches no known format
     */
    public static CaptureFormat detectFormat(final Path file) throws IOException
    {
        try (ByteLineReader reader = new ByteLineReader(open(file), MAX_MESSAGE_BYTES))
        {
            for (int i = 0; i < DETECT_MAX_LINES && nextLine(reader, file); i++)
            {
                final byte[] line = reader.line();
                final int n = reader.length();
                int p = 0;
                while (p < n && (line[p] == ' ' || line[p] == '\t'))
                {
                    p++;
                }
                if (p == n)
                {
                    continue;
                }
                final CaptureFormat format = formatOf(line, p, n);
                if (format == null)
                {
                    throw new IllegalArgumentException(file + ": cannot tell the capture format from its first line '"
                        + text(line, p, n - p) + "' (expected '<ts_ns> <json>', a cryptofeed log line or a JSON object)");
                }
                return format;
            }
        }
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains(".ws.") || name.contains(".http."))
        {
            return CaptureFormat.CRYPTOFEED;
        }
        return name.endsWith(".zip") || name.endsWith(".data") ? CaptureFormat.TIMED_JSON_LINES : CaptureFormat.TIMESTAMPED_LINES;
    }

    private static CaptureFormat formatOf(final byte[] line, final int from, final int n)
    {
        if (line[from] == '{')
        {
            return CaptureFormat.TIMED_JSON_LINES;
        }
        int p = from;
        boolean point = false;
        while (p < n && (isDigit(line[p]) || (line[p] == '.' && !point)))
        {
            point |= line[p] == '.';
            p++;
        }
        if (p > from && p < n)
        {
            if (!point && line[p] == ' ')
            {
                return CaptureFormat.TIMESTAMPED_LINES;
            }
            if (line[p] == ':')
            {
                return CaptureFormat.CRYPTOFEED;
            }
        }
        final int space = indexOf(line, from, n, (byte)' ');
        if (space > from)
        {
            final int markEnd = indexOrEnd(line, space + 1, n, (byte)' ');
            if (equalsAt(line, space + 1, markEnd, OPEN_MARK) || equalsAt(line, space + 1, markEnd, SENT_MARK)
                || equalsAt(line, space + 1, markEnd, REST_MARK))
            {
                return CaptureFormat.CRYPTOFEED;
            }
        }
        return null;
    }

    /**
     * The next line of {@code file}.
     *
     * @throws CorruptArchiveException when a gzip or zip capture ends early or is damaged
     */
    private static boolean nextLine(final ByteLineReader reader, final Path file) throws IOException
    {
        try
        {
            return reader.next();
        }
        catch (final IOException ex)
        {
            final CorruptArchiveException corrupt = CorruptArchiveException.of(file, ex, reader.lineNumber(), "lines");
            if (corrupt != null)
            {
                throw corrupt;
            }
            throw ex;
        }
    }

    /** The cryptofeed {@code .http.} log beside a {@code .ws.} log, or null when there is none. */
    static Path companionHttpLog(final Path wsLog)
    {
        final String name = wsLog.getFileName().toString();
        final int at = name.lastIndexOf(".ws.");
        if (at < 0)
        {
            return null;
        }
        final Path sibling = wsLog.resolveSibling(name.substring(0, at) + ".http." + name.substring(at + 4));
        return Files.isRegularFile(sibling) ? sibling : null;
    }

    /** Opens a capture for reading: gzip (by its magic bytes) is inflated, a zip must hold exactly one file. */
    static InputStream open(final Path file) throws IOException
    {
        final BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(4);
        final int b0 = in.read();
        final int b1 = in.read();
        final int b2 = in.read();
        final int b3 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b)
        {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4)
        {
            in.close();
            final ZipFile zip;
            try
            {
                zip = new ZipFile(file.toFile());
            }
            catch (final ZipException ex)
            {
                throw CorruptArchiveException.of(file, ex, 0, "lines");
            }
            try
            {
                final ZipEntry entry = singleEntry(zip, file);
                return new FilterInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16))
                {
                    @Override
                    public void close() throws IOException
                    {
                        try
                        {
                            super.close();
                        }
                        finally
                        {
                            zip.close();
                        }
                    }
                };
            }
            catch (final IOException | RuntimeException ex)
            {
                zip.close();
                throw ex;
            }
        }
        return in;
    }

    private static ZipEntry singleEntry(final ZipFile zip, final Path file)
    {
        final List<ZipEntry> entries = new ArrayList<>(1);
        final Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements())
        {
            final ZipEntry e = all.nextElement();
            if (!e.isDirectory())
            {
                entries.add(e);
            }
        }
        if (entries.size() != 1)
        {
            throw new IllegalArgumentException(file + ": a capture zip must hold exactly one file, this one holds " + entries.size());
        }
        return entries.get(0);
    }

    // ------------------------------------------------------------------------------------------------ one import

    /** State of one import: the sink, counters and the time of the last message written. */
    private final class Run
    {
        private final VenueCode venueCode;
        private final Venue venue;
        private final InstrumentRegistry registry;
        private final Instrument hint;
        private final EventSink sink;
        private final Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
        private long lines;
        private long webSocketMessages;
        private long restMessages;
        private long connectionsOpened;
        private long sentSkipped;
        private long blankLines;
        private long outOfOrder;
        private long restSequence;
        private long firstTsNs = CaptureImportResult.NO_TIMESTAMP;
        private long lastTsNs = CaptureImportResult.NO_TIMESTAMP;
        private String firstReject;

        Run(final Venue venue, final InstrumentRegistry registry, final Instrument hint, final EventSink sink)
        {
            this.venue = venue;
            this.venueCode = VenueParsers.code(venue);
            this.registry = registry;
            this.hint = hint;
            this.sink = sink;
        }

        void write(final Source s)
        {
            if (s.isReject())
            {
                writeReject(s);
            }
            else
            {
                writeRaw(s);
            }
        }

        private void writeRaw(final Source s)
        {
            final int maxLength = MessageHeaderEncoder.ENCODED_LENGTH + RawMessageEncoder.BLOCK_LENGTH
                + RawMessageEncoder.payloadHeaderLength() + s.payloadLength;
            ensureCapacity(maxLength);
            final long sequence = s.isRest ? ++restSequence : s.nextSequence();
            rawEncoder.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(0)
                .receiveTsNs(s.receiveTsNs)
                .instrumentId(s.instrumentId)
                .venue(venueCode)
                .connectionId(s.isRest ? CONNECTION_REST : s.connectionId())
                .sequence(sequence)
                .isRest(s.isRest ? BooleanType.T : BooleanType.F)
                .putPayload(s.reader.line(), s.payloadStart, s.payloadLength);
            sink.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + rawEncoder.encodedLength());
            if (s.isRest)
            {
                restMessages++;
            }
            else
            {
                webSocketMessages++;
            }
            if (lastTsNs != CaptureImportResult.NO_TIMESTAMP && s.receiveTsNs < lastTsNs)
            {
                outOfOrder++;
            }
            if (firstTsNs == CaptureImportResult.NO_TIMESTAMP)
            {
                firstTsNs = s.receiveTsNs;
            }
            lastTsNs = s.receiveTsNs;
        }

        private void writeReject(final Source s)
        {
            ensureCapacity(InputRejects.maxLength());
            final long tsNs = lastTsNs == CaptureImportResult.NO_TIMESTAMP ? 0 : lastTsNs;
            final int rawLength = Math.min(s.reader.length(), InputRejects.MAX_RAW_BYTES);
            final String detail = s.fileName + ":" + s.reader.lineNumber() + ": " + s.rejectDetail;
            final int length = rejectEncoder.encode(buffer, 0, tsNs, tsNs, 0, SOURCE, s.rejectReason, s.reader.lineNumber(),
                detail, s.reader.line(), 0, rawLength);
            sink.onEvent(buffer, 0, length);
            rejects.merge(s.rejectReason, 1L, Long::sum);
            if (firstReject == null)
            {
                firstReject = detail;
            }
        }

        private void ensureCapacity(final int length)
        {
            if (buffer.capacity() < length)
            {
                buffer = new UnsafeBuffer(new byte[Math.max(length, buffer.capacity() * 2)]);
            }
        }

        /** The instrument a REST URL's {@code symbol=} names; null (and why, in the source) when it names none known. */
        Instrument restInstrument(final Source s, final byte[] line, final int urlEnd)
        {
            final int query = indexOf(line, 0, urlEnd, (byte)'?');
            int p = query < 0 ? -1 : query + 1;
            while (p >= 0 && p < urlEnd)
            {
                final int paramEnd = indexOrEnd(line, p, urlEnd, (byte)'&');
                if (equalsAt(line, p, Math.min(p + SYMBOL_PARAM.length, paramEnd), SYMBOL_PARAM))
                {
                    final String symbol = new String(line, p + SYMBOL_PARAM.length, paramEnd - p - SYMBOL_PARAM.length,
                        StandardCharsets.US_ASCII);
                    Instrument i = registry.find(venue, symbol);
                    if (i == null)
                    {
                        i = registry.find(venue, symbol.toUpperCase(Locale.ROOT));
                    }
                    if (i == null)
                    {
                        s.reject(RejectReason.UNKNOWN_INSTRUMENT, "REST response for symbol '" + abbreviate(symbol)
                            + "', which is not a " + venue.cliName() + " instrument in the registry");
                    }
                    return i;
                }
                p = paramEnd + 1;
            }
            if (hint == null)
            {
                s.reject(RejectReason.UNKNOWN_INSTRUMENT, "REST response whose URL names no symbol, and no instrument was given");
            }
            return hint;
        }

        CaptureImportResult result(final List<Path> files, final CaptureFormat format)
        {
            return new CaptureImportResult(files, format, lines, webSocketMessages, restMessages, connectionsOpened, sentSkipped,
                blankLines, rejects, firstReject, outOfOrder, firstTsNs, lastTsNs);
        }
    }

    // ------------------------------------------------------------------------------------------------ one file

    /** One file's lines, advanced to its next message or refused line (the head of the merge). */
    private final class Source implements AutoCloseable
    {
        private final Run run;
        private final CaptureFormat format;
        private final Path file;
        private final String fileName;
        private final ByteLineReader reader;
        private boolean has;
        private boolean reject;
        private RejectReason rejectReason;
        private String rejectDetail;
        private long receiveTsNs;
        private int payloadStart;
        private int payloadLength;
        private boolean isRest;
        private int instrumentId;
        private int connection;
        private long sequence;

        Source(final Run run, final Path file, final CaptureFormat format) throws IOException
        {
            this.run = run;
            this.format = format;
            this.file = file;
            this.fileName = file.getFileName().toString();
            this.reader = new ByteLineReader(open(file), MAX_MESSAGE_BYTES);
        }

        boolean hasRecord()
        {
            return has;
        }

        boolean isReject()
        {
            return reject;
        }

        int connectionId()
        {
            return Math.max(connection, 1);
        }

        long nextSequence()
        {
            return ++sequence;
        }

        void reject(final RejectReason reason, final String detail)
        {
            if (!reject)
            {
                reject = true;
                rejectReason = reason;
                rejectDetail = detail;
            }
        }

        /** Moves to the next message or refused line; {@link #hasRecord()} is false at the end. */
        void advance() throws IOException
        {
            has = false;
            while (nextLine(reader, file))
            {
                run.lines++;
                reject = false;
                rejectReason = null;
                rejectDetail = null;
                isRest = false;
                instrumentId = 0;
                if (reader.tooLong())
                {
                    reject(RejectReason.TOO_LARGE, "line longer than " + MAX_MESSAGE_BYTES + " bytes");
                    has = true;
                    return;
                }
                if (isBlank(reader.line(), reader.length()))
                {
                    run.blankLines++;
                    continue;
                }
                final boolean record;
                switch (format)
                {
                    case TIMESTAMPED_LINES:
                        record = timestampedLine();
                        break;
                    case CRYPTOFEED:
                        record = cryptofeedLine();
                        break;
                    case TIMED_JSON_LINES:
                        record = timedJsonLine();
                        break;
                    default:
                        throw new IllegalStateException("unhandled format " + format);
                }
                if (record || reject)
                {
                    has = true;
                    return;
                }
            }
        }

        /** {@code <ts_ns> <json>}. */
        private boolean timestampedLine()
        {
            final byte[] line = reader.line();
            final int n = reader.length();
            final int space = indexOf(line, 0, n, (byte)' ');
            if (space <= 0)
            {
                reject(RejectReason.MALFORMED, "expected '<receive_ts_ns> <json>'");
                return false;
            }
            final long ts = parse(line, 0, space, 0);
            if (!Decimals.isValid(ts) || ts <= 0)
            {
                reject(RejectReason.MALFORMED, "receive time '" + text(line, 0, space) + "' is not a positive integer of nanoseconds");
                return false;
            }
            if (space + 1 >= n)
            {
                reject(RejectReason.MALFORMED, "no message after the receive time");
                return false;
            }
            receiveTsNs = ts;
            payloadStart = space + 1;
            payloadLength = n - payloadStart;
            if (hasTopLevelKey(line, payloadStart, payloadLength, K_LAST_UPDATE_ID))
            {
                isRest = true;
                if (run.hint == null)
                {
                    reject(RejectReason.UNKNOWN_INSTRUMENT, "a REST depth snapshot names no symbol: give the instrument "
                        + "(--symbol) it was captured for");
                    return false;
                }
                instrumentId = run.hint.id();
            }
            return true;
        }

        /** The cryptofeed line forms: {@code <ts>: <json>}, {@code <url> <-> <ts>}, {@code <url> <- ..}, {@code <url> -> <ts>: <json>}. */
        private boolean cryptofeedLine()
        {
            final byte[] line = reader.line();
            final int n = reader.length();
            if (isDigit(line[0]))
            {
                return timedPayload(line, 0, n);
            }
            final int urlEnd = indexOf(line, 0, n, (byte)' ');
            if (urlEnd <= 0)
            {
                reject(RejectReason.MALFORMED, "not a cryptofeed log line");
                return false;
            }
            final int markEnd = indexOrEnd(line, urlEnd + 1, n, (byte)' ');
            if (equalsAt(line, urlEnd + 1, markEnd, OPEN_MARK))
            {
                final long ts = seconds(line, markEnd + 1, n);
                if (ts == Decimals.INVALID)
                {
                    reject(RejectReason.MALFORMED, "connection open time '" + text(line, markEnd + 1, n - markEnd - 1)
                        + "' is not positive decimal seconds (at most 9 fraction digits)");
                    return false;
                }
                run.connectionsOpened++;
                connection++;
                sequence = 0;
                return false;
            }
            if (equalsAt(line, urlEnd + 1, markEnd, SENT_MARK))
            {
                run.sentSkipped++;
                return false;
            }
            if (equalsAt(line, urlEnd + 1, markEnd, REST_MARK))
            {
                if (!timedPayload(line, markEnd + 1, n))
                {
                    return false;
                }
                isRest = true;
                final Instrument instrument = run.restInstrument(this, line, urlEnd);
                if (instrument == null)
                {
                    return false;
                }
                instrumentId = instrument.id();
                return true;
            }
            reject(RejectReason.MALFORMED, "not a cryptofeed log line: expected '<ts>: <json>' or '<url> <->|<-|-> <ts>...'");
            return false;
        }

        /** {@code <seconds>: <json>} from {@code from}. */
        private boolean timedPayload(final byte[] line, final int from, final int n)
        {
            final int colon = indexOf(line, from, n, (byte)':');
            if (colon < 0 || colon + 1 >= n || line[colon + 1] != ' ')
            {
                reject(RejectReason.MALFORMED, "expected '<ts>: <json>'");
                return false;
            }
            final long ts = seconds(line, from, colon);
            if (ts == Decimals.INVALID)
            {
                reject(RejectReason.MALFORMED, "receive time '" + text(line, from, colon - from)
                    + "' is not positive decimal seconds (at most 9 fraction digits)");
                return false;
            }
            if (colon + 2 >= n)
            {
                reject(RejectReason.MALFORMED, "no message after the receive time");
                return false;
            }
            receiveTsNs = ts;
            payloadStart = colon + 2;
            payloadLength = n - payloadStart;
            return true;
        }

        /** A JSON line timed by its own {@code ts} (or {@code cts}) in epoch milliseconds. */
        private boolean timedJsonLine()
        {
            final byte[] line = reader.line();
            final int n = reader.length();
            jsonView.wrap(line, 0, n);
            if (!json.parse(jsonView, 0, n))
            {
                reject(RejectReason.MALFORMED, "not JSON: " + json.error());
                return false;
            }
            int ts = json.field(0, K_TS);
            if (ts < 0)
            {
                ts = json.field(0, K_CTS);
            }
            final long ms = ts < 0 ? Decimals.INVALID : json.integer(ts);
            if (!Decimals.isValid(ms) || ms <= 0 || ms > Long.MAX_VALUE / NS_PER_MS)
            {
                reject(RejectReason.MALFORMED, ts < 0 ? "no ts or cts field to time the message by"
                    : "ts '" + json.text(ts) + "' is not positive epoch milliseconds");
                return false;
            }
            receiveTsNs = ms * NS_PER_MS;
            payloadStart = 0;
            payloadLength = n;
            return true;
        }

        private boolean hasTopLevelKey(final byte[] line, final int from, final int length, final byte[] key)
        {
            jsonView.wrap(line, from, length);
            return json.parse(jsonView, 0, length) && json.type(0) == JsonTokens.OBJECT && json.field(0, key) >= 0;
        }

        /** Decimal seconds to nanoseconds, exactly; {@link Decimals#INVALID} when not positive or finer than 1 ns. */
        private long seconds(final byte[] line, final int from, final int to)
        {
            int start = from;
            int end = to;
            while (start < end && line[start] == ' ')
            {
                start++;
            }
            while (end > start && line[end - 1] == ' ')
            {
                end--;
            }
            final long ns = parse(line, start, end, -9);
            return Decimals.isValid(ns) && ns > 0 ? ns : Decimals.INVALID;
        }

        private long parse(final byte[] line, final int from, final int to, final int exponent)
        {
            if (to <= from)
            {
                return Decimals.INVALID;
            }
            jsonView.wrap(line, from, to - from);
            return Decimals.parse(jsonView, 0, to - from, exponent);
        }

        @Override
        public void close() throws IOException
        {
            reader.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ bytes

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    private static boolean isBlank(final byte[] line, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (line[i] != ' ' && line[i] != '\t')
            {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(final byte[] line, final int from, final int to, final byte b)
    {
        for (int i = from; i < to; i++)
        {
            if (line[i] == b)
            {
                return i;
            }
        }
        return -1;
    }

    private static int indexOrEnd(final byte[] line, final int from, final int to, final byte b)
    {
        final int i = indexOf(line, from, to, b);
        return i < 0 ? to : i;
    }

    private static boolean equalsAt(final byte[] line, final int from, final int to, final byte[] ascii)
    {
        if (to - from != ascii.length)
        {
            return false;
        }
        for (int i = 0; i < ascii.length; i++)
        {
            if (line[from + i] != ascii[i])
            {
                return false;
            }
        }
        return true;
    }

    private static String text(final byte[] line, final int from, final int length)
    {
        return abbreviate(new String(line, from, Math.min(length, MAX_TEXT_IN_DETAIL + 1), StandardCharsets.UTF_8));
    }

    private static String abbreviate(final String s)
    {
        return s.length() <= MAX_TEXT_IN_DETAIL ? s : s.substring(0, MAX_TEXT_IN_DETAIL) + "...";
    }
}
