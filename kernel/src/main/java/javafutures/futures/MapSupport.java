package javafutures.futures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code ThreadPool.map}: submits every chunk at once and returns a lazy, ordered stream over the results.
 * A chunk runs its items in order and stops at the first that throws; the items it finished before are
 * still delivered, the failing one throws {@link TaskFailedException} when the stream reaches it.
 */
final class MapSupport {
    private static final AtomicInteger MAP_IDS = new AtomicInteger();

    private MapSupport() {
    }

    /** One task's items and what it produced; written by the worker, read after its future is done. */
    private static final class Chunk {
        final Object[] items;
        final Object[] results;
        int completed;
        TaskFuture<Object> future;

        Chunk(Object[] items) {
            this.items = items;
            this.results = new Object[items.length];
        }
    }

    static <A, R> Stream<R> map(ThreadPool pool, CheckedFunction<? super A, ? extends R> fn,
                                Iterable<? extends A> items, int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunkSize <= 0) throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        // Read every item before submitting anything, so that a failing iterator submits nothing.
        List<A> all = new ArrayList<>();
        for (A a : items) all.add(a);
        int id = MAP_IDS.incrementAndGet();
        List<Chunk> chunks = new ArrayList<>((all.size() + chunkSize - 1) / chunkSize);
        try {
            for (int start = 0; start < all.size(); start += chunkSize) {
                int end = Math.min(all.size(), start + chunkSize);
                Chunk c = new Chunk(all.subList(start, end).toArray());
                String name = "map-" + id + "[" + (end - start == 1 ? String.valueOf(start) : start + ".." + (end - 1)) + "]";
                c.future = pool.submit(name, () -> runChunk(c, fn));
                chunks.add(c);
            }
        } catch (RuntimeException e) {
            cancelFrom(chunks, 0);
            throw e;
        }
        Iterator<R> results = new Iterator<>() {
            private int index;

            @Override
            public boolean hasNext() {
                return index < all.size();
            }

            @Override
            @SuppressWarnings("unchecked")
            public R next() {
                if (!hasNext()) throw new NoSuchElementException();
                int chunkIndex = index / chunkSize;
                int offset = index % chunkSize;
                Chunk c = chunks.get(chunkIndex);
                Throwable error;
                try {
                    error = c.future.exception(); // waits, interruptibly
                } catch (RuntimeException cancelledOrInterrupted) {
                    if (!(cancelledOrInterrupted instanceof TaskInterruptedException)) cancelFrom(chunks, chunkIndex + 1);
                    throw cancelledOrInterrupted;
                }
                if (error != null && offset >= c.completed) {
                    index = all.size(); // the stream ends here, as Python's iterator does
                    cancelFrom(chunks, chunkIndex + 1);
                    throw new TaskFailedException(c.future.name(), error);
                }
                index++;
                return (R) c.results[offset];
            }
        };
        Spliterator<R> split = Spliterators.spliterator(results, all.size(), Spliterator.ORDERED);
        return StreamSupport.stream(split, false).onClose(() -> cancelFrom(chunks, 0));
    }

    @SuppressWarnings("unchecked")
    private static <A, R> Object runChunk(Chunk c, CheckedFunction<? super A, ? extends R> fn) throws Exception {
        for (int i = 0; i < c.items.length; i++) {
            c.results[i] = fn.applyChecked((A) c.items[i]);
            c.completed = i + 1;
        }
        // The future's value is what a status table shows: the item's result, or the chunk's results.
        return c.items.length == 1 ? c.results[0] : Collections.unmodifiableList(Arrays.asList(c.results));
    }

    private static void cancelFrom(List<Chunk> chunks, int from) {
        for (int i = from; i < chunks.size(); i++) chunks.get(i).future.cancel();
    }
}
