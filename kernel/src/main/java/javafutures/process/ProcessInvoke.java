package javafutures.process;

import javafutures.futures.Futures;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskInterruptedException;
import javafutures.futures.TaskState;
import javafutures.futures.TaskTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ProcessPool.invokeAll} and {@code invokeAny}: every task is serialized before any is submitted (so
 * one unserializable task submits nothing), then waited for as {@code ExecutorService} specifies; tasks left
 * unfinished at a timeout, or after invokeAny has its answer, are cancelled (running ones end their worker).
 */
final class ProcessInvoke {
    private ProcessInvoke() {
    }

    static <T> List<Future<T>> all(ProcessPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException {
        List<TaskFuture<T>> fs = submitAll(pool, tasks);
        long end = System.nanoTime() + Math.min(Math.max(0, nanos), Long.MAX_VALUE / 4);
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
            for (TaskFuture<T> f : fs) f.cancel(true); // only the unfinished ones (timeout or interrupt)
        }
        return new ArrayList<>(fs);
    }

    static <T> T any(ProcessPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TaskFuture<T>> fs = submitAll(pool, tasks);
        if (fs.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        try {
            Throwable last = null;
            Duration d = Duration.ofNanos(Math.min(Math.max(0, nanos), Long.MAX_VALUE / 4));
            for (TaskFuture<T> f : Futures.asCompleted(fs, d)) {
                if (f.state() == TaskState.FINISHED) return f.result();
                if (!f.cancelled()) last = f.exception();
            }
            throw new ExecutionException("every task failed; the last one with " + last, last);
        } catch (TaskTimeoutException e) {
            throw new TimeoutException("no task finished within " + Duration.ofNanos(nanos));
        } catch (TaskInterruptedException e) {
            throw (InterruptedException) new InterruptedException("interrupted in invokeAny").initCause(e);
        } finally {
            for (TaskFuture<T> f : fs) f.cancel(true);
        }
    }

    private static <T> List<TaskFuture<T>> submitAll(ProcessPool pool, Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<PreparedTask> prepared = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) prepared.add(pool.prepare(Objects.requireNonNull(t, "task")));
        List<TaskFuture<T>> fs = new ArrayList<>(prepared.size());
        for (PreparedTask p : prepared) fs.add(pool.submitPrepared(null, p));
        return fs;
    }
}
