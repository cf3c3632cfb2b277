package javafutures.futures;

import java.util.concurrent.TimeoutException;

/**
 * A wait with a timeout ({@link TaskFuture#result(java.time.Duration)}, {@code exception(Duration)},
 * {@link Futures#asCompleted(java.util.Collection, java.time.Duration)}) ran out before the task was
 * done: Python's {@code TimeoutError}. Unchecked; its cause is a {@link TimeoutException}. The task
 * itself is not affected and keeps running.
 */
public class TaskTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TaskTimeoutException(String message) {
        super(message, new TimeoutException(message));
    }
}
