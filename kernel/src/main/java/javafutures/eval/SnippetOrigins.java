package javafutures.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cell each JShell snippet came from: the execution count of the cell that (last) defined it and
 * the cell's line its source starts on. JShell names frames of notebook code by snippet id and the line
 * within the snippet ({@code #12:3}); with this map a traceback says {@code cell [5], line 4} instead.
 *
 * <p>A snippet keeps its cell when JShell recompiles it because something it uses changed; a method
 * redefined with the same signature keeps its snippet id in JShell, and then belongs to the cell that
 * redefined it (the code that runs now is that cell's). Thread-safe.
 */
final class SnippetOrigins {
    /** A cell's execution count and the line (from 1) of that cell where a snippet's source starts. */
    record Origin(int cell, int firstLine) {
    }

    private final Map<String, Origin> byId = new ConcurrentHashMap<>();

    void record(String snippetId, int cell, int firstLine) {
        byId.put(snippetId, new Origin(cell, firstLine));
    }

    /** The origin of a snippet by its id ({@code "12"} for frames in file {@code #12}), or null. */
    Origin get(String snippetId) {
        return byId.get(snippetId);
    }
}
