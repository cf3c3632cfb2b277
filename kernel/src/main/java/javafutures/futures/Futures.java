package javafutures.futures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Python's module functions of {@code concurrent.futures} for {@link TaskFuture}s: {@link #asCompleted},
 * {@link #waitFor}, a live status {@link #table} and a live {@link #timeline}. Stateless and thread-safe; the waiting methods are
 * interruptible ({@link TaskInterruptedException}, interrupt flag kept) and leave the futures unchanged.
 */
public final class Futures {
    private Futures() {
    }

    /** The result of {@link #waitFor}: the futures that are done and those that are not, each in input order. */
    public record DoneAndNotDone<F>(Set<F> done, Set<F> notDone) {
    }

    /**
     * The futures in the order they complete: each iteration first yields those already done, then
     * blocks until the next one is done. Duplicates are yielded once.
     * {@code for (var f : Futures.asCompleted(futures)) System.out.println(f.result());}
     */
    public static <F extends TaskFuture<?>> Iterable<F> asCompleted(Collection<? extends F> futures) {
        List<F> list = distinct(futures);
        return () -> new CompletionIterator<>(list, -1);
    }

    /**
     * Like {@link #asCompleted(Collection)}, but {@code next()} throws {@link TaskTimeoutException} once
     * {@code timeout} has passed since the iteration began and futures are still unfinished.
     */
    public static <F extends TaskFuture<?>> Iterable<F> asCompleted(Collection<? extends F> futures, Duration timeout) {
        List<F> list = distinct(futures);
        long nanos = checkTimeout(timeout);
        return () -> new CompletionIterator<>(list, nanos);
    }

    /** Waits until every future is done. */
    public static <F extends TaskFuture<?>> DoneAndNotDone<F> waitFor(Collection<? extends F> futures) {
        return await(futures, ReturnWhen.ALL_COMPLETED, -1);
    }

    /** Waits until {@code returnWhen} holds. */
    public static <F extends TaskFuture<?>> DoneAndNotDone<F> waitFor(Collection<? extends F> futures, ReturnWhen returnWhen) {
        return await(futures, returnWhen, -1);
    }

    /**
     * Python's {@code wait(fs, timeout, return_when)}: waits until {@code returnWhen} holds or
     * {@code timeout} passes, then returns which futures are done; a timeout is not an error.
     */
    public static <F extends TaskFuture<?>> DoneAndNotDone<F> waitFor(Collection<? extends F> futures, ReturnWhen returnWhen,
                                                                   Duration timeout) {
        return await(futures, returnWhen, checkTimeout(timeout));
    }

    /** A live status table of {@code futures}, shown now under the current cell (see {@link LiveFutures}). */
    public static LiveFutures table(Collection<? extends TaskFuture<?>> futures) {
        return LiveFutures.show("table", futures);
    }

    /** A live status table of the given futures, shown now under the current cell. */
    public static LiveFutures table(TaskFuture<?>... futures) {
        Objects.requireNonNull(futures, "futures");
        return table(java.util.Arrays.asList(futures));
    }

    /**
     * A live timeline of {@code futures}, shown now under the current cell: one lane per worker, one bar per
     * task (queued time, then running time, coloured by state), updated in place until all are done (see
     * {@link LiveFutures}).
     *
     * @throws NullPointerException     if {@code futures} is or contains null
     * @throws IllegalArgumentException if there are no futures
     */
    public static LiveFutures timeline(Collection<? extends TaskFuture<?>> futures) {
        return LiveFutures.show("timeline", futures);
    }

    /** A live timeline of the given futures, shown now under the current cell. */
    public static LiveFutures timeline(TaskFuture<?>... futures) {
        Objects.requireNonNull(futures, "futures is null: give TaskFutures or a collection of them");
        return timeline(java.util.Arrays.asList(futures));
    }

    // ---- implementation ----

    private static long checkTimeout(Duration timeout) {
        return Durations.nonNegativeNanos(timeout);
    }

    private static <F extends TaskFuture<?>> List<F> distinct(Collection<? extends F> futures) {
        Objects.requireNonNull(futures, "futures");
        Set<F> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<F> out = new ArrayList<>(futures.size());
        int i = 0;
        for (F f : futures) {
            if (f == null) throw new NullPointerException("futures contains null at index " + i);
            if (seen.add(f)) out.add(f);
            i++;
        }
        return out;
    }

    private static boolean satisfied(List<? extends TaskFuture<?>> fs, ReturnWhen when) {
        boolean all = true;
        for (TaskFuture<?> f : fs) {
            TaskState s = f.state();
            if (s.isDone() && when == ReturnWhen.FIRST_COMPLETED) return true;
            if (s == TaskState.FAILED && when == ReturnWhen.FIRST_EXCEPTION) return true;
            all &= s.isDone();
        }
        return all;
    }

    private static <F extends TaskFuture<?>> DoneAndNotDone<F> await(Collection<? extends F> futures, ReturnWhen when, long nanos) {
        Objects.requireNonNull(when, "returnWhen");
        List<F> list = distinct(futures);
        if (!satisfied(list, when) && nanos != 0) {
            Object signal = new Object();
            TaskFuture.DoneListener wake = f -> {
                synchronized (signal) {
                    signal.notifyAll();
                }
            };
            for (F f : list) f.addListener(wake);
            try {
                long deadline = System.nanoTime() + nanos;
                synchronized (signal) {
                    while (!satisfied(list, when)) {
                        if (nanos < 0) {
                            signal.wait();
                        } else {
                            long left = deadline - System.nanoTime();
                            if (left <= 0) break;
                            TimeUnit.NANOSECONDS.timedWait(signal, left);
                        }
                    }
                }
            } catch (InterruptedException e) {
                throw TaskInterruptedException.interrupted(list.size() + " futures", e);
            } finally {
                for (F f : list) f.removeListener(wake);
            }
        }
        Set<F> done = new LinkedHashSet<>();
        Set<F> notDone = new LinkedHashSet<>();
        for (F f : list) (f.done() ? done : notDone).add(f);
        return new DoneAndNotDone<>(Collections.unmodifiableSet(done), Collections.unmodifiableSet(notDone));
    }

    /** Yields futures as they complete; listeners feed a queue and are removed when the iteration ends. */
    private static final class CompletionIterator<F extends TaskFuture<?>> implements Iterator<F> {
        private final LinkedBlockingQueue<TaskFuture<?>> completed = new LinkedBlockingQueue<>();
        private final List<F> pending;
        private final TaskFuture.DoneListener listener = completed::add;
        private final long deadline;
        private final boolean timed;
        private int left;

        CompletionIterator(List<F> futures, long nanos) {
            this.pending = futures;
            this.left = futures.size();
            this.timed = nanos >= 0;
            this.deadline = System.nanoTime() + Math.max(0, nanos);
            // Done ones are queued at once, in input order, by addListener itself.
            for (F f : futures) f.addListener(listener);
        }

        @Override
        public boolean hasNext() {
            return left > 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public F next() {
            if (left == 0) throw new NoSuchElementException();
            TaskFuture<?> f;
            try {
                f = timed ? completed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : completed.take();
            } catch (InterruptedException e) {
                throw TaskInterruptedException.interrupted(left + " unfinished futures", e);
            }
            if (f == null) {
                for (F p : pending) p.removeListener(listener);
                throw new TaskTimeoutException(left + " of " + pending.size() + " futures unfinished after the timeout");
            }
            left--;
            if (left == 0) for (F p : pending) p.removeListener(listener);
            return (F) f;
        }
    }
}
