package dev.trader.adapters.live;

import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveSettingsTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldReadTheShippedBinanceRecordingConfigIntoTheVenuesUrls()
    {
        final TraderConfig config = TraderConfig.load(RepoPaths.configsDir().resolve("record-binance-usdm.yaml"));
        final List<VenueSettings> venues = LiveSettings.enabled(config, config.instruments());
        assertEquals(1, venues.size());
        final VenueSettings v = venues.get(0);
        final VenueProtocol protocol = VenueProtocol.of(v.venue());
        assertEquals("wss://fstream.binance.com/stream?streams=btcusdt@depth@0ms/btcusdt@bookTicker/btcusdt@trade",
            protocol.connectUrl(v));
        assertEquals("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000", protocol.snapshotUrl(v, v.instruments().get(0)));
        assertEquals(5.0, v.messagesPerSecond());
        assertEquals(Duration.ofHours(23), v.maxConnectionAge());
        assertEquals(1, v.connectionId());
        assertTrue(protocol.isBookChannel("depth@0ms") && protocol.isBookChannel("depth") && !protocol.isBookChannel("depth20"));
    }

    @Test
    void shouldApplyEachVenuesDocumentedDefaults() throws Exception
    {
        final List<VenueSettings> venues = LiveTestConfig.venues(tmp, ""
            + "  binance-spot: { symbols: [BTCUSDT], channels: [\"depth@100ms\"] }\n"
            + "  okx: { symbols: [BTC-USDT], channels: [books] }\n"
            + "  bybit: { symbols: [BTCUSDT], channels: [orderbook.50], enabled: false }\n");
        assertEquals(2, venues.size(), "the disabled venue is left out");
        final VenueSettings spot = venues.get(0);
        assertEquals("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000",
            VenueProtocol.of(Venue.BINANCE_SPOT).snapshotUrl(spot, spot.instruments().get(0)));
        final VenueSettings okx = venues.get(1);
        assertEquals("wss://ws.okx.com:8443/ws/v5/public", okx.wsUrl());
        assertEquals(Duration.ofSeconds(25), okx.keepAliveInterval());
        assertNull(okx.maxConnectionAge(), "OKX has no 24 h cut");
        assertEquals(SubscribeVia.MESSAGE, okx.subscribeVia());
        assertEquals(Duration.ofMinutes(10), okx.banWait(), "Bybit asks for at least 10 minutes after an IP ban");
        assertEquals(Duration.ofDays(3), okx.maxRetryAfter(), "Binance's longest ban");
    }

    @Test
    void shouldReadTheBanWaitAndTheRetryAfterCap() throws Exception
    {
        final VenueSettings v = LiveTestConfig.venues(tmp,
            "  bybit: { symbols: [BTCUSDT], channels: [orderbook.50], reconnect: { banWait: 30m, maxRetryAfter: 1h } }\n").get(0);
        assertEquals(Duration.ofMinutes(30), v.banWait());
        assertEquals(Duration.ofHours(1), v.maxRetryAfter());
        final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  bybit: { symbols: [BTCUSDT], channels: [orderbook.50], reconnect: { banWait: 0s } }\n"));
        assertTrue(zero.getMessage().contains("venues.bybit.reconnect.banWait"), zero.getMessage());
    }

    @Test
    void shouldRefuseUnknownKeysUnknownSymbolsAndBadUrlsByName() throws Exception
    {
        final IllegalArgumentException unknownKey = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  binance-usdm: { symbols: [BTCUSDT], channels: [trade], stalAfter: 5s }\n"));
        assertTrue(unknownKey.getMessage().contains("venues.binance-usdm: unknown key 'stalAfter'"), unknownKey.getMessage());
        final IllegalArgumentException nested = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  binance-usdm: { symbols: [BTCUSDT], channels: [trade], reconnect: { maxBackof: 1s } }\n"));
        assertTrue(nested.getMessage().contains("venues.binance-usdm.reconnect: unknown key 'maxBackof'"), nested.getMessage());
        final IllegalArgumentException symbol = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  okx: { symbols: [DOGE-USDT], channels: [trades] }\n"));
        assertTrue(symbol.getMessage().contains("no instrument okx:DOGE-USDT"), symbol.getMessage());
        final IllegalArgumentException url = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  bybit: { symbols: [BTCUSDT], channels: [publicTrade], wsUrl: \"http://127.0.0.1:1\" }\n"));
        assertTrue(url.getMessage().contains("venues.bybit.wsUrl"), url.getMessage());
        final IllegalArgumentException venue = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  kraken: { symbols: [XBTUSD], channels: [book] }\n"));
        assertTrue(venue.getMessage().contains("venues.kraken"), venue.getMessage());
        final IllegalArgumentException via = assertThrows(IllegalArgumentException.class, () -> LiveTestConfig.venues(tmp,
            "  okx: { symbols: [BTC-USDT], channels: [books], subscribeVia: url }\n"));
        assertTrue(via.getMessage().contains("only Binance"), via.getMessage());
    }
}
