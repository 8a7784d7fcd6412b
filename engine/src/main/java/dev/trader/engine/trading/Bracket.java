package dev.trader.engine.trading;

/**
 * A venue-attached bracket as a {@link BracketPolicy} fills it in: a reduce-only take-profit LIMIT and a protective
 * STOP_MARKET for one filled entry, prices as mantissas at the instrument's price exponent (on its tick), each with
 * the {@link Reason} code its fills will carry; a price of 0 means none (docs/trading.md "Venue rules"; seed 002
 * section 5 protective exits, seed 000 take-profit and liquidation exits).
 *
 * <p>Mutable and reused: the venue holds one instance and clears it before each call, so nothing is allocated.
 */
public final class Bracket
{
    private long takeProfitPrice;
    private int takeProfitReason;
    private long stopPrice;
    private int stopReason;

    /** No take-profit and no stop. */
    public Bracket clear()
    {
        takeProfitPrice = 0;
        takeProfitReason = 0;
        stopPrice = 0;
        stopReason = 0;
        return this;
    }

    /** A take-profit LIMIT at {@code priceMantissa} (0 = none) whose fills carry {@code reasonCode}. */
    public Bracket takeProfit(final long priceMantissa, final int reasonCode)
    {
        takeProfitPrice = priceMantissa;
        takeProfitReason = reasonCode;
        return this;
    }

    /** A STOP_MARKET triggering at {@code priceMantissa} (0 = none) whose fills carry {@code reasonCode}. */
    public Bracket stop(final long priceMantissa, final int reasonCode)
    {
        stopPrice = priceMantissa;
        stopReason = reasonCode;
        return this;
    }

    public long takeProfitPrice()
    {
        return takeProfitPrice;
    }

    public int takeProfitReason()
    {
        return takeProfitReason;
    }

    public long stopPrice()
    {
        return stopPrice;
    }

    public int stopReason()
    {
        return stopReason;
    }

    @Override
    public String toString()
    {
        return "Bracket{tp=" + takeProfitPrice + "/" + takeProfitReason + ", stop=" + stopPrice + "/" + stopReason + "}";
    }
}
