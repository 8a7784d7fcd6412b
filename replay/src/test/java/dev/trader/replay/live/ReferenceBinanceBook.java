package dev.trader.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.BooleanType;
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
 * {@code pu} must equal the previous {@code u}. It emits nothing: the engine's own OrderBookStage reports BookStatus
 * and so drives the resynchronisation; this stage, appended after the plan, checks it independently from the raw
 * payloads and watches the engine book's statuses (it sees them because it runs after the book stage). It runs on the
 * engine thread like any stage; the test reads the book after the engine stopped.
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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INSTRUMENT = CaptureJournal.BTCUSDT;

    private final RawMessageDecoder raw = new RawMessageDecoder();
    private final BookStatusDecoder status = new BookStatusDecoder();
    private final NavigableMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private final List<Diff> buffer = new ArrayList<>();
    private Phase phase = Phase.NO_SNAPSHOT;
    private long snapshotId;
    private long lastU = -1;
    private long receiveTsNs;
    private volatile long appliedU = -1;
    private volatile Phase publicPhase = Phase.NO_SNAPSHOT;
    private volatile BookState engineBookState;

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
        if (event.templateId() == BookStatusDecoder.TEMPLATE_ID && event.instrumentId() == INSTRUMENT)
        {
            status.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
            engineBookState = status.state();
            return;
        }
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
                onSnapshot(root);
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
        onDiff(new Diff(data.get("U").asLong(), data.get("u").asLong(), data.get("pu").asLong(), data.path("b"), data.path("a")));
    }

    private void onDiff(final Diff d)
    {
        switch (phase)
        {
            case NO_SNAPSHOT:
                buffer.add(d);
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
                }
                else
                {
                    snapshotsTooOld++;
                    reset();
                    buffer.add(d);
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
                    reset();
                    buffer.add(d);
                }
                break;
            default:
                throw new IllegalStateException(phase.toString());
        }
    }

    private void onSnapshot(final JsonNode snapshot)
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
            onDiff(d);
        }
    }

    private void reset()
    {
        phase = Phase.NO_SNAPSHOT;
        publicPhase = phase;
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

    /** Last update id applied (any thread). */
    long appliedU()
    {
        return appliedU;
    }

    Phase phase()
    {
        return publicPhase;
    }

    /** The last BookStatus the engine's book stage reported for the instrument, or null (any thread). */
    BookState engineBookState()
    {
        return engineBookState;
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
