package javafutures.futures;

/**
 * Thrown by {@link TaskFuture#result()} (and by the items of {@code ThreadPool.map}) when the task threw:
 * its cause is the task's own exception, which {@link TaskFuture#exception()} returns as is.
 * Unchecked, like Python re-raising the task's exception, so notebook code needs no try/catch.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String taskName;

    public TaskFailedException(String taskName, Throwable cause) {
        super(taskName + " failed: " + cause, cause);
        this.taskName = taskName;
    }

    /** The name of the task that failed. */
    public String taskName() {
        return taskName;
    }
}
