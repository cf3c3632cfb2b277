package javafutures.process;

import javafutures.eval.SnippetClasses.ClassVersion;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snippet classes one task needs, each at the version current when the task was submitted. Equal sets
 * are interned to one instance with one {@link #id()}, so a worker learns a set once and later tasks name it
 * by id. Immutable; the intern table is thread-safe.
 */
public final class ClassSet {
    /** The set of no snippet classes: tasks using only JDK and classpath types. Never shipped. */
    public static final ClassSet EMPTY = new ClassSet(0, List.of());

    private static final AtomicLong IDS = new AtomicLong();
    private static final Map<String, ClassSet> INTERNED = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClassSet> e) {
            return size() > 4096; // an evicted set is re-interned under a new id: correct, just re-shipped
        }
    };

    private final long id;
    private final List<ClassVersion> classes;

    private ClassSet(long id, List<ClassVersion> classes) {
        this.id = id;
        this.classes = classes;
    }

    /** The interned set of these class versions (order does not matter). */
    public static ClassSet of(List<ClassVersion> versions) {
        if (versions.isEmpty()) return EMPTY;
        List<ClassVersion> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(ClassVersion::name));
        StringBuilder key = new StringBuilder();
        for (ClassVersion v : sorted) key.append(v.name()).append('=').append(v.hash()).append(';');
        synchronized (INTERNED) {
            return INTERNED.computeIfAbsent(key.toString(),
                    k -> new ClassSet(IDS.incrementAndGet(), List.copyOf(sorted)));
        }
    }

    public long id() {
        return id;
    }

    public List<ClassVersion> classes() {
        return classes;
    }

    /**
     * Writes the CLASSES payload for a worker that already holds the bytes whose hashes are in
     * {@code known}: names and hashes of every class, bytes only for the new ones. Adds the sent hashes
     * to {@code known}.
     */
    public byte[] encodeFor(Set<String> known) throws IOException {
        Wire.Buffer buf = new Wire.Buffer(256);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(classes.size());
        for (ClassVersion v : classes) {
            Wire.writeString(out, v.name());
            Wire.writeString(out, v.hash());
            if (known.add(v.hash())) {
                out.writeInt(v.bytes().length);
                out.write(v.bytes());
            } else {
                out.writeInt(-1);
            }
        }
        out.flush();
        return buf.toByteArray();
    }

    @Override
    public String toString() {
        return "ClassSet#" + id + classes.stream().map(ClassVersion::name).toList();
    }
}
