package javafutures.process;

import javafutures.futures.ChunkTask;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * One chunk of a remote {@code map}: the core's {@link ChunkTask} with its items and results in a
 * {@link PackedList}, so a frame and a serialization stream carry many items compactly (a chunk of 100 costs
 * about what one task does). Immutable; runs in a worker or on a member.
 */
public final class MapChunk<T, R> extends ChunkTask<T, R> {
    private static final long serialVersionUID = 3L;
    private final PackedList<T> items;

    /** @param fn a serializable function (a lambda written for a serializable functional interface) */
    public MapChunk(Function<? super T, ? extends R> fn, List<T> items) {
        super(fn);
        if (!(fn instanceof Serializable)) {
            throw new TaskNotSerializableException("The map function (" + fn.getClass().getName() + ") is not"
                    + " serializable, so it cannot be sent to a worker JVM. Fix: write it as a lambda in a cell"
                    + " (or type it as a SerializableFunction), or make its class implement java.io.Serializable.",
                    "the map function", fn.getClass().getName(), null);
        }
        this.items = new PackedList<>(items);
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
