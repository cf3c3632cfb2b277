package javafutures.cluster;

import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import javafutures.process.PreparedTask;

import java.util.concurrent.Future;

/**
 * A task of a {@link ClusterPool}: its {@link TaskFuture} plus the scheduling state the {@link Dispatcher}
 * keeps for it (fields guarded by the dispatcher's lock). The worker it shows is the member it was first
 * sent to, {@code host:port (pid N)}; a retried task keeps that name and says where it ran in its outcome.
 */
final class ClusterTask<T> extends TaskFuture<T> {
    final PreparedTask prepared;
    /** {@code submit(Runnable, result)}: this value is the result, the member's null is ignored. */
    private final boolean useFixedResult;
    private final Object fixedResult;
    /** From {@code execute()}: nobody holds the future, so a failure is printed. */
    private final boolean reportFailure;
    private final Dispatcher dispatcher;

    // Guarded by the dispatcher's lock.
    MemberSlot slot;
    Future<TaskReply> remote;
    int attempts;
    boolean sendClasses;
    boolean queued;

    ClusterTask(Dispatcher dispatcher, String name, String pool, PreparedTask prepared, boolean useFixedResult,
                Object fixedResult, boolean reportFailure) {
        super(name, pool);
        this.dispatcher = dispatcher;
        this.prepared = prepared;
        this.useFixedResult = useFixedResult;
        this.fixedResult = fixedResult;
        this.reportFailure = reportFailure;
    }

    boolean start(String member) {
        return markRunning(member);
    }

    /** The running time the member measured; timelines show the rest of RUNNING as serialization + transit. */
    void ranFor(long nanos) {
        markRemoteRun(nanos);
    }

    @SuppressWarnings("unchecked")
    void succeed(Object value) {
        complete((T) (useFixedResult ? fixedResult : value));
    }

    void failWith(Throwable error) {
        if (fail(error) && reportFailure) {
            print(true, "java-futures: " + name() + " (execute) failed on " + worker() + ": " + error + "\n");
        }
    }

    /** Shows what the task printed on its member under the cell that submitted it. */
    void print(boolean stderr, String text) {
        CellTarget target = submitterTarget();
        if (target == null) {
            OutputRouter router = OutputRouter.get();
            (router != null ? router.kernelErr() : System.err).print("[" + name() + "] " + text);
            return;
        }
        OutputRouter.runWith(target, () -> {
            if (stderr) System.err.print(text); else System.out.print(text);
        });
    }

    @Override
    protected boolean cancelRunning() {
        return dispatcher.cancelRunning(this);
    }

    @Override
    protected void completed(TaskState previous) {
        dispatcher.taskDone();
    }
}
