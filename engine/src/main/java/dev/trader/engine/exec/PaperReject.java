package dev.trader.engine.exec;

import java.nio.charset.StandardCharsets;

/**
 * The paper venue's reject codes ({@code OrderUpdate.rejectCode} of a REJECTED update) and their constant detail
 * texts (seed 004 section 6: every refusal is journaled with its reason). Codes are journaled: never renumber, only
 * add.
 */
public final class PaperReject
{
    public static final int NONE = 0;
    /** The order's instrument is not in the registry. */
    public static final int UNKNOWN_INSTRUMENT = 1;
    /** qty <= 0 or not a multiple of the instrument's lot. */
    public static final int BAD_QTY = 2;
    /** LIMIT price or STOP_MARKET stop price <= 0 or not on the tick grid. */
    public static final int BAD_PRICE = 3;
    /** Book fill model and no trusted book for the instrument (fail closed). */
    public static final int NO_BOOK = 4;
    /** A POST_ONLY limit that would take liquidity on arrival. */
    public static final int POST_ONLY_WOULD_CROSS = 5;
    /** A reduce-only order and no position left to reduce in its direction. */
    public static final int NO_POSITION = 6;
    /** paper.maxWorkingOrders working and in-flight orders already held. */
    public static final int TOO_MANY_ORDERS = 7;
    /** Side, order type, time in force or action not understood. */
    public static final int BAD_ORDER = 8;
    /** Bracket prices on the order: the venue does not attach brackets. */
    public static final int BRACKETS_UNSUPPORTED = 9;
    /** An order that would open a new position while paper.maxPositions positions are already tracked. */
    public static final int TOO_MANY_POSITIONS = 10;

    private static final String[] LABELS = {
        "none", "unknown_instrument", "bad_qty", "bad_price", "no_book", "post_only_would_cross", "no_position",
        "too_many_orders", "bad_order", "brackets_unsupported", "too_many_positions",
    };
    private static final String[] DETAILS = {
        "", "unknown instrument", "qty <= 0 or not a lot multiple", "price <= 0 or not on tick",
        "no trusted book (fail closed)", "post-only would cross", "reduce-only with no position",
        "too many working orders", "bad side, order type, time in force or action", "brackets not supported",
        "too many open positions",
    };
    private static final byte[][] DETAIL_BYTES = new byte[DETAILS.length][];

    static
    {
        for (int i = 0; i < DETAILS.length; i++)
        {
            DETAIL_BYTES[i] = DETAILS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Number of codes (0 included). */
    public static final int COUNT = LABELS.length;

    private PaperReject()
    {
    }

    /** Stable label for counters and reports, or {@code code_N} when unknown. */
    public static String label(final int code)
    {
        return code >= 0 && code < COUNT ? LABELS[code] : "code_" + code;
    }

    /** The constant detail text journaled with a code (empty for {@link #NONE}). */
    static byte[] detailBytes(final int code)
    {
        return DETAIL_BYTES[code];
    }
}
