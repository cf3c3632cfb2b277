package javafutures.futures;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A pool of worker threads returning {@link TaskFuture}s: Python's {@code ThreadPoolExecutor} as a Java
 * {@link ExecutorService}, on the pool core ({@link AbstractPool}, which states the life cycle and the
 * promises every pool kind keeps) with a thread engine.
 *
 * <p><b>Threads.</b> Created on demand up to {@code workers}, named {@code prefix-1, prefix-2, ...}, daemon,
 * in a kernel-owned thread group (stopping a cell does not stop them). What a task prints goes to the cell
 * that submitted it. {@link #virtual()} gives one virtual thread per task instead (JDK 21+). If the
 * initializer throws in a worker, the pool is <em>broken</em>: it shuts down and every queued task fails
 * with a {@code RejectedExecutionException} naming the initializer's exception, as in Python.
 *
 * <p><b>What blocks.</b> {@code submit}, {@code execute} and {@code map} never wait for tasks (map's stream
 * waits as it is consumed); {@code close()}, {@code shutdown(true, ...)}, {@code invokeAll} and
 * {@code invokeAny} wait, interruptibly. Thread-safe.
 */
public final class ThreadPool extends AbstractPool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final AtomicInteger VIRTUAL_IDS = new AtomicInteger();

    /** A pool with one worker per available processor. */
    public ThreadPool() {
        this(builder());
    }

    /** A pool with {@code workers} threads, like {@code ThreadPoolExecutor(max_workers=workers)}. */
    public ThreadPool(int workers) {
        this(builder().workers(workers));
    }

    private ThreadPool(Builder b) {
        super(fixedEngine(b), b.reservedNameAllowed);
    }

    private ThreadPool(ThreadEngine engine) {
        super(engine, false);
    }

    private static ThreadEngine fixedEngine(Builder b) {
        String name = b.name != null ? b.name : "pool-" + POOL_IDS.incrementAndGet();
        Runnable init = b.initializer == null ? null : PoolThreads.Engine.boundInitializer(b.initializer, name);
        String prefix = b.threadNamePrefix != null ? b.threadNamePrefix : name + "-worker";
        int workers = b.workers > 0 ? b.workers : Runtime.getRuntime().availableProcessors();
        return new ThreadEngine(name, workers, prefix, init);
    }

    /** A builder: {@code ThreadPool.builder().workers(4).threadNamePrefix("io").initializer(...).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A pool that runs each task on a new virtual thread (no worker limit). JDK 21+; on older JDKs throws UnsupportedOperationException. */
    public static ThreadPool virtual() {
        return new ThreadPool(new ThreadEngine("virtual-" + VIRTUAL_IDS.incrementAndGet()));
    }

    /** The kernel's default pool, for {@code Pools.threads()}; notebooks use that, not this. */
    public static ThreadPool createDefault() {
        return builder().name(PoolRegistry.THREADS).reservedNameAllowed().build();
    }

    /** Configures a {@link ThreadPool}. Not thread-safe; each setter checks its argument at once. */
    public static final class Builder {
        private int workers;
        private String threadNamePrefix;
        private Runnable initializer;
        private String name;
        private boolean reservedNameAllowed;

        private Builder() {
        }

        /** Number of worker threads, at least 1 (default: available processors). */
        public Builder workers(int workers) {
            if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            this.workers = workers;
            return this;
        }

        /** Threads are named {@code prefix-1, prefix-2, ...} (default: the pool's name + {@code -worker}). */
        public Builder threadNamePrefix(String prefix) {
            Objects.requireNonNull(prefix, "threadNamePrefix");
            if (prefix.isBlank()) throw new IllegalArgumentException("threadNamePrefix must not be blank");
            this.threadNamePrefix = prefix;
            return this;
        }

        /** Runs once in each worker thread before its first task; if it throws, the pool is broken. */
        public Builder initializer(Runnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** The pool's name, shown in tables and used by {@code %%thread --pool NAME} (default {@code pool-N}). */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || !name.equals(name.strip()) || name.contains(" ")) {
                throw new IllegalArgumentException("name must be a non-blank word without spaces, was \"" + name + "\"");
            }
            this.name = name;
            return this;
        }

        Builder reservedNameAllowed() {
            this.reservedNameAllowed = true;
            return this;
        }

        public ThreadPool build() {
            if (name != null && !reservedNameAllowed && PoolRegistry.isReserved(name)) {
                throw new IllegalArgumentException("name \"" + name + "\" is reserved for the kernel's default pool; choose another");
            }
            return new ThreadPool(this);
        }
    }

    // ---- what only thread pools have: checked lambdas ----

    /** Submits a void lambda that may throw checked exceptions (what {@code submit(() -> { ... })} picks). */
    public TaskFuture<Void> submit(CheckedRunnable task) {
        return submit((String) null, (Runnable) task);
    }

    /** Like {@link #submit(String, Runnable)} for a void lambda that may throw checked exceptions. */
    public TaskFuture<Void> submit(String name, CheckedRunnable task) {
        return submit(name, (Runnable) task);
    }

    /** {@link #map(Function, Iterable)} for a lambda that may throw checked exceptions. */
    public <A, R> Stream<R> map(CheckedFunction<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** {@link #map(Function, Iterable, int)} for a lambda that may throw checked exceptions. */
    public <A, R> Stream<R> map(CheckedFunction<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        return map((Function<? super A, ? extends R>) fn, items, chunkSize);
    }
}
