package javafutures.futures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code invokeAll} and {@code invokeAny} of every pool kind, as {@code ExecutorService} specifies them.
 * Every task is made ready ({@link PoolEngine#prepare}: serialized, for remote pools) before any is
 * submitted, so one task that cannot travel submits nothing. Tasks left unfinished at a timeout or an
 * interrupt, or once invokeAny has its answer, are cancelled (running ones too).
 */
final class Invoke {
    private Invoke() {
    }

    private static <T> List<TaskFuture<T>> submitAll(AbstractPool pool, Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Object> prepared = new ArrayList<>(tasks.size());
        int i = 0;
        for (Callable<T> c : tasks) {
            if (c == null) throw new NullPointerException("tasks contains null at index " + i);
            prepared.add(pool.engine.prepare(c));
            i++;
        }
        List<TaskFuture<T>> fs = new ArrayList<>(prepared.size());
        try {
            for (Object p : prepared) fs.add(pool.submitTask(null, p, false, null, false));
        } catch (RuntimeException e) {
            for (TaskFuture<T> f : fs) f.cancel(true);
            throw e;
        }
        return fs;
    }

    /** {@code nanos < 0}: no timeout. */
    static <T> List<Future<T>> all(AbstractPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException {
        List<TaskFuture<T>> futures = submitAll(pool, tasks);
        long deadline = System.nanoTime() + Math.max(0, nanos);
        boolean ok = false;
        try {
            for (TaskFuture<T> f : futures) {
                if (f.isDone()) continue;
                try {
                    if (nanos < 0) f.get(); else f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | CancellationException e) {
                    // held in the future
                } catch (TimeoutException e) {
                    break;
                }
            }
            ok = nanos < 0 || futures.stream().allMatch(Future::isDone);
            return new ArrayList<>(futures);
        } finally {
            if (!ok) for (TaskFuture<T> f : futures) f.cancel(true);
        }
    }

    /** The value of the first task to finish normally; the others are cancelled. {@code nanos < 0}: no timeout. */
    static <T> T any(AbstractPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        long deadline = System.nanoTime() + Math.max(0, nanos);
        List<TaskFuture<T>> futures = submitAll(pool, tasks);
        LinkedBlockingQueue<TaskFuture<?>> done = new LinkedBlockingQueue<>();
        try {
            for (TaskFuture<T> f : futures) f.addListener(done::add);
            Throwable last = null;
            for (int left = futures.size(); left > 0; left--) {
                TaskFuture<?> f = nanos < 0 ? done.take() : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (f == null) throw new TimeoutException("no task finished within " + Durations.text(nanos));
                if (f.state() == TaskState.FINISHED) {
                    @SuppressWarnings("unchecked")
                    T value = ((TaskFuture<T>) f).result();
                    return value;
                }
                if (f.state() == TaskState.FAILED) last = f.exception();
            }
            throw new ExecutionException("every task failed or was cancelled" + (last == null ? "" : "; the last failure: " + last), last);
        } finally {
            for (TaskFuture<T> f : futures) f.cancel(true);
        }
    }
}
