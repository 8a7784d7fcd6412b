package dev.trader.codecs;

import dev.trader.codecs.sbe.AccountDecoder;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.FundingDecoder;
import dev.trader.codecs.sbe.OperatorCommandDecoder;
import dev.trader.codecs.sbe.TradeClosedDecoder;
import dev.trader.codecs.sbe.BestBidOfferDecoder;
import dev.trader.codecs.sbe.BookStatusDecoder;
import dev.trader.codecs.sbe.ConnectionEventDecoder;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.DepthSnapshotDecoder;
import dev.trader.codecs.sbe.DepthUpdateDecoder;
import dev.trader.codecs.sbe.FillDecoder;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.InputRejectDecoder;
import dev.trader.codecs.sbe.KlineDecoder;
import dev.trader.codecs.sbe.MarkPriceDecoder;
import dev.trader.codecs.sbe.ModelScoreDecoder;
import dev.trader.codecs.sbe.OrderDecoder;
import dev.trader.codecs.sbe.OrderUpdateDecoder;
import dev.trader.codecs.sbe.PositionDecoder;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.RegimeChangeDecoder;
import dev.trader.codecs.sbe.RiskEventDecoder;
import dev.trader.codecs.sbe.SampledEventDecoder;
import dev.trader.codecs.sbe.TradeDecoder;

import org.agrona.sbe.MessageDecoderFlyweight;

import java.util.Locale;

/**
 * Every event the engine knows, keyed by SBE template id. The display name is the SBE message name and is what
 * reports ({@code journal stats}, {@code summary.json}) use as the event type.
 */
public enum EventType
{
    TRADE(TradeDecoder.TEMPLATE_ID, "Trade", true),
    BEST_BID_OFFER(BestBidOfferDecoder.TEMPLATE_ID, "BestBidOffer", true),
    DEPTH_UPDATE(DepthUpdateDecoder.TEMPLATE_ID, "DepthUpdate", true),
    DEPTH_SNAPSHOT(DepthSnapshotDecoder.TEMPLATE_ID, "DepthSnapshot", true),
    MARK_PRICE(MarkPriceDecoder.TEMPLATE_ID, "MarkPrice", true),
    KLINE(KlineDecoder.TEMPLATE_ID, "Kline", true),
    RAW_MESSAGE(RawMessageDecoder.TEMPLATE_ID, "RawMessage", true),
    CONNECTION_EVENT(ConnectionEventDecoder.TEMPLATE_ID, "ConnectionEvent", true),
    BAR(BarDecoder.TEMPLATE_ID, "Bar", false),
    MODEL_SCORE(ModelScoreDecoder.TEMPLATE_ID, "ModelScore", false),
    DECISION(DecisionDecoder.TEMPLATE_ID, "Decision", false),
    ORDER(OrderDecoder.TEMPLATE_ID, "Order", false),
    ORDER_UPDATE(OrderUpdateDecoder.TEMPLATE_ID, "OrderUpdate", false),
    FILL(FillDecoder.TEMPLATE_ID, "Fill", false),
    POSITION(PositionDecoder.TEMPLATE_ID, "Position", false),
    RISK_EVENT(RiskEventDecoder.TEMPLATE_ID, "RiskEvent", false),
    INPUT_REJECT(InputRejectDecoder.TEMPLATE_ID, "InputReject", false),
    BOOK_STATUS(BookStatusDecoder.TEMPLATE_ID, "BookStatus", false),
    SAMPLED_EVENT(SampledEventDecoder.TEMPLATE_ID, "SampledEvent", false),
    REGIME_CHANGE(RegimeChangeDecoder.TEMPLATE_ID, "RegimeChange", false),
    GATE_CHANGE(GateChangeDecoder.TEMPLATE_ID, "GateChange", false),
    OPERATOR_COMMAND(OperatorCommandDecoder.TEMPLATE_ID, "OperatorCommand", false),
    FUNDING(FundingDecoder.TEMPLATE_ID, "Funding", false),
    ACCOUNT(AccountDecoder.TEMPLATE_ID, "Account", false),
    TRADE_CLOSED(TradeClosedDecoder.TEMPLATE_ID, "TradeClosed", false);

    /** Highest template id in use plus one; arrays indexed by template id have this length. */
    public static final int MAX_TEMPLATE_ID_EXCLUSIVE;
    private static final EventType[] BY_TEMPLATE_ID;

    static
    {
        int max = 0;
        for (final EventType t : values())
        {
            max = Math.max(max, t.templateId);
        }
        MAX_TEMPLATE_ID_EXCLUSIVE = max + 1;
        BY_TEMPLATE_ID = new EventType[MAX_TEMPLATE_ID_EXCLUSIVE];
        for (final EventType t : values())
        {
            BY_TEMPLATE_ID[t.templateId] = t;
        }
    }

    private final int templateId;
    private final String displayName;
    private final boolean market;

    EventType(final int templateId, final String displayName, final boolean market)
    {
        this.templateId = templateId;
        this.displayName = displayName;
        this.market = market;
    }

    public int templateId()
    {
        return templateId;
    }

    public String displayName()
    {
        return displayName;
    }

    /** True for market-data events (inputs from venues); false for events the engine's stages produce. */
    public boolean isMarket()
    {
        return market;
    }

    /** A fresh decoder flyweight for this type (setup time only: callers keep and re-wrap it). */
    public MessageDecoderFlyweight newDecoder()
    {
        switch (this)
        {
            case TRADE: return new TradeDecoder();
            case BEST_BID_OFFER: return new BestBidOfferDecoder();
            case DEPTH_UPDATE: return new DepthUpdateDecoder();
            case DEPTH_SNAPSHOT: return new DepthSnapshotDecoder();
            case MARK_PRICE: return new MarkPriceDecoder();
            case KLINE: return new KlineDecoder();
            case BAR: return new BarDecoder();
            case MODEL_SCORE: return new ModelScoreDecoder();
            case DECISION: return new DecisionDecoder();
            case ORDER: return new OrderDecoder();
            case ORDER_UPDATE: return new OrderUpdateDecoder();
            case FILL: return new FillDecoder();
            case POSITION: return new PositionDecoder();
            case RISK_EVENT: return new RiskEventDecoder();
            case INPUT_REJECT: return new InputRejectDecoder();
            case RAW_MESSAGE: return new RawMessageDecoder();
            case CONNECTION_EVENT: return new ConnectionEventDecoder();
            case BOOK_STATUS: return new BookStatusDecoder();
            case SAMPLED_EVENT: return new SampledEventDecoder();
            case REGIME_CHANGE: return new RegimeChangeDecoder();
            case GATE_CHANGE: return new GateChangeDecoder();
            case OPERATOR_COMMAND: return new OperatorCommandDecoder();
            case FUNDING: return new FundingDecoder();
            case ACCOUNT: return new AccountDecoder();
            case TRADE_CLOSED: return new TradeClosedDecoder();
            default: throw new IllegalStateException("no decoder for " + this);
        }
    }

    /** One decoder per template id, indexed by template id (null where no type). */
    public static MessageDecoderFlyweight[] newDecoderTable()
    {
        final MessageDecoderFlyweight[] table = new MessageDecoderFlyweight[MAX_TEMPLATE_ID_EXCLUSIVE];
        for (final EventType t : values())
        {
            table[t.templateId] = t.newDecoder();
        }
        return table;
    }

    /** @return the type for a template id, or null when the id is not one of ours. */
    public static EventType ofTemplateId(final int templateId)
    {
        return templateId >= 0 && templateId < BY_TEMPLATE_ID.length ? BY_TEMPLATE_ID[templateId] : null;
    }

    /** Accepts the display name ("BestBidOffer"), the constant name ("BEST_BID_OFFER") or either in any case. */
    public static EventType parse(final String name)
    {
        final String wanted = name.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        for (final EventType t : values())
        {
            if (t.displayName.toLowerCase(Locale.ROOT).equals(wanted))
            {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + name + "'; known: " + knownNames());
    }

    public static String knownNames()
    {
        final StringBuilder sb = new StringBuilder();
        for (final EventType t : values())
        {
            if (sb.length() > 0)
            {
                sb.append(", ");
            }
            sb.append(t.displayName);
        }
        return sb.toString();
    }
}
