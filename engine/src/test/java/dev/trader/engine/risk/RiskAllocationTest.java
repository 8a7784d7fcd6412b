package dev.trader.engine.risk;

import dev.trader.codecs.sbe.BarEncoder;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.DecisionEncoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.exec.CostModel;
import dev.trader.engine.exec.CostSettings;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static dev.trader.engine.risk.RiskHarness.BTC;
import static dev.trader.engine.risk.RiskHarness.MINUTE;
import static dev.trader.engine.risk.RiskHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Steady state allocates nothing: bars (vol, breaker) and entries (sizing, caps, cost gate, order) in a loop. */
class RiskAllocationTest
{
    /** A flat account: 10,000 equity, never a position. */
    private static final class FlatPortfolio implements PortfolioView
    {
        @Override
        public long initialCash()
        {
            return Money.of(10_000);
        }


        @Override
        public long equity()
        {
            return Money.of(10_000);
        }

        @Override
        public int openPositions()
        {
            return 0;
        }

        @Override
        public int openPositions(final int s, final int i)
        {
            return 0;
        }

        @Override
        public long openPositionId(final int index)
        {
            throw new IndexOutOfBoundsException();
        }

        @Override
        public int positionStrategy(final long p)
        {
            return 0;
        }

        @Override
        public int positionInstrument(final long p)
        {
            return 0;
        }


        @Override
        public long positionQty(final long p)
        {
            return 0;
        }

        @Override
        public double positionEntryPrice(final long p)
        {
            return Double.NaN;
        }

        @Override
        public long positionEntryTsNs(final long p)
        {
            return Long.MIN_VALUE;
        }

        @Override
        public long exposure(final int i)
        {
            return 0;
        }

        @Override
        public long grossExposure()
        {
            return 0;
        }

        @Override
        public double mark(final int i)
        {
            return 100.0;
        }

        @Override
        public long closedTrades(final int s)
        {
            return 0;
        }

        @Override
        public int consecutiveLosses(final int s)
        {
            return 0;
        }


        @Override
        public long wins(final int s)
        {
            return 0;
        }

        @Override
        public long losses(final int s)
        {
            return 0;
        }

        @Override
        public long sumWinPnl(final int s)
        {
            return 0;
        }

        @Override
        public long sumLossPnl(final int s)
        {
            return 0;
        }
    }

    private static final class NoOrders implements OrderView
    {
        @Override
        public int workingEntries(final int s, final int i)
        {
            return 0;
        }

        @Override
        public long workingEntryQty(final int s, final int i)
        {
            return 0;
        }

        @Override
        public boolean exitWorking(final long p)
        {
            return false;
        }
    }

    private static final class CountingEmitter implements Emitter
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        long committed;

        @Override
        public MutableDirectBuffer buffer()
        {
            return out;
        }

        @Override
        public int claim(final int maxLength)
        {
            return 0;
        }

        @Override
        public void commit(final int length)
        {
            committed++;
        }
    }

    @Test
    void steadyStateAllocatesNothing()
    {
        final java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean)mx;
        final RiskStage stage = new RiskStage(RiskHarness.REGISTRY, RiskSettings.from(RiskHarness.config(
            "risk:\n  sizing: { mode: vol_target, volWindow: 5 }\n  volatilityBreaker: { enabled: true, window: 20 }\n"
                + "  preset: balanced\n")),
            new CostModel(CostSettings.defaults()), new FlatPortfolio(), new NoOrders(), null);
        final CountingEmitter emitter = new CountingEmitter();
        final UnsafeBuffer barBuf = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer decBuf = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final BarEncoder bar = new BarEncoder();
        final DecisionEncoder dec = new DecisionEncoder();
        final EventView barView = new EventView();
        final EventView decView = new EventView();
        bar.wrapAndApplyHeader(barBuf, 0, header).instrumentId(BTC).intervalNs(MINUTE).volume(1_000_000);
        bar.flags().clear();
        dec.wrapAndApplyHeader(decBuf, 0, header).instrumentId(BTC).strategyId(7).action(DecisionAction.ENTER_LONG)
            .reasonCode(201).price(10_000).qty(0).orderType(OrderType.MARKET).stopLossPrice(0).takeProfitPrice(0)
            .expectedEdgeBps(50.0);
        dec.inputsCount(0);
        barView.wrap(barBuf, 0, MessageHeaderEncoder.ENCODED_LENGTH + bar.encodedLength());
        decView.wrap(decBuf, 0, MessageHeaderEncoder.ENCODED_LENGTH + dec.encodedLength());
        final Runnable step = new Runnable()
        {
            long i;

            @Override
            public void run()
            {
                final long t = T0 + i * MINUTE;
                bar.exchangeTsNs(t + MINUTE).receiveTsNs(t + MINUTE).openTimeNs(t).close(10_000 + (i * 7919) % 300);
                stage.preStage().onEvent(barView, emitter);
                dec.exchangeTsNs(t + MINUTE).receiveTsNs(t + MINUTE).decisionId((7L << 32) | (i + 1)).positionId((7L << 32) | (i + 1));
                stage.onEvent(decView, emitter);
                i++;
            }
        };
        for (int i = 0; i < 20_000; i++)
        {
            step.run();
        }
        final long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 20_000; i++)
        {
            step.run();
        }
        final long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(emitter.committed > 20_000, "orders and events were emitted: " + emitter.committed);
        assertEquals(0, stage.counters().get("decisions.invalid"));
        // one 16-byte object per step would be 320,000 bytes; the few KB left are the JVM's own (JIT, the MXBean)
        assertTrue(allocated < 32 * 1024, "allocated " + allocated + " bytes in 20,000 steps");
    }
}
