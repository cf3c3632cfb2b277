package javafutures.process;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

/**
 * A task of a {@link ProcessPool}: its {@link TaskFuture}, and ({@link #listener()}) the {@link TaskListener}
 * the worker pool reports to. {@link #worker()} is {@code pid N} once a worker JVM runs it.
 *
 * <p>Listener calls come on the pool's reader threads and must not block: starting is a plain state change,
 * output is queued on the submitting cell (published by the output flusher), and completions go to the
 * pool's {@link Completions} thread, so done callbacks never run on a reader thread. Thread-safe.
 */
final class ProcessTask<T> extends TaskFuture<T> {
    private final ProcessPool pool;
    /** For {@code submit(Runnable, result)}: the value kept in the kernel, the worker's null ignored. */
    private final Object fixedResult;
    private final boolean useFixedResult;
    /** Tasks from {@code execute()} have no future anyone looks at, so their failures are printed. */
    private final boolean reportFailure;
    private volatile PoolTask handle;
    /** The pool cancelled it (shutdownNow): cancelRunning must agree without asking the pool again. */
    private volatile boolean poolCancelled;

    ProcessTask(ProcessPool pool, String name, boolean useFixedResult, Object fixedResult, boolean reportFailure) {
        super(name, pool.name());
        this.pool = pool;
        this.useFixedResult = useFixedResult;
        this.fixedResult = fixedResult;
        this.reportFailure = reportFailure;
    }

    void attach(PoolTask handle) {
        this.handle = handle;
    }

    /** What the worker pool reports to (a separate object: TaskListener.cancelled() is not TaskFuture's). */
    TaskListener listener() {
        return new Listener();
    }

    // ---- TaskListener: on the pool's threads, never blocking ----

    private final class Listener implements TaskListener {
        @Override
        public void started(long pid) {
            ProcessTask.this.markRunning("pid " + pid);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void succeeded(Object value) {
            Object v = useFixedResult ? fixedResult : value;
            pool.completions().post(() -> ProcessTask.this.complete((T) v));
        }

        @Override
        public void failed(Throwable error) {
            pool.completions().post(() -> ProcessTask.this.fail(error));
        }

        @Override
        public void cancelled() {
            poolCancelled = true;
            // cancel(true) from here could spin: this may run inside our own cancel(true), mid-transition.
            pool.completions().post(() -> ProcessTask.this.cancel(true));
        }

        @Override
        public void output(boolean stderr, String text) {
            CellTarget target = ProcessTask.this.submitterTarget();
            if (target != null) {
                OutputRouter.appendTo(target, stderr, text);
            } else {
                OutputRouter router = OutputRouter.get();
                (router != null ? router.kernelErr() : System.err).print("[" + ProcessTask.this.name() + "] " + text);
            }
        }
    }

    // ---- TaskFuture hooks ----

    /** {@code cancel(true)} of a running task: the pool kills its worker (and starts a replacement). */
    @Override
    protected boolean cancelRunning() {
        if (poolCancelled) return true;
        PoolTask h = handle;
        return h != null && pool.engine().cancel(h, true);
    }

    @Override
    protected void completed(TaskState previous) {
        pool.taskCompleted();
        if (state() == TaskState.CANCELLED && previous == TaskState.PENDING && !poolCancelled) {
            PoolTask h = handle;
            if (h != null) pool.engine().cancel(h, false); // drop it from the queue or the worker's window
        }
        if (reportFailure && state() == TaskState.FAILED) {
            Throwable e = exception();
            OutputRouter.runWith(submitterTarget(), () -> {
                System.err.print("java-futures: " + name() + " (started with execute) threw ");
                e.printStackTrace(System.err);
            });
        }
    }
}
