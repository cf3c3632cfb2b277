package javafutures.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The class-data archive of one worker {@code java} started on one kernel jar: on JDK 25+ an AOT cache
 * ({@code -XX:AOTCache}, JEP 514: classes loaded and linked, method profiles), on JDK 17-24 a dynamic CDS
 * archive ({@code -XX:SharedArchiveFile}). {@link WorkerTraining} makes it at install time, next to the jar
 * in the kernelspec directory; {@link WorkerLauncher} adds it to a worker's command line only when it exists.
 *
 * <p>The file is named by the worker java's path and version (from its {@code release} file, so a JDK
 * upgraded in place gets a new name), so a launcher for another {@code java} never picks up an archive made
 * by this one. The JVM checks the rest itself: the archived classpath must be a prefix of the worker's
 * (extra jars after the kernel's are fine) and the jar unchanged; if not, the worker starts without the
 * archive. Its messages about that are turned off ({@link #options}): unified-logging warnings go to
 * stdout, the worker's frame stream. Immutable, thread-safe.
 *
 * @param file the archive
 * @param aot  true for an AOT cache, false for a dynamic CDS archive
 */
public record WorkerArchive(Path file, boolean aot) {
    /** The JDK version from which an AOT cache is trained in one step ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final int AOT_FROM = 25;
    static final String PREFIX = "java-futures-worker-";

    /**
     * The archive for workers started by {@code java} with {@code classpath}, whether or not it exists, or
     * null when there can be none: the classpath does not start with a jar, or {@code java}'s JDK has no
     * readable {@code release} file.
     */
    public static WorkerArchive of(String java, String classpath) {
        String first = classpath.split(File.pathSeparator, 2)[0];
        if (!first.endsWith(".jar")) return null;
        Path javaPath = Path.of(java).toAbsolutePath().normalize();
        try {
            javaPath = javaPath.toRealPath();
        } catch (IOException e) {
            return null;
        }
        String version = releaseVersion(javaPath);
        if (version == null) return null;
        CRC32 crc = new CRC32();
        crc.update(javaPath.toString().getBytes(StandardCharsets.UTF_8));
        boolean aot = major(version) >= AOT_FROM;
        String name = PREFIX + version + "-" + Long.toHexString(crc.getValue()) + (aot ? ".aot" : ".jsa");
        Path dir = Path.of(first).toAbsolutePath().getParent();
        return dir == null ? null : new WorkerArchive(dir.resolve(name), aot);
    }

    /** {@link #of}, when that archive exists; else null. */
    public static WorkerArchive existing(String java, String classpath) {
        WorkerArchive a = of(java, classpath);
        return a != null && Files.isRegularFile(a.file) ? a : null;
    }

    /** The options that make a worker use this archive, its warnings silenced. */
    public List<String> options() {
        return aot ? List.of("-XX:AOTCache=" + file, "-Xlog:aot*=off", "-Xlog:cds*=off")
                : List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds*=off");
    }

    /** The options that make a worker write this archive (to {@code out}) when it exits. */
    List<String> trainingOptions(Path out) {
        return aot ? List.of("-XX:AOTCacheOutput=" + out, "-Xlog:aot*=off", "-Xlog:cds*=off")
                : List.of("-XX:ArchiveClassesAtExit=" + out, "-Xlog:cds*=off");
    }

    /** JAVA_VERSION from the release file of the JDK that {@code java} (a real path, .../bin/java) belongs to. */
    private static String releaseVersion(Path java) {
        Path bin = java.getParent();
        Path home = bin == null ? null : bin.getParent();
        if (home == null) return null;
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    return v.matches("[0-9][0-9A-Za-z._+-]*") ? v : null;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
        return null;
    }

    static int major(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
