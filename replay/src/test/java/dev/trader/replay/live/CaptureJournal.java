package dev.trader.replay.live;

import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.journal.JournalWriter;
import dev.trader.replay.ReplayFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A capture prefix as an input journal of RawMessage events, through the product's capture importer. */
final class CaptureJournal
{
    static final int BTCUSDT = 1;

    private CaptureJournal()
    {
    }

    /**
     * The product's own import ({@code trader import capture}: {@link CaptureImporter}) of the same prefix, written
     * as {@code <ts> <json>} lines to a temporary file first (the shared capture is read in place, never copied into
     * the repository).
     */
    static void importWithTraderImporter(final BinanceCapture capture, final Path prefixFile, final Path dir) throws IOException
    {
        final StringBuilder text = new StringBuilder(capture.size() * 200);
        for (int i = 0; i < capture.size(); i++)
        {
            text.append(capture.receiveTsNs.get(i)).append(' ').append(capture.json.get(i)).append('\n');
        }
        Files.writeString(prefixFile, text);
        final InstrumentRegistry registry = InstrumentRegistry.load(ReplayFixtures.rootDir().resolve("configs").resolve("instruments.yaml"));
        try (JournalWriter writer = new JournalWriter(dir))
        {
            new CaptureImporter().importFile(prefixFile, Venue.BINANCE_USDM, registry, registry.byId(BTCUSDT), writer);
        }
    }
}
