package dev.trader.app;

import dev.trader.adapters.binance.vision.ImportResult;
import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;

/**
 * The rule for an import that would keep no market data: when every row was rejected, or the file held none, the
 * import fails (non-zero exit, nothing written) with the counts, the first reject and, where the rejects point at one,
 * a hint. Partial rejects pass: they are journaled and counted in the report line (docs/architecture.md "Output
 * directories").
 */
final class NothingImported
{
    private NothingImported()
    {
    }

    /** @return why a Binance Vision import must not be kept, or null when it wrote market events */
    static String binanceVision(final ImportResult r, final Instrument instrument, final InstrumentRegistry registry)
    {
        final String file = r.file().getFileName().toString();
        if (r.rows() == 0)
        {
            return file + ": no data rows to import";
        }
        if (r.rejects() < r.rows())
        {
            return null;
        }
        final String hint = visionHint(r, instrument, registry);
        return file + ": all " + r.rows() + " rows rejected " + r.rejectsByReason() + " as " + instrument.key() + " (first: "
            + r.firstReject() + ")" + (hint == null ? "" : "; hint: " + hint);
    }

    /** @return why a capture import must not be kept, or null when it wrote RawMessage events */
    static String capture(final CaptureImportResult r)
    {
        if (r.rawMessages() > 0)
        {
            return null;
        }
        final String file = r.files().get(0).getFileName().toString();
        if (r.rejects() == 0)
        {
            return file + ": no messages to import (" + r.lines() + " lines)";
        }
        final String hint = r.rejects(RejectReason.UNKNOWN_INSTRUMENT) == r.rejects()
            ? "the REST responses name no instrument of the registry: pass --symbol, or add the instrument to the registry"
            : r.rejects(RejectReason.MALFORMED) == r.rejects() ? "is it a " + r.format().description() + " capture?" : null;
        return file + ": all " + r.rejects() + " messages rejected " + r.rejectsByReason() + " (first: " + r.firstReject() + ")"
            + (hint == null ? "" : "; hint: " + hint);
    }

    /**
     * Spot files have no header row, USD-M files have one (data.binance.vision; ../shared/data/SOURCES.md): a file
     * whose every row was refused and whose header says the other market was most likely imported as the wrong one.
     */
    private static String visionHint(final ImportResult r, final Instrument instrument, final InstrumentRegistry registry)
    {
        if (!r.headerRow() && instrument.venue() == Venue.BINANCE_USDM)
        {
            return "the file has no header row, as Binance spot files do, but " + instrument.key() + " is a USD-M future: "
                + otherMarket(Venue.BINANCE_SPOT, "a spot file", instrument, registry);
        }
        if (r.headerRow() && instrument.venue() == Venue.BINANCE_SPOT)
        {
            return "the file has a header row, as Binance USD-M files do, but " + instrument.key() + " is spot: "
                + otherMarket(Venue.BINANCE_USDM, "a futures file", instrument, registry);
        }
        if (r.rejects(RejectReason.PRECISION) == r.rejects())
        {
            return "every row holds values finer than " + instrument.key() + "'s grid (prices 1e" + instrument.priceExponent()
                + ", quantities 1e" + instrument.qtyExponent() + "): is the file for this instrument?";
        }
        if (r.rejects(RejectReason.MALFORMED) == r.rejects())
        {
            return "is it a " + r.kind().fileToken() + " file? pass --kind (and --interval) when its name misleads";
        }
        return null;
    }

    private static String otherMarket(final Venue venue, final String what, final Instrument instrument,
        final InstrumentRegistry registry)
    {
        final String key = venue.cliName() + ":" + instrument.symbol();
        return registry.find(venue, instrument.symbol()) != null
            ? "if it is " + what + ", import it with --symbol " + key
            : "if it is " + what + ", add " + key + " to the instrument registry and import it with --symbol " + key;
    }
}
