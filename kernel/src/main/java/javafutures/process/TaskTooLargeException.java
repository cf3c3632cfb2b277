package javafutures.process;

/**
 * A task whose serialized form (what it captures plus the notebook variables it reads) is over its pool's
 * limit. Thrown at submit, in the submitting cell, before anything is sent: the pool and its workers are
 * untouched. The message names the size, the limit, the biggest part and the fix
 * ({@code ProcessPool.builder().maxTaskBytes(...)} raises the limit). Immutable.
 */
public final class TaskTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long size;
    private final long limit;

    public TaskTooLargeException(String message, long size, long limit) {
        super(message);
        this.size = size;
        this.limit = limit;
    }

    /** The task's serialized size in bytes. */
    public long size() {
        return size;
    }

    /** The pool's limit in bytes. */
    public long limit() {
        return limit;
    }
}
