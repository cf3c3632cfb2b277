package javafutures.futures;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every {@link TaskFuture} created in this JVM that is still reachable, for {@code %futures}. Futures are
 * held weakly: the registry never keeps a result alive, so a notebook that creates millions of futures,
 * or futures with large results, does not run out of memory because of it.
 *
 * <p>Registration is on the submit path, so it is an append to the current chunk of a log (one short
 * critical section). Each time a chunk fills, {@link #SWEEP} older chunks are swept of cleared references
 * in place (and dropped when empty), round robin: constant work per registration, no pauses, and memory
 * proportional to the live futures. Thread-safe.
 */
final class FutureRegistry {
    private static final int CHUNK = 1024;
    private static final int SWEEP = 2;

    private static final class Chunk {
        Object[] refs;
        int size;

        Chunk(Object[] refs, int size) {
            this.refs = refs;
            this.size = size;
        }
    }

    private static final Object LOCK = new Object();
    // Guarded by LOCK: swept chunks oldest first; the current chunk being filled.
    private static final List<Chunk> OLD = new ArrayList<>();
    private static Object[] current = new Object[CHUNK];
    private static int pos;
    private static int cursor;

    private FutureRegistry() {
    }

    static void register(TaskFuture<?> f) {
        WeakReference<TaskFuture<?>> ref = new WeakReference<>(f);
        synchronized (LOCK) {
            if (pos == CHUNK) rotate();
            current[pos++] = ref;
        }
    }

    private static void rotate() {
        OLD.add(new Chunk(current, CHUNK));
        current = new Object[CHUNK];
        pos = 0;
        for (int k = 0; k < SWEEP && !OLD.isEmpty(); k++) {
            if (cursor >= OLD.size()) cursor = 0;
            Chunk c = OLD.get(cursor);
            int n = 0;
            for (int i = 0; i < c.size; i++) {
                if (((WeakReference<?>) c.refs[i]).get() != null) c.refs[n++] = c.refs[i];
            }
            Arrays.fill(c.refs, n, c.size, null);
            c.size = n;
            if (n == 0) {
                OLD.remove(cursor);
            } else {
                if (n < c.refs.length / 4) c.refs = Arrays.copyOf(c.refs, n);
                cursor++;
            }
        }
    }

    /** The futures still reachable, oldest first. */
    static List<TaskFuture<?>> all() {
        List<TaskFuture<?>> out = new ArrayList<>();
        synchronized (LOCK) {
            for (Chunk c : OLD) collect(c.refs, c.size, out);
            collect(current, pos, out);
        }
        return out;
    }

    private static void collect(Object[] refs, int n, List<TaskFuture<?>> out) {
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            TaskFuture<?> f = ((WeakReference<TaskFuture<?>>) refs[i]).get();
            if (f != null) out.add(f);
        }
    }
}
