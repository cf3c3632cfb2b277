package javafutures.futures;

import java.util.ArrayDeque;
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
 * {@code map(fn, items[, chunkSize])} of every pool kind: a lazy, ordered stream of results, bounded in
 * memory. Items are read from the iterable as chunks are needed; at most {@link PoolEngine#mapWindow()}
 * chunks are in flight (the first ones are submitted at once, the next one each time the stream takes a
 * chunk's results), so each chunk is made ready to run (serialized, for remote pools) as it is sent, and
 * neither the items nor the results of a huge map are ever all in memory.
 *
 * <p>A chunk's failing item is thrown (a {@link TaskFailedException} whose cause is the item's exception)
 * when the stream reaches it, after the items before it; the chunks in flight are then cancelled and the
 * stream ends, as Python's iterator does. Closing the stream cancels the chunks in flight too; an
 * interrupt while waiting throws {@link TaskInterruptedException} and cancels nothing. Not thread-safe:
 * a stream is consumed by one thread.
 *
 * <p>Before its first chunk the engine makes what all chunks share ({@link PoolEngine#mapShared}: a remote
 * engine serializes the function and the top-level values it reads once, so they travel once per worker);
 * when the map ends (read to its end, failed, closed, or the stream became unreachable) the engine hears
 * {@link PoolEngine#mapEnded} once, so workers drop it.
 */
final class MapStream<R> implements Iterator<R> {
    private static final AtomicInteger MAP_IDS = new AtomicInteger();

    private record Chunk(TaskFuture<Object> future, int size) {
    }

    private final AbstractPool pool;
    private final Function<Object, Object> fn;
    private final Iterator<?> source;
    private final int chunkSize;
    private final int window;
    private final int id = MAP_IDS.incrementAndGet();
    private final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    private int nextIndex;
    private List<?> loaded = List.of();
    private int offset;
    /** Set when the current chunk failed at {@code loaded.size()}. */
    private TaskFailedException failure;
    private boolean ended;
    /** What the chunks share (see {@link PoolEngine#mapShared}), made with the first chunk. */
    private Object shared;
    /** Tells the engine the map ended: once, at the end or when the stream is collected unread. */
    private java.lang.ref.Cleaner.Cleanable release;

    private MapStream(AbstractPool pool, Function<Object, Object> fn, Iterator<?> source, int chunkSize) {
        this.pool = pool;
        this.fn = fn;
        this.source = source;
        this.chunkSize = chunkSize;
        this.window = pool.engine.mapWindow();
    }

    @SuppressWarnings("unchecked")
    static <R> Stream<R> stream(AbstractPool pool, Function<?, ?> fn, Iterable<?> items, int chunkSize) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        if (chunkSize <= 0) throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        MapStream<R> m = new MapStream<>(pool, (Function<Object, Object>) fn, items.iterator(), chunkSize);
        m.fill(); // work starts now, and the first chunks' problems show in the submitting cell
        Spliterator<R> split = Spliterators.spliteratorUnknownSize(m, Spliterator.ORDERED);
        return StreamSupport.stream(split, false).onClose(m::cancelAll);
    }

    /** Submits chunks until the window is full or the items run out. */
    private void fill() {
        try {
            while (inFlight.size() < window && source.hasNext()) {
                List<Object> items = new ArrayList<>(Math.min(chunkSize, 1024));
                while (items.size() < chunkSize && source.hasNext()) items.add(source.next());
                int start = nextIndex;
                nextIndex += items.size();
                if (release == null) share();
                String name = "map-" + id + "[" + (items.size() == 1 ? String.valueOf(start) : start + ".." + (nextIndex - 1)) + "]";
                TaskFuture<Object> f = pool.submitTask(name, pool.engine.prepareChunk(shared, fn, items), false, null, false);
                inFlight.add(new Chunk(f, items.size()));
            }
        } catch (RuntimeException | Error e) {
            cancelAll(); // a failing iterator or an item that cannot travel: nothing of this map goes on
            ended = true;
            throw e;
        }
    }

    private void share() {
        PoolEngine engine = pool.engine;
        Object part = engine.mapShared(fn);
        shared = part;
        // The action holds the engine and the part, never this stream, so an unread stream can be collected.
        release = AbstractPool.CLEANER.register(this, () -> engine.mapEnded(part));
    }

    /** No chunk of this map will be sent again. */
    private void finish() {
        if (release != null) release.clean(); // runs the action at most once
    }

    @Override
    public boolean hasNext() {
        if (ended) return false;
        if (offset < loaded.size() || failure != null || !inFlight.isEmpty()) return true;
        fill();
        if (inFlight.isEmpty()) finish();
        return !inFlight.isEmpty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (offset >= loaded.size() && failure == null) load();
        if (offset < loaded.size()) return (R) loaded.get(offset++);
        TaskFailedException e = failure;
        failure = null;
        ended = true;
        cancelAll();
        throw e;
    }

    private void load() {
        Chunk c = inFlight.peek();
        Throwable error;
        try {
            error = c.future().exception(); // waits, interruptibly
        } catch (TaskInterruptedException e) {
            throw e; // the stream can be read on later
        } catch (RuntimeException cancelled) {
            ended = true;
            cancelAll();
            throw cancelled;
        }
        inFlight.poll();
        offset = 0;
        if (error == null) {
            Object v = c.future().result();
            loaded = c.size() == 1 ? Collections.singletonList(v) : (List<?>) v;
        } else if (error instanceof MapItemException m) {
            loaded = m.completed();
            failure = new TaskFailedException(c.future().name(), m.getCause());
        } else {
            loaded = List.of();
            failure = new TaskFailedException(c.future().name(), error);
        }
        if (failure == null) fill(); // keep the workers busy while the consumer reads this chunk
        if (inFlight.isEmpty()) finish(); // the last chunk is back: workers can drop what the map shared
    }

    private void cancelAll() {
        for (Chunk c : inFlight) c.future().cancel();
        inFlight.clear();
        finish();
    }
}
