package dev.trader.engine;

import java.util.Locale;

/** Where an instrument trades. */
public enum Venue
{
    BINANCE_USDM,
    BINANCE_SPOT,
    OKX,
    BYBIT,
    /** The seeded synthetic market of {@code trader demo}. */
    SYNTHETIC;

    public static Venue parse(final String text)
    {
        final String wanted = text.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (final Venue v : values())
        {
            if (v.name().equals(wanted))
            {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown venue '" + text + "'; known: binance-usdm, binance-spot, okx, bybit, synthetic");
    }

    public String cliName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
