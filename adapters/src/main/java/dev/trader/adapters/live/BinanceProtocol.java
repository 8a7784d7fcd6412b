package dev.trader.adapters.live;

import dev.trader.engine.Instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Binance (USD-M futures and spot) market streams. Streams are {@code <symbol lower case>@<channel>}, read on the
 * combined-stream endpoint ({@code /stream?streams=a/b/c}, events wrapped as {@code {"stream":..,"data":..}}) or
 * subscribed with {@code {"method":"SUBSCRIBE","params":[..],"id":n}}. The order book follows "How to manage a local
 * order book correctly": diffs from {@code <symbol>@depth[@100ms|@0ms]}, a snapshot from
 * {@code GET /fapi/v1/depth?symbol=S&limit=1000} (spot {@code /api/v3/depth}).
 */
final class BinanceProtocol implements VenueProtocol
{
    /** Streams per SUBSCRIBE message: keeps each message small; Binance allows up to 1,024 streams per connection. */
    private static final int STREAMS_PER_MESSAGE = 50;
    private static final Pattern DIFF_DEPTH = Pattern.compile("depth(@\\d+ms)?");

    private final String depthPath;

    BinanceProtocol(final String depthPath)
    {
        this.depthPath = depthPath;
    }

    static List<String> streams(final VenueSettings settings)
    {
        final List<String> streams = new ArrayList<>();
        for (final Instrument instrument : settings.instruments())
        {
            for (final String channel : settings.channels())
            {
                streams.add(instrument.symbol().toLowerCase(Locale.ROOT) + "@" + channel);
            }
        }
        return streams;
    }

    @Override
    public String connectUrl(final VenueSettings settings)
    {
        if (settings.subscribeVia() == SubscribeVia.MESSAGE)
        {
            return settings.wsUrl();
        }
        return settings.wsUrl() + (settings.wsUrl().contains("?") ? "&" : "?") + "streams=" + String.join("/", streams(settings));
    }

    @Override
    public List<String> subscribeMessages(final VenueSettings settings)
    {
        final List<String> messages = new ArrayList<>();
        if (settings.subscribeVia() == SubscribeVia.URL)
        {
            return messages;
        }
        final List<String> streams = streams(settings);
        int id = 1;
        for (int i = 0; i < streams.size(); i += STREAMS_PER_MESSAGE)
        {
            final StringBuilder sb = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
            for (int j = i; j < Math.min(streams.size(), i + STREAMS_PER_MESSAGE); j++)
            {
                sb.append(j == i ? "" : ",").append('"').append(streams.get(j)).append('"');
            }
            messages.add(sb.append("],\"id\":").append(id++).append('}').toString());
        }
        return messages;
    }

    @Override
    public KeepAlive keepAlive()
    {
        return KeepAlive.PROTOCOL_PING;
    }

    @Override
    public String pingMessage()
    {
        return null;
    }

    @Override
    public boolean restSnapshots()
    {
        return true;
    }

    @Override
    public boolean isBookChannel(final String channel)
    {
        return DIFF_DEPTH.matcher(channel).matches();
    }

    @Override
    public String snapshotUrl(final VenueSettings settings, final Instrument instrument)
    {
        return settings.restUrl() + depthPath + "?symbol=" + instrument.symbol().toUpperCase(Locale.ROOT) + "&limit="
            + settings.snapshotLimit();
    }

    @Override
    public List<String> resubscribeBookMessages(final VenueSettings settings, final Instrument instrument)
    {
        return List.of();
    }
}
