package dev.trader.strategies.strategy;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Instrument;
import dev.trader.engine.trading.Bracket;
import dev.trader.engine.trading.BracketPolicy;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import dev.trader.engine.trading.Reason;
import dev.trader.strategies.binance.BinanceLongMath;
import dev.trader.strategies.binance.MaintenanceMarginTiers;
import dev.trader.strategies.binance.TradingFees;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * P(win) >= p* long with Binance-accurate sizing, seed 000: section 0 "trade only if P(win) >= p*", section 4B and
 * section 5 {@code policy_sizing.py} for qty, liquidation and take-profit ({@link BinanceLongMath}).
 *
 * <h2>Entry</h2>
 * A {@code ModelScore} of {@code modelId} for the instrument carries P(win) at output {@code pwinOutput}. The model
 * stage emits it while the bar passes through it, so the score arrives just before the bar it scored; the strategy
 * keeps it and decides on that bar ({@code barInterval}, same close time), whose close is the reference price:
 * when {@code P(win) >= pStar} and the strategy has no open position and no working entry on the instrument, it
 * sends ENTER_LONG MARKET (reason PWIN_ABOVE_THRESHOLD; the paper venue fills it at the next bar's close in bars
 * mode: the seed's {@code entry_price = next_close}) with
 * <pre>
 *   qty = floor_to_lot(qty_from_risk(close, riskUsdt, leverage)) = floor_to_lot(M x L / close)
 *   expectedEdgeBps = (p x (P_tp - E) - (1 - p) x (E - P_liq)) / E x 1e4     with E = close
 * </pre>
 * and inputs {@code pwin, p_star, qty, liq_price, tp_price} (P_liq and P_tp as below for E = close, on the tick).
 * Floor to lot adds 1e-9 lot before flooring, so a quotient that is a whole number of lots in decimal but a hair
 * below it in binary is not cut by one lot. Zero lots: no decision ({@code zeroQty}).
 *
 * <h2>Protective exits (a {@link BracketPolicy})</h2>
 * The exits are venue-attached brackets: the paper venue calls {@link #onEntryFilled} when the entry order is done
 * (filled, or its remainder expired or canceled), with the order's average fill price E and filled qty Q, and rests
 * the children at that same moment (docs/trading.md "Venue rules"). So in bars mode the bar right after the entry's
 * bar is the first one checked, as in seed 000's forward scan from the bar after the entry; the strategy, which runs
 * before the venue, would have placed them one bar later. From E and Q:
 * <pre>
 *   N = E x Q,  M = N / L  (the margin posted for the filled qty; equals the seed's risk_usdt when Q is not rounded)
 *   P_liq = E + (N x mmr(N) - amount - M + N x Ft) / Q           seed 000 liquidation_price_long
 *   P_tp  = E + (targetPnlUsdt + N x 2Ft) / Q                    seed 000 tp_price_for_target_pnl_long (taker both)
 * </pre>
 * both rounded UP to the tick (conservative: the stop triggers no later, the target is no less than the formula;
 * 1e-9 tick is taken off before rounding so a price on the tick stays there): a reduce-only take-profit LIMIT at
 * P_tp (reason TP_TARGET) and a STOP_MARKET at P_liq (reason LIQUIDATION). The venue makes them one-cancels-other and
 * resolves a bar that reaches both conservatively (stop first) in bars mode (docs/trading.md). A non-positive P_liq
 * (leverage ~1) gives no stop ({@code noStop}). The strategy itself sends no TP / stop Decision.
 *
 * <p>At end of data every open position is closed at market, reason END_OF_DATA (whatever exits are resting).
 *
 * <p>Not here: seed 000's cooldown after 4 consecutive losses ({@code filters.cooldown_after_losses},
 * {@code cooldown_bars}) and the rule never to lose 5 in a row live in the risk stage ({@code risk.lossCooldown},
 * {@code risk.maxConsecutiveLosses}), which blocks this strategy's entries.
 *
 * <p>Steady state allocates nothing (the liquidation price uses the allocation-free
 * {@link BinanceLongMath#liquidationPriceLong(double, double, double, double, TradingFees, MaintenanceMarginTiers)}).
 */
public final class BinanceLongStrategy extends SingleInstrumentStrategy implements BracketPolicy
{
    static final String PWIN = "pwin";
    static final String P_STAR = "p_star";
    static final String QTY = "qty";
    static final String LIQ_PRICE = "liq_price";
    static final String TP_PRICE = "tp_price";
    private static final double EPSILON = 1e-9;

    /** BarFlags choice regimeBreak (bit 2, trader-schema.xml). */
    private static final int REGIME_BREAK_BIT = 1 << 2;

    private final int priceExponent;
    private final int qtyExponent;
    private final long tick;
    private final long lot;
    private final int modelId;
    private final int pwinOutput;
    private final double pStar;
    private final double riskUsdt;
    private final double leverage;
    private final TradingFees fees;
    private final double targetPnlUsdt;
    private final boolean takerBothSides;
    private final MaintenanceMarginTiers tiers;
    private final long intervalNs;
    /** 10^-priceExponent: price units to mantissa (the way back is {@link Decimals#toDouble}). */
    private final double priceScale;
    /** 10^-qtyExponent: qty units to mantissa. */
    private final double qtyScale;

    private double pendingPwin = Double.NaN;
    private long pendingTimeNs = Long.MIN_VALUE;
    private long lastCloseMantissa;
    /** Scratch results of {@link #plan}: P_liq and P_tp mantissas. */
    private long planLiq;
    private long planTp;

    private long scores;
    private long belowPStar;
    private long notFinite;
    private long busy;
    private long zeroQty;
    private long noStop;
    private long brackets;
    private long bracketsRefused;
    private long scoresWithoutBar;
    private long regimeBreakSkips;
    private long atrSkips;

    // seed 000 filters: skip_on_regime_break, atr_pct_max (ATR = simple mean of the last atrWindow true ranges of
    // this strategy's bars; unlike the feature stage's atr_14, the first bar's true range is high - low, not NaN)
    private final boolean skipOnRegimeBreak;
    private final double atrPctMax;
    private final double[] trueRanges;
    private int trCount;
    private int trNext;
    private double trSum;
    private double prevClose = Double.NaN;

    /**
     * @param id         strategy id (>= 1)
     * @param name       name for counters
     * @param instrument the instrument it trades (tick and lot grids)
     * @param settings   validated here
     * @param portfolio  accounting's view (positions, fill price)
     * @param orders     the venue's view (working entries and exits)
     */
    public BinanceLongStrategy(final int id, final String name, final Instrument instrument, final BinanceLongSettings settings,
        final PortfolioView portfolio, final OrderView orders)
    {
        super(id, name, instrument, portfolio, orders);
        settings.validate(name);
        this.priceExponent = instrument.priceExponent();
        this.qtyExponent = instrument.qtyExponent();
        this.tick = instrument.tickMantissa();
        this.lot = instrument.lotMantissa();
        if (tick <= 0 || lot <= 0)
        {
            throw new IllegalArgumentException(name + ": instrument " + instrument + " needs a positive tick and lot");
        }
        this.modelId = settings.modelId();
        this.pwinOutput = settings.pwinOutput();
        this.pStar = settings.pStar();
        this.riskUsdt = settings.riskUsdt();
        this.leverage = settings.leverage();
        this.fees = settings.fees();
        this.targetPnlUsdt = settings.targetPnlUsdt();
        this.takerBothSides = settings.takerBothSides();
        this.tiers = settings.tiers();
        this.intervalNs = settings.barInterval().toNanos();
        this.skipOnRegimeBreak = settings.skipOnRegimeBreak();
        this.atrPctMax = settings.atrPctMax();
        this.trueRanges = new double[settings.atrWindow()];
        this.priceScale = scale(priceExponent);
        this.qtyScale = scale(qtyExponent);
    }

    @Override
    public void onScore(final ScoreView score, final DecisionSink sink)
    {
        if (score.instrumentId() != instrumentId || score.modelId() != modelId)
        {
            return;
        }
        scores++;
        if (pendingTimeNs != Long.MIN_VALUE)
        {
            scoresWithoutBar++;
        }
        pendingPwin = score.output(pwinOutput);
        pendingTimeNs = score.timeNs();
    }

    @Override
    public void onBar(final BarView bar, final DecisionSink sink)
    {
        if (bar.instrumentId() != instrumentId || bar.intervalNs() != intervalNs)
        {
            return;
        }
        final long close = bar.closeMantissa();
        if (close > 0)
        {
            lastCloseMantissa = close;
        }
        final double atrPct = updateAtrPct(bar);
        if (pendingTimeNs == Long.MIN_VALUE)
        {
            return;
        }
        if (pendingTimeNs != bar.closeTimeNs())
        {
            scoresWithoutBar++;
            clearPending();
            return;
        }
        final double p = pendingPwin;
        clearPending();
        if (!(p >= 0.0 && p <= 1.0) || close <= 0)
        {
            notFinite++;
            return;
        }
        if (!(p >= pStar))
        {
            belowPStar++;
            return;
        }
        if (skipOnRegimeBreak && (bar.flags() & REGIME_BREAK_BIT) != 0)
        {
            regimeBreakSkips++;
            return;
        }
        if (atrPctMax > 0 && !(atrPct <= atrPctMax))
        {
            // above the cap, or not yet measurable (fewer than atrWindow bars): seed 000 drops initial NaNs
            atrSkips++;
            return;
        }
        if (portfolio.openPositions(id, instrumentId) > 0 || orders.workingEntries(id, instrumentId) > 0)
        {
            busy++;
            return;
        }
        final double e = bar.close();
        final double q = BinanceLongMath.qtyFromRisk(e, riskUsdt, leverage);
        final long qtyMantissa = (long)Math.floor(q * qtyScale / lot + EPSILON) * lot;
        if (qtyMantissa <= 0)
        {
            zeroQty++;
            return;
        }
        final double qty = Decimals.toDouble(qtyMantissa, qtyExponent);
        plan(e, qty);
        final double liq = Decimals.toDouble(planLiq, priceExponent);
        final double tp = Decimals.toDouble(planTp, priceExponent);
        final double edgeBps = (p * (tp - e) - (1.0 - p) * (e - liq)) / e * 1e4;
        sink.put(PWIN, p).put(P_STAR, pStar).put(QTY, qty).put(LIQ_PRICE, liq).put(TP_PRICE, tp);
        sink.enter(Direction.LONG, Reason.PWIN_ABOVE_THRESHOLD, close, qtyMantissa, OrderType.MARKET, 0L, 0L,
            Double.isFinite(edgeBps) ? edgeBps : Double.NaN);
    }

    /**
     * Adds the bar's true range (max(high - low, |high - prev close|, |low - prev close|); high - low for the first
     * bar) to the window and returns ATR / close, NaN until the window is full or when the bar is unusable.
     */
    private double updateAtrPct(final BarView bar)
    {
        final double h = bar.high();
        final double l = bar.low();
        final double c = bar.close();
        if (!(h >= l) || !(c > 0) || !Double.isFinite(h) || !Double.isFinite(l))
        {
            return Double.NaN;
        }
        final double tr = Double.isNaN(prevClose) ? h - l
            : Math.max(h - l, Math.max(Math.abs(h - prevClose), Math.abs(l - prevClose)));
        prevClose = c;
        if (trCount == trueRanges.length)
        {
            trSum -= trueRanges[trNext];
        }
        else
        {
            trCount++;
        }
        trueRanges[trNext] = tr;
        trSum += tr;
        trNext = (trNext + 1) % trueRanges.length;
        return trCount == trueRanges.length ? (trSum / trueRanges.length) / c : Double.NaN;
    }

    @Override
    public void onEndOfStream(final DecisionSink sink)
    {
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            if (mine(pid) && portfolio.positionQty(pid) > 0)
            {
                sink.exit(pid, Direction.LONG, Reason.END_OF_DATA, OrderType.MARKET, lastCloseMantissa);
            }
        }
    }

    /**
     * The bracket of a filled entry (the venue calls this at the fill): P_tp and P_liq from the average fill price
     * {@code avgFillPrice} (E) and the filled qty (Q), rounded up to the tick; reasons TP_TARGET and LIQUIDATION.
     * Nothing for another instrument or a non-positive E or Q.
     */
    @Override
    public void onEntryFilled(final long positionId, final int instrumentId, final double avgFillPrice,
        final long filledQtyMantissa, final Bracket out)
    {
        if (instrumentId != this.instrumentId || !(avgFillPrice > 0.0) || Double.isInfinite(avgFillPrice)
            || filledQtyMantissa <= 0)
        {
            bracketsRefused++;
            return;
        }
        brackets++;
        plan(avgFillPrice, Decimals.toDouble(filledQtyMantissa, qtyExponent));
        out.takeProfit(planTp, Reason.TP_TARGET.code());
        if (planLiq > 0)
        {
            out.stop(planLiq, Reason.LIQUIDATION.code());
        }
        else
        {
            noStop++;
        }
    }

    /**
     * P_liq and P_tp for entry {@code e} and qty {@code qty} (price and qty units), rounded up to the tick, into
     * {@link #planLiq} / {@link #planTp} (0 when not a positive finite price).
     */
    private void plan(final double e, final double qty)
    {
        final double notional = BinanceLongMath.notional(e, qty);
        final double margin = notional / leverage;
        final double liq = BinanceLongMath.liquidationPriceLong(e, qty, notional, margin, fees, tiers);
        final double tp = BinanceLongMath.tpPriceForTargetPnlLong(e, qty, notional, targetPnlUsdt, fees, takerBothSides);
        planLiq = ceilToTick(liq);
        planTp = ceilToTick(tp);
    }

    /** A price (units) as a mantissa rounded up to the tick; 0 when not positive or not finite. */
    long ceilToTick(final double price)
    {
        if (!(price > 0.0) || Double.isInfinite(price))
        {
            return 0L;
        }
        final double ticks = Math.ceil(price * priceScale / tick - EPSILON);
        if (ticks >= Long.MAX_VALUE / tick)
        {
            return 0L;
        }
        return (long)ticks * tick;
    }

    /** 10^-exponent, exact for the exponents instruments use. */
    private static double scale(final int exponent)
    {
        return exponent <= 0 ? (double)Decimals.pow10(-exponent) : 1.0 / Decimals.pow10(exponent);
    }

    private void clearPending()
    {
        pendingPwin = Double.NaN;
        pendingTimeNs = Long.MIN_VALUE;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("scores", scores);
        m.put("belowPStar", belowPStar);
        m.put("notFinite", notFinite);
        m.put("busy", busy);
        m.put("zeroQty", zeroQty);
        m.put("noStop", noStop);
        m.put("brackets", brackets);
        m.put("bracketsRefused", bracketsRefused);
        m.put("scoresWithoutBar", scoresWithoutBar);
        m.put("regimeBreakSkips", regimeBreakSkips);
        m.put("atrSkips", atrSkips);
        return m;
    }

    @Override
    public java.time.Duration barInterval()
    {
        return java.time.Duration.ofNanos(intervalNs);
    }
}
