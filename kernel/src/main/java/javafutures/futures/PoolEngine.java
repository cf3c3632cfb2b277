package javafutures.futures;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * What one kind of pool plugs into the pool core ({@link AbstractPool}): where tasks run (threads, worker
 * JVMs, cluster members) and how they get there. The core does everything else once for every kind:
 * submitting and naming, {@code map}, {@code invokeAll}/{@code invokeAny}, shutdown and close, cancel
 * semantics, callbacks (on {@link Completions}, watched for stalls), the registry and output routing.
 *
 * <p><b>Contract.</b> {@link #start} queues a {@link PoolFuture}; the engine reports its life through the
 * final methods below, from any thread, never holding a lock of its own while it does:
 * {@link #started} once it hands the task to a worker (the future is RUNNING from then on, so
 * {@code cancel()} is true only for a task that never reached one), then exactly one of {@link #succeeded},
 * {@link #failed} or {@link #cancelledByPool}; {@link #output} any time before. A future cancelled while
 * PENDING is given back with {@link #forget}: the engine must then never run it (it checks
 * {@link PoolFuture#isPending()} under its own lock before handing it to a worker, or relies on
 * {@link #started} returning false).
 *
 * <p><b>Life.</b> An engine is the small state object behind a pool: it must hold no reference to its pool
 * (the facade), so that a pool the notebook can no longer reach is collected while its tasks still run;
 * the core then calls {@link #abandoned()} (a {@code Cleaner}), which shuts the engine down once its tasks
 * are done. Implementations are thread-safe.
 */
public abstract class PoolEngine {
    private final String poolName;
    final Completions completions;
    private final java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();

    protected PoolEngine(String poolName) {
        this.poolName = poolName;
        this.completions = new Completions(poolName);
    }

    /** The name of the pool this engine runs, as futures and tables show it. */
    public final String poolName() {
        return poolName;
    }

    // ---- what every kind implements ----

    /** {@code threads}, {@code virtual threads}, {@code processes}, {@code cluster}. */
    protected abstract String kind();

    /**
     * Makes a task ({@code Callable} or {@code Runnable}) ready to run, in the submitting thread: a remote
     * engine serializes it here, so a task that cannot travel fails at submit. The default keeps it as is.
     */
    protected Object prepare(Object task) {
        return task;
    }

    /** The task that runs one chunk of a {@code map}: by default a {@link ChunkTask} run in this JVM. */
    protected ChunkTask<?, ?> chunk(java.util.function.Function<Object, Object> fn, List<Object> items) {
        return new ChunkTask.Local<>(fn, items);
    }

    /**
     * What every chunk of one {@code map} shares, made before its first chunk (in the submitting thread), or
     * null. A remote engine serializes the function and the values it reads here, once per map, so they travel
     * once per worker rather than once per chunk. The default shares nothing.
     */
    protected Object mapShared(java.util.function.Function<Object, Object> fn) {
        return null;
    }

    /** One chunk of a map, ready to run ({@link #prepare}d); {@code shared} is what {@link #mapShared} made. */
    protected Object prepareChunk(Object shared, java.util.function.Function<Object, Object> fn, List<Object> items) {
        return prepare(chunk(fn, items));
    }

    /**
     * The map that made {@code shared} ended (read to its end, failed, closed, or became unreachable): no chunk
     * of it will be sent again, so workers may drop what it shared. Called once per map; must not block.
     */
    protected void mapEnded(Object shared) {
    }

    /** The future for a task {@link #prepare}d for this engine; engines that run futures themselves override it. */
    protected <T> PoolFuture<T> newFuture(String name, Object prepared) {
        return new PoolFuture<>(this, name, prepared);
    }

    /** Queues {@code f}; throws {@link RejectedExecutionException} once shut down. */
    protected abstract void start(PoolFuture<?> f);

    /**
     * {@code cancel(true)} of a RUNNING future: stop it (interrupt its thread, end its worker) and return
     * true, or false if it cannot be stopped. Called while the future cannot complete: must not block.
     */
    protected boolean stopRunning(PoolFuture<?> f) {
        return false;
    }

    /** {@code f} was cancelled while PENDING: drop it from queues (it must never run). Must not block. */
    protected void forget(PoolFuture<?> f) {
    }

    /** Accepts no more tasks; with {@code takeQueued}, removes and returns the tasks no worker has (the core cancels them). */
    protected abstract List<PoolFuture<?>> stopAccepting(boolean takeQueued);

    /** Cancels what is queued, stops what runs, releases the workers; returns at once. */
    protected abstract void stopNow();

    protected abstract boolean isShutdown();

    /** Shut down, every task done, every worker gone. */
    protected abstract boolean isTerminated();

    /** Waits until {@link #isTerminated()} or {@code nanos} pass; false on timeout. */
    protected abstract boolean awaitTermination(long nanos) throws InterruptedException;

    /** The configured number of workers, -1 when unbounded. */
    protected abstract int workers();

    protected abstract List<String> workerNames();

    protected abstract int queued();

    protected abstract int running();

    /** Tasks done (finished, failed or cancelled) since the pool was created. */
    protected long finished() {
        return done.sum();
    }

    /** Called once per future as it reaches its final state; counts it for {@link #finished()}. */
    protected void taskDone(PoolFuture<?> f) {
        done.increment();
    }

    protected void resize(int workers) {
        throw new UnsupportedOperationException("a " + kind() + " pool cannot be resized");
    }

    /** True if {@code t} is one of this engine's workers (a task must not wait for its own pool to end). */
    protected boolean isWorker(Thread t) {
        return false;
    }

    /** Chunks of a {@code map} kept in flight ahead of its consumer: enough to keep every worker busy. */
    protected int mapWindow() {
        int w = workers();
        return w < 0 ? 64 : Math.max(2, 2 * w + 1);
    }

    /** Why a task is refused once shut down. */
    protected String rejectionMessage() {
        return kind() + " pool " + poolName + " is shut down and accepts no new tasks; create a new pool";
    }

    /** The pool became unreachable: finish what was submitted, then release the workers (Python's executors do). */
    protected void abandoned() {
        stopAccepting(false);
        completions.retire();
    }

    /** Runs {@code r} soon on the pool's completion thread: for an engine's own slow steps that must not block the caller. */
    protected final void async(Runnable r) {
        completions.post(r);
    }

    // ---- the completion SPI, for engines ----

    /** The object {@link #prepare} made for {@code f}. */
    protected static Object task(PoolFuture<?> f) {
        return f.task;
    }

    /** The engine's own bookkeeping object for {@code f} (a queue entry, a scheduling record), or null. */
    protected static Object handle(PoolFuture<?> f) {
        return f.handle;
    }

    protected static void setHandle(PoolFuture<?> f, Object handle) {
        f.handle = handle;
    }

    /**
     * {@code f} was handed to {@code worker}: PENDING becomes RUNNING. False if it was cancelled meanwhile
     * (do not run it). Called again after a move to another worker, it only renames the worker.
     */
    protected static boolean started(PoolFuture<?> f, String worker) {
        return f.markStarted(worker);
    }

    /**
     * {@code f} ran for {@code nanos} where it was run (a worker JVM, a member), as measured there; called
     * just before its outcome. Timelines show the rest of RUNNING as serialization and transit.
     */
    protected static void ranRemotely(PoolFuture<?> f, long nanos) {
        f.markRemoteRun(nanos);
    }

    /** {@code f} returned {@code value}; true if it was completed in this thread (no callbacks to hand it to). */
    protected static boolean succeeded(PoolFuture<?> f, Object value) {
        return f.deliver(true, value);
    }

    /** {@code f} threw {@code error} (or its worker died); true if it was completed in this thread. */
    protected static boolean failed(PoolFuture<?> f, Throwable error) {
        return f.deliver(false, error);
    }

    /** The engine cancelled {@code f} itself (shutdownNow, a killed worker): the future is cancelled. */
    protected static void cancelledByPool(PoolFuture<?> f) {
        f.cancelledByPool();
    }

    /** Text the task printed where it ran: shown under the cell that submitted it. */
    protected static void output(PoolFuture<?> f, boolean stderr, String text) {
        f.output(stderr, text);
    }
}
