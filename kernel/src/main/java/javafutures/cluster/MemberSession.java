package javafutures.cluster;

import javafutures.worker.SharedSnippetLoaders;
import javafutures.worker.TaskDecoder;

import java.io.IOException;

/**
 * One kernel pool's state on a member, by its session id: the notebook's classes ({@link SharedSnippetLoaders},
 * the notebook's jars under them) and the map parts its maps sent ({@code SharedFunction}s: a map's function
 * and the values it reads), kept in a {@link TaskDecoder} that holds at most {@link #MAX_PARTS} of them (the
 * least recently used dropped: a chunk whose part is gone answers NEED_PART and the kernel sends it again).
 * Part ids are the kernel's, so they are kept per session. Thread-safe.
 */
final class MemberSession {
    /** Map parts kept per session; {@code -Djavafutures.member.mapParts=N} on the member changes it. */
    static final int MAX_PARTS = Math.max(1, Integer.getInteger("javafutures.member.mapParts", 8));

    final SharedSnippetLoaders loaders;
    final TaskDecoder decoder = new TaskDecoder(MAX_PARTS);

    MemberSession(ClassLoader jars) {
        this.loaders = new SharedSnippetLoaders(jars);
    }

    /**
     * Keeps {@code part} (its payload in the TASK format), learning its class set from its class bytes when
     * new. A part whose classes this member does not know (and were not sent) is not kept: its chunks ask for
     * it again, and the kernel then sends the classes too.
     */
    void share(TaskEnvelope.MapPart part) {
        long id = part.id();
        byte[] payload = part.payload();
        ClassLoader loader;
        try {
            loader = loaders.loaderFor(part.classSet(), part.classes());
        } catch (IOException | RuntimeException e) {
            decoder.share(id, payload, v -> { // its chunks fail with this error rather than ask again and again
                throw new IllegalStateException("the map's function could not be loaded on this member: " + e, e);
            });
            return;
        }
        if (loader != null) decoder.share(id, payload, v -> loader);
    }
}
