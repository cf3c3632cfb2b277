package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

/**
 * The future of a task submitted to a pool of any kind ({@link AbstractPool}): a {@link TaskFuture} plus
 * what the core needs to run it through a {@link PoolEngine}. Engines report to it only through
 * {@code PoolEngine}'s completion methods; users see a plain {@code TaskFuture}.
 *
 * <p><b>Who completes it.</b> A future nobody added a done callback to is completed by the engine's thread
 * that learnt the outcome (a worker thread, a pipe reader): no user code runs there. Once a done callback
 * was added, completion moves to the pool's {@link Completions} thread, so a callback that blocks (say, on
 * another future of the same pool) never stalls a worker, a pipe reader or the cluster client, and a
 * watchdog adds a thread when it stalls the other completions. The state CAS that completes the future
 * decides between the two (see {@link TaskFuture#finishFromEngine}): no atomic operation of its own per task.
 * A future handed over so is no longer cancellable (its task has ended; the engine's thread has moved on), and
 * only the completion thread then completes it. Thread-safe.
 */
public class PoolFuture<T> extends TaskFuture<T> {
    final PoolEngine engine;
    /** What the engine's {@code prepare} made of the task. */
    final Object task;
    /** The engine's bookkeeping for this future (see {@link PoolEngine#handle}). */
    volatile Object handle;

    protected PoolFuture(PoolEngine engine, String name, Object task) {
        super(name, engine.poolName());
        this.engine = engine;
        this.task = task;
    }

    /** For the core: a fixed result ({@code submit(Runnable, T)}) and whether a failure is printed ({@code execute}). */
    final void options(boolean useFixedResult, Object fixedResult, boolean reportFailure) {
        // In the side object: most futures have neither option. submit(Runnable, result): this value is the
        // result, the worker's null is ignored; execute(): nobody holds the future, so a failure is printed.
        FutureExtras x = extras();
        x.useFixedResult = useFixedResult;
        x.fixedResult = fixedResult;
        x.reportFailure = reportFailure;
    }

    /** True while PENDING: an engine checks this before it hands the task to a worker. */
    public final boolean isPending() {
        return state() == TaskState.PENDING;
    }

    final boolean markStarted(String worker) {
        if (markRunning(worker)) return true;
        if (state() == TaskState.RUNNING) rename(worker); // moved to another worker before it began
        return false;
    }

    /** Completes it here, or on the completion thread once it has callbacks; true if completed here (and won). */
    final boolean deliver(boolean ok, Object outcome) {
        Object v = value(ok, outcome);
        int r = finishFromEngine(ok, v); // a second delivery loses here
        if (r == FutureTransitions.HAND_OVER) engine.completions.post(() -> finishHandedOver(ok, v));
        return r == FutureTransitions.WON;
    }

    /** What the future holds for this outcome: submit(Runnable, result)'s value replaces the worker's null. */
    private Object value(boolean ok, Object outcome) {
        FutureExtras x = extras;
        return ok && x != null && x.useFixedResult ? x.fixedResult : outcome;
    }

    /** The engine cancelled it: cancelRunning agrees without asking the engine again. */
    private boolean poolCancelled() {
        FutureExtras x = extras;
        return x != null && x.poolCancelled;
    }

    final void cancelledByPool() {
        extras().poolCancelled = true;
        // cancel(true) from here could spin: this may run inside our own cancel(true), mid-transition.
        engine.completions.post(() -> cancel(true));
    }

    final void output(boolean stderr, String text) {
        CellTarget target = submitterTarget();
        if (target != null) {
            OutputRouter.appendTo(target, stderr, text);
        } else {
            OutputRouter router = OutputRouter.get();
            (router != null ? router.kernelErr() : System.err).print("[" + name() + "] " + text);
        }
    }

    @Override
    protected boolean cancelRunning() {
        return poolCancelled() || engine.stopRunning(this);
    }

    @Override
    protected void completed(TaskState previous) {
        engine.taskDone(this);
        if (previous == TaskState.PENDING && cancelled() && !poolCancelled()) engine.forget(this);
        FutureExtras x = extras;
        if (x != null && x.reportFailure && state() == TaskState.FAILED) {
            Throwable e = exception();
            OutputRouter.runWith(submitterTarget(), () -> {
                System.err.print("java-futures: " + name() + " (started with execute) threw ");
                e.printStackTrace(System.err);
            });
        }
    }
}
