package dev.trader.replay.fuzz;

import java.nio.charset.StandardCharsets;

/**
 * One RawMessage as the fuzzer feeds it: the envelope (receive time, venue code byte, instrument hint, connection,
 * sequence, REST flag) and the payload, plus what was done to the seed to make it ({@code "-"} when nothing).
 */
record FuzzInput(
    long receiveTsNs,
    int venueCode,
    int instrumentHint,
    int connectionId,
    long sequence,
    boolean isRest,
    byte[] payload,
    String mutation)
{
    static FuzzInput of(final SeedCorpus.Seed seed)
    {
        return new FuzzInput(seed.receiveTsNs(), seed.venue().value(), seed.instrumentHint(), seed.connectionId(), seed.sequence(),
            seed.isRest(), seed.payload(), "-");
    }

    FuzzInput withPayload(final byte[] bytes, final String what)
    {
        return new FuzzInput(receiveTsNs, venueCode, instrumentHint, connectionId, sequence, isRest, bytes, join(what));
    }

    FuzzInput withEnvelope(final long receive, final int venue, final int hint, final boolean rest, final String what)
    {
        return new FuzzInput(receive, venue, hint, connectionId, sequence, rest, payload, join(what));
    }

    private String join(final String what)
    {
        return "-".equals(mutation) ? what : mutation + "; " + what;
    }

    /** The payload as text, cut to {@code max} characters (for reports). */
    String text(final int max)
    {
        final String s = new String(payload, StandardCharsets.UTF_8);
        return s.length() <= max ? s : s.substring(0, max) + "...(" + payload.length + " bytes)";
    }
}
