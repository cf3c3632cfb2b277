package javafutures.futures;

/**
 * The thread waiting for a task ({@code result()}, {@code exception()}, {@code asCompleted},
 * {@code waitFor}, {@code close()}) was interrupted, e.g. by the notebook's stop button. Unchecked so
 * that the Python-style methods need no {@code throws}; its cause is the {@link InterruptedException}
 * and the thread's interrupt flag is set again before it is thrown, so code further up still sees that
 * it was asked to stop. The task being waited for is not affected.
 */
public class TaskInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }

    /** Re-asserts the current thread's interrupt flag and returns the exception to throw. */
    static TaskInterruptedException interrupted(String waitingFor, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new TaskInterruptedException("interrupted while waiting for " + waitingFor, cause);
    }
}
