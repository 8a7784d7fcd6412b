package dev.trader.replay.trading;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.engine.TraderConfig;
import dev.trader.journal.JournalReader;
import dev.trader.replay.ReplayRunner;
import dev.trader.replay.trading.MomentumShortScenario.Closed;
import dev.trader.replay.trading.MomentumShortScenario.Out;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.trader.replay.trading.MomentumShortScenario.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The golden scenario with configured funding (seed 004 section 4: funding is a cost component of its own): rate
 * 0.0001 at every 1 m boundary, {@code amount = signed qty x mark x rate} with the mark = the book's mid (the book is
 * centred on the last close). Shorts receive (amount < 0). The accounting identity must hold with funding in it.
 */
class MomentumShortFundingTest
{
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    record Funding(long tsNs, long positionId, long qty, long amount, boolean configured)
    {
    }

    @Test
    void fundingIsSettledOnOpenShortsAndTheIdentityHolds()
    {
        final Path journal = dir.resolve("journal");
        MomentumShortScenario.writeJournal(journal);
        final TraderConfig config = MomentumShortScenario.writeConfig(dir, "accounting: { initialEquity: 100000.0, "
            + "equityInterval: 1m, fundingSource: config, fundingRate: 0.0001, fundingInterval: 1m }\n");
        final Path run = dir.resolve("run");
        ReplayRunner.run(journal, config, run);

        final long p3 = (1L << 32) | 3;
        final long p5 = (1L << 32) | 5;
        final long p9 = (1L << 32) | 9;
        // boundaries with an open position: 10:01 (position 3, mid 49620.0): -0.015 x 49620 x 0.0001 = -0.07443;
        // 10:02 (position 5, mid 49450.0): -0.015 x 49450 x 0.0001 = -0.0741750; 10:04 (position 9, mid 49000.0):
        // -0.015 x 49000 x 0.0001 = -0.0735. 10:00 and 10:03: nothing open.
        assertEquals(List.of(
            new Funding(T0 + 60 * S, p3, -15, -7_443_000, true),
            new Funding(T0 + 120 * S, p5, -15, -7_417_500, true),
            new Funding(T0 + 240 * S, p9, -15, -7_350_000, true)),
            fundings(run.resolve(ReplayRunner.OUTPUT_DIR)));

        final Out out = MomentumShortScenario.read(run.resolve(ReplayRunner.OUTPUT_DIR));
        final List<Long> funding = new ArrayList<>();
        final List<Long> net = new ArrayList<>();
        for (final Closed c : out.closed)
        {
            funding.add(c.funding());
            net.add(c.net());
        }
        assertEquals(List.of(0L, -7_443_000L, -7_417_500L, 0L, -7_350_000L), funding);
        // net = gross - fees - funding: 2.52 - 0.59598 + 0.07443 = 1.99845; 2.22 - 0.5919 + 0.074175 = 1.702275;
        // -1.53 - 0.5874 + 0.0735 = -2.0439
        assertEquals(List.of(-363_379_800L, 199_845_000L, 170_227_500L, -136_890_000L, -204_390_000L), net);

        // cash = 100000 - 0.605 - 2.962978 - (-0.2221050) = 99996.6541270
        final TradingAssertions.Totals t = TradingAssertions.assertAccountingIdentity(run);
        assertEquals(-22_210_500L, t.funding());
        assertEquals(9_999_665_412_700L, t.cash());
        assertEquals(5, t.trades());
    }

    private static List<Funding> fundings(final Path journal)
    {
        final List<Funding> list = new ArrayList<>();
        final FundingDecoder f = new FundingDecoder();
        try (JournalReader reader = new JournalReader(journal))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                if (Events.templateId(buffer, offset) == FundingDecoder.TEMPLATE_ID)
                {
                    f.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                    list.add(new Funding(f.exchangeTsNs(), f.positionId(), f.positionQty(), f.amount(),
                        f.configured() == BooleanType.T));
                }
            });
        }
        return list;
    }
}
