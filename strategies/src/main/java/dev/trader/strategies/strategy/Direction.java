package dev.trader.strategies.strategy;

/** The side of a position a decision opens or closes (hedging style: seed 002 shorts, seed 000 longs). */
public enum Direction
{
    LONG,
    SHORT
}
