package dev.trader.engine.account;

import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.PositionDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.account.AccountingHarness.AccountOut;
import dev.trader.engine.account.AccountingHarness.ClosedOut;
import dev.trader.engine.account.AccountingHarness.FundingOut;
import dev.trader.engine.account.AccountingHarness.PositionOut;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.trading.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.trader.engine.account.AccountingHarness.HOUR;
import static dev.trader.engine.account.AccountingHarness.MINUTE;
import static dev.trader.engine.account.AccountingHarness.SECOND;
import static dev.trader.engine.account.AccountingHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AccountingStage}: golden position arithmetic (exact to 1e-8), funding from MarkPrice events and from config,
 * the Account series, marks (book mid, trade, bar), the PortfolioView statistics and bad fills counted, not thrown.
 */
class AccountingStageTest
{
    /** Prices at 0.01 (exponent -2), qty at 0.001 (exponent -3): raw notional at 1e-5, money = raw x 1000. */
    private static final Instrument BTC = new Instrument(1, Venue.SYNTHETIC, "BTCUSDT", "0.01", "0.001", -2, -3, -5);
    private static final Instrument ETH = new Instrument(2, Venue.SYNTHETIC, "ETHUSDT", "0.01", "0.001", -2, -3, -5);
    /** OKX: a snapshot in the stream makes the book trusted at once. */
    private static final Instrument OKX = new Instrument(3, Venue.OKX, "BTC-USDT", "0.01", "0.001", -2, -3, -5);
    private static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(BTC, ETH, OKX));
    private static final long INITIAL = 10_000_000_000_000L; // 100000.00000000
    private static final int S1 = 1;
    private static final long P1 = ((long)S1 << 32) | 1;
    private static final long P2 = ((long)S1 << 32) | 2;

    private static AccountingSettings settings(final AccountingSettings.FundingSource source, final int maxOpen)
    {
        return new AccountingSettings(100_000.0, Duration.ofMinutes(1), source, 0.0001, Duration.ofHours(8), maxOpen);
    }

    private static AccountingStage stage()
    {
        return new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.NONE, 4096), null);
    }

    @Test
    void shouldBookALongOpenedInTwoFillsAndClosedInTwoExactly()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        final int entry = Reason.PWIN_ABOVE_THRESHOLD.code();
        final int exit = Reason.TP_TARGET.code();
        // fill 1: BUY 1.000 @ 100.00, fee 0.045, slippage 0.01
        h.fill(T0 + SECOND, 1, S1, P1, Side.BUY, 10_000, 1_000, 4_500_000, 1_000_000, entry, false);
        // fill 2: BUY 3.000 @ 104.00, fee 0.1404, slippage 0.03
        h.fill(T0 + 2 * SECOND, 1, S1, P1, Side.BUY, 10_400, 3_000, 14_040_000, 3_000_000, entry, false);
        // entry raw = 10000 x 1000 + 10400 x 3000 = 41,200,000 (1e-5) = 412.00; avg = 412 / 4 = 103.00
        assertEquals(4_000, s.positionQty(P1));
        assertEquals(103.0, s.positionEntryPrice(P1), 1e-12);
        assertEquals(T0 + SECOND, s.positionEntryTsNs(P1));
        assertEquals(1, s.openPositions());
        assertEquals(1, s.openPositions(S1, 1));
        assertEquals(4_000, s.netQty(S1, 1));
        // no mark yet: carried at cost, exposure = entry notional 412.00
        assertEquals(41_200_000_000L, s.exposure(1));

        // fill 3: SELL 2.000 @ 110.00 (partial close), fee 0.099, slippage 0
        h.fill(T0 + 3 * SECOND, 1, S1, P1, Side.SELL, 11_000, 2_000, 9_900_000, 0, exit, true);
        // share = 41,200,000 x 2000 / 4000 = 20,600,000; exit = 11000 x 2000 = 22,000,000; pnl = 1,400,000 raw = 14.00
        assertEquals(1_400_000_000L, s.realizedPnl());
        assertEquals(2_000, s.positionQty(P1));
        assertEquals(103.0, s.positionEntryPrice(P1), 1e-12, "a reduction keeps the average entry");

        // fill 4: SELL 2.000 @ 95.50 (full close), fee 0.08595, slippage 0.02
        h.fill(T0 + 4 * SECOND, 1, S1, P1, Side.SELL, 9_550, 2_000, 8_595_000, 2_000_000, exit, true);
        // exit = 9550 x 2000 = 19,100,000; share = the remaining 20,600,000; pnl = -1,500,000 raw = -15.00
        // gross = 14.00 - 15.00 = -1.00; fees = 0.045 + 0.1404 + 0.099 + 0.08595 = 0.37035; net = -1.37035
        assertEquals(-100_000_000L, s.realizedPnl());
        assertEquals(37_035_000L, s.fees());
        assertEquals(6_000_000L, s.slippage());
        // cash = 100000 - 1.00 - 0.37035 = 99998.62965
        assertEquals(9_999_862_965_000L, s.cash());
        assertEquals(s.initialCash() + s.realizedPnl() - s.fees() - s.funding(), s.cash());
        assertEquals(s.cash(), s.equity(), "nothing open: equity is cash");
        // turnover = 100 + 312 + 220 + 191 = 823.00
        assertEquals(82_300_000_000L, s.turnover());

        final List<PositionOut> positions = h.positions();
        assertEquals(4, positions.size());
        assertEquals(List.of(1_000L, 4_000L, 2_000L, 0L), positions.stream().map(PositionOut::qty).toList());
        // avg entry as Decimal64 at priceExponent - 4: 103.000000 after fill 2
        assertEquals(103_000_000L, positions.get(1).avgMantissa());
        assertEquals(-6, positions.get(1).avgExponent());
        assertEquals(1_400_000_000L, positions.get(2).realized());
        assertEquals(4_500_000L + 14_040_000L + 9_900_000L, positions.get(2).fees());

        final List<ClosedOut> closed = h.closed();
        assertEquals(1, closed.size());
        final ClosedOut c = closed.get(0);
        assertEquals(P1, c.positionId());
        assertEquals(Side.BUY, c.side());
        assertEquals(T0 + SECOND, c.entryTsNs());
        assertEquals(T0 + 4 * SECOND, c.exitTsNs());
        assertEquals(4_000, c.qty(), "largest qty held");
        assertEquals(103.0, c.entryPrice(), 1e-12);
        // exit = (22,000,000 + 19,100,000) / 4000 = 10275 -> 102.75
        assertEquals(102.75, c.exitPrice(), 1e-12);
        assertEquals(-100_000_000L, c.gross());
        assertEquals(37_035_000L, c.fees());
        assertEquals(0, c.funding());
        assertEquals(6_000_000L, c.slippage());
        assertEquals(-137_035_000L, c.net());
        assertEquals(entry, c.entryReason());
        assertEquals(exit, c.exitReason());
        assertEquals(41_200_000_000L, c.notional());

        assertEquals(0, s.openPositions());
        assertEquals(0, s.positionQty(P1));
        assertTrue(Double.isNaN(s.positionEntryPrice(P1)));
        assertEquals(S1, s.positionStrategy(P1), "closed positions stay known");
        assertEquals(1, s.positionInstrument(P1));
        assertEquals(1, s.closedTrades(S1));
        assertEquals(1, s.losses(S1));
        assertEquals(0, s.wins(S1));
        assertEquals(-137_035_000L, s.lastNetPnl(S1));
        assertEquals(137_035_000L, s.sumLossPnl(S1));
        assertEquals(1, s.consecutiveLosses(S1));
        // order of emission: Account (first event), Position x4, TradeClosed after the last Position
        assertEquals(List.of(AccountDecoder.TEMPLATE_ID, PositionDecoder.TEMPLATE_ID, PositionDecoder.TEMPLATE_ID,
            PositionDecoder.TEMPLATE_ID, PositionDecoder.TEMPLATE_ID, TradeClosedDecoder.TEMPLATE_ID), h.templates());
    }

    /**
     * Each Position event carries that position's unrealized PnL at the current mark (the last trade here), signed by
     * side. Kills the mutant that hard-wires the Position event's {@code unrealizedPnl} to 0 (mutation profile, issue
     * #18: no test read it).
     */
    @Test
    void shouldReportEachPositionsUnrealizedPnlAtTheMarkOnItsPositionEvent()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        // BUY 1.000 @ 100.00 with no mark yet: carried at cost, unrealized 0
        h.fill(T0 + SECOND, 1, S1, P1, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        h.trade(T0 + 2 * SECOND, 1, 10_450);                                  // mark 104.50
        // BUY 1.000 @ 104.00: entry raw = 10000 x 1000 + 10400 x 1000 = 20,400,000 (1e-5) = 204.00
        // unrealized = 2.000 x 104.50 - 204.00 = 209.00 - 204.00 = 5.00
        h.fill(T0 + 3 * SECOND, 1, S1, P1, Side.BUY, 10_400, 1_000, 0, 0, 201, false);
        // SELL 1.000 @ 105.00 opens a short: unrealized = -(104.50 - 105.00) x 1.000 = 0.50
        h.fill(T0 + 4 * SECOND, 1, S1, P2, Side.SELL, 10_500, 1_000, 0, 0, 101, false);
        h.trade(T0 + 5 * SECOND, 1, 10_600);                                  // mark 106.00
        // SELL 0.500 of the long @ 106.00: 1.500 left at cost 204.00 x 1.5 / 2 = 153.00, worth 159.00 -> 6.00
        h.fill(T0 + 6 * SECOND, 1, S1, P1, Side.SELL, 10_600, 500, 0, 0, 202, true);

        final List<PositionOut> positions = h.positions();
        assertEquals(List.of(0L, 500_000_000L, 50_000_000L, 600_000_000L),
            positions.stream().map(PositionOut::unrealized).toList());
        assertEquals(List.of(P1, P1, P2, P1), positions.stream().map(PositionOut::positionId).toList());
        // realized on the 0.500 sold: (106.00 - 102.00) x 0.500 = 2.00; the account's unrealized: long 6.00 plus
        // short -(106.00 - 105.00) x 1.000 = 5.00; equity = cash (initial + 2.00) + 5.00
        assertEquals(200_000_000L, s.realizedPnl());
        assertEquals(INITIAL + 200_000_000L + 500_000_000L, s.equity());
    }

    /**
     * Configured funding on an instrument with no mark yet (no trade, bar or book) is charged on the entry notional,
     * at the entry price. Kills the mutants of that branch of {@code settleInstrument}, never run before (issue #18).
     */
    @Test
    void shouldSettleConfiguredFundingOnTheEntryNotionalWhileNoMarkIsKnown()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.CONFIG, 4096), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0 + SECOND, 1, S1, P1, Side.BUY, 10_000, 2_000, 0, 0, 201, false);   // long 2.000 BTC @ 100.00
        h.fill(T0 + SECOND, 1, S1, P2, Side.SELL, 10_250, 1_000, 0, 0, 101, false);  // short 1.000 BTC @ 102.50
        h.clear();
        h.trade(T0 + 8 * HOUR, 2, 5_000);   // time moves on ETH; BTC still has no mark
        // long pays 200.00 x 0.0001 = 0.02; short receives 102.50 x 0.0001 = 0.01025
        assertEquals(List.of(
            new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR, 1, S1, P1, 0.0001, 100.0, 2_000, 2_000_000, true),
            new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR, 1, S1, P2, 0.0001, 102.5, -1_000, -1_025_000, true)),
            h.fundings());
        assertEquals(975_000L, s.funding());
    }

    /**
     * {@code mulDiv}: half-even when {@code a x b} fits a long, a double beyond (kills the mutants of the overflow
     * branch, never run before, and of the tie rule).
     */
    @Test
    void shouldMulDivHalfEvenInLongsAndThroughADoubleBeyond()
    {
        assertEquals(2, AccountingStage.mulDiv(5, 1, 2), "2.5 -> 2");
        assertEquals(4, AccountingStage.mulDiv(7, 1, 2), "3.5 -> 4");
        assertEquals(3, AccountingStage.mulDiv(8, 3, 9), "2.67 -> 3");
        assertEquals(-2, AccountingStage.mulDiv(-5, 1, 2), "-2.5 -> -2");
        assertEquals(-4, AccountingStage.mulDiv(-7, 1, 2), "-3.5 -> -4");
        // 3e18 x 10 overflows a long; 3e19 / 20 = 1.5e18, exact in a double
        assertEquals(1_500_000_000_000_000_000L, AccountingStage.mulDiv(3_000_000_000_000_000_000L, 10, 20));
        assertEquals(-1_500_000_000_000_000_000L, AccountingStage.mulDiv(-3_000_000_000_000_000_000L, 10, 20));
    }

    @Test
    void shouldGiveTheLastCloseWhateverEntryCostRemainsSoTheTotalIsExact()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0, 1, S1, P1, Side.BUY, 10_001, 1_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, P1, Side.BUY, 10_000, 2_000, 0, 0, 201, false);
        // entry raw = 10,001,000 + 20,000,000 = 30,001,000
        h.fill(T0, 1, S1, P1, Side.SELL, 10_100, 1_000, 0, 0, 202, true);
        // share = 30,001,000 x 1000 / 3000 = 10,000,333.3 -> 10,000,333; pnl = 10,100,000 - 10,000,333 = 99,667 raw
        assertEquals(99_667_000L, s.realizedPnl());
        h.fill(T0, 1, S1, P1, Side.SELL, 10_100, 2_000, 0, 0, 202, true);
        // share = 30,001,000 - 10,000,333 = 20,000,667; pnl = 20,200,000 - 20,000,667 = 199,333 raw
        // total = 299,000 raw = 2.99 = 3 x 101.00 - 300.01, exactly
        assertEquals(299_000_000L, s.realizedPnl());
        assertEquals(299_000_000L, h.closed().get(0).gross());
    }

    @Test
    void shouldBookShortsAndKeepConcurrentShortsDistinct()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        // two shorts on one symbol (seed 002): P2 then P1 ids interleaved; the open ids stay sorted
        h.fill(T0, 1, S1, P2, Side.SELL, 20_000, 2_000, 0, 0, 101, false);
        h.fill(T0, 1, S1, P1, Side.SELL, 21_000, 1_000, 0, 0, 101, false);
        assertEquals(2, s.openPositions());
        assertEquals(P1, s.openPositionId(0));
        assertEquals(P2, s.openPositionId(1));
        assertEquals(-2_000, s.positionQty(P2));
        assertEquals(-3_000, s.netQty(S1, 1));
        assertEquals(2, s.openPositions(S1, 1));

        // a trade marks the instrument at 195.00: unrealized = (200 - 195) x 2 + (210 - 195) x 1 = 25.00
        h.trade(T0 + SECOND, 1, 19_500);
        assertEquals(195.0, s.mark(1), 1e-12);
        assertEquals(INITIAL + 2_500_000_000L, s.equity());
        // exposure = 3.000 x 195.00 = 585.00
        assertEquals(58_500_000_000L, s.exposure(1));
        assertEquals(58_500_000_000L, s.grossExposure());

        // buy back P2 at 190.00: pnl = (40,000,000 - 38,000,000) raw = 20.00
        h.fill(T0 + 2 * SECOND, 1, S1, P2, Side.BUY, 19_000, 2_000, 0, 0, 103, true);
        assertEquals(2_000_000_000L, s.realizedPnl());
        final ClosedOut c = h.closed().get(0);
        assertEquals(Side.SELL, c.side());
        assertEquals(2_000_000_000L, c.net());
        assertEquals(1, s.wins(S1));
        assertEquals(2_000_000_000L, s.sumWinPnl(S1));
        assertEquals(0, s.consecutiveLosses(S1));
        assertEquals(1, s.openPositions());
        assertEquals(P1, s.openPositionId(0));
        assertEquals(-1_000, s.netQty(S1, 1));
        // P1 still open: unrealized (210 - 195) x 1 = 15.00
        assertEquals(INITIAL + 2_000_000_000L + 1_500_000_000L, s.equity());
    }

    @Test
    void shouldSettleFundingFromMarkPriceEventsAndFromConfigForTheOthersInAutoMode()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.AUTO, 4096), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.fill(T0 + SECOND, 1, S1, P1, Side.BUY, 10_000, 2_000, 0, 0, 201, false);   // long 2.000 BTC
        h.fill(T0 + SECOND, 1, S1, P2, Side.SELL, 10_000, 1_000, 0, 0, 101, false);  // short 1.000 BTC
        final long p3 = ((long)S1 << 32) | 3;
        h.fill(T0 + SECOND, 2, S1, p3, Side.BUY, 5_000, 1_000, 0, 0, 201, false);    // long 1.000 ETH
        h.trade(T0 + SECOND, 2, 5_000);
        // BTC: mark 101.00, rate 0.0001, next funding at T0 + 8h
        h.markPrice(T0 + 2 * SECOND, 1, 10_100, -2, 1, -4, T0 + 8 * HOUR);
        h.clear();
        h.trade(T0 + 8 * HOUR + SECOND, 1, 10_000);

        final List<FundingOut> f = h.fundings();
        assertEquals(3, f.size(), f.toString());
        // events: long pays 2.000 x 101.00 x 0.0001 = 0.0202; short receives 1.000 x 101.00 x 0.0001 = 0.0101
        assertEquals(new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR + SECOND, 1, S1, P1, 0.0001, 101.0, 2_000, 2_020_000,
            false), f.get(0));
        assertEquals(new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR + SECOND, 1, S1, P2, 0.0001, 101.0, -1_000, -1_010_000,
            false), f.get(1));
        // ETH never had a MarkPrice: config rate at the 8h boundary, 1.000 x 50.00 x 0.0001 = 0.005
        assertEquals(new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR + SECOND, 2, S1, p3, 0.0001, 50.0, 1_000, 500_000,
            true), f.get(2));
        // account: 0.0202 - 0.0101 + 0.005 = 0.0151
        assertEquals(1_510_000L, s.funding());
        assertEquals(INITIAL - 1_510_000L, s.cash());

        // close the long: its TradeClosed carries its funding, net = gross - fees - funding = 0 - 0 - 0.0202
        h.clear();
        h.fill(T0 + 9 * HOUR, 1, S1, P1, Side.SELL, 10_000, 2_000, 0, 0, 202, true);
        final ClosedOut c = h.closed().get(0);
        assertEquals(2_020_000L, c.funding());
        assertEquals(-2_020_000L, c.net());
        assertEquals(2_020_000L, h.positions().get(0).funding());
        // the funding time was settled once: nothing more until a new one is announced
        h.clear();
        h.trade(T0 + 10 * HOUR, 1, 10_000);
        assertEquals(0, h.fundings().size());
    }

    @Test
    void shouldSettleConfiguredFundingAtEveryBoundaryAndCollapseALongSilence()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.CONFIG, 4096), null);
        final AccountingHarness h = new AccountingHarness(s);
        h.trade(T0 + SECOND, 1, 10_000);
        h.fill(T0 + SECOND, 1, S1, P1, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        // a MarkPrice is ignored by the config source
        h.markPrice(T0 + 2 * SECOND, 1, 10_100, -2, 5, -4, T0 + 8 * HOUR);
        h.clear();
        h.trade(T0 + 8 * HOUR, 1, 10_000);
        // 1.000 x 100.00 x 0.0001 = 0.01
        assertEquals(List.of(new FundingOut(T0 + 8 * HOUR, T0 + 8 * HOUR, 1, S1, P1, 0.0001, 100.0, 1_000, 1_000_000, true)),
            h.fundings());
        h.clear();
        // silence until 40h: boundaries 16h, 24h, 32h, 40h crossed at once -> one settlement at rate 4 x 0.0001
        h.trade(T0 + 40 * HOUR + MINUTE, 1, 10_000);
        final List<FundingOut> f = h.fundings();
        assertEquals(1, f.size());
        assertEquals(T0 + 40 * HOUR, f.get(0).fundingTsNs());
        assertEquals(0.0004, f.get(0).rate(), 1e-18);
        assertEquals(4_000_000L, f.get(0).amount());
        assertEquals(5_000_000L, s.funding());
        assertEquals(INITIAL - 5_000_000L, s.cash());
        assertEquals(2, s.counters().get("fundingEvents"));
    }

    @Test
    void shouldEmitOneAccountEventPerCrossedBoundaryStampedAtTheLatestAndOneAtTheEnd()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        h.trade(T0 + 10 * SECOND, 1, 10_000);                       // first event: Account at T0 + 10 s
        h.fill(T0 + 20 * SECOND, 1, S1, P1, Side.BUY, 10_000, 1_000, 4_500_000, 0, 201, false);
        h.trade(T0 + 30 * SECOND, 1, 10_200);                       // same minute: nothing
        h.trade(T0 + 61 * SECOND, 1, 10_100);                       // crosses T0 + 1m
        h.trade(T0 + 65 * SECOND, 1, 10_100);                       // nothing
        h.trade(T0 + 10 * MINUTE + 5 * SECOND, 1, 10_300);          // crosses 2m..10m: one, at T0 + 10m
        h.end();                                                    // end of stream at T0 + 10m05s

        final List<AccountOut> a = h.accounts();
        assertEquals(List.of(T0 + 10 * SECOND, T0 + MINUTE, T0 + 10 * MINUTE, T0 + 10 * MINUTE + 5 * SECOND),
            a.stream().map(AccountOut::stampNs).toList());
        assertEquals(INITIAL, a.get(0).equity(), "the curve starts at the initial equity");
        assertEquals(INITIAL, a.get(0).cash());
        // at T0 + 1m (before the 61 s trade is booked) the mark is 102.00: unrealized 2.00, cash = initial - 0.045
        final AccountOut m1 = a.get(1);
        assertEquals(T0 + 61 * SECOND, m1.receiveTsNs());
        assertEquals(INITIAL - 4_500_000L, m1.cash());
        assertEquals(200_000_000L, m1.unrealized());
        assertEquals(INITIAL - 4_500_000L + 200_000_000L, m1.equity());
        assertEquals(1, m1.openPositions());
        assertEquals(10_200_000_000L, m1.grossExposure());
        assertEquals(10_000_000_000L, m1.turnover());
        assertEquals(4_500_000L, m1.fees());
        // at T0 + 10m the mark is still 101.00 (the 10m05s trade is booked after): unrealized 1.00
        assertEquals(100_000_000L, a.get(2).unrealized());
        // at the end the mark is 103.00: unrealized 3.00
        final AccountOut last = a.get(3);
        assertEquals(300_000_000L, last.unrealized());
        assertEquals(last.cash() + last.unrealized(), last.equity());
        assertEquals(last.realized() - last.fees() - last.funding() + INITIAL, last.cash());
        assertEquals(4, s.counters().get("accountEvents"));
    }

    @Test
    void shouldMarkFromTheTrustedBookMidElseTheLastTradeElseTheFinestBar()
    {
        final OrderBookStage books = new OrderBookStage(REGISTRY, 100, 100);
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.NONE, 16), books);
        final AccountingHarness h = new AccountingHarness(s);
        assertTrue(Double.isNaN(s.mark(3)));
        h.fill(T0, 3, S1, P1, Side.BUY, 10_000, 1_000, 0, 0, 201, false);   // long 1.000 @ 100.00
        assertEquals(INITIAL, s.equity(), "no mark: carried at cost");

        h.bar(T0 + MINUTE, 3, MINUTE, 10_100);                               // 1m bar close 101.00
        assertEquals(101.0, s.mark(3), 1e-12);
        h.bar(T0 + 5 * MINUTE, 3, 5 * MINUTE, 15_000);                        // coarser bar: ignored
        assertEquals(101.0, s.mark(3), 1e-12);
        h.bar(T0 + 5 * MINUTE + 5 * SECOND, 3, 5 * SECOND, 10_200);           // finer bar: used
        assertEquals(102.0, s.mark(3), 1e-12);
        assertEquals(INITIAL + 200_000_000L, s.equity());

        h.trade(T0 + 6 * MINUTE, 3, 10_400);                                  // a trade beats bars
        assertEquals(104.0, s.mark(3), 1e-12);
        h.bar(T0 + 6 * MINUTE + 5 * SECOND, 3, 5 * SECOND, 10_250);
        assertEquals(104.0, s.mark(3), 1e-12);

        // the trusted book's mid beats both: bid 100.00, ask 100.01 -> 100.005, exact (half a tick)
        final var snap = h.snapshot(T0 + 7 * MINUTE, 3, 10_000, 10_001);
        books.onEvent(snap, h);
        assertTrue(books.book(3).isTrusted());
        h.feed(snap);
        assertEquals(100.005, s.mark(3), 1e-12);
        // unrealized = 1.000 x (100.005 - 100.00) = 0.005
        assertEquals(INITIAL + 500_000L, s.equity());
        assertEquals(10_000_500_000L, s.exposure(3));
    }

    @Test
    void shouldCountConsecutiveLossesAndResetThemOnAWin()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        final int s2 = 2;
        long seq = 0;
        // net pnl per trade (fees 0): -1.00, 0.00 (a loss: net <= 0), +3.00, -2.00; strategy 2 wins once between
        final long[] exits = {9_900, 10_000, 10_300, 9_800};
        for (final long exit : exits)
        {
            final long id = ((long)S1 << 32) | ++seq;
            h.fill(T0 + seq, 1, S1, id, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
            h.fill(T0 + seq, 1, S1, id, Side.SELL, exit, 1_000, 0, 0, 202, true);
            if (seq == 2)
            {
                assertEquals(2, s.consecutiveLosses(S1));
                final long other = ((long)s2 << 32) | 1;
                h.fill(T0 + seq, 1, s2, other, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
                h.fill(T0 + seq, 1, s2, other, Side.SELL, 10_500, 1_000, 0, 0, 202, true);
                assertEquals(2, s.consecutiveLosses(S1), "another strategy's win does not reset this one's streak");
            }
            if (seq == 3)
            {
                assertEquals(0, s.consecutiveLosses(S1));
            }
        }
        assertEquals(1, s.consecutiveLosses(S1));
        assertEquals(4, s.closedTrades(S1));
        assertEquals(1, s.wins(S1));
        assertEquals(3, s.losses(S1));
        assertEquals(300_000_000L, s.sumWinPnl(S1));
        assertEquals(300_000_000L, s.sumLossPnl(S1), "1.00 + 0.00 + 2.00, positive");
        assertEquals(-200_000_000L, s.lastNetPnl(S1));
        assertEquals(1, s.closedTrades(s2));
        assertEquals(0, s.consecutiveLosses(s2));
        assertEquals(0, s.closedTrades(99), "unknown strategy");
    }

    @Test
    void shouldCountPoolExhaustionAndBadFillsWithoutThrowing()
    {
        final AccountingStage s = new AccountingStage(REGISTRY, settings(AccountingSettings.FundingSource.NONE, 2), null);
        final AccountingHarness h = new AccountingHarness(s);
        final long p3 = ((long)S1 << 32) | 3;
        h.fill(T0, 1, S1, P1, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, P2, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        h.fill(T0, 1, S1, p3, Side.BUY, 10_000, 1_000, 0, 0, 201, false);    // pool of 2 is full
        assertEquals(2, s.openPositions());
        assertEquals(1, s.counters().get("poolExhausted"));
        assertEquals(0, s.positionQty(p3));

        h.fill(T0, 1, S1, P1, Side.SELL, 10_000, 1_000, 0, 0, 202, true);     // frees one
        h.fill(T0, 1, S1, p3, Side.BUY, 10_000, 1_000, 0, 0, 201, false);     // now it opens
        assertEquals(1_000, s.positionQty(p3));

        final long p9 = ((long)S1 << 32) | 9;
        h.fill(T0, 1, S1, p9, Side.BUY, 10_000, 0, 0, 0, 201, false);        // qty 0
        h.fill(T0, 1, S1, p9, Side.NONE, 10_000, 1_000, 0, 0, 201, false);   // no side
        h.fill(T0, 1, S1, p9, Side.BUY, -5, 1_000, 0, 0, 201, false);        // negative price
        h.fill(T0, 1, S1, p9, Side.BUY, Long.MAX_VALUE, 1_000, 0, 0, 201, false); // overflowing notional
        h.fill(T0, 1, S1, p9, Side.BUY, 10_000, 1_000, Long.MIN_VALUE, 0, 201, false); // absurd fee
        h.fill(T0, 77, S1, p9, Side.BUY, 10_000, 1_000, 0, 0, 201, false);   // unknown instrument
        h.fill(T0, 1, S1, p9, Side.SELL, 10_000, 1_000, 0, 0, 202, true);    // reduce-only, nothing to reduce
        h.fill(T0, 1, S1, P1, Side.BUY, 10_000, 1_000, 0, 0, 201, false);    // P1 is closed: id reuse
        h.fill(T0, 2, S1, P2, Side.SELL, 10_000, 1_000, 0, 0, 202, true);    // P2 is on instrument 1
        assertEquals(5, s.counters().get("badFills"));
        assertEquals(1, s.counters().get("unknownInstrument"));
        assertEquals(1, s.counters().get("reduceWithoutPosition"));
        assertEquals(1, s.counters().get("fillForClosedPosition"));
        assertEquals(1, s.counters().get("positionMismatch"));
        assertEquals(10, s.counters().get("anomalies"));
        assertEquals(2, s.openPositions());
        assertEquals(INITIAL, s.cash(), "nothing rejected was booked");

        // a flip past zero: long 1.000, SELL 3.000 -> closed at 1.000, excess counted, the whole fee booked
        h.fill(T0, 1, S1, P2, Side.SELL, 10_100, 3_000, 1_000_000, 0, 202, true);
        assertEquals(0, s.positionQty(P2));
        assertEquals(1, s.counters().get("flipExcess"));
        assertEquals(100_000_000L, s.realizedPnl(), "1.000 x (101 - 100)");
        assertEquals(1_000_000L, s.fees());
        assertEquals(1, s.openPositions());
    }

    @Test
    void shouldRefuseANotionalThatFitsALongButOverflowsTheMoneyGrid()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        // BTC: price 1e-2 x qty 1e-3 = raw at 1e-5, money = raw x 1000. raw = 18,446,744,073,709,552 fits a long, but
        // x 1000 = 2^64 + 384: a wrapping rescale made it a notional of 0.00000384 and booked it
        h.fill(T0, 1, S1, P1, Side.BUY, 18_446_744_073_709_552L, 1, 0, 0, 201, false);
        assertEquals(1, s.counters().get("badFills"));
        assertEquals(1, s.counters().get("anomalies"));
        assertEquals(0, s.openPositions());
        assertEquals(0, s.turnover());
    }

    @Test
    void shouldReadTheAccountingSectionWithStrictKeys(@TempDir final Path dir) throws IOException
    {
        final Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "accounting:\n  initialEquity: 5000\n  equityInterval: 5m\n  fundingSource: events\n"
            + "  fundingRate: -0.0002\n  fundingInterval: 4h\n  maxOpenPositions: 64\n");
        final AccountingSettings s = AccountingSettings.from(TraderConfig.load(ok));
        assertEquals(5000.0, s.initialEquity());
        assertEquals(Duration.ofMinutes(5), s.equityInterval());
        assertEquals(AccountingSettings.FundingSource.EVENTS, s.fundingSource());
        assertEquals(-0.0002, s.fundingRate());
        assertEquals(Duration.ofHours(4), s.fundingInterval());
        assertEquals(64, s.maxOpenPositions());

        final Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "engine: {}\n");
        final AccountingSettings d = AccountingSettings.from(TraderConfig.load(empty));
        assertEquals(100_000.0, d.initialEquity());
        assertEquals(Duration.ofMinutes(1), d.equityInterval());
        assertEquals(AccountingSettings.FundingSource.AUTO, d.fundingSource());
        assertEquals(0.0001, d.fundingRate());
        assertEquals(Duration.ofHours(8), d.fundingInterval());
        assertEquals(4096, d.maxOpenPositions());

        final Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "accounting:\n  initalEquity: 5000\n");
        final IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class,
            () -> AccountingSettings.from(TraderConfig.load(typo)));
        assertTrue(e1.getMessage().contains("initalEquity"), e1.getMessage());

        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "accounting:\n  fundingSource: sometimes\n");
        final IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
            () -> AccountingSettings.from(TraderConfig.load(bad)));
        assertTrue(e2.getMessage().contains("accounting.fundingSource"), e2.getMessage());

        final Path negative = dir.resolve("negative.yaml");
        Files.writeString(negative, "accounting:\n  initialEquity: -1\n");
        final IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
            () -> AccountingSettings.from(TraderConfig.load(negative)));
        assertTrue(e3.getMessage().contains("accounting.initialEquity"), e3.getMessage());
    }

    @Test
    void shouldRememberOnlyTheLastClosedHistoryClosesSoThatALongRunDoesNotGrow()
    {
        final AccountingStage s = stage();
        final AccountingHarness h = new AccountingHarness(s);
        final int n = AccountingStage.CLOSED_HISTORY + 1;
        for (int k = 1; k <= n; k++)
        {
            final long pid = ((long)S1 << 32) | k;
            h.fill(T0 + k * SECOND, 1, S1, pid, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
            h.fill(T0 + k * SECOND, 1, S1, pid, Side.SELL, 10_000, 1_000, 0, 0, 202, true);
            h.clear();
        }
        assertEquals(n, s.counters().get("positionsClosed"));
        assertEquals(0, s.openPositions());
        // closes 2 .. 8193 are remembered (the last CLOSED_HISTORY); close 1 was evicted by close 8193
        final long first = ((long)S1 << 32) | 1;
        final long second = ((long)S1 << 32) | 2;
        final long last = ((long)S1 << 32) | n;
        assertEquals(0, s.positionStrategy(first), "evicted: unknown");
        assertEquals(0, s.positionInstrument(first));
        assertEquals(S1, s.positionStrategy(second));
        assertEquals(1, s.positionInstrument(second));
        assertEquals(S1, s.positionStrategy(last));
        assertEquals(1, s.positionInstrument(last));
        // id reuse is still caught for a remembered close
        h.fill(T0 + (n + 1) * SECOND, 1, S1, second, Side.BUY, 10_000, 1_000, 0, 0, 201, false);
        assertEquals(1, s.counters().get("fillForClosedPosition"));
        assertEquals(0, s.openPositions());
    }
}
