package javafutures.futures;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One chunk of a {@code map}, the same for every pool kind: applies the function to a run of items in one
 * task, in order. Its value is the list of results, or the one result for a chunk of one item (what its
 * status row shows). The first item that throws ends the chunk with a {@link MapItemException} holding the
 * results before it (a chunk of one item throws the item's exception itself). Remote engines subclass it
 * with a compact serialized form ({@code process.MapChunk}, which may leave the function out of its bytes:
 * the chunks of one map then share it); thread pools run {@link Local}. Immutable.
 */
public abstract class ChunkTask<T, R> implements Callable<Object>, Serializable {
    private static final long serialVersionUID = 2L;

    protected ChunkTask() {
    }

    /** The function applied to every item. */
    public abstract Function<? super T, ? extends R> function();

    /** The items of this chunk, in input order. */
    protected abstract List<T> items();

    /** The list a chunk's results travel in; remote engines pack it compactly. */
    protected List<R> pack(List<R> results) {
        return Collections.unmodifiableList(results);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final Object call() throws Exception {
        Function<? super T, ? extends R> fn = function();
        CheckedFunction<T, R> checked = fn instanceof CheckedFunction ? (CheckedFunction<T, R>) fn : null;
        List<T> items = items();
        if (items.size() == 1) return checked != null ? checked.applyChecked(items.get(0)) : fn.apply(items.get(0));
        List<R> out = new ArrayList<>(items.size());
        for (T item : items) {
            try {
                out.add(checked != null ? checked.applyChecked(item) : fn.apply(item));
            } catch (Exception e) {
                throw new MapItemException(out.size(), pack(out), e);
            }
        }
        return pack(out);
    }

    /** A chunk run in the kernel's JVM (thread pools): never serialized. */
    static final class Local<T, R> extends ChunkTask<T, R> {
        private static final long serialVersionUID = 1L;
        private final transient Function<? super T, ? extends R> fn;
        private final transient List<T> items;

        Local(Function<? super T, ? extends R> fn, List<T> items) {
            this.fn = fn;
            this.items = items;
        }

        @Override
        public Function<? super T, ? extends R> function() {
            return fn;
        }

        @Override
        protected List<T> items() {
            return items;
        }
    }
}
