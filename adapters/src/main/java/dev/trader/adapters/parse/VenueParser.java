package dev.trader.adapters.parse;

import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.Emitter;
import org.agrona.DirectBuffer;

/**
 * Turns one venue message, exactly as received, into engine events (Trade, BestBidOffer, DepthUpdate,
 * DepthSnapshot, MarkPrice, Kline) emitted through the {@link Emitter}. Zero allocation on the success path.
 *
 * <p>Never throws on bad input: a malformed, impossible or unknown message becomes an InputReject event naming the
 * reason (and keeping the first bytes of the payload). Subscription acks, pongs and other control messages that carry
 * no market data are recognised and ignored (counted by the implementation).
 */
public interface VenueParser
{
    /**
     * @param payload           the message bytes
     * @param receiveTsNs       when the bytes were received (engine time of every event produced)
     * @param instrumentIdHint  the instrument the adapter knows the message is for (REST snapshots carry no symbol),
     *                          or 0
     * @param isRest            true for a REST response, false for a WebSocket frame
     */
    void parse(
        DirectBuffer payload,
        int offset,
        int length,
        long receiveTsNs,
        int instrumentIdHint,
        boolean isRest,
        Emitter emitter);

    /** Messages refused with {@code reason} so far (for the parse stage's counters). */
    default long rejected(final RejectReason reason)
    {
        return 0;
    }

    /** Exceptions caught inside the parser (a bug; the message was refused as INTERNAL_ERROR). */
    default long internalErrors()
    {
        return 0;
    }
}
