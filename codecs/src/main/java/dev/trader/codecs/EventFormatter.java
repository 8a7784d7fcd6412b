package dev.trader.codecs;

import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One readable line per event for {@code trader journal dump}: the engine time, the type, then every field as
 * {@code name=value}. Off the hot path (allocates).
 */
public final class EventFormatter
{
    /** The fixed-point exponents of an instrument, so mantissas print as decimals; null when unknown. */
    @FunctionalInterface
    public interface Exponents
    {
        /** @return {priceExponent, qtyExponent, quoteExponent}, or null when the instrument is unknown */
        int[] of(int instrumentId);
    }

    private static final Pattern PRICE = Pattern.compile(
        "\\b(price|bidPrice|askPrice|open|high|low|close)=(-?\\d+)");
    private static final Pattern QTY = Pattern.compile(
        "\\b(qty|bidQty|askQty|volume|buyVolume|sellVolume|takerBuyVolume|filledQty|leavesQty|requestedQty|allowedQty)=(-?\\d+)");
    private static final Pattern QUOTE = Pattern.compile(
        "\\b(quoteVolume|takerBuyQuoteVolume|fee|fees|realizedPnl|unrealizedPnl|funding)=(-?\\d+)");
    private static final Pattern DECIMAL = Pattern.compile("\\(mantissa=(-?\\d+) exponent=(-?\\d+)\\)");

    private final MessageDecoderFlyweight[] decoders = EventType.newDecoderTable();
    private final StringBuilder sb = new StringBuilder(256);
    private final Exponents exponents;

    /** Prints raw mantissas. */
    public EventFormatter()
    {
        this(id -> null);
    }

    /** Prints prices, quantities and money as decimals for instruments {@code exponents} knows. */
    public EventFormatter(final Exponents exponents)
    {
        this.exponents = exponents;
    }

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
        String body = (fields >= 0 ? sb.substring(fields + 2) : sb.toString()).replace('|', ' ');
        body = decimals(body, DECIMAL);
        final int[] e = exponents.of(Events.instrumentId(buffer, offset));
        if (e != null)
        {
            body = scale(body, PRICE, e[0]);
            body = scale(body, QTY, e[1]);
            body = scale(body, QUOTE, e[2]);
        }
        return formatTime(Events.receiveTsNs(buffer, offset)) + " " + type.displayName() + " " + body;
    }

    private static String scale(final String body, final Pattern pattern, final int exponent)
    {
        final Matcher m = pattern.matcher(body);
        final StringBuilder out = new StringBuilder(body.length() + 16);
        while (m.find())
        {
            m.appendReplacement(out, m.group(1) + "=" + Decimals.toString(Long.parseLong(m.group(2)), exponent));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String decimals(final String body, final Pattern pattern)
    {
        final Matcher m = pattern.matcher(body);
        final StringBuilder out = new StringBuilder(body.length());
        while (m.find())
        {
            final long mantissa = Long.parseLong(m.group(1));
            final int exponent = Integer.parseInt(m.group(2));
            final boolean isNull = mantissa == Long.MIN_VALUE;
            m.appendReplacement(out, isNull ? "null" : Decimals.toString(mantissa, exponent));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** ISO-8601 UTC with nanoseconds, e.g. 2024-08-08T23:54:15.123456789Z. */
    public static String formatTime(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)).toString();
    }
}
