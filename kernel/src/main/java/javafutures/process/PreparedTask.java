package javafutures.process;

import java.util.List;

/**
 * A task serialized at submit, ready to go to any worker: its bytes (the TASK payload), the class set its
 * code needs, the loader that resolves its result, and the top-level variables whose values it carries.
 * Immutable once built.
 */
public final class PreparedTask {
    private final byte[] payload;
    private final int length;
    private final ClassSet classes;
    private final ClassLoader loader;
    private final List<String> carriedVariables;

    PreparedTask(byte[] payload, int length, ClassSet classes, ClassLoader loader, List<String> carriedVariables) {
        this.payload = payload.length == length ? payload : java.util.Arrays.copyOf(payload, length);
        this.length = length;
        this.classes = classes;
        this.loader = loader;
        this.carriedVariables = carriedVariables;
    }

    byte[] payload() {
        return payload;
    }

    int length() {
        return length;
    }

    public ClassSet classes() {
        return classes;
    }

    /** Resolves classes of the task's result and exceptions in the kernel. */
    public ClassLoader loader() {
        return loader;
    }

    /** {@code Owner.field} of each top-level variable whose value travels with the task. */
    public List<String> carriedVariables() {
        return carriedVariables;
    }

    /** Size of the serialized task in bytes. */
    public int size() {
        return length;
    }

    /** The TASK payload (class-set id, then the task and carried values) for other transports; do not modify. */
    public byte[] bytes() {
        return payload;
    }
}
