package javafutures.timeline;

import javafutures.futures.TaskFuture;
import javafutures.output.CellTarget;
import javafutures.table.FutureTable;
import javafutures.table.LiveView;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Timeline} of futures that keeps itself up to date in the notebook, like a {@code LiveTable}.
 *
 * <p><b>Life cycle</b> as every {@link LiveView}: shown once with a display id under the current cell,
 * updated in place ({@code update_display_data}) while any future is unfinished, then one final update
 * (sent before the running cell's reply when they finish during it); that final picture is what a saved
 * notebook keeps.
 *
 * <p><b>Updates</b> come from the live views' one scheduler thread, at most ten a second: at once when a
 * future changed state; while tasks run without changing state, as often as their bars visibly grow (every
 * 100 ms for a timeline of seconds, rarer for a long one, at least every 10 s). The cost stays bounded for
 * thousands of futures: the picture's size is bounded (see {@link TimelineLayout}), and after an expensive
 * render the next waits longer (rendering takes at most about a tenth of a core, and 2 MB/s of output).
 *
 * <p>Thread-safe. {@link #toMimeBundle()} gives a static snapshot (e.g. for {@code display(timeline)}).
 */
public final class LiveTimeline extends LiveView {
    static final long MIN_REFRESH_NANOS = 100_000_000L;
    static final long MAX_REFRESH_NANOS = 10_000_000_000L;
    private static final long BYTES_PER_SECOND = 2_000_000L;
    /** The next render waits this many times the CPU time of the last: rendering takes at most ~1/10 of a core. */
    private static final int CPU_SHARE = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<TaskFuture<?>> futures;
    /** Result texts of done futures, computed once (a result's toString may be costly). Guarded by this. */
    private final Map<TaskFuture<?>, String> results = new IdentityHashMap<>();
    // Guarded by this (the life cycle calls the hooks under the view's monitor).
    private long notBeforeNanos;
    private long idleRefreshNanos = MIN_REFRESH_NANOS;

    private LiveTimeline(List<TaskFuture<?>> futures) {
        super("java-futures-timeline-");
        this.futures = futures;
    }

    /**
     * A timeline of {@code futures} (duplicates shown once); call {@link #show()} to display it.
     *
     * @throws NullPointerException     if {@code futures} is or contains null
     * @throws IllegalArgumentException if {@code futures} is empty: there is nothing to draw
     */
    public static LiveTimeline of(Collection<? extends TaskFuture<?>> futures) {
        Objects.requireNonNull(futures, "futures is null: give a collection of TaskFutures");
        List<TaskFuture<?>> list = new ArrayList<>(futures.size());
        Map<TaskFuture<?>, Boolean> seen = new IdentityHashMap<>();
        int i = 0;
        for (TaskFuture<?> f : futures) {
            if (f == null) throw new NullPointerException("futures contains null at index " + i);
            if (seen.put(f, Boolean.TRUE) == null) list.add(f);
            i++;
        }
        if (list.isEmpty()) throw new IllegalArgumentException("no futures to draw: the collection is empty");
        return new LiveTimeline(list);
    }

    /**
     * Displays the timeline under the current cell and keeps it updated; does nothing outside a cell or if
     * already shown.
     */
    @Override
    public LiveTimeline show() {
        return (LiveTimeline) super.show();
    }

    /** Displays the timeline under {@code target} (the kernel's choice of cell) and keeps it updated. */
    @Override
    public LiveTimeline show(CellTarget target) {
        return (LiveTimeline) super.show(target);
    }

    /** The futures of this timeline, in the order given. */
    public List<TaskFuture<?>> futures() {
        return List.copyOf(futures);
    }

    @Override
    public synchronized Map<String, String> toMimeBundle() {
        return Timeline.render(futures, this::cachedResult);
    }

    @Override
    public boolean allDone() {
        return progress() == 2L * futures.size();
    }

    /** Each future moves PENDING(0) → RUNNING(1) → done(2) and never back, so this sum changes on every transition. */
    @Override
    protected long progress() {
        long p = 0;
        for (TaskFuture<?> f : futures) {
            switch (f.state()) {
                case PENDING: break;
                case RUNNING: p += 1; break;
                default: p += 2;
            }
        }
        return p;
    }

    /**
     * When a future changed state, or the running bars grew visibly; never sooner than the last render's cost
     * allows.
     */
    @Override
    protected boolean wantsUpdate(long nowNanos, boolean changed, long sinceLastNanos) {
        if (nowNanos - notBeforeNanos < 0) return false;
        return changed || sinceLastNanos >= idleRefreshNanos;
    }

    /** Renders now and plans the next refresh from what this render cost and how fast the bars grow. */
    @Override
    protected Map<String, String> render(long nowNanos) {
        long t0 = cpuNanos();
        List<TimelineLayout.Entry> entries = Timeline.entries(futures);
        // Read after the futures, so that no bar read above ends after "now".
        TimelineLayout layout = TimelineLayout.build(entries, Math.max(nowNanos, System.nanoTime()));
        Map<String, String> bundle = Timeline.render(layout, this::cachedResult);
        long cost = cpuNanos() - t0;
        long bytes = 0;
        for (String v : bundle.values()) bytes += v.length();
        notBeforeNanos = nowNanos + Math.max(CPU_SHARE * cost, bytes * 1_000_000_000L / BYTES_PER_SECOND);
        // Two pixels of growth for the running bars, within [100 ms, 10 s].
        idleRefreshNanos = Math.max(MIN_REFRESH_NANOS, Math.min(MAX_REFRESH_NANOS, layout.span * 2 / layout.plotW));
        return bundle;
    }

    /** CPU time of this thread (wall-clock time where unsupported): a busy machine must not starve the picture. */
    private static long cpuNanos() {
        long t = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        return t >= 0 ? t : System.nanoTime();
    }

    private String cachedResult(TaskFuture<?> f) {
        return results.computeIfAbsent(f, FutureTable::resultText);
    }
}
