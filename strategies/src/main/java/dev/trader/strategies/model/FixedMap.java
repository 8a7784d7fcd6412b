package dev.trader.strategies.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, insertion-ordered map whose {@code entrySet().iterator()} reuses one iterator, so that ONNX Runtime's
 * {@code run}, which iterates the input and pinned-output maps on every call, does not allocate an iterator for
 * them. Only for one thread and one iteration at a time (each {@code iterator()} call rewinds the shared
 * iterator): exactly how {@code OrtSession.run} uses its maps.
 *
 * @param <V> the value type
 */
final class FixedMap<V> extends AbstractMap<String, V>
{
    private final List<Map.Entry<String, V>> entries;
    private final EntrySet entrySet = new EntrySet();
    private final ReusedIterator iterator = new ReusedIterator();

    FixedMap(final Map<String, V> source)
    {
        this.entries = List.copyOf(source.entrySet().stream()
            .map(e -> (Map.Entry<String, V>)new SimpleImmutableEntry<>(e.getKey(), e.getValue()))
            .toList());
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet()
    {
        return entrySet;
    }

    @Override
    public int size()
    {
        return entries.size();
    }

    @Override
    public boolean containsKey(final Object key)
    {
        for (int i = 0; i < entries.size(); i++)
        {
            if (entries.get(i).getKey().equals(key))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public V get(final Object key)
    {
        for (int i = 0; i < entries.size(); i++)
        {
            if (entries.get(i).getKey().equals(key))
            {
                return entries.get(i).getValue();
            }
        }
        return null;
    }

    private final class EntrySet extends AbstractSet<Map.Entry<String, V>>
    {
        @Override
        public Iterator<Map.Entry<String, V>> iterator()
        {
            iterator.next = 0;
            return iterator;
        }

        @Override
        public int size()
        {
            return entries.size();
        }
    }

    private final class ReusedIterator implements Iterator<Map.Entry<String, V>>
    {
        int next;

        @Override
        public boolean hasNext()
        {
            return next < entries.size();
        }

        @Override
        public Map.Entry<String, V> next()
        {
            if (next >= entries.size())
            {
                throw new NoSuchElementException();
            }
            return entries.get(next++);
        }
    }
}
