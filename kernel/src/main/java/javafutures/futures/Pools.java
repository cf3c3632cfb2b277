package javafutures.futures;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The kernel's pools and futures: the default thread and process pools the magics use, every live pool by name (for
 * {@code %%thread --pool NAME} and {@code %pool}), and every future created in this JVM (for
 * {@code %futures}). Thread-safe.
 *
 * <p>Default pools are created on first use, live until the kernel stops ({@link #shutdownAll()}) and
 * are created afresh if user code shut one down. Other pool kinds plug in with {@link #register(TaskPool)}
 * (done by their constructors) and {@link #defaultPool(String, Supplier)} for their default instance.
 */
public final class Pools {
    /** Name of the default thread pool. */
    public static final String THREADS = "threads";
    /** Name reserved for the default process pool. */
    public static final String PROCESSES = "processes";

    private static final Set<String> RESERVED = Set.of(THREADS, PROCESSES);
    private static final List<TaskPool> LIVE = new CopyOnWriteArrayList<>();
    private static final ConcurrentHashMap<String, TaskPool> DEFAULTS = new ConcurrentHashMap<>();

    private Pools() {
    }

    /** The kernel's default thread pool, one worker per processor, created on first use. */
    public static ThreadPool threads() {
        return defaultPool(THREADS, () -> ThreadPool.builder().name(THREADS).reservedNameAllowed().build());
    }

    /** Resizes the default thread pool ({@code %pool threads N}). */
    public static void resizeThreads(int workers) {
        if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        threads().resize(workers);
    }

    /**
     * The kernel's default process pool, one worker JVM per processor, created on first use (adopting warm
     * spare JVMs when there are some); used by {@code %%process}.
     */
    public static javafutures.process.ProcessPool processes() {
        return defaultPool(PROCESSES, javafutures.process.ProcessPool::createDefault);
    }

    /** Resizes the default process pool ({@code %pool processes N}), creating it if need be. */
    public static void resizeProcesses(int workers) {
        if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        processes().resize(workers);
    }

    /**
     * The default pool called {@code name}, created with {@code factory} on first use and again if it was
     * shut down. For other pool kinds: {@code Pools.defaultPool(Pools.PROCESSES, () -> ...)}.
     */
    @SuppressWarnings("unchecked")
    public static <P extends TaskPool> P defaultPool(String name, Supplier<P> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        return (P) DEFAULTS.compute(name, (n, old) -> old != null && !old.isShutdown() ? old : factory.get());
    }

    /** True for the names of the default pools, which user pools may not take. */
    public static boolean isReserved(String name) {
        return RESERVED.contains(name);
    }

    /** Lists {@code pool} in {@link #pools()} until it terminates. Pool constructors call this. */
    public static void register(TaskPool pool) {
        LIVE.add(Objects.requireNonNull(pool, "pool"));
    }

    /** Removes {@code pool} from the list (terminated pools are also dropped on their own). */
    public static void unregister(TaskPool pool) {
        LIVE.remove(pool);
    }

    /** The pools that have not terminated, oldest first (the default thread pool only once it was used). */
    public static List<TaskPool> pools() {
        List<TaskPool> out = new ArrayList<>();
        for (TaskPool p : LIVE) {
            if (p.isTerminated()) LIVE.remove(p); else out.add(p);
        }
        return out;
    }

    /**
     * The live pool called {@code name}, the newest if several have it; {@code threads} and
     * {@code processes} are the default pools, created if need be.
     *
     * @throws IllegalArgumentException naming the pools there are, if none is called {@code name}
     */
    public static TaskPool byName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equals(THREADS)) return threads();
        if (name.equals(PROCESSES)) return processes();
        TaskPool def = DEFAULTS.get(name);
        if (def != null && !def.isShutdown()) return def;
        List<TaskPool> live = pools();
        for (int i = live.size() - 1; i >= 0; i--) {
            TaskPool p = live.get(i);
            if (p.name().equals(name) && !p.isShutdown()) return p;
        }
        List<String> names = new ArrayList<>();
        names.add(THREADS);
        names.add(PROCESSES);
        for (TaskPool p : live) if (!p.isShutdown() && !names.contains(p.name())) names.add(p.name());
        throw new IllegalArgumentException("no pool named \"" + name + "\"; pools: " + String.join(", ", names));
    }

    /** {@link #byName(String)} for a thread pool ({@code %%thread --pool NAME}); a pool of another kind is an IllegalArgumentException. */
    public static ThreadPool threadPool(String name) {
        TaskPool p = byName(name);
        if (p instanceof ThreadPool) return (ThreadPool) p;
        throw new IllegalArgumentException("pool \"" + name + "\" runs " + p.kind() + ", not threads");
    }

    /**
     * Every future created in this JVM that is still reachable, oldest first. Held weakly: a future nobody
     * references (a variable, a collection, JShell's {@code $N}, a pool queue, a live table) drops out.
     */
    public static List<TaskFuture<?>> futures() {
        return FutureRegistry.all();
    }

    /** The thread group of all pool threads; the kernel must never stop it when it stops a cell. */
    public static ThreadGroup threadGroup() {
        return PoolThreads.GROUP;
    }

    /** Shuts down every pool now (queued tasks cancelled, running ones interrupted); for kernel shutdown. */
    public static void shutdownAll() {
        for (TaskPool p : new ArrayList<>(LIVE)) {
            try {
                p.shutdownNow();
            } catch (RuntimeException e) {
                System.err.println("java-futures: shutting down pool " + p.name() + " failed: " + e);
            }
        }
        for (TaskPool p : DEFAULTS.values()) {
            if (!p.isShutdown()) p.shutdownNow();
        }
    }
}
