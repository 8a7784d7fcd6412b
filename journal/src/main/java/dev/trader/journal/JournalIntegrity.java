package dev.trader.journal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reader found about a journal's integrity so far: frames read intact, corrupt frames, frames missing in the
 * middle or at a truncated tail, the first damage, and whether the writer closed the journal (false after a kill -9:
 * every frame committed before it is still read back, and that is not damage).
 */
public final class JournalIntegrity
{
    private final long expectedFrames;
    private final boolean writerClosed;
    private long framesRead;
    private long corruptFrames;
    private long missingFrames;
    private boolean truncatedTail;
    private JournalDamage firstDamage;

    JournalIntegrity(final long expectedFrames, final boolean writerClosed)
    {
        this.expectedFrames = expectedFrames;
        this.writerClosed = writerClosed;
    }

    void frameRead()
    {
        framesRead++;
    }

    void record(final JournalDamage damage)
    {
        switch (damage.kind())
        {
            case CORRUPT_FRAME:
                corruptFrames += damage.frames();
                break;
            case TRUNCATED_TAIL:
                truncatedTail = true;
                missingFrames += damage.frames();
                break;
            default:
                missingFrames += damage.frames();
                break;
        }
        if (firstDamage == null)
        {
            firstDamage = damage;
        }
    }

    /** Frames the journal's manifest counted when the reader opened it. */
    public long expectedFrames()
    {
        return expectedFrames;
    }

    public boolean writerClosed()
    {
        return writerClosed;
    }

    /** Frames read with a good checksum and sequence (valid events or not). */
    public long framesRead()
    {
        return framesRead;
    }

    public long corruptFrames()
    {
        return corruptFrames;
    }

    /** Frames neither read nor found corrupt: in holes, and in a truncated tail. */
    public long missingFrames()
    {
        return missingFrames;
    }

    public boolean truncatedTail()
    {
        return truncatedTail;
    }

    /** The first damage found, null when none. */
    public JournalDamage firstDamage()
    {
        return firstDamage;
    }

    public boolean damaged()
    {
        return firstDamage != null;
    }

    /** The fields {@code trader journal stats} and a run's summary print. */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", framesRead);
        m.put("corruptFrames", corruptFrames);
        m.put("missingFrames", missingFrames);
        m.put("truncatedTail", truncatedTail);
        m.put("firstDamage", firstDamage == null ? null : firstDamage.toMap());
        m.put("writerClosed", writerClosed);
        return m;
    }
}
