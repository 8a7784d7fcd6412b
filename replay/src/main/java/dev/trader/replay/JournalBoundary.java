package dev.trader.replay;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.InputRejects;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.MarketSanity;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The journal reader's trust boundary: a frame enters the engine only when it is one valid event of this schema
 * ({@link EventValidator}), fits a ring slot, and, when it is a parsed market event, passes {@link MarketSanity} (a
 * journal of parsed events, e.g. an import or the synthetic market, skipped the parse stage's checks, or predates them).
 * A refused frame is replaced by an InputReject (source {@value #SOURCE}, reference = the frame's index) and counted by
 * reason. One instance per reader thread; no allocation for a frame that passes.
 */
public final class JournalBoundary
{
    public static final String SOURCE = "journal-reader";

    private final EventValidator validator = new EventValidator();
    private final MarketSanity sanity;
    private final int maxEventLength;
    private final InputRejects rejects = new InputRejects();
    private final UnsafeBuffer rejectBuffer = new UnsafeBuffer(new byte[InputRejects.maxLength()]);
    private final byte[] raw = new byte[InputRejects.MAX_RAW_BYTES];
    private final long[] byReason = new long[RejectReason.values().length];
    private RejectReason reason;
    private String detail;
    private int instrumentId;
    private long rejected;

    /**
     * @param maxEventLength largest frame the consumer takes (a ring slot), Integer.MAX_VALUE for no limit
     */
    public JournalBoundary(final InstrumentRegistry registry, final int maxEventLength)
    {
        this.sanity = new MarketSanity(registry);
        this.maxEventLength = maxEventLength;
    }

    /** True when the frame may enter the engine as it is; otherwise counted, and {@link #reject} describes it. */
    public boolean admit(final DirectBuffer buffer, final int offset, final int length)
    {
        instrumentId = 0;
        if (!validator.isValid(buffer, offset, length))
        {
            return refuse(RejectReason.MALFORMED, validator.lastError());
        }
        if (length > maxEventLength)
        {
            return refuse(RejectReason.TOO_LARGE, "event of " + length + " bytes exceeds engine.slotBytes " + maxEventLength);
        }
        final RejectReason insane = sanity.check(buffer, offset, length);
        if (insane != null)
        {
            instrumentId = sanity.instrumentId();
            return refuse(insane, sanity.detail());
        }
        return true;
    }

    private boolean refuse(final RejectReason why, final String text)
    {
        reason = why;
        detail = text;
        rejected++;
        byReason[why.ordinal()]++;
        return false;
    }

    /**
     * Encodes the InputReject that replaces the frame {@link #admit} just refused, stamped {@code tsNs} (the time of the
     * last frame admitted, so it keeps its place in time).
     *
     * @return its length in {@link #rejectBuffer()}
     */
    public int reject(final DirectBuffer buffer, final int offset, final int length, final long index, final long tsNs)
    {
        final int n = Math.max(0, Math.min(length, Math.min(raw.length, buffer.capacity() - offset)));
        buffer.getBytes(offset, raw, 0, n);
        return rejects.encode(rejectBuffer, 0, tsNs, tsNs, instrumentId, SOURCE, reason, index,
            "journal frame " + index + ": " + detail, raw, 0, n);
    }

    public DirectBuffer rejectBuffer()
    {
        return rejectBuffer;
    }

    /** Frames refused. */
    public long rejected()
    {
        return rejected;
    }

    /** The sanity checks' counters for the parsed market events read ({@link MarketSanity#counters()}). */
    public Map<String, Long> sanityCounters()
    {
        return sanity.counters();
    }

    /** Frames refused per reason (reasons with none left out), in the schema's order (allocates). */
    public Map<String, Long> rejectedByReason()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        for (final RejectReason r : RejectReason.values())
        {
            if (r != RejectReason.NULL_VAL && byReason[r.ordinal()] > 0)
            {
                m.put(r.name(), byReason[r.ordinal()]);
            }
        }
        return m;
    }
}
