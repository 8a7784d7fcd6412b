package dev.trader.replay.fuzz;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.codecs.sbe.RejectReason;
import dev.trader.engine.TraderConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distinct failures the fuzzer found, each shrunk (Minimizer) to one or two messages and rebuilt here from the real
 * capture's bytes at run time: a message picked by its content, with one field edited as the fuzzer edited it. Each is
 * fed to a fresh plan (configs/fuzz.yaml) and must not escape: refused at the boundary, or accepted and handled.
 */
class FuzzReproducersTest
{
    private static final long MS_PER_MINUTE = 60_000L;
    private static final Map<SeedCorpus.Capture, SeedCorpus> CAPTURES = new EnumMap<>(SeedCorpus.Capture.class);
    private static TraderConfig config;

    @BeforeAll
    static void loadConfig()
    {
        config = FuzzCampaign.config();
    }

    /** Found on every venue: quantity x price overflowed a long in Instrument.quoteOf (BarStage.onTrade). */
    @Test
    void shouldRefuseUsdmTradeWhoseQuantityTimesPriceOverflows()
    {
        final FuzzInput trade = Mutators.setField(first(SeedCorpus.Capture.BINANCE_USDM, isTrade()), "q", "9999999990.002");

        assertRefusedAsOverflowOrOutOfRange(trade);
    }

    @Test
    void shouldRefuseSpotTradeWhosePriceTimesQuantityOverflows()
    {
        final FuzzInput trade = Mutators.setField(first(SeedCorpus.Capture.BINANCE_SPOT, isTrade()), "p", "92233720368547758.07");

        assertRefusedAsOverflowOrOutOfRange(trade);
    }

    @Test
    void shouldRefuseOkxTradeWhoseSizeTimesPriceOverflows()
    {
        final FuzzInput trade = Mutators.setField(first(SeedCorpus.Capture.OKX, isOkxTrade()), "sz", "999999990.00019248");

        assertRefusedAsOverflowOrOutOfRange(trade);
    }

    /**
     * An absurd price that does not overflow price x qty, then the next minute's trade: the bar's VWAP (quote volume /
     * volume, Decimals.ratio) overflowed when that trade closed the bar.
     */
    @Test
    void shouldNotOverflowBarVwapAfterAbsurdPrice()
    {
        final FuzzInput absurd = Mutators.setField(first(SeedCorpus.Capture.BINANCE_USDM, isTrade()), "p", "999999999961805.30");
        final FuzzInput nextMinute = tradeMinutesAfter(SeedCorpus.Capture.BINANCE_USDM, 1);

        final FuzzTally tally = feed(absurd, nextMinute);

        assertEquals(0, tally.escapes, tally.failureReport());
        assertEquals(1, tally.rejected, tally.counts());
        assertEquals(1, tally.withEvents, tally.counts());
    }

    /**
     * Three real, unedited trades in minutes m, m+2 and m+3 (a quiet minute, or a minute of lost messages): the bar
     * stage fills minute m+1 with a bar of volume 0 (seed 000's repair, emitted before bar m+2 when the m+3 trade closes
     * it), and the cost model's participation map (Long2LongHashMap with missing value 0) threw "cannot accept
     * missingValue" on that bar's volume.
     */
    @Test
    void shouldHandleZeroVolumeRepairedBarInCostModel()
    {
        final FuzzInput first = first(SeedCorpus.Capture.BINANCE_USDM, isTrade());
        final FuzzInput twoMinutesLater = tradeMinutesAfter(SeedCorpus.Capture.BINANCE_USDM, 2);
        final FuzzInput threeMinutesLater = tradeMinutesAfter(SeedCorpus.Capture.BINANCE_USDM, 3);

        final FuzzTally tally = feed(first, twoMinutesLater, threeMinutesLater);

        assertEquals(0, tally.escapes, tally.failureReport());
        assertEquals(3, tally.withEvents, tally.counts());
        assertEquals(3, tally.marketEvents, tally.counts());
    }

    // ------------------------------------------------------------------ fixtures

    private static void assertRefusedAsOverflowOrOutOfRange(final FuzzInput input)
    {
        final FuzzTally tally = feed(input);

        assertEquals(0, tally.escapes, tally.failureReport());
        assertEquals(1, tally.rejected, tally.counts());
        assertEquals(0, tally.marketEvents, tally.counts());
        final long refusedAsBeyondRange = tally.rejectsByReason[RejectReason.OVERFLOW.ordinal()]
            + tally.rejectsByReason[RejectReason.OUT_OF_RANGE.ordinal()];
        assertEquals(1, refusedAsBeyondRange, tally.counts());
    }

    private static FuzzTally feed(final FuzzInput... inputs)
    {
        final FuzzTally tally = new FuzzTally("reproducer");
        new PlanHarness(config).run(List.of(inputs), tally);
        assertTrue(tally.accountsForEveryInput(), tally.counts());
        assertEquals(0, tally.accountingMismatches, tally.counts());
        return tally;
    }

    private static SeedCorpus corpus(final SeedCorpus.Capture capture)
    {
        SharedFixtures.require(SeedCorpus.sharedDir().resolve(capture.file));
        return CAPTURES.computeIfAbsent(capture, c -> SeedCorpus.of(c, config.instruments()));
    }

    /** The first message of a capture the predicate accepts, unedited. */
    private static FuzzInput first(final SeedCorpus.Capture capture, final Predicate<String> accepted)
    {
        final SeedCorpus corpus = corpus(capture);
        for (int i = 0; i < corpus.size(); i++)
        {
            final FuzzInput in = FuzzInput.of(corpus.get(i));
            if (accepted.test(in.text(Integer.MAX_VALUE)))
            {
                return in;
            }
        }
        throw new IllegalStateException("no such message in " + capture);
    }

    /** The first trade whose exchange minute ({@code T}) is {@code minutes} after the first trade's: it closes that bar. */
    private static FuzzInput tradeMinutesAfter(final SeedCorpus.Capture capture, final int minutes)
    {
        final long minute = minuteOf(first(capture, isTrade())) + minutes;
        return first(capture, isTrade().and(text -> minuteOf(text) == minute));
    }

    private static long minuteOf(final FuzzInput trade)
    {
        return minuteOf(trade.text(Integer.MAX_VALUE));
    }

    private static long minuteOf(final String trade)
    {
        final int at = trade.indexOf("\"T\":");
        int end = at + 4;
        while (Character.isDigit(trade.charAt(end)))
        {
            end++;
        }
        return Long.parseLong(trade.substring(at + 4, end)) / MS_PER_MINUTE;
    }

    private static Predicate<String> isTrade()
    {
        return text -> text.contains("@trade\"");
    }

    private static Predicate<String> isOkxTrade()
    {
        return text -> text.contains("\"channel\":\"trades\"") && text.contains("\"data\":[{");
    }
}
