package javafutures.table;

import javafutures.futures.TaskFuture;
import javafutures.output.CellTarget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A status table of futures that keeps itself up to date in the notebook.
 *
 * <p><b>Life cycle</b> as every {@link LiveView}: shown once with a display id, updated in place while any
 * future is unfinished, then one final update.
 *
 * <p><b>Updates.</b> A single daemon thread serves all live views (see {@link LiveTableScheduler}): every
 * 100 ms it checks each table (a cheap scan of states) and re-renders only those whose futures changed
 * state, so a table sends at most 10 updates a second however many futures complete; running tasks'
 * elapsed times are refreshed about once a second. Futures completing never render anything themselves.
 *
 * <p>Thread-safe. {@link #toMimeBundle()} gives a static snapshot (e.g. for {@code display(table)}).
 */
public final class LiveTable extends LiveView {
    static final long ELAPSED_REFRESH_NANOS = 1_000_000_000L;

    private final List<FutureTable.Row> rows;
    private final int maxRows;
    /** Result texts of done futures, computed once (a result's toString may be costly). Guarded by this. */
    private final Map<TaskFuture<?>, String> results = new IdentityHashMap<>();

    LiveTable(List<FutureTable.Row> rows, int maxRows) {
        super("java-futures-table-");
        this.rows = List.copyOf(rows);
        this.maxRows = maxRows;
    }

    /** A table of {@code futures} in their iteration order; call {@link #show()} to display it. */
    public static LiveTable of(Collection<? extends TaskFuture<?>> futures) {
        Objects.requireNonNull(futures, "futures");
        List<FutureTable.Row> rows = new ArrayList<>(futures.size());
        int i = 0;
        for (TaskFuture<?> f : futures) {
            if (f == null) throw new NullPointerException("futures contains null at index " + i);
            rows.add(new FutureTable.Row(f.name(), f));
            i++;
        }
        return new LiveTable(rows, FutureTable.MAX_ROWS);
    }

    /**
     * Displays the table under the current cell and keeps it updated; does nothing outside a cell or if
     * already shown.
     */
    @Override
    public LiveTable show() {
        return (LiveTable) super.show();
    }

    /** Displays the table under {@code target} (the kernel's choice of cell) and keeps it updated. */
    @Override
    public LiveTable show(CellTarget target) {
        return (LiveTable) super.show(target);
    }

    /** The futures of this table, in row order. */
    public List<TaskFuture<?>> futures() {
        List<TaskFuture<?>> out = new ArrayList<>(rows.size());
        for (FutureTable.Row r : rows) out.add(r.future());
        return out;
    }

    @Override
    public synchronized Map<String, String> toMimeBundle() {
        return FutureTable.render(rows, maxRows, this::cachedResult);
    }

    private String cachedResult(TaskFuture<?> f) {
        return results.computeIfAbsent(f, FutureTable::resultText);
    }

    @Override
    public synchronized boolean allDone() {
        return FutureTable.count(rows).allDone();
    }

    @Override
    protected long progress() {
        return FutureTable.count(rows).progress();
    }

    /** When a future changed state, or (while some run) once a second for their elapsed times. */
    @Override
    protected boolean wantsUpdate(long nowNanos, boolean changed, long sinceLastNanos) {
        return changed || (sinceLastNanos >= ELAPSED_REFRESH_NANOS && FutureTable.count(rows).running() > 0);
    }

    @Override
    protected Map<String, String> render(long nowNanos) {
        return toMimeBundle();
    }
}
