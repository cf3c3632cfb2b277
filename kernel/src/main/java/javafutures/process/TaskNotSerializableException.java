package javafutures.process;

/**
 * A task that cannot be sent to a worker: it, something it captures, or a top-level notebook variable it
 * reads is not serializable. Thrown at submit, in the submitting cell; the message names the variable or
 * field path, its type, and the fix. Immutable.
 */
public final class TaskNotSerializableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final String valueType;

    public TaskNotSerializableException(String message, String path, String valueType, Throwable cause) {
        super(message, cause);
        this.path = path;
        this.valueType = valueType;
    }

    /** What could not be serialized, e.g. {@code captured variable #1 -> field socket}. */
    public String path() {
        return path;
    }

    /** The class of the value that is not serializable. */
    public String valueType() {
        return valueType;
    }
}
