package javafutures.libraries;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Settles the race between an interrupted cell and an addition finishing in the background: exactly one of
 * {@link #cancel} and {@link #commit} succeeds, so the notebook is never told "nothing was added" about jars
 * that were in fact added. Thread-safe.
 */
final class Cancellation {
    private static final int RUNNING = 0, COMMITTED = 1, CANCELLED = 2;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    /** True once cancelled: work in progress should stop. */
    boolean cancelled() {
        return state.get() == CANCELLED;
    }

    /** Cancels unless the addition already committed; returns whether it did cancel. */
    boolean cancel() {
        return state.compareAndSet(RUNNING, CANCELLED) || state.get() == CANCELLED;
    }

    /** Called right before the addition becomes visible; fails if the cell was interrupted first. */
    void commit() throws LibraryException {
        if (!state.compareAndSet(RUNNING, COMMITTED)) {
            throw new LibraryException("interrupted: nothing was added");
        }
    }
}
