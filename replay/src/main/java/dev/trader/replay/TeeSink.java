package dev.trader.replay;

import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;

/** Hands each event to several sinks in order. */
public final class TeeSink implements EventSink
{
    private final EventSink[] sinks;

    public TeeSink(final EventSink... sinks)
    {
        this.sinks = sinks.clone();
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final EventSink s : sinks)
        {
            s.onEvent(buffer, offset, length);
        }
    }

    @Override
    public void onEndOfStream()
    {
        for (final EventSink s : sinks)
        {
            s.onEndOfStream();
        }
    }
}
