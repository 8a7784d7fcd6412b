package dev.trader.adapters.binance;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.engine.InstrumentRegistry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real venue payloads read in place from the shared data folder ({@code -Dtrader.shared.dir}); tests using them are
 * skipped when it is absent. Nothing from it is copied into the repository.
 */
final class RealPayloads
{
    static final Path SHARED = SharedFixtures.dir().resolve("data");
    static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    static final String USDM_CAPTURE = "binance-usdm/capture-btcusdt-20240808.gz";
    static final String SPOT_CAPTURE = "binance-spot/capture-btcusdt-20240808.gz";
    static final String USDM_CRYPTOFEED = "binance-usdm/cryptofeed-4sym.ws.log";
    static final String USDM_CRYPTOFEED_HTTP = "binance-usdm/cryptofeed-4sym.http.log";
    static final String SPOT_CRYPTOFEED = "binance-spot/cryptofeed-4sym.ws.log";
    static final String SPOT_CRYPTOFEED_HTTP = "binance-spot/cryptofeed-4sym.http.log";
    static final String FUTURES_SINGLE = "single-messages/map_binance_futures_messages.json";
    static final String DELIVERY_SINGLE = "single-messages/map_binance_delivery_messages.json";

    private RealPayloads()
    {
    }

    static InstrumentRegistry repositoryInstruments()
    {
        return InstrumentRegistry.load(ROOT.resolve("configs/instruments.yaml"));
    }

    static boolean available(final String relative)
    {
        return Files.isRegularFile(SHARED.resolve(relative));
    }

    static Path require(final String relative)
    {
        final Path file = SharedFixtures.require("data/" + relative);
        return file;
    }

    /** The {@code messages} of a tardis-node mapper fixture, each as compact JSON (key order and values kept). */
    static List<String> singleMessages(final String relative)
    {
        try
        {
            final JsonNode root = new ObjectMapper().readTree(require(relative).toFile());
            final List<String> messages = new ArrayList<>();
            for (final JsonNode m : root.get("messages"))
            {
                messages.add(m.toString());
            }
            return messages;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The first single message containing {@code marker}. */
    static String singleMessage(final String relative, final String marker)
    {
        for (final String m : singleMessages(relative))
        {
            if (m.contains(marker))
            {
                return m;
            }
        }
        throw new AssertionError("no message with " + marker + " in " + relative);
    }

    /**
     * Lines of a capture (gzip or plain) with their timestamp prefix removed: {@code <ts> <json>} and
     * {@code <ts>: <json>} give the JSON, {@code <url> -> <ts>: <json>} too; other lines are left out.
     */
    static List<String> payloads(final String relative, final Predicate<String> filter, final int limit)
    {
        final Path file = require(relative);
        final List<String> result = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null && result.size() < limit)
            {
                final int brace = line.indexOf('{');
                if (brace < 0)
                {
                    continue;
                }
                final String json = line.substring(brace);
                if (filter.test(json))
                {
                    result.add(json);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return result;
    }

    /** The REST responses of a cryptofeed {@code .http.} log as {symbol (from the URL), json}. */
    static List<String[]> restResponses(final String relative)
    {
        final List<String[]> result = new ArrayList<>();
        try
        {
            for (final String line : Files.readAllLines(require(relative), StandardCharsets.UTF_8))
            {
                final int at = line.indexOf("symbol=");
                final int brace = line.indexOf('{');
                if (at > 0 && brace > at)
                {
                    final int end = line.indexOf('&', at);
                    result.add(new String[]{line.substring(at + 7, end < 0 || end > brace ? line.indexOf(' ', at) : end),
                        line.substring(brace)});
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return result;
    }

    static String firstPayload(final String relative, final Predicate<String> filter)
    {
        final List<String> found = payloads(relative, filter, 1);
        if (found.isEmpty())
        {
            throw new AssertionError("no matching line in " + relative);
        }
        return found.get(0);
    }
}
