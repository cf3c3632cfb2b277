package javafutures.futures;

import java.util.List;

/**
 * How a map chunk ({@link ChunkTask}) reports that one of its items threw: the item's index in the chunk,
 * the results of the items before it (delivered to the stream as usual), and the item's exception as the
 * cause, which the stream throws (in a {@code TaskFailedException}) when it reaches that item. Immutable.
 */
public final class MapItemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final List<?> completed;

    public MapItemException(int index, List<?> completed, Throwable cause) {
        super("item " + index + " of the chunk threw " + cause, cause);
        this.index = index;
        this.completed = completed;
    }

    /** Index in the chunk of the item that threw. */
    public int index() {
        return index;
    }

    /** Results of the items before it. */
    public List<?> completed() {
        return completed;
    }
}
