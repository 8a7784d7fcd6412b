package dev.trader.adapters.live;

import dev.trader.codecs.sbe.BookState;
import dev.trader.codecs.sbe.BookStatusReason;

/**
 * The port through which the engine's book state reaches the live adapters: a book that became UNTRUSTED or
 * SYNCING needs a fresh snapshot (Binance: REST depth; OKX, Bybit: resubscribe the book channel); TRUSTED ends the
 * need. Called on the engine thread: implementations must not block or allocate (queue and return).
 */
@FunctionalInterface
public interface ResyncRequests
{
    /** @param reason why the book is in that state (a sequence gap, a checksum mismatch...), for the console line */
    void onBookStatus(int instrumentId, BookState state, BookStatusReason reason);

    ResyncRequests NONE = (instrumentId, state, reason) -> { };
}
