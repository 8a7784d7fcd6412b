package dev.trader.engine;

/**
 * Engine time. Stages read time only from here, never from the wall: it is the receive timestamp carried by the
 * event being processed, so a replay sees exactly the times the live run saw.
 */
@FunctionalInterface
public interface EngineClock
{
    /** Current engine time, epoch nanoseconds. */
    long nanos();
}
