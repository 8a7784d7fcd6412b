package dev.trader.engine.testing;

import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.BarDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Every field of one encoded {@code Bar}, as plain values, so tests can compare bars with {@code equals} and read
 * failures as text.
 *
 * @param vwapMantissa VWAP mantissa; the VWAP is {@code vwapMantissa * 10^vwapExponent}
 */
public record DecodedBar(
    long exchangeTsNs,
    long receiveTsNs,
    int instrumentId,
    long intervalNs,
    long openTimeNs,
    long open,
    long high,
    long low,
    long close,
    long volume,
    long quoteVolume,
    long tradeCount,
    long buyVolume,
    long sellVolume,
    long vwapMantissa,
    int vwapExponent,
    boolean fromKline,
    boolean repairedSmallGap,
    boolean regimeBreak)
{
    /**
     * Decodes the Bar at {@code offset} (message header included).
     *
     * @throws IllegalArgumentException when the event there is not a Bar
     */
    public static DecodedBar decode(final DirectBuffer buffer, final int offset)
    {
        final int templateId = Events.templateId(buffer, offset);
        if (templateId != BarDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("template id " + templateId + " is not a Bar (" + BarDecoder.TEMPLATE_ID + ")");
        }
        final BarDecoder bar = new BarDecoder();
        bar.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
        return new DecodedBar(
            bar.exchangeTsNs(),
            bar.receiveTsNs(),
            bar.instrumentId(),
            bar.intervalNs(),
            bar.openTimeNs(),
            bar.open(),
            bar.high(),
            bar.low(),
            bar.close(),
            bar.volume(),
            bar.quoteVolume(),
            bar.tradeCount(),
            bar.buyVolume(),
            bar.sellVolume(),
            bar.vwap().mantissa(),
            bar.vwap().exponent(),
            bar.flags().fromKline(),
            bar.flags().repairedSmallGap(),
            bar.flags().regimeBreak());
    }

    /** Decodes a Bar held alone in {@code bytes}. */
    public static DecodedBar decode(final byte[] bytes)
    {
        return decode(new UnsafeBuffer(bytes), 0);
    }
}
