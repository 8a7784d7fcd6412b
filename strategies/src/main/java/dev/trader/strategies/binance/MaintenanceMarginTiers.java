package dev.trader.strategies.binance;

import java.util.ArrayList;
import java.util.List;

/**
 * Binance USD-M maintenance-margin brackets: position notional bracket to (maintenance margin rate, maintenance
 * amount), as Binance publishes them per symbol ({@code GET /fapi/v1/leverageBracket}: notionalFloor, notionalCap,
 * maintMarginRatio, cum). Binance: maintenance margin = notional * rate - maintenance amount.
 *
 * <p>Seed 000 section 4B: "Maintenance margin rate mmr (Binance tier; fallback 0.004)"; section 5
 * {@code default_mmr_from_notional} returns 0.004 whatever the notional, "replace with Binance tiers if available"
 * (section 9). {@link #flat(double)} is that fallback: one bracket covering every notional with amount 0, so
 * {@code MM = N * mmr} exactly as the seed computes it.
 */
public final class MaintenanceMarginTiers
{
    /** Seed 000 section 5 {@code default_mmr_from_notional}: 0.004. */
    public static final double SEED_FALLBACK_RATE = 0.004;

    /**
     * One bracket: notionals in {@code [notionalFloor, notionalCap)}.
     *
     * @param notionalFloor lowest notional of the bracket (USDT), inclusive
     * @param notionalCap   highest notional of the bracket (USDT), exclusive; +infinity for an open last bracket
     * @param rate          maintenance margin rate
     * @param amount        maintenance amount (Binance {@code cum}), USDT
     */
    public record Tier(double notionalFloor, double notionalCap, double rate, double amount)
    {
    }

    private final Tier[] tiers;

    private MaintenanceMarginTiers(final List<Tier> tiers)
    {
        this.tiers = tiers.toArray(new Tier[0]);
    }

    /** The seed's fallback when no table is given: {@code rate} for every notional, no maintenance amount. */
    public static MaintenanceMarginTiers flat(final double rate)
    {
        return of(List.of(new Tier(0.0, Double.POSITIVE_INFINITY, rate, 0.0)));
    }

    /**
     * A table of contiguous brackets in ascending order: the first starts at 0, each starts where the previous one
     * ends; rates in (0, 1), amounts not negative.
     */
    public static MaintenanceMarginTiers of(final List<Tier> tiers)
    {
        if (tiers.isEmpty())
        {
            throw new IllegalArgumentException("maintenance margin tiers: at least one bracket");
        }
        final List<Tier> checked = new ArrayList<>(tiers.size());
        for (int i = 0; i < tiers.size(); i++)
        {
            final Tier t = tiers.get(i);
            final String where = "maintenance margin tier " + i + ": ";
            if (i == 0 && t.notionalFloor() != 0.0)
            {
                throw new IllegalArgumentException(where + "the first bracket must start at notional 0, got " + t.notionalFloor());
            }
            if (i > 0 && t.notionalFloor() != tiers.get(i - 1).notionalCap())
            {
                throw new IllegalArgumentException(where + "starts at " + t.notionalFloor() + " but the previous bracket ends at "
                    + tiers.get(i - 1).notionalCap() + "; brackets must be contiguous and ascending");
            }
            if (!(t.notionalCap() > t.notionalFloor()))
            {
                throw new IllegalArgumentException(where + "notionalCap " + t.notionalCap() + " must exceed notionalFloor "
                    + t.notionalFloor());
            }
            if (!(t.rate() > 0.0 && t.rate() < 1.0))
            {
                throw new IllegalArgumentException(where + "rate " + t.rate() + " must be in (0, 1)");
            }
            if (!(t.amount() >= 0.0) || Double.isInfinite(t.amount()))
            {
                throw new IllegalArgumentException(where + "amount " + t.amount() + " must be a finite number >= 0");
            }
            checked.add(t);
        }
        return new MaintenanceMarginTiers(checked);
    }

    /**
     * The bracket holding {@code notional}.
     *
     * @throws IllegalArgumentException when the notional is negative, not a number or beyond the last bracket (Binance
     *                                  refuses such a position)
     */
    public Tier tierFor(final double notional)
    {
        if (!(notional >= 0.0))
        {
            throw new IllegalArgumentException("notional " + notional + " must be >= 0");
        }
        final int i = indexFor(notional);
        if (i == tiers.length)
        {
            throw new IllegalArgumentException("notional " + notional + " is beyond the last maintenance margin bracket (cap "
                + tiers[tiers.length - 1].notionalCap() + ")");
        }
        return tiers[i];
    }

    /**
     * The bracket holding {@code notional}, or the last bracket for a notional beyond the table (or not a number):
     * never throws, for the engine thread. A negative notional gets the first bracket.
     */
    public Tier tierForOrLast(final double notional)
    {
        return tiers[Math.min(indexFor(notional), tiers.length - 1)];
    }

    /** Index of the first bracket whose cap exceeds {@code notional}; {@code tiers.length} when none does. */
    private int indexFor(final double notional)
    {
        int i = 0;
        while (i < tiers.length && !(notional < tiers[i].notionalCap()))
        {
            i++;
        }
        return i;
    }

    /** The maintenance margin rate for a notional: seed 000 section 5 {@code mmr_fn(N)}. */
    public double rate(final double notional)
    {
        return tierFor(notional).rate();
    }

    public List<Tier> tiers()
    {
        return List.of(tiers);
    }

    @Override
    public String toString()
    {
        return "MaintenanceMarginTiers" + List.of(tiers);
    }
}
