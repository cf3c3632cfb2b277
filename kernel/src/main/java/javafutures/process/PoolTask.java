package javafutures.process;

/**
 * A task handed to a {@link WorkerPool}: the handle for {@link WorkerPool#cancel}. Its state moves
 * QUEUED → SENT (in a worker's queue) → RUNNING → DONE, or to CANCELLED; a task whose worker died before
 * it began goes back to QUEUED. Fields are guarded by the pool's lock; accessors are thread-safe snapshots.
 */
public final class PoolTask {
    public enum State { QUEUED, SENT, RUNNING, DONE, CANCELLED }

    final long id;
    final PreparedTask task;
    final TaskListener listener;
    State state = State.QUEUED;
    WorkerSlot slot;
    /** Taken back from a busy worker for an idle one: a CANCELLED ack means requeue, not cancelled. */
    boolean stealing;
    private final WorkerPool pool;

    PoolTask(long id, PreparedTask task, TaskListener listener, WorkerPool pool) {
        this.id = id;
        this.task = task;
        this.listener = listener;
        this.pool = pool;
    }

    public long id() {
        return id;
    }

    public State state() {
        synchronized (pool) {
            return state;
        }
    }

    /** The pid of the worker it was sent to, or -1. */
    public long pid() {
        synchronized (pool) {
            return slot == null ? -1 : slot.worker.pid();
        }
    }

    @Override
    public String toString() {
        return "task " + id + " (" + state() + ")";
    }
}
