package javafutures.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a worker JVM: the kernel's own {@code java}, the kernel's classpath, JVM options (with the
 * worker class-data archive trained at install time, when there is one for this {@code java} and jar: see
 * {@link WorkerArchive}), then {@link javafutures.worker.WorkerMain}. Two launchers with the same
 * {@link #key()} make interchangeable workers (so a warm spare can be adopted). Jars the notebook adds are
 * not on this command line: every worker gets them over its pipe ({@link WorkerJars}), so adding one neither
 * changes the key nor needs new JVMs. Immutable, thread-safe.
 */
public final class WorkerLauncher {
    /**
     * Options every worker gets. Serial GC and no perf-data file start faster and fit many small JVMs on
     * few cores; out of memory ends the worker (a clear {@link WorkerDiedException}) instead of leaving it
     * half-broken; VM messages go to stderr so they can never corrupt the frame pipe. No {@code -Xshare}: its
     * default (auto) is what we want, and naming it forbids a JDK 25 AOT cache.
     */
    public static final List<String> BASE_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

    /**
     * Options by which the user chooses class-data sharing for themselves (the JVM refuses an AOT cache next
     * to most of them): with any of these among the extra options, the worker gets no archive from us.
     */
    private static final List<String> OWN_SHARING = List.of("-Xshare:", "-XX:SharedArchiveFile", "-XX:AOT",
            "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:DumpLoadedClassList",
            "-XX:SharedClassListFile");

    private final String java;
    private final String classpath;
    private final List<String> jvmArgs;
    /** Options of the archive for this java and classpath (before jvmArgs: the user's own win), or none. */
    private final List<String> archiveOptions;

    public WorkerLauncher(String java, String classpath, List<String> jvmArgs) {
        this.java = java;
        this.classpath = classpath;
        this.jvmArgs = List.copyOf(jvmArgs);
        WorkerArchive archive = ownSharing(this.jvmArgs) ? null
                : WorkerArchive.existing(java, effectiveClasspath(classpath, this.jvmArgs));
        this.archiveOptions = archive == null ? List.of() : archive.options();
    }

    private static boolean ownSharing(List<String> jvmArgs) {
        for (String a : jvmArgs) for (String o : OWN_SHARING) if (a.startsWith(o)) return true;
        return false;
    }

    /** The classpath the worker really gets: a {@code -cp} among the extra options replaces the kernel's. */
    static String effectiveClasspath(String classpath, List<String> jvmArgs) {
        String cp = classpath; // the last one wins, as with java itself
        for (int i = 0; i < jvmArgs.size(); i++) {
            String a = jvmArgs.get(i);
            if ((a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) && i + 1 < jvmArgs.size()) {
                cp = jvmArgs.get(++i);
            } else if (a.startsWith("--class-path=")) {
                cp = a.substring("--class-path=".length());
            }
        }
        return cp;
    }

    /** The kernel's java and classpath, and the given extra options. */
    public static WorkerLauncher forKernel(List<String> jvmArgs) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        return new WorkerLauncher(java, System.getProperty("java.class.path"), jvmArgs);
    }

    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(BASE_OPTIONS);
        cmd.addAll(archiveOptions);
        cmd.addAll(jvmArgs);
        cmd.add("javafutures.worker.WorkerMain");
        return cmd;
    }

    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** The options that make the worker use its class-data archive; empty when there is none. */
    public List<String> archiveOptions() {
        return archiveOptions;
    }

    /** Equal for launchers that start identical workers. */
    public String key() {
        return String.join("\u0000", command());
    }

    /** Starts a worker JVM; returns at once, before the JVM has booted. */
    public WorkerProcess start() throws IOException {
        return WorkerProcess.start(this);
    }
}
