package dev.trader.adapters.parse;

import dev.trader.adapters.json.JsonTokens;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A venue's instruments looked up by the symbol bytes in a message, without making a String. Linear over the
 * venue's few instruments; comparison is case-insensitive for ASCII letters because venues mix cases (Binance
 * stream names are lower case, payload symbols upper case).
 */
public final class SymbolTable
{
    private final byte[][] symbols;
    private final Instrument[] instruments;

    public SymbolTable(final InstrumentRegistry registry, final Venue venue)
    {
        final List<Instrument> list = new ArrayList<>();
        for (final Instrument i : registry.all())
        {
            if (i.venue() == venue)
            {
                list.add(i);
            }
        }
        this.instruments = list.toArray(new Instrument[0]);
        this.symbols = new byte[instruments.length][];
        for (int i = 0; i < instruments.length; i++)
        {
            symbols[i] = instruments[i].symbol().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** @return the instrument whose symbol is the text of {@code token}, or null */
    public Instrument lookup(final JsonTokens json, final int token)
    {
        return token < 0 ? null : lookup(json.buffer(), json.start(token), json.length(token));
    }

    /** @return the instrument whose symbol is {@code [offset, offset + length)} of {@code buffer}, or null */
    public Instrument lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < symbols.length; i++)
        {
            final byte[] s = symbols[i];
            if (s.length != length)
            {
                continue;
            }
            int j = 0;
            while (j < length && lowerAscii(buffer.getByte(offset + j)) == lowerAscii(s[j]))
            {
                j++;
            }
            if (j == length)
            {
                return instruments[i];
            }
        }
        return null;
    }

    /** @return the instrument with this id on this venue, or null */
    public Instrument byId(final int id)
    {
        for (final Instrument i : instruments)
        {
            if (i.id() == id)
            {
                return i;
            }
        }
        return null;
    }

    private static int lowerAscii(final byte b)
    {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
