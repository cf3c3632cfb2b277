package javafutures.process;

import javafutures.futures.CheckedFunction;
import javafutures.futures.MapItemException;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One chunk of a process-pool {@code map}: applies a serializable function to a run of items in one task,
 * so a frame and a serialization stream carry many items (a chunk of 100 costs about what one task does).
 * Its value is the list of results (a {@link PackedList}), or the one result for a chunk of one item.
 * Items run in order; the first that throws ends the chunk with a {@link MapItemException} holding the
 * results before it (a chunk of one item throws the item's exception itself). Immutable; runs in a worker.
 */
public final class MapChunk<T, R> implements Callable<Object>, Serializable {
    private static final long serialVersionUID = 2L;
    private final Function<? super T, ? extends R> fn;
    private final PackedList<T> items;

    /** @param fn a serializable function (a lambda written for a serializable functional interface) */
    public MapChunk(Function<? super T, ? extends R> fn, List<T> items) {
        if (!(fn instanceof Serializable)) {
            throw new TaskNotSerializableException("The map function (" + fn.getClass().getName() + ") is not"
                    + " serializable, so it cannot be sent to a worker JVM. Fix: write it as a lambda in a cell"
                    + " (or type it as a SerializableFunction), or make its class implement java.io.Serializable.",
                    "the map function", fn.getClass().getName(), null);
        }
        this.fn = fn;
        this.items = new PackedList<>(items);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object call() throws Exception {
        CheckedFunction<T, R> checked = fn instanceof CheckedFunction ? (CheckedFunction<T, R>) fn : null;
        if (items.size() == 1) return checked != null ? checked.applyChecked(items.get(0)) : fn.apply(items.get(0));
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            try {
                out.add(checked != null ? checked.applyChecked(item) : fn.apply(item));
            } catch (Exception e) {
                throw new MapItemException(out.size(), new PackedList<>(out), e);
            }
        }
        return new PackedList<>(out);
    }
}
