package dev.trader.engine.features;

import dev.trader.engine.testing.SharedFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.sbe.Side;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Reads the shared real data in place ({@code -Dtrader.shared.dir}, never copied into the repository) for the feature
 * tests, straight from the files (not through the adapters, which the engine does not depend on). Skips the calling
 * test when the folder is absent.
 */
final class SharedData
{
    static final Path SHARED = SharedFixtures.dir();
    static final String KLINES_DIR = "data/binance-vision/spot-klines-1m";
    static final String USDM_CAPTURE = "data/binance-usdm/capture-btcusdt-20240808.gz";

    private SharedData()
    {
    }

    static Path shared(final String relative)
    {
        return SharedFixtures.require(relative);
    }

    /** One Binance Vision kline row as mantissas at the instrument's exponents. */
    record KlineRow(long openTimeMs, long open, long high, long low, long close, long volume, long quoteVolume,
                    long tradeCount, long takerBuyVolume, long takerBuyQuoteVolume)
    {
    }

    /** One trade of the USD-M capture. */
    record TradeRow(long receiveTsNs, long tradeTimeMs, long tradeId, long price, long qty, Side aggressor)
    {
    }

    /** The CSV lines of a Vision zip (one entry), as published. */
    static List<String> zipLines(final Path zip) throws IOException
    {
        try (ZipFile file = new ZipFile(zip.toFile()))
        {
            final ZipEntry entry = file.entries().nextElement();
            try (InputStream in = file.getInputStream(entry);
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)))
            {
                final List<String> lines = new ArrayList<>();
                String line;
                while ((line = reader.readLine()) != null)
                {
                    if (!line.isEmpty())
                    {
                        lines.add(line);
                    }
                }
                return lines;
            }
        }
    }

    static KlineRow parseKline(final String line, final int priceExponent, final int qtyExponent, final int quoteExponent)
    {
        final String[] c = line.split(",");
        return new KlineRow(Long.parseLong(c[0]),
            mantissa(c[1], priceExponent), mantissa(c[2], priceExponent), mantissa(c[3], priceExponent),
            mantissa(c[4], priceExponent), mantissa(c[5], qtyExponent), mantissa(c[7], quoteExponent),
            Long.parseLong(c[8]), mantissa(c[9], qtyExponent), mantissa(c[10], quoteExponent));
    }

    /** Both Vision kline days, in order. */
    static List<KlineRow> klineDays(final int priceExponent, final int qtyExponent, final int quoteExponent) throws IOException
    {
        final List<KlineRow> rows = new ArrayList<>();
        for (final String day : new String[]{"2020-01-01", "2020-01-02"})
        {
            for (final String line : zipLines(shared(KLINES_DIR + "/BTCUSDT-1m-" + day + ".zip")))
            {
                rows.add(parseKline(line, priceExponent, qtyExponent, quoteExponent));
            }
        }
        return rows;
    }

    /** The market trades ({@code "e":"trade"}, {@code X = MARKET}) of the USD-M capture, in file order. */
    static List<TradeRow> usdmTrades(final int priceExponent, final int qtyExponent) throws IOException
    {
        final ObjectMapper json = new ObjectMapper();
        final List<TradeRow> trades = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(shared(USDM_CAPTURE))), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (!line.contains("\"e\":\"trade\""))
                {
                    continue;
                }
                final int space = line.indexOf(' ');
                final JsonNode root = json.readTree(line.substring(space + 1));
                final JsonNode d = root.has("data") ? root.get("data") : root;
                if (!"trade".equals(d.path("e").asText()) || !"MARKET".equals(d.path("X").asText("MARKET")))
                {
                    continue;
                }
                trades.add(new TradeRow(Long.parseLong(line.substring(0, space)), d.get("T").asLong(), d.get("t").asLong(),
                    mantissa(d.get("p").asText(), priceExponent), mantissa(d.get("q").asText(), qtyExponent),
                    d.get("m").asBoolean() ? Side.SELL : Side.BUY));
            }
        }
        return trades;
    }

    static long mantissa(final String decimal, final int exponent)
    {
        return new BigDecimal(decimal).movePointRight(-exponent).longValueExact();
    }
}
