/**
 * What the history importers raise when a compressed file (gzip, zip) is cut short or damaged: one clear line naming
 * the file, the container and how far reading got.
 */
package dev.trader.adapters.archive;
