package dev.trader.codecs;

import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.time.Instant;

/**
 * One readable line per event for {@code trader journal dump}: the engine time, the type, then every field as
 * {@code name=value}. Off the hot path (allocates).
 */
public final class EventFormatter
{
    private final MessageDecoderFlyweight[] decoders = EventType.newDecoderTable();
    private final StringBuilder sb = new StringBuilder(256);

    public String format(final DirectBuffer buffer, final int offset, final int length)
    {
        final EventType type = EventType.ofTemplateId(Events.templateId(buffer, offset));
        if (type == null)
        {
            return "UNKNOWN templateId=" + Events.templateId(buffer, offset) + " length=" + length;
        }
        final MessageDecoderFlyweight decoder = decoders[type.templateId()];
        decoder.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
        sb.setLength(0);
        decoder.appendTo(sb);
        final int fields = sb.indexOf("):");
        final String body = fields >= 0 ? sb.substring(fields + 2) : sb.toString();
        return formatTime(Events.receiveTsNs(buffer, offset)) + " " + type.displayName() + " " + body.replace('|', ' ');
    }

    /** ISO-8601 UTC with nanoseconds, e.g. 2024-08-08T23:54:15.123456789Z. */
    public static String formatTime(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).toString();
    }
}
