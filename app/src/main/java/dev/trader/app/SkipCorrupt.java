package dev.trader.app;

import dev.trader.journal.JournalDamagedException;

import java.util.function.Supplier;

/** The {@code --skip-corrupt} option of the commands that replay a journal, and the hint a refusal carries. */
final class SkipCorrupt
{
    static final String OPTION = "--skip-corrupt";
    static final String DESCRIPTION = "replay a damaged journal: skip corrupt and missing frames, journal each damaged stretch as "
        + "an InputReject (CORRUPT_FRAME) and count them in the summary (default: refuse a damaged journal)";

    private SkipCorrupt()
    {
    }

    /** Runs {@code replay}; a refused damaged journal's one-line error also says how to replay the rest. */
    static <T> T hinted(final Supplier<T> replay)
    {
        try
        {
            return replay.get();
        }
        catch (final JournalDamagedException ex)
        {
            throw new IllegalArgumentException(ex.getMessage() + "; " + OPTION + " replays the rest and counts what it skips", ex);
        }
    }
}
