package dev.trader.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusEncoder;
import dev.trader.codecs.sbe.BookStatusReason;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Stage;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A test-only reference order book for Binance USD-M BTCUSDT, written straight from "How to manage a local order book
 * correctly" with Jackson and BigDecimal (slow, obvious): diffs are buffered until a REST snapshot arrives, events
 * with {@code u < lastUpdateId} are dropped, the first applied must have {@code U <= lastUpdateId <= u}, then each
 * {@code pu} must equal the previous {@code u}. A broken chain emits BookStatus UNTRUSTED (the live source then
 * fetches a snapshot), a snapshot older than the buffered diffs emits SYNCING, a bridge emits TRUSTED.
 *
 * <p>It stands in for the engine's book stage in the live tests until that lands, and checks it afterwards: it runs
 * on the engine thread like any stage; the test reads the book after the engine stopped.
 */
final class ReferenceBinanceBook implements Stage
{
    enum Phase
    {
        NO_SNAPSHOT,
        AWAIT_BRIDGE,
        TRUSTED
    }

    private record Diff(long first, long last, long prev, JsonNode bids, JsonNode asks)
    {
    }

    /** Marks this stage's BookStatus events apart from the engine's book stage's. */
    static final String DETAIL_PREFIX = "reference: ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INSTRUMENT = CaptureJournal.BTCUSDT;

    private final RawMessageDecoder raw = new RawMessageDecoder();
    private final BookStatusEncoder status = new BookStatusEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private final List<Diff> buffer = new ArrayList<>();
    private Phase phase = Phase.NO_SNAPSHOT;
    private boolean statusSinceReset;
    private long snapshotId;
    private long lastU = -1;
    private long receiveTsNs;
    private volatile long appliedU = -1;
    private volatile Phase publicPhase = Phase.NO_SNAPSHOT;

    private long diffs;
    private long gaps;
    private long duplicates;
    private long malformed;
    private long snapshotsApplied;
    private long snapshotsTooOld;
    private long snapshotsIgnored;
    private long bridges;

    @Override
    public String name()
    {
        return "reference-book";
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() != RawMessageDecoder.TEMPLATE_ID)
        {
            return;
        }
        raw.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        if (raw.venue() != VenueCode.BINANCE_USDM)
        {
            return;
        }
        receiveTsNs = raw.receiveTsNs();
        final boolean rest = raw.isRest() == BooleanType.T;
        final int hint = raw.instrumentId();
        final byte[] payload = new byte[raw.payloadLength()];
        raw.getPayload(payload, 0, payload.length);
        final JsonNode root;
        try
        {
            root = JSON.readTree(payload);
        }
        catch (final IOException ex)
        {
            malformed++;
            return;
        }
        if (root == null || !root.isObject())
        {
            malformed++;
            return;
        }
        if (rest)
        {
            if (hint == INSTRUMENT && root.has("lastUpdateId"))
            {
                onSnapshot(root, emitter);
            }
            return;
        }
        final JsonNode data = root.path("data");
        if (!"depthUpdate".equals(data.path("e").asText()) || !"BTCUSDT".equals(data.path("s").asText()))
        {
            return;
        }
        if (!data.path("U").isIntegralNumber() || !data.path("u").isIntegralNumber() || !data.path("pu").isIntegralNumber())
        {
            malformed++;
            return;
        }
        diffs++;
        onDiff(new Diff(data.get("U").asLong(), data.get("u").asLong(), data.get("pu").asLong(), data.path("b"), data.path("a")), emitter);
    }

    private void onDiff(final Diff d, final Emitter emitter)
    {
        switch (phase)
        {
            case NO_SNAPSHOT:
                buffer.add(d);
                if (!statusSinceReset)
                {
                    emit(emitter, BookState.SYNCING, BookStatusReason.SNAPSHOT_RESET, -1, d.last, "waiting for a snapshot");
                }
                break;
            case AWAIT_BRIDGE:
                if (d.last < snapshotId)
                {
                    return; // older than the snapshot
                }
                if (d.first <= snapshotId)
                {
                    apply(d);
                    bridges++;
                    phase = Phase.TRUSTED;
                    publicPhase = phase;
                    emit(emitter, BookState.TRUSTED, BookStatusReason.BRIDGED, snapshotId, d.last, "bridged");
                }
                else
                {
                    snapshotsTooOld++;
                    reset();
                    buffer.add(d);
                    emit(emitter, BookState.SYNCING, BookStatusReason.SNAPSHOT_RESET, snapshotId, d.first, "snapshot older than the diffs");
                }
                break;
            case TRUSTED:
                if (d.prev == lastU)
                {
                    apply(d);
                }
                else if (d.last <= lastU)
                {
                    duplicates++;
                }
                else
                {
                    gaps++;
                    final long expected = lastU;
                    reset();
                    buffer.add(d);
                    emit(emitter, BookState.UNTRUSTED, BookStatusReason.SEQUENCE_GAP, expected, d.prev, "pu does not follow u");
                }
                break;
            default:
                throw new IllegalStateException(phase.toString());
        }
    }

    private void onSnapshot(final JsonNode snapshot, final Emitter emitter)
    {
        if (phase == Phase.TRUSTED)
        {
            snapshotsIgnored++;
            return;
        }
        bids.clear();
        asks.clear();
        load(bids, snapshot.path("bids"));
        load(asks, snapshot.path("asks"));
        snapshotId = snapshot.get("lastUpdateId").asLong();
        lastU = snapshotId;
        snapshotsApplied++;
        phase = Phase.AWAIT_BRIDGE;
        publicPhase = phase;
        final List<Diff> pending = new ArrayList<>(buffer);
        buffer.clear();
        for (final Diff d : pending)
        {
            onDiff(d, emitter);
        }
    }

    private void reset()
    {
        phase = Phase.NO_SNAPSHOT;
        publicPhase = phase;
        statusSinceReset = false;
        bids.clear();
        asks.clear();
        buffer.clear();
    }

    private void apply(final Diff d)
    {
        load(bids, d.bids);
        load(asks, d.asks);
        lastU = d.last;
        appliedU = lastU;
    }

    private static void load(final NavigableMap<BigDecimal, BigDecimal> side, final JsonNode levels)
    {
        for (final JsonNode level : levels)
        {
            final BigDecimal price = new BigDecimal(level.get(0).asText());
            final BigDecimal qty = new BigDecimal(level.get(1).asText());
            if (qty.signum() == 0)
            {
                side.remove(price);
            }
            else
            {
                side.put(price, qty);
            }
        }
    }

    private void emit(
        final Emitter emitter,
        final BookState state,
        final BookStatusReason reason,
        final long expected,
        final long received,
        final String detail)
    {
        statusSinceReset = true;
        final int at = emitter.claim(512);
        status.wrapAndApplyHeader(emitter.buffer(), at, header)
            .exchangeTsNs(0)
            .receiveTsNs(receiveTsNs)
            .instrumentId(INSTRUMENT)
            .state(state)
            .reason(reason)
            .lastUpdateId(lastU)
            .expectedUpdateId(expected)
            .receivedUpdateId(received)
            .detail(DETAIL_PREFIX + detail);
        emitter.commit(MessageHeaderEncoder.ENCODED_LENGTH + status.encodedLength());
    }

    /** Last update id applied (any thread). */
    long appliedU()
    {
        return appliedU;
    }

    Phase phase()
    {
        return publicPhase;
    }

    /** The book, best first (read after the engine stopped). */
    NavigableMap<BigDecimal, BigDecimal> bids()
    {
        return bids;
    }

    NavigableMap<BigDecimal, BigDecimal> asks()
    {
        return asks;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("diffs", diffs);
        m.put("gaps", gaps);
        m.put("duplicates", duplicates);
        m.put("malformed", malformed);
        m.put("snapshotsApplied", snapshotsApplied);
        m.put("snapshotsTooOld", snapshotsTooOld);
        m.put("snapshotsIgnored", snapshotsIgnored);
        m.put("bridges", bridges);
        return m;
    }
}
