package dev.trader.strategies.binance;

/**
 * What seed 000 section 5 {@code liquidation_price_long} returns: {@code (P_liq, Q, N, MM)}.
 *
 * @param liquidationPrice  P_liq = E + (MM - M + N*Ft) / Q
 * @param qty               Q = (M*L) / E
 * @param notional          N = E*Q
 * @param maintenanceMargin MM = N*mmr (minus the tier's maintenance amount when a tier table is used)
 */
public record LongPosition(double liquidationPrice, double qty, double notional, double maintenanceMargin)
{
}
