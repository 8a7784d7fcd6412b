package dev.trader.adapters.live;

/** How a connection asks for its streams. */
public enum SubscribeVia
{
    /** Streams named in the connect URL (Binance combined streams: {@code /stream?streams=a/b/c}). */
    URL,
    /** Subscribe messages sent after the socket opens (Binance SUBSCRIBE, OKX and Bybit {@code op: subscribe}). */
    MESSAGE
}
