package dev.trader.strategies.binance;

/**
 * Taker and maker fee rates as fractions of notional: seed 000 section 5 {@code FeeConfig} (Ft = 0.00045,
 * Fm = 0.00018 by default, section 4B).
 *
 * @param taker taker fee rate Ft
 * @param maker maker fee rate Fm
 */
public record TradingFees(double taker, double maker)
{
    /** Seed 000 section 5 {@code FeeConfig()} defaults. */
    public static final TradingFees SEED_DEFAULT = new TradingFees(0.00045, 0.00018);

    public TradingFees
    {
        if (!(taker >= 0 && taker < 1) || !(maker >= 0 && maker < 1))
        {
            throw new IllegalArgumentException("fee rates must be in [0, 1): taker " + taker + ", maker " + maker);
        }
    }
}
