package javafutures.cluster;

import javafutures.libraries.LibraryLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member's side of the notebook's jars: a cache of jar files named by their SHA-256 (in the temporary
 * directory, private to the user, kept across member restarts so a jar crosses the network once per
 * machine), and one {@link LibraryLoader} per kernel pool session, the parent of that session's notebook
 * classes. A cached file is trusted only after its hash was checked in this process. Thread-safe.
 */
final class MemberJars {
    private static final Map<String, LibraryLoader> LOADERS = new ConcurrentHashMap<>();
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();

    private MemberJars() {
    }

    static Path cache() throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "java-futures-jars-" + System.getProperty("user.name"));
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        return dir;
    }

    /** The loader of a session's jars (empty until the kernel sends a list). */
    static LibraryLoader loader(String session) {
        return LOADERS.computeIfAbsent(session, s -> new LibraryLoader("notebook-libraries"));
    }

    /** Keeps a jar's bytes; "" when stored, else why not. */
    static String store(String hash, byte[] bytes) throws IOException {
        if (!sha256(bytes).equals(hash)) return "bad hash for a jar of " + bytes.length + " bytes";
        Path dir = cache();
        Path target = dir.resolve(hash + ".jar");
        if (!Files.exists(target)) {
            Path tmp = Files.createTempFile(dir, hash, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        VERIFIED.add(hash);
        return "";
    }

    /** Puts the jars {@code order} names on the session's class path, in order; "" or the hashes missing. */
    static String use(String session, List<String> order) throws IOException {
        Path dir = cache();
        List<String> missing = new ArrayList<>();
        for (String h : order) {
            if (VERIFIED.contains(h)) continue;
            Path f = dir.resolve(h + ".jar");
            if (Files.isRegularFile(f) && sha256(Files.readAllBytes(f)).equals(h)) VERIFIED.add(h);
            else missing.add(h);
        }
        if (!missing.isEmpty()) return "missing " + String.join(" ", missing);
        LibraryLoader loader = loader(session);
        for (String h : order) loader.add(dir.resolve(h + ".jar"));
        return "";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
