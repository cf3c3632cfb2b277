package javafutures.futures;

/**
 * What few futures have, in a side object made only for them (null for most): every field of a future is
 * per-task garbage, and a trivial task's cost is mostly its allocation. {@link PoolFuture}'s rarely used
 * options live here too. Written before the future is handed to a worker, or (remote run time) before its
 * final state, so the same publication covers it as the fields it replaces. Made by CAS (see
 * {@link TaskFuture#extras()}): an engine may need it while another thread completes the future.
 */
final class FutureExtras {
    /** The label given at submit (null for the default {@code task-N}, built on demand). */
    final String label;
    /** See {@link TaskFuture#markRemoteRun}. */
    long remoteRunNanos = -1;
    // PoolFuture's options: submit(Runnable, result) and execute()
    boolean useFixedResult;
    Object fixedResult;
    boolean reportFailure;
    /** PoolFuture's: the engine cancelled it itself (rare, so here rather than a field of every future). */
    volatile boolean poolCancelled;

    FutureExtras(String label) {
        this.label = label;
    }
}
