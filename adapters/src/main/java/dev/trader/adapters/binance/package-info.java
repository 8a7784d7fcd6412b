/**
 * Binance USD-M futures and spot: the zero-allocation parser of WebSocket market streams and REST depth snapshots.
 */
package dev.trader.adapters.binance;
