package javafutures.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytecode of every class JShell loaded into the kernel, as javac produced it (before the kernel
 * instruments it with stop checks), so that worker JVMs and cluster members can define the same classes.
 *
 * <p>A class redefined by a later cell gets a new version; {@link #snapshot()} gives a consistent view
 * of the classes as they are now, which a task captures at submit. Thread-safe.
 */
public final class SnippetClasses {
    /** One version of one class: its binary name, its bytes, and a content hash for caching. */
    public record ClassVersion(String name, byte[] bytes, String hash) {
    }

    private static final Map<String, ClassVersion> CURRENT = new ConcurrentHashMap<>();
    private static volatile ClassLoader loader;

    private SnippetClasses() {
    }

    /** Records the bytes of a class as loaded or redefined now. */
    public static void record(String binaryName, byte[] bytes) {
        CURRENT.put(binaryName, new ClassVersion(binaryName, bytes.clone(), sha256(bytes)));
    }

    /** Remembers the class loader JShell defines snippet classes in (one per JShell instance). */
    static void recordLoader(ClassLoader snippetLoader) {
        loader = snippetLoader;
    }

    /**
     * The class loader of the notebook's snippet classes, or null before the first one is loaded: code
     * that reaches notebook classes by name from a kernel class (e.g. a process pool's map chunk, whose
     * own loader cannot see them) resolves them through it.
     */
    public static ClassLoader loader() {
        return loader;
    }

    /** The current version of a class, or null when JShell never loaded it. */
    public static ClassVersion get(String binaryName) {
        return CURRENT.get(binaryName);
    }

    /** An immutable copy of every class's current version. */
    public static Map<String, ClassVersion> snapshot() {
        return Map.copyOf(CURRENT);
    }

    static String sha256(byte[] bytes) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 12; i++) sb.append(String.format("%02x", d[i]));
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
