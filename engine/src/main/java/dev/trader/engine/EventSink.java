package dev.trader.engine;

import org.agrona.DirectBuffer;

/** Receives encoded events in order: a journal, a hasher, a counter, a network publisher. */
@FunctionalInterface
public interface EventSink
{
    void onEvent(DirectBuffer buffer, int offset, int length);

    /** Called once when the stream ends; sinks flush here. */
    default void onEndOfStream()
    {
    }

    EventSink NONE = (buffer, offset, length) -> { };
}
