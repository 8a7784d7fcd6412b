package dev.trader.engine.trading;

/**
 * Every reason code a Decision, Order, Fill or TradeClosed can carry, with a stable name for reports. Codes are
 * journaled: never renumber, only add. 1xx: hazard-gated momentum short (seed 002 section 3); 2xx: P(win) long
 * (seed 000; also the codes its brackets carry, via BracketPolicy); 9xx: risk rules (forced exits, seed 002 section 5, seed 004 section 6).
 */
public enum Reason
{
    NONE(0, "none"),
    // strategy 1: hazard-gated momentum short
    MOMENTUM_TRIGGER(101, "momentum_trigger"),
    STOP_LOSS(102, "stop_loss"),
    TAKE_PROFIT(103, "take_profit"),
    HAZARD_OFF(104, "hazard_off"),
    MAX_HOLD(105, "max_hold"),
    END_OF_DATA(106, "end_of_data"),
    // strategy 2: P(win) >= p* long
    PWIN_ABOVE_THRESHOLD(201, "pwin_above_threshold"),
    TP_TARGET(202, "tp_target"),
    LIQUIDATION(203, "liquidation"),
    // risk forced exits
    RISK_MAX_HOLD(901, "risk_max_hold"),
    RISK_EQUITY_FLOOR(902, "risk_equity_floor"),
    RISK_REBOUND_KILL(903, "risk_rebound_kill"),
    RISK_KILL_SWITCH(904, "risk_kill_switch"),
    RISK_DAILY_DRAWDOWN(905, "risk_daily_drawdown");

    private static final Reason[] BY_CODE = new Reason[1000];

    static
    {
        for (final Reason r : values())
        {
            BY_CODE[r.code] = r;
        }
    }

    private final int code;
    private final String label;

    Reason(final int code, final String label)
    {
        this.code = code;
        this.label = label;
    }

    public int code()
    {
        return code;
    }

    public String label()
    {
        return label;
    }

    /** The reason for a journaled code; null when unknown (a newer journal). */
    public static Reason of(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The label of a code, or {@code code_N} when unknown. */
    public static String labelOf(final int code)
    {
        final Reason r = of(code);
        return r != null ? r.label : "code_" + code;
    }
}
