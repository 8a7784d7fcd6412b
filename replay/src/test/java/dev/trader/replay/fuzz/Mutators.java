package dev.trader.replay.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * The seeded mutations of one message: mostly structure-aware (values found by {@link JsonSpans}: digits, extreme
 * numbers, scaling, deleted fields, swapped types, timestamp jumps, sequence id edits, extra book levels, duplicate keys,
 * values spliced from another message of the same capture), some raw (byte flips, structural junk, truncation) and
 * some on the RawMessage envelope (receive time, venue code, instrument hint, REST flag). The same seed always makes
 * the same bytes, so a reproducer is just (message index, mutation seed).
 */
final class Mutators
{
    /** What a mutation does; the weights favour the structured kinds. */
    enum Kind
    {
        BYTE_FLIP(4),
        STRUCTURE_JUNK(3),
        TRUNCATE(3),
        DIGIT(12),
        EXTREME_NUMBER(14),
        SCALE(8),
        DELETE_FIELD(8),
        TYPE_SWAP(8),
        TIMESTAMP(10),
        SEQUENCE(10),
        EXTRA_LEVELS(6),
        DUPLICATE_KEY(3),
        SPLICE(5),
        RECEIVE_TIME(3),
        VENUE(1),
        INSTRUMENT_HINT(1),
        REST_FLAG(1);

        final int weight;

        Kind(final int weight)
        {
            this.weight = weight;
        }
    }

    private static final Kind[] KINDS = Kind.values();
    private static final int TOTAL_WEIGHT;

    static
    {
        int w = 0;
        for (final Kind k : KINDS)
        {
            w += k.weight;
        }
        TOTAL_WEIGHT = w;
    }

    /** Exchange and event time fields of the three venues (epoch milliseconds). */
    static final Set<String> TIME_KEYS = Set.of("E", "T", "ts", "cts", "t", "fundingTime", "nextFundingTime", "uTime", "cTime");
    /** Update ids, sequence numbers, trade ids and checksums. */
    static final Set<String> SEQUENCE_KEYS = Set.of("U", "u", "pu", "lastUpdateId", "seqId", "prevSeqId", "seq", "t", "a", "f",
        "l", "tradeId", "i", "checksum", "id");

    private static final String[] EXTREMES = {
        "0", "0.0", "0.00000000", "-0", "-1", "-0.01", "1", "0.1", "1e5", "1E-9", "NaN", "Infinity", "-Infinity", "", " ",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
        "99999999999999999999999999", "92233720368547758.07", "9223372036854.775807", "100000000000000",
        "4611686018427387904", "3037000499.97605", "3037000500", "0.000000000000000001", "0.0000000000000000001",
        "10000000000000000000000000000000000000000", "123abc", "0x10", "+5", "1.2.3", "--1", "1..0", ".5", "5.",
        "\u0663\u0664", "1\u00a0000", "\\u0031", "00000000000000000000000000000000000001",
    };
    private static final String[] TYPE_SWAPS = {
        "null", "true", "false", "\"\"", "\"x\"", "0", "-1", "[]", "{}", "[[]]", "[null]", "{\"a\":1}", "[\"1\",\"2\"]",
        "[[\"1\",\"2\"]]", "\"[]\"", "1e999",
    };
    private static final long MS_PER_DAY = 86_400_000L;
    private static final long YEAR_2100_MS = 4_102_444_800_000L;
    private static final long[] RECEIVE_JUMPS_NS = {
        1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L, 86_400_000_000_000L, 365 * 86_400_000_000_000L,
    };
    private static final int[] HINTS = {0, 1, 2, 11, 21, 22, 31, 32, 100, 999, -1, Integer.MAX_VALUE};
    private static final int[] VENUES = {0, 1, 2, 3, 4, 5, 6, 255};
    private static final int[] EXTRA_LEVEL_COUNTS = {1, 1, 1, 2, 3, 5, 10, 50, 200, 1000};

    private Mutators()
    {
    }

    /**
     * The seed at {@code index} mutated by {@code mutationSeed}: one to three mutations drawn from it.
     */
    static FuzzInput mutate(final SeedCorpus corpus, final int index, final long mutationSeed)
    {
        final SplittableRandom rng = new SplittableRandom(mutationSeed);
        FuzzInput in = FuzzInput.of(corpus.get(index));
        final int n = rng.nextInt(100) < 80 ? 1 : 2 + rng.nextInt(2);
        for (int i = 0; i < n; i++)
        {
            in = apply(pickKind(rng), in, corpus, rng);
        }
        return in;
    }

    static Kind pickKind(final SplittableRandom rng)
    {
        int w = rng.nextInt(TOTAL_WEIGHT);
        for (final Kind k : KINDS)
        {
            w -= k.weight;
            if (w < 0)
            {
                return k;
            }
        }
        throw new IllegalStateException();
    }

    static FuzzInput apply(final Kind kind, final FuzzInput in, final SeedCorpus corpus, final SplittableRandom rng)
    {
        final byte[] b = in.payload();
        switch (kind)
        {
            case RECEIVE_TIME:
            {
                final int choice = rng.nextInt(10);
                final long ts;
                if (choice < 6)
                {
                    final long jump = RECEIVE_JUMPS_NS[rng.nextInt(RECEIVE_JUMPS_NS.length)];
                    ts = in.receiveTsNs() + (rng.nextBoolean() ? jump : -jump);
                }
                else
                {
                    ts = new long[]{0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE}[choice - 6];
                }
                return in.withEnvelope(ts, in.venueCode(), in.instrumentHint(), in.isRest(),
                    "receiveTsNs " + in.receiveTsNs() + " -> " + ts);
            }
            case VENUE:
            {
                final int v = VENUES[rng.nextInt(VENUES.length)];
                return in.withEnvelope(in.receiveTsNs(), v, in.instrumentHint(), in.isRest(), "venue " + in.venueCode() + " -> " + v);
            }
            case INSTRUMENT_HINT:
            {
                final int h = HINTS[rng.nextInt(HINTS.length)];
                return in.withEnvelope(in.receiveTsNs(), in.venueCode(), h, in.isRest(),
                    "instrumentHint " + in.instrumentHint() + " -> " + h);
            }
            case REST_FLAG:
                return in.withEnvelope(in.receiveTsNs(), in.venueCode(), in.instrumentHint(), !in.isRest(),
                    "isRest -> " + !in.isRest());
            case BYTE_FLIP:
                return byteFlip(in, rng);
            case STRUCTURE_JUNK:
                return junk(in, rng);
            case TRUNCATE:
                return truncate(in, rng);
            default:
                break;
        }
        final JsonSpans s = JsonSpans.scan(b);
        final FuzzInput out;
        switch (kind)
        {
            case DIGIT:
                out = digit(in, s, rng);
                break;
            case EXTREME_NUMBER:
                out = extreme(in, s, rng);
                break;
            case SCALE:
                out = scale(in, s, rng);
                break;
            case DELETE_FIELD:
                out = deleteField(in, s, rng);
                break;
            case TYPE_SWAP:
                out = typeSwap(in, s, rng);
                break;
            case TIMESTAMP:
                out = timestamp(in, s, rng);
                break;
            case SEQUENCE:
                out = sequence(in, s, rng);
                break;
            case EXTRA_LEVELS:
                out = extraLevels(in, s, rng);
                break;
            case DUPLICATE_KEY:
                out = duplicateKey(in, s, rng);
                break;
            case SPLICE:
                out = splice(in, s, corpus, rng);
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        // no value of the wanted shape in this message: a raw flip instead, so every draw mutates something
        return out != null ? out : byteFlip(in, rng);
    }

    // ------------------------------------------------------------------ raw

    private static FuzzInput byteFlip(final FuzzInput in, final SplittableRandom rng)
    {
        final byte[] b = in.payload().clone();
        if (b.length == 0)
        {
            return in.withPayload(new byte[]{(byte)rng.nextInt(256)}, "byte into empty payload");
        }
        final int n = 1 + rng.nextInt(4);
        final StringBuilder what = new StringBuilder("byte flip at");
        for (int i = 0; i < n; i++)
        {
            final int at = rng.nextInt(b.length);
            b[at] = rng.nextBoolean() ? (byte)(b[at] ^ (1 << rng.nextInt(8))) : (byte)"\u0000\"\\{}[],:-.0eE\u007f"
                .charAt(rng.nextInt(15));
            what.append(' ').append(at);
        }
        return in.withPayload(b, what.toString());
    }

    private static FuzzInput junk(final FuzzInput in, final SplittableRandom rng)
    {
        final byte[] b = in.payload();
        final int at = b.length == 0 ? 0 : rng.nextInt(b.length);
        if (rng.nextBoolean() && b.length > 0)
        {
            return in.withPayload(replace(b, at, at + 1, new byte[0]), "delete byte " + at + " '" + (char)b[at] + "'");
        }
        final String j = String.valueOf("{}[]\",:\\".charAt(rng.nextInt(8)));
        return in.withPayload(replace(b, at, at, ascii(j)), "insert '" + j + "' at " + at);
    }

    private static FuzzInput truncate(final FuzzInput in, final SplittableRandom rng)
    {
        final byte[] b = in.payload();
        if (b.length < 2)
        {
            return in.withPayload(new byte[0], "truncate to 0");
        }
        if (rng.nextBoolean())
        {
            final int at = rng.nextInt(b.length);
            return in.withPayload(java.util.Arrays.copyOf(b, at), "truncate to " + at);
        }
        final int from = rng.nextInt(b.length);
        final int to = Math.min(b.length, from + 1 + rng.nextInt(Math.max(1, b.length / 4)));
        return in.withPayload(replace(b, from, to, new byte[0]), "cut bytes " + from + ".." + to);
    }

    // ------------------------------------------------------------------ values

    private static FuzzInput digit(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickNumeric(s, rng, null);
        if (v < 0)
        {
            return null;
        }
        final byte[] b = in.payload();
        final int from = s.contentStart(v);
        final int to = s.contentEnd(v);
        int at = from + rng.nextInt(Math.max(1, to - from));
        for (int i = 0; i < to - from && !(b[at] >= '0' && b[at] <= '9'); i++)
        {
            at = at + 1 < to ? at + 1 : from;
        }
        final byte d = (byte)('0' + rng.nextInt(10));
        final int op = rng.nextInt(3);
        final byte[] out = op == 0 ? replace(b, at, at + 1, new byte[]{d})
            : op == 1 ? replace(b, at, at, new byte[]{d}) : replace(b, at, Math.min(at + 1, to), new byte[0]);
        return in.withPayload(out, (op == 0 ? "digit" : op == 1 ? "insert digit" : "drop digit") + " in " + name(s, v) + " '"
            + s.content(v) + "'");
    }

    private static FuzzInput extreme(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickNumeric(s, rng, null);
        if (v < 0)
        {
            return null;
        }
        final String x = EXTREMES[rng.nextInt(EXTREMES.length)];
        return setContent(in, s, v, x);
    }

    private static FuzzInput scale(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickNumeric(s, rng, null);
        if (v < 0)
        {
            return null;
        }
        final String c = s.content(v);
        final int dot = c.indexOf('.');
        final String x;
        switch (rng.nextInt(5))
        {
            case 0: // finer than written (a digit after the last): PRECISION or off the tick
                x = c + (dot < 0 ? "." : "") + (1 + rng.nextInt(9));
                break;
            case 1: // x 10^k
                x = dot < 0 ? c + "000000".substring(0, 1 + rng.nextInt(6)) : moveDot(c, dot, 1 + rng.nextInt(8));
                break;
            case 2: // / 10^k
                x = dot < 0 ? "0." + "00000".substring(0, rng.nextInt(5)) + c.replace("-", "")
                    : moveDot(c, dot, -(1 + rng.nextInt(6)));
                break;
            case 3: // huge digits in front
                x = "9999999999".substring(0, 1 + rng.nextInt(10)) + c;
                break;
            default: // last digit + 1..4 (off the tick grid for a price)
                x = c.isEmpty() ? "1"
                    : c.substring(0, c.length() - 1) + (char)('0' + (c.charAt(c.length() - 1) - '0' + 1 + rng.nextInt(4)) % 10);
                break;
        }
        return setContent(in, s, v, x);
    }

    private static String moveDot(final String c, final int dot, final int by)
    {
        final String digits = c.substring(0, dot) + c.substring(dot + 1);
        int at = dot + by;
        String d = digits;
        while (at > d.length())
        {
            d = d + "0";
        }
        while (at <= 0)
        {
            d = "0" + d;
            at++;
        }
        return d.substring(0, at) + "." + d.substring(at);
    }

    private static FuzzInput deleteField(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickMember(s, rng);
        if (v < 0)
        {
            return null;
        }
        final byte[] b = in.payload();
        int from = s.memberStart[v];
        int to = s.end[v];
        int p = to;
        while (p < b.length && b[p] == ' ')
        {
            p++;
        }
        if (p < b.length && b[p] == ',')
        {
            to = p + 1;
        }
        else
        {
            int q = from - 1;
            while (q >= 0 && b[q] == ' ')
            {
                q--;
            }
            if (q >= 0 && b[q] == ',')
            {
                from = q;
            }
        }
        return in.withPayload(replace(b, from, to, new byte[0]), "delete " + (s.key[v] == null ? "element" : "field " + s.key[v]));
    }

    private static FuzzInput typeSwap(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        if (s.count < 2)
        {
            return null;
        }
        // any value but the root (the last span closed)
        final int v = rng.nextInt(s.count - 1);
        final String original = new String(in.payload(), s.start[v], s.end[v] - s.start[v], StandardCharsets.ISO_8859_1);
        final String x;
        switch (rng.nextInt(4))
        {
            case 0:
                x = s.kind[v] == JsonSpans.STRING ? s.content(v) : "\"" + original + "\"";
                break;
            case 1:
                x = "[" + original + "]";
                break;
            default:
                x = TYPE_SWAPS[rng.nextInt(TYPE_SWAPS.length)];
                break;
        }
        return in.withPayload(replace(in.payload(), s.start[v], s.end[v], ascii(x)), "type swap " + name(s, v) + " -> " + cut(x));
    }

    private static FuzzInput timestamp(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickNumeric(s, rng, TIME_KEYS);
        if (v < 0)
        {
            return null;
        }
        final long old = parseLong(s.content(v), 1_723_161_256_299L);
        final long[] jumps = {1, 1000, 60_000, 3_600_000, MS_PER_DAY, 365 * MS_PER_DAY};
        final long x;
        switch (rng.nextInt(6))
        {
            case 0:
                x = YEAR_2100_MS;
                break;
            case 1:
                x = new long[]{0, 1, -1, 253_402_300_799_999L, 9_223_372_036_854L, 9_223_372_036_855L, Long.MAX_VALUE,
                    Long.MIN_VALUE}[rng.nextInt(8)];
                break;
            case 2:
                x = old * 1000; // microseconds where milliseconds belong
                break;
            case 3:
                x = old / 1000;
                break;
            default:
                final long jump = jumps[rng.nextInt(jumps.length)];
                x = rng.nextBoolean() ? old + jump : old - jump;
                break;
        }
        return setContent(in, s, v, Long.toString(x));
    }

    private static FuzzInput sequence(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickNumeric(s, rng, SEQUENCE_KEYS);
        if (v < 0)
        {
            return null;
        }
        final long old = parseLong(s.content(v), 5_123_107_837_557L);
        final long x;
        switch (rng.nextInt(5))
        {
            case 0:
                x = old + (rng.nextBoolean() ? 1 : -1);
                break;
            case 1:
                x = old + (rng.nextBoolean() ? 2 : -2) * (1 + rng.nextInt(1000));
                break;
            case 2:
                x = new long[]{0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Integer.MAX_VALUE + 1L}[rng.nextInt(7)];
                break;
            case 3:
                x = old * 2;
                break;
            default:
                x = rng.nextLong();
                break;
        }
        return setContent(in, s, v, Long.toString(x));
    }

    private static FuzzInput extraLevels(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        int candidates = 0;
        for (int i = 0; i < s.count; i++)
        {
            if (s.isLevelList(i))
            {
                candidates++;
            }
        }
        if (candidates == 0)
        {
            return null;
        }
        int which = rng.nextInt(candidates);
        int list = -1;
        for (int i = 0; i < s.count && list < 0; i++)
        {
            if (s.isLevelList(i) && which-- == 0)
            {
                list = i;
            }
        }
        final byte[] b = in.payload();
        // the list's levels: the arrays directly inside it
        final int[] levels = new int[s.count];
        int n = 0;
        for (int i = 0; i < s.count; i++)
        {
            if (s.kind[i] == JsonSpans.ARRAY && s.depth[i] == s.depth[list] + 1
                && s.start[i] > s.start[list] && s.end[i] <= s.end[list])
            {
                levels[n++] = i;
            }
        }
        if (n == 0)
        {
            return null;
        }
        final int count = EXTRA_LEVEL_COUNTS[rng.nextInt(EXTRA_LEVEL_COUNTS.length)];
        final StringBuilder add = new StringBuilder();
        final int style = rng.nextInt(4);
        for (int k = 0; k < count; k++)
        {
            final int level = levels[rng.nextInt(n)];
            String text = new String(b, s.start[level], s.end[level] - s.start[level], StandardCharsets.ISO_8859_1);
            if (style == 1 || (style == 3 && rng.nextBoolean()))
            {
                // another price: change one digit of the level (may cross the book or leave the tick grid)
                final int at = 2 + rng.nextInt(Math.max(1, Math.min(text.length() - 3, 8)));
                if (at < text.length() && Character.isDigit(text.charAt(at)))
                {
                    text = text.substring(0, at) + (char)('0' + rng.nextInt(10)) + text.substring(at + 1);
                }
            }
            else if (style == 2)
            {
                text = "[\"" + (1 + rng.nextInt(99_999)) + "." + rng.nextInt(10) + "\",\""
                    + EXTREMES[rng.nextInt(EXTREMES.length)] + "\"]";
            }
            add.append(',').append(text);
        }
        final int close = s.end[list] - 1;
        return in.withPayload(replace(b, close, close, ascii(add.toString())), "extra levels in " + name(s, list) + ": " + count
            + " " + new String[]{"copies", "repriced", "odd sizes", "mixed"}[style]);
    }

    private static FuzzInput duplicateKey(final FuzzInput in, final JsonSpans s, final SplittableRandom rng)
    {
        final int v = pickMember(s, rng);
        if (v < 0)
        {
            return null;
        }
        final String value = s.isNumeric(v) ? "\"" + EXTREMES[rng.nextInt(EXTREMES.length)] + "\""
            : TYPE_SWAPS[rng.nextInt(TYPE_SWAPS.length)];
        final String member = "\"" + s.key[v] + "\":" + value;
        final boolean before = rng.nextBoolean();
        final byte[] out = before ? replace(in.payload(), s.memberStart[v], s.memberStart[v], ascii(member + ","))
            : replace(in.payload(), s.end[v], s.end[v], ascii("," + member));
        return in.withPayload(out, "duplicate key " + s.key[v] + " = " + cut(value) + (before ? " before" : " after"));
    }

    private static FuzzInput splice(final FuzzInput in, final JsonSpans s, final SeedCorpus corpus, final SplittableRandom rng)
    {
        final int v = pickMember(s, rng);
        if (v < 0)
        {
            return null;
        }
        final int donorIndex = rng.nextInt(corpus.size());
        final byte[] donor = corpus.get(donorIndex).payload();
        final JsonSpans d = JsonSpans.scan(donor);
        int match = 0;
        for (int i = 0; i < d.count; i++)
        {
            if (s.key[v].equals(d.key[i]))
            {
                match++;
            }
        }
        if (match == 0)
        {
            return null;
        }
        int pick = rng.nextInt(match);
        for (int i = 0; i < d.count; i++)
        {
            if (s.key[v].equals(d.key[i]) && pick-- == 0)
            {
                final byte[] value = java.util.Arrays.copyOfRange(donor, d.start[i], d.end[i]);
                return in.withPayload(replace(in.payload(), s.start[v], s.end[v], value), "splice " + s.key[v] + " from message "
                    + donorIndex);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ helpers

    private static FuzzInput setContent(final FuzzInput in, final JsonSpans s, final int v, final String x)
    {
        return in.withPayload(replace(in.payload(), s.contentStart(v), s.contentEnd(v), x.getBytes(StandardCharsets.UTF_8)),
            name(s, v) + " '" + s.content(v) + "' -> '" + cut(x) + "'");
    }

    /** {@code in} with the content of its first value named {@code key} set to {@code value} (a reproducer's edit). */
    static FuzzInput setField(final FuzzInput in, final String key, final String value)
    {
        final JsonSpans s = JsonSpans.scan(in.payload());
        for (int i = 0; i < s.count; i++)
        {
            if (key.equals(s.key[i]))
            {
                return setContent(in, s, i, value);
            }
        }
        throw new IllegalArgumentException("no field " + key + " in " + in.text(200));
    }

    /** A numeric value (of one of {@code keys} when given), or -1. */
    private static int pickNumeric(final JsonSpans s, final SplittableRandom rng, final Set<String> keys)
    {
        return pick(s, rng, i -> s.isNumeric(i) && (keys == null || (s.key[i] != null && keys.contains(s.key[i]))));
    }

    /** A value that is an object member (has a key), or -1. */
    private static int pickMember(final JsonSpans s, final SplittableRandom rng)
    {
        return pick(s, rng, i -> s.key[i] != null);
    }

    /** One of the values {@code wanted} accepts, uniformly, or -1 when there is none. */
    private static int pick(final JsonSpans s, final SplittableRandom rng, final IntPredicate wanted)
    {
        int n = 0;
        for (int i = 0; i < s.count; i++)
        {
            if (wanted.test(i))
            {
                n++;
            }
        }
        int left = n == 0 ? -1 : rng.nextInt(n);
        for (int i = 0; i < s.count && left >= 0; i++)
        {
            if (wanted.test(i) && left-- == 0)
            {
                return i;
            }
        }
        return -1;
    }

    private static String name(final JsonSpans s, final int v)
    {
        return s.key[v] != null ? s.key[v] : "element";
    }

    private static long parseLong(final String text, final long fallback)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return fallback;
        }
    }

    static byte[] replace(final byte[] b, final int from, final int to, final byte[] with)
    {
        final byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String cut(final String s)
    {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
