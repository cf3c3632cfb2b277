package javafutures.worker;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * {@link SnippetLoaders} for a JVM that runs tasks on many threads at once (a cluster member): the same
 * generations and content-hash cache of class bytes, behind one lock, and tolerant of a class set it has not
 * seen yet (the caller asks the kernel to send the bytes). Thread-safe.
 */
public final class SharedSnippetLoaders {
    private final SnippetLoaders loaders;
    private final Set<Long> known = new HashSet<>();

    public SharedSnippetLoaders(ClassLoader parent) {
        this.loaders = new SnippetLoaders(parent);
    }

    /**
     * The loader for class-set {@code version} (0: no notebook classes), learning it from {@code classes}
     * (a {@code ClassSet.encodeFor} payload) when it is new; null when it is new and {@code classes} is null,
     * or refers to bytes this JVM never received.
     */
    public synchronized ClassLoader loaderFor(long version, byte[] classes) throws IOException {
        if (version != 0 && !known.contains(version)) {
            if (classes == null) return null;
            try {
                loaders.define(version, classes);
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("never received")) return null;
                throw e;
            }
            known.add(version);
        }
        return loaders.forVersion(version);
    }
}
