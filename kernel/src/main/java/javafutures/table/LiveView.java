package javafutures.table;

import javafutures.futures.LiveFutures;
import javafutures.output.CellTarget;
import javafutures.output.OutputRouter;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.Map;
import java.util.UUID;

/**
 * A view of futures that keeps itself up to date in the notebook ({@link LiveTable}, a timeline): the life
 * cycle they share.
 *
 * <p><b>Life cycle.</b> Created (not shown) → {@link #show()}: displayed once, with a display id, under the
 * cell current at that call → updated in place ({@code update_display_data}) while any future is
 * unfinished → final: one last update once every future is done, then never again; that final state is what
 * a saved notebook keeps. A view whose futures are all done when shown is final at once.
 *
 * <p><b>Updates.</b> {@link LiveTableScheduler}'s one thread calls {@link #tick} at most every 100 ms; the
 * view sends an update when {@link #wantsUpdate} says so (e.g. a future changed state), and always sends the
 * final one. Futures completing never render anything themselves.
 *
 * <p>Thread-safe: the life cycle runs under the view's monitor, so subclasses' hooks are called one at a time.
 */
public abstract class LiveView implements LiveFutures {
    private final String idPrefix;
    private CellTarget target;
    private volatile String displayId;
    private volatile boolean finalSent;
    private long lastProgress = -1;
    private long lastUpdateNanos;
    private int updates;

    /** @param idPrefix the start of the display id, e.g. {@code java-futures-table-} */
    protected LiveView(String idPrefix) {
        this.idPrefix = idPrefix;
    }

    /** True when every future of the view is done (its final update may not have been sent yet). */
    public abstract boolean allDone();

    /**
     * A number that grows whenever a future of the view changes state (e.g. PENDING 0, RUNNING 1, done 2,
     * summed), so that equal numbers mean nothing changed.
     */
    protected abstract long progress();

    /**
     * Whether to send an update now, though not every future is done: {@code changed} if a future changed
     * state since the last update, which was {@code sinceLastNanos} ago.
     */
    protected abstract boolean wantsUpdate(long nowNanos, boolean changed, long sinceLastNanos);

    /** The bundle to show as of {@code nowNanos}. */
    protected abstract Map<String, String> render(long nowNanos);

    /**
     * Displays the view under the current cell and keeps it updated; does nothing outside a cell or if
     * already shown.
     */
    public LiveView show() {
        return show(OutputRouter.current());
    }

    /** Displays the view under {@code target} (the kernel's choice of cell) and keeps it updated. */
    public LiveView show(CellTarget target) {
        if (target == null) return this;
        boolean live;
        synchronized (this) {
            if (displayId != null) return this;
            this.target = target;
            this.displayId = idPrefix + UUID.randomUUID();
            // Read before rendering: the picture may then show a later state, never an earlier one.
            live = !allDone();
            lastProgress = progress();
            lastUpdateNanos = System.nanoTime();
            // Flush what this thread printed so far, so the view appears after it, not before.
            OutputRouter router = OutputRouter.get();
            if (router != null) router.flushThread(Thread.currentThread());
            target.display(data(lastUpdateNanos));
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
    public boolean isShown() {
        return displayId != null;
    }

    /** True once the view showed every future done and stopped updating. */
    public boolean isFinal() {
        return finalSent;
    }

    /** Updates sent so far (not counting the first display). */
    public synchronized int updates() {
        return updates;
    }

    /**
     * Called by the scheduler (at most every 100 ms) and before a cell's reply: sends an update if the view
     * wants one, and the final one once every future is done. Returns false once final.
     */
    final synchronized boolean tick(long nowNanos) {
        if (finalSent) return false;
        boolean done = allDone();
        long p = progress();
        boolean changed = p != lastProgress;
        if ((done && changed) || (!done && wantsUpdate(nowNanos, changed, nowNanos - lastUpdateNanos))) {
            lastProgress = p;
            lastUpdateNanos = nowNanos;
            updates++;
            target.updateDisplay(data(nowNanos));
        }
        if (done) {
            finalSent = true;
            return false;
        }
        return true;
    }

    private DisplayData data(long nowNanos) {
        DisplayData d = new DisplayData();
        for (Map.Entry<String, String> e : render(nowNanos).entrySet()) d.putData(e.getKey(), e.getValue());
        d.setDisplayId(displayId);
        return d;
    }
}
