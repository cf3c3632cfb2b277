package javafutures.futures;

import java.util.List;

/**
 * What the kernel needs to know about a pool of any kind (threads, processes, a cluster) to list it in
 * {@code %pool}, resize it and stop it with the kernel. Pools register themselves with
 * {@link Pools#register(TaskPool)} when created; terminated pools drop out of {@link Pools#pools()}.
 * Implementations must be thread-safe; none of these methods may block for long.
 */
public interface TaskPool {
    /** The pool's name, unique among live pools of the kernel except for user pools given the same name twice. */
    String name();

    /** What its workers are: {@code threads}, {@code virtual threads}, {@code processes}, {@code cluster}. */
    String kind();

    /** The configured number of workers, or -1 when unbounded. */
    int workers();

    /** The workers that exist now: thread names, or {@code pid N} for processes. */
    List<String> workerNames();

    /** Tasks submitted and not started yet. */
    int queued();

    /** Tasks running now. */
    int running();

    /** Tasks done (finished, failed or cancelled) since the pool was created. */
    long finished();

    /** Changes the number of workers; may throw UnsupportedOperationException. */
    void resize(int workers);

    boolean isShutdown();

    boolean isTerminated();

    /** Cancels what is queued, stops what runs, returns at once; the kernel calls it when it shuts down. */
    List<Runnable> shutdownNow();

    /** One line for {@code %pool}, e.g. {@code threads (threads): 4 workers, 2 running, 10 queued, 35 finished}. */
    default String describe() {
        int w = workers();
        return name() + " (" + kind() + "): " + (w < 0 ? "unbounded" : w + (w == 1 ? " worker" : " workers"))
                + ", " + running() + " running, " + queued() + " queued, " + finished() + " finished"
                + (isTerminated() ? ", terminated" : isShutdown() ? ", shut down" : "");
    }
}
