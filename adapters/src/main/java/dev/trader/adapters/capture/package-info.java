/**
 * Importers of raw wire captures (hftbacktest {@code <ts> <json>} lines, cryptofeed playback logs, Bybit history
 * files): every message becomes a {@code RawMessage} event holding the bytes as received, so the venue parsers see an
 * imported capture exactly as they see a live feed.
 */
package dev.trader.adapters.capture;
