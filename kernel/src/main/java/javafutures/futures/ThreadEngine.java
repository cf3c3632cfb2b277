package javafutures.futures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The thread engine of a {@link ThreadPool}: a fixed set of platform threads on a {@link PoolThreads.Engine}
 * ({@code ThreadPoolExecutor}), or one virtual thread per task (JDK 21+). Tasks are {@link ThreadTask}s, the
 * future and the runnable in one object. Thread-safe.
 */
final class ThreadEngine extends PoolEngine {
    private final boolean virtual;
    private final ExecutorService executor;
    final PoolThreads.Engine fixed;
    final Set<Thread> threads = PoolThreads.newLiveSet();
    // Statistics for %pool. A fixed pool has no shared counter on the submit or run path (that costs
    // throughput): its workers count in plain fields of their own (PoolThreads.Worker), the queue is scanned.
    // A virtual pool starts a thread per task anyway, so counters are cheap there; they are null for fixed pools.
    // Either way a task is counted finished, and no longer running, before its future completes.
    final LongAdder vStarted;
    final LongAdder vEnded;
    final LongAdder vFinished;
    /** Tasks counted by fixed-pool workers that have ended (resize, shutdown). */
    private final LongAdder retired = new LongAdder();

    /** A fixed pool of {@code workers} platform threads named {@code prefix-N}. */
    ThreadEngine(String name, int workers, String prefix, Runnable initializer) {
        super(name);
        this.virtual = false;
        this.fixed = new PoolThreads.Engine(this, workers, PoolThreads.workerFactory(prefix, threads, retired), initializer);
        this.executor = fixed;
        this.vStarted = this.vEnded = this.vFinished = null;
    }

    /** One virtual thread per task. */
    ThreadEngine(String name) {
        super(name);
        this.virtual = true;
        this.fixed = null;
        this.executor = PoolThreads.virtualExecutor(name + "-worker", threads);
        this.vStarted = new LongAdder();
        this.vEnded = new LongAdder();
        this.vFinished = new LongAdder();
    }

    @Override
    protected String kind() {
        return virtual ? "virtual threads" : "threads";
    }

    @Override
    protected <T> PoolFuture<T> newFuture(String name, Object prepared) {
        return new ThreadTask<>(this, name, prepared);
    }

    @Override
    protected void start(PoolFuture<?> f) {
        executor.execute((ThreadTask<?>) f);
    }

    /** Interrupts the worker; called while the future cannot complete, so the interrupt cannot hit a later task. */
    @Override
    protected boolean stopRunning(PoolFuture<?> f) {
        Thread t = ((ThreadTask<?>) f).runner;
        if (t != null) t.interrupt();
        return true;
    }

    @Override
    protected List<PoolFuture<?>> stopAccepting(boolean takeQueued) {
        executor.shutdown();
        List<PoolFuture<?>> out = new ArrayList<>();
        if (takeQueued && fixed != null) {
            List<Runnable> drained = new ArrayList<>();
            fixed.getQueue().drainTo(drained);
            for (Runnable r : drained) out.add((ThreadTask<?>) r);
            fixed.drained.add(drained.size());
        }
        return out;
    }

    @Override
    protected void stopNow() {
        executor.shutdownNow();
    }

    @Override
    protected boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    protected boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    protected boolean awaitTermination(long nanos) throws InterruptedException {
        return executor.awaitTermination(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected boolean isWorker(Thread t) {
        return threads.contains(t);
    }

    @Override
    protected String rejectionMessage() {
        RejectedExecutionException b = fixed == null ? null : fixed.broken();
        if (b != null) return b.getMessage();
        return "ThreadPool " + poolName() + " is shut down and accepts no new tasks; create a new pool"
                + (PoolRegistry.isReserved(poolName()) ? " or use Pools.threads()" : "");
    }

    /** The number of worker threads, or -1 for a virtual-thread pool (unbounded). */
    @Override
    protected int workers() {
        return fixed == null ? -1 : fixed.getCorePoolSize();
    }

    @Override
    protected List<String> workerNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : threads) names.add(t.getName());
        // worker-2 before worker-10
        names.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /** Tasks waiting for a worker (cancelled ones still in the queue are not counted). O(queue length). */
    @Override
    protected int queued() {
        if (fixed == null) return 0;
        int n = 0;
        for (Runnable r : fixed.getQueue()) if (!((ThreadTask<?>) r).done()) n++;
        return n;
    }

    /** Tasks a worker runs now (not the executor's active count, which drops only after a task's future completed). */
    @Override
    protected int running() {
        if (fixed == null) return (int) Math.max(0, vStarted.sum() - vEnded.sum());
        int n = 0;
        for (Thread t : threads) {
            ThreadTask<?> task = ((PoolThreads.Worker) t).current;
            if (task != null && task.state() == TaskState.RUNNING) n++;
        }
        return n;
    }

    @Override
    protected void taskDone(PoolFuture<?> f) {
        // A task that ran was counted by ThreadTask.run; here only the ones completed before they ran (cancelled).
        if (vFinished != null && f.worker() == null) vFinished.increment();
    }

    /** Tasks done: run to the end, failed, or cancelled. O(queue length). */
    @Override
    protected long finished() {
        if (fixed == null) return vFinished.sum();
        long n = retired.sum() + fixed.drained.sum();
        for (Thread t : threads) n += ((PoolThreads.Worker) t).ran;
        for (Runnable r : fixed.getQueue()) if (((ThreadTask<?>) r).done()) n++; // cancelled, not taken yet
        return n;
    }

    /** Changes the number of workers; extra busy threads leave after their current task. */
    @Override
    protected void resize(int workers) {
        if (fixed == null) throw new UnsupportedOperationException("a virtual-thread pool has no fixed size to change");
        synchronized (fixed) {
            if (workers > fixed.getMaximumPoolSize()) {
                fixed.setMaximumPoolSize(workers);
                fixed.setCorePoolSize(workers);
            } else {
                fixed.setCorePoolSize(workers);
                fixed.setMaximumPoolSize(workers);
            }
        }
    }
}
