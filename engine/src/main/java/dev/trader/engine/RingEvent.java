package dev.trader.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** A preallocated ring slot holding one encoded event (or the end-of-stream marker). */
public final class RingEvent
{
    static final int DATA = 0;
    static final int END_OF_STREAM = 1;

    final UnsafeBuffer buffer;
    int length;
    int kind;
    long ingressNanos;

    RingEvent(final int slotBytes)
    {
        this.buffer = new UnsafeBuffer(new byte[slotBytes]);
    }

    void set(final DirectBuffer src, final int offset, final int length, final long ingressNanos)
    {
        buffer.putBytes(0, src, offset, length);
        this.length = length;
        this.kind = DATA;
        this.ingressNanos = ingressNanos;
    }
}
