package dev.trader.adapters.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trader.codecs.Decimals;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTokensTest
{
    private final JsonTokens json = new JsonTokens();

    private boolean parse(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return json.parse(new UnsafeBuffer(b), 0, b.length);
    }

    @Test
    void shouldFindFieldsAndReadDecimalsOfABinanceDepthMessage()
    {
        assertTrue(parse("{\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161256299,\"U\":5123107832006,"
            + "\"u\":5123107837557,\"pu\":5123107831937,\"b\":[[\"58710.20\",\"0.014\"],[\"61510.90\",\"0.000\"]],\"a\":[]}}"));
        final int data = json.field(0, JsonTokens.ascii("data"));
        assertTrue(json.textEquals(json.field(data, JsonTokens.ascii("e")), JsonTokens.ascii("depthUpdate")));
        assertEquals(5123107837557L, json.integer(json.field(data, JsonTokens.ascii("u"))));
        final int bids = json.field(data, JsonTokens.ascii("b"));
        assertEquals(2, json.elementCount(bids));
        final int first = json.firstElement(bids);
        final int price = json.firstElement(first);
        assertEquals(5871020L, json.decimal(price, -2));
        assertEquals(2, json.fractionDigits(price));
        assertEquals(14L, json.decimal(json.next(price), -3));
        final int second = json.next(first);
        assertEquals(0L, json.decimal(json.next(json.firstElement(second)), -3));
        assertEquals(json.next(bids), json.next(second));
        assertEquals(0, json.elementCount(json.field(data, JsonTokens.ascii("a"))));
        assertEquals(-1, json.firstElement(json.field(data, JsonTokens.ascii("a"))));
        assertEquals(-1, json.field(data, JsonTokens.ascii("missing")));
        assertEquals(587102L, json.decimal(price, -1));
        assertEquals(Decimals.TOO_PRECISE, json.decimal(price, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,2", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[,1]", "{\"a\":1}}",
        "{\"a\":1} x", "\"abc", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":--}", "{1:2}", "[1 2]", "{\"a\":1 \"b\":2}", "{\"a\"::1}",
        "[}", "{]", "{\"a\":\"x\ny\"}"})
    void shouldRejectMalformedJsonWithAReason(final String text)
    {
        assertFalse(parse(text), text);
        assertNotNull(json.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "1", "\"s\"", "true", " {\"a\" : [ 1 , 2.5 , -3e2 , null , false ] } ", "{\"a\":\"q\\\"uote\"}",
        "[[[]]]", "{\"a\":{\"b\":{\"c\":[{}]}}}"})
    void shouldAcceptWellFormedJson(final String text)
    {
        assertTrue(parse(text), () -> text + ": " + json.error());
    }

    /** Against Jackson as the oracle: every field of random documents is found with the same text. */
    @Property(tries = 300, seed = "7")
    void shouldAgreeWithJacksonOnRandomDocuments(@ForAll @IntRange(min = 0, max = 1_000_000) final int seed) throws Exception
    {
        final JsonNode doc = randomObject(new Random(seed), 0);
        final String text = new ObjectMapper().writeValueAsString(doc);
        assertTrue(parse(text), () -> text + ": " + json.error());
        assertSame(doc, 0);
    }

    /** Random corruption never throws: it parses or it fails with a reason. */
    @Property(tries = 500, seed = "11")
    void shouldNeverThrowOnCorruptedInput(@ForAll @IntRange(min = 0, max = 1_000_000) final int seed) throws Exception
    {
        final Random r = new Random(seed);
        final byte[] b = new ObjectMapper().writeValueAsBytes(randomObject(r, 0));
        for (int i = 0; i < 1 + r.nextInt(4); i++)
        {
            final String alphabet = "{}[]\",:0a \\";
            b[r.nextInt(b.length)] = (byte)alphabet.charAt(r.nextInt(alphabet.length()));
        }
        final boolean ok = json.parse(new UnsafeBuffer(b), 0, r.nextInt(b.length + 1));
        if (!ok)
        {
            assertNotNull(json.error());
        }
    }

    private void assertSame(final JsonNode node, final int token)
    {
        if (node.isObject())
        {
            assertEquals(JsonTokens.OBJECT, json.type(token));
            assertEquals(node.size(), json.elementCount(token));
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext())
            {
                final Map.Entry<String, JsonNode> f = fields.next();
                final int v = json.field(token, JsonTokens.ascii(f.getKey()));
                assertTrue(v > 0, f.getKey());
                assertSame(f.getValue(), v);
            }
        }
        else if (node.isArray())
        {
            assertEquals(JsonTokens.ARRAY, json.type(token));
            assertEquals(node.size(), json.elementCount(token));
            int e = json.firstElement(token);
            for (final JsonNode child : node)
            {
                assertSame(child, e);
                e = json.next(e);
            }
        }
        else if (node.isTextual())
        {
            assertEquals(JsonTokens.STRING, json.type(token));
            assertEquals(node.asText(), json.text(token));
        }
        else
        {
            assertEquals(JsonTokens.PRIMITIVE, json.type(token));
            assertEquals(node.toString(), json.text(token));
        }
    }

    private static JsonNode randomObject(final Random r, final int depth)
    {
        final ObjectNode o = JsonNodeFactory.instance.objectNode();
        final int n = r.nextInt(5);
        for (int i = 0; i < n; i++)
        {
            o.set("k" + i + (char)('a' + r.nextInt(26)), randomValue(r, depth + 1));
        }
        return o;
    }

    private static JsonNode randomValue(final Random r, final int depth)
    {
        final int kind = depth > 4 ? 2 + r.nextInt(4) : r.nextInt(6);
        switch (kind)
        {
            case 0:
                return randomObject(r, depth);
            case 1:
            {
                final ArrayNode a = JsonNodeFactory.instance.arrayNode();
                final int n = r.nextInt(4);
                for (int i = 0; i < n; i++)
                {
                    a.add(randomValue(r, depth + 1));
                }
                return a;
            }
            case 2:
                return JsonNodeFactory.instance.textNode(Long.toString(r.nextLong() % 100000) + "." + r.nextInt(1000));
            case 3:
                return JsonNodeFactory.instance.numberNode(r.nextLong());
            case 4:
                return JsonNodeFactory.instance.booleanNode(r.nextBoolean());
            default:
                return JsonNodeFactory.instance.nullNode();
        }
    }
}
