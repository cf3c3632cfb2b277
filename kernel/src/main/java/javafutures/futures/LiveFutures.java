package javafutures.futures;

import javafutures.display.MimeRenderable;

import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A live view of futures, shown under a cell and updated in place until they are all done: what
 * {@link Futures#table} (a status table) and {@link Futures#timeline} (a timeline) return. The views are
 * drawn by the layers above ({@code javafutures.table}, {@code javafutures.timeline}), which supply them as
 * {@link Maker}s through {@link ServiceLoader}, so this package does not depend on them (no import cycle),
 * as {@link FutureView} does for a future's own rendering. Thread-safe, as the views are.
 */
public interface LiveFutures extends MimeRenderable {
    /** The futures shown, in the view's order. */
    List<TaskFuture<?>> futures();

    /** True once every future shown is done (the view then no longer changes). */
    boolean allDone();

    /** Makes and shows one kind of live view; registered in {@code META-INF/services}. */
    interface Maker {
        /** {@code "table"} or {@code "timeline"}. */
        String kind();

        /** A view of {@code futures}, shown now under the current cell. */
        LiveFutures show(Collection<? extends TaskFuture<?>> futures);
    }

    /** The view {@code kind} of {@code futures}, shown now under the current cell. */
    static LiveFutures show(String kind, Collection<? extends TaskFuture<?>> futures) {
        for (Maker m : ServiceLoader.load(Maker.class, Maker.class.getClassLoader())) {
            if (m.kind().equals(kind)) return m.show(futures);
        }
        throw new IllegalStateException("no " + kind + " view is installed (META-INF/services/" + Maker.class.getName() + ")");
    }
}
