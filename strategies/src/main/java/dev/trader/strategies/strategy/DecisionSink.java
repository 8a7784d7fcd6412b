package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.trading.Reason;

/**
 * How a {@link Strategy} emits {@code Decision} events (template 22, docs/trading.md "Events"), provided by the
 * {@link StrategyStage} for the duration of one callback. The strategy first {@link #put} the named values that
 * decided (kept in a fixed-capacity scratch, {@link #INPUT_CAPACITY} entries, keys of at most 24 ASCII characters:
 * the Decision's Key24 {@code inputs}), then calls {@link #enter} or {@link #exit}, which encodes them and clears
 * the scratch. Header times are the triggering event's; ids follow docs/trading.md "Ids". No allocation.
 *
 * <p>A decision the sink refuses (negative price or qty, a missing reason or order type, a negative position id)
 * is not emitted and is counted ({@code invalid}); the call returns 0. A key too long or beyond the capacity is
 * dropped and counted ({@code inputsDropped}).
 */
public interface DecisionSink
{
    /** Inputs kept per decision. */
    int INPUT_CAPACITY = 16;

    /** Adds a named input to the next decision (at most 24 ASCII characters, e.g. {@code rolling_return}). */
    DecisionSink put(String key, double value);

    /**
     * An entry: ENTER_LONG or ENTER_SHORT, opening a new position whose id is the returned decisionId.
     *
     * @param direction        the position's side
     * @param reason           why
     * @param priceMantissa    reference price the strategy saw (bar close), or the LIMIT price
     * @param qtyMantissa      requested qty mantissa, 0 = the risk stage sizes it
     * @param orderType        MARKET or LIMIT
     * @param stopLossPrice    venue-attached protective stop (price mantissa), 0 = none
     * @param takeProfitPrice  venue-attached take-profit limit (price mantissa), 0 = none
     * @param expectedEdgeBps  expected edge in bps of notional, NaN = unknown
     * @return the decisionId (= the new position's id), or 0 when refused
     */
    long enter(Direction direction, Reason reason, long priceMantissa, long qtyMantissa, OrderType orderType,
        long stopLossPrice, long takeProfitPrice, double expectedEdgeBps);

    /**
     * An exit: EXIT_LONG or EXIT_SHORT of the whole position (qty 0: the venue clamps reduce-only orders to what is
     * left).
     *
     * @param positionId    the position, or 0 for every open position of the strategy on its instrument
     * @param direction     the position's side (LONG closes a long)
     * @param orderType     MARKET, LIMIT (take-profit at price) or STOP_MARKET (trigger at price)
     * @param priceMantissa reference price (MARKET), limit price (LIMIT) or trigger (STOP_MARKET)
     * @return the decisionId, or 0 when refused
     */
    long exit(long positionId, Direction direction, Reason reason, OrderType orderType, long priceMantissa);
}
