package dev.trader.adapters.parse;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.bybit.BybitParser;
import dev.trader.adapters.okx.OkxParser;
import dev.trader.engine.InstrumentRegistry;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random corruption of real OKX and Bybit messages never makes a parser throw: each corrupted message is parsed
 * (market events only), ignored (a control message) or rejected (exactly one InputReject and nothing else), and
 * every emitted frame is a valid event. The pool is the in-test messages plus, when the shared data folder is
 * there, every fixture and capture message.
 */
class OkxBybitCorruptionPropertiesTest
{
    private static final String ALPHABET = "{}[]\",:0123456789-.eE \\atn";
    private static final InstrumentRegistry REGISTRY = ParserFixtures.registry();
    private static final List<byte[]> OKX = new ArrayList<>();
    private static final List<byte[]> BYBIT = new ArrayList<>();

    static
    {
        OkxBybitParsersTest.OKX_MESSAGES.forEach(m -> OKX.add(m.getBytes(StandardCharsets.UTF_8)));
        OkxBybitParsersTest.BYBIT_MESSAGES.forEach(m -> BYBIT.add(m.getBytes(StandardCharsets.UTF_8)));
        try
        {
            loadShared();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void loadShared() throws IOException
    {
        if (!SharedFixtures.realOrFallback("data", "the hand-written OKX/Bybit messages"))
        {
            return;
        }
        final Path data = SharedFixtures.dir().resolve("data");
        final Path log = data.resolve("okx/cryptofeed-btc-usdt.ws.log");
        if (Files.isRegularFile(log))
        {
            for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8))
            {
                final int json = line.indexOf(": {");
                if (json > 0 && Character.isDigit(line.charAt(0)))
                {
                    OKX.add(line.substring(json + 2).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        final Path zip = data.resolve("bybit/xrpusdt-ob500.data.zip");
        if (Files.isRegularFile(zip))
        {
            try (ZipFile z = new ZipFile(zip.toFile());
                BufferedReader r = new BufferedReader(new InputStreamReader(
                    z.getInputStream(z.entries().nextElement()), StandardCharsets.UTF_8)))
            {
                for (String line = r.readLine(); line != null; line = r.readLine())
                {
                    BYBIT.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (Files.isDirectory(data.resolve("single-messages")))
        {
            for (final String[] f : new String[][] {
                {"map_okex_messages.json", "okexV5Messages"},
                {"map_okex_swap_messages.json", "okexSwapV5Messages"},
                {"map_okex_futures_messages.json", "okexFuturesV5Messages"}})
            {
                ParserFixtures.singleMessages(f[0], f[1]).forEach(m -> OKX.add(m.getBytes(StandardCharsets.UTF_8)));
            }
            ParserFixtures.singleMessages("map_bybit_messages.json", "messagesV5")
                .forEach(m -> BYBIT.add(m.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Property(tries = 1500, seed = "20240808")
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void corruptedMessagesAreParsedIgnoredOrRejectedNeverThrown(
        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) final int seed)
    {
        final Random random = new Random(seed);
        final boolean okxVenue = random.nextBoolean();
        final List<byte[]> pool = okxVenue ? OKX : BYBIT;
        final byte[] corrupted = corrupt(pool.get(random.nextInt(pool.size())), random);
        // mostly the venue's own parser; sometimes the other one, which must refuse it just as calmly
        final boolean own = random.nextInt(8) != 0;
        final JsonVenueParser parser = okxVenue == own ? new OkxParser(REGISTRY) : new BybitParser(REGISTRY);
        final CollectingEmitter out = new CollectingEmitter();
        final int offset = random.nextInt(4);
        final byte[] framed = new byte[offset + corrupted.length + random.nextInt(4)];
        Arrays.fill(framed, (byte)'#');
        System.arraycopy(corrupted, 0, framed, offset, corrupted.length);

        parser.parse(new UnsafeBuffer(framed), offset, corrupted.length, 1L, 0, false, out);

        assertEquals(0, parser.internalErrors(), () -> new String(corrupted, StandardCharsets.UTF_8) + " -> " + out.rejects());
        final int rejects = out.rejects().size();
        assertTrue(rejects == 0 || out.events().size() == 1, () -> "a reject must come alone: " + out.events());
        assertEquals(parser.rejected(), rejects);
        assertEquals(parser.eventsOut(), out.events().size() - rejects);

        Statistics.collect(rejects > 0 ? "rejected" : out.events().isEmpty() ? "ignored" : "parsed");
        // the corruption must exercise both outcomes, not just one of them
        Statistics.coverage(coverage ->
        {
            coverage.check("rejected").percentage(p -> p > 20);
            coverage.check("parsed").percentage(p -> p > 2);
        });
    }

    private static byte[] corrupt(final byte[] message, final Random random)
    {
        byte[] b = message.clone();
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++)
        {
            final int at = random.nextInt(b.length);
            switch (random.nextInt(5))
            {
                case 0:
                    b[at] = (byte)ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    break;
                case 1:
                {
                    final int len = 1 + random.nextInt(Math.min(8, b.length - at));
                    final byte[] shorter = new byte[b.length - len];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + len, shorter, at, b.length - at - len);
                    b = shorter;
                    break;
                }
                case 2:
                {
                    final int len = 1 + random.nextInt(Math.min(8, b.length - at));
                    final byte[] longer = new byte[b.length + len];
                    System.arraycopy(b, 0, longer, 0, at + len);
                    System.arraycopy(b, at, longer, at + len, b.length - at);
                    b = longer;
                    break;
                }
                case 3:
                    b = Arrays.copyOf(b, at);
                    break;
                default:
                    // a digit changed: values stay well-formed but may become too precise, zero or out of range
                    if (b[at] >= '0' && b[at] <= '9')
                    {
                        b[at] = (byte)('0' + random.nextInt(10));
                    }
                    else
                    {
                        b[at] = (byte)ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    }
                    break;
            }
        }
        return b;
    }
}
