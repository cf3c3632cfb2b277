package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.concurrent.Callable;

/**
 * A task of a {@link ThreadPool}: the future and the runnable the engine queues, in one object (one
 * allocation per submit, like {@code FutureTask}). The body runs with the submitting cell as the thread's
 * output target, as {@link OutputRouter#bind(Callable)} would arrange.
 */
final class ThreadTask<T> extends PoolFuture<T> implements Runnable {
    // No field of its own for the engine (PoolFuture's is the same object): every field here is per-task garbage,
    // and a trivial task's cost is mostly its allocation.
    /** Published to cancel(true) by markRunning's CAS: stopRunning only runs on a RUNNING future. */
    Thread runner;

    ThreadTask(ThreadEngine engine, String name, Object body) {
        super(engine, name, body);
    }

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        runner = me; // never cleared: once the task is done, cancel(true) no longer calls stopRunning
        PoolThreads.Worker w = me instanceof PoolThreads.Worker ? (PoolThreads.Worker) me : null;
        // A worker that took this task without waiting started it when its previous task ended.
        long start = w != null && w.lastEnd != 0 && !w.waited ? w.lastEnd : System.nanoTime();
        if (w != null) {
            w.waited = false;
            w.current = this; // before it is RUNNING: %pool counts a worker running while its task is RUNNING
        }
        ThreadEngine engine = (ThreadEngine) this.engine;
        if (!markRunning(me.getName(), start)) {
            if (w != null) w.doneWithTask();
            return;
        }
        if (engine.vStarted != null) engine.vStarted.increment();
        CellTarget target = submitterTarget();
        Object value = null;
        Throwable error = null;
        if (w != null) {
            // What OutputRouter.bind does, inlined (no wrapper per submit): the body writes to the
            // submitting cell. A worker keeps that target until a task of another cell (or of none) comes:
            // setting and removing a thread-local per task was a good part of a trivial task's cost, and
            // between tasks a worker runs no user code, so the stale target is never written to.
            w.bind(target);
        } else if (target != null) {
            OutputRouter.setCurrent(target); // a virtual thread runs one task: bind for it, then leave it as it was
        }
        try {
            value = call();
        } catch (Throwable e) {
            error = e;
        } finally {
            if (target != null) {
                flushOutput(me);
                if (w == null) OutputRouter.setCurrent(null);
            }
        }
        // %pool's counts move before the future completes (its final state publishes them), so whoever has
        // the result sees them agree: not running, finished. A worker forgets the task, and its result, here.
        if (w != null) {
            w.doneWithTask();
        } else if (engine.vEnded != null) {
            engine.vEnded.increment();
            engine.vFinished.increment();
        }
        boolean here = error == null ? PoolEngine.succeeded(this, value) : PoolEngine.failed(this, error);
        if (w != null) {
            if (here) w.lastEnd = endNanos(); else w.waited = true; // completed elsewhere: its end time is not ours
        }
    }

    private static void flushOutput(Thread me) {
        OutputRouter router = OutputRouter.get();
        if (router != null) router.flushThread(me);
    }

    private Object call() throws Exception {
        Object body = task;
        if (body instanceof Callable) return ((Callable<?>) body).call();
        if (body instanceof CheckedRunnable) ((CheckedRunnable) body).runChecked(); else ((Runnable) body).run();
        return null;
    }

    /** Fails it before it runs (the pool broke); package-private for {@link PoolThreads.Engine}. */
    void failBeforeRun(Throwable e) {
        fail(e);
    }
}
