package dev.trader.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;
import java.util.Locale;

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
 * </pre>
 */
public final class PaperSettings
{
    public static final String SECTION = "paper";

    /** Which market state fills orders. */
    public enum FillModel
    {
        AUTO, BOOK, BARS;

        static FillModel parse(final String text)
        {
            return parseEnum(FillModel.class, text, "fillModel", "auto, book, bars");
        }
    }

    /** Which of a position's stop and take-profit fills when one bar reaches both. */
    public enum SameBar
    {
        STOP_FIRST, LIMIT_FIRST;

        static SameBar parse(final String text)
        {
            return parseEnum(SameBar.class, text, "sameBar", "stop_first, limit_first");
        }
    }

    /** Where a new resting limit order joins the queue at its price. */
    public enum QueuePosition
    {
        BACK, FRONT;

        static QueuePosition parse(final String text)
        {
            return parseEnum(QueuePosition.class, text, "queuePosition", "back, front");
        }
    }

    private FillModel fillModel = FillModel.AUTO;
    private Duration barInterval = Duration.ofMinutes(1);
    private Duration orderLatency = Duration.ZERO;
    private Duration feedLatency = Duration.ZERO;
    private SameBar sameBar = SameBar.STOP_FIRST;
    private double barSlippageBps;
    private QueuePosition queuePosition = QueuePosition.BACK;
    private int maxWorkingOrders = 1024;

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
            "queuePosition", "maxWorkingOrders");
        final PaperSettings s = new PaperSettings();
        try
        {
            s.fillModel = FillModel.parse(config.textOr(n, w, "fillModel", "auto"));
            s.sameBar = SameBar.parse(config.textOr(n, w, "sameBar", "stop_first"));
            s.queuePosition = QueuePosition.parse(config.textOr(n, w, "queuePosition", "back"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": " + ex.getMessage(), ex);
        }
        s.barInterval = config.durationOr(n, w, "barInterval", s.barInterval);
        s.orderLatency = latencyOr(config, n, "orderLatency", s.orderLatency);
        s.feedLatency = latencyOr(config, n, "feedLatency", s.feedLatency);
        s.barSlippageBps = config.doubleOr(n, w, "barSlippageBps", s.barSlippageBps);
        s.maxWorkingOrders = config.intOr(n, w, "maxWorkingOrders", s.maxWorkingOrders);
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

    /**
     * A latency: any duration {@link TraderConfig#durationOr} accepts, or zero ({@code 0}, {@code 0ms}, ...), the
     * documented default, which the positive-only duration parser would refuse.
     */
    private static Duration latencyOr(final TraderConfig config, final JsonNode n, final String key, final Duration fallback)
    {
        final JsonNode v = n.get(key);
        if (v != null && v.isValueNode() && v.asText().trim().toLowerCase(Locale.ROOT).matches("0+(ms|s|m|h|d)?"))
        {
            return Duration.ZERO;
        }
        return config.durationOr(n, SECTION, key, fallback);
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
        return this;
    }

    private static <E extends Enum<E>> E parseEnum(final Class<E> type, final String text, final String key, final String known)
    {
        try
        {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("paper." + key + ": unknown value '" + text + "'; known: " + known, ex);
        }
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
}
