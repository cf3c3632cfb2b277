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
    private volatile Thread runner;

    ThreadTask(ThreadPool pool, String name, Callable<T> body, boolean reportFailure) {
        super(name, pool.name());
        this.pool = pool;
        this.body = body;
        this.reportFailure = reportFailure;
    }

    @Override
    public void run() {
        Thread me = Thread.currentThread();
        // Set before markRunning so that cancelRunning, which runs only once we are RUNNING, sees it.
        runner = me;
        if (!markRunning(me.getName())) {
            runner = null;
            return;
        }
        pool.taskStarted();
        // What OutputRouter.bind does, inlined: the body writes to the submitting cell. Done here rather
        // than with a wrapper made at submit, because submitting is the hot path (see ThreadPoolBench).
        CellTarget target = submitterTarget();
        CellTarget previous = OutputRouter.current();
        if (previous != target) OutputRouter.setCurrent(target);
        T value = null;
        Throwable error = null;
        try {
            value = body.call();
        } catch (Throwable e) {
            error = e;
        } finally {
            OutputRouter router = OutputRouter.get();
            if (router != null && target != null) router.flushThread(me);
            if (previous != target) OutputRouter.setCurrent(previous);
        }
        try {
            if (error == null) complete(value); else fail(error);
        } finally {
            runner = null;
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
