package javafutures.futures;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The kernel's registry of pools and futures, for every pool kind: the live pools ({@code %pool},
 * {@code --pool NAME}), the default pools by name, every reachable future ({@code %futures}), and the thread
 * group of the kernel's pool threads. The public face is {@code javafutures.pools.Pools}.
 *
 * <p>Pools are held <em>weakly</em>: a pool the notebook can no longer reach drops out and, through its
 * {@code Cleaner} (see {@link AbstractPool}), shuts down once its tasks are done. Default pools are held
 * strongly until {@link #shutdownAll()}. Thread-safe.
 */
public final class PoolRegistry {
    /** Names of the default pools, which user pools may not take. */
    public static final String THREADS = "threads";
    public static final String PROCESSES = "processes";
    public static final String CLUSTER = "cluster";

    private static final Set<String> RESERVED = Set.of(THREADS, PROCESSES, CLUSTER);
    private static final List<WeakReference<TaskPool>> LIVE = new CopyOnWriteArrayList<>();
    private static final ConcurrentHashMap<String, TaskPool> DEFAULTS = new ConcurrentHashMap<>();

    private PoolRegistry() {
    }

    /** Lists {@code pool} in {@link #pools()} while it is reachable and not terminated. */
    public static void register(TaskPool pool) {
        Objects.requireNonNull(pool, "pool");
        LIVE.add(new WeakReference<>(pool));
    }

    /** Removes {@code pool} from the list (terminated and unreachable pools also drop out on their own). */
    public static void unregister(TaskPool pool) {
        LIVE.removeIf(r -> r.get() == null || r.get() == pool);
    }

    /** The pools that are reachable and not terminated, oldest first. */
    public static List<TaskPool> pools() {
        List<TaskPool> out = new ArrayList<>();
        for (WeakReference<TaskPool> r : LIVE) {
            TaskPool p = r.get();
            if (p == null || p.isTerminated()) LIVE.remove(r); else out.add(p);
        }
        return out;
    }

    /** The default pool called {@code name}, created with {@code factory} on first use and again once shut down. */
    @SuppressWarnings("unchecked")
    public static <P extends TaskPool> P defaultPool(String name, Supplier<P> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        return (P) DEFAULTS.compute(name, (n, old) -> old != null && !old.isShutdown() ? old : factory.get());
    }

    /** The default pool called {@code name} if it exists and is not shut down, else null. */
    public static TaskPool existingDefault(String name) {
        TaskPool p = DEFAULTS.get(name);
        return p != null && !p.isShutdown() ? p : null;
    }

    /** True for the names of the default pools, which user pools may not take. */
    public static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    /** Every reachable future created in this JVM, oldest first (held weakly). */
    public static List<TaskFuture<?>> futures() {
        return FutureRegistry.all();
    }

    /** The thread group of all pool threads; the kernel must never stop it when it stops a cell. */
    public static ThreadGroup threadGroup() {
        return PoolThreads.GROUP;
    }

    /**
     * A daemon thread for the kernel's pool machinery (pipe readers, completions, watchdogs, refills, the
     * cluster client): born in {@link #threadGroup()} whatever thread creates it, inheriting no cell (no
     * inheritable thread-locals, so no output target), so stopping a cell never touches it. Not started.
     */
    public static Thread newDaemon(Runnable body, String name) {
        return PoolThreads.newDaemon(body, name);
    }

    /** Shuts down every pool now (queued tasks cancelled, running ones stopped); for kernel shutdown. */
    public static void shutdownAll() {
        List<TaskPool> all = new ArrayList<>(pools());
        for (TaskPool p : DEFAULTS.values()) if (!all.contains(p)) all.add(p);
        for (TaskPool p : all) {
            try {
                p.shutdownNow();
            } catch (RuntimeException e) {
                System.err.println("java-futures: shutting down pool " + p.name() + " failed: " + e);
            }
        }
    }
}
