package dev.trader.journal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One damaged stretch of a journal, where the reader found it.
 *
 * @param kind       what is wrong
 * @param index      the first frame affected (frames are numbered 0, 1, 2, ... in write order)
 * @param frames     how many frames it affects
 * @param file       the queue file
 * @param byteOffset where in {@code file}: the damaged frame's header, or where readable data stopped
 * @param detail     what the reader saw
 */
public record JournalDamage(Kind kind, long index, long frames, String file, long byteOffset, String detail)
{
    /** What is wrong. */
    public enum Kind
    {
        /** A frame is there but fails its checks (checksum, length, sequence): its bytes are not what was written. */
        CORRUPT_FRAME,
        /** Frames are gone from the middle: the next readable frame has a later sequence number. */
        MISSING_FRAMES,
        /** The journal's data ends before the last frame its manifest counts. */
        TRUNCATED_TAIL
    }

    /** One line naming the position, e.g. {@code corrupt frame at index 46245 (20261208F.cq4 byte offset 15399780): ...}. */
    public String describe()
    {
        final String where = " (" + file + " byte offset " + byteOffset + "): " + detail;
        switch (kind)
        {
            case CORRUPT_FRAME:
                return "corrupt frame at index " + index + where;
            case MISSING_FRAMES:
                return frames + " frame" + (frames == 1 ? "" : "s") + " missing at index " + range() + where;
            default:
                return "truncated tail: " + frames + " frame" + (frames == 1 ? "" : "s") + " missing at index " + range() + where;
        }
    }

    private String range()
    {
        return frames == 1 ? Long.toString(index) : index + ".." + (index + frames - 1);
    }

    /** The shape {@code trader journal stats} prints. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.name());
        m.put("index", index);
        m.put("frames", frames);
        m.put("file", file);
        m.put("byteOffset", byteOffset);
        m.put("detail", detail);
        m.put("description", describe());
        return m;
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
