package javafutures.eval;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytecode of every class JShell loaded into the kernel, as javac produced it (before the kernel
 * instruments it with stop checks), so that worker JVMs and cluster members can define the same classes.
 *
 * <p>A class redefined by a later cell gets a new version; {@link #snapshot()} gives a consistent view
 * of the classes as they are now, which a task captures at submit. Every class is kept for the session, old
 * versions too: JShell keeps them loaded (a lambda or object made by an early cell still runs them), so a
 * task may need any of them. Thread-safe.
 */
public final class SnippetClasses {
    /** One version of one class: its binary name, its bytes, and a content hash for caching. */
    public record ClassVersion(String name, byte[] bytes, String hash) {
    }

    private static final Map<String, ClassVersion> CURRENT = new ConcurrentHashMap<>();
    private static volatile ClassLoader loader;

    private SnippetClasses() {
    }

    /**
     * Records the bytes of a class as loaded or redefined now. The array is kept as given, not copied (the
     * kernel keeps every snippet class's bytes for the session, as JShell does): the caller must not change
     * it afterwards.
     */
    public static void record(String binaryName, byte[] bytes) {
        CURRENT.put(binaryName, new ClassVersion(binaryName, bytes, sha256(bytes)));
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
