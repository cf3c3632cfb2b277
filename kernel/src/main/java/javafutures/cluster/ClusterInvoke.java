package javafutures.cluster;

import javafutures.futures.Futures;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskState;
import javafutures.futures.TaskTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code invokeAll} and {@code invokeAny} of {@link ClusterPool} over already submitted tasks, as {@code ExecutorService} specifies them. */
final class ClusterInvoke {
    private ClusterInvoke() {
    }

    /** Waits for every task up to the timeout; the unfinished ones (timeout or interrupt) are cancelled. */
    static <T> List<Future<T>> all(List<TaskFuture<T>> fs, long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 4);
        try {
            for (TaskFuture<T> f : fs) {
                try {
                    f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | CancellationException e) {
                    // kept in the future
                } catch (TimeoutException e) {
                    break;
                }
            }
        } finally {
            for (TaskFuture<T> f : fs) f.cancel(true);
        }
        return new ArrayList<>(fs);
    }

    /** The first successful result; the other tasks are cancelled. */
    static <T> T any(List<TaskFuture<T>> fs, long timeout, TimeUnit unit) throws ExecutionException, TimeoutException {
        if (fs.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        try {
            Throwable last = null;
            Duration d = Duration.ofNanos(Math.min(unit.toNanos(timeout), Long.MAX_VALUE / 4));
            for (TaskFuture<T> f : Futures.asCompleted(fs, d)) {
                if (f.state() == TaskState.FINISHED) return f.result();
                if (!f.cancelled()) last = f.exception();
            }
            throw new ExecutionException("every task failed; the last one with " + last, last);
        } catch (TaskTimeoutException e) {
            throw new TimeoutException("no task finished within " + timeout + " " + unit);
        } finally {
            for (TaskFuture<T> f : fs) f.cancel(true);
        }
    }
}
