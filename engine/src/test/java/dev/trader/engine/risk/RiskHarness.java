package dev.trader.engine.risk;

import dev.trader.codecs.EventValidator;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionAction;
import dev.trader.codecs.sbe.GateState;
import dev.trader.codecs.sbe.OperatorCommandType;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.TraderConfig;
import dev.trader.engine.Venue;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.exec.CostModel;
import dev.trader.engine.exec.CostSettings;
import dev.trader.engine.testing.CollectingEmitter;
import dev.trader.engine.testing.TradingEvents;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link RiskStage} directly: encodes Decisions, Bars, GateChanges and OperatorCommands, collects what it
 * emits (each event checked by the {@link EventValidator}) and decodes Orders and RiskEvents.
 */
final class RiskHarness extends CollectingEmitter
{
    static final int BTC = 1;

    /** The risk event names {@code rule} and took {@code action}. */
    static void assertRisk(final Risk r, final String rule, final RiskAction action)
    {
        org.junit.jupiter.api.Assertions.assertEquals(rule, r.rule(), r.toString());
        org.junit.jupiter.api.Assertions.assertEquals(action, r.action(), r.toString());
    }
    static final int STRAT = 7;
    static final long SECOND = 1_000_000_000L;
    static final long MINUTE = 60 * SECOND;
    /** 2020-01-01T00:00:00Z. */
    static final long T0 = 1_577_836_800L * SECOND;
    /** Price exponent -2, qty exponent -3, lot 0.001. */
    static final InstrumentRegistry REGISTRY = new InstrumentRegistry(List.of(
        new Instrument(BTC, Venue.SYNTHETIC, "BTCUSDT", "0.01", "0.001", -2, -3, -5)));

    record Order(long orderId, OrderAction action, int instrumentId, int strategyId, long decisionId, Side side,
        OrderType type, boolean reduceOnly, long price, long qty, long positionId, int reasonCode, long stopPrice,
        long stopLoss, long takeProfit, long referencePrice)
    {
    }

    record Risk(int instrumentId, int strategyId, long decisionId, String rule, RiskAction action, long requested,
        long allowed, double value, double threshold, String detail)
    {
    }

    final TestPortfolio portfolio = new TestPortfolio();
    final TestOrders orders = new TestOrders();
    final RiskStage stage;
    final Stage pre;
    final CostModel costs;

    private final UnsafeBuffer in = new UnsafeBuffer(new byte[4096]);
    private final EventView view = new EventView();
    private long decisionSeq;

    RiskHarness(final String yaml)
    {
        this(yaml, null);
    }

    RiskHarness(final String yaml, final OrderBookStage books)
    {
        super(1 << 20, true);
        final TraderConfig config = config(yaml);
        costs = new CostModel(CostSettings.from(config));
        stage = new RiskStage(REGISTRY, RiskSettings.from(config), costs, portfolio, orders, books);
        pre = stage.preStage();
        portfolio.marks.put(BTC, 100.0);
    }

    static TraderConfig config(final String yaml)
    {
        try
        {
            final Path file = Files.createTempFile("risk", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            return TraderConfig.load(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** A decision of strategy {@link #STRAT} on {@link #BTC} at {@code ts}; price in mantissa (2 decimals). */
    long decide(final long ts, final DecisionAction action, final long price, final long qty, final long positionId,
        final OrderType type, final long stopLoss, final long takeProfit, final double edgeBps)
    {
        final long decisionId = ((long)STRAT << 32) | ++decisionSeq;
        view.wrap(in, 0, TradingEvents.decision(in, 0, ts, ts + 1000, BTC, STRAT, decisionId, action, 101, price, qty,
            positionId == -1 ? decisionId : positionId, type, stopLoss, takeProfit, edgeBps, "rolling_return", -0.01));
        stage.onEvent(view, this);
        return decisionId;
    }

    /** ENTER_SHORT/LONG at market, price 100.00, risk-sized, no brackets, unknown edge. */
    long enter(final long ts, final boolean isLong)
    {
        return decide(ts, isLong ? DecisionAction.ENTER_LONG : DecisionAction.ENTER_SHORT, 10_000, 0, -1,
            OrderType.MARKET, 0, 0, Double.NaN);
    }

    /** A 1 m bar of BTC closing at {@code close} (price mantissa), volume mantissa {@code volume}. */
    void bar(final long openTimeNs, final long close, final long volume)
    {
        view.wrap(in, 0, TradingEvents.bar(in, 0, openTimeNs + MINUTE, openTimeNs + MINUTE + 1_000_000L, BTC, MINUTE,
            openTimeNs, close, close, close, close, volume, 0, 1, volume, 0, close, -2, Double.NaN, false));
        pre.onEvent(view, this);
        stage.onEvent(view, this);
    }

    void hazard(final long ts, final boolean open)
    {
        view.wrap(in, 0, TradingEvents.gateChange(in, 0, ts, ts, BTC, "hazard", open ? GateState.OPEN : GateState.CLOSED,
            open ? 0.9 : 0.1, 0.5, ts));
        pre.onEvent(view, this);
    }

    void command(final long ts, final OperatorCommandType type, final int strategyId, final int instrumentId)
    {
        view.wrap(in, 0, TradingEvents.operatorCommand(in, 0, ts, ts, instrumentId, type, strategyId, "test"));
        pre.onEvent(view, this);
        stage.onEvent(view, this);
    }

    List<Order> orders()
    {
        final List<Order> result = new ArrayList<>();
        final OrderDecoder d = new OrderDecoder();
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == OrderDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
                result.add(new Order(d.orderId(), d.action(), d.instrumentId(), d.strategyId(), d.decisionId(), d.side(),
                    d.orderType(), d.reduceOnly() == BooleanType.T, d.price(), d.qty(), d.positionId(), d.reasonCode(),
                    d.stopPrice(), d.stopLossPrice(), d.takeProfitPrice(), d.referencePrice()));
            }
        }
        return result;
    }

    List<Risk> risks()
    {
        final List<Risk> result = new ArrayList<>();
        final RiskEventDecoder d = new RiskEventDecoder();
        for (int i = 0; i < count(); i++)
        {
            if (templateId(i) == RiskEventDecoder.TEMPLATE_ID)
            {
                d.wrap(buffer(), bodyOffset(i), blockLength(i), version(i));
                result.add(new Risk(d.instrumentId(), d.strategyId(), d.decisionId(), d.rule(), d.action(),
                    d.requestedQty(), d.allowedQty(), d.value(), d.threshold(), d.detail()));
            }
        }
        return result;
    }

    /** The only RiskEvent emitted since the last clear. */
    Risk onlyRisk()
    {
        final List<Risk> r = risks();
        if (r.size() != 1)
        {
            throw new AssertionError("expected one RiskEvent, got " + r);
        }
        return r.get(0);
    }

    /** The only Order emitted since the last clear. */
    Order onlyOrder()
    {
        final List<Order> o = orders();
        if (o.size() != 1)
        {
            throw new AssertionError("expected one Order, got " + o);
        }
        return o.get(0);
    }

    long counter(final String name)
    {
        final Long v = stage.counters().get(name);
        if (v == null)
        {
            throw new AssertionError("no counter " + name + " in " + stage.counters().keySet());
        }
        return v;
    }
}
