package dev.trader.replay;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.MarketSanity;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9 cases 1, 4 and 9 end to end on the real Binance USD-M capture, imported as raw wire ({@code trader import
 * capture}) and replayed: poison lines are refused at the parse stage's boundary sanity checks with their reasons, the
 * run ends normally with a summary, and every other output event is byte for byte the output of the clean capture.
 */
class BoundarySanityReplayTest
{
    private static final Path ROOT = Path.of(System.getProperty("trader.root.dir", ".."));
    private static final Path SHARED = Path.of(System.getProperty("trader.shared.dir", "../../shared"));
    private static final String CAPTURE = "data/binance-usdm/capture-btcusdt-20240808.gz";

    @TempDir
    Path tmp;

    /** Case 1: the first 400 lines plus one {@code @trade} line with {@code "q":"10000000000.000"}. */
    @Test
    void shouldRefuseATradeWhosePriceTimesQuantityOverflowsAndFinishTheReplay() throws IOException
    {
        final List<String> lines = capture(400);
        final String trade = firstTrade(lines);
        final List<String> poisoned = new ArrayList<>(lines);
        poisoned.add(timestamp(lines.get(lines.size() - 1)) + " " + json(trade).replaceFirst("\"q\":\"[0-9.]+\"", "\"q\":\"10000000000.000\""));

        final RunResult run = replay("poisoned", poisoned);

        assertTrue(Files.isRegularFile(run.runDir().resolve(ReplayRunner.SUMMARY_FILE)), "summary written");
        assertEquals(401, run.inputEvents());
        final Map<String, Long> parse = parseCounters(run);
        assertEquals(1L, parse.get("rejected"));
        assertEquals(1L, parse.get("rejected.OUT_OF_RANGE"));
        assertEquals(1L, parse.get("sanity.OUT_OF_RANGE"));
        assertEquals(0L, parse.get("internalErrors"));
        assertEquals(0L, run.summary().get("internalErrors"));
        final List<Reject> rejects = rejects(run);
        assertEquals(1, rejects.size());
        assertEquals(new Reject(MarketSanity.SOURCE, RejectReason.OUT_OF_RANGE, 1,
            "binance-usdm:BTCUSDT trade qty 10000000000.000 exceeds maxQty 1000000000.000"), rejects.get(0));
    }

    /**
     * Cases 4 and 9: a trade stamped in the year 2100, an off-tick trade price (1.05 on the 0.10 tick), a 9,000,000 BTC
     * trade and a depth level of 9e12 BTC, injected into 3,000 lines (~11 s). Each is refused with its reason, and the
     * rest of the output (book, bars, features) is exactly that of the clean capture: no bar low of 1.05, and the bars
     * go on after the 2100 trade.
     */
    @Test
    void shouldRefuseBogusTimesPricesAndSizesAndLeaveEverythingElseAsTheCleanCaptureHasIt() throws IOException
    {
        final List<String> lines = capture(3_000);
        final String trade = json(firstTrade(lines));
        final String depth = json(lines.stream().filter(l -> l.contains("@depth")).findFirst().orElseThrow());
        final List<String> poisoned = new ArrayList<>(lines);
        insertAfter(poisoned, 1_000, trade.replaceAll("\"([ET])\":[0-9]+", "\"$1\":4102444800000"));
        insertAfter(poisoned, 1_500, trade.replaceFirst("\"p\":\"[0-9.]+\"", "\"p\":\"1.05\""));
        insertAfter(poisoned, 2_000, trade.replaceFirst("\"q\":\"[0-9.]+\"", "\"q\":\"9000000.000\""));
        insertAfter(poisoned, 2_500, depth.replaceFirst("\"b\":\\[\\[\"([0-9.]+)\",\"[0-9.]+\"\\]", "\"b\":[[\"$1\",\"9000000000000.000\"]"));

        final RunResult clean = replay("clean", lines);
        final RunResult run = replay("poisoned", poisoned);

        final Map<String, Long> parse = parseCounters(run);
        assertEquals(4L, parse.get("rejected"));
        assertEquals(1L, parse.get("sanity.CLOCK_SKEW"));
        assertEquals(1L, parse.get("sanity.OFF_TICK"));
        assertEquals(2L, parse.get("sanity.OUT_OF_RANGE"));
        assertEquals(0L, parse.get("sanity.OVERFLOW"));
        final List<Reject> rejects = rejects(run);
        assertEquals(4, rejects.size());
        assertEquals(RejectReason.CLOCK_SKEW, rejects.get(0).reason());
        assertTrue(rejects.get(0).detail().startsWith("binance-usdm:BTCUSDT trade exchange time 2100-01-01T00:00:00Z is "),
            rejects.get(0).detail());
        assertEquals("binance-usdm:BTCUSDT trade price 1.05 is off the tick grid 0.10", rejects.get(1).detail());
        assertEquals(RejectReason.OUT_OF_RANGE, rejects.get(2).reason());
        assertTrue(rejects.get(2).detail().contains("trade notional 556"), rejects.get(2).detail());
        assertEquals("binance-usdm:BTCUSDT bid 0 qty 9000000000000.000 exceeds maxQty 1000000000.000", rejects.get(3).detail());

        final List<byte[]> cleanOut = ReplayFixtures.frames(clean.runDir().resolve(ReplayRunner.OUTPUT_DIR));
        final List<byte[]> poisonedOut = withoutRejects(ReplayFixtures.frames(run.runDir().resolve(ReplayRunner.OUTPUT_DIR)));
        assertEquals(cleanOut.size(), poisonedOut.size());
        for (int i = 0; i < cleanOut.size(); i++)
        {
            assertArrayEquals(cleanOut.get(i), poisonedOut.get(i), "output event " + i);
        }
        // every second from 23:54:16 to 23:54:27 gets its 1 s bar (the 2100 trade came at line 1,000, ~23:54:20), none
        // with the off-tick 1.05 as its low (the lows are 61800.00 .. 61809.40)
        final List<long[]> bars = bars(run);
        final List<Long> expectedOpens = new ArrayList<>();
        for (long second = 1_723_161_256L; second <= 1_723_161_267L; second++)
        {
            expectedOpens.add(second * 1_000_000_000L);
        }
        assertEquals(expectedOpens, bars.stream().map(b -> b[0]).toList());
        assertTrue(bars.stream().allMatch(b -> b[1] >= 6_180_000 && b[1] <= 6_180_940), "no bar low of 1.05");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    record Reject(String source, RejectReason reason, int instrumentId, String detail)
    {
    }

    private RunResult replay(final String name, final List<String> lines) throws IOException
    {
        final Path file = tmp.resolve(name + ".txt");
        Files.write(file, lines, StandardCharsets.UTF_8);
        final TraderConfig config = TraderConfig.load(ROOT.resolve("configs/replay.yaml"));
        final Path journal = tmp.resolve(name + "-journal");
        try (JournalWriter writer = new JournalWriter(journal))
        {
            new CaptureImporter().importFile(file, Venue.BINANCE_USDM, config.instruments(),
                config.instruments().resolve("binance-usdm:BTCUSDT"), writer);
        }
        return ReplayRunner.run(journal, config, tmp.resolve(name + "-run"));
    }

    private static List<String> capture(final int lines) throws IOException
    {
        final Path file = SHARED.resolve(CAPTURE);
        SharedFixtures.require(file);
        final List<String> result = new ArrayList<>(lines);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
            StandardCharsets.UTF_8)))
        {
            String line;
            while (result.size() < lines && (line = in.readLine()) != null)
            {
                result.add(line);
            }
        }
        return result;
    }

    private static String firstTrade(final List<String> lines)
    {
        return lines.stream().filter(l -> l.contains("\"btcusdt@trade\"")).findFirst().orElseThrow();
    }

    /** Puts {@code json} after line {@code index}, received at that line's time. */
    private static void insertAfter(final List<String> lines, final int index, final String json)
    {
        lines.add(index + 1, timestamp(lines.get(index)) + " " + json);
    }

    private static String timestamp(final String line)
    {
        return line.substring(0, line.indexOf(' '));
    }

    private static String json(final String line)
    {
        return line.substring(line.indexOf(' ') + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> parseCounters(final RunResult run)
    {
        final Map<String, Object> stages = (Map<String, Object>)run.summary().get("stageCounters");
        return new LinkedHashMap<>((Map<String, Long>)stages.get("parse"));
    }

    private static List<Reject> rejects(final RunResult run)
    {
        final List<Reject> result = new ArrayList<>();
        for (final byte[] e : ReplayFixtures.frames(run.runDir().resolve(ReplayRunner.OUTPUT_DIR)))
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            if (Events.templateId(b, 0) == InputRejectDecoder.TEMPLATE_ID)
            {
                final InputRejectDecoder d = new InputRejectDecoder().wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0),
                    Events.version(b, 0));
                final String source = d.source();
                final RejectReason reason = d.reason();
                final int instrumentId = d.instrumentId();
                result.add(new Reject(source, reason, instrumentId, d.detail()));
            }
        }
        return result;
    }

    private static List<byte[]> withoutRejects(final List<byte[]> events)
    {
        final List<byte[]> result = new ArrayList<>();
        for (final byte[] e : events)
        {
            if (Events.templateId(new UnsafeBuffer(e), 0) != InputRejectDecoder.TEMPLATE_ID)
            {
                result.add(e);
            }
        }
        return result;
    }

    /** Each 1 s bar as {openTimeNs, low}. */
    private static List<long[]> bars(final RunResult run)
    {
        final List<long[]> result = new ArrayList<>();
        for (final byte[] e : ReplayFixtures.frames(run.runDir().resolve(ReplayRunner.OUTPUT_DIR)))
        {
            final UnsafeBuffer b = new UnsafeBuffer(e);
            if (Events.templateId(b, 0) == BarDecoder.TEMPLATE_ID)
            {
                final BarDecoder d = new BarDecoder().wrap(b, Events.HEADER_LENGTH, Events.blockLength(b, 0), Events.version(b, 0));
                if (d.intervalNs() == 1_000_000_000L)
                {
                    result.add(new long[]{d.openTimeNs(), d.low()});
                }
            }
        }
        return result;
    }
}
