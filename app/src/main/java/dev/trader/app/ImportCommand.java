package dev.trader.app;

import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.adapters.binance.vision.ImportResult;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.journal.Journal;
import dev.trader.journal.JournalWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Import history into a journal.",
    subcommands = {ImportCommand.BinanceVision.class})
final class ImportCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "binance-vision", mixinStandardHelpOptions = true,
        description = {"Import a Binance Vision daily file (zip or csv): klines of any interval, aggTrades, trades,",
            "bookTicker; with or without header; ms or us timestamps. <file>.CHECKSUM is verified when present.",
            "Bad rows become InputReject events in the journal, counted in the report."})
    static final class BinanceVision implements Callable<Integer>
    {
        @Option(names = "--file", required = true, description = "the .zip or .csv file")
        Path file;

        @Option(names = "--journal", required = true, description = "journal directory to write")
        Path journal;

        @Option(names = "--symbol", required = true, description = "symbol, e.g. BTCUSDT (or venue:SYMBOL)")
        String symbol;

        @Option(names = "--venue", description = "binance-usdm or binance-spot (default: binance-spot when the path names "
            + "spot, else binance-usdm)")
        String venue;

        @Option(names = "--kind", description = "klines, aggTrades, trades or bookTicker (default: from the file name)")
        String kind;

        @Option(names = "--interval", description = "kline interval, e.g. 1m (default: from the file name)")
        String interval;

        @Option(names = "--instruments", description = "instrument registry (default: configs/instruments.yaml)")
        Path instruments;

        @Option(names = "--append", description = "append to a journal that already holds events")
        boolean append;

        @Override
        public Integer call() throws IOException
        {
            if (!Files.isRegularFile(file))
            {
                throw new IllegalArgumentException("no such file: " + file);
            }
            if (Journal.isJournal(journal) && !append)
            {
                throw new IllegalArgumentException("journal " + journal + " already holds events; pass --append to add to it");
            }
            final InstrumentRegistry registry = InstrumentRegistry.load(
                instruments != null ? instruments : Home.dir().resolve("configs/instruments.yaml"));
            final Instrument instrument = resolve(registry);
            final BinanceVisionImporter.Kind k = kind == null ? null : parseKind(kind);
            final ImportResult result;
            try (JournalWriter writer = new JournalWriter(journal))
            {
                result = new BinanceVisionImporter().importFile(file, instrument, writer, k, interval);
            }
            System.out.println("imported " + result + " as " + instrument.key() + " -> " + journal);
            return 0;
        }

        private Instrument resolve(final InstrumentRegistry registry)
        {
            if (symbol.contains(":"))
            {
                return registry.resolve(symbol);
            }
            final Venue v;
            if (venue != null)
            {
                v = Venue.parse(venue);
            }
            else
            {
                final String path = file.toAbsolutePath().normalize().toString().toLowerCase(Locale.ROOT);
                v = path.contains("spot") ? Venue.BINANCE_SPOT : Venue.BINANCE_USDM;
            }
            final Instrument i = registry.find(v, symbol);
            if (i == null)
            {
                throw new IllegalArgumentException("no instrument " + v.cliName() + ":" + symbol + " in the registry"
                    + (venue == null ? " (venue inferred from the path; pass --venue)" : ""));
            }
            return i;
        }

        private static BinanceVisionImporter.Kind parseKind(final String text)
        {
            for (final BinanceVisionImporter.Kind k : BinanceVisionImporter.Kind.values())
            {
                if (k.fileToken().equalsIgnoreCase(text) || k.name().equalsIgnoreCase(text.replace('-', '_')))
                {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown --kind '" + text + "'; known: klines, aggTrades, trades, bookTicker");
        }
    }
}
