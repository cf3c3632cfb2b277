package javafutures.eval;

/**
 * The thread group of one cell execution: the cell's thread and every thread it starts. Stopping a
 * cell flags its group; pool threads live in other groups and are never touched. Thread-safe.
 */
final class CellThreadGroup extends ThreadGroup {
    private volatile boolean stopRequested;

    CellThreadGroup(ThreadGroup parent, String name) {
        super(parent, name);
        // A daemon group leaves its parent when its last thread ends. On JDK 17 a parent holds its
        // subgroups strongly until then, so one non-daemon group per cell would be kept for the session
        // (JDK 19+ parents hold them weakly either way). The cell's thread is created in it at once, so the
        // group cannot empty before the cell starts.
        setDaemon(true);
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    void requestStop() {
        stopRequested = true;
    }
}
