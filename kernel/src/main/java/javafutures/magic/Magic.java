package javafutures.magic;

/**
 * A kernel command written as {@code %name args} (line magic) or {@code %%name args} on a cell's first
 * line (cell magic). A cell's magics are all {@linkplain #check checked} before any part of it runs, so
 * a malformed line never runs half a cell. Implementations are stateless or thread-safe.
 */
public interface Magic {
    String name();

    /** One line: how to call it, e.g. {@code %wait [VAR...] [--timeout SECONDS]}. */
    String usage();

    /** A few lines on what it does, shown by {@code %name?}. */
    String help();

    boolean supportsLine();

    boolean supportsCell();

    /** Validates arguments without side effects; throws with a message naming what is wrong. */
    void check(MagicCall call) throws MagicUsageException;

    /**
     * Runs it, on the cell's thread (interruptible like code). May display through the notebook's
     * {@code Display} functions. Returns a value to show as the cell's result, or null.
     */
    Object run(MagicCall call, MagicContext context) throws Exception;
}
