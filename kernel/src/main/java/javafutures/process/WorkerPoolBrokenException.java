package javafutures.process;

/**
 * The pool cannot run tasks any more: its initializer failed, or worker JVMs could not start (bad jvmArgs,
 * missing java). Tasks queued then, and tasks submitted later, fail with this; the cause holds the
 * initializer's exception when there is one. Immutable.
 */
public final class WorkerPoolBrokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkerPoolBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
