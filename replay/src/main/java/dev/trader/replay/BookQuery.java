package dev.trader.replay;

import dev.trader.codecs.Events;
import dev.trader.engine.EventClock;
import dev.trader.engine.EventSink;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Pipeline;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The order book of one instrument as the engine held it after the journal's events up to a time: the journal runs
 * through the same stages as a replay (parse, book, ...), synchronously and without writing anything.
 */
public final class BookQuery
{
    private BookQuery()
    {
    }

    /**
     * @param atNs    include events whose receive time is at or before this (engine time); Long.MAX_VALUE for all
     * @return the {@code trader book} JSON structure
     */
    public static Map<String, Object> bookAt(
        final Path journal,
        final TraderConfig config,
        final Instrument instrument,
        final long atNs,
        final int depth)
    {
        Journal.requireJournal(journal);
        final InstrumentRegistry instruments = config.instruments();
        final EventClock clock = new EventClock();
        final List<Stage> stages = RunStages.analytics(config, instruments, clock);
        final OrderBookStage bookStage = stages.stream()
            .filter(s -> s instanceof OrderBookStage)
            .map(s -> (OrderBookStage)s)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(config.file() + ": the book stage is disabled (book.enabled: false)"));
        final Pipeline pipeline = new Pipeline(stages, EventSink.NONE, EventSink.NONE, clock,
            config.engine().arenaBytes(), false);
        final JournalBoundary boundary = new JournalBoundary(instruments, Integer.MAX_VALUE);
        final boolean[] done = {false};
        try (JournalReader reader = new JournalReader(journal))
        {
            final JournalReader.FrameHandler handler = (buffer, offset, length, index) ->
            {
                if (!boundary.admit(buffer, offset, length))
                {
                    return;
                }
                if (Events.receiveTsNs(buffer, offset) > atNs)
                {
                    done[0] = true;
                    return;
                }
                pipeline.onInput(buffer, offset, length, System.nanoTime());
            };
            while (!done[0] && reader.readNext(handler))
            {
                // the handler feeds the pipeline
            }
        }
        final BookView view = bookStage.book(instrument.id());
        if (view == null)
        {
            throw new IllegalArgumentException("no depth data for " + instrument.key() + " in " + journal
                + (atNs == Long.MAX_VALUE ? "" : " up to the given time"));
        }
        return view.toJson(depth);
    }
}
