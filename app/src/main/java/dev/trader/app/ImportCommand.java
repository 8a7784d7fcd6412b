package dev.trader.app;

import dev.trader.adapters.binance.vision.BinanceVisionImporter;
import dev.trader.adapters.binance.vision.ImportResult;
import dev.trader.adapters.capture.CaptureFormat;
import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true, description = "Import history into a journal.",
    subcommands = {ImportCommand.BinanceVision.class, ImportCommand.Capture.class})
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
            "Bad rows become InputReject events in the journal, counted in the report; an import whose every row",
            "is rejected fails. The journal appears only when the import succeeds (a failed one leaves nothing)."})
    static final class BinanceVision implements Callable<Integer>
    {
        @Option(names = "--file", required = true, description = "the .zip or .csv file")
        Path file;

        @Mixin
        ImportTarget target;

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

        @Override
        public Integer call()
        {
            if (!Files.isRegularFile(file))
            {
                throw new IllegalArgumentException("no such file: " + file);
            }
            target.check();
            final InstrumentRegistry registry = InstrumentRegistry.load(
                instruments != null ? instruments : Home.dir().resolve("configs/instruments.yaml"));
            final Instrument instrument = resolve(registry);
            final BinanceVisionImporter.Kind k = kind == null ? null : parseKind(kind);
            final ImportResult result = target.write(file,
                writer -> new BinanceVisionImporter(registry.clockSkew()).importFile(file, instrument, writer, k, interval),
                r -> NothingImported.binanceVision(r, instrument, registry));
            System.out.println("imported " + result + " as " + instrument.key() + " -> " + target.journal);
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

    @Command(name = "capture", mixinStandardHelpOptions = true,
        description = {"Import a raw wire capture as RawMessage events (bytes exactly as received, with receive times):",
            "'<ts_ns> <json>' lines (hftbacktest; gzip or plain), cryptofeed playback logs (a .ws. log is merged with its",
            ".http. sibling's REST snapshots in time order), JSON lines timed by their own ts (Bybit history, zipped).",
            "Replay parses them with the venue's parser. Unreadable lines become InputReject events, counted in the",
            "report; an import of no message fails. The journal appears only when the import succeeds (a truncated",
            "gzip leaves nothing)."})
    static final class Capture implements Callable<Integer>
    {
        @Option(names = "--venue", required = true, description = "venue the capture was recorded from: binance-usdm, "
            + "binance-spot, okx, bybit")
        String venue;

        @Option(names = "--file", required = true, description = "the capture file")
        Path file;

        @Mixin
        ImportTarget target;

        @Option(names = "--symbol", description = "instrument the capture's REST snapshots are for, e.g. BTCUSDT (needed for "
            + "'<ts_ns> <json>' captures, whose snapshot lines name no symbol)")
        String symbol;

        @Option(names = "--instruments", description = "instrument registry (default: configs/instruments.yaml)")
        Path instruments;

        @Override
        public Integer call() throws IOException
        {
            if (!Files.isRegularFile(file))
            {
                throw new IllegalArgumentException("no such file: " + file);
            }
            target.check();
            final Venue v = Venue.parse(venue);
            final InstrumentRegistry registry = InstrumentRegistry.load(
                instruments != null ? instruments : Home.dir().resolve("configs/instruments.yaml"));
            Instrument hint = null;
            if (symbol != null)
            {
                hint = symbol.contains(":") ? registry.resolve(symbol) : registry.find(v, symbol);
                if (hint == null)
                {
                    throw new IllegalArgumentException("no instrument " + v.cliName() + ":" + symbol + " in the registry");
                }
                if (hint.venue() != v)
                {
                    throw new IllegalArgumentException("--symbol " + symbol + " is on " + hint.venue().cliName() + ", not "
                        + v.cliName());
                }
            }
            final CaptureFormat format = CaptureImporter.detectFormat(file);
            if (format == CaptureFormat.TIMESTAMPED_LINES && hint == null)
            {
                throw new IllegalArgumentException(file + " is a '<ts_ns> <json>' capture: its REST snapshot lines name no "
                    + "symbol, so pass --symbol (the instrument it was captured for)");
            }
            final Instrument snapshotInstrument = hint;
            final CaptureImportResult result = target.write(file,
                writer -> new CaptureImporter().importFile(file, v, registry, snapshotInstrument, writer), NothingImported::capture);
            System.out.println("imported " + result + " as " + v.cliName() + " -> " + target.journal);
            return 0;
        }
    }
}
