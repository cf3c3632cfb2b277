package javafutures.futures;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;

import static javafutures.futures.FutureStates.COMPLETING_NEW;
import static javafutures.futures.FutureStates.COMPLETING_RUN;
import static javafutures.futures.FutureStates.CANCELLED;
import static javafutures.futures.FutureStates.FAILED;
import static javafutures.futures.FutureStates.FINISHED;
import static javafutures.futures.FutureStates.HANDED;
import static javafutures.futures.FutureStates.NEW;
import static javafutures.futures.FutureStates.RAN;
import static javafutures.futures.FutureStates.RUNNING;

/**
 * The state transitions of a {@link TaskFuture} (its {@code s} field, see {@link FutureStates}): start, cancel,
 * complete, and the hand-over of an engine's completion to the pool's completions thread. Lock-free: each
 * transition out of a state is a CAS, the first wins and later ones lose. Static methods on the future's
 * package-private fields, so the hot path (start, complete) is the code it was inside the future: no object,
 * no call the JIT does not inline.
 */
final class FutureTransitions {
    /** Outcomes of {@link #finish}. */
    static final int LOST = 0;
    static final int WON = 1;
    static final int HAND_OVER = -1;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TaskFuture.class, "s", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FutureTransitions() {
    }

    /** PENDING → RUNNING on {@code worker}; false if the future is no longer PENDING. */
    static boolean start(TaskFuture<?> f, String worker, long startNanos) {
        if (f.s != NEW) return false;
        // Written before the CAS that publishes them; if the CAS loses, ran() keeps them unread.
        f.worker = worker;
        f.startNanos = startNanos;
        return STATE.compareAndSet(f, NEW, RUNNING);
    }

    /** See {@link TaskFuture#cancel(boolean)}. */
    static boolean cancel(TaskFuture<?> f, boolean mayInterruptIfRunning) {
        for (;;) {
            int st = f.s;
            if (st == NEW) {
                if (STATE.compareAndSet(f, NEW, COMPLETING_NEW)) break;
            } else if (st == RUNNING && mayInterruptIfRunning) {
                if (STATE.compareAndSet(f, RUNNING, COMPLETING_RUN)) {
                    // The worker cannot complete (or leave the task) while we are COMPLETING, so an
                    // interrupt sent now cannot hit the worker's next task.
                    boolean stopped;
                    try {
                        stopped = f.cancelRunning();
                    } catch (RuntimeException | Error e) {
                        f.s = RUNNING;
                        throw e;
                    }
                    if (stopped) break;
                    f.s = RUNNING; // the pool cannot stop a running task: leave it running
                    return false;
                }
            } else if (st == COMPLETING_NEW || st == COMPLETING_RUN) {
                Thread.onSpinWait(); // someone else is completing it; see how that ends
            } else {
                return false;
            }
        }
        finishWon(f, CANCELLED, new CancellationException(f.name() + " was cancelled"), false);
        return true;
    }

    /**
     * Completes {@code f} as FINISHED or FAILED ({@code to}) with {@code result}: {@link #WON}, or {@link #LOST}
     * (already done, or handed over). With {@code engine} (an engine's thread: a worker, a pipe reader) it may
     * return {@link #HAND_OVER} instead: a done callback was added, which an engine thread must never run, so
     * the future is left handed over (shown as it was, but no longer cancellable: the task has ended) and the
     * caller must complete it with {@link #finishHandedOver} on the pool's completions thread. Deciding here,
     * after the state CAS, rather than with a CAS of its own saves an atomic operation per task: whoever adds a
     * callback marks the future (its {@code callbacks}) before pushing them, then reads the state; so either we
     * see the mark after our CAS and hand over, or its adder reads COMPLETING or a final state and runs the
     * callbacks itself, and we leave them alone.
     */
    static int finish(TaskFuture<?> f, int to, Object result, boolean engine) {
        int st;
        for (;;) {
            st = f.s;
            if (st == NEW || st == RUNNING) {
                if (STATE.compareAndSet(f, st, st == NEW ? COMPLETING_NEW : COMPLETING_RUN)) break;
            } else if (st == COMPLETING_NEW || st == COMPLETING_RUN) {
                // A cancel(true) is interrupting us: wait for it, so that its interrupt lands before the
                // worker moves on (and in case the pool refused and the task goes on RUNNING).
                Thread.onSpinWait();
            } else {
                return LOST; // final, or handed over (only finishHandedOver completes that)
            }
        }
        if (engine && f.callbacks != null) {
            // Handed over, not back to RUNNING: the worker leaves now, so a cancel(true) must no longer reach it
            // (it would interrupt its next task). Nobody moved it meanwhile (COMPLETING is ours).
            f.s = st | HANDED;
            return HAND_OVER;
        }
        finishWon(f, to, result, engine);
        return WON;
    }

    /**
     * Completes a future {@link #finish} handed over, with that outcome, in the pool's completions thread; false
     * if it was not handed over (then nothing changes). By CAS, like every completion, so that pushers of
     * listeners are ordered against it (see {@link WaitStack}).
     */
    static boolean finishHandedOver(TaskFuture<?> f, boolean ok, Object result) {
        int st = f.s;
        if ((st & HANDED) == 0) return false;
        if (!STATE.compareAndSet(f, st, st == (RUNNING | HANDED) ? COMPLETING_RUN : COMPLETING_NEW)) return false;
        finishWon(f, ok ? FINISHED : FAILED, result, false);
        return true;
    }

    /**
     * Caller won the transition to a COMPLETING state. In an engine's thread ({@code engine}) done callbacks
     * are left on the stack: their adder runs them (see {@link #finish}).
     */
    private static void finishWon(TaskFuture<?> f, int to, Object result, boolean engine) {
        int from = f.s;
        f.endNanos = System.nanoTime();
        f.outcome = result;
        // A release store is enough: the CAS into COMPLETING already ordered us against every pusher, and
        // whoever sees COMPLETING waits for this store (see WaitStack) instead of parking.
        STATE.setRelease(f, to | (from == COMPLETING_RUN ? RAN : 0));
        WaitStack.Node[] listeners = WaitStack.takeAndWake(f);
        try {
            f.completed(from == COMPLETING_RUN ? TaskState.RUNNING : TaskState.PENDING);
        } catch (RuntimeException e) {
            System.err.println("java-futures: pool hook failed for " + f.name() + ": " + e);
        }
        if (listeners != null) {
            for (WaitStack.Node n : listeners) {
                if (engine && n.item instanceof Callbacks) continue;
                Object item = WaitStack.claim(n);
                if (item != null) runListener(f, (TaskFuture.DoneListener) item);
            }
        }
    }

    static void runListener(TaskFuture<?> f, TaskFuture.DoneListener l) {
        try {
            l.done(f);
        } catch (Throwable e) {
            // User callbacks catch their own errors; this guards the internal ones.
            f.reportCallbackError(e);
        }
    }
}
