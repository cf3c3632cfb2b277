package javafutures.process;

import javafutures.futures.PoolRegistry;
import javafutures.futures.TaskFuture;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of worker JVMs returning {@link TaskFuture}s: Python's {@code ProcessPoolExecutor} as a Java
 * {@link ExecutorService}. Tasks follow the serializable rule: a task and what it captures are serialized
 * at submit (an unserializable capture throws {@link TaskNotSerializableException} there, in the cell);
 * classes and methods of the notebook travel as bytecode; top-level variables a task reads travel by value.
 *
 * <p>On the pool core ({@link javafutures.futures.AbstractPool}, which states the life cycle and the promises
 * every pool kind keeps) with a worker-JVM engine ({@code ProcessEngine} over {@link WorkerPool}). A worker
 * that dies fails only the task it ran ({@link WorkerDiedException}) and is replaced; a failing initializer
 * breaks the pool ({@link WorkerPoolBrokenException} for every queued and later task).
 *
 * <p><b>Futures.</b> {@link TaskFuture#worker()} is {@code pid N}; {@code cancel()} works until the task is
 * sent to a worker; {@code cancel(true)} on a running task kills its worker JVM and starts a replacement.
 * What a task prints goes to the cell that submitted it. A done callback added before the task ends runs
 * on the pool's completion thread (one added later runs at once, in the adding thread), never on a thread
 * reading a worker's pipe.
 *
 * <p><b>What blocks.</b> {@code submit}, {@code execute} and {@code map} serialize the task in the calling
 * thread and never wait for workers (map's stream waits as it is consumed); {@code close()},
 * {@code shutdown(true, ...)}, {@code invokeAll} and {@code invokeAny} wait, interruptibly. Thread-safe.
 */
public final class ProcessPool extends SerialPool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    /** A pool with one worker JVM per available processor. */
    public ProcessPool() {
        this(builder());
    }

    /** A pool with {@code workers} worker JVMs, like {@code ProcessPoolExecutor(max_workers=workers)}. */
    public ProcessPool(int workers) {
        this(builder().workers(workers));
    }

    private ProcessPool(Builder b) {
        super(engine(b), b.lifelong);
    }

    private static ProcessEngine engine(Builder b) {
        String name = b.name != null ? b.name : "processes-" + POOL_IDS.incrementAndGet();
        WorkerPoolConfig config = new WorkerPoolConfig()
                .workers(b.workers > 0 ? b.workers : Runtime.getRuntime().availableProcessors())
                .maxTasksPerWorker(b.maxTasksPerWorker);
        if (b.jvmArgs.length > 0) {
            // Spares are booted with the default options; workers with other options always start cold.
            config.jvmArgs(Arrays.asList(b.jvmArgs)).spares(null);
        }
        if (b.initializer != null) config.initializer(TaskCodec.prepare(b.initializer, b.maxTaskBytes));
        return new ProcessEngine(name, config, b.maxTaskBytes);
    }

    /** The scheduler under this pool (for tests that count what reaches workers). */
    WorkerPool workerPool() {
        return ((ProcessEngine) engine()).workers;
    }

    /** A builder: {@code ProcessPool.builder().workers(4).initializer(...).jvmArgs("-Xmx256m").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kernel's default pool, for {@code Pools.processes()}; notebooks use that, not this. */
    public static ProcessPool createDefault() {
        Builder b = builder();
        b.name = PoolRegistry.PROCESSES;
        b.lifelong = true;
        return new ProcessPool(b);
    }

    /** Configures a {@link ProcessPool}. Not thread-safe; each setter checks its argument at once. */
    public static final class Builder {
        private int workers;
        private SerializableRunnable initializer;
        private int maxTasksPerWorker;
        private String[] jvmArgs = new String[0];
        private String name;
        private boolean lifelong;
        private long maxTaskBytes = Frames.DEFAULT_MAX_PAYLOAD;

        private Builder() {
        }

        /** Number of worker JVMs, at least 1 (default: available processors). */
        public Builder workers(int workers) {
            if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            this.workers = workers;
            return this;
        }

        /**
         * Runs once in each worker JVM before its first task, like Python's {@code initializer}; it is
         * serialized now, under the serializable rule. If it throws, the pool is broken.
         */
        public Builder initializer(SerializableRunnable initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /**
         * A worker JVM is replaced by a fresh one after this many tasks, like {@code max_tasks_per_child}; 0
         * = never.
         */
        public Builder maxTasksPerWorker(int tasks) {
            if (tasks < 0) throw new IllegalArgumentException("maxTasksPerWorker must be 0 (unlimited) or more, was " + tasks);
            this.maxTasksPerWorker = tasks;
            return this;
        }

        /** Extra options for the worker JVMs, e.g. {@code "-Xmx256m"}. */
        public Builder jvmArgs(String... args) {
            for (String a : args) {
                if (a == null || a.isBlank()) throw new IllegalArgumentException("jvmArgs must not contain blank options");
            }
            this.jvmArgs = args.clone();
            return this;
        }

        /**
         * The largest a task may be once serialized, in bytes: what it captures plus the notebook variables
         * it reads (default 64 MiB). A bigger task fails at submit with {@link TaskTooLargeException} and is
         * never sent. Raise it to ship big data with tasks, e.g. {@code maxTaskBytes(256L << 20)}; at most
         * about 2 GiB. A worker holds the task's bytes and their deserialized copy at once: give it the heap
         * ({@code jvmArgs("-Xmx2g")}). Results stay limited to 64 MiB.
         */
        public Builder maxTaskBytes(long bytes) {
            if (bytes < 1024 || bytes > Frames.MAX_PAYLOAD) {
                throw new IllegalArgumentException("maxTaskBytes must be between 1024 and " + Frames.MAX_PAYLOAD
                        + " (about 2 GiB), was " + bytes);
            }
            this.maxTaskBytes = bytes;
            return this;
        }

        /** The pool's name, shown in tables and used by {@code %%process --pool NAME} (default {@code processes-N}). */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || !name.equals(name.strip()) || name.contains(" ")) {
                throw new IllegalArgumentException("name must be a non-blank word without spaces, was \"" + name + "\"");
            }
            if (PoolRegistry.isReserved(name)) {
                throw new IllegalArgumentException("name \"" + name + "\" is reserved for the kernel's default pool; choose another");
            }
            this.name = name;
            return this;
        }

        public ProcessPool build() {
            return new ProcessPool(this);
        }
    }
}
