package javafutures.process;

import java.io.PrintStream;
import java.util.List;

/**
 * Settings of a {@link WorkerPool}; a mutable builder, read once when the pool is made. Not thread-safe.
 */
public final class WorkerPoolConfig {
    int workers = Runtime.getRuntime().availableProcessors();
    WorkerLauncher launcher;
    PreparedTask initializer;
    int maxTasksPerWorker;
    int maxWindow = 16;
    WarmWorkers spares = WarmWorkers.shared();
    PrintStream log = System.err;

    /** Worker JVMs kept running (default: the number of processors). */
    public WorkerPoolConfig workers(int n) {
        if (n < 1) throw new IllegalArgumentException("workers must be at least 1, got " + n);
        this.workers = n;
        return this;
    }

    /** Extra JVM options for the workers, e.g. {@code -Xmx512m}. */
    public WorkerPoolConfig jvmArgs(List<String> args) {
        this.launcher = WorkerLauncher.forKernel(args);
        return this;
    }

    public WorkerPoolConfig launcher(WorkerLauncher launcher) {
        this.launcher = launcher;
        return this;
    }

    /** Runs once in each worker before its first task; if it fails the pool breaks (no retry loop). */
    public WorkerPoolConfig initializer(PreparedTask initializer) {
        this.initializer = initializer;
        return this;
    }

    /** A worker retires after this many tasks and is replaced; 0 means never. */
    public WorkerPoolConfig maxTasksPerWorker(int n) {
        if (n < 0) throw new IllegalArgumentException("maxTasksPerWorker must be 0 (unlimited) or more, got " + n);
        this.maxTasksPerWorker = n;
        return this;
    }

    /** Most tasks sent ahead to one worker when tasks are short (1 disables pipelining). */
    public WorkerPoolConfig maxWindow(int n) {
        this.maxWindow = Math.max(1, n);
        return this;
    }

    /** Where spare JVMs come from; null starts every worker cold. */
    public WorkerPoolConfig spares(WarmWorkers spares) {
        this.spares = spares;
        return this;
    }

    /** Where workers' raw stderr and stray output are logged (the kernel log). */
    public WorkerPoolConfig log(PrintStream log) {
        this.log = log;
        return this;
    }

    WorkerLauncher launcherOrDefault() {
        return launcher != null ? launcher : WorkerLauncher.forKernel(List.of());
    }
}
