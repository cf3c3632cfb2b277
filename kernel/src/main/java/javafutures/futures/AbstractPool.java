package javafutures.futures;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
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
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The pool core: one implementation of the {@link ExecutorService} surface and Python's executor
 * vocabulary for every pool kind, over a {@link PoolEngine} that decides where tasks run (as
 * {@code AbstractExecutorService} implements {@code submit}/{@code invokeAll}/{@code invokeAny} over
 * {@code execute}). It owns: submitting (named or not, {@code execute}), {@code map} ({@link MapStream}),
 * {@code invokeAll}/{@code invokeAny} ({@link Invoke}), shutting down, cancel semantics and callbacks
 * ({@link PoolFuture}), and the registry: a pool lists itself in {@code %pool} while it is reachable.
 *
 * <p><b>Life cycle.</b> Running → shut down ({@link #shutdown()}, {@link #shutdown(boolean, boolean)},
 * {@link #close()}: no new tasks, submitted ones still run unless cancelled) → terminated (every task done,
 * every worker gone). Submitting to a shut-down pool throws {@link RejectedExecutionException}. A pool the
 * notebook can no longer reach (its variable re-assigned) shuts down by itself once its submitted tasks are
 * done, as Python's executors do; the kernel's default pools live until the kernel stops.
 *
 * <p><b>Promises, the same for every kind.</b> {@code cancel()} is true only for a task that will never run;
 * {@code shutdown(true, true)} cancels exactly the tasks no worker had; a done callback that blocks or
 * throws never stops other completions; {@code map} is lazy, ordered and bounded in memory. What a task
 * prints shows under the cell that submitted it.
 *
 * <p><b>What blocks.</b> {@code submit}, {@code execute} and {@code map} never wait for workers (they may
 * serialize the task in the calling thread; map's stream waits as it is consumed); {@code close()},
 * {@code shutdown(true, ...)}, {@code awaitTermination}, {@code invokeAll} and {@code invokeAny} wait,
 * interruptibly. Thread-safe.
 */
public abstract class AbstractPool implements ExecutorService, AutoCloseable, TaskPool {
    static final Cleaner CLEANER = Cleaner.create(r -> PoolRegistry.newDaemon(r, "java-futures-pool-cleaner"));

    final PoolEngine engine;

    /**
     * @param engine the engine, which must not refer to this pool
     * @param lifelong true for the kernel's default pools, which are not shut down when unreachable
     */
    protected AbstractPool(PoolEngine engine, boolean lifelong) {
        this.engine = Objects.requireNonNull(engine, "engine");
        PoolRegistry.register(this);
        if (!lifelong) CLEANER.register(this, engine::abandoned);
    }

    /** This pool's engine, for the kind's own additions (e.g. statistics). */
    protected final PoolEngine engine() {
        return engine;
    }

    // ---- submitting ----

    /** Submits a prepared task; every submit path ends here. */
    final <T> TaskFuture<T> submitTask(String name, Object prepared, boolean useFixedResult, Object result,
                                       boolean reportFailure) {
        if (engine.isShutdown()) throw new RejectedExecutionException(engine.rejectionMessage());
        PoolFuture<T> f = engine.newFuture(name, prepared);
        if (useFixedResult || reportFailure) f.options(useFixedResult, result, reportFailure);
        try {
            engine.start(f);
        } catch (RejectedExecutionException e) {
            f.cancel(false); // shut down meanwhile: leave no PENDING future behind
            throw new RejectedExecutionException(engine.rejectionMessage(), e);
        }
        return f;
    }

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

    /** Submits a task whose future's value is {@code result} (kept in the kernel) once it ran. */
    @Override
    public <T> TaskFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return submitTask(null, engine.prepare(task), true, result, false);
    }

    /** Submits a task labelled {@code name} in status tables ({@code %%thread --name}); null means {@code task-N}. */
    public <T> TaskFuture<T> submit(String name, Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return submitTask(name, engine.prepare(task), false, null, false);
    }

    /** Like {@link #submit(String, Callable)} for a task that returns nothing. */
    public TaskFuture<Void> submit(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        return submitTask(name, engine.prepare(task), false, null, false);
    }

    /** Runs {@code command} as a task; as nobody holds its future, an exception it throws is printed to System.err. */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        submitTask(null, engine.prepare(command), false, null, true);
    }

    /**
     * Applies {@code fn} to every item on the pool and returns the results in input order, lazily and bounded
     * in memory (see {@link MapStream}). An item whose task threw makes the stream throw
     * {@link TaskFailedException} when that item is reached (the items before it are delivered) and cancels
     * the chunks in flight; closing the stream cancels them too.
     */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items) {
        return map(fn, items, 1);
    }

    /** Like {@link #map(Function, Iterable)}, sending {@code chunkSize} items per task (fewer, bigger tasks). */
    public <A, R> Stream<R> map(Function<? super A, ? extends R> fn, Iterable<? extends A> items, int chunkSize) {
        return MapStream.stream(this, fn, items, chunkSize);
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
     * cancels the tasks no worker has started; with {@code wait}, waits until every remaining task is done
     * and the workers are gone (interruptibly: an interrupt throws {@link TaskInterruptedException}, the
     * tasks keep running).
     */
    public void shutdown(boolean wait, boolean cancelPending) {
        if (wait && engine.isWorker(Thread.currentThread())) {
            throw new IllegalStateException("a task of pool " + name() + " cannot wait for the pool to finish:"
                    + " it would wait for itself; use shutdown(false, ...) inside tasks");
        }
        for (PoolFuture<?> f : engine.stopAccepting(cancelPending)) f.cancel(false);
        if (wait) {
            try {
                awaitDone(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                throw TaskInterruptedException.interrupted("pool " + name() + " to finish its tasks", e);
            }
        }
    }

    /** Waits for termination and then for the last completions, so every future is done when it returns. */
    private boolean awaitDone(long nanos) throws InterruptedException {
        long end = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
        while (!engine.awaitTermination(Math.min(end - System.nanoTime(), 86_400_000_000_000L))) {
            if (end - System.nanoTime() <= 0) return false;
        }
        boolean idle = engine.completions.awaitIdle(Math.max(0, end - System.nanoTime()));
        if (idle) engine.completions.retire();
        return idle;
    }

    /** Stops accepting tasks and returns at once; submitted tasks still run ({@code ExecutorService} semantics). */
    @Override
    public void shutdown() {
        shutdown(false, false);
    }

    /**
     * Cancels the tasks no worker has, stops the running ones (a thread is interrupted, a worker JVM
     * killed, a member asked to interrupt) and returns at once. Returns the cancelled tasks that are
     * {@code Runnable} in this JVM (a thread pool's; a remote pool's tasks are bytes, so its list is empty).
     */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> notRun = new ArrayList<>();
        for (PoolFuture<?> f : engine.stopAccepting(true)) {
            f.cancel(false);
            if (f instanceof Runnable) notRun.add((Runnable) f);
        }
        engine.stopNow();
        return notRun;
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
        return awaitDone(Math.max(0, unit.toNanos(timeout)));
    }

    // ---- TaskPool: what %pool shows ----

    @Override
    public String name() {
        return engine.poolName();
    }

    @Override
    public String kind() {
        return engine.kind();
    }

    @Override
    public int workers() {
        return engine.workers();
    }

    @Override
    public List<String> workerNames() {
        return new ArrayList<>(engine.workerNames());
    }

    @Override
    public int queued() {
        return engine.queued();
    }

    @Override
    public int running() {
        return engine.running();
    }

    @Override
    public long finished() {
        return engine.finished();
    }

    @Override
    public void resize(int workers) {
        if (workers <= 0) throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        engine.resize(workers);
    }

    @Override
    public String toString() {
        return describe();
    }
}
