package javafutures.futures;

/**
 * The life cycle of a {@link TaskFuture}:
 * <pre>
 *   PENDING ──start──▶ RUNNING ──▶ FINISHED | FAILED
 *      │                  │
 *      └──cancel()──▶ CANCELLED ◀──cancel(true), when the pool can stop a running task
 * </pre>
 * A future may also go from PENDING straight to FINISHED or FAILED (a pool that fails a task before it
 * starts, e.g. when its initializer broke). FINISHED, FAILED and CANCELLED are final.
 */
public enum TaskState {
    /** Submitted, waiting for a worker. */
    PENDING,
    /** A worker is running it. */
    RUNNING,
    /** Returned a value. */
    FINISHED,
    /** Threw an exception, which the future holds. */
    FAILED,
    /** Cancelled before it finished. */
    CANCELLED;

    /** True for the final states FINISHED, FAILED and CANCELLED (Python's {@code done()}). */
    public boolean isDone() {
        return this.ordinal() >= FINISHED.ordinal();
    }
}
