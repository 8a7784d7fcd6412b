package dev.trader.strategies.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;
import dev.trader.strategies.labels.SameBarPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parameters of {@link BinanceLongLabeler}; defaults are seed 000 section 1 {@code labeling:} and the section 5
 * signature of {@code label_binance_long}:
 *
 * <pre>
 * binanceLong:
 *   riskUsdt: 10.0              # M, isolated margin = the loss at liquidation
 *   leverage: 55.0              # L
 *   takerFee: 0.00045           # Ft
 *   makerFee: 0.00018           # Fm (used only with takerBothSides: false)
 *   targetPnlUsdt: 15.0         # net take-profit target
 *   takerBothSides: true        # fees_total = N*Ft*2, else N*(Ft+Fm)
 *   entryPrice: next_close      # next_close | next_open
 *   resolveSameBar: loss        # loss | tp | skip
 *   vertical: null              # null (no time limit, the seed) or a duration such as 4h
 *   unresolved: loss            # loss (the seed: "dataset end => loss") | empty (blank cell)
 *   maintenanceMarginRate: 0.004          # the seed's fallback mmr, used when no table is given
 *   maintenanceMarginTiers:               # optional Binance brackets (replace the fallback; not both)
 *     - { notionalFloor: 0, notionalCap: 50000, rate: 0.004, amount: 0 }
 *     - { notionalFloor: 50000, notionalCap: inf, rate: 0.005, amount: 50 }
 * </pre>
 *
 * @param riskUsdt       M
 * @param leverage       L
 * @param fees           Ft, Fm
 * @param targetPnlUsdt  the net profit the take-profit price locks in (the seed's 15.0)
 * @param takerBothSides the seed's {@code taker_both_sides=True}
 * @param entryPrice     the seed's {@code entry_price_mode}
 * @param resolveSameBar the seed's {@code resolve_same_bar}
 * @param verticalNs     0: no time limit (the seed); else the scan covers bars opening at most this long after the
 *                       labelled bar's open (seed 000 section 4 item 5, "optional soft vertical barrier (e.g., 4h)")
 * @param unresolved     what a row without a hit (no bar reached either price, same-bar skip, no entry) is written as
 * @param tiers          the maintenance margin table, or the seed's 0.004 fallback
 */
public record BinanceLongLabelSettings(
    double riskUsdt,
    double leverage,
    TradingFees fees,
    double targetPnlUsdt,
    boolean takerBothSides,
    EntryPrice entryPrice,
    SameBarPolicy resolveSameBar,
    long verticalNs,
    Unresolved unresolved,
    MaintenanceMarginTiers tiers)
{
    /** The price a trade decided at bar t enters at (seed 000 section 5 {@code entry_price_mode}). */
    public enum EntryPrice
    {
        NEXT_CLOSE, NEXT_OPEN;

        public static EntryPrice parse(final String text)
        {
            try
            {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("'" + text + "': expected next_close or next_open", ex);
            }
        }

        public String configName()
        {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a row without resolution is exported. */
    public enum Unresolved
    {
        /** The seed: {@code y} keeps its default -1 ("dataset end => loss"). */
        LOSS,
        /** An empty cell, for users who drop such rows. */
        EMPTY;

        public static Unresolved parse(final String text)
        {
            try
            {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("'" + text + "': expected loss or empty", ex);
            }
        }
    }

    public static final String[] KEYS = {
        "riskUsdt", "leverage", "takerFee", "makerFee", "targetPnlUsdt", "takerBothSides", "entryPrice", "resolveSameBar",
        "vertical", "unresolved", "maintenanceMarginRate", "maintenanceMarginTiers"};

    private static final String[] TIER_KEYS = {"notionalFloor", "notionalCap", "rate", "amount"};

    public BinanceLongLabelSettings
    {
        if (!(riskUsdt > 0) || Double.isInfinite(riskUsdt))
        {
            throw new IllegalArgumentException("riskUsdt must be a positive number, got " + riskUsdt);
        }
        if (!(leverage > 0) || Double.isInfinite(leverage))
        {
            throw new IllegalArgumentException("leverage must be a positive number, got " + leverage);
        }
        if (!(targetPnlUsdt > 0) || Double.isInfinite(targetPnlUsdt))
        {
            throw new IllegalArgumentException("targetPnlUsdt must be a positive number, got " + targetPnlUsdt);
        }
        if (verticalNs < 0)
        {
            throw new IllegalArgumentException("vertical must be positive, got " + verticalNs + " ns");
        }
    }

    /** Seed 000's defaults: risk 10, leverage 55, fees 0.00045/0.00018, +15 net, next close, same bar = loss. */
    public static BinanceLongLabelSettings seedDefaults()
    {
        return new BinanceLongLabelSettings(10.0, 55.0, TradingFees.SEED_DEFAULT, 15.0, true, EntryPrice.NEXT_CLOSE,
            SameBarPolicy.LOSS, 0L, Unresolved.LOSS, MaintenanceMarginTiers.flat(MaintenanceMarginTiers.SEED_FALLBACK_RATE));
    }

    /**
     * Reads a {@code binanceLong:} mapping; every key is optional and defaults to the seed, unknown keys are refused.
     *
     * @param where the mapping's path in the config, for messages (e.g. {@code labels.binanceLong})
     */
    public static BinanceLongLabelSettings from(final TraderConfig config, final JsonNode node, final String where)
    {
        config.checkKeys(node, where, KEYS);
        final BinanceLongLabelSettings d = seedDefaults();
        try
        {
            final TradingFees fees = new TradingFees(
                config.doubleOr(node, where, "takerFee", d.fees().taker()),
                config.doubleOr(node, where, "makerFee", d.fees().maker()));
            return new BinanceLongLabelSettings(
                config.doubleOr(node, where, "riskUsdt", d.riskUsdt()),
                config.doubleOr(node, where, "leverage", d.leverage()),
                fees,
                config.doubleOr(node, where, "targetPnlUsdt", d.targetPnlUsdt()),
                config.boolOr(node, where, "takerBothSides", d.takerBothSides()),
                EntryPrice.parse(config.textOr(node, where, "entryPrice", d.entryPrice().configName())),
                SameBarPolicy.parse(config.textOr(node, where, "resolveSameBar", d.resolveSameBar().configName())),
                verticalNs(config, node, where),
                Unresolved.parse(config.textOr(node, where, "unresolved", "loss")),
                tiers(config, node, where, "maintenanceMarginTiers", "maintenanceMarginRate"));
        }
        catch (final IllegalArgumentException ex)
        {
            final String msg = ex.getMessage();
            throw new IllegalArgumentException(msg.startsWith(config.file().toString()) ? msg : config.file() + ": " + where + ": " + msg, ex);
        }
    }

    private static long verticalNs(final TraderConfig config, final JsonNode node, final String where)
    {
        final JsonNode v = node.get("vertical");
        if (v == null || v.isNull())
        {
            return 0L;
        }
        return config.durationOr(node, where, "vertical", Duration.ZERO).toNanos();
    }

    /**
     * Reads a maintenance margin table ({@code tableKey}: a list of {@code { notionalFloor, notionalCap, rate,
     * amount }}, {@code notionalCap: inf} for an open last bracket) or, when absent, the seed's flat fallback
     * ({@code rateKey}, default 0.004). Giving both is refused. Messages name the file and the key
     * ({@code config.yaml: strategies[1].mmrTiers[0]: ...}), so callers pass them on as they are.
     *
     * @param where the mapping's path in the config (e.g. {@code strategies[1]})
     */
    public static MaintenanceMarginTiers tiers(final TraderConfig config, final JsonNode node, final String where,
        final String tableKey, final String rateKey)
    {
        final JsonNode table = node.get(tableKey);
        if (table == null || table.isNull())
        {
            return MaintenanceMarginTiers.flat(config.doubleOr(node, where, rateKey,
                MaintenanceMarginTiers.SEED_FALLBACK_RATE));
        }
        final String tableAt = config.file() + ": " + where + "." + tableKey;
        if (node.has(rateKey))
        {
            throw new IllegalArgumentException(config.file() + ": " + where + ": give " + rateKey
                + " (the seed's flat fallback) or " + tableKey + ", not both");
        }
        if (!table.isArray() || table.isEmpty())
        {
            throw new IllegalArgumentException(tableAt + ": expected a non-empty list of "
                + "{ notionalFloor, notionalCap, rate, amount }");
        }
        final List<MaintenanceMarginTiers.Tier> tiers = new ArrayList<>();
        for (int i = 0; i < table.size(); i++)
        {
            final String at = where + "." + tableKey + "[" + i + "]";
            final JsonNode t = table.get(i);
            config.checkKeys(t, at, TIER_KEYS);
            for (final String key : new String[]{"notionalFloor", "notionalCap", "rate"})
            {
                if (!t.has(key))
                {
                    throw new IllegalArgumentException(config.file() + ": " + at + ": '" + key + "' is required");
                }
            }
            final JsonNode cap = t.get("notionalCap");
            final boolean open = cap.isTextual() && cap.asText().trim().equalsIgnoreCase("inf")
                || cap.isNumber() && cap.doubleValue() == Double.POSITIVE_INFINITY; // inf or YAML's .inf
            final double notionalCap = open
                ? Double.POSITIVE_INFINITY
                : config.doubleOr(t, at, "notionalCap", 0.0);
            tiers.add(new MaintenanceMarginTiers.Tier(
                config.doubleOr(t, at, "notionalFloor", 0.0),
                notionalCap,
                config.doubleOr(t, at, "rate", 0.0),
                config.doubleOr(t, at, "amount", 0.0)));
        }
        try
        {
            return MaintenanceMarginTiers.of(tiers);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(tableAt + ": " + ex.getMessage(), ex);
        }
    }
}
