package dev.trader.adapters.live;

import org.agrona.DirectBuffer;

/**
 * Where the live adapters put encoded events: the engine's ring ({@code Engine.publish}) in a run, a collecting list
 * in tests. Must be safe to call from several threads (the ring is multi-producer). May block for back-pressure.
 */
@FunctionalInterface
public interface EventPublisher
{
    void publish(DirectBuffer buffer, int offset, int length);
}
