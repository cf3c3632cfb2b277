package javafutures.futures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * A pool of worker threads returning {@link TaskFuture}s: Python's {@code ThreadPoolExecutor} as a Java
 * {@link ExecutorService}.
 *
 * <p><b>Life cycle.</b> Running → shut down ({@link #shutdown()}, {@link #shutdown(boolean, boolean)},
 * {@link #close()}: no new tasks, queued ones still run unless cancelled) → terminated (all tasks done,
 * threads gone). Submitting to a shut-down pool throws {@link RejectedExecutionException}. If the
 * initializer throws in a worker, the pool is <em>broken</em>: it shuts down and every queued task fails
 * with a {@code RejectedExecutionException} naming the initializer's exception, as in Python.
 *
 * <p><b>Threads.</b> Created on demand up to {@code workers}, named {@code prefix-1, prefix-2, ...}, daemon,
 * in a kernel-owned thread group (stopping a cell does not stop them). What a task prints goes to the cell
 * that submitted it. {@link #virtual()} gives one virtual thread per task instead (JDK 21+).
 *
 * <p><b>What blocks.</b> {@code submit}, {@code execute} and {@code map} never wait for tasks (map's stream
 * waits as it is consumed); {@code close()}, {@code shutdown(true, ...)}, {@code invokeAll} and
 * {@code invokeAny} wait, interruptibly. Thread-safe.
 */
public final class ThreadPool implements ExecutorService, AutoCloseable, TaskPool {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final AtomicInteger VIRTUAL_IDS = new AtomicInteger();

    private final String name;
    private final boolean virtual;
    private final ExecutorService engine;
    private final PoolThreads.Engine fixed;
    private final Set<Thread> threads = PoolThreads.newLiveSet();
    // Statistics for %pool. A fixed pool counts nothing per task (see queued(), running(), finished()):
    // any shared counter on the submit or run path costs throughput. A virtual pool starts a thread per
    // task anyway, so counters are cheap there; they are null for fixed pools.
    private final LongAdder vStarted;
    private final LongAdder vEnded;
    private final LongAdder vFinished;

    /** A pool with one worker per available processor. */
    public ThreadPool() {
        this(builder());
    }

    /** A pool with {@code workers} threads, like {@code ThreadPoolExecutor(max_workers=workers)}. */
    public ThreadPool(int workers) {
        this(builder().workers(workers));
    }

    private ThreadPool(Builder b) {
        this.name = b.name != null ? b.name : "pool-" + POOL_IDS.incrementAndGet();
        this.virtual = false;
        Runnable init = b.initializer == null ? null : PoolThreads.Engine.boundInitializer(b.initializer, name);
        String prefix = b.threadNamePrefix != null ? b.threadNamePrefix : name + "-worker";
        int workers = b.workers > 0 ? b.workers : Runtime.getRuntime().availableProcessors();
        this.fixed = new PoolThreads.Engine(this, workers, PoolThreads.workerFactory(prefix, threads), init);
        this.engine = fixed;
        this.vStarted = this.vEnded = this.vFinished = null;
        Pools.register(this);
    }

    private ThreadPool(String name) {
        this.name = name;
        this.virtual = true;
        this.fixed = null;
        this.engine = PoolThreads.virtualExecutor(name + "-worker", threads);
        this.vStarted = new LongAdder();
        this.vEnded = new LongAdder();
        this.vFinished = new LongAdder();
        Pools.register(this);
    }

    /** A builder: {@code ThreadPool.builder().workers(4).threadNamePrefix("io").initializer(...).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A pool that runs each task on a new virtual thread (no worker limit). JDK 21+; on older JDKs throws UnsupportedOperationException. */
    public static ThreadPool virtual() {
        return new ThreadPool("virtual-" + VIRTUAL_IDS.incrementAndGet());
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
            if (name != null && !reservedNameAllowed && Pools.isReserved(name)) {
                throw new IllegalArgumentException("name \"" + name + "\" is reserved for the kernel's default pool; choose another");
            }
            return new ThreadPool(this);
        }
    }

    // ---- submitting ----

    /** Submits a task that returns a value. */
    @Override
    public <T> TaskFuture<T> submit(Callable<T> task) {
        return submit((String) null, task);
    }

    /** Submits a task that returns nothing; its future's value is null. */
    @Override
    public TaskFuture<Void> submit(Runnable task) {
        return submit((String) null, task);
    }

    /** Submits a void lambda that may throw checked exceptions (what {@code submit(() -> { ... })} picks). */
    public TaskFuture<Void> submit(CheckedRunnable task) {
        return submit((String) null, task);
    }

    /** Submits a task whose future's value is {@code result} once it ran. */
    @Override
    public <T> TaskFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return enqueue(null, () -> {
            runBody(task);
            return result;
        }, false);
    }

    /** Submits a task labelled {@code name} in status tables ({@code %%thread --name}); null means {@code task-N}. */
    public <T> TaskFuture<T> submit(String name, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return enqueue(name, task, false);
    }

    /** Like {@link #submit(String, Callable)} for a task that returns nothing. */
    public TaskFuture<Void> submit(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        return enqueue(name, () -> {
            runBody(task);
            return null;
        }, false);
    }

    /** Like {@link #submit(String, Runnable)} for a void lambda that may throw checked exceptions. */
    public TaskFuture<Void> submit(String name, CheckedRunnable task) {
        return submit(name, (Runnable) task);
    }

    private static void runBody(Runnable task) throws Exception {
        if (task instanceof CheckedRunnable) ((CheckedRunnable) task).runChecked(); else task.run();
    }

    /** Runs {@code command} as a task; as nobody holds its future, an exception it throws is printed to System.err. */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        enqueue(null, () -> {
            runBody(command);
            return null;
        }, true);
    }

    private <T> TaskFuture<T> enqueue(String taskName, Callable<T> body, boolean reportFailure) {
        checkOpen();
        ThreadTask<T> task = new ThreadTask<>(this, taskName, body, reportFailure);
        try {
            engine.execute(task);
        } catch (RejectedExecutionException e) {
            task.cancel(false); // shut down meanwhile: leave no PENDING future behind
            throw new RejectedExecutionException(rejectionMessage(), e);
        }
        return task;
    }

    private void checkOpen() {
        if (engine.isShutdown()) throw new RejectedExecutionException(rejectionMessage());
    }

    String rejectionMessage() {
        RejectedExecutionException b = fixed == null ? null : fixed.broken();
        if (b != null) return b.getMessage();
        return "ThreadPool " + name + " is shut down and accepts no new tasks; create a new pool"
                + (Pools.isReserved(name) ? " or use Pools.threads()" : "");
    }

    /**
     * Applies {@code fn} to every item on the pool and returns the results in input order, lazily: all
     * items are submitted now, the stream waits for each result as it is consumed. An item whose task
     * threw makes the stream throw {@link TaskFailedException} when that item is reached (items before it
     * are delivered), and cancels the items not yet started; closing the stream cancels them too.
     */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** Like {@link #map(Function, Iterable)}, sending {@code chunkSize} items per task (fewer, bigger tasks). */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        return MapSupport.map(this, fn::apply, items, chunkSize);
    }

    /** {@link #map(Function, Iterable)} for a lambda that may throw checked exceptions. */
    public <A, R> Stream<R> map(CheckedFunction<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** {@link #map(Function, Iterable, int)} for a lambda that may throw checked exceptions. */
    public <A, R> Stream<R> map(CheckedFunction<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        return MapSupport.map(this, fn, items, chunkSize);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return Invoke.all(this, tasks, -1);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return Invoke.all(this, tasks, Math.max(0, unit.toNanos(timeout)));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return Invoke.any(this, tasks, -1);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was given", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return Invoke.any(this, tasks, Math.max(0, unit.toNanos(timeout)));
    }

    // ---- shutting down ----

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: stops accepting tasks; with {@code cancelPending},
     * cancels the tasks not yet started; with {@code wait}, waits until every remaining task is done
     * (interruptibly: an interrupt throws {@link TaskInterruptedException}, the tasks keep running).
     */
    public void shutdown(boolean wait, boolean cancelPending) {
        if (wait && threads.contains(Thread.currentThread())) {
            throw new IllegalStateException("a task of pool " + name + " cannot wait for the pool to finish:"
                    + " it would wait for itself; use shutdown(false, ...) inside tasks");
        }
        engine.shutdown();
        if (cancelPending) cancelQueued();
        if (wait) {
            try {
                while (!engine.awaitTermination(1, TimeUnit.DAYS)) {
                    // keep waiting
                }
            } catch (InterruptedException e) {
                throw TaskInterruptedException.interrupted("pool " + name + " to finish its tasks", e);
            }
        }
    }

    private List<Runnable> cancelQueued() {
        List<Runnable> drained = new ArrayList<>();
        if (fixed != null) fixed.getQueue().drainTo(drained);
        for (Runnable r : drained) ((ThreadTask<?>) r).cancel(false);
        if (fixed != null) fixed.drained.add(drained.size());
        return drained;
    }

    /** Stops accepting tasks and returns at once; queued tasks still run ({@code ExecutorService} semantics). */
    @Override
    public void shutdown() {
        shutdown(false, false);
    }

    /** Cancels the queued tasks (returned, already cancelled), interrupts the running ones, returns at once. */
    @Override
    public List<Runnable> shutdownNow() {
        engine.shutdown();
        List<Runnable> cancelled = cancelQueued();
        engine.shutdownNow();
        return cancelled;
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
        return engine.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return engine.awaitTermination(timeout, unit);
    }

    // ---- TaskPool: what %pool shows ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return virtual ? "virtual threads" : "threads";
    }

    /** The number of worker threads, or -1 for a virtual-thread pool (unbounded). */
    @Override
    public int workers() {
        return fixed == null ? -1 : fixed.getCorePoolSize();
    }

    @Override
    public List<String> workerNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : threads) names.add(t.getName());
        // worker-2 before worker-10
        names.sort(java.util.Comparator.comparingInt(String::length).thenComparing(java.util.Comparator.naturalOrder()));
        return names;
    }

    /** Tasks waiting for a worker (cancelled ones still in the queue are not counted). O(queue length). */
    @Override
    public int queued() {
        if (fixed == null) return 0;
        int n = 0;
        for (Runnable r : fixed.getQueue()) if (!((ThreadTask<?>) r).done()) n++;
        return n;
    }

    @Override
    public int running() {
        if (fixed == null) return (int) Math.max(0, vStarted.sum() - vEnded.sum());
        return fixed.getActiveCount();
    }

    /** Tasks done: run to the end, failed, or cancelled. O(queue length). */
    @Override
    public long finished() {
        if (fixed == null) return vFinished.sum();
        long cancelledInQueue = 0;
        for (Runnable r : fixed.getQueue()) if (((ThreadTask<?>) r).done()) cancelledInQueue++;
        return fixed.getCompletedTaskCount() + fixed.drained.sum() + cancelledInQueue;
    }

    /** Changes the number of workers; extra busy threads leave after their current task. */
    @Override
    public void resize(int workers) {
        if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        if (fixed == null) throw new UnsupportedOperationException("a virtual-thread pool has no fixed size to change");
        synchronized (fixed) {
            if (workers > fixed.getMaximumPoolSize()) {
                fixed.setMaximumPoolSize(workers);
                fixed.setCorePoolSize(workers);
            } else {
                fixed.setCorePoolSize(workers);
                fixed.setMaximumPoolSize(workers);
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    // ---- hooks from tasks and the engine ----

    void taskStarted() {
        if (vStarted != null) vStarted.increment();
    }

    void taskEnded() {
        if (vEnded != null) vEnded.increment();
    }

    void taskCompleted() {
        if (vFinished != null) vFinished.increment();
    }
}
