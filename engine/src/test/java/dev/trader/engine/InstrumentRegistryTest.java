package dev.trader.engine;

import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentRegistryTest
{
    private static final String GOOD =
        "  - { id: 1, venue: binance-usdm, symbol: BTCUSDT, tickSize: \"0.10\", lotSize: \"0.001\", priceExponent: -2, qtyExponent: -3 }\n";

    @Test
    void shouldLoadRepositoryInstrumentsFile()
    {
        final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

        final Instrument btc = registry.byId(1);
        assertEquals(Venue.BINANCE_USDM, btc.venue());
        assertEquals("BTCUSDT", btc.symbol());
        assertEquals("binance-usdm:BTCUSDT", btc.key());
        assertEquals(-2, btc.priceExponent());
        assertEquals(-3, btc.qtyExponent());
        assertEquals(-5, btc.quoteExponent(), "defaults to priceExponent + qtyExponent");
        assertEquals(10, btc.tickMantissa(), "0.10 at exponent -2");
        assertEquals(1, btc.lotMantissa(), "0.001 at exponent -3");

        final Instrument spot = registry.byId(11);
        assertEquals(Venue.BINANCE_SPOT, spot.venue());
        assertEquals(-6, spot.qtyExponent());
        assertEquals(10, spot.lotMantissa(), "0.00001 at exponent -6");

        final Instrument swap = registry.find(Venue.OKX, "BTC-USDT-SWAP");
        assertEquals(22, swap.id());
        assertEquals(-1, swap.priceExponent());

        final Instrument xrp = registry.byId(32);
        assertEquals(1, xrp.tickMantissa(), "0.0001 at exponent -4");

        assertEquals(Venue.SYNTHETIC, registry.byId(100).venue());
        assertNull(registry.byId(0));
        assertNull(registry.byId(12345));
        assertNull(registry.find(Venue.BYBIT, "DOGEUSDT"));
    }

    @Test
    void shouldKeepRepositoryInstrumentsSortedWithUniqueIdsAndKeys()
    {
        final List<Instrument> all = InstrumentRegistry.load(RepoPaths.instrumentsFile()).all();

        assertTrue(all.size() >= 9, "at least the instruments of the first commit: " + all.size());
        final Set<String> keys = new HashSet<>();
        for (int i = 0; i < all.size(); i++)
        {
            assertTrue(keys.add(all.get(i).key()), "duplicate key " + all.get(i).key());
            assertTrue(i == 0 || all.get(i - 1).id() < all.get(i).id(), "sorted by id");
            assertTrue(all.get(i).quoteExponent() <= all.get(i).priceExponent() + all.get(i).qtyExponent());
        }
    }

    @Test
    void shouldRefuseBareSymbolListedOnSeveralVenues()
    {
        final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> registry.resolve("BTCUSDT"));
        assertTrue(ex.getMessage().contains("several venues"), ex.getMessage());
        assertTrue(ex.getMessage().contains("binance-usdm:BTCUSDT"), ex.getMessage());
    }

    @Test
    void shouldResolveVenueQualifiedOrUniqueSymbol()
    {
        final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

        assertEquals(1, registry.resolve("binance-usdm:BTCUSDT").id());
        assertEquals(11, registry.resolve("binance-spot:BTCUSDT").id());
        assertEquals(100, registry.resolve("synthetic:BTCUSDT").id());
        assertEquals(32, registry.resolve("XRPUSDT").id(), "listed once: no venue needed");
        assertEquals(21, registry.resolve("BTC-USDT").id());
    }

    @Test
    void shouldRefuseUnknownInstrumentOrVenueOnResolve()
    {
        final InstrumentRegistry registry = InstrumentRegistry.load(RepoPaths.instrumentsFile());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.resolve("DOGEUSDT")).getMessage().contains("DOGEUSDT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.resolve("okx:DOGEUSDT")).getMessage().contains("okx:DOGEUSDT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> registry.resolve("kraken:BTCUSDT")).getMessage().contains("kraken"));
    }

    @Test
    void shouldDefaultQuoteExponentAndAcceptFinerOne() throws IOException
    {
        final InstrumentRegistry registry = parse(GOOD
            + "  - { id: 2, venue: okx, symbol: ETH-USDT, tickSize: \"0.01\", lotSize: \"0.0001\", priceExponent: -2, qtyExponent: -4, quoteExponent: -8 }\n");

        assertEquals(-5, registry.byId(1).quoteExponent());
        final Instrument eth = registry.byId(2);
        assertEquals(-8, eth.quoteExponent());
        // 2500.25 * 0.0004 = 1.0001 -> at exponent -8: raw 250025 * 4 = 1_000_100 at -6, times 100
        assertEquals(100_010_000L, eth.quoteOf(250_025, 4));
        assertEquals(1_000_100L, registry.byId(1).quoteOf(250_025, 4), "at the default exponent no scaling");
    }

    static Stream<Arguments> invalidFiles()
    {
        return Stream.of(
            Arguments.of("duplicate id",
                GOOD + "  - { id: 1, venue: okx, symbol: BTC-USDT, tickSize: \"0.1\", lotSize: \"0.01\", priceExponent: -1, qtyExponent: -2 }\n",
                List.of("duplicate instrument id 1")),
            Arguments.of("duplicate venue and symbol",
                GOOD + "  - { id: 2, venue: binance-usdm, symbol: BTCUSDT, tickSize: \"0.1\", lotSize: \"0.01\", priceExponent: -1, qtyExponent: -2 }\n",
                List.of("duplicate instrument binance-usdm:BTCUSDT")),
            Arguments.of("tickSize finer than priceExponent",
                GOOD + "  - { id: 2, venue: okx, symbol: X, tickSize: \"0.001\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[1].tickSize", "'0.001'", "priceExponent -2")),
            Arguments.of("lotSize finer than qtyExponent",
                "  - { id: 2, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.0001\", priceExponent: -2, qtyExponent: -3 }\n",
                List.of("instruments[0].lotSize", "qtyExponent -3")),
            Arguments.of("quoteExponent coarser than price + qty",
                "  - { id: 2, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2, quoteExponent: -3 }\n",
                List.of("instruments[0].quoteExponent", "coarser", "-4")),
            Arguments.of("unknown key",
                GOOD + "  - { id: 2, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2, tick: 1 }\n",
                List.of("instruments[1]", "unknown key 'tick'")),
            Arguments.of("missing symbol",
                "  - { id: 2, venue: okx, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].symbol", "required")),
            Arguments.of("blank symbol",
                "  - { id: 2, venue: okx, symbol: \" \", tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].symbol", "required")),
            Arguments.of("unknown venue",
                "  - { id: 2, venue: kraken, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].venue", "unknown venue 'kraken'")),
            Arguments.of("id zero",
                "  - { id: 0, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].id", "> 0")),
            Arguments.of("id not an integer",
                "  - { id: one, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].id", "required integer")),
            Arguments.of("id beyond int range",
                "  - { id: 4294967297, venue: okx, symbol: X, tickSize: \"0.01\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].id", "required integer")),
            Arguments.of("positive exponent",
                "  - { id: 2, venue: okx, symbol: X, tickSize: \"1\", lotSize: \"1\", priceExponent: 1, qtyExponent: 0 }\n",
                List.of("instruments[0].priceExponent", "got 1")),
            Arguments.of("zero tick size",
                "  - { id: 2, venue: okx, symbol: X, tickSize: \"0\", lotSize: \"0.01\", priceExponent: -2, qtyExponent: -2 }\n",
                List.of("instruments[0].tickSize", "not a positive decimal")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void shouldRejectInvalidFileNamingTheKey(final String what, final String entries, final List<String> fragments)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> parse(entries));

        for (final String fragment : fragments)
        {
            assertTrue(ex.getMessage().contains(fragment), "'" + fragment + "' missing from: " + ex.getMessage());
        }
    }

    @Test
    void shouldRejectFileWithoutInstrumentsList()
    {
        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
            () -> InstrumentRegistry.parse(stream("instruments: []\n"), "test.yaml"));
        assertTrue(empty.getMessage().contains("test.yaml"), empty.getMessage());
        assertTrue(empty.getMessage().contains("'instruments'"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.parse(stream("venues: []\n"), "test.yaml"));
    }

    @Test
    void shouldRejectMissingFileNamingIt()
    {
        final Path missing = Path.of("no-such-dir", "instruments.yaml");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> InstrumentRegistry.load(missing));
        assertTrue(ex.getMessage().contains(missing.toString()), ex.getMessage());
    }

    @Test
    void shouldParseVenueNamesBothWays()
    {
        for (final Venue v : Venue.values())
        {
            assertEquals(v, Venue.parse(v.cliName()));
            assertEquals(v, Venue.parse(v.name()));
        }
        assertEquals("binance-usdm", Venue.BINANCE_USDM.cliName());
    }

    private static InstrumentRegistry parse(final String entries) throws IOException
    {
        return InstrumentRegistry.parse(stream("instruments:\n" + entries), "test.yaml");
    }

    private static ByteArrayInputStream stream(final String yaml)
    {
        return new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }
}
