package dev.trader.engine;

import org.agrona.MutableDirectBuffer;

/**
 * How a stage publishes an event. Claim space, encode into {@link #buffer()} at the returned offset (header
 * included), then commit the encoded length. Emitted events go to the output journal and then to every stage after
 * the emitting one, in emission order. No allocation.
 */
public interface Emitter
{
    MutableDirectBuffer buffer();

    /** @return the offset at which to encode an event of at most {@code maxLength} bytes. */
    int claim(int maxLength);

    /** Publishes the claimed event of {@code length} bytes (header included). */
    void commit(int length);
}
