package javafutures.process;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the pool tests. */
final class PoolTestSupport {
    /** Generous: a worker JVM boots in 50-500 ms on a loaded 2-core machine. */
    static final long TIMEOUT_S = 60;

    private PoolTestSupport() {
    }

    interface SCallable<T> extends Callable<T>, Serializable {
    }

    static WorkerPool pool(int workers) {
        return new WorkerPool(new WorkerPoolConfig().workers(workers).spares(null));
    }

    static CompletableTaskListener submit(WorkerPool pool, Object task) {
        CompletableTaskListener l = new CompletableTaskListener();
        pool.submit(TaskCodec.prepare(task), l);
        return l;
    }

    static Object get(CompletableTaskListener l) throws Exception {
        return l.future().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableTaskListener l) throws Exception {
        try {
            Object v = l.future().get(TIMEOUT_S, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    static void close(WorkerPool pool) throws InterruptedException {
        pool.shutdownNow();
        if (!pool.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS)) throw new AssertionError("pool did not terminate");
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static void waitUntilDead(List<Long> pids) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        for (long pid : pids) {
            while (alive(pid)) {
                if (System.nanoTime() > end) throw new AssertionError("worker " + pid + " still alive");
                Thread.sleep(20);
            }
        }
    }
}
