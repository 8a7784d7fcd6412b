package dev.trader.adapters.live;

import dev.trader.engine.Instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * OKX v5 public channels: {@code {"op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}}. The server
 * closes a connection that has been silent for 30 s, so after 25 s without a frame the client sends the text
 * {@code ping} and expects {@code pong}. A book channel starts with a snapshot, so a book is resynchronised by
 * unsubscribing and subscribing its channel again.
 */
final class OkxProtocol implements VenueProtocol
{
    @Override
    public String connectUrl(final VenueSettings settings)
    {
        return settings.wsUrl();
    }

    @Override
    public List<String> subscribeMessages(final VenueSettings settings)
    {
        final List<String> args = new ArrayList<>();
        for (final Instrument instrument : settings.instruments())
        {
            for (final String channel : settings.channels())
            {
                args.add(arg(channel, instrument));
            }
        }
        return List.of(message("subscribe", args));
    }

    @Override
    public KeepAlive keepAlive()
    {
        return KeepAlive.TEXT_WHEN_IDLE;
    }

    @Override
    public String pingMessage()
    {
        return "ping";
    }

    @Override
    public boolean restSnapshots()
    {
        return false;
    }

    @Override
    public boolean isBookChannel(final String channel)
    {
        return channel.startsWith("books");
    }

    @Override
    public String snapshotUrl(final VenueSettings settings, final Instrument instrument)
    {
        throw new UnsupportedOperationException("OKX books resynchronise by resubscribing");
    }

    @Override
    public List<String> resubscribeBookMessages(final VenueSettings settings, final Instrument instrument)
    {
        final List<String> args = new ArrayList<>();
        for (final String channel : settings.channels())
        {
            if (isBookChannel(channel))
            {
                args.add(arg(channel, instrument));
            }
        }
        if (args.isEmpty())
        {
            return List.of();
        }
        return List.of(message("unsubscribe", args), message("subscribe", args));
    }

    private static String arg(final String channel, final Instrument instrument)
    {
        return "{\"channel\":\"" + channel + "\",\"instId\":\"" + instrument.symbol() + "\"}";
    }

    private static String message(final String op, final List<String> args)
    {
        return "{\"op\":\"" + op + "\",\"args\":[" + String.join(",", args) + "]}";
    }
}
