package dev.trader.engine.trading;

/**
 * Exits a strategy attaches to its entries at fill time, computed from the actual fill (docs/trading.md "Venue
 * rules"). The strategy stage runs before the venue, so exits a strategy sends itself after a fill go out one event
 * late (in bars mode: one bar late, so the bar after the entry's bar was never checked, unlike seed 000's forward
 * scan from the bar after the entry). A strategy implementing this interface is registered with the paper venue
 * ({@code PaperVenueStage.bracketPolicy(strategyId, policy)}); when one of its entry orders is done with a filled
 * qty (fully filled, or its remainder expired or canceled) the venue calls {@link #onEntryFilled} at that moment
 * and rests the reduce-only children itself, with no lag.
 *
 * <p>Implementations must be pure and deterministic (the same arguments give the same bracket; counters are fine)
 * and allocate nothing: the venue calls them on its hot path.
 */
public interface BracketPolicy
{
    /**
     * The bracket of a just-filled entry.
     *
     * @param positionId        the entry's position
     * @param instrumentId      its instrument
     * @param avgFillPrice      the volume-weighted average price of the entry order's fills, in price units
     *                          (mantissa x 10^priceExponent, as {@code PortfolioView.positionEntryPrice})
     * @param filledQtyMantissa the qty the entry order filled (> 0)
     * @param out               cleared by the venue; set the take-profit and/or stop (prices on the tick, 0 = none)
     */
    void onEntryFilled(long positionId, int instrumentId, double avgFillPrice, long filledQtyMantissa, Bracket out);
}
