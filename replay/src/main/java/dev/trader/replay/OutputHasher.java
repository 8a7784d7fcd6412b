package dev.trader.replay;

import dev.trader.engine.EventSink;
import org.agrona.DirectBuffer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 over every output event's bytes, in order, nothing excluded: the run's fingerprint. Two runs with the same
 * journal, config, models and code must print the same hash.
 */
public final class OutputHasher implements EventSink
{
    private final MessageDigest digest;
    private byte[] scratch = new byte[4096];
    private String hex;

    public OutputHasher()
    {
        try
        {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    @Override
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            digest.update(array, (int)buffer.wrapAdjustment() + offset, length);
        }
        else
        {
            if (scratch.length < length)
            {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            buffer.getBytes(offset, scratch, 0, length);
            digest.update(scratch, 0, length);
        }
    }

    /** The hex digest; finishes the hash on first call. */
    public String hex()
    {
        if (hex == null)
        {
            hex = toHex(digest.digest());
        }
        return hex;
    }

    public static String toHex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
