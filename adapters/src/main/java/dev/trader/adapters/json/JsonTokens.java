package dev.trader.adapters.json;

import dev.trader.codecs.Decimals;
import org.agrona.DirectBuffer;

/**
 * A zero-allocation JSON tokenizer for venue messages (jsmn style): one pass over the bytes fills preallocated token
 * arrays (type, text bounds, parent, end of subtree); parsers then look fields up by key and read numbers and
 * decimal strings straight from the bytes. Nothing is copied and no String is made. The arrays grow only when a
 * message has more tokens than any before it, so steady state allocates nothing.
 *
 * <p>Objects hold their children as alternating key and value tokens; arrays hold their elements. {@link #next(int)}
 * is the index just after a token's subtree, so skipping a value is O(1). String tokens exclude the quotes; escapes
 * are checked for structure but not decoded (venue keys and values never need it).
 *
 * <p>Malformed input (unbalanced brackets, a missing colon or comma, a bad literal, trailing garbage, an
 * unterminated string) makes {@link #parse} return false with {@link #error()} saying what and where.
 */
public final class JsonTokens
{
    public static final byte OBJECT = 1;
    public static final byte ARRAY = 2;
    public static final byte STRING = 3;
    public static final byte PRIMITIVE = 4;

    private static final int EXPECT_VALUE = 0;
    private static final int EXPECT_KEY_OR_CLOSE = 1;
    private static final int EXPECT_COLON = 2;
    private static final int EXPECT_COMMA_OR_CLOSE = 3;
    private static final int EXPECT_KEY = 4;
    private static final int EXPECT_VALUE_OR_CLOSE = 5;
    private static final int DONE = 6;

    // the message is copied once into this array and scanned there: plain array reads let the JIT drop the per-byte
    // bounds checks a DirectBuffer read does; buffer() views the same bytes, so token offsets refer to the copy
    private byte[] text = new byte[4096];
    private final org.agrona.concurrent.UnsafeBuffer view = new org.agrona.concurrent.UnsafeBuffer(text);
    private DirectBuffer buffer = view;
    private byte[] type = new byte[1024];
    private int[] start = new int[1024];
    private int[] end = new int[1024];
    private int[] next = new int[1024];
    private int count;
    private int[] stack = new int[64];
    private int[] stateStack = new int[64];
    private String error;
    private int errorPosition;

    /**
     * Tokenizes {@code [offset, offset + length)} of {@code buffer}.
     *
     * @return true when the bytes hold exactly one well-formed JSON value
     */
    public boolean parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (text.length < length)
        {
            text = new byte[Math.max(length, text.length * 2)];
        }
        buffer.getBytes(offset, text, 0, length);
        view.wrap(text, 0, length);
        this.buffer = view;
        this.count = 0;
        this.error = null;
        final byte[] text = this.text;
        final int limit = length;
        int sp = 0;
        int state = EXPECT_VALUE;
        int pos = 0;
        while (true)
        {
            pos = skipWhitespace(pos, limit);
            if (pos >= limit)
            {
                break;
            }
            final byte c = text[pos];
            switch (c)
            {
                case '{':
                case '[':
                {
                    if (state != EXPECT_VALUE && state != EXPECT_VALUE_OR_CLOSE)
                    {
                        return fail("unexpected '" + (char)c + "'", pos);
                    }
                    final int t = newToken(c == '{' ? OBJECT : ARRAY, pos, -1);
                    if (sp == stack.length)
                    {
                        stack = grow(stack);
                        stateStack = grow(stateStack);
                    }
                    stateStack[sp] = afterValue(sp);
                    stack[sp++] = t;
                    state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
                    pos++;
                    break;
                }
                case '}':
                case ']':
                {
                    if (sp == 0)
                    {
                        return fail("unbalanced '" + (char)c + "'", pos);
                    }
                    final int t = stack[sp - 1];
                    final boolean object = type[t] == OBJECT;
                    if ((c == '}') != object)
                    {
                        return fail("mismatched '" + (char)c + "'", pos);
                    }
                    if (object ? state != EXPECT_KEY_OR_CLOSE && state != EXPECT_COMMA_OR_CLOSE
                        : state != EXPECT_VALUE_OR_CLOSE && state != EXPECT_COMMA_OR_CLOSE)
                    {
                        return fail("unexpected '" + (char)c + "'", pos);
                    }
                    end[t] = pos + 1;
                    next[t] = count;
                    sp--;
                    state = stateStack[sp];
                    pos++;
                    break;
                }
                case '"':
                {
                    final int close = scanString(pos + 1, limit);
                    if (close < 0)
                    {
                        return fail("unterminated string", pos);
                    }
                    if (state == EXPECT_KEY_OR_CLOSE || state == EXPECT_KEY)
                    {
                        newToken(STRING, pos + 1, close);
                        state = EXPECT_COLON;
                    }
                    else if (state == EXPECT_VALUE || state == EXPECT_VALUE_OR_CLOSE)
                    {
                        newToken(STRING, pos + 1, close);
                        state = afterValue(sp);
                    }
                    else
                    {
                        return fail("unexpected string", pos);
                    }
                    pos = close + 1;
                    break;
                }
                case ':':
                    if (state != EXPECT_COLON)
                    {
                        return fail("unexpected ':'", pos);
                    }
                    state = EXPECT_VALUE;
                    pos++;
                    break;
                case ',':
                    if (state != EXPECT_COMMA_OR_CLOSE)
                    {
                        return fail("unexpected ','", pos);
                    }
                    state = type[stack[sp - 1]] == OBJECT ? EXPECT_KEY : EXPECT_VALUE;
                    pos++;
                    break;
                default:
                {
                    if (state != EXPECT_VALUE && state != EXPECT_VALUE_OR_CLOSE)
                    {
                        return fail("unexpected '" + (char)c + "'", pos);
                    }
                    final int stop = scanPrimitive(pos, limit);
                    if (stop < 0)
                    {
                        return fail("bad literal", pos);
                    }
                    newToken(PRIMITIVE, pos, stop);
                    state = afterValue(sp);
                    pos = stop;
                    break;
                }
            }
        }
        if (sp != 0)
        {
            return fail("unterminated " + (type[stack[sp - 1]] == OBJECT ? "object" : "array"), limit);
        }
        if (state != DONE)
        {
            return fail(count == 0 ? "empty input" : "incomplete input", limit);
        }
        return true;
    }

    private int afterValue(final int sp)
    {
        return sp == 0 ? DONE : EXPECT_COMMA_OR_CLOSE;
    }

    private int newToken(final byte tokenType, final int from, final int to)
    {
        if (count == type.length)
        {
            final int n = count * 2;
            type = java.util.Arrays.copyOf(type, n);
            start = java.util.Arrays.copyOf(start, n);
            end = java.util.Arrays.copyOf(end, n);
            next = java.util.Arrays.copyOf(next, n);
        }
        final int t = count++;
        type[t] = tokenType;
        start[t] = from;
        end[t] = to;
        next[t] = t + 1;
        return t;
    }

    private static int[] grow(final int[] a)
    {
        return java.util.Arrays.copyOf(a, a.length * 2);
    }

    private int skipWhitespace(final int from, final int limit)
    {
        int p = from;
        while (p < limit)
        {
            final byte c = text[p];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            {
                break;
            }
            p++;
        }
        return p;
    }

    /** @return index of the closing quote, or -1 */
    private int scanString(final int from, final int limit)
    {
        int p = from;
        while (p < limit)
        {
            final byte c = text[p];
            if (c == '"')
            {
                return p;
            }
            if (c == '\\')
            {
                p += 2;
                continue;
            }
            if ((c & 0xFF) < 0x20)
            {
                return -1;
            }
            p++;
        }
        return -1;
    }

    /** @return index after the literal (number, true, false, null), or -1 when it is none of those */
    private int scanPrimitive(final int from, final int limit)
    {
        int p = from;
        while (p < limit)
        {
            final byte c = text[p];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':')
            {
                break;
            }
            p++;
        }
        final int len = p - from;
        if (len == 0)
        {
            return -1;
        }
        final byte first = text[from];
        if (first == 't')
        {
            return matches(from, len, TRUE) ? p : -1;
        }
        if (first == 'f')
        {
            return matches(from, len, FALSE) ? p : -1;
        }
        if (first == 'n')
        {
            return matches(from, len, NULL) ? p : -1;
        }
        boolean digit = false;
        for (int i = from; i < p; i++)
        {
            final byte c = text[i];
            if (c >= '0' && c <= '9')
            {
                digit = true;
            }
            else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E')
            {
                return -1;
            }
        }
        return digit ? p : -1;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private boolean matches(final int from, final int len, final byte[] literal)
    {
        if (len != literal.length)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (text[from + i] != literal[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean fail(final String what, final int position)
    {
        error = what;
        errorPosition = position;
        return false;
    }

    /** Why the last {@link #parse} failed, or null. */
    public String error()
    {
        return error == null ? null : error + " at byte " + errorPosition;
    }

    /** Tokens of the last parse; token 0 is the root. */
    public int count()
    {
        return count;
    }

    public byte type(final int token)
    {
        return type[token];
    }

    /** First byte of the token's text (strings: after the opening quote). */
    public int start(final int token)
    {
        return start[token];
    }

    /** End (exclusive) of the token's text (strings: the closing quote). */
    public int end(final int token)
    {
        return end[token];
    }

    public int length(final int token)
    {
        return end[token] - start[token];
    }

    /** Index of the first token after this token's subtree. */
    public int next(final int token)
    {
        return next[token];
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The value token of {@code key} in {@code object}, or -1 when the key is absent (or {@code object} is not one).
     */
    public int field(final int object, final byte[] key)
    {
        if (object < 0 || type[object] != OBJECT)
        {
            return -1;
        }
        final int stop = next[object];
        int k = object + 1;
        while (k < stop)
        {
            final int v = k + 1;
            if (textEquals(k, key))
            {
                return v;
            }
            k = next[v];
        }
        return -1;
    }

    /** Number of elements of an array token (or key/value pairs of an object). */
    public int elementCount(final int container)
    {
        int n = 0;
        final int stop = next[container];
        int i = container + 1;
        while (i < stop)
        {
            n++;
            i = next[i];
            if (type[container] == OBJECT)
            {
                i = next[i];
            }
        }
        return n;
    }

    /** First element of an array, or -1 when empty. Iterate with {@code e = next(e)} while {@code e < next(array)}. */
    public int firstElement(final int array)
    {
        return array + 1 < next[array] ? array + 1 : -1;
    }

    /** True when the token's text is exactly {@code ascii}. */
    public boolean textEquals(final int token, final byte[] ascii)
    {
        final int s = start[token];
        final int len = end[token] - s;
        if (len != ascii.length)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (text[s + i] != ascii[i])
            {
                return false;
            }
        }
        return true;
    }

    /** True when the token's text starts with {@code ascii}. */
    public boolean textStartsWith(final int token, final byte[] ascii)
    {
        final int s = start[token];
        if (end[token] - s < ascii.length)
        {
            return false;
        }
        for (int i = 0; i < ascii.length; i++)
        {
            if (text[s + i] != ascii[i])
            {
                return false;
            }
        }
        return true;
    }


    /** The token's number or numeric string as a mantissa at {@code exponent}; {@link Decimals#INVALID} etc. on failure. */
    public long decimal(final int token, final int exponent)
    {
        if (token < 0 || (type[token] != STRING && type[token] != PRIMITIVE))
        {
            return Decimals.INVALID;
        }
        return Decimals.parse(buffer, start[token], end[token] - start[token], exponent);
    }

    /** The token as a whole number (plain digits, optionally quoted); {@link Decimals#INVALID} when it is not one. */
    public long integer(final int token)
    {
        return decimal(token, 0);
    }

    /** Digits after the decimal point in the token's text (0 when there is no point). */
    public int fractionDigits(final int token)
    {
        final int s = start[token];
        final int e = end[token];
        for (int p = s; p < e; p++)
        {
            if (text[p] == '.')
            {
                return e - p - 1;
            }
        }
        return 0;
    }

    public boolean isTrue(final int token)
    {
        return token >= 0 && type[token] == PRIMITIVE && text[start[token]] == 't';
    }

    public boolean isNull(final int token)
    {
        return token < 0 || (type[token] == PRIMITIVE && text[start[token]] == 'n');
    }

    /** The token's text as a String (diagnostics only: allocates). */
    public String text(final int token)
    {
        final byte[] b = new byte[end[token] - start[token]];
        buffer.getBytes(start[token], b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** ASCII bytes of a key or value constant, for {@link #field} and {@link #textEquals}. */
    public static byte[] ascii(final String s)
    {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
