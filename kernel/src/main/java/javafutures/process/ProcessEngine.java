package javafutures.process;

import javafutures.futures.PoolFuture;
import javafutures.futures.PoolRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The worker-JVM engine of a {@link ProcessPool}: hands {@link PreparedTask}s to a {@link WorkerPool} (the
 * scheduler) and turns its {@link TaskListener} calls into the core's completion calls. A task counts as
 * started once it is sent to a worker (it may wait there behind that worker's current task for a moment),
 * so {@code cancel()} is true only for a task no worker has. Thread-safe.
 */
final class ProcessEngine extends SerialEngine {
    final WorkerPool workers;

    ProcessEngine(String name, WorkerPoolConfig config, long maxTaskBytes) {
        super(name, maxTaskBytes);
        this.workers = new WorkerPool(config);
    }

    @Override
    protected String kind() {
        return "processes";
    }

    @Override
    protected void start(PoolFuture<?> f) {
        PoolTask h = workers.create(prepared(f), new Listener(f));
        setHandle(f, h);
        workers.enqueue(h);
    }

    @Override
    protected void mapEnded(Object shared) {
        workers.unshare((SharedFunction) shared);
    }

    /** What the worker pool reports, on its threads; never blocks. */
    private static final class Listener implements TaskListener {
        private final PoolFuture<?> f;

        Listener(PoolFuture<?> f) {
            this.f = f;
        }

        @Override
        public void started(long pid) {
            ProcessEngine.started(f, "pid " + pid);
        }

        @Override
        public void ranFor(long nanos) {
            ProcessEngine.ranRemotely(f, nanos);
        }

        @Override
        public void succeeded(Object value) {
            ProcessEngine.succeeded(f, value);
        }

        @Override
        public void failed(Throwable error) {
            ProcessEngine.failed(f, error);
        }

        @Override
        public void cancelled() {
            ProcessEngine.cancelledByPool(f);
        }

        @Override
        public void output(boolean stderr, String text) {
            ProcessEngine.output(f, stderr, text);
        }
    }

    @Override
    protected boolean stopRunning(PoolFuture<?> f) {
        PoolTask h = (PoolTask) handle(f);
        return h != null && workers.cancel(h, true);
    }

    @Override
    protected void forget(PoolFuture<?> f) {
        PoolTask h = (PoolTask) handle(f);
        if (h != null) workers.cancel(h, false); // drop it from the queue
    }

    @Override
    protected List<PoolFuture<?>> stopAccepting(boolean takeQueued) {
        List<PoolFuture<?>> out = new ArrayList<>();
        for (PoolTask t : workers.shutdown(takeQueued)) out.add(((Listener) t.listener).f);
        return out;
    }

    @Override
    protected void stopNow() {
        workers.shutdownNow();
    }

    @Override
    protected boolean isShutdown() {
        return workers.isShutdown();
    }

    @Override
    protected boolean isTerminated() {
        return workers.isTerminated();
    }

    @Override
    protected boolean awaitTermination(long nanos) throws InterruptedException {
        return workers.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected int workers() {
        return workers.workers();
    }

    /** {@code pid N} for each worker JVM now running. */
    @Override
    protected List<String> workerNames() {
        List<String> names = new ArrayList<>();
        for (long pid : workers.snapshot().pids()) names.add("pid " + pid);
        return names;
    }

    @Override
    protected int queued() {
        return workers.snapshot().queued();
    }

    @Override
    protected int running() {
        return workers.snapshot().running();
    }

    /** Changes the number of worker JVMs; extra busy workers leave after the tasks sent to them. */
    @Override
    protected void resize(int n) {
        workers.resize(n);
    }

    @Override
    protected String rejectionMessage() {
        return "ProcessPool " + poolName() + " is shut down and accepts no new tasks; create a new pool"
                + (PoolRegistry.isReserved(poolName()) ? " or use Pools.processes()" : "");
    }
}
