package javafutures.table;

import javafutures.display.MimeRenderable;
import javafutures.futures.TaskFuture;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A status table of futures that keeps itself up to date in the notebook.
 *
 * <p><b>Life cycle.</b> Created (not shown) → {@link #show()}: displayed once, with a display id, under the
 * cell current at that call → updated in place ({@code update_display_data}) while any future is
 * unfinished → final: one last update once every future is done, then never again; that final state is
 * what a saved notebook keeps. A table whose futures are all done when shown is final at once.
 *
 * <p><b>Updates.</b> A single daemon thread serves all live tables (see {@link LiveTableScheduler}): every
 * 100 ms it checks each table (a cheap scan of states) and re-renders only those whose futures changed
 * state, so a table sends at most 10 updates a second however many futures complete; running tasks'
 * elapsed times are refreshed about once a second. Futures completing never render anything themselves.
 *
 * <p>Thread-safe. {@link #toMimeBundle()} gives a static snapshot (e.g. for {@code display(table)}).
 */
public final class LiveTable implements MimeRenderable, LiveView {
    static final long ELAPSED_REFRESH_NANOS = 1_000_000_000L;

    private final List<FutureTable.Row> rows;
    private final int maxRows;
    /** Result texts of done futures, computed once (a result's toString may be costly). Guarded by this. */
    private final Map<TaskFuture<?>, String> results = new IdentityHashMap<>();

    private CellTarget target;
    private volatile String displayId;
    private volatile boolean finalSent;
    private long lastProgress = -1;
    private long lastUpdateNanos;
    private int updates;

    LiveTable(List<FutureTable.Row> rows, int maxRows) {
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

    /** Displays the table under the current cell and keeps it updated; does nothing outside a cell or if already shown. */
    public LiveTable show() {
        return show(OutputRouter.current());
    }

    /** Displays the table under {@code target} (the kernel's choice of cell) and keeps it updated. */
    @Override
    public LiveTable show(CellTarget target) {
        if (target == null) return this;
        boolean live;
        synchronized (this) {
            if (displayId != null) return this;
            this.target = target;
            this.displayId = "java-futures-table-" + UUID.randomUUID();
            FutureTable.Counts counts = FutureTable.count(rows);
            lastProgress = counts.progress();
            lastUpdateNanos = System.nanoTime();
            // Flush what this thread printed so far, so the table appears after it, not before.
            OutputRouter router = OutputRouter.get();
            if (router != null) router.flushThread(Thread.currentThread());
            target.display(data());
            live = !counts.allDone();
            finalSent = !live;
        }
        if (live) LiveTableScheduler.add(this);
        return this;
    }

    /** The display id, or null while not shown. */
    public String displayId() {
        return displayId;
    }

    /** True once shown. */
    @Override
    public boolean isShown() {
        return displayId != null;
    }

    /** True once the table showed every future done and stopped updating. */
    public boolean isFinal() {
        return finalSent;
    }

    /** Updates sent so far (not counting the first display). */
    public synchronized int updates() {
        return updates;
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

    private DisplayData data() {
        DisplayData d = new DisplayData();
        for (Map.Entry<String, String> e : toMimeBundle().entrySet()) d.putData(e.getKey(), e.getValue());
        d.setDisplayId(displayId);
        return d;
    }

    /** True when every future of the table is done (its final update may not have been sent yet). */
    @Override
    public synchronized boolean allDone() {
        return FutureTable.count(rows).allDone();
    }

    /**
     * Called by the scheduler at most every 100 ms: sends an update if any future changed state (or, while
     * some run, once a second for their elapsed times). Returns false once the final update was sent.
     */
    @Override
    public synchronized boolean tick(long now) {
        if (finalSent) return false;
        FutureTable.Counts counts = FutureTable.count(rows);
        boolean changed = counts.progress() != lastProgress;
        boolean refresh = counts.running() > 0 && now - lastUpdateNanos >= ELAPSED_REFRESH_NANOS;
        if (changed || refresh) {
            lastProgress = counts.progress();
            lastUpdateNanos = now;
            updates++;
            target.updateDisplay(data());
        }
        if (counts.allDone()) {
            finalSent = true;
            return false;
        }
        return true;
    }
}
