package dev.trader.engine.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

import java.time.Duration;

/**
 * The {@code accounting:} config section of {@link AccountingStage} (seed 002 section 3 "Output Artifacts" and
 * section 4 equity series; seed 004 section 4 funding costs).
 *
 * <pre>
 * accounting:
 *   initialEquity: 100000.0     # quote units; cash at the start of the run
 *   equityInterval: 1m          # one Account event per crossed boundary of this interval (epoch aligned)
 *   fundingSource: auto         # auto | events | config | none
 *                               #   auto: journaled MarkPrice funding for an instrument that has any, else config
 *   fundingRate: 0.0001         # per fundingInterval, used by the config source (long pays when > 0)
 *   fundingInterval: 8h         # config source: settlements at every boundary of this interval (00:00 UTC aligned)
 *   maxOpenPositions: 4096      # the position pool; a fill that would open one more is counted and refused
 * </pre>
 */
public final class AccountingSettings
{
    public static final String SECTION = "accounting";

    /** Where funding rates come from. */
    public enum FundingSource
    {
        AUTO, EVENTS, CONFIG, NONE
    }

    private double initialEquity = 100_000.0;
    private Duration equityInterval = Duration.ofMinutes(1);
    private FundingSource fundingSource = FundingSource.AUTO;
    private double fundingRate = 0.0001;
    private Duration fundingInterval = Duration.ofHours(8);
    private int maxOpenPositions = 4096;

    /** The defaults listed in the class comment. */
    public static AccountingSettings defaults()
    {
        return new AccountingSettings();
    }

    /** Programmatic settings (tests, tools); checked by {@link #validate()}. */
    public AccountingSettings(
        final double initialEquity,
        final Duration equityInterval,
        final FundingSource fundingSource,
        final double fundingRate,
        final Duration fundingInterval,
        final int maxOpenPositions)
    {
        this.initialEquity = initialEquity;
        this.equityInterval = equityInterval;
        this.fundingSource = fundingSource;
        this.fundingRate = fundingRate;
        this.fundingInterval = fundingInterval;
        this.maxOpenPositions = maxOpenPositions;
        validate();
    }

    private AccountingSettings()
    {
    }

    public static AccountingSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section(SECTION);
        final String w = SECTION;
        config.checkKeys(n, w, "initialEquity", "equityInterval", "fundingSource", "fundingRate", "fundingInterval",
            "maxOpenPositions");
        final AccountingSettings s = new AccountingSettings();
        s.initialEquity = config.doubleOr(n, w, "initialEquity", s.initialEquity);
        s.equityInterval = config.durationOr(n, w, "equityInterval", s.equityInterval);
        s.fundingSource = config.enumOr(n, w, "fundingSource", FundingSource.class, s.fundingSource);
        s.fundingRate = config.doubleOr(n, w, "fundingRate", s.fundingRate);
        s.fundingInterval = config.durationOr(n, w, "fundingInterval", s.fundingInterval);
        s.maxOpenPositions = config.intOr(n, w, "maxOpenPositions", s.maxOpenPositions);
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

    /** Checks every value, naming the key of the first bad one. */
    public AccountingSettings validate()
    {
        if (!(initialEquity > 0 && initialEquity < 1e10))
        {
            throw new IllegalArgumentException("accounting.initialEquity must be in (0, 1e10) quote units, got " + initialEquity);
        }
        if (equityInterval == null || equityInterval.isNegative() || equityInterval.isZero())
        {
            throw new IllegalArgumentException("accounting.equityInterval must be positive, got " + equityInterval);
        }
        if (fundingSource == null)
        {
            throw new IllegalArgumentException("accounting.fundingSource is required");
        }
        if (!(fundingRate > -0.1 && fundingRate < 0.1))
        {
            throw new IllegalArgumentException("accounting.fundingRate must be in (-0.1, 0.1) per interval, got " + fundingRate);
        }
        if (fundingInterval == null || fundingInterval.isNegative() || fundingInterval.isZero())
        {
            throw new IllegalArgumentException("accounting.fundingInterval must be positive, got " + fundingInterval);
        }
        if (maxOpenPositions < 1 || maxOpenPositions > 1 << 20)
        {
            throw new IllegalArgumentException("accounting.maxOpenPositions must be in [1, 1048576], got " + maxOpenPositions);
        }
        return this;
    }

    public double initialEquity()
    {
        return initialEquity;
    }

    public Duration equityInterval()
    {
        return equityInterval;
    }

    public FundingSource fundingSource()
    {
        return fundingSource;
    }

    public double fundingRate()
    {
        return fundingRate;
    }

    public Duration fundingInterval()
    {
        return fundingInterval;
    }

    public int maxOpenPositions()
    {
        return maxOpenPositions;
    }
}
