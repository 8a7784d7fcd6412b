package dev.trader.replay.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where the values of a JSON text lie, for structure-aware mutations: each value's byte span, its kind, its nesting
 * depth, the object key it belongs to and where its whole member ({@code "key":value}) starts. Best effort on broken
 * input (an already mutated message): whatever scans is recorded, nothing is validated, nothing throws.
 */
final class JsonSpans
{
    static final byte STRING = 1;
    static final byte NUMBER = 2;
    static final byte LITERAL = 3;
    static final byte OBJECT = 4;
    static final byte ARRAY = 5;

    private static final int MAX_DEPTH = 64;

    int count;
    int[] start = new int[64];
    int[] end = new int[64];
    int[] memberStart = new int[64];
    int[] depth = new int[64];
    byte[] kind = new byte[64];
    String[] key = new String[64];

    private final byte[] b;
    private final int length;

    private JsonSpans(final byte[] b)
    {
        this.b = b;
        this.length = b.length;
    }

    static JsonSpans scan(final byte[] json)
    {
        final JsonSpans s = new JsonSpans(json);
        s.run();
        return s;
    }

    private void run()
    {
        final int[] cStart = new int[MAX_DEPTH];
        final int[] cMember = new int[MAX_DEPTH];
        final byte[] cKind = new byte[MAX_DEPTH];
        final String[] cKey = new String[MAX_DEPTH];
        int sp = 0;
        String pendingKey = null;
        int pendingKeyStart = -1;
        int i = 0;
        while (i < length)
        {
            final byte c = b[i];
            final boolean inObject = sp > 0 && cKind[sp - 1] == OBJECT;
            if (c == '{' || c == '[')
            {
                if (sp == MAX_DEPTH)
                {
                    return;
                }
                cStart[sp] = i;
                cKind[sp] = c == '{' ? OBJECT : ARRAY;
                cKey[sp] = inObject ? pendingKey : null;
                cMember[sp] = inObject && pendingKeyStart >= 0 ? pendingKeyStart : i;
                sp++;
                pendingKey = null;
                pendingKeyStart = -1;
                i++;
            }
            else if (c == '}' || c == ']')
            {
                if (sp > 0)
                {
                    sp--;
                    add(cKind[sp], cStart[sp], i + 1, cMember[sp], sp, cKey[sp]);
                }
                pendingKey = null;
                pendingKeyStart = -1;
                i++;
            }
            else if (c == '"')
            {
                int j = i + 1;
                while (j < length && b[j] != '"')
                {
                    j += b[j] == '\\' ? 2 : 1;
                }
                j = Math.min(j + 1, length);
                int k = j;
                while (k < length && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n'))
                {
                    k++;
                }
                if (inObject && pendingKey == null && k < length && b[k] == ':')
                {
                    pendingKey = new String(b, i + 1, Math.max(0, j - i - 2), StandardCharsets.ISO_8859_1);
                    pendingKeyStart = i;
                    i = k + 1;
                }
                else
                {
                    add(STRING, i, j, inObject && pendingKeyStart >= 0 ? pendingKeyStart : i, sp, inObject ? pendingKey : null);
                    pendingKey = null;
                    pendingKeyStart = -1;
                    i = j;
                }
            }
            else if (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\r' || c == '\n')
            {
                i++;
            }
            else
            {
                int j = i;
                while (j < length && !isDelimiter(b[j]))
                {
                    j++;
                }
                add(c == '-' || (c >= '0' && c <= '9') ? NUMBER : LITERAL, i, j,
                    inObject && pendingKeyStart >= 0 ? pendingKeyStart : i, sp, inObject ? pendingKey : null);
                pendingKey = null;
                pendingKeyStart = -1;
                i = j;
            }
        }
    }

    private static boolean isDelimiter(final byte c)
    {
        return c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == ' ' || c == '\t'
            || c == '\r' || c == '\n';
    }

    private void add(final byte k, final int s, final int e, final int member, final int d, final String name)
    {
        if (count == start.length)
        {
            final int n = count * 2;
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            memberStart = Arrays.copyOf(memberStart, n);
            depth = Arrays.copyOf(depth, n);
            kind = Arrays.copyOf(kind, n);
            key = Arrays.copyOf(key, n);
        }
        start[count] = s;
        end[count] = e;
        memberStart[count] = member;
        depth[count] = d;
        kind[count] = k;
        key[count] = name;
        count++;
    }

    /** True for a number, or a string whose content is a plain decimal (how the venues quote prices). */
    boolean isNumeric(final int i)
    {
        if (kind[i] == NUMBER)
        {
            return true;
        }
        if (kind[i] != STRING || end[i] - start[i] < 3)
        {
            return false;
        }
        boolean digit = false;
        for (int p = start[i] + 1; p < end[i] - 1; p++)
        {
            final byte c = b[p];
            if (c >= '0' && c <= '9')
            {
                digit = true;
            }
            else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
            {
                return false;
            }
        }
        return digit;
    }

    /** The span of a value's content: inside the quotes for a string. */
    int contentStart(final int i)
    {
        return kind[i] == STRING && end[i] - start[i] >= 2 ? start[i] + 1 : start[i];
    }

    int contentEnd(final int i)
    {
        return kind[i] == STRING && end[i] - start[i] >= 2 && b[end[i] - 1] == '"' ? end[i] - 1 : end[i];
    }

    String content(final int i)
    {
        return new String(b, contentStart(i), contentEnd(i) - contentStart(i), StandardCharsets.ISO_8859_1);
    }

    /** An array whose first element is an array: a list of book levels. */
    boolean isLevelList(final int i)
    {
        if (kind[i] != ARRAY)
        {
            return false;
        }
        int p = start[i] + 1;
        while (p < end[i] && (b[p] == ' ' || b[p] == '\n'))
        {
            p++;
        }
        return p < end[i] && b[p] == '[';
    }
}
