package dev.trader.adapters.binance;

import dev.trader.adapters.binance.ParserCorpus.Message;
import dev.trader.adapters.json.JsonTokens;
import dev.trader.engine.InstrumentRegistry;
import dev.trader.engine.Venue;
import dev.trader.codecs.sbe.RejectReason;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random corruption of real messages never makes the parser throw: every message yields exactly one valid event (a
 * market event or an InputReject), or nothing for a control message, and the emitter is never left claimed. The
 * corruption is steered by {@link JsonTokens}: the real message is tokenized and a token's text is replaced by a
 * hostile value, removed, or cut; byte noise and truncation come on top.
 */
class BinanceParserProperties
{
    /** Whole JSON values (valid JSON, hostile content) to put in place of a value. */
    private static final String[] VALUES = {
        "-1", "0", "1", "-0.0", "1e5", "null", "true", "false", "{}", "[]", "[[]]", "\"\"", "\"x\"", "99999999999999999999999",
        "0.0000000000000000000001", "9223372036854775807", "-9223372036854775808", "[\"1\"]", "[\"1\",\"2\",\"3\"]",
        "[[\"1.00\",\"-1\"]]", "[[\"0\",\"1\"]]", "\"-5\"", "\"0.000\"", "\"61800.305\"", "\"BTCUSDT\"", "\"trade\"",
        "\"depthUpdate\"", "\"1M\"", "\"0m\"", "\"99999w\"", "\"SELL\""};
    /** Texts to put inside a string's quotes (values, symbols, event types, intervals, keys). */
    private static final String[] TEXTS = {
        "", "-1", "0", "0.000", "-0.010", "1e5", "abc", "61800.305", "1.123456789", "99999999999999999999", "1.", ".5", "-0",
        "BTCUSDT", "ETHUSDT", "NKNUSDT", "btcusdt@depth", "trade", "aggTrade", "kline", "forceOrder", "markPriceUpdate",
        "bookTicker", "depthUpdate", "1M", "15m", "1s", "INSURANCE_FUND", "ADL", "NA", "BUY", "SELL", "e", "s", "p", "q", "T",
        "E", "u", "U", "pu", "b", "a", "k", "o", "lastUpdateId", "bids", "asks", "result", "id", "data", "stream"};
    /** Raw text (often not JSON) to put in place of any token. */
    private static final String[] RAW = {"", "NaN", "1.2.3", "\"", "{", "]", ",", ":", "\\u0000", "tru", "--1"};

    private final InstrumentRegistry registry = RealPayloads.repositoryInstruments();
    private final List<Message> corpus = ParserCorpus.messages(registry);
    private final BinanceParser usdm = new BinanceParser(Venue.BINANCE_USDM, registry);
    private final BinanceParser spot = new BinanceParser(Venue.BINANCE_SPOT, registry);
    private final RecordingEmitter emitter = new RecordingEmitter(1 << 20);
    private final JsonTokens tokens = new JsonTokens();
    private int minRejectReasons;

    @Property(tries = 2000, seed = "20240808")
    void shouldNeverThrowOnTokenLevelCorruption(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) final int seed)
    {
        minRejectReasons = 6;
        final Random r = new Random(seed);
        final Message m = corpus.get(r.nextInt(corpus.size()));
        final byte[] original = m.json().getBytes(StandardCharsets.UTF_8);
        assertTrue(tokens.parse(new UnsafeBuffer(original), 0, original.length));
        String text = m.json();
        final int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++)
        {
            final byte[] now = text.getBytes(StandardCharsets.UTF_8);
            if (!tokens.parse(new UnsafeBuffer(now), 0, now.length) || tokens.count() < 2)
            {
                break;
            }
            final boolean[] key = keys();
            final int t = 1 + r.nextInt(tokens.count() - 1);
            final boolean quoted = tokens.type(t) == JsonTokens.STRING;
            final int start = quoted ? tokens.start(t) - 1 : tokens.start(t);
            final int end = quoted ? tokens.end(t) + 1 : tokens.end(t);
            final int kind = r.nextInt(10);
            if (quoted && (key[t] || kind < 5))
            {
                // stays valid JSON: new text between the quotes (a renamed key, a hostile value)
                text = text.substring(0, tokens.start(t)) + TEXTS[r.nextInt(TEXTS.length)] + text.substring(tokens.end(t));
            }
            else if (!key[t] && kind < 8)
            {
                // stays valid JSON: another value, of any type, in place of this one and its subtree
                final int subtreeEnd = tokens.type(t) == JsonTokens.OBJECT || tokens.type(t) == JsonTokens.ARRAY ? tokens.end(t) : end;
                text = text.substring(0, start) + VALUES[r.nextInt(VALUES.length)] + text.substring(subtreeEnd);
            }
            else
            {
                // anything: raw junk, or the token cut short
                final String replacement = r.nextBoolean() ? RAW[r.nextInt(RAW.length)]
                    : text.substring(start, start + r.nextInt(end - start + 1));
                text = text.substring(0, start) + replacement + text.substring(end);
            }
        }
        parseAndCheck(m, text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000, seed = "20211012")
    void shouldNeverThrowOnByteNoiseAndTruncation(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) final int seed)
    {
        minRejectReasons = 4;
        final Random r = new Random(seed);
        final Message m = corpus.get(r.nextInt(corpus.size()));
        byte[] b = m.json().getBytes(StandardCharsets.UTF_8);
        final String alphabet = "{}[]\",:.-0123456789eE aAbBtTfnul\\\u0000";
        for (int i = 0; i < 1 + r.nextInt(5); i++)
        {
            b[r.nextInt(b.length)] = (byte)alphabet.charAt(r.nextInt(alphabet.length()));
        }
        if (r.nextInt(3) == 0)
        {
            b = Arrays.copyOf(b, r.nextInt(b.length + 1));
        }
        parseAndCheck(m, b);
    }

    /** Key tokens of the last tokenized text. */
    private boolean[] keys()
    {
        final boolean[] key = new boolean[tokens.count()];
        for (int o = 0; o < tokens.count(); o++)
        {
            if (tokens.type(o) == JsonTokens.OBJECT)
            {
                for (int k = o + 1; k < tokens.next(o); k = tokens.next(k + 1))
                {
                    key[k] = true;
                }
            }
        }
        return key;
    }

    /** The corruption must reach deep into the parser, not just break the JSON. */
    @AfterProperty
    void shouldHaveReachedManyRejectPaths()
    {
        int reasons = 0;
        for (final RejectReason reason : RejectReason.values())
        {
            if (reason != RejectReason.NULL_VAL && usdm.rejected(reason) + spot.rejected(reason) > 0)
            {
                reasons++;
            }
        }
        assertTrue(reasons >= minRejectReasons, "reject reasons reached: " + usdm.counters() + " " + spot.counters());
    }

    private void parseAndCheck(final Message m, final byte[] bytes)
    {
        final BinanceParser parser = m.venue() == Venue.BINANCE_USDM ? usdm : spot;
        final long ignoredBefore = parser.ignored();
        emitter.clear();
        parser.parse(new UnsafeBuffer(bytes), 0, bytes.length, 1L, m.instrumentIdHint(), m.isRest(), emitter);
        assertFalse(emitter.claimOutstanding());
        final boolean ignored = parser.ignored() > ignoredBefore;
        assertEquals(ignored ? 0 : 1, emitter.events().size(), () -> new String(bytes, StandardCharsets.UTF_8));
        for (final byte[] e : emitter.events())
        {
            Decoded.decode(e);
        }
    }
}
