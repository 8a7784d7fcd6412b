package dev.trader.engine.trading;

/**
 * Fee rates charged on notional (seed 004 section 4; seed 000 defaults taker 0.00045, maker 0.00018). The paper venue
 * charges them on fills; the risk stage's cost model uses the same ones ex ante, so the two cannot drift. Built
 * from the {@code costs} section ({@code costs.takerFee}, {@code costs.makerFee}).
 */
public record FeeSchedule(double taker, double maker)
{
    public static final FeeSchedule SEED_000 = new FeeSchedule(0.00045, 0.00018);

    public FeeSchedule
    {
        if (!(taker >= 0 && taker < 0.1) || !(maker > -0.1 && maker < 0.1))
        {
            throw new IllegalArgumentException("fee rates out of range: taker " + taker + ", maker " + maker);
        }
    }

    public double rate(final boolean maker)
    {
        return maker ? this.maker : taker;
    }
}
