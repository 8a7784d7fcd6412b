package dev.trader.adapters.capture;

import dev.trader.codecs.EventFormatter;
import dev.trader.codecs.sbe.RejectReason;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@link CaptureImporter#importFile} call read and wrote: lines per kind, RawMessage events (WebSocket frames
 * and REST responses), lines refused per reason, and the receive-time span. Immutable.
 */
public final class CaptureImportResult
{
    /** Value of {@link #firstReceiveTsNs()} and {@link #lastReceiveTsNs()} when nothing was written. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final List<Path> files;
    private final CaptureFormat format;
    private final long lines;
    private final long webSocketMessages;
    private final long restMessages;
    private final long connectionsOpened;
    private final long sentSkipped;
    private final long blankLines;
    private final Map<RejectReason, Long> rejectsByReason;
    private final long rejects;
    private final String firstReject;
    private final long outOfOrder;
    private final long firstReceiveTsNs;
    private final long lastReceiveTsNs;

    CaptureImportResult(
        final List<Path> files,
        final CaptureFormat format,
        final long lines,
        final long webSocketMessages,
        final long restMessages,
        final long connectionsOpened,
        final long sentSkipped,
        final long blankLines,
        final Map<RejectReason, Long> rejectsByReason,
        final String firstReject,
        final long outOfOrder,
        final long firstReceiveTsNs,
        final long lastReceiveTsNs)
    {
        this.files = List.copyOf(files);
        this.format = format;
        this.lines = lines;
        this.webSocketMessages = webSocketMessages;
        this.restMessages = restMessages;
        this.connectionsOpened = connectionsOpened;
        this.sentSkipped = sentSkipped;
        this.blankLines = blankLines;
        this.rejectsByReason = Collections.unmodifiableMap(new EnumMap<>(rejectsByReason));
        long total = 0;
        for (final long n : rejectsByReason.values())
        {
            total += n;
        }
        this.rejects = total;
        this.firstReject = firstReject;
        this.outOfOrder = outOfOrder;
        this.firstReceiveTsNs = firstReceiveTsNs;
        this.lastReceiveTsNs = lastReceiveTsNs;
    }

    /** @return the files read: the one asked for, then a companion (a cryptofeed {@code .http.} log) when merged in */
    public List<Path> files()
    {
        return files;
    }

    /** @return the detected format */
    public CaptureFormat format()
    {
        return format;
    }

    /** @return lines read across all files, blank ones included */
    public long lines()
    {
        return lines;
    }

    /** @return RawMessage events written for WebSocket frames */
    public long webSocketMessages()
    {
        return webSocketMessages;
    }

    /** @return RawMessage events written for REST responses ({@code isRest = T}) */
    public long restMessages()
    {
        return restMessages;
    }

    /** @return all RawMessage events written */
    public long rawMessages()
    {
        return webSocketMessages + restMessages;
    }

    /** @return connection-opened lines (cryptofeed {@code <->}); they number the connections of later frames */
    public long connectionsOpened()
    {
        return connectionsOpened;
    }

    /** @return lines the client sent (cryptofeed {@code <-}), skipped */
    public long sentSkipped()
    {
        return sentSkipped;
    }

    /** @return empty lines, skipped */
    public long blankLines()
    {
        return blankLines;
    }

    /** @return lines refused and written as InputReject events */
    public long rejects()
    {
        return rejects;
    }

    /** @return lines refused for {@code reason} */
    public long rejects(final RejectReason reason)
    {
        return rejectsByReason.getOrDefault(reason, 0L);
    }

    /** @return refused lines per reason; reasons with none are absent */
    public Map<RejectReason, Long> rejectsByReason()
    {
        return rejectsByReason;
    }

    /** @return the first refused line's InputReject detail ({@code file:line: why}), or null when none was refused */
    public String firstReject()
    {
        return firstReject;
    }

    /** @return RawMessages written with a receive time earlier than the one before (kept, not reordered) */
    public long outOfOrder()
    {
        return outOfOrder;
    }

    /** @return all events written: RawMessages and InputRejects */
    public long eventsWritten()
    {
        return rawMessages() + rejects;
    }

    /** @return receive time of the first RawMessage written, or {@link #NO_TIMESTAMP} */
    public long firstReceiveTsNs()
    {
        return firstReceiveTsNs;
    }

    /** @return receive time of the last RawMessage written, or {@link #NO_TIMESTAMP} */
    public long lastReceiveTsNs()
    {
        return lastReceiveTsNs;
    }

    /**
     * One line, e.g. {@code capture-btcusdt-20240808.gz (<ts_ns> <json> lines): 93954 lines -> 93953 WebSocket + 1
     * REST RawMessages, rejects=0, outOfOrder=0, receiveTs 2024-08-08T23:54:15Z .. 2024-08-09T00:00:00Z}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(192);
        for (int i = 0; i < files.size(); i++)
        {
            sb.append(i == 0 ? "" : " + ").append(files.get(i).getFileName());
        }
        sb.append(" (").append(format.description()).append("): ").append(lines).append(" lines -> ")
            .append(webSocketMessages).append(" WebSocket + ").append(restMessages).append(" REST RawMessages");
        if (connectionsOpened > 0)
        {
            sb.append(", connections=").append(connectionsOpened);
        }
        if (sentSkipped > 0)
        {
            sb.append(", sentSkipped=").append(sentSkipped);
        }
        sb.append(", rejects=").append(rejects);
        if (rejects > 0)
        {
            sb.append(' ').append(rejectsByReason);
        }
        sb.append(", outOfOrder=").append(outOfOrder);
        if (firstReceiveTsNs != NO_TIMESTAMP)
        {
            sb.append(", receiveTs ").append(EventFormatter.formatTime(firstReceiveTsNs))
                .append(" .. ").append(EventFormatter.formatTime(lastReceiveTsNs));
        }
        return sb.toString();
    }
}
