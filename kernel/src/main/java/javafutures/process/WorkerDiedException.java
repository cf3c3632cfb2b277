package javafutures.process;

/**
 * The worker JVM running a task ended before the task did: {@code System.exit}, {@code Runtime.halt}, out of
 * memory, a crash, a kill, or a protocol violation. Only the tasks it was running fail with this; the pool
 * replaces the worker. Immutable.
 */
public final class WorkerDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long pid;
    private final int exitStatus;

    public WorkerDiedException(long pid, int exitStatus, String detail) {
        super("worker JVM pid " + pid + " died with exit status " + exitStatus + describe(exitStatus, detail)
                + " while running this task" + (detail == null || detail.isBlank() ? "" : ": " + detail.strip()));
        this.pid = pid;
        this.exitStatus = exitStatus;
    }

    public long pid() {
        return pid;
    }

    /** The process's exit status; 128 + n when it was ended by signal n. */
    public int exitStatus() {
        return exitStatus;
    }

    /** Words for an exit status; {@code detail} (the worker's last stderr line) tells out of memory from exit(3). */
    static String describe(int status, String detail) {
        if (status == 3 && detail != null && detail.contains("OutOfMemoryError")) return " (out of memory)";
        if (status == Frames.EXIT_PROTOCOL_ERROR) return " (it received a malformed frame)";
        if (status > 128 && status < 128 + 65) {
            int sig = status - 128;
            String name = switch (sig) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 2 -> "SIGINT";
                default -> "signal " + sig;
            };
            return " (killed by " + name + ")";
        }
        return "";
    }
}
