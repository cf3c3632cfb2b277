package javafutures.table;

import javafutures.output.CellTarget;

/**
 * A view of futures that keeps itself up to date in the notebook: a {@link LiveTable} or a timeline. It is
 * shown once, with a display id, under a cell; then {@link LiveTableScheduler}'s one thread calls
 * {@link #tick} at most every 100 ms, and the view sends an {@code update_display_data} when it has
 * something new, until it has sent its final state. Implementations are thread-safe.
 */
public interface LiveView {
    /** Displays the view under {@code target} and keeps it updated; does nothing if already shown or target is null. */
    LiveView show(CellTarget target);

    /** True once shown. */
    boolean isShown();

    /** True when every future of the view is done (its final update may not have been sent yet). */
    boolean allDone();

    /**
     * Called by the scheduler (never concurrently with itself): sends an update if there is something new.
     * Returns false once the final update was sent; the view is then dropped.
     */
    boolean tick(long nowNanos);
}
