package dev.trader.engine.book;

import dev.trader.codecs.sbe.BookState;
import dev.trader.engine.Instrument;

/** One instrument's book and its synchronisation state, owned by {@link OrderBookStage}. */
final class InstrumentBook
{
    final Instrument instrument;
    final SequenceRule rule;
    final L2Book book;
    final PendingDiffs pending;
    final BookView view;

    BookState state = BookState.SYNCING;
    /** A Binance-style snapshot is loaded and the next applicable diff must bridge it. */
    boolean awaitingBridge;
    /** The book's update id: the snapshot's lastUpdateId, then each applied diff's lastUpdateId. -1: none yet. */
    long lastUpdateId = -1;
    long bboChecks;
    long bboMismatches;
    boolean lastBboMatched;

    InstrumentBook(final Instrument instrument, final int maxLevels, final int maxBufferedUpdates)
    {
        this.instrument = instrument;
        this.rule = SequenceRule.of(instrument.venue());
        this.book = new L2Book(maxLevels);
        this.pending = new PendingDiffs(maxBufferedUpdates);
        this.view = new BookView(this);
    }
}
