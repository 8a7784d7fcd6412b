package dev.trader.engine.risk;

import dev.trader.codecs.Decimals;
import dev.trader.codecs.sbe.BarDecoder;
import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.DecisionDecoder;
import dev.trader.codecs.sbe.GateChangeDecoder;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.OperatorCommandDecoder;
import dev.trader.codecs.sbe.OrderAction;
import dev.trader.codecs.sbe.OrderEncoder;
import dev.trader.codecs.sbe.OrderType;
import dev.trader.codecs.sbe.RiskAction;
import dev.trader.codecs.sbe.RiskEventEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TimeInForce;
import dev.trader.engine.Emitter;
import dev.trader.engine.EventView;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Stage;
import dev.trader.engine.book.BookView;
import dev.trader.engine.book.OrderBookStage;
import dev.trader.engine.exec.CostModel;
import dev.trader.engine.trading.Money;
import dev.trader.engine.trading.OrderView;
import dev.trader.engine.trading.PortfolioView;
import dev.trader.engine.trading.Reason;
import org.agrona.collections.Int2ObjectHashMap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The risk stage: two {@link Stage}s sharing one state (docs/trading.md "Risk around the strategy").
 * {@code risk-pre} ({@link #preStage()}) runs before the strategy and applies the bar-driven rules and forced exits
 * in seed 002 section 5's loop order (rebound kill-switch, per-position max hold, equity floor) plus seed 004
 * section 6's daily drawdown breaker, and the operator's kill switch. {@code risk} (this object) runs after the
 * strategy and turns each Decision into Orders: entries pass, in this order,
 * <ol>
 *   <li>halts and blocks: equity floor, daily drawdown, kill switch, instrument untrusted, sequence guard, loss
 *       cooldown, rebound cooldown, book trust, volatility breaker (action flat);</li>
 *   <li>max open positions (the strategy's open positions on the instrument plus its working entries; seed 002);</li>
 *   <li>sizing when {@code Decision.qty == 0} ({@link RiskSettings.SizingMode}; seed 002 PositionSizingConfig,
 *       seed 000 fixed risk R, seed 004 section 5 volatility targeting and Kelly / 4), then the minimum size;</li>
 *   <li>scale-downs: streak halving, volatility breaker (reduce), notional cap, single coin cap, max leverage,
 *       total open risk (each blocks when what is left is below the minimum size);</li>
 *   <li>the cost gate ({@link CostModel}, seed 004 section 4);</li>
 * </ol>
 * and then become one Order NEW. Exits are never blocked. Every rule that blocks, scales, halts or resumes emits
 * one RiskEvent (rule name, action, requested and allowed qty, measured value, threshold, a constant detail) and
 * counts {@code <rule>.<action>}.
 *
 * <h2>Rules (seed sections)</h2>
 * <ul>
 *   <li>{@code max_open_positions}, {@code max_notional_frac} (scale to fit {@code equity x frac} of gross
 *       exposure incl. working entries, below the minimum: skip), {@code max_hold} (forced reduce-only MARKET exit
 *       once held {@code maxHoldBars} bars; a SCALED event, allowed qty 0), {@code equity_floor} (equity at or below
 *       {@code initial x equityFloorFrac}: cancel all, close all, no entries for the rest of the run),
 *       {@code rebound_kill} (seed 002 section 5 rule 5: while the hazard gate is open or positions are open on the
 *       instrument, track the rolling low / high of the bar closes; a close {@code reboundKillPct} above the low
 *       with shorts open (or flat under an open hazard gate), or below the high with longs open, cancels and closes
 *       everything on the instrument and blocks its entries for {@code cooldownBars} bars): seed 002 section 5.</li>
 *   <li>{@code loss_cooldown} (seed 000 {@code apply_cooldown}: when the last {@code afterLosses} closed trades of a
 *       strategy are all losses, its entries pause {@code bars} bars, or until a win) and {@code sequence_guard}
 *       (seed 000 "never lose 5 in a row"): with {@code maxConsecutiveLosses = M}, a strategy whose streak reaches
 *       {@code M - 1} is HALTED for the run until an operator RESUME, and while it is shorter an entry is BLOCKED
 *       when {@code streak + its open positions + its working entries + 1 > M - 1} (each of them could still lose).
 *       After a RESUME only the losses closed since it count (the operator forgave the earlier ones).
 *       This is the only rule that guarantees the ledger never shows M losses in a row; a cooldown alone cannot,
 *       because the first entry after it may lose again.</li>
 *   <li>{@code daily_drawdown} (seed 004 section 6): equity {@code dailyLossStopPct} below the UTC day's starting
 *       equity cancels and closes all and halts entries until 00:00 UTC, then a RESUMED event.
 *       {@code streak_halving}: size x 0.5 while the strategy's losing streak is at least {@code afterLosses}
 *       (until a win). {@code volatility_breaker}: the instrument's realized vol (sample standard deviation of
 *       the last {@code sizing.volWindow} bar log returns) above the nearest-rank {@code percentile} of its own
 *       last {@code window} values (a full window is needed first): size x {@code reduceFactor} (reduce) or no
 *       entries (flat); it resets as soon as the vol drops back.</li>
 *   <li>{@code single_coin_cap}, {@code max_leverage}, {@code total_open_risk} (seed 004 section 5 caps and
 *       "Risk Engine Presets": the sum over open positions of {@code |entry - stop| x qty}, positions without a
 *       known stop counted as {@code notional x stopDistanceBps}, plus the new order, at most
 *       {@code dailyLossStopPct x equity}). A position's stop is the bracket stop of its entry or the last
 *       STOP_MARKET exit the strategy sent for it.</li>
 *   <li>{@code cost_edge} (seed 004 section 4), {@code book_untrusted} (no entries while a book the book stage
 *       keeps for the instrument is not TRUSTED, SYNCING included), {@code kelly} (vol_target sizing with a
 *       non-positive Kelly fraction), {@code min_position_size}.</li>
 *   <li>{@code kill_switch} (seed 004 "Security and Safety": set size to zero, cancel all orders): an
 *       OperatorCommand KILL_SWITCH emits a RiskEvent KILL_SWITCH, an Order CANCEL with orderId 0 for its scope,
 *       reduce-only MARKET exits for every open position in scope, and blocks entries in scope until an
 *       OperatorCommand RESUME covering it (RESUMED event). RESUME also lifts sequence guard halts in its
 *       scope.</li>
 *   <li>{@code instrument_untrusted}: a stage threw on the instrument's data and the pipeline contained it
 *       ({@link #onInstrumentUntrusted}, an INTERNAL_ERROR InputReject in the output): entries on it are BLOCKED until
 *       an OperatorCommand RESUME with strategy 0 covering it (RESUMED event).</li>
 * </ul>
 * Bar counts are event time: {@code n} bars = {@code n x barInterval} after the triggering bar's close. Forced exits
 * are deduplicated: a position already sent a forced exit gets another only when the venue no longer has an exit
 * working for it, except after a CANCEL this stage sent in the same step (kill switch, equity floor, daily
 * drawdown, rebound kill), which removes working exits.
 *
 * <p>Orders: orderId from 1, increasing; TIF GTC; MARKET orders carry price 0, LIMIT the Decision's price,
 * STOP_MARKET stopPrice = the Decision's price; referencePrice = the Decision's price (forced exits: the bar close,
 * or the mark). No allocation per event in steady state (one state object per strategy on its first Decision).
 */
public final class RiskStage implements Stage
{
    public static final String NAME = "risk";
    public static final String PRE_NAME = "risk-pre";

    static final int MAX_OPEN_POSITIONS = 0;
    static final int MAX_NOTIONAL_FRAC = 1;
    static final int MIN_POSITION_SIZE = 2;
    static final int MAX_HOLD = 3;
    static final int EQUITY_FLOOR = 4;
    static final int REBOUND_KILL = 5;
    static final int LOSS_COOLDOWN = 6;
    static final int SEQUENCE_GUARD = 7;
    static final int DAILY_DRAWDOWN = 8;
    static final int STREAK_HALVING = 9;
    static final int VOLATILITY_BREAKER = 10;
    static final int SINGLE_COIN_CAP = 11;
    static final int MAX_LEVERAGE = 12;
    static final int TOTAL_OPEN_RISK = 13;
    static final int COST_EDGE = 14;
    static final int BOOK_UNTRUSTED = 15;
    static final int KILL_SWITCH = 16;
    static final int KELLY = 17;
    static final int INSTRUMENT_UNTRUSTED = 18;

    /** Rule names as written in RiskEvent.rule, by rule index. */
    public static final String[] RULES = {
        "max_open_positions", "max_notional_frac", "min_position_size", "max_hold", "equity_floor", "rebound_kill",
        "loss_cooldown", "sequence_guard", "daily_drawdown", "streak_halving", "volatility_breaker", "single_coin_cap",
        "max_leverage", "total_open_risk", "cost_edge", "book_untrusted", "kill_switch", "kelly",
        "instrument_untrusted"};

    private static final String[] DETAILS = {
        "open positions + working entries of the strategy on the instrument >= risk.maxOpenPositions",
        "gross exposure + working entries + order > equity x risk.maxNotionalFrac",
        "order qty below risk.minPositionSize (one lot by default)",
        "position held risk.maxHoldBars bars: forced market exit",
        "equity <= initial x risk.equityFloorFrac: closed all, entries stopped for the run",
        "close rebounded risk.reboundKillPct from the rolling low/high: closed the instrument, cooldown",
        "risk.lossCooldown.afterLosses losses in a row: entries paused risk.lossCooldown.bars bars",
        "losing streak could reach risk.maxConsecutiveLosses: entries halted until RESUME",
        "equity below the UTC day's start by risk.dailyLossStopPct: closed all, halted until 00:00 UTC",
        "risk.streakHalving.afterLosses losses in a row: size x 0.5 until a win",
        "realized vol above its rolling percentile: size reduced or entries blocked",
        "instrument exposure + order > equity x risk.singleCoinCapPct",
        "gross exposure + order > equity x risk.maxLeverage",
        "open stop risk + order risk > equity x risk.dailyLossStopPct",
        "expected edge - round-trip cost < costs.safetyMarginBps",
        "the instrument's book is not trusted",
        "operator kill switch: cancel all, flatten, entries blocked until RESUME",
        "Kelly fraction <= 0 from the strategy's closed trades",
        "a stage failed on the instrument's data (INTERNAL_ERROR): entries blocked until RESUME"};

    /** Actions each rule can report, for counters() (RiskAction values). */
    private static final RiskAction[][] RULE_ACTIONS = {
        {RiskAction.BLOCKED},
        {RiskAction.BLOCKED, RiskAction.SCALED},
        {RiskAction.BLOCKED},
        {RiskAction.SCALED},
        {RiskAction.HALTED, RiskAction.BLOCKED},
        {RiskAction.HALTED, RiskAction.BLOCKED},
        {RiskAction.HALTED, RiskAction.BLOCKED},
        {RiskAction.HALTED, RiskAction.BLOCKED, RiskAction.RESUMED},
        {RiskAction.HALTED, RiskAction.BLOCKED, RiskAction.RESUMED},
        {RiskAction.SCALED, RiskAction.BLOCKED},
        {RiskAction.SCALED, RiskAction.BLOCKED},
        {RiskAction.SCALED, RiskAction.BLOCKED},
        {RiskAction.SCALED, RiskAction.BLOCKED},
        {RiskAction.SCALED, RiskAction.BLOCKED},
        {RiskAction.BLOCKED},
        {RiskAction.BLOCKED},
        {RiskAction.KILL_SWITCH, RiskAction.BLOCKED, RiskAction.RESUMED},
        {RiskAction.BLOCKED},
        {RiskAction.BLOCKED, RiskAction.RESUMED}};

    private static final long DAY_NS = 86_400_000_000_000L;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int ORDER_LENGTH = HEADER + OrderEncoder.BLOCK_LENGTH;
    private static final int MAX_SCOPES = 64;
    private static final int MAX_PENDING = 4096;
    private static final int MAX_STOPS = 4096;
    private static final double BPS = 10_000.0;
    private static final long BLOCK = -1L;

    private final InstrumentRegistry instruments;
    private final RiskSettings settings;
    private final CostModel costs;
    private final PortfolioView portfolio;
    private final OrderView orders;
    private final OrderBookStage books;
    private final long barIntervalNs;
    private final double holdScale;
    private final PreStage pre = new PreStage();

    private final Int2ObjectHashMap<InstrumentState> instrumentStates = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<StrategyState> strategyStates = new Int2ObjectHashMap<>();
    private StrategyState[] strategyList = new StrategyState[16];
    private int strategyCount;

    private final byte[][] ruleKeys = new byte[RULES.length][];
    private final byte[][] details = new byte[RULES.length][];
    private final byte[] hazardKey;
    private final byte[] gateScratch = new byte[24];
    private final double[] scratch;

    private final DecisionDecoder decision = new DecisionDecoder();
    private final BarDecoder bar = new BarDecoder();
    private final GateChangeDecoder gate = new GateChangeDecoder();
    private final OperatorCommandDecoder command = new OperatorCommandDecoder();
    private final OrderEncoder order = new OrderEncoder();
    private final RiskEventEncoder risk = new RiskEventEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private final int[] killStrategy = new int[MAX_SCOPES];
    private final int[] killInstrument = new int[MAX_SCOPES];
    private int killCount;
    private final long[] pending = new long[MAX_PENDING];
    private int pendingCount;
    private final long[] stopPosition = new long[MAX_STOPS];
    private final long[] stopPrice = new long[MAX_STOPS];
    private int stopCount;

    private long nextOrderId = 1;
    private boolean allUntrusted;
    private boolean floorStopped;
    private long floorTimeNs;
    private long day = Long.MIN_VALUE;
    private long dayStartEquity;
    private boolean dailyHalted;

    // the event being handled (set before any emit)
    private Emitter currentEmitter;
    private long nowNs;
    private long receiveNs;

    private final long[][] ruleCounts = new long[RULES.length][6];
    private long decisions;
    private long invalidDecisions;
    private long holds;
    private long entriesAccepted;
    private long exitOrders;
    private long exitsSkippedClosed;
    private long exitsSkippedWorking;
    private long cancels;
    private long forcedExits;
    private long riskBars;
    private long gateChanges;
    private long operatorCommands;
    private long invalidCommands;
    private long unknownInstrument;
    private long cooldownTotalBars;

    /**
     * @param instruments every tradable instrument (state is preallocated per instrument)
     * @param settings    the {@code risk} section (validated here)
     * @param costs       the cost model (the {@code costs} section); its expected hold is also the vol_target horizon
     * @param portfolio   accounting's read-only view
     * @param orders      the venue's read-only view
     * @param books       the book stage, or null when the run has no books (book trust is then not checked)
     */
    public RiskStage(final InstrumentRegistry instruments, final RiskSettings settings, final CostModel costs,
        final PortfolioView portfolio, final OrderView orders, final OrderBookStage books)
    {
        settings.validate();
        this.instruments = instruments;
        this.settings = settings;
        this.hazardKey = key24(settings.hazardGate());
        this.costs = costs;
        this.portfolio = portfolio;
        this.orders = orders;
        this.books = books;
        this.barIntervalNs = settings.barInterval().toNanos();
        this.holdScale = Math.sqrt(costs.settings().expectedHold().toNanos() / (double)barIntervalNs);
        this.scratch = new double[settings.volBreakerWindow()];
        for (int r = 0; r < RULES.length; r++)
        {
            ruleKeys[r] = key24(RULES[r]);
            details[r] = DETAILS[r].getBytes(StandardCharsets.US_ASCII);
        }
        for (final Instrument i : instruments.all())
        {
            instrumentStates.put(i.id(), new InstrumentState(i, settings));
        }
    }

    private static byte[] key24(final String name)
    {
        final byte[] b = new byte[24];
        final byte[] s = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 0, s.length);
        return b;
    }

    /** The {@code risk-pre} stage (bars, hazard gate changes, operator commands); put it before the strategy. */
    public Stage preStage()
    {
        return pre;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void onEvent(final EventView event, final Emitter emitter)
    {
        if (event.templateId() == DecisionDecoder.TEMPLATE_ID)
        {
            currentEmitter = emitter;
            onDecision(event);
        }
    }

    // ------------------------------------------------------------------ risk-pre

    private final class PreStage implements Stage
    {
        @Override
        public String name()
        {
            return PRE_NAME;
        }

        @Override
        public void onEvent(final EventView event, final Emitter emitter)
        {
            final int t = event.templateId();
            currentEmitter = emitter;
            if (t == BarDecoder.TEMPLATE_ID)
            {
                onBar(event);
            }
            else if (t == GateChangeDecoder.TEMPLATE_ID)
            {
                onGate(event);
            }
            else if (t == OperatorCommandDecoder.TEMPLATE_ID)
            {
                onCommand(event);
            }
        }

        @Override
        public Map<String, Long> counters()
        {
            final Map<String, Long> m = new LinkedHashMap<>();
            m.put("bars", riskBars);
            m.put("gateChanges", gateChanges);
            m.put("operatorCommands", operatorCommands);
            m.put("invalidCommands", invalidCommands);
            return m;
        }
    }

    private void onBar(final EventView event)
    {
        bar.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        final int instrumentId = bar.instrumentId();
        final long intervalNs = bar.intervalNs();
        costs.onBar(instrumentId, intervalNs, bar.volume());
        if (intervalNs != barIntervalNs)
        {
            return;
        }
        final InstrumentState s = instrumentStates.get(instrumentId);
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        riskBars++;
        nowNs = bar.exchangeTsNs();
        receiveNs = bar.receiveTsNs();
        final long close = bar.close();
        purgePending();
        rollDay();
        if (close > 0)
        {
            if (s.lastClose > 0)
            {
                s.pushReturn(StrictMath.log(close / (double)s.lastClose), scratch, settings);
            }
            s.lastClose = close;
        }
        if (nowNs <= s.cooldownUntilNs)
        {
            cooldownTotalBars++;
        }
        for (int i = 0; i < strategyCount; i++)
        {
            pollStrategy(strategyList[i]);
        }
        if (close > 0)
        {
            rebound(s, close);
        }
        maxHold(s, close);
        accountRules();
    }

    private void onGate(final EventView event)
    {
        gate.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        gate.getGate(gateScratch, 0);
        if (!Arrays.equals(gateScratch, hazardKey))
        {
            return;
        }
        final InstrumentState s = instrumentStates.get(gate.instrumentId());
        if (s == null)
        {
            unknownInstrument++;
            return;
        }
        gateChanges++;
        s.hazardOpen = gate.openRaw() == BooleanType.T.value();
    }

    private void onCommand(final EventView event)
    {
        command.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        operatorCommands++;
        nowNs = command.exchangeTsNs();
        receiveNs = command.receiveTsNs();
        final int strategyId = command.strategyId();
        final int instrumentId = command.instrumentId();
        final short raw = command.commandRaw();
        if (strategyId < 0 || instrumentId < 0 || (instrumentId != 0 && instruments.byId(instrumentId) == null))
        {
            invalidCommands++;
            return;
        }
        if (raw == 1)
        {
            killSwitch(strategyId, instrumentId);
        }
        else if (raw == 2)
        {
            resume(strategyId, instrumentId);
        }
        else
        {
            invalidCommands++;
        }
    }

    private void killSwitch(final int strategyId, final int instrumentId)
    {
        boolean known = false;
        for (int k = 0; k < killCount; k++)
        {
            known |= killStrategy[k] == strategyId && killInstrument[k] == instrumentId;
        }
        if (!known && killCount < MAX_SCOPES)
        {
            killStrategy[killCount] = strategyId;
            killInstrument[killCount] = instrumentId;
            killCount++;
        }
        emitRisk(instrumentId, strategyId, 0, KILL_SWITCH, RiskAction.KILL_SWITCH, 0, 0, 0, 0);
        emitCancel(instrumentId, strategyId, 0);
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            final int ps = portfolio.positionStrategy(pid);
            final int pi = portfolio.positionInstrument(pid);
            if ((strategyId == 0 || strategyId == ps) && (instrumentId == 0 || instrumentId == pi))
            {
                forcedExit(pid, Reason.RISK_KILL_SWITCH, markMantissa(pi), true);
            }
        }
    }

    private void resume(final int strategyId, final int instrumentId)
    {
        int kept = 0;
        boolean removed = false;
        for (int k = 0; k < killCount; k++)
        {
            final boolean covered = (strategyId == 0 || strategyId == killStrategy[k])
                && (instrumentId == 0 || instrumentId == killInstrument[k]);
            if (covered)
            {
                removed = true;
            }
            else
            {
                killStrategy[kept] = killStrategy[k];
                killInstrument[kept] = killInstrument[k];
                kept++;
            }
        }
        killCount = kept;
        if (removed)
        {
            emitRisk(instrumentId, strategyId, 0, KILL_SWITCH, RiskAction.RESUMED, 0, 0, 0, 0);
        }
        if (strategyId == 0)
        {
            resumeUntrusted(instrumentId);
        }
        for (int i = 0; i < strategyCount; i++)
        {
            final StrategyState st = strategyList[i];
            if (st.sequenceHalted && (strategyId == 0 || strategyId == st.id))
            {
                st.sequenceHalted = false;
                st.guardBaseClosed = portfolio.closedTrades(st.id);
                emitRisk(0, st.id, 0, SEQUENCE_GUARD, RiskAction.RESUMED, 0, 0,
                    portfolio.consecutiveLosses(st.id), settings.maxConsecutiveLosses() - 1);
            }
        }
    }

    /**
     * A stage threw on this instrument's data (0: on an event of no instrument): no new entries on it (all of them) until
     * an operator RESUME for every strategy ({@code strategyId} 0) that covers it. A book trusted again does not lift
     * it: the failed stage's state is unknown. Exits go on.
     */
    @Override
    public void onInstrumentUntrusted(final int instrumentId)
    {
        if (instrumentId == 0)
        {
            allUntrusted = true;
            return;
        }
        final InstrumentState s = instrumentStates.get(instrumentId);
        if (s != null)
        {
            s.untrusted = true;
        }
        else
        {
            allUntrusted = true; // an instrument this run does not know: fail closed everywhere
        }
    }

    /** RESUME by an operator for every strategy lifts the untrusted mark of the instruments it covers. */
    private void resumeUntrusted(final int instrumentId)
    {
        boolean lifted = false;
        if (instrumentId == 0)
        {
            lifted = allUntrusted;
            allUntrusted = false;
        }
        for (final Instrument i : instruments.all())
        {
            final InstrumentState s = instrumentStates.get(i.id());
            if (s != null && s.untrusted && (instrumentId == 0 || instrumentId == i.id()))
            {
                s.untrusted = false;
                lifted = true;
            }
        }
        if (lifted)
        {
            emitRisk(instrumentId, 0, 0, INSTRUMENT_UNTRUSTED, RiskAction.RESUMED, 0, 0, 0, 0);
        }
    }

    private void rollDay()
    {
        final long d = Math.floorDiv(nowNs, DAY_NS);
        if (d <= day)
        {
            return; // same day, or time went back (an out-of-order event): keep the current day
        }
        day = d;
        dayStartEquity = portfolio.equity();
        if (dailyHalted)
        {
            dailyHalted = false;
            emitRisk(0, 0, 0, DAILY_DRAWDOWN, RiskAction.RESUMED, 0, 0, Money.toDouble(dayStartEquity),
                Money.toDouble(dayStartEquity) * (1.0 - settings.dailyLossStopPct()));
        }
    }

    /** Loss cooldown and sequence guard of one strategy, from its closed trades so far. */
    private void pollStrategy(final StrategyState st)
    {
        final long closed = portfolio.closedTrades(st.id);
        final int streak = portfolio.consecutiveLosses(st.id);
        if (streak == 0)
        {
            st.cooldownUntilNs = Long.MIN_VALUE; // seed 000: "(or until a win)"
        }
        if (closed != st.lastClosed)
        {
            st.lastClosed = closed;
            final int after = settings.lossCooldownAfter();
            if (after > 0 && settings.lossCooldownBars() > 0 && streak >= after)
            {
                st.cooldownUntilNs = nowNs + settings.lossCooldownBars() * barIntervalNs;
                emitRisk(0, st.id, 0, LOSS_COOLDOWN, RiskAction.HALTED, 0, 0, streak, after);
            }
        }
        final int max = settings.maxConsecutiveLosses();
        final int guarded = guardedStreak(st);
        if (max > 0 && !st.sequenceHalted && guarded >= max - 1)
        {
            st.sequenceHalted = true;
            emitRisk(0, st.id, 0, SEQUENCE_GUARD, RiskAction.HALTED, 0, 0, guarded, max - 1);
        }
    }

    /**
     * The losing streak the sequence guard counts: the strategy's streak, but only the trades closed since the last
     * operator RESUME (a RESUME forgives the streak it was given for, not the losses after it).
     */
    private int guardedStreak(final StrategyState st)
    {
        final long sinceResume = portfolio.closedTrades(st.id) - st.guardBaseClosed;
        return (int)Math.max(0, Math.min(portfolio.consecutiveLosses(st.id), sinceResume));
    }

    private void rebound(final InstrumentState s, final long close)
    {
        final double pct = settings.reboundKillPct();
        if (pct <= 0)
        {
            return;
        }
        final int instrumentId = s.instrument.id();
        boolean hasLong = false;
        boolean hasShort = false;
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            if (portfolio.positionInstrument(pid) == instrumentId)
            {
                final long q = portfolio.positionQty(pid);
                hasLong |= q > 0;
                hasShort |= q < 0;
            }
        }
        if (!s.hazardOpen && !hasLong && !hasShort)
        {
            s.low = Double.NaN;
            s.high = Double.NaN;
            return;
        }
        final double c = close;
        if (Double.isNaN(s.low))
        {
            s.low = c;
            s.high = c;
            return;
        }
        s.low = Math.min(s.low, c);
        s.high = Math.max(s.high, c);
        final boolean shortSide = hasShort || (!hasLong && s.hazardOpen);
        final double value;
        if (shortSide && c >= s.low * (1.0 + pct))
        {
            value = c / s.low - 1.0;
        }
        else if (hasLong && c <= s.high * (1.0 - pct))
        {
            value = 1.0 - c / s.high;
        }
        else
        {
            return;
        }
        s.cooldownUntilNs = nowNs + settings.cooldownBars() * barIntervalNs;
        s.low = c;
        s.high = c;
        emitRisk(instrumentId, 0, 0, REBOUND_KILL, RiskAction.HALTED, 0, 0, value, pct);
        if (hasLong || hasShort || anyWorkingEntries(instrumentId))
        {
            emitCancel(instrumentId, 0, 0);
        }
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            if (portfolio.positionInstrument(pid) == instrumentId)
            {
                forcedExit(pid, Reason.RISK_REBOUND_KILL, close, true);
            }
        }
    }

    private boolean anyWorkingEntries(final int instrumentId)
    {
        for (int i = 0; i < strategyCount; i++)
        {
            if (orders.workingEntries(strategyList[i].id, instrumentId) > 0)
            {
                return true;
            }
        }
        return false;
    }

    private void maxHold(final InstrumentState s, final long close)
    {
        final int maxBars = settings.maxHoldBars();
        if (maxBars <= 0)
        {
            return;
        }
        final int instrumentId = s.instrument.id();
        final long limitNs = maxBars * barIntervalNs;
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            if (portfolio.positionInstrument(pid) != instrumentId)
            {
                continue;
            }
            final long entryTs = portfolio.positionEntryTsNs(pid);
            if (entryTs == Long.MIN_VALUE || nowNs - entryTs < limitNs)
            {
                continue;
            }
            final long qty = Math.abs(portfolio.positionQty(pid));
            if (forcedExit(pid, Reason.RISK_MAX_HOLD, close, false))
            {
                emitRisk(instrumentId, portfolio.positionStrategy(pid), pid, MAX_HOLD, RiskAction.SCALED, qty, 0,
                    (nowNs - entryTs) / (double)barIntervalNs, maxBars);
            }
        }
    }

    /** Equity floor and daily drawdown: checked on every risk bar and before every entry. */
    private void accountRules()
    {
        final long equity = portfolio.equity();
        final double floorFrac = settings.equityFloorFrac();
        if (!floorStopped && floorFrac > 0)
        {
            final double floor = Money.toDouble(portfolio.initialCash()) * floorFrac;
            if (Money.toDouble(equity) <= floor)
            {
                floorStopped = true;
                floorTimeNs = nowNs;
                emitRisk(0, 0, 0, EQUITY_FLOOR, RiskAction.HALTED, 0, 0, Money.toDouble(equity), floor);
                closeAll(Reason.RISK_EQUITY_FLOOR);
            }
        }
        final double pct = settings.dailyLossStopPct();
        if (!dailyHalted && pct > 0 && day != Long.MIN_VALUE && dayStartEquity > 0)
        {
            final double start = Money.toDouble(dayStartEquity);
            final double drawdown = (start - Money.toDouble(equity)) / start;
            if (drawdown >= pct)
            {
                dailyHalted = true;
                emitRisk(0, 0, 0, DAILY_DRAWDOWN, RiskAction.HALTED, 0, 0, drawdown, pct);
                closeAll(Reason.RISK_DAILY_DRAWDOWN);
            }
        }
    }

    private void closeAll(final Reason reason)
    {
        emitCancel(0, 0, 0);
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            forcedExit(pid, reason, markMantissa(portfolio.positionInstrument(pid)), true);
        }
    }

    /**
     * One reduce-only MARKET exit for a position's whole qty. Without {@code afterCancel}, a position already sent a
     * forced exit gets another only when the venue has no exit working for it.
     *
     * @return true when an order was emitted
     */
    private boolean forcedExit(final long positionId, final Reason reason, final long referencePrice,
        final boolean afterCancel)
    {
        final long qty = portfolio.positionQty(positionId);
        if (qty == 0)
        {
            return false;
        }
        int idx = -1;
        for (int i = 0; i < pendingCount; i++)
        {
            if (pending[i] == positionId)
            {
                idx = i;
                break;
            }
        }
        if (idx >= 0 && !afterCancel && orders.exitWorking(positionId))
        {
            return false;
        }
        if (idx < 0 && pendingCount < MAX_PENDING)
        {
            pending[pendingCount++] = positionId;
        }
        forcedExits++;
        emitNew(portfolio.positionInstrument(positionId), portfolio.positionStrategy(positionId), 0,
            qty > 0 ? Side.SELL : Side.BUY, OrderType.MARKET, 0, 0, Math.abs(qty), true, positionId, reason.code(),
            0, 0, referencePrice);
        return true;
    }

    private void purgePending()
    {
        int kept = 0;
        for (int i = 0; i < pendingCount; i++)
        {
            if (portfolio.positionQty(pending[i]) != 0)
            {
                pending[kept++] = pending[i];
            }
        }
        pendingCount = kept;
    }

    private long markMantissa(final int instrumentId)
    {
        final InstrumentState s = instrumentStates.get(instrumentId);
        final double mark = portfolio.mark(instrumentId);
        if (s == null || !(mark > 0))
        {
            return 0;
        }
        return Math.round(mark / s.priceScale);
    }

    // ------------------------------------------------------------------ risk (decisions)

    private void onDecision(final EventView event)
    {
        decision.wrap(event.buffer(), event.bodyOffset(), event.blockLength(), event.version());
        decisions++;
        nowNs = decision.exchangeTsNs();
        receiveNs = decision.receiveTsNs();
        final int instrumentId = decision.instrumentId();
        final int strategyId = decision.strategyId();
        final InstrumentState s = instrumentStates.get(instrumentId);
        if (s == null || strategyId <= 0)
        {
            invalidDecisions++;
            return;
        }
        final StrategyState st = strategy(strategyId);
        switch (decision.actionRaw())
        {
            case 0:
                holds++;
                break;
            case 1:
                entry(s, st, true);
                break;
            case 2:
                entry(s, st, false);
                break;
            case 3:
                exit(s, st, true);
                break;
            case 4:
                exit(s, st, false);
                break;
            case 5:
                emitCancel(instrumentId, strategyId, decision.decisionId());
                break;
            default:
                invalidDecisions++;
                break;
        }
    }

    private StrategyState strategy(final int strategyId)
    {
        StrategyState st = strategyStates.get(strategyId);
        if (st == null)
        {
            st = new StrategyState(strategyId, portfolio.closedTrades(strategyId));
            strategyStates.put(strategyId, st);
            if (strategyCount == strategyList.length)
            {
                strategyList = Arrays.copyOf(strategyList, strategyCount * 2);
            }
            strategyList[strategyCount++] = st;
        }
        return st;
    }

    private static OrderType orderTypeOf(final short raw)
    {
        switch (raw)
        {
            case 1: return OrderType.MARKET;
            case 2: return OrderType.LIMIT;
            case 3: return OrderType.STOP_MARKET;
            case 255: return OrderType.MARKET; // absent: MARKET by default
            default: return null;
        }
    }

    private void entry(final InstrumentState s, final StrategyState st, final boolean isLong)
    {
        final int instrumentId = s.instrument.id();
        final int strategyId = st.id;
        final long decisionId = decision.decisionId();
        final long requested = decision.qty();
        final long price = decision.price();
        final long sl = decision.stopLossPrice();
        final long tp = decision.takeProfitPrice();
        final OrderType type = orderTypeOf(decision.orderTypeRaw());
        if (requested < 0 || price <= 0 || sl < 0 || tp < 0 || type == null)
        {
            invalidDecisions++;
            return;
        }
        final long positionId = decision.positionId() != 0 ? decision.positionId() : decisionId;
        rollDay();
        accountRules();
        pollStrategy(st);

        // 1. halts, kill switch, cooldowns, book trust
        final int streak = portfolio.consecutiveLosses(strategyId);
        if (floorStopped)
        {
            block(s, st, EQUITY_FLOOR, requested, Money.toDouble(portfolio.equity()),
                Money.toDouble(portfolio.initialCash()) * settings.equityFloorFrac());
            return;
        }
        if (dailyHalted)
        {
            block(s, st, DAILY_DRAWDOWN, requested, Money.toDouble(portfolio.equity()),
                Money.toDouble(dayStartEquity) * (1.0 - settings.dailyLossStopPct()));
            return;
        }
        if (killed(strategyId, instrumentId))
        {
            block(s, st, KILL_SWITCH, requested, 0, 0);
            return;
        }
        if (allUntrusted || s.untrusted)
        {
            block(s, st, INSTRUMENT_UNTRUSTED, requested, 0, 0);
            return;
        }
        final int maxLosses = settings.maxConsecutiveLosses();
        if (maxLosses > 0)
        {
            final int guarded = guardedStreak(st);
            if (st.sequenceHalted)
            {
                block(s, st, SEQUENCE_GUARD, requested, guarded, maxLosses - 1);
                return;
            }
            final int atStake = guarded + openPositionsOf(strategyId) + orders.workingEntries(strategyId, instrumentId) + 1;
            if (atStake > maxLosses - 1)
            {
                block(s, st, SEQUENCE_GUARD, requested, atStake, maxLosses - 1);
                return;
            }
        }
        if (nowNs < st.cooldownUntilNs)
        {
            block(s, st, LOSS_COOLDOWN, requested, streak, settings.lossCooldownAfter());
            return;
        }
        if (nowNs < s.cooldownUntilNs)
        {
            block(s, st, REBOUND_KILL, requested, (s.cooldownUntilNs - nowNs) / (double)barIntervalNs,
                settings.cooldownBars());
            return;
        }
        final BookView book = books == null ? null : books.book(instrumentId);
        if (book != null && !book.isTrusted())
        {
            block(s, st, BOOK_UNTRUSTED, requested, 0, 0);
            return;
        }
        final boolean volTripped = settings.volBreakerEnabled() && s.volTripped;
        if (volTripped && settings.volBreakerAction() == RiskSettings.VolAction.FLAT)
        {
            block(s, st, VOLATILITY_BREAKER, requested, s.vol, s.volPercentile);
            return;
        }

        // 2. max open positions
        final int open = portfolio.openPositions(strategyId, instrumentId) + orders.workingEntries(strategyId, instrumentId);
        if (open >= settings.maxOpenPositions())
        {
            block(s, st, MAX_OPEN_POSITIONS, requested, open, settings.maxOpenPositions());
            return;
        }

        // 3. sizing
        final double px = price * s.priceScale;
        final double stopPx = sl * s.priceScale;
        final double equity = Money.toDouble(portfolio.equity());
        long qty = requested > 0 ? s.roundDown(requested) : size(s, st, px, stopPx, equity);
        if (qty == BLOCK)
        {
            return;
        }
        if (qty < s.minQty)
        {
            block(s, st, MIN_POSITION_SIZE, requested > 0 ? requested : qty, qty * s.qtyScale, s.minQty * s.qtyScale);
            return;
        }

        // 4. scale-downs
        final int halveAfter = settings.streakHalvingAfter();
        if (halveAfter > 0 && streak >= halveAfter)
        {
            qty = scale(s, st, STREAK_HALVING, qty, s.roundDown(qty / 2), streak, halveAfter);
            if (qty == BLOCK)
            {
                return;
            }
        }
        if (volTripped)
        {
            qty = scale(s, st, VOLATILITY_BREAKER, qty, s.roundDown((long)(qty * settings.volBreakerReduceFactor())),
                s.vol, s.volPercentile);
            if (qty == BLOCK)
            {
                return;
            }
        }
        final double workingNotional = orders.workingEntryQty(strategyId, instrumentId) * s.qtyScale * px;
        final double gross = Money.toDouble(portfolio.grossExposure()) + workingNotional;
        if (settings.maxNotionalFrac() > 0)
        {
            qty = cap(s, st, MAX_NOTIONAL_FRAC, qty, gross, equity * settings.maxNotionalFrac(), px);
            if (qty == BLOCK)
            {
                return;
            }
        }
        if (settings.singleCoinCapPct() > 0)
        {
            final double coin = Money.toDouble(portfolio.exposure(instrumentId)) + workingNotional;
            qty = cap(s, st, SINGLE_COIN_CAP, qty, coin, equity * settings.singleCoinCapPct(), px);
            if (qty == BLOCK)
            {
                return;
            }
        }
        if (settings.maxLeverage() > 0)
        {
            qty = cap(s, st, MAX_LEVERAGE, qty, gross, equity * settings.maxLeverage(), px);
            if (qty == BLOCK)
            {
                return;
            }
        }
        if (settings.dailyLossStopPct() > 0)
        {
            qty = cap(s, st, TOTAL_OPEN_RISK, qty, openRisk(), equity * settings.dailyLossStopPct(),
                unitRisk(px, stopPx));
            if (qty == BLOCK)
            {
                return;
            }
        }

        // 5. cost gate
        final double edge = decision.expectedEdgeBps();
        final double cost = costs.roundTripBps(instrumentId, qty, book);
        if (!costs.passes(edge, cost))
        {
            emitRisk(instrumentId, strategyId, decisionId, COST_EDGE, RiskAction.BLOCKED, qty, 0, edge - cost,
                costs.safetyMarginBps());
            return;
        }

        // 6. the order
        if (sl != 0)
        {
            rememberStop(positionId, sl);
        }
        entriesAccepted++;
        emitNew(instrumentId, strategyId, decisionId, isLong ? Side.BUY : Side.SELL, type,
            type == OrderType.LIMIT ? price : 0, type == OrderType.STOP_MARKET ? price : 0, qty, false, positionId,
            decision.reasonCode(), sl, tp, price);
    }

    /**
     * The sized qty mantissa (rounded down to the lot), or {@link #BLOCK} after a kelly BLOCKED event. Seed 002
     * PositionSizingConfig (fixed, equity_fraction), seed 000 (fixed risk R: qty so the stop loses R), seed 004
     * section 5 (vol_target).
     */
    private long size(final InstrumentState s, final StrategyState st, final double px, final double stopPx,
        final double equity)
    {
        final double units;
        final double stopUnitRisk = unitRisk(px, stopPx);
        switch (settings.sizingMode())
        {
            case FIXED_QTY:
                units = settings.sizingQty();
                break;
            case FIXED_NOTIONAL:
                units = settings.sizingNotional() / px;
                break;
            case FIXED_RISK:
            {
                double r = settings.riskAmount();
                if (settings.perTradeRiskPct() > 0)
                {
                    r = Math.min(r, settings.perTradeRiskPct() * equity);
                }
                units = r / stopUnitRisk;
                break;
            }
            case VOL_TARGET:
            {
                double kellyFactor = 1.0;
                final long wins = portfolio.wins(st.id);
                final long losses = portfolio.losses(st.id);
                if (wins + losses > 0 && wins + losses >= settings.kellyMinTrades())
                {
                    final double k = kelly(wins, losses, portfolio.sumWinPnl(st.id), portfolio.sumLossPnl(st.id));
                    if (!(k > 0))
                    {
                        emitRisk(s.instrument.id(), st.id, decision.decisionId(), KELLY, RiskAction.BLOCKED,
                            decision.qty(), 0, k, 0);
                        return BLOCK;
                    }
                    kellyFactor = k / 4.0;
                }
                // vol of one bar scaled to the expected hold (sqrt of time); unknown or zero vol: the stop fallback
                final double volUnitRisk = s.vol > 0 ? px * s.vol * holdScale : unitRisk(px, 0);
                final double base = equity * settings.targetRiskPct() / volUnitRisk * kellyFactor;
                final double riskPerUnit = stopPx != 0 && stopPx != px ? stopUnitRisk : volUnitRisk;
                final double tradeRisk = Math.max(settings.minTradeRiskPct() * equity,
                    Math.min(settings.maxTradeRiskPct() * equity, base * riskPerUnit));
                units = tradeRisk / riskPerUnit;
                break;
            }
            default:
                units = equity * settings.equityFraction() / px;
                break;
        }
        return s.unitsToLots(units);
    }

    /**
     * Quote lost per unit if the stop is hit: {@code |price - stop|}; with no stop (0) or a stop at the price,
     * {@code price x stopDistanceBps}.
     */
    private double unitRisk(final double px, final double stopPx)
    {
        return stopPx != 0 && stopPx != px ? Math.abs(px - stopPx) : px * settings.stopDistanceBps() / BPS;
    }

    /** Kelly = (p b - q) / b, p = win rate, b = average win / average loss (seed 004 section 5); at most 1. */
    static double kelly(final long wins, final long losses, final long sumWin, final long sumLoss)
    {
        if (wins == 0)
        {
            return -1.0;
        }
        if (losses == 0 || sumLoss <= 0)
        {
            return 1.0;
        }
        final double p = wins / (double)(wins + losses);
        final double b = (sumWin / (double)wins) / (sumLoss / (double)losses);
        if (!(b > 0))
        {
            return -1.0;
        }
        return Math.min(1.0, (p * b - (1.0 - p)) / b);
    }

    /** A multiplicative scale-down: SCALED when smaller, BLOCKED (by this rule) when below the minimum. */
    private long scale(final InstrumentState s, final StrategyState st, final int rule, final long qty, final long scaled,
        final double value, final double threshold)
    {
        if (scaled >= qty)
        {
            return qty;
        }
        if (scaled < s.minQty)
        {
            emitRisk(s.instrument.id(), st.id, decision.decisionId(), rule, RiskAction.BLOCKED, qty, 0, value, threshold);
            return BLOCK;
        }
        emitRisk(s.instrument.id(), st.id, decision.decisionId(), rule, RiskAction.SCALED, qty, scaled, value, threshold);
        return scaled;
    }

    /**
     * A cap: {@code used + qty x unit <= limit} (quote). Scales down to the lots that fit, or BLOCKED when below the
     * minimum size ({@link #scale}). value = used + the order's amount, threshold = limit.
     */
    private long cap(final InstrumentState s, final StrategyState st, final int rule, final long qty, final double used,
        final double limit, final double unit)
    {
        final double amount = qty * s.qtyScale * unit;
        if (used + amount <= limit || !(unit > 0))
        {
            return qty;
        }
        return scale(s, st, rule, qty, s.unitsToLots((limit - used) / unit), used + amount, limit);
    }

    private void block(final InstrumentState s, final StrategyState st, final int rule, final long requested,
        final double value, final double threshold)
    {
        emitRisk(s.instrument.id(), st.id, decision.decisionId(), rule, RiskAction.BLOCKED, requested, 0, value, threshold);
    }

    private boolean killed(final int strategyId, final int instrumentId)
    {
        for (int k = 0; k < killCount; k++)
        {
            if ((killStrategy[k] == 0 || killStrategy[k] == strategyId)
                && (killInstrument[k] == 0 || killInstrument[k] == instrumentId))
            {
                return true;
            }
        }
        return false;
    }

    private int openPositionsOf(final int strategyId)
    {
        int count = 0;
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            if (portfolio.positionStrategy(portfolio.openPositionId(i)) == strategyId)
            {
                count++;
            }
        }
        return count;
    }

    /** Sum over open positions of |entry - stop| x |qty| (quote); no known stop: notional x stopDistanceBps. */
    private double openRisk()
    {
        double total = 0;
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            final InstrumentState s = instrumentStates.get(portfolio.positionInstrument(pid));
            if (s == null)
            {
                continue;
            }
            final double qty = Math.abs(portfolio.positionQty(pid)) * s.qtyScale;
            double entry = portfolio.positionEntryPrice(pid);
            if (Double.isNaN(entry))
            {
                entry = portfolio.mark(s.instrument.id());
            }
            if (Double.isNaN(entry))
            {
                continue;
            }
            final long stop = stopOf(pid);
            total += stop != 0 ? Math.abs(entry - stop * s.priceScale) * qty : entry * qty * settings.stopDistanceBps() / BPS;
        }
        return total;
    }

    private long stopOf(final long positionId)
    {
        for (int i = stopCount - 1; i >= 0; i--)
        {
            if (stopPosition[i] == positionId)
            {
                return stopPrice[i];
            }
        }
        return 0;
    }

    private void rememberStop(final long positionId, final long price)
    {
        for (int i = 0; i < stopCount; i++)
        {
            if (stopPosition[i] == positionId)
            {
                stopPrice[i] = price;
                return;
            }
        }
        if (stopCount == MAX_STOPS)
        {
            // drop closed positions (known to accounting, qty 0); if still full, the oldest
            int kept = 0;
            for (int i = 0; i < stopCount; i++)
            {
                final long pid = stopPosition[i];
                if (portfolio.positionStrategy(pid) == 0 || portfolio.positionQty(pid) != 0)
                {
                    stopPosition[kept] = pid;
                    stopPrice[kept] = stopPrice[i];
                    kept++;
                }
            }
            stopCount = kept;
            if (stopCount == MAX_STOPS)
            {
                System.arraycopy(stopPosition, 1, stopPosition, 0, MAX_STOPS - 1);
                System.arraycopy(stopPrice, 1, stopPrice, 0, MAX_STOPS - 1);
                stopCount--;
            }
        }
        stopPosition[stopCount] = positionId;
        stopPrice[stopCount] = price;
        stopCount++;
    }

    private void exit(final InstrumentState s, final StrategyState st, final boolean exitLong)
    {
        final OrderType type = orderTypeOf(decision.orderTypeRaw());
        final long positionId = decision.positionId();
        if (type == null || decision.qty() < 0 || (type != OrderType.MARKET && decision.price() <= 0))
        {
            invalidDecisions++;
            return;
        }
        if (positionId != 0)
        {
            final int owner = portfolio.positionStrategy(positionId);
            if (owner != 0 && (owner != st.id || portfolio.positionInstrument(positionId) != s.instrument.id()))
            {
                invalidDecisions++; // another strategy's or another instrument's position
                return;
            }
            exitOne(s, st, positionId, type);
            return;
        }
        final int n = portfolio.openPositions();
        for (int i = 0; i < n; i++)
        {
            final long pid = portfolio.openPositionId(i);
            if (portfolio.positionStrategy(pid) != st.id || portfolio.positionInstrument(pid) != s.instrument.id())
            {
                continue;
            }
            final long q = portfolio.positionQty(pid);
            if (exitLong ? q > 0 : q < 0)
            {
                exitOne(s, st, pid, type);
            }
        }
    }

    private void exitOne(final InstrumentState s, final StrategyState st, final long positionId, final OrderType type)
    {
        final long qty = portfolio.positionQty(positionId);
        if (qty == 0)
        {
            exitsSkippedClosed++;
            return;
        }
        if (type == OrderType.MARKET && orders.marketExitWorking(positionId))
        {
            // only a market exit already on its way makes this one a duplicate: resting take-profit / stop exits
            // must not keep a strategy from closing at market (the venue's OCO cancels them on the fill)
            exitsSkippedWorking++;
            return;
        }
        long q = Math.abs(qty);
        if (decision.qty() > 0)
        {
            q = Math.min(q, decision.qty());
        }
        final long price = decision.price();
        if (type == OrderType.STOP_MARKET)
        {
            rememberStop(positionId, price);
        }
        exitOrders++;
        emitNew(s.instrument.id(), st.id, decision.decisionId(), qty > 0 ? Side.SELL : Side.BUY, type,
            type == OrderType.LIMIT ? price : 0, type == OrderType.STOP_MARKET ? price : 0, q, true, positionId,
            decision.reasonCode(), 0, 0, price);
    }

    // ------------------------------------------------------------------ encoding

    private void emitNew(final int instrumentId, final int strategyId, final long decisionId, final Side side,
        final OrderType type, final long price, final long stop, final long qty, final boolean reduceOnly,
        final long positionId, final int reasonCode, final long stopLoss, final long takeProfit, final long reference)
    {
        final Emitter emitter = currentEmitter;
        final int offset = emitter.claim(ORDER_LENGTH);
        order.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(nowNs)
            .receiveTsNs(receiveNs)
            .instrumentId(instrumentId)
            .orderId(nextOrderId++)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(OrderAction.NEW)
            .side(side)
            .orderType(type)
            .timeInForce(TimeInForce.GTC)
            .reduceOnly(reduceOnly ? BooleanType.T : BooleanType.F)
            .price(price)
            .qty(qty)
            .positionId(positionId)
            .reasonCode(reasonCode)
            .stopPrice(stop)
            .stopLossPrice(stopLoss)
            .takeProfitPrice(takeProfit)
            .referencePrice(reference);
        emitter.commit(HEADER + order.encodedLength());
    }

    private void emitCancel(final int instrumentId, final int strategyId, final long decisionId)
    {
        cancels++;
        final Emitter emitter = currentEmitter;
        final int offset = emitter.claim(ORDER_LENGTH);
        order.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(nowNs)
            .receiveTsNs(receiveNs)
            .instrumentId(instrumentId)
            .orderId(0)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .action(OrderAction.CANCEL)
            .side(Side.NONE)
            .orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.GTC)
            .reduceOnly(BooleanType.F)
            .price(0)
            .qty(0)
            .positionId(0)
            .reasonCode(0)
            .stopPrice(0)
            .stopLossPrice(0)
            .takeProfitPrice(0)
            .referencePrice(0);
        emitter.commit(HEADER + order.encodedLength());
    }

    private void emitRisk(final int instrumentId, final int strategyId, final long decisionId, final int rule,
        final RiskAction action, final long requested, final long allowed, final double value, final double threshold)
    {
        ruleCounts[rule][action.value()]++;
        final Emitter emitter = currentEmitter;
        final byte[] detail = details[rule];
        final int offset = emitter.claim(HEADER + RiskEventEncoder.BLOCK_LENGTH + RiskEventEncoder.detailHeaderLength()
            + detail.length);
        risk.wrapAndApplyHeader(emitter.buffer(), offset, header)
            .exchangeTsNs(nowNs)
            .receiveTsNs(receiveNs)
            .instrumentId(instrumentId)
            .strategyId(strategyId)
            .decisionId(decisionId)
            .putRule(ruleKeys[rule], 0)
            .action(action)
            .requestedQty(requested)
            .allowedQty(allowed)
            .value(value)
            .threshold(threshold)
            .putDetail(detail, 0, detail.length);
        emitter.commit(HEADER + risk.encodedLength());
    }

    // ------------------------------------------------------------------ reporting

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> m = new LinkedHashMap<>();
        m.put("decisions", decisions);
        m.put("decisions.invalid", invalidDecisions);
        m.put("decisions.hold", holds);
        m.put("entries.accepted", entriesAccepted);
        m.put("exits.orders", exitOrders);
        m.put("exits.skippedClosed", exitsSkippedClosed);
        m.put("exits.skippedWorking", exitsSkippedWorking);
        m.put("forcedExits", forcedExits);
        m.put("cancels", cancels);
        m.put("orders", entriesAccepted + exitOrders + forcedExits + cancels);
        m.put("unknownInstrument", unknownInstrument);
        for (int r = 0; r < RULES.length; r++)
        {
            for (final RiskAction a : RULE_ACTIONS[r])
            {
                m.put(RULES[r] + "." + a.name(), ruleCounts[r][a.value()]);
            }
        }
        // seed 002 section 5 summary counters
        m.put("entries_skipped_max_pos", ruleCounts[MAX_OPEN_POSITIONS][RiskAction.BLOCKED.value()]);
        m.put("entries_skipped_notional", ruleCounts[MAX_NOTIONAL_FRAC][RiskAction.BLOCKED.value()]);
        m.put("entries_scaled_notional", ruleCounts[MAX_NOTIONAL_FRAC][RiskAction.SCALED.value()]);
        m.put("forced_exits_max_hold", ruleCounts[MAX_HOLD][RiskAction.SCALED.value()]);
        m.put("kill_switch_triggers", ruleCounts[REBOUND_KILL][RiskAction.HALTED.value()]
            + ruleCounts[KILL_SWITCH][RiskAction.KILL_SWITCH.value()]);
        m.put("cooldown_total_bars", cooldownTotalBars);
        m.put("risk_stop_trading_triggered", floorStopped ? 1L : 0L);
        m.put("risk_stop_time_ms", floorStopped ? floorTimeNs / 1_000_000L : 0L);
        return m;
    }

    // ------------------------------------------------------------------ state

    private static final class StrategyState
    {
        final int id;
        long lastClosed;
        long cooldownUntilNs = Long.MIN_VALUE;
        boolean sequenceHalted;
        long guardBaseClosed;

        StrategyState(final int id, final long closed)
        {
            this.id = id;
            this.lastClosed = closed;
        }
    }

    private static final class InstrumentState
    {
        final Instrument instrument;
        final double priceScale;
        final double qtyScale;
        final long lot;
        final long minQty;
        final double[] returns;
        final double[] volHistory;
        int returnCount;
        int returnPos;
        int volCount;
        int volPos;
        double vol = Double.NaN;
        double volPercentile = Double.NaN;
        boolean volTripped;
        long lastClose;
        boolean hazardOpen;
        double low = Double.NaN;
        double high = Double.NaN;
        long cooldownUntilNs = Long.MIN_VALUE;
        boolean untrusted;

        InstrumentState(final Instrument instrument, final RiskSettings settings)
        {
            this.instrument = instrument;
            this.priceScale = Decimals.toDouble(1, instrument.priceExponent());
            this.qtyScale = Decimals.toDouble(1, instrument.qtyExponent());
            this.lot = Math.max(1L, instrument.lotMantissa());
            // at least one lot; a minimum that is not a whole number of lots rounds up to the next lot
            final long minUp = settings.minPositionSize() > 0
                ? (long)Math.ceil(settings.minPositionSize() / qtyScale - 1e-9) : 0;
            this.minQty = Math.max(lot, ((minUp + lot - 1) / lot) * lot);
            this.returns = new double[settings.volWindow()];
            this.volHistory = new double[settings.volBreakerWindow()];
        }

        /** A qty mantissa rounded down to the lot. */
        long roundDown(final long qty)
        {
            return qty <= 0 ? 0 : qty - qty % lot;
        }

        /** Units (e.g. 0.123 BTC) to a qty mantissa rounded down to the lot; 0 when not positive. */
        long unitsToLots(final double units)
        {
            if (!(units > 0))
            {
                return 0;
            }
            final double m = Math.floor(units / qtyScale + 1e-9);
            if (m >= Long.MAX_VALUE / 2.0)
            {
                return roundDown(Long.MAX_VALUE / 2);
            }
            return roundDown((long)m);
        }

        void pushReturn(final double r, final double[] scratch, final RiskSettings settings)
        {
            returns[returnPos] = r;
            returnPos = (returnPos + 1) % returns.length;
            if (returnCount < returns.length)
            {
                returnCount++;
            }
            if (returnCount < returns.length)
            {
                return;
            }
            double sum = 0;
            for (final double x : returns)
            {
                sum += x;
            }
            final double mean = sum / returns.length;
            double ss = 0;
            for (final double x : returns)
            {
                ss += (x - mean) * (x - mean);
            }
            vol = Math.sqrt(ss / (returns.length - 1));
            if (!settings.volBreakerEnabled())
            {
                return;
            }
            if (volCount == volHistory.length)
            {
                System.arraycopy(volHistory, 0, scratch, 0, volCount);
                Arrays.sort(scratch, 0, volCount);
                final int rank = (int)Math.ceil(settings.volBreakerPercentile() / 100.0 * volCount);
                volPercentile = scratch[Math.max(0, rank - 1)];
                volTripped = vol > volPercentile;
            }
            volHistory[volPos] = vol;
            volPos = (volPos + 1) % volHistory.length;
            if (volCount < volHistory.length)
            {
                volCount++;
            }
        }
    }
}
