package dev.trader.replay.trading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.trading.Money;
import dev.trader.journal.JournalReader;
import dev.trader.replay.ReplayRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounting identity of docs/trading.md "Money", checked on any backtest's run directory (its output journal and
 * summary.json), exactly in money mantissas (1e-8 quote units, {@link Money}):
 * <ul>
 *   <li>{@code initialEquity + realized - fees - funding == cash} of the last Account event;</li>
 *   <li>the last Account's fees == the sum of every Fill's fee, its funding == the sum of every Funding amount;</li>
 *   <li>summary.json's initialEquity / finalEquity / realizedPnl / fees / funding / slippage are those values;</li>
 *   <li>when nothing is open at the end: equity == cash, sum(TradeClosed.grossPnl) == realized, sum(TradeClosed.fees)
 *       == fees, sum(TradeClosed.funding) == funding and sum(TradeClosed.netPnl) == realized - fees - funding.</li>
 * </ul>
 */
public final class TradingAssertions
{
    private TradingAssertions()
    {
    }

    /** What the identity was checked on (mantissas), for further assertions. */
    public record Totals(long initial, long cash, long equity, long realized, long fees, long funding, long slippage,
        int openPositions, long fillFees, long fillSlippage, long fundingSum, long tradeGross, long tradeFees,
        long tradeFunding, long tradeNet, int trades, int fills, int accounts)
    {
    }

    /** Checks the identity on {@code runDir} (see the class comment) and returns the totals. */
    public static Totals assertAccountingIdentity(final Path runDir)
    {
        final long[] s = new long[16];
        final AccountDecoder account = new AccountDecoder();
        final FillDecoder fill = new FillDecoder();
        final FundingDecoder funding = new FundingDecoder();
        final TradeClosedDecoder closed = new TradeClosedDecoder();
        final long[] last = new long[8];
        final long[] first = new long[4];
        try (JournalReader reader = new JournalReader(runDir.resolve(ReplayRunner.OUTPUT_DIR)))
        {
            reader.readAll((buffer, offset, length, index) ->
            {
                final int body = offset + Events.HEADER_LENGTH;
                final int block = Events.blockLength(buffer, offset);
                final int version = Events.version(buffer, offset);
                switch (Events.templateId(buffer, offset))
                {
                    case AccountDecoder.TEMPLATE_ID:
                        account.wrap(buffer, body, block, version);
                        if (s[15]++ == 0)
                        {
                            first[0] = account.cash();
                            first[1] = account.realizedPnl();
                            first[2] = account.fees();
                            first[3] = account.funding();
                        }
                        last[0] = account.cash();
                        last[1] = account.equity();
                        last[2] = account.realizedPnl();
                        last[3] = account.fees();
                        last[4] = account.funding();
                        last[5] = account.slippage();
                        last[6] = account.openPositions();
                        last[7] = account.unrealizedPnl();
                        break;
                    case FillDecoder.TEMPLATE_ID:
                        fill.wrap(buffer, body, block, version);
                        s[0] += fill.fee();
                        s[1] += fill.slippage();
                        s[2]++;
                        break;
                    case FundingDecoder.TEMPLATE_ID:
                        funding.wrap(buffer, body, block, version);
                        s[3] += funding.amount();
                        break;
                    case TradeClosedDecoder.TEMPLATE_ID:
                        closed.wrap(buffer, body, block, version);
                        s[4] += closed.grossPnl();
                        s[5] += closed.fees();
                        s[6] += closed.funding();
                        s[7] += closed.netPnl();
                        s[8]++;
                        // each trade's own identity
                        assertEquals(closed.grossPnl() - closed.fees() - closed.funding(), closed.netPnl(),
                            "TradeClosed " + closed.positionId() + ": net == gross - fees - funding");
                        break;
                    default:
                        break;
                }
            });
        }
        assertTrue(s[15] > 0, "the run has Account events");
        final JsonNode summary = readSummary(runDir);
        final long initial = Money.of(summary.path("initialEquity").asDouble());
        final long cash = last[0];
        final long equity = last[1];
        final long realized = last[2];
        final long fees = last[3];
        final long fundingTotal = last[4];
        final long slippage = last[5];
        final int open = (int)last[6];

        // the first Account is the initial equity (plus whatever was booked before it)
        assertEquals(initial, first[0] - first[1] + first[2] + first[3], "first Account: cash - realized + fees + funding");
        // THE identity
        assertEquals(cash, initial + realized - fees - fundingTotal, "initial + realized - fees - funding == cash");
        assertEquals(equity, cash + last[7], "equity == cash + unrealized");
        assertEquals(fees, s[0], "Account fees == sum of Fill fees");
        assertEquals(slippage, s[1], "Account slippage == sum of Fill slippage");
        assertEquals(fundingTotal, s[3], "Account funding == sum of Funding amounts");

        // the run's own check (RunReport.accountingCheck) agrees
        assertTrue(summary.path("accountingCheck").path("holds").asBoolean(false), "summary accountingCheck: "
            + summary.path("accountingCheck"));
        // summary.json carries the same values
        assertEquals(Money.toDouble(equity), summary.path("finalEquity").asDouble(), 0.0, "summary finalEquity");
        assertEquals(Money.toDouble(realized), summary.path("realizedPnl").asDouble(), 0.0, "summary realizedPnl");
        assertEquals(Money.toDouble(fees), summary.path("fees").asDouble(), 0.0, "summary fees");
        assertEquals(Money.toDouble(fundingTotal), summary.path("funding").asDouble(), 0.0, "summary funding");
        assertEquals(Money.toDouble(slippage), summary.path("slippage").asDouble(), 0.0, "summary slippage");
        assertEquals(s[8], summary.path("trades").asLong(), "summary trades == TradeClosed events");
        assertEquals(s[2], summary.path("fills").asLong(), "summary fills == Fill events");

        if (open == 0)
        {
            assertEquals(cash, equity, "everything closed: equity == cash");
            assertEquals(realized, s[4], "everything closed: sum TradeClosed gross == realized");
            assertEquals(fees, s[5], "everything closed: sum TradeClosed fees == fees");
            assertEquals(fundingTotal, s[6], "everything closed: sum TradeClosed funding == funding");
            assertEquals(realized - fees - fundingTotal, s[7], "everything closed: sum TradeClosed net == realized - fees - funding");
        }
        return new Totals(initial, cash, equity, realized, fees, fundingTotal, slippage, open, s[0], s[1], s[3], s[4], s[5],
            s[6], s[7], (int)s[8], (int)s[2], (int)s[15]);
    }

    static JsonNode readSummary(final Path runDir)
    {
        try
        {
            final JsonNode n = new ObjectMapper().readTree(runDir.resolve(ReplayRunner.SUMMARY_FILE).toFile());
            assertNotNull(n);
            return n;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
