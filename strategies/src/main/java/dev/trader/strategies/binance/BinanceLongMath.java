package dev.trader.strategies.binance;

/**
 * Binance-accurate sizing, liquidation and take-profit for an isolated-margin long: seed 000 section 4B (formulas)
 * and section 5 {@code policy_sizing.py} (code), transliterated in double arithmetic with the Python's operation
 * order, so results equal the Python's bit for bit (both are IEEE-754 binary64 with round-to-nearest).
 *
 * <pre>
 *   Q     = (M*L) / E                     qty from risk M (isolated margin) and leverage L at entry E
 *   N     = E*Q                           notional
 *   MM    = N*mmr  (- maintenance amount when a Binance tier table gives one)
 *   P_liq = E + (MM - M + N*Ft) / Q       liquidation price (long)
 *   P_tp  = E + (target + N*(Ft*2)) / Q   take profit for a net target, taker both sides
 *   PnL   = Q*(Exit - E) - N*Ft*2         (taker both sides)
 * </pre>
 */
public final class BinanceLongMath
{
    private BinanceLongMath()
    {
    }

    /** Seed 000 section 5 {@code qty_from_risk}: {@code (risk_usdt * leverage) / entry_price}. */
    public static double qtyFromRisk(final double entryPrice, final double riskUsdt, final double leverage)
    {
        if (entryPrice <= 0 || riskUsdt <= 0 || leverage <= 0)
        {
            throw new IllegalArgumentException("entry_price, risk_usdt, leverage must be > 0: " + entryPrice + ", " + riskUsdt
                + ", " + leverage);
        }
        return (riskUsdt * leverage) / entryPrice;
    }

    /** Seed 000 section 5 {@code notional}: {@code entry_price * qty}. */
    public static double notional(final double entryPrice, final double qty)
    {
        return entryPrice * qty;
    }

    /**
     * Seed 000 section 5 {@code liquidation_price_long}: {@code Q = (M*L)/E, N = E*Q, MM = N*mmr,
     * P_liq = E + (MM - M + N*Ft)/Q}, with {@code mmr = mmr_fn(N)} from the tier table; a tier's maintenance amount
     * (0 in the seed's fallback) is subtracted from MM as Binance does.
     */
    public static LongPosition liquidationPriceLong(
        final double entryPrice,
        final double riskUsdt,
        final double leverage,
        final TradingFees fees,
        final MaintenanceMarginTiers tiers)
    {
        final double e = entryPrice;
        final double m = riskUsdt;
        final double l = leverage;
        final double ft = fees.taker();

        final double q = qtyFromRisk(e, m, l);
        final double n = notional(e, q);
        final double mm = maintenanceMargin(n, tiers.tierFor(n));
        return new LongPosition(liquidationPrice(e, q, n, mm, m, ft), q, n, mm);
    }

    /**
     * The same liquidation price for a position whose qty is given (e.g. rounded to the lot and filled), without
     * allocating: {@code MM = N*mmr(N) - amount, P_liq = E + (MM - M + N*Ft)/Q}, seed 000 section 5's operation
     * order. With {@code Q = (M*L)/E} and {@code N = E*Q} it equals {@link #liquidationPriceLong}. A notional
     * beyond the table's last bracket uses that bracket (no exception, for the engine thread).
     *
     * @param qty      Q
     * @param notional N
     * @param margin   M, the isolated margin posted ({@code N / L} for a filled qty)
     */
    public static double liquidationPriceLong(
        final double entryPrice,
        final double qty,
        final double notional,
        final double margin,
        final TradingFees fees,
        final MaintenanceMarginTiers tiers)
    {
        final double mm = maintenanceMargin(notional, tiers.tierForOrLast(notional));
        return liquidationPrice(entryPrice, qty, notional, mm, margin, fees.taker());
    }

    /** {@code MM = N*mmr - amount}; an amount of 0 (the seed's fallback) leaves {@code N*mmr} bit for bit. */
    private static double maintenanceMargin(final double notional, final MaintenanceMarginTiers.Tier tier)
    {
        return notional * tier.rate() - tier.amount();
    }

    /** {@code P_liq = E + (MM - M + N*Ft) / Q}, the seed's operation order. */
    private static double liquidationPrice(final double e, final double q, final double n, final double mm, final double m,
        final double ft)
    {
        return e + (mm - m + n * ft) / q;
    }

    /**
     * Seed 000 section 5 {@code tp_price_for_target_pnl_long}: {@code fees_total = N * (Ft*2.0)} (taker both sides)
     * or {@code N * (Ft + Fm)}; {@code P_tp = E + (target + fees_total) / Q}.
     */
    public static double tpPriceForTargetPnlLong(
        final double entryPrice,
        final double qty,
        final double notional,
        final double targetPnlUsdt,
        final TradingFees fees,
        final boolean takerBothSides)
    {
        final double e = entryPrice;
        final double ft = fees.taker();
        final double fm = fees.maker();
        final double feesTotal = notional * (takerBothSides ? ft * 2.0 : ft + fm);
        return e + (targetPnlUsdt + feesTotal) / qty;
    }

    /** Seed 000 section 4B item 5: {@code PnL = Q*(Exit - E) - N*Ft*2} (taker both sides). */
    public static double pnlLong(final double entryPrice, final double exitPrice, final double qty, final double notional,
        final TradingFees fees)
    {
        return qty * (exitPrice - entryPrice) - notional * fees.taker() * 2;
    }
}
