package javafutures.process;

import java.util.ArrayDeque;

/**
 * One worker JVM of a {@link WorkerPool} and what the pool knows about it: the tasks sent to it (its window;
 * the head runs, the rest wait in the worker), the notebook classes and shared map functions it holds, and its
 * life flags. Guarded by the pool's monitor. Its events go to the pool's {@link WorkerEvents}.
 */
final class WorkerSlot implements WorkerProcess.Events {
    final WorkerProcess worker;
    private final WorkerEvents events;
    private final int maxTasks;
    final ArrayDeque<PoolTask> window = new ArrayDeque<>();
    final WorkerClasses classes = new WorkerClasses();
    /** Ids of the {@link SharedFunction}s it holds (sent, not released). */
    final java.util.Set<Long> shared = new java.util.HashSet<>();
    /** Workers whose queued frames wait until this worker's reader has caught up; its reader thread only. */
    final java.util.Set<WorkerProcess> unwritten = new java.util.LinkedHashSet<>();
    int assigned;
    boolean hello;
    boolean initDone;
    /** Its stdin was closed or it was killed: it takes no more tasks and is about to exit. */
    boolean closing;
    /** The pool shrank: it takes no more tasks and leaves once its window is empty. */
    boolean retiring;

    WorkerSlot(WorkerProcess worker, WorkerEvents events, int maxTasks) {
        this.worker = worker;
        this.events = events;
        this.maxTasks = maxTasks;
    }

    /** Takes no new tasks: it ran its {@code maxTasksPerWorker}, or the pool shrank. */
    boolean exhausted() {
        return retiring || (maxTasks > 0 && assigned >= maxTasks);
    }

    @Override
    public void frame(WorkerProcess w, Frame f) {
        events.onFrame(this, f);
    }

    @Override
    public void caughtUp(WorkerProcess w) {
        PoolEffects.write(unwritten);
    }

    @Override
    public void exited(WorkerProcess w, int status, String reason) {
        PoolEffects.write(unwritten); // frames for other workers, queued while handling this one's last replies
        events.onExit(this, status, reason);
    }
}
