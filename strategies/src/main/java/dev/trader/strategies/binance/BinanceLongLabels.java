package dev.trader.strategies.binance;

/**
 * The output of {@link BinanceLongLabeler}, one entry per input bar: seed 000 section 5's DataFrame columns
 * {@code entry_px, qty, notional, mm, p_liq, p_tp, y, t_hit_idx}. Rows without an entry (the last bar, or a
 * non-positive entry price) hold NaN prices and {@code y = -1, t_hit_idx = -1}, as in the seed.
 */
public final class BinanceLongLabels
{
    /** y of a win (take-profit reached first). */
    public static final int WIN = 1;
    /** y of a loss (liquidation reached first, a same-bar conflict under "loss", or no resolution). */
    public static final int LOSS = -1;
    /** t_hit_idx of a row that no bar resolved. */
    public static final int NO_HIT = -1;

    final double[] entryPx;
    final double[] qty;
    final double[] notional;
    final double[] mm;
    final double[] pLiq;
    final double[] pTp;
    final int[] y;
    final int[] tHitIdx;

    BinanceLongLabels(final int n)
    {
        entryPx = new double[n];
        qty = new double[n];
        notional = new double[n];
        mm = new double[n];
        pLiq = new double[n];
        pTp = new double[n];
        y = new int[n];
        tHitIdx = new int[n];
    }

    public int size()
    {
        return y.length;
    }

    public double entryPx(final int i)
    {
        return entryPx[i];
    }

    public double qty(final int i)
    {
        return qty[i];
    }

    public double notional(final int i)
    {
        return notional[i];
    }

    public double mm(final int i)
    {
        return mm[i];
    }

    public double pLiq(final int i)
    {
        return pLiq[i];
    }

    public double pTp(final int i)
    {
        return pTp[i];
    }

    /** +1 win, -1 loss (the seed's default for rows nothing resolved). */
    public int y(final int i)
    {
        return y[i];
    }

    /** The index of the bar that resolved row i, or {@link #NO_HIT}. */
    public int tHitIdx(final int i)
    {
        return tHitIdx[i];
    }

    /** A bar reached the take-profit or the liquidation price (for a same-bar conflict: unless the policy is skip). */
    public boolean resolved(final int i)
    {
        return tHitIdx[i] != NO_HIT;
    }
}
