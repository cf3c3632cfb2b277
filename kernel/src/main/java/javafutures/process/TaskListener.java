package javafutures.process;

/**
 * How a {@link WorkerPool} reports one task's life. Exactly one of {@link #succeeded}, {@link #failed} and
 * {@link #cancelled} is called, once; {@link #started} comes before it when the task reached a worker, and
 * may come again if the task was moved to another worker before it began (its first worker died).
 * {@link #output} may come any time before the end.
 *
 * <p>Calls arrive on the pool's internal threads (a worker's reader thread, or the thread that submitted or
 * cancelled), never under a pool lock; they must return quickly and must not wait for other tasks of the same
 * pool, or that worker's replies stall. Implementations must be thread-safe.
 */
public interface TaskListener {
    /** The task was sent to worker JVM {@code pid} (it runs there next, or after the tasks sent before it). */
    default void started(long pid) {
    }

    /**
     * How long the worker ran the task (decoding and running it), as measured there; comes just before
     * {@link #succeeded} or {@link #failed}.
     */
    default void ranFor(long nanos) {
    }

    void succeeded(Object value);

    /**
     * The task threw (the exception itself, or a {@link RemoteTaskException} when its class could not
     * cross), its worker died ({@link WorkerDiedException}), or the pool broke
     * ({@link WorkerPoolBrokenException}).
     */
    void failed(Throwable error);

    void cancelled();

    /** Text the task printed in the worker, in order per stream. */
    default void output(boolean stderr, String text) {
    }
}
