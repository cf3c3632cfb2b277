package javafutures.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a worker JVM: the kernel's own {@code java}, the kernel's classpath, JVM options, then
 * {@link javafutures.worker.WorkerMain}. Two launchers with the same {@link #key()} make interchangeable
 * workers (so a warm spare can be adopted). Jars the notebook adds are not on this command line: every
 * worker gets them over its pipe ({@link WorkerJars}), so adding one neither changes the key nor needs new
 * JVMs. Immutable, thread-safe.
 */
public final class WorkerLauncher {
    /**
     * Options every worker gets. Serial GC and no perf-data file start faster and fit many small JVMs on
     * few cores; out of memory ends the worker (a clear {@link WorkerDiedException}) instead of leaving it
     * half-broken; VM messages go to stderr so they can never corrupt the frame pipe.
     */
    public static final List<String> BASE_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Xshare:auto", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

    private final String java;
    private final String classpath;
    private final List<String> jvmArgs;

    public WorkerLauncher(String java, String classpath, List<String> jvmArgs) {
        this.java = java;
        this.classpath = classpath;
        this.jvmArgs = List.copyOf(jvmArgs);
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
        cmd.addAll(jvmArgs);
        cmd.add("javafutures.worker.WorkerMain");
        return cmd;
    }

    public List<String> jvmArgs() {
        return jvmArgs;
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
