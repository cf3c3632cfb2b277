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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
    private static final AtomicLong IDS = new AtomicLong();

    /** Package-private hook run once when the future is done; internal waiters use it. */
    interface DoneListener {
        void done(TaskFuture<?> future);
    }

    // Internal states. The COMPLETING ones are a few instructions long: the winner of a transition writes
    // the outcome and times, then publishes the final state (volatile write), so a reader that sees a
    // final state also sees everything else. RAN marks final states reached from RUNNING.
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int COMPLETING_NEW = 2;
    private static final int COMPLETING_RUN = 3;
    private static final int FINISHED = 4;
    private static final int FAILED = 5;
    private static final int CANCELLED = 6;
    private static final int RAN = 8;
    // Added to NEW or RUNNING by an engine's thread that has the outcome but must leave completing to the pool's
    // completions thread (a done callback was added, see finishFromEngine): the task has ended, so cancel fails,
    // and nothing but that completion moves it on. Shown as it was (PENDING, RUNNING); not final.
    private static final int HANDED = 16;
    private static final TaskState[] PUBLIC = {TaskState.PENDING, TaskState.RUNNING, TaskState.PENDING,
            TaskState.RUNNING, TaskState.FINISHED, TaskState.FAILED, TaskState.CANCELLED, null};

    private static final VarHandle STATE;
    private static final VarHandle CALLBACKS;
    private static final VarHandle EXTRAS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TaskFuture.class, "s", int.class);
            CALLBACKS = MethodHandles.lookup().findVarHandle(TaskFuture.class, "callbacks", Callbacks.class);
            EXTRAS = MethodHandles.lookup().findVarHandle(TaskFuture.class, "extras", Extras.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * What few futures have, in a side object made only for them (null for most): every field of a future is
     * per-task garbage, and a trivial task's cost is mostly its allocation. Package-private for {@link PoolFuture},
     * whose rarely used options live here too. Written before the future is handed to a worker, or (remote run
     * time) before its final state, so the same publication covers it as the fields it replaces. Made by CAS
     * (see {@link #extras()}): an engine may need it while another thread completes the future.
     */
    static final class Extras {
        /** The label given at submit (null for the default {@code task-N}, built on demand). */
        final String label;
        /** See {@link #markRemoteRun}. */
        long remoteRunNanos = -1;
        // PoolFuture's options: submit(Runnable, result) and execute()
        boolean useFixedResult;
        Object fixedResult;
        boolean reportFailure;
        /** PoolFuture's: the engine cancelled it itself (rare, so here rather than a field of every future). */
        volatile boolean poolCancelled;

        Extras(String label) {
            this.label = label;
        }
    }

    private final long id;
    /** Null unless the future has a label, a remote run time or pool options. */
    Extras extras;
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

    /** The internal state; package-private for {@link WaitStack#await}. */
    volatile int s = NEW;
    /** Waiters and listeners, see {@link WaitStack}. */
    volatile WaitStack.Node stack;
    /** The done callbacks (null until the first is added): one listener on the stack, see {@link Callbacks}. */
    private volatile Callbacks callbacks;
    // Published by the volatile writes of s: worker and startNanos before NEW -> RUNNING, outcome and
    // endNanos before the final state. Plain fields: a volatile write is a full fence per task on x86.
    // (A rename, see rename(), is seen a moment later; readers only show it.)
    private String worker;
    private long startNanos;
    private long endNanos;
    private Object outcome;

    /**
     * Creates a PENDING future, to be called in the thread that submits the task.
     *
     * @param name a label shown in status tables, or null for {@code task-N}
     * @param pool the name of the pool that runs it
     */
    protected TaskFuture(String name, String pool) {
        this.id = IDS.incrementAndGet();
        if (name != null && !name.isBlank()) this.extras = new Extras(name);
        this.pool = pool == null ? "" : pool;
        this.submitter = OutputRouter.current();
        this.submittedNanos = System.nanoTime();
        this.registration = FutureRegistry.register(this);
    }

    /** The side object, made now if needed (by CAS: two threads may need it at once, see {@link Extras}). */
    final Extras extras() {
        Extras x = extras;
        if (x == null && !EXTRAS.compareAndSet(this, null, x = new Extras(null))) x = extras;
        return x;
    }

    /** The state, once it is not COMPLETING (which lasts a few instructions). */
    int settledState() {
        int st;
        while ((st = s) == COMPLETING_NEW || st == COMPLETING_RUN) Thread.onSpinWait();
        return st;
    }

    static boolean isFinal(int st) {
        return (st & 7) >= FINISHED;
    }

    private static boolean ran(int st) {
        return st == RUNNING || st == COMPLETING_RUN || st == (RUNNING | HANDED) || (st & RAN) != 0;
    }

    // ---- Python vocabulary ----

    /** The task's value, waiting as long as needed; throws {@link TaskFailedException} if the task threw. */
    public T result() {
        return report(awaitDone(-1));
    }

    /** Like {@link #result()} but waits at most {@code timeout}, then throws {@link TaskTimeoutException}. */
    public T result(Duration timeout) {
        return report(awaitDone(Durations.nonNegativeNanos(timeout)));
    }

    /** The exception the task threw, or null if it returned a value; waits as long as needed. */
    public Throwable exception() {
        return exceptionOf(awaitDone(-1));
    }

    /** Like {@link #exception()} but waits at most {@code timeout}, then throws {@link TaskTimeoutException}. */
    public Throwable exception(Duration timeout) {
        return exceptionOf(awaitDone(Durations.nonNegativeNanos(timeout)));
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
        return PUBLIC[s & 7];
    }

    /** The label of this task, {@code task-N} unless one was given at submit. */
    public String name() {
        Extras x = extras;
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
        Extras x = extras;
        return new TaskTiming(PUBLIC[st & 7], ran ? worker : null, submittedNanos, ran ? startNanos : 0,
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
        for (;;) {
            int st = s;
            if (st == NEW) {
                if (STATE.compareAndSet(this, NEW, COMPLETING_NEW)) break;
            } else if (st == RUNNING && mayInterruptIfRunning) {
                if (STATE.compareAndSet(this, RUNNING, COMPLETING_RUN)) {
                    // The worker cannot complete (or leave the task) while we are COMPLETING, so an
                    // interrupt sent now cannot hit the worker's next task.
                    boolean stopped;
                    try {
                        stopped = cancelRunning();
                    } catch (RuntimeException | Error e) {
                        s = RUNNING;
                        throw e;
                    }
                    if (stopped) break;
                    s = RUNNING; // the pool cannot stop a running task: leave it running
                    return false;
                }
            } else if (st == COMPLETING_NEW || st == COMPLETING_RUN) {
                Thread.onSpinWait(); // someone else is completing it; see how that ends
            } else {
                return false;
            }
        }
        finishWon(CANCELLED, new CancellationException(name() + " was cancelled"), false);
        return true;
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
        return getOutcome(awaitInterruptibly(-1));
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        int st = awaitInterruptibly(Math.max(0, unit.toNanos(timeout)));
        if (!isFinal(st)) throw new TimeoutException(name() + " is not done after " + timeout + " " + unit);
        return getOutcome(st);
    }

    @SuppressWarnings("unchecked")
    private T getOutcome(int st) throws ExecutionException {
        if ((st & 7) == FINISHED) return (T) outcome;
        if ((st & 7) == FAILED) throw new ExecutionException(name() + " failed: " + outcome, (Throwable) outcome);
        throw new CancellationException(name() + " was cancelled");
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
        if (s != NEW) return false;
        // Written before the CAS that publishes them; if the CAS loses, ran() keeps them unread.
        this.worker = worker;
        this.startNanos = startNanos;
        return STATE.compareAndSet(this, NEW, RUNNING);
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
        return finish(FINISHED, value);
    }

    /** Completes with the task's exception; false if the future was already done. */
    protected final boolean fail(Throwable error) {
        return finish(FAILED, Objects.requireNonNull(error, "error"));
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

    private boolean finish(int to, Object result) {
        return finish(to, result, false) > 0;
    }

    /** Outcomes of {@link #finishFromEngine}. */
    static final int LOST = 0;
    static final int WON = 1;
    static final int HAND_OVER = -1;

    /**
     * For {@link PoolFuture}: completes it in an engine's thread (a worker, a pipe reader) unless a done callback
     * was added, which an engine thread must never run. Returns {@link #WON}, {@link #LOST} (already done, or
     * already handed over) or {@link #HAND_OVER}: a callback was added, so the future is left handed over (shown
     * as it was, but no longer cancellable: the task has ended) and the caller must complete it with
     * {@link #finishHandedOver} on the pool's completion thread. Deciding here, after the state CAS, rather than
     * with a CAS of its own saves an atomic operation per task: whoever adds a callback marks the future (its
     * {@code callbacks}) before pushing them, then reads the state; so either we see the mark after our CAS and
     * hand over, or its adder reads COMPLETING or a final state and runs the callbacks itself, and we leave
     * them alone.
     */
    final int finishFromEngine(boolean ok, Object result) {
        return finish(ok ? FINISHED : FAILED, ok ? result : Objects.requireNonNull(result, "error"), true);
    }

    /**
     * Completes a future {@link #finishFromEngine} handed over, with that outcome, in the pool's completion
     * thread; false if it was not handed over (then nothing changes). By CAS, like every completion, so that
     * pushers of listeners are ordered against it (see {@link WaitStack}).
     */
    final boolean finishHandedOver(boolean ok, Object result) {
        int st = s;
        if ((st & HANDED) == 0) return false;
        if (!STATE.compareAndSet(this, st, st == (RUNNING | HANDED) ? COMPLETING_RUN : COMPLETING_NEW)) return false;
        finishWon(ok ? FINISHED : FAILED, result, false);
        return true;
    }

    private int finish(int to, Object result, boolean engine) {
        int st;
        for (;;) {
            st = s;
            if (st == NEW || st == RUNNING) {
                if (STATE.compareAndSet(this, st, st == NEW ? COMPLETING_NEW : COMPLETING_RUN)) break;
            } else if (st == COMPLETING_NEW || st == COMPLETING_RUN) {
                // A cancel(true) is interrupting us: wait for it, so that its interrupt lands before the
                // worker moves on (and in case the pool refused and the task goes on RUNNING).
                Thread.onSpinWait();
            } else {
                return LOST; // final, or handed over (only finishHandedOver completes that)
            }
        }
        if (engine && callbacks != null) {
            // Handed over, not back to RUNNING: the worker leaves now, so a cancel(true) must no longer reach it
            // (it would interrupt its next task). Nobody moved it meanwhile (COMPLETING is ours).
            s = st | HANDED;
            return HAND_OVER;
        }
        finishWon(to, result, engine);
        return WON;
    }

    /**
     * Caller won the transition to a COMPLETING state. In an engine's thread ({@code engine}) done callbacks
     * are left on the stack: their adder runs them (see {@link #finishFromEngine}).
     */
    private void finishWon(int to, Object result, boolean engine) {
        int from = s;
        endNanos = System.nanoTime();
        outcome = result;
        // A release store is enough: the CAS into COMPLETING already ordered us against every pusher, and
        // whoever sees COMPLETING waits for this store (see WaitStack) instead of parking.
        STATE.setRelease(this, to | (from == COMPLETING_RUN ? RAN : 0));
        WaitStack.Node[] listeners = WaitStack.takeAndWake(this);
        try {
            completed(from == COMPLETING_RUN ? TaskState.RUNNING : TaskState.PENDING);
        } catch (RuntimeException e) {
            System.err.println("java-futures: pool hook failed for " + name() + ": " + e);
        }
        if (listeners != null) {
            for (WaitStack.Node n : listeners) {
                if (engine && n.item instanceof Callbacks) continue;
                Object item = WaitStack.claim(n);
                if (item != null) runListener((DoneListener) item);
            }
        }
    }

    private void runListener(DoneListener l) {
        try {
            l.done(this);
        } catch (Throwable e) {
            // User callbacks catch their own errors; this guards the internal ones.
            reportCallbackError(e);
        }
    }

    // ---- internal listeners (Futures, ThreadPool.invokeAny) ----

    void addListener(DoneListener l) {
        if (isFinal(s)) {
            runListener(l);
            return;
        }
        WaitStack.Node n = new WaitStack.Node(l);
        // Pushed, then the state checked: if completion may have missed our node, we run it (see WaitStack).
        if (!WaitStack.push(this, n) || isFinal(settledState())) {
            if (WaitStack.claim(n) != null) runListener(l);
        }
    }

    void removeListener(DoneListener l) {
        WaitStack.remove(this, l);
    }

    // ---- waiting ----

    /** Waits until done or {@code nanos} pass ({@code < 0}: forever); a timeout throws TaskTimeoutException. */
    private int awaitDone(long nanos) {
        int st;
        try {
            st = awaitInterruptibly(nanos);
        } catch (InterruptedException e) {
            throw TaskInterruptedException.interrupted(name(), e);
        }
        if (!isFinal(st)) {
            throw new TaskTimeoutException(name() + " is not done after " + Durations.text(nanos) + " (it is " + PUBLIC[st & 7] + ")");
        }
        return st;
    }

    /** Returns the final state, or the current one when {@code nanos} ran out ({@code < 0}: never). */
    private int awaitInterruptibly(long nanos) throws InterruptedException {
        int st = s;
        return isFinal(st) || nanos == 0 ? st : WaitStack.await(this, nanos);
    }

    @SuppressWarnings("unchecked")
    private T report(int st) {
        if ((st & 7) == FINISHED) return (T) outcome;
        if ((st & 7) == FAILED) throw new TaskFailedException(name(), (Throwable) outcome);
        throw new CancellationException(name() + " was cancelled");
    }

    private Throwable exceptionOf(int st) {
        if ((st & 7) == CANCELLED) throw new CancellationException(name() + " was cancelled");
        return (st & 7) == FAILED ? (Throwable) outcome : null;
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
        StringBuilder sb = new StringBuilder("TaskFuture[").append(name()).append(' ').append(PUBLIC[st & 7]);
        if ((st & 7) == FINISHED) sb.append(" = ").append(FutureView.get().summary(outcome, 60));
        if ((st & 7) == FAILED) sb.append(": ").append(FutureView.get().summary(outcome, 60));
        return sb.append(']').toString();
    }
}
