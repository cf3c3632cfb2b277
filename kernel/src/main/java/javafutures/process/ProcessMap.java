package javafutures.process;

import javafutures.futures.MapItemException;
import javafutures.futures.TaskFailedException;
import javafutures.futures.TaskFuture;
import javafutures.futures.TaskInterruptedException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@code ProcessPool.map}: one {@link MapChunk} task per chunk, all submitted (and serialized) at once,
 * and a lazy, ordered stream over the results. A chunk's failing item is thrown (as a
 * {@link TaskFailedException} with the item's exception as cause) when the stream reaches it, after the
 * items before it; the chunks not yet started are then cancelled, as they are when the stream is closed.
 */
final class ProcessMap {
    private static final AtomicInteger MAP_IDS = new AtomicInteger();

    private ProcessMap() {
    }

    static <A, R> Stream<R> map(ProcessPool pool, Function<? super A, ? extends R> fn, Iterable<? extends A> items,
                                int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunkSize <= 0) throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        List<A> all = new ArrayList<>();
        for (A a : items) all.add(a);
        int id = MAP_IDS.incrementAndGet();
        // Serialize every chunk before submitting any, so that an unserializable item submits nothing.
        List<PreparedTask> prepared = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int start = 0; start < all.size(); start += chunkSize) {
            int end = Math.min(all.size(), start + chunkSize);
            prepared.add(TaskCodec.prepare(new MapChunk<A, R>(fn, all.subList(start, end))));
            names.add("map-" + id + "[" + (end - start == 1 ? String.valueOf(start) : start + ".." + (end - 1)) + "]");
        }
        List<TaskFuture<Object>> chunks = new ArrayList<>(prepared.size());
        try {
            for (int i = 0; i < prepared.size(); i++) chunks.add(pool.submitPrepared(names.get(i), prepared.get(i)));
        } catch (RuntimeException e) {
            cancelFrom(chunks, 0);
            throw e;
        }
        Iterator<R> results = new Iterator<>() {
            private int index;
            private int loadedChunk = -1;
            private List<?> loaded;
            private Throwable loadedError;

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
                TaskFuture<Object> f = chunks.get(chunkIndex);
                if (loadedChunk != chunkIndex) load(f, chunkIndex);
                if (loaded == null || offset >= loaded.size()) {
                    index = all.size(); // the stream ends here, as Python's iterator does
                    cancelFrom(chunks, chunkIndex + 1);
                    throw new TaskFailedException(f.name(), loadedError);
                }
                index++;
                return (R) loaded.get(offset);
            }

            private void load(TaskFuture<Object> f, int chunkIndex) {
                Throwable error;
                try {
                    error = f.exception(); // waits, interruptibly
                } catch (RuntimeException cancelledOrInterrupted) {
                    if (!(cancelledOrInterrupted instanceof TaskInterruptedException)) cancelFrom(chunks, chunkIndex + 1);
                    throw cancelledOrInterrupted;
                }
                loadedChunk = chunkIndex;
                if (error == null) {
                    Object v = f.result();
                    // A chunk of one item has that item's result as its value (what its status row shows).
                    loaded = all.size() - chunkIndex * chunkSize == 1 || chunkSize == 1
                            ? Collections.singletonList(v) : (List<?>) v;
                    loadedError = null;
                } else if (error instanceof MapItemException m) {
                    loaded = m.completed();
                    loadedError = m.getCause();
                } else {
                    loaded = null;
                    loadedError = error;
                }
            }
        };
        Spliterator<R> split = Spliterators.spliterator(results, all.size(), Spliterator.ORDERED);
        return StreamSupport.stream(split, false).onClose(() -> cancelFrom(chunks, 0));
    }

    private static void cancelFrom(List<? extends TaskFuture<?>> chunks, int from) {
        for (int i = from; i < chunks.size(); i++) chunks.get(i).cancel();
    }
}
