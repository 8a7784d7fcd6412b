package dev.trader.adapters.live;

import dev.trader.engine.Instrument;

import java.util.ArrayList;
import java.util.List;

/**
 * Bybit v5 public topics: {@code {"op":"subscribe","args":["orderbook.50.BTCUSDT","publicTrade.BTCUSDT"]}}, channel
 * names written as the topic prefix ({@code orderbook.50}, {@code publicTrade}, {@code tickers}). The client sends
 * {@code {"op":"ping"}} every 20 s. An order book topic starts with a snapshot, so a book is resynchronised by
 * unsubscribing and subscribing its topic again.
 */
final class BybitProtocol implements VenueProtocol
{
    /** Bybit accepts at most 10 args per subscribe request on spot; use the same everywhere. */
    private static final int ARGS_PER_MESSAGE = 10;

    @Override
    public String connectUrl(final VenueSettings settings)
    {
        return settings.wsUrl();
    }

    @Override
    public List<String> subscribeMessages(final VenueSettings settings)
    {
        final List<String> topics = new ArrayList<>();
        for (final Instrument instrument : settings.instruments())
        {
            for (final String channel : settings.channels())
            {
                topics.add(channel + "." + instrument.symbol());
            }
        }
        final List<String> messages = new ArrayList<>();
        for (int i = 0; i < topics.size(); i += ARGS_PER_MESSAGE)
        {
            messages.add(message("subscribe", topics.subList(i, Math.min(topics.size(), i + ARGS_PER_MESSAGE))));
        }
        return messages;
    }

    @Override
    public KeepAlive keepAlive()
    {
        return KeepAlive.TEXT_PERIODIC;
    }

    @Override
    public String pingMessage()
    {
        return "{\"op\":\"ping\"}";
    }

    @Override
    public boolean restSnapshots()
    {
        return false;
    }

    @Override
    public boolean isBookChannel(final String channel)
    {
        return channel.startsWith("orderbook");
    }

    @Override
    public String snapshotUrl(final VenueSettings settings, final Instrument instrument)
    {
        throw new UnsupportedOperationException("Bybit books resynchronise by resubscribing");
    }

    @Override
    public List<String> resubscribeBookMessages(final VenueSettings settings, final Instrument instrument)
    {
        final List<String> topics = new ArrayList<>();
        for (final String channel : settings.channels())
        {
            if (isBookChannel(channel))
            {
                topics.add(channel + "." + instrument.symbol());
            }
        }
        if (topics.isEmpty())
        {
            return List.of();
        }
        return List.of(message("unsubscribe", topics), message("subscribe", topics));
    }

    private static String message(final String op, final List<String> topics)
    {
        final StringBuilder sb = new StringBuilder("{\"op\":\"").append(op).append("\",\"args\":[");
        for (int i = 0; i < topics.size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append('"').append(topics.get(i)).append('"');
        }
        return sb.append("]}").toString();
    }
}
