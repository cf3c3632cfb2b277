package javafutures.process;

import javafutures.futures.ChunkTask;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * One chunk of a remote {@code map}: the core's {@link ChunkTask} with its items and results in a
 * {@link PackedList}, so a frame and a serialization stream carry many items compactly (a chunk of 100 costs
 * about what one task does).
 *
 * <p>Two forms. A <em>carrying</em> chunk serializes its function (and the task's stream then carries the
 * top-level values it reads), as cluster members get it. A <em>sharing</em> chunk names a
 * {@link SharedFunction} instead: the function and its values travel once per worker and map (a SHARED
 * frame), and the worker binds the decoded function to the chunk before it runs ({@link #bind}). Immutable,
 * except for that one binding where the chunk runs.
 */
public final class MapChunk<T, R> extends ChunkTask<T, R> {
    private static final long serialVersionUID = 4L;
    /** The function, when it travels in the chunk; null in a sharing chunk. */
    private final Function<? super T, ? extends R> fn;
    /** The {@link SharedFunction} id of a sharing chunk, else 0. */
    private final long sharedId;
    private final PackedList<T> items;
    /** A sharing chunk's function: the kernel's own, or the one its worker decoded. */
    private transient volatile Function<? super T, ? extends R> bound;

    /**
     * A carrying chunk.
     *
     * @param fn a serializable function (a lambda written for a serializable functional interface)
     */
    public MapChunk(Function<? super T, ? extends R> fn, List<T> items) {
        this(fn, 0, items);
    }

    /** A sharing chunk of {@code shared}, whose function is {@code fn}. */
    MapChunk(SharedFunction shared, Function<? super T, ? extends R> fn, List<T> items) {
        this(fn, shared.id(), items);
    }

    private MapChunk(Function<? super T, ? extends R> fn, long sharedId, List<T> items) {
        checkSerializable(fn);
        this.fn = sharedId == 0 ? fn : null;
        this.sharedId = sharedId;
        this.bound = fn;
        this.items = new PackedList<>(items);
    }

    /** Refuses a map function that cannot travel, saying how to write one that can. */
    static void checkSerializable(Function<?, ?> fn) {
        if (!(fn instanceof Serializable)) {
            throw new TaskNotSerializableException("The map function (" + fn.getClass().getName() + ") is not"
                    + " serializable, so it cannot be sent to a worker JVM. Fix: write it as a lambda in a cell"
                    + " (or type it as a SerializableFunction), or make its class implement java.io.Serializable.",
                    "the map function", fn.getClass().getName(), null);
        }
    }

    /** The id of the {@link SharedFunction} this chunk runs, or 0 when it carries its function. */
    public long sharedId() {
        return sharedId;
    }

    /** Where a sharing chunk runs: gives it the function its worker decoded from the SHARED frame. */
    @SuppressWarnings("unchecked")
    public void bind(Function<?, ?> function) {
        if (sharedId == 0) throw new IllegalStateException("this chunk carries its own function");
        this.bound = (Function<? super T, ? extends R>) function;
    }

    @Override
    public Function<? super T, ? extends R> function() {
        if (fn != null) return fn;
        Function<? super T, ? extends R> f = bound;
        if (f == null) throw new IllegalStateException("map chunk of shared function " + sharedId + " was never bound");
        return f;
    }

    int itemCount() {
        return items.size();
    }

    @Override
    protected List<T> items() {
        return items;
    }

    @Override
    protected List<R> pack(List<R> results) {
        return new PackedList<>(results);
    }
}
