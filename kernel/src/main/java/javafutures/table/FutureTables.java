package javafutures.table;

import javafutures.futures.TaskFuture;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How the kernel shows futures that are a cell's value: a {@code TaskFuture}, or a collection, array or
 * map whose elements (values) are all {@code TaskFuture}s, becomes a status table, live while any is
 * unfinished; a {@link LiveView} value (a table, a timeline) is shown if it is not already. Stateless and
 * thread-safe.
 */
public final class FutureTables {
    private FutureTables() {
    }

    /** {@link #displayIfFutures(Object, CellTarget)} under the current thread's cell. */
    public static boolean displayIfFutures(Object value) {
        return displayIfFutures(value, OutputRouter.current());
    }

    /**
     * Displays {@code value} under {@code target} as a status table if it is futures; returns true if it
     * did (or the value is a table already shown), false if the value is something else or there is no
     * target, so that the caller displays it the usual way.
     */
    public static boolean displayIfFutures(Object value, CellTarget target) {
        if (value instanceof LiveView) {
            LiveView t = (LiveView) value;
            if (t.isShown()) return true;
            if (target == null) return false;
            t.show(target);
            return true;
        }
        if (target == null) return false;
        List<FutureTable.Row> rows = rowsOf(value);
        if (rows == null) return false;
        new LiveTable(rows, FutureTable.MAX_ROWS).show(target);
        return true;
    }

    /** Sends the final update of every finished live table or timeline now; the kernel calls it as each cell ends. */
    public static void flushFinishedTables() {
        LiveTableScheduler.flushFinished();
    }

    /** The rows for {@code value} if it is one future or a non-empty group of only futures, else null. */
    static List<FutureTable.Row> rowsOf(Object value) {
        if (value instanceof TaskFuture) {
            TaskFuture<?> f = (TaskFuture<?>) value;
            return List.of(new FutureTable.Row(f.name(), f));
        }
        if (value instanceof Collection) return rowsOfElements(((Collection<?>) value).toArray());
        if (value instanceof Object[]) return rowsOfElements((Object[]) value);
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.isEmpty()) return null;
            List<FutureTable.Row> rows = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof TaskFuture)) return null;
                rows.add(new FutureTable.Row(String.valueOf(e.getKey()), (TaskFuture<?>) e.getValue()));
            }
            return rows;
        }
        return null;
    }

    private static List<FutureTable.Row> rowsOfElements(Object[] elements) {
        if (elements.length == 0) return null;
        List<FutureTable.Row> rows = new ArrayList<>(elements.length);
        for (Object o : elements) {
            if (!(o instanceof TaskFuture)) return null;
            TaskFuture<?> f = (TaskFuture<?>) o;
            rows.add(new FutureTable.Row(f.name(), f));
        }
        return rows;
    }
}
