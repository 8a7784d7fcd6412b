package dev.trader.strategies.strategy;

import dev.trader.codecs.sbe.OrderType;
import dev.trader.engine.Instrument;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import dev.trader.engine.trading.Reason;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hazard-gated momentum short, seed 002 section 3 ("Momentum Engine"), with its exit list and the order of the
 * section 5 streaming loop. On each completed bar of {@code barInterval} on its instrument:
 * <ol>
 *   <li><b>Rolling return</b> {@code close_t / close_(t-rollingBars) - 1}: the compounded return of the last
 *       {@code rollingBars} bar returns, {@code prod(1 + r_i) - 1}, which is what a trader means by "the return over
 *       the last 30 s" (the seed's "rolling return over last rolling_bars of 5s returns"; a sum of simple returns
 *       would differ by second-order terms). It is computed from the closes themselves, so it is exact and needs
 *       no running product. It is NaN (no entry) until {@code rollingBars + 1} closes have been seen. A bar whose
 *       close is not positive cannot give a return: it empties the window, which is warm again only after
 *       {@code rollingBars + 1} good closes (no return is ever made across a bad price). The first bar's NaN
 *       {@code ret} needs no special case: the window holds closes, not returns. The window counts bars as they
 *       come (a bar the bar stage did not produce, e.g. a 5 s interval without trades, is not invented); a bar
 *       whose close time is not after the previous one's (a duplicate) is ignored ({@code staleBars}).</li>
 *   <li><b>Hazard-off exits</b> (section 5 step 4): with {@code requireHazard} and {@code exitOnHazardOff}, when the
 *       gate is not OPEN (the latest GateChange named {@code hazardGate} for the instrument; UNKNOWN and CLOSED are
 *       closed, and so is "no GateChange yet"), every open position of the strategy is closed at market, reason
 *       HAZARD_OFF, and no per-position exit is evaluated on that bar.</li>
 *   <li><b>Per-position exits</b> (section 5 step 5), first that applies: held bars >= {@code maxHoldBars}
 *       (MAX_HOLD; held bars = (bar close time - position entry time) / barInterval, so the bar of the fill is
 *       bar 0), {@code close >= entry x (1 + stopLoss)} (STOP_LOSS), {@code close <= entry x (1 - takeProfit)}
 *       (TAKE_PROFIT, when set). Entry price: {@link PortfolioView#positionEntryPrice}.</li>
 *   <li><b>Entry</b> (section 5 step 7): when the gate is open (or {@code requireHazard} is false) and the rolling
 *       return is below {@code downsideThreshold}: ENTER_SHORT MARKET at the bar's close, qty {@code qty} (0 = the
 *       risk stage sizes it), reason MOMENTUM_TRIGGER, inputs {@code rolling_return}, {@code hazard_prob},
 *       {@code threshold}; at most {@code maxEntriesPerBar} entries for one bar close time. Position caps, notional
 *       caps, rebound kill, equity floor and cooldown are the risk stages' (seed 002 section 5 rules 1, 2, 4, 5).</li>
 * </ol>
 * No exit is sent for a position while {@link OrderView#exitWorking(long)}. At end of data every open position is
 * closed at market, reason END_OF_DATA. Exits are for the whole position (qty 0), reference price = the bar's close.
 * Steady state allocates nothing: the window is a preallocated ring of close mantissas.
 */
public final class MomentumShortStrategy extends SingleInstrumentStrategy
{
    static final String ROLLING_RETURN = "rolling_return";
    static final String HAZARD_PROB = "hazard_prob";
    static final String THRESHOLD = "threshold";
    static final String CLOSE = "close";
    static final String ENTRY_PRICE = "entry_price";
    static final String HELD_BARS = "held_bars";
    static final String LIMIT = "limit";

    private final long intervalNs;
    private final int rollingBars;
    private final double downsideThreshold;
    private final String hazardGate;
    private final boolean requireHazard;
    private final double stopLoss;
    private final double takeProfit;
    private final int maxHoldBars;
    private final boolean exitOnHazardOff;
    private final long qtyMantissa;
    private final int maxEntriesPerBar;

    /** Ring of the last rollingBars + 1 close mantissas. */
    private final long[] closes;
    private int head;
    private int filled;
    private boolean gateOpen;
    private double hazardProb = Double.NaN;
    private long lastCloseMantissa;
    private long lastBarTimeNs = Long.MIN_VALUE;
    private long entriesBarTimeNs = Long.MIN_VALUE;
    private int entriesThisBar;

    private long bars;
    private long badCloses;
    private long staleBars;
    private long triggers;
    private long entriesGateClosed;
    private long entriesCapped;
    private long exitsSkippedWorking;

    /**
     * @param id         strategy id (>= 1)
     * @param name       name for counters
     * @param instrument the instrument it trades
     * @param settings   validated here
     * @param portfolio  accounting's view (positions)
     * @param orders     the venue's view (working exits)
     */
    public MomentumShortStrategy(final int id, final String name, final Instrument instrument,
        final MomentumShortSettings settings, final PortfolioView portfolio, final OrderView orders)
    {
        super(id, name, instrument, portfolio, orders);
        settings.validate(name);
        this.intervalNs = settings.barInterval().toNanos();
        this.rollingBars = settings.rollingBars();
        this.downsideThreshold = settings.downsideThreshold();
        this.hazardGate = settings.hazardGate();
        this.requireHazard = settings.requireHazard();
        this.stopLoss = settings.stopLoss();
        this.takeProfit = settings.takeProfit();
        this.maxHoldBars = settings.maxHoldBars();
        this.exitOnHazardOff = settings.exitOnHazardOff();
        this.qtyMantissa = settings.qtyMantissa();
        this.maxEntriesPerBar = settings.maxEntriesPerBar();
        this.closes = new long[rollingBars + 1];
    }

    @Override
    public void onGate(final GateView gate, final DecisionSink sink)
    {
        if (gate.instrumentId() == instrumentId && gate.isGate(hazardGate))
        {
            gateOpen = gate.isOpen();
            hazardProb = gate.probability();
        }
    }

    @Override
    public void onBar(final BarView bar, final DecisionSink sink)
    {
        if (bar.instrumentId() != instrumentId || bar.intervalNs() != intervalNs)
        {
            return;
        }
        if (bar.closeTimeNs() <= lastBarTimeNs)
        {
            staleBars++;
            return;
        }
        lastBarTimeNs = bar.closeTimeNs();
        bars++;
        final long close = bar.closeMantissa();
        if (close <= 0)
        {
            badCloses++;
            filled = 0;
            return;
        }
        lastCloseMantissa = close;
        final double rolling = push(close);
        final double closePrice = bar.close();

        // seed 002 section 5 step 4: hazard-off exits, then step 5: per-position exits
        if (requireHazard && exitOnHazardOff && !gateOpen)
        {
            exitAll(sink, Reason.HAZARD_OFF, close);
        }
        else
        {
            positionExits(bar, closePrice, close, sink);
        }

        // step 7: entry
        if (!(rolling < downsideThreshold))
        {
            return;
        }
        triggers++;
        if (requireHazard && !gateOpen)
        {
            entriesGateClosed++;
            return;
        }
        if (bar.closeTimeNs() != entriesBarTimeNs)
        {
            entriesBarTimeNs = bar.closeTimeNs();
            entriesThisBar = 0;
        }
        if (entriesThisBar >= maxEntriesPerBar)
        {
            entriesCapped++;
            return;
        }
        sink.put(ROLLING_RETURN, rolling).put(HAZARD_PROB, hazardProb).put(THRESHOLD, downsideThreshold);
        if (sink.enter(Direction.SHORT, Reason.MOMENTUM_TRIGGER, close, qtyMantissa, OrderType.MARKET, 0L, 0L, Double.NaN) != 0)
        {
            entriesThisBar++;
        }
    }

    @Override
    public void onEndOfStream(final DecisionSink sink)
    {
        exitAll(sink, Reason.END_OF_DATA, lastCloseMantissa);
    }

    /** Adds a close to the window; the rolling return, or NaN while the window is not full. */
    private double push(final long close)
    {
        closes[head] = close;
        head = head + 1 == closes.length ? 0 : head + 1;
        if (filled < closes.length)
        {
            filled++;
        }
        if (filled < closes.length)
        {
            return Double.NaN;
        }
        // head now points at the oldest close: close_(t - rollingBars); the exponents cancel in the ratio
        return (double)close / (double)closes[head] - 1.0;
    }

    /**
     * The open qty of position {@code pid} when it is this strategy's and no exit of it is working yet, else 0 (a
     * position skipped because its exit is working is counted).
     */
    private long exitableQty(final long pid)
    {
        if (!mine(pid))
        {
            return 0;
        }
        final long qty = portfolio.positionQty(pid);
        if (qty != 0 && orders.exitWorking(pid))
        {
            exitsSkippedWorking++;
            return 0;
        }
        return qty;
    }

    private void exitAll(final DecisionSink sink, final Reason reason, final long closeMantissa)
    {
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            final long qty = exitableQty(pid);
            if (qty == 0)
            {
                continue;
            }
            if (reason == Reason.HAZARD_OFF)
            {
                sink.put(HAZARD_PROB, hazardProb);
            }
            sink.exit(pid, qty < 0 ? Direction.SHORT : Direction.LONG, reason, OrderType.MARKET, closeMantissa);
        }
    }

    private void positionExits(final BarView bar, final double closePrice, final long closeMantissa, final DecisionSink sink)
    {
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            final long qty = exitableQty(pid);
            if (qty == 0)
            {
                continue;
            }
            final Direction side = qty < 0 ? Direction.SHORT : Direction.LONG;
            final long entryTs = portfolio.positionEntryTsNs(pid);
            if (maxHoldBars > 0 && entryTs != Long.MIN_VALUE)
            {
                final long held = (bar.closeTimeNs() - entryTs) / intervalNs;
                if (held >= maxHoldBars)
                {
                    sink.put(HELD_BARS, held).put(LIMIT, maxHoldBars);
                    sink.exit(pid, side, Reason.MAX_HOLD, OrderType.MARKET, closeMantissa);
                    continue;
                }
            }
            final double entry = portfolio.positionEntryPrice(pid);
            if (!(entry > 0.0))
            {
                continue;
            }
            // a short loses when the price rises (seed 002: stoploss above entry, optional takeprofit below)
            final double stop = side == Direction.SHORT ? entry * (1.0 + stopLoss) : entry * (1.0 - stopLoss);
            if (side == Direction.SHORT ? closePrice >= stop : closePrice <= stop)
            {
                sink.put(CLOSE, closePrice).put(ENTRY_PRICE, entry).put(LIMIT, stop);
                sink.exit(pid, side, Reason.STOP_LOSS, OrderType.MARKET, closeMantissa);
                continue;
            }
            if (!Double.isNaN(takeProfit))
            {
                final double target = side == Direction.SHORT ? entry * (1.0 - takeProfit) : entry * (1.0 + takeProfit);
                if (side == Direction.SHORT ? closePrice <= target : closePrice >= target)
                {
                    sink.put(CLOSE, closePrice).put(ENTRY_PRICE, entry).put(LIMIT, target);
                    sink.exit(pid, side, Reason.TAKE_PROFIT, OrderType.MARKET, closeMantissa);
                }
            }
        }
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("bars", bars);
        m.put("badCloses", badCloses);
        m.put("staleBars", staleBars);
        m.put("triggers", triggers);
        m.put("entriesGateClosed", entriesGateClosed);
        m.put("entriesCapped", entriesCapped);
        m.put("exitsSkippedWorking", exitsSkippedWorking);
        return m;
    }

    @Override
    public java.time.Duration barInterval()
    {
        return java.time.Duration.ofNanos(intervalNs);
    }
}
