package javafutures.futures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every {@link TaskFuture} created in this JVM that is still reachable, for {@code %futures}.
 *
 * <p>The registry must never keep a future (and its result) alive, so it holds a {@code WeakReference}
 * per future, in a {@link Chunk} of {@link #CHUNK} consecutive ids. Registering is on the submit path, so it
 * is one store into the slot the future's id selects (ids are unique and dense, so no other atomic is needed).
 *
 * <p>Why chunks are held weakly too: a weak reference that the registry holds strongly survives every young
 * collection until it is swept, with its cost (copying, reference processing) on each one; 20,000 trivial
 * tasks a cell left megabytes of them behind per second, and that collection work made a {@code ThreadPool}
 * 3x a raw executor. So each future holds its chunk strongly ({@link TaskFuture}'s registration field) and
 * the registry holds every chunk but the newest only weakly: a burst of futures that die together takes its
 * chunk and weak references with it in the same young collection, at no cost, while a future still
 * reachable keeps its chunk listed. A chunk never holds a future strongly, so this keeps the promise: at
 * most a chunk's slot array (1 KB) outlives the futures a notebook still holds, never a future or a result.
 * A daemon sweeper drops the references that were cleared (in chunks still alive) and the chunks that were
 * collected every {@link #SWEEP_MS} ms. Thread-safe; only the sweeper rewrites a slot.
 */
final class FutureRegistry {
    static final long SWEEP_MS = 1000;
    private static final int CHUNK = 256;

    /** The futures with ids {@code base .. base + CHUNK - 1}, in the slot {@code id - base}. */
    static final class Chunk {
        final long base;
        /** A slot holds a WeakReference, or null (not written yet, or swept); accessed through {@link #SLOT}. */
        final Object[] slots = new Object[CHUNK];

        Chunk(long base) {
            this.base = base;
        }
    }

    /** Chunks, held weakly, in creation order; guarded by its own lock. */
    private static final List<WeakReference<Chunk>> CHUNKS = new ArrayList<>();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    /** The newest chunk, held strongly while it fills (its futures may all be gone before the next one arrives). */
    private static volatile Chunk current;
    private static final Thread SWEEPER = PoolThreads.newDaemon(FutureRegistry::sweepLoop, "java-futures-registry");

    static {
        SWEEPER.start();
    }

    private FutureRegistry() {
    }

    /**
     * Records {@code f} by its id (ids come from one counter, so this needs no other atomic). Returns the
     * chunk it is in, which the future must hold (strongly) for as long as it lives.
     */
    static Object register(TaskFuture<?> f) {
        long id = f.id();
        Chunk c = current;
        if (c == null || id < c.base || id >= c.base + CHUNK) c = chunkFor(id);
        SLOT.setRelease(c.slots, (int) (id - c.base), new WeakReference<TaskFuture<?>>(f));
        return c;
    }

    /** The chunk for {@code id}, creating it if needed; rare (once per CHUNK futures) so it may lock. */
    private static Chunk chunkFor(long id) {
        long base = id - id % CHUNK;
        synchronized (CHUNKS) {
            Chunk now = current;
            if (now != null && now.base == base) return now;
            if (now != null && base < now.base) {
                for (int i = CHUNKS.size() - 1; i >= 0; i--) {
                    Chunk c = CHUNKS.get(i).get();
                    if (c != null && c.base == base) return c;
                }
            }
            // New, or collected because every future in it died (then a late registration of an older id, whose
            // thread stalled between taking its id and storing it, starts a fresh chunk for that base).
            Chunk c = new Chunk(base);
            CHUNKS.add(new WeakReference<>(c));
            if (now == null || base > now.base) current = c;
            return c;
        }
    }

    /** The futures still reachable, oldest first (a future being registered right now may be missing). */
    static List<TaskFuture<?>> all() {
        List<TaskFuture<?>> out = new ArrayList<>();
        for (Chunk c : liveChunks()) {
            for (int i = 0; i < CHUNK; i++) {
                TaskFuture<?> f = futureIn(SLOT.getAcquire(c.slots, i));
                if (f != null) out.add(f);
            }
        }
        out.sort(Comparator.comparingLong(TaskFuture::id));
        return out;
    }

    private static TaskFuture<?> futureIn(Object slot) {
        return slot == null ? null : (TaskFuture<?>) ((WeakReference<?>) slot).get();
    }

    /** The chunks not collected yet, in creation order. */
    private static List<Chunk> liveChunks() {
        List<Chunk> live = new ArrayList<>();
        synchronized (CHUNKS) {
            for (WeakReference<Chunk> ref : CHUNKS) {
                Chunk c = ref.get();
                if (c != null) live.add(c);
            }
        }
        return live;
    }

    /** Drops collected chunks and cleared references; runs in the sweeper thread (and in tests). */
    static synchronized void sweep() {
        synchronized (CHUNKS) {
            CHUNKS.removeIf(ref -> ref.get() == null);
        }
        for (Chunk c : liveChunks()) {
            for (int i = 0; i < CHUNK; i++) {
                Object slot = SLOT.getAcquire(c.slots, i);
                if (slot != null && ((WeakReference<?>) slot).get() == null) SLOT.compareAndSet(c.slots, i, slot, null);
            }
        }
    }

    /** How many chunks the registry lists (live or not yet swept); for tests. */
    static int chunks() {
        synchronized (CHUNKS) {
            return CHUNKS.size();
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
