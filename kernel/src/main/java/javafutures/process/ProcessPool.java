package javafutures.process;

import javafutures.futures.Completions;
import javafutures.futures.Pools;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskInterruptedException;
import javafutures.futures.TaskPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A pool of worker JVMs returning {@link TaskFuture}s: Python's {@code ProcessPoolExecutor} as a Java
 * {@link ExecutorService}. Tasks follow the serializable rule: a task and what it captures are serialized
 * at submit (an unserializable capture throws {@link TaskNotSerializableException} there, in the cell);
 * classes and methods of the notebook travel as bytecode; top-level variables a task reads travel by value.
 *
 * <p><b>Life cycle.</b> Running → shut down ({@link #shutdown()}, {@link #shutdown(boolean, boolean)},
 * {@link #close()}: no new tasks, queued ones still run unless cancelled) → terminated (every task done,
 * every worker JVM gone). Submitting to a shut-down pool throws {@link RejectedExecutionException}. A worker
 * that dies fails only the task it ran ({@link WorkerDiedException}) and is replaced; a failing initializer
 * breaks the pool ({@link WorkerPoolBrokenException} for every queued and later task).
 *
 * <p><b>Futures.</b> {@link TaskFuture#worker()} is {@code pid N}; {@code cancel()} works until a worker
 * starts the task; {@code cancel(true)} on a running task kills its worker JVM and starts a replacement.
 * What a task prints goes to the cell that submitted it. A done callback added before the task ends runs
 * on the pool's completion thread (one added later runs at once, in the adding thread), never on a thread
 * reading a worker's pipe.
 *
 * <p><b>What blocks.</b> {@code submit}, {@code execute} and {@code map} serialize the task in the calling
 * thread and never wait for workers (map's stream waits as it is consumed); {@code close()},
 * {@code shutdown(true, ...)}, {@code invokeAll} and {@code invokeAny} wait, interruptibly. Thread-safe.
 */
public final class ProcessPool implements ExecutorService, AutoCloseable, TaskPool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final String name;
    private final WorkerPool engine;
    private final Completions completions;
    private final LongAdder finished = new LongAdder();

    /** A pool with one worker JVM per available processor. */
    public ProcessPool() {
        this(builder());
    }

    /** A pool with {@code workers} worker JVMs, like {@code ProcessPoolExecutor(max_workers=workers)}. */
    public ProcessPool(int workers) {
        this(builder().workers(workers));
    }

    private ProcessPool(Builder b) {
        this.name = b.name != null ? b.name : "processes-" + POOL_IDS.incrementAndGet();
        WorkerPoolConfig config = new WorkerPoolConfig()
                .workers(b.workers > 0 ? b.workers : Runtime.getRuntime().availableProcessors())
                .maxTasksPerWorker(b.maxTasksPerWorker);
        if (b.jvmArgs.length > 0) {
            // Spares are booted with the default options; workers with other options always start cold.
            config.jvmArgs(Arrays.asList(b.jvmArgs)).spares(null);
        }
        if (b.initializer != null) config.initializer(TaskCodec.prepare(b.initializer));
        this.completions = new Completions(name);
        this.engine = new WorkerPool(config);
        Pools.register(this);
    }

    /** A builder: {@code ProcessPool.builder().workers(4).initializer(...).jvmArgs("-Xmx256m").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The kernel's default pool, for {@link Pools#processes()}; notebooks use that, not this. */
    public static ProcessPool createDefault() {
        Builder b = builder();
        b.name = Pools.PROCESSES;
        return new ProcessPool(b);
    }

    /** Configures a {@link ProcessPool}. Not thread-safe; each setter checks its argument at once. */
    public static final class Builder {
        private int workers;
        private SerializableRunnable initializer;
        private int maxTasksPerWorker;
        private String[] jvmArgs = new String[0];
        private String name;

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

        /** A worker JVM is replaced by a fresh one after this many tasks, like {@code max_tasks_per_child}; 0 = never. */
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

        /** The pool's name, shown in tables and used by {@code %%process --pool NAME} (default {@code processes-N}). */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || !name.equals(name.strip()) || name.contains(" ")) {
                throw new IllegalArgumentException("name must be a non-blank word without spaces, was \"" + name + "\"");
            }
            if (Pools.isReserved(name)) {
                throw new IllegalArgumentException("name \"" + name + "\" is reserved for the kernel's default pool; choose another");
            }
            this.name = name;
            return this;
        }

        public ProcessPool build() {
            return new ProcessPool(this);
        }
    }

    // ---- submitting ----

    /** Submits a task that returns a value (what {@code submit(() -> f(x))} picks in a cell). */
    public <T> TaskFuture<T> submit(SerializableCallable<T> task) {
        return submit((String) null, (Callable<T>) task);
    }

    /** Submits a void task that may throw checked exceptions; its future's value is null. */
    public TaskFuture<Void> submit(SerializableRunnable task) {
        return submit((String) null, (Runnable) task);
    }

    /**
     * Submits a {@code Callable}; it must be serializable at run time (lambdas written in cells are), else
     * this throws {@link TaskNotSerializableException}.
     */
    @Override
    public <T> TaskFuture<T> submit(Callable<T> task) {
        return submit((String) null, task);
    }

    /** Like {@link #submit(Callable)} for a {@code Runnable}; its future's value is null. */
    @Override
    public TaskFuture<Void> submit(Runnable task) {
        return submit((String) null, task);
    }

    /** Submits a task whose future's value is {@code result} (kept in the kernel) once it ran. */
    @Override
    public <T> TaskFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return enqueue(null, TaskCodec.prepare(task), true, result, false);
    }

    /** Submits a task labelled {@code name} in status tables ({@code %%process --name}); null means {@code task-N}. */
    public <T> TaskFuture<T> submit(String name, SerializableCallable<T> task) {
        return submit(name, (Callable<T>) task);
    }

    /** Like {@link #submit(String, SerializableCallable)} for a void task. */
    public TaskFuture<Void> submit(String name, SerializableRunnable task) {
        return submit(name, (Runnable) task);
    }

    /** Like {@link #submit(Callable)}, labelled {@code name}. */
    public <T> TaskFuture<T> submit(String name, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return enqueue(name, TaskCodec.prepare(task), false, null, false);
    }

    /** Like {@link #submit(Runnable)}, labelled {@code name}. */
    public TaskFuture<Void> submit(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        return enqueue(name, TaskCodec.prepare(task), false, null, false);
    }

    /** Runs {@code command} in a worker; as nobody holds its future, an exception it throws is printed to System.err. */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        enqueue(null, TaskCodec.prepare(command), false, null, true);
    }

    /** Submits an already serialized task (map chunks). */
    <T> TaskFuture<T> submitPrepared(String taskName, PreparedTask prepared) {
        return enqueue(taskName, prepared, false, null, false);
    }

    private <T> TaskFuture<T> enqueue(String taskName, PreparedTask prepared, boolean fixed, Object result,
                                      boolean reportFailure) {
        if (engine.isShutdown()) throw new RejectedExecutionException(rejectionMessage());
        ProcessTask<T> task = new ProcessTask<>(this, taskName, fixed, result, reportFailure);
        PoolTask handle = engine.create(prepared, task.listener());
        task.attach(handle);
        try {
            engine.enqueue(handle);
        } catch (RejectedExecutionException e) {
            task.cancel(false); // shut down meanwhile: leave no PENDING future behind
            throw new RejectedExecutionException(rejectionMessage(), e);
        }
        return task;
    }

    private String rejectionMessage() {
        return "ProcessPool " + name + " is shut down and accepts no new tasks; create a new pool"
                + (Pools.isReserved(name) ? " or use Pools.processes()" : "");
    }

    /**
     * Applies {@code fn} to every item in the workers and returns the results in input order, lazily: every
     * item is serialized and submitted now, the stream waits for each result as it is consumed. An item
     * whose function threw makes the stream throw {@link javafutures.futures.TaskFailedException} when that
     * item is reached (the items before it are delivered) and cancels the chunks not yet started; closing
     * the stream cancels them too.
     */
    public <A, R> Stream<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** Like {@link #map(SerializableFunction, Iterable)}, sending {@code chunkSize} items per task (fewer, bigger tasks). */
    public <A, R> Stream<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        return ProcessMap.map(this, fn, items, chunkSize);
    }

    /** {@link #map(SerializableFunction, Iterable)} for a function that is serializable at run time. */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** {@link #map(SerializableFunction, Iterable, int)} for a function that is serializable at run time. */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        return ProcessMap.map(this, fn, items, chunkSize);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return ProcessInvoke.all(this, tasks, Long.MAX_VALUE);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return ProcessInvoke.all(this, tasks, unit.toNanos(timeout));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return ProcessInvoke.any(this, tasks, Long.MAX_VALUE);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was given", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return ProcessInvoke.any(this, tasks, unit.toNanos(timeout));
    }

    // ---- shutting down ----

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: stops accepting tasks; with {@code cancelPending},
     * cancels the tasks not yet started; with {@code wait}, waits until every remaining task is done and the
     * workers are gone (interruptibly: an interrupt throws {@link TaskInterruptedException}, tasks go on).
     */
    public void shutdown(boolean wait, boolean cancelPending) {
        engine.shutdown(cancelPending);
        if (wait) {
            try {
                while (!engine.awaitTermination(1, TimeUnit.DAYS)) {
                    // keep waiting
                }
                completions.awaitIdle(10_000); // so that every future is done when this returns
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            completions.retire();
        }
    }

    private TaskInterruptedException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new TaskInterruptedException("interrupted while waiting for pool " + name + " to finish its tasks", e);
    }

    /** Stops accepting tasks and returns at once; queued tasks still run ({@code ExecutorService} semantics). */
    @Override
    public void shutdown() {
        shutdown(false, false);
    }

    /**
     * Cancels queued tasks, kills the workers (their running tasks end cancelled) and returns at once. The
     * returned list is empty: the cancelled tasks' futures say so themselves.
     */
    @Override
    public List<Runnable> shutdownNow() {
        engine.shutdownNow();
        return List.of();
    }

    /** Shuts down and waits for every submitted task: {@code shutdown(true, false)}. */
    @Override
    public void close() {
        shutdown(true, false);
    }

    @Override
    public boolean isShutdown() {
        return engine.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return engine.isTerminated() && completions.idle();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        if (!engine.awaitTermination(timeout, unit)) return false;
        completions.awaitIdle(Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        return completions.idle();
    }

    // ---- TaskPool: what %pool shows ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "processes";
    }

    @Override
    public int workers() {
        return engine.workers();
    }

    /** {@code pid N} for each worker JVM now running. */
    @Override
    public List<String> workerNames() {
        List<String> names = new ArrayList<>();
        for (long pid : engine.snapshot().pids()) names.add("pid " + pid);
        return names;
    }

    @Override
    public int queued() {
        return engine.snapshot().queued();
    }

    @Override
    public int running() {
        return engine.snapshot().running();
    }

    @Override
    public long finished() {
        return finished.sum();
    }

    /** Changes the number of worker JVMs; extra busy workers leave after the tasks sent to them. */
    @Override
    public void resize(int workers) {
        engine.resize(workers);
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---- for ProcessTask ----

    WorkerPool engine() {
        return engine;
    }

    Completions completions() {
        return completions;
    }

    void taskCompleted() {
        finished.increment();
    }
}
