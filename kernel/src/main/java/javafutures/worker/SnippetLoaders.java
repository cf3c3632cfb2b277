package javafutures.worker;

import javafutures.process.Wire;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's class loaders for notebook classes, one per <em>generation</em>.
 *
 * <p>A generation defines each class name at one version. Class sets that agree with it (same hash for every
 * name both know) share it, adding new names as they come, so a notebook class keeps one identity, and its
 * static fields their state, across tasks submitted from many cells. A set that redefines a name the
 * generation already holds at another version gets a new generation (searching older ones first, newest
 * first), so tasks submitted before the redefinition keep running against the classes they captured.
 *
 * <p>Class bytes are kept while a known set names them. {@link #forget} drops sets the kernel will not name
 * again (the kernel's {@code WorkerClasses} keeps the same counts, so it sends bytes again exactly when they
 * were dropped here): their bytes go, names not defined yet leave their generation, and an older generation
 * no known set uses goes too. Classes already defined stay defined, with their static state.
 * Used by the worker's task thread only: not thread-safe, except that class loading itself is.
 */
final class SnippetLoaders {
    private final ClassLoader parent;
    private final Map<String, byte[]> bytesByHash = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> setsByHash = new HashMap<>();
    private final List<Generation> generations = new ArrayList<>();
    private final Map<Long, Known> byVersion = new HashMap<>();

    /** A set this worker knows: its generation and its classes (name to hash). */
    private record Known(Generation generation, Map<String, String> classes) {
    }

    SnippetLoaders(ClassLoader parent) {
        this.parent = parent;
    }

    /** Learns class-set version {@code versionId} from a CLASSES payload. */
    void define(long versionId, byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int n = in.readInt();
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, byte[]> fresh = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String name = Wire.readString(in);
            String hash = Wire.readString(in);
            int len = in.readInt();
            if (len >= 0) {
                if (len > in.available()) throw new IOException("class bytes exceed the frame");
                fresh.put(hash, in.readNBytes(len));
            } else if (!bytesByHash.containsKey(hash)) {
                throw new IOException("kernel referred to class bytes this worker never received: " + name);
            }
            set.put(name, hash);
        }
        bytesByHash.putAll(fresh);
        for (String hash : set.values()) setsByHash.merge(hash, 1, Integer::sum);
        drop(versionId); // a set learnt again replaces itself (after counting the new one: they may share bytes)
        byVersion.put(versionId, new Known(generationFor(set), set));
    }

    /** Forgets the class-set versions in a FORGET payload: {@code int n}, then {@code n} ids. */
    void forget(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int n = in.readInt();
        if (n < 0 || n > payload.length / 8) throw new IOException("bad FORGET count " + n);
        for (int i = 0; i < n; i++) drop(in.readLong());
        Generation newest = generations.isEmpty() ? null : generations.get(generations.size() - 1);
        generations.removeIf(g -> g != newest && byVersion.values().stream().noneMatch(k -> k.generation == g));
    }

    private void drop(long versionId) {
        Known k = byVersion.remove(versionId);
        if (k == null) return;
        for (Map.Entry<String, String> c : k.classes.entrySet()) {
            String hash = c.getValue();
            if (setsByHash.merge(hash, -1, Integer::sum) > 0) continue;
            setsByHash.remove(hash);
            bytesByHash.remove(hash);
            for (Generation g : generations) g.forgetUndefined(c.getKey(), hash);
        }
    }

    /** The loader for a known version; 0 is the set of no notebook classes. */
    ClassLoader forVersion(long versionId) {
        if (versionId == 0) return parent;
        Known k = byVersion.get(versionId);
        if (k == null) throw new IllegalStateException("class set " + versionId + " was never sent to this worker");
        return k.generation;
    }

    int generationCount() {
        return generations.size();
    }

    /** Class versions whose bytes this worker holds. */
    int heldClasses() {
        return bytesByHash.size();
    }

    int knownSets() {
        return byVersion.size();
    }

    private Generation generationFor(Map<String, String> set) {
        for (int i = generations.size() - 1; i >= 0; i--) {
            Generation g = generations.get(i);
            if (g.agreesWith(set)) {
                g.add(set);
                return g;
            }
        }
        Generation g = new Generation(generations.size() + 1, parent, bytesByHash);
        g.add(set);
        generations.add(g);
        return g;
    }

    /** Defines the notebook classes of one generation lazily, by name, from shipped bytes. */
    static final class Generation extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<String, byte[]> bytesByHash;

        Generation(int number, ClassLoader parent, Map<String, byte[]> bytesByHash) {
            super("notebook-classes-" + number, parent);
            this.bytesByHash = bytesByHash;
        }

        boolean agreesWith(Map<String, String> set) {
            for (Map.Entry<String, String> e : set.entrySet()) {
                String mine = hashes.get(e.getKey());
                if (mine != null && !mine.equals(e.getValue())) return false;
            }
            return true;
        }

        void add(Map<String, String> set) {
            hashes.putAll(set);
        }

        /** Lets go of {@code name} at {@code hash} unless it was defined (then it keeps its identity). */
        void forgetUndefined(String name, String hash) {
            synchronized (getClassLoadingLock(name)) {
                if (hash.equals(hashes.get(name)) && findLoadedClass(name) == null) hashes.remove(name);
            }
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            // Child first for notebook names, so a classpath class of the same name can never shadow one.
            if (!hashes.containsKey(name)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            String hash = hashes.get(name);
            byte[] bytes = hash == null ? null : bytesByHash.get(hash);
            if (bytes == null) throw new ClassNotFoundException(name);
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
