package javafutures.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How to start a worker JVM: the kernel's own {@code java}, the kernel's classpath plus jars added to the
 * kernel since, JVM options, then {@link javafutures.worker.WorkerMain}. Two launchers with the same
 * {@link #key()} make interchangeable workers (so a warm spare can be adopted). Immutable, thread-safe.
 */
public final class WorkerLauncher {
    /**
     * Options every worker gets. Serial GC and no perf-data file start faster and fit many small JVMs on
     * few cores; out of memory ends the worker (a clear {@link WorkerDiedException}) instead of leaving it
     * half-broken; VM messages go to stderr so they can never corrupt the frame pipe.
     */
    public static final List<String> BASE_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Xshare:auto", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr");

    private static final List<String> EXTRA_CLASSPATH = new CopyOnWriteArrayList<>();

    private final String java;
    private final String classpath;
    private final List<String> jvmArgs;

    public WorkerLauncher(String java, String classpath, List<String> jvmArgs) {
        this.java = java;
        this.classpath = classpath;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /** The kernel's java and current classpath (with added jars), and the given extra options. */
    public static WorkerLauncher forKernel(List<String> jvmArgs) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
        for (String extra : EXTRA_CLASSPATH) cp.append(File.pathSeparatorChar).append(extra);
        return new WorkerLauncher(java, cp.toString(), jvmArgs);
    }

    /** Puts a jar or directory the kernel added to its classpath on the classpath of workers started from now. */
    public static void addToClasspath(String path) {
        if (!EXTRA_CLASSPATH.contains(path)) EXTRA_CLASSPATH.add(path);
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
