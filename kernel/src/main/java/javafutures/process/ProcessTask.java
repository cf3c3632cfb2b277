package javafutures.process;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A task of a {@link ProcessPool}: its {@link TaskFuture}, and ({@link #listener()}) the {@link TaskListener}
 * the worker pool reports to. {@link #worker()} is {@code pid N} once a worker JVM runs it.
 *
 * <p>Listener calls come on the pool's reader threads and must not block: starting is a plain state change,
 * output is queued on the submitting cell (published by the output flusher), and once a done callback was
 * added, completion goes to the pool's {@link Completions} thread, so callbacks never run on a reader
 * thread (a future with none is completed by the reader thread itself). Thread-safe.
 */
final class ProcessTask<T> extends TaskFuture<T> {
    private final ProcessPool pool;
    /** For {@code submit(Runnable, result)}: the value kept in the kernel, the worker's null ignored. */
    private final Object fixedResult;
    private final boolean useFixedResult;
    /** Tasks from {@code execute()} have no future anyone looks at, so their failures are printed. */
    private final boolean reportFailure;
    private volatile PoolTask handle;
    /**
     * Who completes it: UNDECIDED until a done callback is added (CALLBACKS: the completion thread) or
     * the outcome arrives first (DIRECT: the reader thread itself, saving a thread hop per task, which is
     * safe because no user code can be waiting to run in it). A CAS decides between the two.
     */
    private final AtomicInteger completer = new AtomicInteger(UNDECIDED);
    private static final int UNDECIDED = 0;
    private static final int DIRECT = 1;
    private static final int CALLBACKS = 2;
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
        public void ranFor(long nanos) {
            ProcessTask.this.markRemoteRun(nanos); // timelines: the rest of RUNNING was serialization + transit
        }

        @Override
        @SuppressWarnings("unchecked")
        public void succeeded(Object value) {
            Object v = useFixedResult ? fixedResult : value;
            if (completer.compareAndSet(UNDECIDED, DIRECT)) ProcessTask.this.complete((T) v);
            else pool.completions().post(() -> ProcessTask.this.complete((T) v));
        }

        @Override
        public void failed(Throwable error) {
            if (completer.compareAndSet(UNDECIDED, DIRECT)) ProcessTask.this.fail(error);
            else pool.completions().post(() -> ProcessTask.this.fail(error));
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

    /** As {@link TaskFuture#addDoneCallback}; the callback never runs on a thread reading a worker's pipe. */
    @Override
    public void addDoneCallback(Consumer<? super TaskFuture<T>> callback) {
        if (!completer.compareAndSet(UNDECIDED, CALLBACKS) && completer.get() == DIRECT) {
            // A reader thread is completing it right now (a few instructions, no user code): let it
            // finish, so the callback runs here, at once, as on any done future.
            while (!done()) Thread.onSpinWait();
        }
        super.addDoneCallback(callback);
    }

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
