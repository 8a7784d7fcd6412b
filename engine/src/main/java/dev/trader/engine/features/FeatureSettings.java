package dev.trader.engine.features;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trader.engine.TraderConfig;

/**
 * The {@code features:} section: {@code enabled} (default true when the section is present; no section, no feature
 * stage) and {@code set} (only {@value FeatureCatalog#LEAN_V1}, seed 000 section 8). The lean_v1 set needs the bar
 * intervals 1 m, 5 m and 15 m ({@code StagePlan} checks).
 */
public final class FeatureSettings
{
    private final boolean enabled;
    private final String set;

    public FeatureSettings(final boolean enabled, final String set)
    {
        if (!FeatureCatalog.LEAN_V1.equals(set))
        {
            throw new IllegalArgumentException("unknown feature set '" + set + "'; known: " + FeatureCatalog.LEAN_V1);
        }
        this.enabled = enabled;
        this.set = set;
    }

    public static FeatureSettings from(final TraderConfig config)
    {
        final JsonNode n = config.section("features");
        if (n.isMissingNode())
        {
            return new FeatureSettings(false, FeatureCatalog.LEAN_V1);
        }
        config.checkKeys(n, "features", "enabled", "set");
        final String set = config.textOr(n, "features", "set", FeatureCatalog.LEAN_V1);
        try
        {
            return new FeatureSettings(config.boolOr(n, "features", "enabled", true), set);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(config.file() + ": features.set: " + ex.getMessage(), ex);
        }
    }

    public boolean enabled()
    {
        return enabled;
    }

    public String set()
    {
        return set;
    }
}
