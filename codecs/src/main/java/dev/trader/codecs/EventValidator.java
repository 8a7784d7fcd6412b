package dev.trader.codecs;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Checks that a frame read from outside (a journal file, a socket) is one whole, well-formed event of our schema
 * before anything decodes it for real. One instance per thread; no allocation on the success path.
 */
public final class EventValidator
{
    private final MessageDecoderFlyweight[] decoders = EventType.newDecoderTable();
    private final UnsafeBuffer slice = new UnsafeBuffer(0, 0);
    private String lastError;

    /**
     * @return true when {@code [offset, offset + length)} holds exactly one valid event; otherwise false and
     * {@link #lastError()} says why.
     */
    public boolean isValid(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Events.HEADER_LENGTH + Events.MIN_BLOCK_LENGTH)
        {
            return fail("frame of " + length + " bytes is shorter than the smallest event");
        }
        if (offset < 0 || offset + length > buffer.capacity())
        {
            return fail("frame lies outside its buffer");
        }
        final int schemaId = Events.schemaId(buffer, offset);
        if (schemaId != Events.SCHEMA_ID)
        {
            return fail("schema id " + schemaId + " is not " + Events.SCHEMA_ID);
        }
        final int version = Events.version(buffer, offset);
        if (version > Events.SCHEMA_VERSION)
        {
            return fail("schema version " + version + " is newer than this build's " + Events.SCHEMA_VERSION);
        }
        final int templateId = Events.templateId(buffer, offset);
        final MessageDecoderFlyweight decoder = templateId < decoders.length ? decoders[templateId] : null;
        if (decoder == null)
        {
            return fail("unknown template id " + templateId);
        }
        final int blockLength = Events.blockLength(buffer, offset);
        if (blockLength < Events.MIN_BLOCK_LENGTH || Events.HEADER_LENGTH + blockLength > length)
        {
            return fail("block length " + blockLength + " does not fit a frame of " + length + " bytes");
        }
        // at this build's version every root field is present: a shorter block would make the decoder read past it
        if (version == Events.SCHEMA_VERSION && blockLength < decoder.sbeBlockLength())
        {
            return fail("block length " + blockLength + " is shorter than template " + templateId + "'s " +
                decoder.sbeBlockLength());
        }
        slice.wrap(buffer, offset, length);
        try
        {
            decoder.wrap(slice, Events.HEADER_LENGTH, blockLength, version);
            // the generated sbeDecodedLength() walks groups and var data with the slice's bounds checks
            final int decoded = Events.HEADER_LENGTH + decoder.sbeDecodedLength();
            if (decoded != length)
            {
                return fail("frame of " + length + " bytes holds a " + decoded + "-byte event");
            }
        }
        catch (final IndexOutOfBoundsException | IllegalStateException ex)
        {
            return fail("truncated or corrupt groups: " + ex.getMessage());
        }
        lastError = null;
        return true;
    }

    public String lastError()
    {
        return lastError;
    }

    private boolean fail(final String reason)
    {
        lastError = reason;
        return false;
    }
}
