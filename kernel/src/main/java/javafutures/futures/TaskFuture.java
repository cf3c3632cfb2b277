package javafutures.futures;

import javafutures.display.MimeRenderable;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static javafutures.futures.FutureStates.CANCELLED;
import static javafutures.futures.FutureStates.COMPLETING_NEW;
import static javafutures.futures.FutureStates.COMPLETING_RUN;
import static javafutures.futures.FutureStates.FAILED;
import static javafutures.futures.FutureStates.FINISHED;
import static javafutures.futures.FutureStates.NEW;
import static javafutures.futures.FutureStates.isFinal;
import static javafutures.futures.FutureStates.publicState;
import static javafutures.futures.FutureStates.ran;
import static javafutures.futures.FutureTransitions.WON;

/**
 * The pending result of a task submitted to a pool: a {@link Future} with the vocabulary of Python's
 * {@code concurrent.futures.Future}.
 *
 * <p><b>States.</b> See {@link TaskState}: {@code PENDING → RUNNING → FINISHED | FAILED}, and
 * {@code CANCELLED} from PENDING (or from RUNNING with {@code cancel(true)} when the pool can stop a
 * running task). Final states never change.
 *
 * <p><b>Cancelling.</b> {@link #cancel()} is Python's: it succeeds only while the task is PENDING and
 * returns true if the future is (now or already) cancelled. {@link #cancel(boolean) cancel(false)} is the
 * same but returns false for an already cancelled future, as {@code Future} specifies.
 * {@code cancel(true)} also cancels a RUNNING task: a thread pool interrupts the worker thread (the task
 * stops only if it reacts to interrupts; its eventual outcome is ignored), a process pool ends the worker. A
 * task that has already ended is not cancelled, even while its outcome is still on its way to the future (it
 * shows RUNNING until then): its worker has moved on.
 *
 * <p><b>Waiting.</b> {@link #result()}, {@link #exception()} and their timed forms block until the task is
 * done. They are interruptible: an interrupt makes them throw {@link TaskInterruptedException} at once,
 * with the interrupt flag set again. A timeout throws {@link TaskTimeoutException} (Python's
 * {@code TimeoutError}); a cancelled future throws {@link CancellationException}. The checked
 * {@link Future#get()} forms behave as {@code Future} specifies.
 *
 * <p><b>Callbacks</b> ({@link #addDoneCallback}) run exactly once, when the future finishes, fails or is
 * cancelled, one after the other in the order added: for a pool's future on the pool's completions thread
 * (never a worker, so a callback that blocks holds up no task), else in the thread that completed it; one added
 * to a done future runs at once in the calling thread, unless earlier ones are still running: then it runs
 * right after them, in their thread. They print under the cell that
 * added them (else under the cell that submitted the task). An exception thrown by a callback is printed
 * to {@code System.err} and affects nothing else.
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe and lock-free except the waiting ones, which park
 * the calling thread. Pools complete futures through the protected methods {@link #markRunning},
 * {@link #complete} and {@link #fail}; the first transition out of a state wins, later ones return false.
 * Every future is recorded in the kernel's registry (see {@link Pools#futures()}).
 *
 * <p><b>{@code state()}</b> returns a {@link TaskState}. On JDK 19+ {@code Future} also has a default
 * {@code state()} returning {@code Future.State}; as this class is compiled for Java 17 the two do not
 * clash: code calling {@code state()} on a {@code TaskFuture} gets the {@code TaskState}, code holding a
 * plain {@code Future} gets the JDK's answer.
 *
 * <p><b>For pool implementations</b> (process pools, clusters): subclass, create the future in the
 * submitting thread (it captures that thread's cell, see {@link #submitterTarget()}), call
 * {@code markRunning("pid 123")} when a worker starts it, then {@code complete(value)} or
 * {@code fail(exception)} (e.g. a {@code WorkerDiedException}); override {@link #cancelRunning()} to
 * support {@code cancel(true)} and {@link #completed(TaskState)} to keep statistics. A pool whose tasks run
 * in another JVM reports the running time measured there with {@link #markRemoteRun} just before
 * completing, so timelines can tell computing from serialization and transit.
 *
 * <p><b>Timing.</b> {@link #timing()} reads when the task was submitted, started and ended
 * ({@link TaskTiming}), as {@code Futures.timeline} draws it.
 */
public class TaskFuture<T> implements Future<T>, MimeRenderable {
    // Inside, package-private helpers that are static code on this class's fields (no object, and no call the
    // JIT does not inline, per task): FutureStates (the state encoding), FutureTransitions (start, cancel,
    // complete, hand-over), FutureWaits (blocking, and the outcome as a value or exception), WaitStack (waiters
    // and listeners); Callbacks (done callbacks) and FutureExtras (rare fields) are objects only when used.
    private static final AtomicLong IDS = new AtomicLong();

    /** Package-private hook run once when the future is done; internal waiters use it. */
    interface DoneListener {
        void done(TaskFuture<?> future);
    }

    private static final VarHandle CALLBACKS;
    private static final VarHandle EXTRAS;

    static {
        try {
            CALLBACKS = MethodHandles.lookup().findVarHandle(TaskFuture.class, "callbacks", Callbacks.class);
            EXTRAS = MethodHandles.lookup().findVarHandle(TaskFuture.class, "extras", FutureExtras.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    /** Null unless the future has a label, a remote run time or pool options. */
    FutureExtras extras;
    private final String pool;
    private final CellTarget submitter;
    /** When it was submitted ({@link System#nanoTime()}), for {@link #timing()}. */
    private final long submittedNanos;
    /**
     * The {@link FutureRegistry} chunk this future is listed in: held here so that the chunk lives exactly
     * as long as one of its futures (the registry holds chunks weakly). Never read.
     */
    @SuppressWarnings("unused")
    private final Object registration;

    /** The internal state ({@link FutureStates}); moved by {@link FutureTransitions}, read by {@link WaitStack}. */
    volatile int s = NEW;
    /** Waiters and listeners, see {@link WaitStack}. */
    volatile WaitStack.Node stack;
    /** The done callbacks (null until the first is added): one listener on the stack, see {@link Callbacks}. */
    volatile Callbacks callbacks;
    // Published by the volatile writes of s (see FutureTransitions): worker and startNanos before NEW -> RUNNING,
    // outcome and endNanos before the final state. Plain fields: a volatile write is a full fence per task on
    // x86. (A rename, see rename(), is seen a moment later; readers only show it.)
    String worker;
    long startNanos;
    long endNanos;
    Object outcome;

    /**
     * Creates a PENDING future, to be called in the thread that submits the task.
     *
     * @param name a label shown in status tables, or null for {@code task-N}
     * @param pool the name of the pool that runs it
     */
    protected TaskFuture(String name, String pool) {
        this.id = IDS.incrementAndGet();
        if (name != null && !name.isBlank()) this.extras = new FutureExtras(name);
        this.pool = pool == null ? "" : pool;
        this.submitter = OutputRouter.current();
        this.submittedNanos = System.nanoTime();
        this.registration = FutureRegistry.register(this);
    }

    /** The side object, made now if needed (by CAS: two threads may need it at once, see {@link FutureExtras}). */
    final FutureExtras extras() {
        FutureExtras x = extras;
        if (x == null && !EXTRAS.compareAndSet(this, null, x = new FutureExtras(null))) x = extras;
        return x;
    }

    /** The state, once it is not COMPLETING (which lasts a few instructions). */
    int settledState() {
        int st;
        while ((st = s) == COMPLETING_NEW || st == COMPLETING_RUN) Thread.onSpinWait();
        return st;
    }

    // ---- Python vocabulary ----

    /** The task's value, waiting as long as needed; throws {@link TaskFailedException} if the task threw. */
    public T result() {
        return FutureWaits.result(this, FutureWaits.awaitDone(this, -1));
    }

    /** Like {@link #result()} but waits at most {@code timeout}, then throws {@link TaskTimeoutException}. */
    public T result(Duration timeout) {
        return FutureWaits.result(this, FutureWaits.awaitDone(this, Durations.nonNegativeNanos(timeout)));
    }

    /** The exception the task threw, or null if it returned a value; waits as long as needed. */
    public Throwable exception() {
        return FutureWaits.exception(this, FutureWaits.awaitDone(this, -1));
    }

    /** Like {@link #exception()} but waits at most {@code timeout}, then throws {@link TaskTimeoutException}. */
    public Throwable exception(Duration timeout) {
        return FutureWaits.exception(this, FutureWaits.awaitDone(this, Durations.nonNegativeNanos(timeout)));
    }

    /** True when finished, failed or cancelled. Never blocks. */
    public boolean done() {
        return isFinal(s);
    }

    /** True while a worker runs the task. Never blocks. */
    public boolean running() {
        return state() == TaskState.RUNNING;
    }

    /** True when cancelled. Never blocks. */
    public boolean cancelled() {
        return (s & 7) == CANCELLED;
    }

    /** Python's {@code cancel()}: cancels a PENDING task; true if the future is now cancelled (also if it already was). */
    public boolean cancel() {
        cancel(false);
        return cancelled();
    }

    /**
     * Runs {@code callback} with this future once it is done (at once, in this thread, if it already is and its
     * earlier callbacks have run; else after them, see {@link Callbacks}). It prints under the current cell; an
     * exception it throws is reported on {@code System.err}.
     */
    public void addDoneCallback(Consumer<? super TaskFuture<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        CellTarget current = OutputRouter.current();
        Callbacks.Callback<T> c = new Callbacks.Callback<>(callback, current != null ? current : submitter);
        Callbacks list = callbacks;
        if (list == null) {
            Callbacks mine = new Callbacks(c);
            // Published (this is also the mark finishFromEngine reads) before it is pushed.
            if (CALLBACKS.compareAndSet(this, null, mine)) {
                addListener(mine);
                return;
            }
            list = callbacks;
        }
        if (!list.add(c)) c.done(this); // every earlier callback has run: run it at once
    }

    void reportCallbackError(Throwable e) {
        System.err.print("java-futures: a done callback of " + name() + " threw ");
        e.printStackTrace(System.err);
    }

    /** The current state. Never blocks. */
    public TaskState state() {
        return publicState(s);
    }

    /** The label of this task, {@code task-N} unless one was given at submit. */
    public String name() {
        FutureExtras x = extras;
        return x != null && x.label != null ? x.label : "task-" + id;
    }

    /** What runs (or ran) the task: a thread name, or {@code pid N} for a process pool; null if it never started. */
    public String worker() {
        return ran(s) ? worker : null;
    }

    /** The name of the pool the task was submitted to. */
    public String pool() {
        return pool;
    }

    /** Running time so far while RUNNING, total running time once done, zero if it never started. */
    public Duration elapsed() {
        int st = s;
        if (!ran(st)) return Duration.ZERO;
        long end = isFinal(st) ? endNanos : System.nanoTime();
        return Duration.ofNanos(Math.max(0, end - startNanos));
    }

    /**
     * When this task was submitted, started and ended, with its state and worker, read together (a task
     * completing meanwhile is seen either before or after, never half-way). Never blocks; for timelines.
     */
    public TaskTiming timing() {
        int st = settledState();
        boolean ran = ran(st);
        boolean done = isFinal(st);
        FutureExtras x = extras;
        return new TaskTiming(publicState(st), ran ? worker : null, submittedNanos, ran ? startNanos : 0,
                done ? endNanos : 0, done && ran && x != null ? x.remoteRunNanos : -1);
    }

    /** A number unique in this JVM, in creation order. */
    public long id() {
        return id;
    }

    // ---- java.util.concurrent.Future ----

    /**
     * Cancels the task if it has not started; with {@code mayInterruptIfRunning}, also a running one when
     * the pool supports it (see the class comment). Returns false if the future could not be cancelled,
     * including when it was already done (or cancelled) or its task has ended.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return FutureTransitions.cancel(this, mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return cancelled();
    }

    @Override
    public boolean isDone() {
        return done();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return FutureWaits.get(this, FutureWaits.awaitInterruptibly(this, -1));
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        int st = FutureWaits.awaitInterruptibly(this, Math.max(0, unit.toNanos(timeout)));
        if (!isFinal(st)) throw new TimeoutException(name() + " is not done after " + timeout + " " + unit);
        return FutureWaits.get(this, st);
    }

    // ---- completion SPI for pools ----

    /**
     * PENDING → RUNNING on {@code worker}; false (do not run the task) if it is no longer PENDING, e.g.
     * cancelled. Call it once per future, from the thread that will report the outcome.
     */
    protected final boolean markRunning(String worker) {
        return markRunning(worker, System.nanoTime());
    }

    /** {@link #markRunning(String)} with the start time ({@link System#nanoTime()}) the pool already read. */
    final boolean markRunning(String worker, long startNanos) {
        return FutureTransitions.start(this, worker, startNanos);
    }

    /** A RUNNING task moved to another worker before it began (see {@code PoolEngine.started}). */
    final void rename(String worker) {
        if (worker != null) this.worker = worker;
    }

    /** When the future reached its final state ({@link System#nanoTime()}); only meaningful once done. */
    final long endNanos() {
        return endNanos;
    }

    /**
     * For pools whose tasks run in another JVM (process and cluster pools): how long the task ran there, as
     * measured there. Call it before {@link #complete} or {@link #fail}, in the thread that then completes
     * it (or one that hands over to it); the rest of the RUNNING time is shown as serialization and transit
     * ({@link TaskTiming#transit()}). Ignored once the future is done.
     */
    protected final void markRemoteRun(long nanos) {
        if (!isFinal(s)) extras().remoteRunNanos = Math.max(0, nanos);
    }

    /** Completes with a value; false if the future was already done (e.g. cancelled meanwhile). */
    protected final boolean complete(T value) {
        return FutureTransitions.finish(this, FINISHED, value, false) == WON;
    }

    /** Completes with the task's exception; false if the future was already done. */
    protected final boolean fail(Throwable error) {
        return FutureTransitions.finish(this, FAILED, Objects.requireNonNull(error, "error"), false) == WON;
    }

    /**
     * Called by {@code cancel(true)} on a RUNNING future, which cannot complete meanwhile, so it must be
     * quick and must not block: stop the running task (interrupt its thread, end its worker process) and
     * return true, or return false if a running task cannot be cancelled (the default).
     */
    protected boolean cancelRunning() {
        return false;
    }

    /** Called once, right after the future reached a final state (before callbacks), in that thread; for pool statistics. */
    protected void completed(TaskState previous) {
    }

    /** The cell that was current in the thread that created this future (its submitter), or null. */
    protected final CellTarget submitterTarget() {
        return submitter;
    }

    /** True if this task was submitted from {@code cell} (for the kernel's interrupt message). */
    public final boolean submittedFrom(CellTarget cell) {
        return cell != null && submitter == cell;
    }

    /**
     * For {@link PoolFuture}: completes it in an engine's thread (a worker, a pipe reader) unless a done callback
     * was added, which an engine thread must never run. Returns {@link FutureTransitions#WON},
     * {@link FutureTransitions#LOST} (already done, or already handed over) or {@link FutureTransitions#HAND_OVER}:
     * the caller must then complete it with {@link #finishHandedOver} on the pool's completion thread (see
     * {@link FutureTransitions#finish} for why this costs no atomic operation of its own).
     */
    final int finishFromEngine(boolean ok, Object result) {
        return FutureTransitions.finish(this, ok ? FINISHED : FAILED,
                ok ? result : Objects.requireNonNull(result, "error"), true);
    }

    /** Completes a future {@link #finishFromEngine} handed over, with that outcome; false if it was not handed over. */
    final boolean finishHandedOver(boolean ok, Object result) {
        return FutureTransitions.finishHandedOver(this, ok, result);
    }

    // ---- internal listeners (Futures, ThreadPool.invokeAny) ----

    /** Runs {@code l} once this future is done: at once in this thread if it is, else in the completing one. */
    void addListener(DoneListener l) {
        WaitStack.listen(this, l);
    }

    void removeListener(DoneListener l) {
        WaitStack.remove(this, l);
    }

    // ---- display ----

    /** A one-row status table as of now (text/html and text/plain). */
    @Override
    public Map<String, String> toMimeBundle() {
        return FutureView.get().render(List.of(this));
    }

    @Override
    public String toString() {
        int st = s;
        StringBuilder sb = new StringBuilder("TaskFuture[").append(name()).append(' ').append(publicState(st));
        if ((st & 7) == FINISHED) sb.append(" = ").append(FutureView.get().summary(outcome, 60));
        if ((st & 7) == FAILED) sb.append(": ").append(FutureView.get().summary(outcome, 60));
        return sb.append(']').toString();
    }
}
