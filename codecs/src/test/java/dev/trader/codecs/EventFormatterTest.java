package dev.trader.codecs;

import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventFormatterTest
{
    private static final long RECEIVE_TS_NS = 1_723_161_255_123_456_789L;

    @Test
    void shouldFormatTradeAsOneLineWithIsoTimeTypeAndFields()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final TradeEncoder trade = new TradeEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .exchangeTsNs(RECEIVE_TS_NS - 1_000_000)
            .receiveTsNs(RECEIVE_TS_NS)
            .instrumentId(1)
            .tradeId(42)
            .price(6_123_450)
            .qty(1_500)
            .aggressor(Side.SELL)
            .tradeType(TradeType.TRADE)
            .firstTradeId(42)
            .lastTradeId(42);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength();

        final String line = new EventFormatter().format(buffer, 0, length);

        assertTrue(line.startsWith("2024-08-08T23:54:15.123456789Z Trade "), line);
        assertTrue(line.contains("price=6123450"), line);
        assertTrue(line.contains("aggressor=SELL"), line);
        assertFalse(line.contains("|") || line.contains("\n"), line);
    }

    @Test
    void shouldFormatTimesBeforeTheEpoch()
    {
        assertEquals("1969-12-31T23:59:59.999999999Z", EventFormatter.formatTime(-1));
        assertEquals("1970-01-01T00:00:00Z", EventFormatter.formatTime(0));
    }
}
