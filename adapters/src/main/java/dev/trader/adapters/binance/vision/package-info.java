/**
 * Importer for Binance Vision history files (data.binance.vision): daily or monthly klines, aggTrades, trades and
 * bookTicker, zipped or plain CSV, verified against their {@code .CHECKSUM} companions and encoded as engine events.
 */
package dev.trader.adapters.binance.vision;
