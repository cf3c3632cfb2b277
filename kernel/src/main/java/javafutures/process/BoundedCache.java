package javafutures.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A cache that keeps at most {@link #limit()} entries, dropping the least recently used first: for what the
 * kernel and its workers compute per snippet class or task shape, since a notebook session makes new ones
 * with every cell and a cache that only grew would keep them all. A dropped entry is simply computed again.
 *
 * <p>The limit comes from a system property when one is set (so tests and long sessions can change it at JVM
 * start) and can be changed later with {@link #limit(int)}; 0 caches nothing. Thread-safe: every operation
 * holds the cache's monitor, briefly (values are computed outside it).
 */
public final class BoundedCache<K, V> {
    private final Map<K, V> map = new LinkedHashMap<>(16, 0.75f, true);
    private volatile int limit;

    /**
     * A cache of at most {@code Integer.getInteger(property, defaultLimit)} entries; a property that is not a
     * number, or is negative, is ignored (a typo in a JVM option must not break the kernel's classes).
     */
    public BoundedCache(String property, int defaultLimit) {
        int entries = Integer.getInteger(property, defaultLimit);
        limit(entries >= 0 ? entries : defaultLimit);
    }

    /** The value for {@code key}, now the most recently used one; null when there is none. */
    public synchronized V get(K key) {
        return map.get(key);
    }

    /** Keeps {@code value} for {@code key}, dropping the least recently used entries beyond the limit. */
    public synchronized void put(K key, V value) {
        map.put(key, value);
        trim();
    }

    /**
     * The cached value for {@code key} if {@code usable} accepts it, else one made by {@code make} (outside the
     * monitor; two threads may both make one) and kept.
     */
    public V get(K key, Predicate<V> usable, Function<K, V> make) {
        V v = get(key);
        if (v != null && usable.test(v)) return v;
        v = make.apply(key);
        put(key, v);
        return v;
    }

    public synchronized int size() {
        return map.size();
    }

    public int limit() {
        return limit;
    }

    /** Changes the limit, dropping the least recently used entries beyond it at once. */
    public synchronized void limit(int entries) {
        if (entries < 0) throw new IllegalArgumentException("a cache limit cannot be negative: " + entries);
        limit = entries;
        trim();
    }

    private void trim() {
        var it = map.entrySet().iterator();
        for (int excess = map.size() - limit; excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }
}
