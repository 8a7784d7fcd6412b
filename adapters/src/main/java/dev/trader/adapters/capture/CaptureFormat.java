package dev.trader.adapters.capture;

/** The line formats of raw wire captures that {@link CaptureImporter} reads. */
public enum CaptureFormat
{
    /**
     * {@code <receive_ts_ns> <json>} per line (hftbacktest's collector): WebSocket frames, and REST depth snapshots
     * recognised by a top-level {@code lastUpdateId}. The snapshot names no symbol, so the importer needs the
     * instrument.
     */
    TIMESTAMPED_LINES("<ts_ns> <json> lines"),
    /**
     * A cryptofeed playback log: {@code <url> <-> <ts>} (connection opened), {@code <url> <- <ts>: <json>} (sent by
     * the client, skipped), {@code <ts>: <json>} (received) and, in the sibling {@code .http.} log,
     * {@code <url> -> <ts>: <json>} (REST responses); {@code ts} in decimal seconds.
     */
    CRYPTOFEED("cryptofeed playback log"),
    /**
     * One JSON message per line, timed by its own {@code ts} field in epoch milliseconds ({@code cts} when there is
     * no {@code ts}): Bybit's official order book history files, identical to the WebSocket messages.
     */
    TIMED_JSON_LINES("JSON lines timed by their ts field");

    private final String description;

    CaptureFormat(final String description)
    {
        this.description = description;
    }

    /** @return a short human description, e.g. {@code cryptofeed playback log} */
    public String description()
    {
        return description;
    }
}
