package dev.trader.strategies.binance;

import dev.trader.strategies.labels.OhlcBars;

import java.util.Arrays;

/**
 * Seed 000 section 5 {@code label_binance_long}, line by line: for each bar i, enter long at the next bar's close
 * (or open), size from risk and leverage, compute the liquidation and take-profit prices
 * ({@link BinanceLongMath}), then scan forward from bar i+1 (the entry bar itself included, as the seed does):
 * a bar whose low reaches P_liq is a loss, one whose high reaches P_tp a win, one reaching both is resolved by
 * {@link BinanceLongLabelSettings#resolveSameBar()}; nothing reached by the end of the data (or the vertical
 * barrier, when one is set) leaves the seed's default, a loss without a hit index.
 *
 * <p>A row's label depends only on its own bar and the bars after it, never on which rows are exported.
 * Batch work: run it off the engine thread.
 */
public final class BinanceLongLabeler
{
    private final BinanceLongLabelSettings settings;

    public BinanceLongLabeler(final BinanceLongLabelSettings settings)
    {
        this.settings = settings;
    }

    public BinanceLongLabelSettings settings()
    {
        return settings;
    }

    public BinanceLongLabels label(final OhlcBars bars)
    {
        final int n = bars.size();
        final BinanceLongLabels out = new BinanceLongLabels(n);

        // entry at next bar: np.roll(arr, -1) with the last entry set to NaN
        final double[] entry = out.entryPx;
        for (int i = 0; i + 1 < n; i++)
        {
            entry[i] = settings.entryPrice() == BinanceLongLabelSettings.EntryPrice.NEXT_CLOSE ? bars.close(i + 1) : bars.open(i + 1);
        }
        if (n > 0)
        {
            entry[n - 1] = Double.NaN;
        }

        Arrays.fill(out.y, BinanceLongLabels.LOSS); // default loss if neither hits
        Arrays.fill(out.tHitIdx, BinanceLongLabels.NO_HIT);
        Arrays.fill(out.qty, Double.NaN);
        Arrays.fill(out.notional, Double.NaN);
        Arrays.fill(out.mm, Double.NaN);
        Arrays.fill(out.pLiq, Double.NaN);
        Arrays.fill(out.pTp, Double.NaN);

        for (int i = 0; i < n - 1; i++)
        {
            final double e = entry[i];
            if (!Double.isFinite(e) || e <= 0)
            {
                continue;
            }

            final LongPosition position = BinanceLongMath.liquidationPriceLong(
                e, settings.riskUsdt(), settings.leverage(), settings.fees(), settings.tiers());
            final double q = position.qty();
            final double notional = position.notional();
            final double pLiq = position.liquidationPrice();
            final double pTp = BinanceLongMath.tpPriceForTargetPnlLong(
                e, q, notional, settings.targetPnlUsdt(), settings.fees(), settings.takerBothSides());

            out.qty[i] = q;
            out.notional[i] = notional;
            out.mm[i] = position.maintenanceMargin();
            out.pLiq[i] = pLiq;
            out.pTp[i] = pTp;

            int outcome = BinanceLongLabels.LOSS;
            int hit = BinanceLongLabels.NO_HIT;
            final long lastOpenNs = settings.verticalNs() == 0 ? Long.MAX_VALUE : bars.openTimePlus(i, settings.verticalNs());
            for (int j = i + 1; j < n && bars.openTimeNs(j) <= lastOpenNs; j++)
            {
                final boolean liqHit = bars.low(j) <= pLiq;
                final boolean tpHit = bars.high(j) >= pTp;

                if (liqHit && tpHit)
                {
                    switch (settings.resolveSameBar())
                    {
                        case LOSS:
                            outcome = BinanceLongLabels.LOSS;
                            hit = j;
                            break;
                        case TP:
                            outcome = BinanceLongLabels.WIN;
                            hit = j;
                            break;
                        default: // skip: no decision; keep the default loss with no hit index
                            outcome = BinanceLongLabels.LOSS;
                            hit = BinanceLongLabels.NO_HIT;
                            break;
                    }
                    break;
                }

                if (liqHit)
                {
                    outcome = BinanceLongLabels.LOSS;
                    hit = j;
                    break;
                }
                if (tpHit)
                {
                    outcome = BinanceLongLabels.WIN;
                    hit = j;
                    break;
                }
            }

            out.y[i] = outcome;
            out.tHitIdx[i] = hit;
        }
        return out;
    }
}
