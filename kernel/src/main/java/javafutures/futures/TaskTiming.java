package javafutures.futures;

import java.time.Duration;

/**
 * When a task was submitted, started and ended: a consistent snapshot of one {@link TaskFuture}, taken by
 * {@link TaskFuture#timing()}, for timelines and measurements. Immutable.
 *
 * <p>Times are {@link System#nanoTime()} readings of the kernel's JVM, comparable with each other and with
 * {@code System.nanoTime()} in the notebook, not with wall-clock time. Which ones are meaningful depends on
 * the state: {@code submittedNanos} always; {@code startedNanos} once the task started ({@link #started()},
 * i.e. {@code worker} is not null); {@code endedNanos} once {@code state} is done.
 *
 * <p>{@code remoteRunNanos} is, for a task that ran in another JVM (a process or cluster pool), how long it
 * ran there as measured there (decoding and running it), or -1 (thread pools, or not done yet). The rest of
 * its running time, as the kernel saw it, went to serializing the task and its result and moving them
 * between the JVMs (for a worker's first task, also waiting for that JVM to be ready): see {@link #transit()}.
 *
 * @param state          the state when the snapshot was taken
 * @param worker         what ran the task (thread name, {@code pid N}, {@code host:port (pid N)}), or null if it never started
 * @param submittedNanos when the future was created, at submit
 * @param startedNanos   when a worker started it (meaningful only when {@code worker} is not null)
 * @param endedNanos     when it reached its final state (meaningful only when {@code state} is done)
 * @param remoteRunNanos running time measured in the worker JVM or member, or -1
 */
public record TaskTiming(TaskState state, String worker, long submittedNanos, long startedNanos, long endedNanos,
                         long remoteRunNanos) {

    /** True if a worker started the task (it may have finished since). */
    public boolean started() {
        return worker != null;
    }

    /** Time spent waiting for a worker: submit to start, or to {@code nowNanos} (or the end, if cancelled) if it never started. */
    public Duration queued(long nowNanos) {
        long until = started() ? startedNanos : state.isDone() ? endedNanos : nowNanos;
        return Duration.ofNanos(Math.max(0, until - submittedNanos));
    }

    /** Running time: start to end, or to {@code nowNanos} while it runs; zero if it never started. */
    public Duration run(long nowNanos) {
        if (!started()) return Duration.ZERO;
        return Duration.ofNanos(Math.max(0, (state.isDone() ? endedNanos : nowNanos) - startedNanos));
    }

    /**
     * The part of the running time a task of a process or cluster pool spent not running in its worker:
     * serializing, sending, and reading back the result. Zero for thread tasks and unfinished ones.
     */
    public Duration transit() {
        if (remoteRunNanos < 0 || !started() || !state.isDone()) return Duration.ZERO;
        return Duration.ofNanos(Math.max(0, endedNanos - startedNanos - remoteRunNanos));
    }
}
