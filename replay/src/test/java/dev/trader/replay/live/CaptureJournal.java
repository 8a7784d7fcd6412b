package dev.trader.replay.live;

import dev.trader.codecs.sbe.BooleanType;
import dev.trader.codecs.sbe.MessageHeaderEncoder;
import dev.trader.codecs.sbe.RawMessageEncoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Imports capture lines as an input journal of RawMessage events, the way a recording of the same bytes would hold
 * them: receive time from the line, venue Binance USD-M, the inline snapshot as a REST response with the instrument
 * hint.
 */
final class CaptureJournal
{
    static final int BTCUSDT = 1;

    private CaptureJournal()
    {
    }

    static void write(final BinanceCapture capture, final Path dir)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
        final RawMessageEncoder raw = new RawMessageEncoder();
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        try (JournalWriter writer = new JournalWriter(dir))
        {
            for (int i = 0; i < capture.size(); i++)
            {
                final boolean rest = i == capture.snapshotIndex;
                final byte[] payload = capture.json.get(i).getBytes(StandardCharsets.UTF_8);
                raw.wrapAndApplyHeader(buffer, 0, header)
                    .exchangeTsNs(0)
                    .receiveTsNs(capture.receiveTsNs.get(i))
                    .instrumentId(rest ? BTCUSDT : 0)
                    .venue(VenueCode.BINANCE_USDM)
                    .connectionId(VenueCode.BINANCE_USDM.value())
                    .sequence(i + 1)
                    .isRest(rest ? BooleanType.T : BooleanType.F)
                    .putPayload(payload, 0, payload.length);
                writer.onEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + raw.encodedLength());
            }
        }
    }
}
