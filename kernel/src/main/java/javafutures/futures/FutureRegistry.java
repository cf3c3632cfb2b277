package javafutures.futures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every {@link TaskFuture} created in this JVM that is still reachable, for {@code %futures}.
 *
 * <p>The registry must never keep a future (and its result) alive, so it holds a {@code WeakReference}
 * per future. Registering is on the submit path, where a map insert or a lock doubled the cost of
 * {@code submit} (ThreadPoolBench), so it is one store into the slot the future's id selects (ids are
 * unique and dense, so no other atomic is needed). The reference is made at once rather than later:
 * holding young futures strongly for a while, to make their references off the submit path, kept them
 * alive through young collections and cost more than it saved. A daemon sweeper drops cleared references
 * every {@link #SWEEP_MS} ms, and chunks that emptied. Thread-safe; only the sweeper rewrites a slot.
 */
final class FutureRegistry {
    static final long SWEEP_MS = 1000;
    private static final int CHUNK = 1024;

    /** The futures with ids {@code base .. base + CHUNK - 1}, in the slot {@code id - base}. */
    private static final class Chunk {
        final long base;
        /** A slot holds a WeakReference, or null (not written yet, or dropped); accessed through {@link #SLOT}. */
        final Object[] slots = new Object[CHUNK];
        // Sweeper state. A chunk older than the newest gets no new entries: once swept after it closed it is
        // swept only every tenth pass, and removed when found empty. (A registration could be in flight
        // only if its thread stalled between taking its id and storing it for a whole sweep period.)
        int closedPasses;

        Chunk(long base) {
            this.base = base;
        }
    }

    /** Chunks in id order; only ever appended to (under its lock) and removed from by the sweeper. */
    private static final List<Chunk> CHUNKS = new CopyOnWriteArrayList<>();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
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
        SLOT.setRelease(c.slots, (int) (id - c.base), new WeakReference<TaskFuture<?>>(f));
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
                TaskFuture<?> f = futureIn(SLOT.getAcquire(c.slots, i));
                if (f != null) out.add(f);
            }
        }
        out.sort(Comparator.comparingLong(TaskFuture::id)); // chunks are in order; this orders racing submitters
        return out;
    }

    private static TaskFuture<?> futureIn(Object slot) {
        return slot == null ? null : (TaskFuture<?>) ((WeakReference<?>) slot).get();
    }

    private static int passes;

    /** Drops cleared references and empty chunks; runs in the sweeper thread (and in tests). */
    static synchronized void sweep() {
        boolean everything = ++passes % 10 == 0;
        Chunk newest = current;
        for (Chunk c : CHUNKS) {
            boolean closed = c != newest;
            if (closed && c.closedPasses > 1 && !everything) continue;
            int empty = 0;
            for (int i = 0; i < CHUNK; i++) {
                Object slot = SLOT.getAcquire(c.slots, i);
                if (slot == null) {
                    empty++;
                } else if (((WeakReference<?>) slot).get() == null) {
                    SLOT.setRelease(c.slots, i, null);
                    empty++;
                }
            }
            if (!closed) continue;
            if (empty == CHUNK && c.closedPasses > 0) {
                synchronized (CHUNKS) {
                    CHUNKS.remove(c);
                }
            }
            c.closedPasses++;
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
