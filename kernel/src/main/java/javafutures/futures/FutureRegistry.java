package javafutures.futures;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every {@link TaskFuture} created in this JVM that is still reachable, for {@code %futures}.
 *
 * <p>The registry must never keep a future (and its result) alive, so it holds futures weakly; but
 * registering is on the submit path, where a {@code WeakReference} per future plus a lock doubled the
 * cost of {@code submit} (ThreadPoolBench). So registering stores the future strongly in the slot its
 * id selects (ids are unique and dense, so no other atomic is needed); a daemon sweeper replaces strong entries
 * with weak references at most {@link #SWEEP_MS} ms later and drops cleared ones. A strong entry that
 * young delays nothing: a pending future is held by its pool anyway. Thread-safe; only the sweeper
 * rewrites a slot once it is written.
 */
final class FutureRegistry {
    static final long SWEEP_MS = 1000;
    private static final int CHUNK = 1024;

    /** The futures with ids {@code base .. base + CHUNK - 1}, in the slot {@code id - base}. */
    private static final class Chunk {
        final long base;
        /** A slot holds a TaskFuture (young), a WeakReference (swept), or null (not written yet, or dropped). */
        final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(CHUNK);
        // Sweeper state: a full chunk with no young entries only needs to drop cleared references, now and
        // then; one found empty twice in a row is removed (twice, in case a writer stalled after claiming).
        boolean settled;
        int emptySweeps;

        Chunk(long base) {
            this.base = base;
        }
    }

    /** Chunks in id order; only ever appended to (under its lock) and removed from by the sweeper. */
    private static final List<Chunk> CHUNKS = new CopyOnWriteArrayList<>();
    private static volatile Chunk current;
    private static final Thread SWEEPER = PoolThreads.newDaemon(FutureRegistry::sweepLoop, "java-futures-registry");

    static {
        SWEEPER.start();
    }

    private FutureRegistry() {
    }

    /** Records {@code f} by its id (ids come from one counter, so this needs no other atomic). */
    static void register(TaskFuture<?> f) {
        long id = f.id();
        Chunk c = current;
        if (c == null || id < c.base || id >= c.base + CHUNK) c = chunkFor(id);
        c.slots.lazySet((int) (id - c.base), f);
    }

    /** The chunk for {@code id}, creating chunks up to it; rare (once per CHUNK futures) so it may lock. */
    private static Chunk chunkFor(long id) {
        long base = id - id % CHUNK;
        synchronized (CHUNKS) {
            for (int i = CHUNKS.size() - 1; i >= 0; i--) {
                Chunk c = CHUNKS.get(i);
                if (c.base == base) return c;
                if (c.base < base) break;
            }
            Chunk c = new Chunk(base);
            // Keep id order: a late registration of an older id may create its chunk after newer ones.
            int at = CHUNKS.size();
            while (at > 0 && CHUNKS.get(at - 1).base > base) at--;
            CHUNKS.add(at, c);
            if (current == null || base > current.base) current = c;
            return c;
        }
    }

    /** The futures still reachable, oldest first (a future being registered right now may be missing). */
    static List<TaskFuture<?>> all() {
        List<TaskFuture<?>> out = new ArrayList<>();
        for (Chunk c : CHUNKS) {
            for (int i = 0; i < CHUNK; i++) {
                TaskFuture<?> f = futureIn(c.slots.get(i));
                if (f != null) out.add(f);
            }
        }
        out.sort(Comparator.comparingLong(TaskFuture::id)); // chunks are in order; this orders racing submitters
        return out;
    }

    private static TaskFuture<?> futureIn(Object slot) {
        if (slot instanceof TaskFuture) return (TaskFuture<?>) slot;
        if (slot instanceof WeakReference) return (TaskFuture<?>) ((WeakReference<?>) slot).get();
        return null;
    }

    private static int passes;

    /** Makes young entries weak and drops cleared ones; runs in the sweeper thread (and in tests). */
    static synchronized void sweep() {
        boolean full = ++passes % 10 == 0;
        for (Chunk c : CHUNKS) {
            if (c.settled && !full) continue;
            int empty = 0;
            for (int i = 0; i < CHUNK; i++) {
                Object slot = c.slots.get(i);
                if (slot instanceof TaskFuture) {
                    c.slots.set(i, new WeakReference<>((TaskFuture<?>) slot));
                } else if (slot == null) {
                    empty++;
                } else if (((WeakReference<?>) slot).get() == null) {
                    c.slots.set(i, null);
                    empty++;
                }
            }
            // Ids below the newest chunk's are all handed out, so an older chunk gets no new entries (but for
            // a registration in flight, which the two empty sweeps allow for).
            boolean closed = c != current;
            c.settled = closed;
            c.emptySweeps = closed && empty == CHUNK ? c.emptySweeps + 1 : 0;
            if (c.emptySweeps >= 2) {
                synchronized (CHUNKS) {
                    CHUNKS.remove(c);
                }
            }
        }
    }

    private static void sweepLoop() {
        while (true) {
            try {
                Thread.sleep(SWEEP_MS);
                sweep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                System.err.println("java-futures: future registry sweep failed: " + e);
            }
        }
    }
}
