package dev.trader.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * The {@code paper:} config section of {@link PaperVenueStage}: how the paper venue fills (seed 004 section 4
 * "execution realism": latency, queue position, maker/taker; seed 000 "entry at next bar, next_close" for kline-only
 * data).
 *
 * <pre>
 * paper:
 *   fillModel: auto          # auto | book | bars; auto: the book when the instrument has one with both sides, else bars
 *   barInterval: 1m          # bars mode: orders fill against the next completed Bar of this interval
 *   orderLatency: 0ms        # order path to the venue
 *   feedLatency: 0ms         # age of the market data the decision was taken on (adds to orderLatency)
 *   sameBar: stop_first      # stop_first | limit_first: a bar reaching both a position's stop and its take-profit
 *   barSlippageBps: 0.0      # bars mode: market fills at close moved this many bps against the order
 *   queuePosition: back      # back: a resting limit joins behind the displayed size at its price; front: ahead of it
 *   maxWorkingOrders: 1024   # working + in-flight orders held at once (preallocated)
 *   maxPositions: 4096       # open positions the venue tracks at once (preallocated; a new one beyond is REJECTED)
 *   maxDepletedLevels: 256   # book levels whose own-fill depletion is tracked at once (preallocated; beyond: counted)
 * </pre>
 */
public final class PaperSettings
{
    public static final String SECTION = "paper";

    /** Which market state fills orders. */
    public enum FillModel
    {
        AUTO, BOOK, BARS;
    }

    /** Which of a position's stop and take-profit fills when one bar reaches both. */
    public enum SameBar
    {
        STOP_FIRST, LIMIT_FIRST;
    }

    /** Where a new resting limit order joins the queue at its price. */
    public enum QueuePosition
    {
        BACK, FRONT;
    }

    private FillModel fillModel = FillModel.AUTO;
    private Duration barInterval = Duration.ofMinutes(1);
    private Duration orderLatency = Duration.ZERO;
    private Duration feedLatency = Duration.ZERO;
    private SameBar sameBar = SameBar.STOP_FIRST;
    private double barSlippageBps;
    private QueuePosition queuePosition = QueuePosition.BACK;
    private int maxWorkingOrders = 1024;
    private int maxPositions = 4096;
    private int maxDepletedLevels = 256;

    /** Every default (see the class comment). */
    public static PaperSettings defaults()
    {
        return new PaperSettings();
    }

    /** Reads the {@code paper} section; unknown keys and bad values are refused with the key named. */
    public static PaperSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "fillModel", "barInterval", "orderLatency", "feedLatency", "sameBar", "barSlippageBps",
            "queuePosition", "maxWorkingOrders", "maxPositions", "maxDepletedLevels");
        final PaperSettings s = new PaperSettings();
        s.fillModel = config.enumOr(n, w, "fillModel", FillModel.class, s.fillModel);
        s.sameBar = config.enumOr(n, w, "sameBar", SameBar.class, s.sameBar);
        s.queuePosition = config.enumOr(n, w, "queuePosition", QueuePosition.class, s.queuePosition);
        s.barInterval = config.durationOr(n, w, "barInterval", s.barInterval);
        s.orderLatency = config.durationOrZero(n, w, "orderLatency", s.orderLatency);
        s.feedLatency = config.durationOrZero(n, w, "feedLatency", s.feedLatency);
        s.barSlippageBps = config.doubleOr(n, w, "barSlippageBps", s.barSlippageBps);
        s.maxWorkingOrders = config.intOr(n, w, "maxWorkingOrders", s.maxWorkingOrders);
        s.maxPositions = config.intOr(n, w, "maxPositions", s.maxPositions);
        s.maxDepletedLevels = config.intOr(n, w, "maxDepletedLevels", s.maxDepletedLevels);
        try
        {
            s.validate();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        return s;
    }

    /** Checks every value; the message names the key. */
    public PaperSettings validate()
    {
        if (fillModel == null || sameBar == null || queuePosition == null)
        {
            throw new IllegalArgumentException("paper.fillModel, paper.sameBar and paper.queuePosition are required");
        }
        if (barInterval == null || barInterval.isNegative() || barInterval.isZero())
        {
            throw new IllegalArgumentException("paper.barInterval must be > 0, got " + barInterval);
        }
        if (orderLatency == null || orderLatency.isNegative())
        {
            throw new IllegalArgumentException("paper.orderLatency must be >= 0, got " + orderLatency);
        }
        if (feedLatency == null || feedLatency.isNegative())
        {
            throw new IllegalArgumentException("paper.feedLatency must be >= 0, got " + feedLatency);
        }
        if (!(barSlippageBps >= 0.0 && barSlippageBps < 10_000.0))
        {
            throw new IllegalArgumentException("paper.barSlippageBps must be in [0, 10000), got " + barSlippageBps);
        }
        if (maxWorkingOrders < 1 || maxWorkingOrders > 1_000_000)
        {
            throw new IllegalArgumentException("paper.maxWorkingOrders must be in [1, 1000000], got " + maxWorkingOrders);
        }
        if (maxPositions < 1 || maxPositions > 1_000_000)
        {
            throw new IllegalArgumentException("paper.maxPositions must be in [1, 1000000], got " + maxPositions);
        }
        if (maxDepletedLevels < 1 || maxDepletedLevels > 100_000)
        {
            throw new IllegalArgumentException("paper.maxDepletedLevels must be in [1, 100000], got " + maxDepletedLevels);
        }
        return this;
    }

    public PaperSettings fillModel(final FillModel v)
    {
        fillModel = v;
        return this;
    }

    public PaperSettings barInterval(final Duration v)
    {
        barInterval = v;
        return this;
    }

    public PaperSettings orderLatency(final Duration v)
    {
        orderLatency = v;
        return this;
    }

    public PaperSettings feedLatency(final Duration v)
    {
        feedLatency = v;
        return this;
    }

    public PaperSettings sameBar(final SameBar v)
    {
        sameBar = v;
        return this;
    }

    public PaperSettings barSlippageBps(final double v)
    {
        barSlippageBps = v;
        return this;
    }

    public PaperSettings queuePosition(final QueuePosition v)
    {
        queuePosition = v;
        return this;
    }

    public PaperSettings maxWorkingOrders(final int v)
    {
        maxWorkingOrders = v;
        return this;
    }

    public PaperSettings maxPositions(final int v)
    {
        maxPositions = v;
        return this;
    }

    public PaperSettings maxDepletedLevels(final int v)
    {
        maxDepletedLevels = v;
        return this;
    }

    public FillModel fillModel()
    {
        return fillModel;
    }

    public Duration barInterval()
    {
        return barInterval;
    }

    public Duration orderLatency()
    {
        return orderLatency;
    }

    public Duration feedLatency()
    {
        return feedLatency;
    }

    public SameBar sameBar()
    {
        return sameBar;
    }

    public double barSlippageBps()
    {
        return barSlippageBps;
    }

    public QueuePosition queuePosition()
    {
        return queuePosition;
    }

    public int maxWorkingOrders()
    {
        return maxWorkingOrders;
    }

    public int maxPositions()
    {
        return maxPositions;
    }

    public int maxDepletedLevels()
    {
        return maxDepletedLevels;
    }
}
