package javafutures.process;

import javafutures.eval.SnippetClasses.ClassVersion;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The snippet classes one task needs, each at the version current when the task was submitted. Equal sets
 * are interned to one instance with one {@link #id()}, so a worker learns a set once and later tasks name it
 * by id.
 *
 * <p>The intern table holds sets weakly: a set lives as long as something that can still send a task with it
 * does (a cached scan of a task shape, a task not finished, a pool's initializer). Once it is collected its
 * id is never used again, so workers can forget it ({@link #collected()}, {@link #isLive}); a task of the
 * same shape submitted later gets an equal set under a new id. Immutable; the intern table is thread-safe.
 */
public final class ClassSet {
    /** The set of no snippet classes: tasks using only JDK and classpath types. Never shipped. */
    public static final ClassSet EMPTY = new ClassSet(0, List.of());

    private static final AtomicLong IDS = new AtomicLong();
    /** Guarded by itself. */
    private static final Map<String, Interned> INTERNED = new HashMap<>();
    private static final Map<Long, Interned> BY_ID = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ReferenceQueue<ClassSet> COLLECTED = new ReferenceQueue<>();
    private static volatile long collectedCount;

    private final long id;
    private final List<ClassVersion> classes;

    private ClassSet(long id, List<ClassVersion> classes) {
        this.id = id;
        this.classes = classes;
    }

    private static final class Interned extends WeakReference<ClassSet> {
        final String key;
        final long id;

        Interned(ClassSet set, String key) {
            super(set, COLLECTED);
            this.key = key;
            this.id = set.id;
        }
    }

    /** The interned set of these class versions (order does not matter). */
    public static ClassSet of(List<ClassVersion> versions) {
        if (versions.isEmpty()) return EMPTY;
        List<ClassVersion> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(ClassVersion::name));
        StringBuilder b = new StringBuilder();
        for (ClassVersion v : sorted) b.append(v.name()).append('=').append(v.hash()).append(';');
        String key = b.toString();
        synchronized (INTERNED) {
            expunge();
            Interned ref = INTERNED.get(key);
            ClassSet set = ref == null ? null : ref.get();
            if (set == null) {
                set = new ClassSet(IDS.incrementAndGet(), List.copyOf(sorted));
                ref = new Interned(set, key);
                INTERNED.put(key, ref);
                BY_ID.put(set.id, ref);
            }
            return set;
        }
    }

    /**
     * How many sets have been collected so far: a cheap test of whether any id died since one looked last
     * (then {@link #isLive} tells which).
     */
    public static long collected() {
        Interned r = (Interned) COLLECTED.poll(); // no lock when nothing was collected: called per task sent
        if (r == null) return collectedCount;
        synchronized (INTERNED) {
            drop(r);
            expunge();
            return collectedCount;
        }
    }

    /** True while the set with this id can still be used by a task; always for {@link #EMPTY}'s id 0. */
    public static boolean isLive(long id) {
        if (id == 0) return true;
        Interned ref = BY_ID.get(id);
        return ref != null && ref.get() != null;
    }

    /**
     * True once the set with this id was collected and counted by {@link #collected} (the reference queue
     * delivers a cleared set a little after the collection that cleared it). For tests.
     */
    static boolean counted(long id) {
        collected();
        synchronized (INTERNED) {
            expunge();
            return !BY_ID.containsKey(id);
        }
    }

    /** Interned sets not collected yet (for tests and diagnostics). */
    static int internedCount() {
        synchronized (INTERNED) {
            expunge();
            return INTERNED.size();
        }
    }

    /** Drops table entries of collected sets; the caller holds INTERNED's monitor. */
    private static void expunge() {
        for (Interned r; (r = (Interned) COLLECTED.poll()) != null; ) drop(r);
    }

    private static void drop(Interned r) {
        if (INTERNED.get(r.key) == r) INTERNED.remove(r.key);
        BY_ID.remove(r.id, r);
        collectedCount++;
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
        return encode(hash -> !known.add(hash));
    }

    /**
     * Writes the CLASSES payload: names and hashes of every class, and the bytes of those whose hash the
     * receiver does not hold ({@code held} is false).
     */
    public byte[] encode(Predicate<String> held) throws IOException {
        Wire.Buffer buf = new Wire.Buffer(256);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(classes.size());
        for (ClassVersion v : classes) {
            Wire.writeString(out, v.name());
            Wire.writeString(out, v.hash());
            if (!held.test(v.hash())) {
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
