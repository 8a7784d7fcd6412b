package dev.trader.journal;

import java.nio.file.Path;

/** A journal read in strict mode (the default) holds damage: the message names the first damaged position. */
public final class JournalDamagedException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient JournalDamage damage;

    public JournalDamagedException(final Path dir, final JournalDamage damage)
    {
        super("journal " + dir + " is damaged: " + damage.describe());
        this.damage = damage;
    }

    public JournalDamage damage()
    {
        return damage;
    }
}
