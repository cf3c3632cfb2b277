package javafutures.futures;

import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.concurrent.Callable;

/**
 * A task of a {@link ThreadPool}: the future and the runnable the pool's engine queues, in one object
 * (one allocation per submit, like {@code FutureTask}). The body runs with the submitting cell as the
 * thread's output target, as {@link OutputRouter#bind(Callable)} would arrange.
 */
final class ThreadTask<T> extends TaskFuture<T> implements Runnable {
    private final ThreadPool pool;
    private final Callable<T> body;
    /** Tasks from {@code execute()} have no future anyone looks at, so their failures are printed. */
    private final boolean reportFailure;
    private Thread runner;

    ThreadTask(ThreadPool pool, String name, Callable<T> body, boolean reportFailure) {
        super(name, pool.name());
        this.pool = pool;
        this.body = body;
        this.reportFailure = reportFailure;
    }

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        // A plain field, published to cancel(true) by markRunning's CAS: cancelRunning only runs on a
        // RUNNING future. Never cleared: once the task is done, cancel(true) no longer calls cancelRunning.
        runner = me;
        PoolThreads.Worker w = me instanceof PoolThreads.Worker ? (PoolThreads.Worker) me : null;
        // A worker that took this task without waiting started it when its previous task ended.
        long start = w != null && w.lastEnd != 0 && !w.waited ? w.lastEnd : System.nanoTime();
        if (w != null) w.waited = false;
        if (!markRunning(me.getName(), start)) return;
        pool.taskStarted();
        try {
            CellTarget target = submitterTarget();
            T value = null;
            Throwable error = null;
            if (target == null) {
                try {
                    value = body.call();
                } catch (Throwable e) {
                    error = e;
                }
            } else {
                // What OutputRouter.bind does, inlined (no wrapper per submit): the body writes to the
                // submitting cell. Pool threads have no cell of their own, so afterwards they have none again.
                OutputRouter.setCurrent(target);
                try {
                    value = body.call();
                } catch (Throwable e) {
                    error = e;
                } finally {
                    OutputRouter router = OutputRouter.get();
                    if (router != null) router.flushThread(me);
                    OutputRouter.setCurrent(null);
                }
            }
            boolean won = error == null ? complete(value) : fail(error);
            if (w != null) {
                if (won) w.lastEnd = endNanos(); else w.waited = true; // cancelled meanwhile: its end time is not ours
            }
        } finally {
            pool.taskEnded();
            // A cancel(true) that came too late for the task must not interrupt whatever this thread does
            // next: ThreadPoolExecutor clears stale interrupts before the next task, a virtual thread just ends.
        }
    }

    /** Interrupts the worker; called under the future's lock while RUNNING, so the interrupt cannot hit a later task. */
    @Override
    protected boolean cancelRunning() {
        Thread t = runner;
        if (t != null) t.interrupt();
        return true;
    }

    @Override
    protected void completed(TaskState previous) {
        pool.taskCompleted();
        if (reportFailure && state() == TaskState.FAILED) {
            Throwable e = exception();
            OutputRouter.runWith(submitterTarget(), () -> {
                System.err.print("java-futures: " + name() + " (started with execute) threw ");
                e.printStackTrace(System.err);
            });
        }
    }
}
