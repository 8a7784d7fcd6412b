package dev.trader.adapters.live;

import dev.trader.engine.Instrument;

import java.util.List;

/**
 * What differs between venues on the wire: the URL, the subscribe and unsubscribe messages, the text keep-alive and
 * how a book is resynchronised. Everything else (reconnects, watchdog, rate limits, publishing) is shared by
 * {@link VenueConnection}.
 */
public interface VenueProtocol
{
    /** How the connection keeps itself alive. */
    enum KeepAlive
    {
        /** WebSocket protocol ping frames sent by OkHttp ({@code pingInterval}); a missing pong fails the socket. */
        PROTOCOL_PING,
        /** A text ping after {@code interval} without any frame received (OKX "ping" / "pong"). */
        TEXT_WHEN_IDLE,
        /** A text ping every {@code interval} regardless of traffic (Bybit {@code {"op":"ping"}}). */
        TEXT_PERIODIC
    }

    /** The URL to open. */
    String connectUrl(VenueSettings settings);

    /** Messages to send once the socket is open (empty when the URL already names the streams). */
    List<String> subscribeMessages(VenueSettings settings);

    KeepAlive keepAlive();

    /** The text keep-alive message (null for {@link KeepAlive#PROTOCOL_PING}). */
    String pingMessage();

    /** True when the venue's book is resynchronised from a REST snapshot (Binance), false when by resubscribing. */
    boolean restSnapshots();

    /** True when {@code channel} carries incremental depth that needs a snapshot to start from. */
    boolean isBookChannel(String channel);

    /** The REST depth snapshot URL for one instrument (only when {@link #restSnapshots()}). */
    String snapshotUrl(VenueSettings settings, Instrument instrument);

    /**
     * Messages that make the venue send a fresh book snapshot for one instrument: unsubscribe then subscribe its book
     * channels (only when not {@link #restSnapshots()}).
     */
    List<String> resubscribeBookMessages(VenueSettings settings, Instrument instrument);

    /** The protocol of a venue. */
    static VenueProtocol of(final dev.trader.engine.Venue venue)
    {
        switch (venue)
        {
            case BINANCE_USDM: return new BinanceProtocol("/fapi/v1/depth");
            case BINANCE_SPOT: return new BinanceProtocol("/api/v3/depth");
            case OKX: return new OkxProtocol();
            case BYBIT: return new BybitProtocol();
            default: throw new IllegalArgumentException("no live protocol for " + venue.cliName());
        }
    }
}
