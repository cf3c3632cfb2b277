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

/** {@code invokeAll} and {@code invokeAny} of {@link ThreadPool}, as {@code ExecutorService} specifies them. */
final class Invoke {
    private Invoke() {
    }

    private static <T> void checkTasks(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        int i = 0;
        for (Callable<T> c : tasks) {
            if (c == null) throw new NullPointerException("tasks contains null at index " + i);
            i++;
        }
    }

    /** {@code nanos < 0}: no timeout. On timeout or interrupt, unfinished tasks are cancelled. */
    static <T> List<Future<T>> all(ThreadPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException {
        checkTasks(tasks);
        long deadline = System.nanoTime() + Math.max(0, nanos);
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        boolean ok = false;
        try {
            for (Callable<T> c : tasks) futures.add(pool.submit(c));
            for (Future<T> f : futures) {
                if (f.isDone()) continue;
                try {
                    if (nanos < 0) {
                        f.get();
                    } else {
                        f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    }
                } catch (ExecutionException | CancellationException e) {
                    // held in the future
                } catch (TimeoutException e) {
                    break;
                }
            }
            ok = nanos < 0 || futures.stream().allMatch(Future::isDone);
            return futures;
        } finally {
            if (!ok) for (Future<T> f : futures) f.cancel(true);
        }
    }

    /** The value of the first task to finish normally; the others are cancelled. */
    static <T> T any(ThreadPool pool, Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        checkTasks(tasks);
        if (tasks.isEmpty()) throw new IllegalArgumentException("tasks must not be empty");
        long deadline = System.nanoTime() + Math.max(0, nanos);
        LinkedBlockingQueue<TaskFuture<?>> done = new LinkedBlockingQueue<>();
        List<TaskFuture<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> c : tasks) {
                TaskFuture<T> f = pool.submit(c);
                futures.add(f);
                f.addListener(done::add);
            }
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
