package dev.trader.journal;

import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.Side;
import dev.trader.codecs.sbe.TradeEncoder;
import dev.trader.codecs.sbe.TradeType;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Child process of {@link JournalCrashTest}: appends Trade events with tradeId 0, 1, 2, ... to the journal named by
 * the first argument through the real {@link JournalWriter}, as fast as it can, forever. After every 1,000 appends
 * it prints the number appended so far and flushes, so the parent knows a lower bound of what must survive.
 */
public final class AppendUntilKilled
{
    static final long START_NS = 1_704_067_200_000_000_000L;

    private AppendUntilKilled()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final TradeEncoder trade = new TradeEncoder();
        final JournalWriter writer = new JournalWriter(dir);
        for (long id = 0; ; id++)
        {
            trade.wrapAndApplyHeader(buffer, 0, header)
                .exchangeTsNs(START_NS + id)
                .receiveTsNs(START_NS + id)
                .instrumentId(100)
                .tradeId(id)
                .price(420_000 + id % 1_000)
                .qty(1 + id % 50)
                .aggressor((id & 1) == 0 ? Side.BUY : Side.SELL)
                .tradeType(TradeType.TRADE)
                .firstTradeId(id)
                .lastTradeId(id);
            writer.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + trade.encodedLength());
            if ((id + 1) % 1_000 == 0)
            {
                System.out.println(id + 1);
                System.out.flush();
            }
        }
    }
}
