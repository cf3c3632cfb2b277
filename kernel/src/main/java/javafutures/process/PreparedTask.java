package javafutures.process;

import java.util.List;

/**
 * A task serialized at submit, ready to go to any worker: its bytes (the TASK payload), the class set its
 * code needs, the loader that resolves its result, the top-level variables whose values it carries, and for
 * a chunk of a map the {@link SharedFunction} its worker must hold.
 * Immutable once built.
 */
public final class PreparedTask {
    private final byte[] payload;
    private final int length;
    private final ClassSet classes;
    private final ClassLoader loader;
    private final List<String> carriedVariables;
    /** The part of a map chunk its worker must hold first (its function and values), or null. */
    private final SharedFunction shared;

    PreparedTask(byte[] payload, int length, ClassSet classes, ClassLoader loader, List<String> carriedVariables) {
        this(payload.length == length ? payload : java.util.Arrays.copyOf(payload, length), length, classes, loader,
                carriedVariables, null);
    }

    private PreparedTask(byte[] payload, int length, ClassSet classes, ClassLoader loader,
                         List<String> carriedVariables, SharedFunction shared) {
        this.payload = payload;
        this.length = length;
        this.classes = classes;
        this.loader = loader;
        this.carriedVariables = carriedVariables;
        this.shared = shared;
    }

    /** This task, needing {@code part} on its worker before it runs (a sharing {@link MapChunk}). */
    PreparedTask sharing(SharedFunction part) {
        return new PreparedTask(payload, length, classes, loader, carriedVariables, part);
    }

    /** The map part ({@link SharedFunction}) its worker or member must hold before it runs, or null. */
    public SharedFunction shared() {
        return shared;
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
