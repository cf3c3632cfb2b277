package javafutures.futures;

/**
 * The internal state encoding of a {@link TaskFuture} (its {@code s} field) and what it means publicly.
 * Constants and static helpers only: the JIT folds them into the future's code, so this costs nothing per task.
 *
 * <p>The COMPLETING states are a few instructions long: the winner of a transition writes the outcome and
 * times, then publishes the final state (volatile write), so a reader that sees a final state also sees
 * everything else. {@link #RAN} marks final states reached from RUNNING. {@link #HANDED} is added to NEW or
 * RUNNING by an engine's thread that has the outcome but must leave completing to the pool's completions
 * thread (a done callback was added, see {@link FutureTransitions#finish}): the task has ended, so cancel
 * fails, and nothing but that completion moves it on. Shown as it was (PENDING, RUNNING); not final.
 */
final class FutureStates {
    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int COMPLETING_NEW = 2;
    static final int COMPLETING_RUN = 3;
    static final int FINISHED = 4;
    static final int FAILED = 5;
    static final int CANCELLED = 6;
    static final int RAN = 8;
    static final int HANDED = 16;

    private static final TaskState[] PUBLIC = {TaskState.PENDING, TaskState.RUNNING, TaskState.PENDING,
            TaskState.RUNNING, TaskState.FINISHED, TaskState.FAILED, TaskState.CANCELLED, null};

    private FutureStates() {
    }

    /** The public state of internal state {@code st}. */
    static TaskState publicState(int st) {
        return PUBLIC[st & 7];
    }

    static boolean isFinal(int st) {
        return (st & 7) >= FINISHED;
    }

    /** True if the task started: RUNNING (also while completing or handed over) or final from RUNNING. */
    static boolean ran(int st) {
        return st == RUNNING || st == COMPLETING_RUN || st == (RUNNING | HANDED) || (st & RAN) != 0;
    }
}
