package dev.trader.adapters.parse;

import dev.trader.adapters.bybit.BybitParser;
import dev.trader.adapters.okx.OkxParser;
import dev.trader.adapters.binance.BinanceParser;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.MarketSanity;
import dev.trader.engine.Venue;

import java.util.EnumMap;
import java.util.Map;

/** The parser of every venue this build speaks, for the instruments in a registry. */
public final class VenueParsers
{
    private VenueParsers()
    {
    }

    public static Map<VenueCode, VenueParser> forRegistry(final InstrumentRegistry registry)
    {
        final Map<VenueCode, VenueParser> parsers = new EnumMap<>(VenueCode.class);
        // venue parsers register here as they are built
        parsers.put(VenueCode.OKX, new OkxParser(registry));
        parsers.put(VenueCode.BYBIT, new BybitParser(registry));
        parsers.put(VenueCode.BINANCE_USDM, new BinanceParser(Venue.BINANCE_USDM, registry));
        parsers.put(VenueCode.BINANCE_SPOT, new BinanceParser(Venue.BINANCE_SPOT, registry));
        return parsers;
    }

    /** A ParseStage with every venue's parser, checking their events by the registry's sanity limits. */
    public static ParseStage parseStage(final InstrumentRegistry registry)
    {
        return new ParseStage(forRegistry(registry), new MarketSanity(registry));
    }

    public static VenueCode code(final Venue venue)
    {
        switch (venue)
        {
            case BINANCE_USDM: return VenueCode.BINANCE_USDM;
            case BINANCE_SPOT: return VenueCode.BINANCE_SPOT;
            case OKX: return VenueCode.OKX;
            case BYBIT: return VenueCode.BYBIT;
            case SYNTHETIC: return VenueCode.SYNTHETIC;
            default: return VenueCode.UNKNOWN;
        }
    }
}
