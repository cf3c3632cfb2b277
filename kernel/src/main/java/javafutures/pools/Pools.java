package javafutures.pools;

import javafutures.cluster.ClusterPool;
import javafutures.futures.PoolRegistry;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskPool;
import javafutures.futures.ThreadPool;
import javafutures.process.ProcessPool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The kernel's pools and futures, as notebooks and magics see them: the default thread and process pools,
 * every live pool by name (for {@code %%thread --pool NAME} and {@code %pool}), and every future of this
 * kernel (for {@code %futures}). The registry itself is {@link PoolRegistry}. Thread-safe.
 *
 * <p>Default pools are created on first use, live until the kernel stops ({@link #shutdownAll()}) and
 * are created afresh if user code shut one down. Other pools are held weakly: one the notebook can no
 * longer reach shuts down by itself once its tasks are done, and drops out of {@link #pools()}.
 */
public final class Pools {
    /** Name of the default thread pool. */
    public static final String THREADS = PoolRegistry.THREADS;
    /** Name of the default process pool. */
    public static final String PROCESSES = PoolRegistry.PROCESSES;
    /** Name of the default cluster pool. */
    public static final String CLUSTER = PoolRegistry.CLUSTER;

    private Pools() {
    }

    /** The kernel's default thread pool, one worker per processor, created on first use. */
    public static ThreadPool threads() {
        return PoolRegistry.defaultPool(THREADS, ThreadPool::createDefault);
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
    public static ProcessPool processes() {
        return PoolRegistry.defaultPool(PROCESSES, ProcessPool::createDefault);
    }

    /** Resizes the default process pool ({@code %pool processes N}), creating it if need be. */
    public static void resizeProcesses(int workers) {
        if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        processes().resize(workers);
    }

    /**
     * The kernel's default cluster pool, {@code ClusterPool.local(2)} (two member JVMs on this machine, named
     * {@code cluster}), started on first use (a few seconds); used by {@code %%cluster}.
     */
    public static ClusterPool cluster() {
        return PoolRegistry.defaultPool(CLUSTER, ClusterPool::createDefault);
    }

    /** Resizes the default cluster pool ({@code %pool cluster N}), starting it if need be. */
    public static void resizeCluster(int members) {
        if (members <= 0) throw new IllegalArgumentException("members must be at least 1, was " + members);
        cluster().resize(members);
    }

    /**
     * The default pool called {@code name}, created with {@code factory} on first use and again if it was
     * shut down.
     */
    public static <P extends TaskPool> P defaultPool(String name, Supplier<P> factory) {
        return PoolRegistry.defaultPool(name, factory);
    }

    /** True for the names of the default pools, which user pools may not take. */
    public static boolean isReserved(String name) {
        return PoolRegistry.isReserved(name);
    }

    /** Lists {@code pool} in {@link #pools()} while it is reachable and not terminated (pools do this themselves). */
    public static void register(TaskPool pool) {
        PoolRegistry.register(pool);
    }

    /** Removes {@code pool} from the list. */
    public static void unregister(TaskPool pool) {
        PoolRegistry.unregister(pool);
    }

    /** The pools that are reachable and not terminated, oldest first (the default ones once used). */
    public static List<TaskPool> pools() {
        return PoolRegistry.pools();
    }

    /**
     * The live pool called {@code name}, the newest if several have it; {@code threads},
     * {@code processes} and {@code cluster} are the default pools, created if need be.
     *
     * @throws IllegalArgumentException naming the pools there are, if none is called {@code name}
     */
    public static TaskPool byName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.equals(THREADS)) return threads();
        if (name.equals(PROCESSES)) return processes();
        if (name.equals(CLUSTER)) return cluster();
        TaskPool def = PoolRegistry.existingDefault(name);
        if (def != null) return def;
        List<TaskPool> live = pools();
        for (int i = live.size() - 1; i >= 0; i--) {
            TaskPool p = live.get(i);
            if (p.name().equals(name) && !p.isShutdown()) return p;
        }
        List<String> names = new ArrayList<>();
        names.add(THREADS);
        names.add(PROCESSES);
        names.add(CLUSTER);
        for (TaskPool p : live) if (!p.isShutdown() && !names.contains(p.name())) names.add(p.name());
        throw new IllegalArgumentException("no pool named \"" + name + "\"; pools: " + String.join(", ", names));
    }

    /**
     * {@link #byName(String)} for a thread pool ({@code %%thread --pool NAME}); a pool of another kind is an
     * IllegalArgumentException.
     */
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
        return PoolRegistry.futures();
    }

    /** The thread group of all pool threads; the kernel must never stop it when it stops a cell. */
    public static ThreadGroup threadGroup() {
        return PoolRegistry.threadGroup();
    }

    /** Shuts down every pool now (queued tasks cancelled, running ones interrupted); for kernel shutdown. */
    public static void shutdownAll() {
        PoolRegistry.shutdownAll();
    }
}
