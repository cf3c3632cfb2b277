package javafutures.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One chunk of a process-pool {@code map}: applies a serializable function to a run of items in one task,
 * so a frame and a serialization stream carry many items (a chunk of 100 costs about what one task does).
 * Immutable; runs in a worker.
 */
public final class MapChunk<T, R> implements Callable<List<R>>, Serializable {
    private static final long serialVersionUID = 1L;
    private final Function<? super T, ? extends R> fn;
    private final PackedList<T> items;

    /** @param fn a serializable function (a lambda written for a serializable functional interface) */
    public MapChunk(Function<? super T, ? extends R> fn, List<T> items) {
        if (!(fn instanceof Serializable)) {
            throw new TaskNotSerializableException("The map function (" + fn.getClass().getName() + ") is not"
                    + " serializable, so it cannot be sent to a worker JVM. Fix: pass a lambda typed as a"
                    + " serializable function.", "the map function", fn.getClass().getName(), null);
        }
        this.fn = fn;
        this.items = new PackedList<>(items);
    }

    @Override
    public List<R> call() {
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) out.add(fn.apply(item));
        return new PackedList<>(out);
    }
}
