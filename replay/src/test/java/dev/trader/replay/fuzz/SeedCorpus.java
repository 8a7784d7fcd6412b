package dev.trader.replay.fuzz;

import dev.trader.engine.testing.SharedFixtures;
import dev.trader.adapters.capture.CaptureImportResult;
import dev.trader.adapters.capture.CaptureImporter;
import dev.trader.codecs.Events;
import dev.trader.codecs.sbe.RawMessageDecoder;
import dev.trader.codecs.sbe.VenueCode;
import dev.trader.engine.Instrument;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The unmutated messages a fuzz campaign starts from, in their recorded order: one venue's capture read by the
 * project's own {@link CaptureImporter} (so each seed is the RawMessage a replay of that capture would feed the plan),
 * or a built-in corpus generated in the test ({@link BuiltInCorpus}).
 */
final class SeedCorpus
{
    /** One RawMessage: the envelope and the payload bytes as received. */
    record Seed(long receiveTsNs, VenueCode venue, int instrumentHint, int connectionId, long sequence, boolean isRest, byte[] payload)
    {
    }

    /**
     * The real captures of the three venues, relative to the shared data folder. The OKX (11 s) and Bybit (5 s) ones
     * are short: they are played {@code loops} times back to back, each copy shifted in time by the capture's span
     * (receive time and the payloads' {@code ts}/{@code cts}/{@code T}/{@code E}), so that a session can outlast them
     * and bars, features and the strategy get minutes of data; every copy starts with the capture's own book snapshot.
     */
    enum Capture
    {
        BINANCE_USDM("data/binance-usdm/capture-btcusdt-20240808.gz", Venue.BINANCE_USDM, "binance-usdm:BTCUSDT", 1),
        BINANCE_SPOT("data/binance-spot/capture-btcusdt-20240808.gz", Venue.BINANCE_SPOT, "binance-spot:BTCUSDT", 1),
        OKX("data/okx/cryptofeed-btc-usdt.ws.log", Venue.OKX, null, 20),
        BYBIT("data/bybit/xrpusdt-ob500.data.zip", Venue.BYBIT, null, 60);

        final String file;
        final Venue venue;
        final String restInstrument;
        final int loops;

        Capture(final String file, final Venue venue, final String restInstrument, final int loops)
        {
            this.file = file;
            this.venue = venue;
            this.restInstrument = restInstrument;
            this.loops = loops;
        }
    }

    /** Payload time fields shifted in the repeated copies of a short capture (epoch milliseconds). */
    private static final java.util.Set<String> SHIFTED_TIMES = java.util.Set.of("ts", "cts", "T", "E");
    private static final long NS_PER_MS = 1_000_000L;

    private final String name;
    private final List<Seed> seeds;

    SeedCorpus(final String name, final List<Seed> seeds)
    {
        if (seeds.isEmpty())
        {
            throw new IllegalArgumentException(name + ": no seed messages");
        }
        this.name = name;
        this.seeds = List.copyOf(seeds);
    }

    /** The shared data folder ({@code -Dtrader.shared.dir}, set by the build), whether or not it exists. */
    static Path sharedDir()
    {
        return SharedFixtures.dir();
    }

    /** True when the capture is there to read. */
    static boolean available(final Capture capture)
    {
        return Files.isRegularFile(sharedDir().resolve(capture.file));
    }

    /** Every message of a real capture, as the importer writes it; the import must refuse nothing. */
    static SeedCorpus of(final Capture capture, final InstrumentRegistry registry)
    {
        final Path file = sharedDir().resolve(capture.file);
        final Instrument hint = capture.restInstrument == null ? null : registry.resolve(capture.restInstrument);
        final List<Seed> seeds = new ArrayList<>();
        final RawMessageDecoder raw = new RawMessageDecoder();
        final CaptureImportResult result;
        try
        {
            result = new CaptureImporter().importFile(file, capture.venue, registry, hint, (buffer, offset, length) ->
            {
                if (Events.templateId(buffer, offset) != RawMessageDecoder.TEMPLATE_ID)
                {
                    throw new IllegalStateException(capture + ": the importer refused a line of " + file);
                }
                raw.wrap(buffer, offset + Events.HEADER_LENGTH, Events.blockLength(buffer, offset), Events.version(buffer, offset));
                final byte[] payload = new byte[raw.payloadLength()];
                raw.getPayload(payload, 0, payload.length);
                seeds.add(new Seed(raw.receiveTsNs(), raw.venue(), raw.instrumentId(), raw.connectionId(), raw.sequence(),
                    raw.isRestRaw() == 1, payload));
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        if (result.rejects() != 0)
        {
            throw new IllegalStateException(capture + ": " + result);
        }
        return new SeedCorpus(capture.name().toLowerCase(java.util.Locale.ROOT), repeated(seeds, capture.loops));
    }

    /** {@code seeds} then {@code loops - 1} copies, the k-th shifted by k x (span rounded up to whole seconds + 1 s). */
    static List<Seed> repeated(final List<Seed> seeds, final int loops)
    {
        if (loops <= 1)
        {
            return seeds;
        }
        final long span = seeds.get(seeds.size() - 1).receiveTsNs() - seeds.get(0).receiveTsNs();
        final long periodMs = (span / 1_000_000_000L + 2) * 1000;
        final List<Seed> out = new ArrayList<>(seeds.size() * loops);
        out.addAll(seeds);
        for (int k = 1; k < loops; k++)
        {
            final long shiftMs = k * periodMs;
            for (final Seed s : seeds)
            {
                out.add(new Seed(s.receiveTsNs() + shiftMs * NS_PER_MS, s.venue(), s.instrumentHint(), s.connectionId(),
                    s.sequence() + (long)k * seeds.size(), s.isRest(), shiftTimes(s.payload(), shiftMs)));
            }
        }
        return out;
    }

    private static byte[] shiftTimes(final byte[] payload, final long shiftMs)
    {
        final JsonSpans spans = JsonSpans.scan(payload);
        byte[] out = payload;
        // from the last value back, so the earlier spans stay where they are
        for (int i = spans.count - 1; i >= 0; i--)
        {
            if (spans.key[i] != null && SHIFTED_TIMES.contains(spans.key[i]) && spans.isNumeric(i))
            {
                final long ms = Long.parseLong(spans.content(i));
                out = Mutators.replace(out, spans.contentStart(i), spans.contentEnd(i),
                    Long.toString(ms + shiftMs).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    String name()
    {
        return name;
    }

    int size()
    {
        return seeds.size();
    }

    Seed get(final int index)
    {
        return seeds.get(index);
    }
}
