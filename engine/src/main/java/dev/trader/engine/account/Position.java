package dev.trader.engine.account;

/**
 * One open position of {@link AccountingStage} (hedging style: one entry = one position, docs/trading.md), pooled and
 * reused. Quantities are absolute mantissas at the instrument's qty exponent; {@code sign} is +1 long, -1 short.
 * "Raw" amounts are {@code price mantissa x qty mantissa} at exponent priceExponent + qtyExponent, kept as exact longs.
 */
final class Position
{
    long id;
    int strategyId;
    int instrumentId;
    int slot;
    int sign;
    /** Absolute open qty mantissa. */
    long qty;
    /** Largest absolute qty held. */
    long maxQty;
    /** Entry cost of the qty still open (raw): reduced by each close by the closed share. */
    long entryRaw;
    /** Entry cost of every entry fill (raw) and their qty: avg entry = totalEntryRaw / totalEntryQty. */
    long totalEntryRaw;
    long totalEntryQty;
    /** Exit proceeds of every reducing fill (raw); their qty is {@code totalEntryQty - qty}. */
    long totalExitRaw;
    long realized;
    long fees;
    long funding;
    long slippage;
    int entryReason;
    long entryTsNs;

    void clear()
    {
        id = 0;
        strategyId = 0;
        instrumentId = 0;
        slot = -1;
        sign = 0;
        qty = 0;
        maxQty = 0;
        entryRaw = 0;
        totalEntryRaw = 0;
        totalEntryQty = 0;
        totalExitRaw = 0;
        realized = 0;
        fees = 0;
        funding = 0;
        slippage = 0;
        entryReason = 0;
        entryTsNs = Long.MIN_VALUE;
    }
}
